package appendix

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/baocao-vn/baocao/internal/testtool"
)

// vocabulary gives generated documents real Vietnamese words, with their diacritics.
var vocabulary = strings.Fields("cải cách hành chính tiêu chí thẩm định đánh giá điểm khắc phục tồn tại hạn chế " +
	"thường xuyên tuyên truyền sáng kiến văn bản quy phạm pháp luật dịch vụ công trực tuyến mức độ hồ sơ " +
	"lưu trữ Cổng thông tin điện tử Sở Ngoại vụ phòng đơn vị triển khai thực hiện đôn đốc kiểm tra")

// numbered returns n words, each carrying its index so that order can be checked.
func numbered(rng *rand.Rand, prefix string, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s%s%d", vocabulary[rng.IntN(len(vocabulary))], prefix, i)
	}
	return b.String()
}

// bigDocument generates rows rows of one to four parts with cells of varied length; every
// seventeenth row has a part taller than a page.
func bigDocument(rows int) *Document {
	rng := rand.New(rand.NewPCG(1, 2))
	doc := seedDocument()
	doc.Rows = nil
	for i := range rows {
		row := Row{Number: strconv.Itoa(i + 1)}
		for j := range 1 + rng.IntN(4) {
			var p Part
			for c := range p.Cells {
				n := rng.IntN([5]int{24, 18, 4, 12, 3}[c])
				if c == 0 && i%17 == 5 && j == 0 {
					n = 420
				}
				tag := fmt.Sprintf("-%d.%d.%d-", i+1, j, c)
				text := numbered(rng, tag, n)
				if c == 4 {
					// The notes column is narrow: short words, so that none has to be broken.
					text = strings.Join(strings.Fields(strings.Repeat("đã có ", n))[:n], " ")
				}
				if n > 0 {
					p.Cells[c] = []Para{{Text: text, Bold: c == 0 && j == 0, Center: c == 2}}
				}
				if c == 3 && rng.IntN(3) == 0 {
					p.Cells[c] = append(p.Cells[c], Para{Text: numbered(rng, tag+"b", 5) + "\n" + numbered(rng, tag+"c", 3), Italic: true})
				}
			}
			row.Parts = append(row.Parts, p)
		}
		doc.Rows = append(doc.Rows, row)
	}
	return doc
}

// longCellDocument has one row whose criterion cell holds words words.
func longCellDocument(words int) *Document {
	doc := seedDocument()
	doc.Stamp = nil
	doc.Rows = []Row{{Number: "1", Parts: []Part{{Cells: [5][]Para{
		{{Text: numbered(rand.New(rand.NewPCG(3, 4)), "-", words)}},
		{{Text: "Thường xuyên rà soát"}},
	}}}}}
	return doc
}

func TestSeedAppendix(t *testing.T) {
	doc := seedDocument()
	rd := readBackChecked(t, doc)
	if rd.pages < 2 {
		t.Fatalf("the seed appendix has %d page(s); it cannot fit on one", rd.pages)
	}
	for _, want := range []string{"Producer:        " + Producer, "Author:          Sở Ngoại vụ tỉnh Hà Tĩnh", "Title:           PHỤ LỤC KẾT QUẢ"} {
		if !strings.Contains(rd.info, want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, rd.info)
		}
	}
	words, n := rd.words, rd.pages
	checkHeadings(t, doc, words)
	checkStamp(t, doc, words)
	testtool.Golden(t, filepath.Join("testdata", "seed.golden"), pageText(rd.edges, words, n))
}

// readBack is a rendered appendix as its readers see it, already checked the way every
// appendix must pass: A4 landscape pages, embedded subset fonts, qpdf --check clean, each column's
// text equal to the document's, box rules closed, nothing outside the text area, headers and page
// numbers on the right pages.
type readBack struct {
	path, info string
	pages      int
	words      []word
	cols       [6]string
	edges      edges // the column rules the plan chose, where the columns are read
}

func readBackChecked(t *testing.T, doc *Document) readBack {
	t.Helper()
	rd := readBack{path: renderFile(t, doc), edges: edges(testPlan(t, doc, Options{}).edge)}
	rd.info = testtool.Run(t, "pdfinfo", "-f", "1", "-l", "100000", rd.path)
	rd.pages = checkPageSizes(t, rd.info)
	checkFonts(t, rd.path)
	if out := testtool.Run(t, "qpdf", "--check", rd.path); !strings.Contains(out, "No syntax or stream encoding errors found") {
		t.Errorf("qpdf --check:\n%s", out)
	}
	var n int
	rd.words, n = readWords(t, rd.path)
	if n != rd.pages {
		t.Fatalf("pdftotext read %d pages, pdfinfo %d", n, rd.pages)
	}
	rd.cols = bodyColumns(t, rd.edges, rd.words, n)
	checkColumns(t, doc, rd.cols)
	checkRules(t, rd.edges, rd.path, rd.words, n)
	checkBounds(t, doc, rd.words)
	checkHeaders(t, rd.edges, doc, rd.words, n)
	checkPageNumbers(t, rd.words, n)
	return rd
}

func TestLargeDocuments(t *testing.T) {
	tests := []struct {
		name     string
		doc      *Document
		minPages int
		// fill is the most a page but the last may leave empty under its last word, in mm;
		// 0 leaves it to the plan's tests, where a heading chain taller than a page's foot
		// may rightly move to the next page (TestPlanRules checks that it could not start).
		fill float64
	}{
		{"200 rows", bigDocument(200), 40, 25},
		{"200 rows with headings", withHeadings(bigDocument(200)), 40, 0},
		{"5000-word cell", longCellDocument(5000), 15, 25},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd := readBackChecked(t, tt.doc)
			path, words, n := rd.path, rd.words, rd.pages
			if n < tt.minPages {
				t.Errorf("%d pages, want at least %d", n, tt.minPages)
			}
			if tt.fill > 0 {
				checkFill(t, words, n, tt.fill)
			}
			checkWidows(t, words)
			if got := strings.Count(testtool.Run(t, "pdftotext", "-q", "-raw", path, "-"), "(6)"); got != n {
				t.Errorf("the numbering row appears %d times in %d pages", got, n)
			}
		})
	}
}

// TestKeepWithNext moves a heading part down the page line by line and checks that it is
// never printed on a page without the first lines of the part it introduces.
func TestKeepWithNext(t *testing.T) {
	for filler := 14; filler <= 24; filler++ {
		t.Run(strconv.Itoa(filler), func(t *testing.T) {
			doc := seedDocument()
			doc.Stamp = nil
			doc.Rows = []Row{
				{Number: "1", Parts: []Part{part([]Para{plain(strings.Repeat("đệm ", 10*filler))}, "", "", "", "")}},
				{Number: "2", Parts: []Part{
					heading(strong("Tiêu chí 7.2: Áp dụng ISO 9001:2015 HEADMARK")),
					part([]Para{plain("NEXTMARK " + strings.Repeat("tiếp ", 60))}, "", "", "", ""),
				}},
			}
			words, _ := readWords(t, renderFile(t, doc))
			page := map[string]int{}
			for _, w := range words {
				page[w.text] = w.page
			}
			if page["HEADMARK"] == 0 || page["HEADMARK"] != page["NEXTMARK"] {
				t.Errorf("heading on page %d, the part it introduces on page %d", page["HEADMARK"], page["NEXTMARK"])
			}
		})
	}
}

// TestLongWord checks that a word too wide for its column widens the column rather than being
// broken, and that a word wider than the widest the column can be is broken between
// characters, without a hyphen and without losing any.
func TestLongWord(t *testing.T) {
	const url = "danhgia.hatinh.gov.vn/muc-do-4"
	huge := strings.Repeat("dichvucong.hatinh.gov.vn/", 8)
	for _, tt := range []struct {
		name, note string
		broken     bool
	}{
		{"fits once widened", url, false},
		{"wider than the column can be", huge, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc := seedDocument()
			doc.Rows = []Row{{Number: "1", Parts: []Part{part([]Para{plain("Cổng " + url)}, "", "", "", tt.note)}}}
			e := edges(testPlan(t, doc, Options{}).edge)
			if w := e[6] - e[5]; w <= DefaultWidths[5] {
				t.Errorf("notes column %.1f mm wide; a word wider than %.0f mm must widen it", w, DefaultWidths[5])
			}
			words, pages := readWords(t, renderFile(t, doc))
			cols := bodyColumns(t, e, words, pages)
			if got := strings.ReplaceAll(cols[5], " ", ""); got != tt.note {
				t.Errorf("notes column reads %q, want %q", cols[5], tt.note)
			}
			if got := strings.Contains(cols[5], " "); got != tt.broken {
				t.Errorf("notes column %q: word broken = %v, want %v", cols[5], got, tt.broken)
			}
			if cols[1] != "Cổng "+url {
				t.Errorf("criterion column reads %q; the word fits there and must not be broken", cols[1])
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	render := func(doc *Document) []byte {
		var buf bytes.Buffer
		if err := Render(&buf, doc); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	a, b := render(seedDocument()), render(seedDocument())
	if !bytes.Equal(a, b) {
		t.Fatalf("two renders of the same Document differ (%d and %d bytes)", len(a), len(b))
	}
	// Text typed in decomposed form (NFD, as some keyboards and PDFs give it) must print
	// exactly as its precomposed form.
	nfd := seedDocument()
	nfd.Title = norm.NFD.String(nfd.Title)
	nfd.Rows[0].Parts[1].Cells[1][0].Text = norm.NFD.String(nfd.Rows[0].Parts[1].Cells[1][0].Text)
	nfd.Stamp[1] = norm.NFD.String(nfd.Stamp[1])
	if nfd.Title == seedDocument().Title {
		t.Fatal("test is broken: the NFD title equals the NFC one")
	}
	if c := render(nfd); !bytes.Equal(a, c) {
		t.Errorf("a Document in NFD renders differently from the same in NFC")
	}
	if bytes.Contains(a, []byte("FPDF")) {
		t.Errorf("the PDF names the library's version; the producer must be fixed")
	}
	for _, want := range []string{"/CreationDate (D:20220914150405)", "/ModDate (D:20220914150405)"} {
		if !bytes.Contains(a, []byte(want)) {
			t.Errorf("the PDF lacks %s", want)
		}
	}
}

func TestRenderErrors(t *testing.T) {
	ok := seedDocument()
	noDate := seedDocument()
	noDate.Created = time.Time{}
	tests := []struct {
		name string
		opt  Options
		doc  *Document
		want string
	}{
		{"nil document", Options{}, nil, "nil Document"},
		{"no date", Options{}, noDate, ErrNoDate.Error()},
		{"widths do not sum", Options{Widths: [6]float64{12, 88, 62, 28, 46, 10}}, ok, "sum to 246.00 mm"},
		{"narrow column", Options{Widths: [6]float64{2, 98, 62, 28, 46, 16}}, ok, "column 1 is 2.0 mm wide"},
		{"font too large", Options{FontSize: 30}, ok, "font size 30.0 pt"},
		{"headings fill the page", Options{}, func() *Document {
			d := seedDocument()
			d.Headers[5] = strings.Repeat("chú ", 200)
			return d
		}(), "no room for the table"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := tt.opt.Render(&buf, tt.doc)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got error %v, want one containing %q", err, tt.want)
			}
			if buf.Len() != 0 {
				t.Errorf("%d bytes written despite the error", buf.Len())
			}
		})
	}
	if err := Render(new(bytes.Buffer), noDate); !errors.Is(err, ErrNoDate) {
		t.Errorf("got %v, want ErrNoDate", err)
	}
}

func TestOptions(t *testing.T) {
	doc := seedDocument()
	var a, b bytes.Buffer
	if err := Render(&a, doc); err != nil {
		t.Fatal(err)
	}
	if err := (Options{Widths: DefaultWidths, FontSize: 12}).Render(&b, doc); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the zero Options differ from the explicit defaults")
	}
	if out, err := (Options{}).Bytes(doc); err != nil || !bytes.Equal(out, a.Bytes()) {
		t.Errorf("Bytes gives %d bytes, %v; Render wrote %d", len(out), err, a.Len())
	}
	if _, err := (Options{}).Bytes(nil); err == nil {
		t.Error("Bytes of a nil Document: no error")
	}
	var c bytes.Buffer
	if err := (Options{FontSize: 11}).Render(&c, doc); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Error("FontSize 11 renders as 12")
	}
}

// checkPageSizes checks that every page pdfinfo lists is A4 landscape and returns the count.
func checkPageSizes(t *testing.T, info string) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindStringSubmatch(info)
	if m == nil {
		t.Fatalf("pdfinfo gives no page count:\n%s", info)
	}
	pages, _ := strconv.Atoi(m[1])
	sizes := regexp.MustCompile(`(?m)^Page\s+\d+ size:\s+([0-9.]+) x ([0-9.]+) pts`).FindAllStringSubmatch(info, -1)
	if len(sizes) != pages {
		t.Fatalf("pdfinfo lists %d page sizes for %d pages", len(sizes), pages)
	}
	for i, s := range sizes {
		w, _ := strconv.ParseFloat(s[1], 64)
		h, _ := strconv.ParseFloat(s[2], 64)
		if fmt.Sprintf("%.0f x %.0f", w, h) != "842 x 595" {
			t.Errorf("page %d is %s x %s pts, want 842 x 595 (A4 landscape)", i+1, s[1], s[2])
		}
	}
	return pages
}

// checkFonts checks with pdffonts that every font is embedded as a subset, and that they are
// the Liberation Serif faces.
func checkFonts(t *testing.T, path string) {
	t.Helper()
	out := testtool.Run(t, "pdffonts", path)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no font:\n%s", out)
	}
	subset := regexp.MustCompile(`^[A-Z]{6}\+LiberationSerif(-Bold|-Italic|-BoldItalic)?\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes\s`)
	for _, ln := range lines[2:] {
		if !subset.MatchString(ln) {
			t.Errorf("pdffonts: font not an embedded Liberation Serif subset: %q", ln)
		}
	}
}

// checkHeadings checks the heading lines above the table on page 1, centred.
func checkHeadings(t *testing.T, doc *Document, words []word) {
	t.Helper()
	var top []word
	for _, w := range words {
		if w.page == 1 && w.yMin > MarginTop-0.5 && w.yMax < 80 {
			top = append(top, w)
		}
	}
	var got []string
	for _, w := range inOrder(top) {
		got = append(got, w.text)
	}
	want := fold(strings.Join([]string{doc.Heading, doc.Title, doc.Subtitle, doc.AsOf}, " "))
	if g := strings.Join(got, " "); !strings.HasPrefix(g, want) {
		t.Errorf("page 1 headings:\ngot  %q\nwant %q", g, want)
	}
	for _, w := range top {
		if w.text == "PHỤ" {
			// "PHỤ LỤC" is centred: its first word starts left of the centre by about its width.
			if c := MarginLeft + TextWidth/2; w.xMin > c || w.xMin < c-25 {
				t.Errorf("PHỤ LỤC starts at x=%.1f mm, not centred on %.1f", w.xMin, c)
			}
		}
	}
}

// checkStamp checks that the stamp's lines are in the top margin of page 1, right-aligned
// to the text area and above the heading.
func checkStamp(t *testing.T, doc *Document, words []word) {
	t.Helper()
	var in []word
	for _, w := range words {
		if w.page == 1 && w.yMax <= MarginTop {
			in = append(in, w)
		}
	}
	var got []string
	right := 0.0
	for _, w := range inOrder(in) {
		got = append(got, w.text)
		right = max(right, w.xMax)
	}
	if g, want := strings.Join(got, " "), fold(strings.Join(doc.Stamp, " ")); g != want {
		t.Errorf("stamp: got %q, want %q", g, want)
	}
	if edge := PageWidth - MarginRight; right > edge || right < edge-10 {
		t.Errorf("stamp text ends at x=%.1f mm, want just inside the right edge %.0f", right, edge)
	}
}

// pageText lists, page by page and column by column, the words of the table body: a golden
// record of where the layout breaks rows.
func pageText(e edges, words []word, pages int) string {
	var b strings.Builder
	for p := 1; p <= pages; p++ {
		var ws []word
		for _, w := range words {
			if w.page == p {
				ws = append(ws, w)
			}
		}
		fmt.Fprintf(&b, "=== page %d\n", p)
		var cols [7][]string
		for _, w := range inOrder(ws) {
			cols[e.column(w.xMin)+1] = append(cols[e.column(w.xMin)+1], w.text)
		}
		for c, t := range cols {
			if len(t) > 0 {
				label := "outside"
				if c > 0 {
					label = "column " + strconv.Itoa(c)
				}
				fmt.Fprintf(&b, "%s: %s\n", label, strings.Join(t, " "))
			}
		}
	}
	return b.String()
}

func BenchmarkRenderSeed(b *testing.B) {
	doc := seedDocument()
	b.ReportAllocs()
	for b.Loop() {
		if err := Render(new(bytes.Buffer), doc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRender200Rows(b *testing.B) {
	doc := bigDocument(200)
	b.ReportAllocs()
	for b.Loop() {
		if err := Render(new(bytes.Buffer), doc); err != nil {
			b.Fatal(err)
		}
	}
}
