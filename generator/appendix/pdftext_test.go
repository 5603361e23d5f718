package appendix

import (
	"bytes"
	"cmp"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/baocao-vn/baocao/internal/testtool"
)

// This file reads a rendered appendix back the way a reader's software does: poppler's
// pdftotext -bbox gives every word with its box, from which the tests rebuild each column.

const ptPerMM = 72 / 25.4

// word is one word as pdftotext reads it, with its box in millimetres from the top left.
type word struct {
	page                   int
	text                   string
	xMin, yMin, xMax, yMax float64
}

var (
	pageRe = regexp.MustCompile(`<page width="([0-9.]+)" height="([0-9.]+)">`)
	wordRe = regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>`)
)

// renderFile renders doc into a file of the test's temporary directory.
func renderFile(t testing.TB, doc *Document) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, doc); err != nil {
		t.Fatalf("Render: %v", err)
	}
	path := filepath.Join(t.TempDir(), "appendix.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// readWords runs pdftotext -bbox on the file and returns its words page by page (pages from 1).
func readWords(t testing.TB, path string) (words []word, pages int) {
	t.Helper()
	out := testtool.Run(t, "pdftotext", "-q", "-bbox", path, "-")
	for _, ln := range strings.Split(out, "\n") {
		if pageRe.MatchString(ln) {
			pages++
			continue
		}
		m := wordRe.FindStringSubmatch(ln)
		if m == nil {
			continue
		}
		f := func(i int) float64 {
			v, err := strconv.ParseFloat(m[i], 64)
			if err != nil {
				t.Fatalf("bad coordinate in %q: %v", ln, err)
			}
			return v / ptPerMM
		}
		words = append(words, word{page: pages, text: norm.NFC.String(html.UnescapeString(m[5])),
			xMin: f(1), yMin: f(2), xMax: f(3), yMax: f(4)})
	}
	return words, pages
}

// edges are the x of the table's column rules, from the left.
type edges [7]float64

// column returns the column (0–5) that holds x, or -1.
func (e edges) column(x float64) int {
	for i := range 6 {
		if x >= e[i] && x < e[i+1] {
			return i
		}
	}
	return -1
}

// headerCut returns, for each page, the y at which the table's body starts: the bottom of the
// "(1)" of the numbering row under the column headings.
func headerCut(t testing.TB, e edges, words []word, pages int) []float64 {
	t.Helper()
	cut := make([]float64, pages+1)
	for _, w := range words {
		if w.text == "(1)" && e.column(w.xMin) == 0 && cut[w.page] == 0 {
			cut[w.page] = w.yMax
		}
	}
	for p := 1; p <= pages; p++ {
		if cut[p] == 0 {
			t.Errorf("page %d has no column numbering row", p)
		}
	}
	return cut
}

// inOrder sorts words into reading order within one column: by page, then by line (words
// whose vertical centres are within 2 mm), then left to right.
func inOrder(ws []word) []word {
	ws = slices.Clone(ws)
	mid := func(w word) float64 { return (w.yMin + w.yMax) / 2 }
	slices.SortStableFunc(ws, func(a, b word) int {
		if c := cmp.Compare(a.page, b.page); c != 0 {
			return c
		}
		if d := mid(a) - mid(b); d > 2 || d < -2 {
			return cmp.Compare(mid(a), mid(b))
		}
		return cmp.Compare(a.xMin, b.xMin)
	})
	return ws
}

// bodyColumns rebuilds the text of each table column below the headings, across pages.
func bodyColumns(t testing.TB, e edges, words []word, pages int) [6]string {
	t.Helper()
	cut := headerCut(t, e, words, pages)
	var cols [6][]word
	for _, w := range words {
		if w.yMin < cut[w.page] {
			continue
		}
		c := e.column(w.xMin)
		if c < 0 {
			t.Errorf("page %d: word %q at x=%.1f mm is outside the table", w.page, w.text, w.xMin)
			continue
		}
		cols[c] = append(cols[c], w)
	}
	var out [6]string
	for c, ws := range cols {
		var b strings.Builder
		for i, w := range inOrder(ws) {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(w.text)
		}
		out[c] = b.String()
	}
	return out
}

// fold collapses runs of white space, as a reader comparing texts would ignore them.
func fold(s string) string { return strings.Join(strings.Fields(norm.NFC.String(s)), " ") }

// expectedColumns is what each column of doc's table says, whitespace folded.
func expectedColumns(doc *Document) [6]string {
	var parts [6][]string
	for _, r := range doc.Rows {
		parts[0] = append(parts[0], r.Number)
		for _, p := range r.Parts {
			for c, paras := range p.Cells {
				for _, para := range paras {
					parts[c+1] = append(parts[c+1], para.Text)
				}
			}
		}
	}
	var out [6]string
	for c := range parts {
		out[c] = fold(strings.Join(parts[c], " "))
	}
	return out
}

// checkColumns compares the columns read back from the PDF with the document's, reporting the
// first difference in words so that a failure points at the lost or misplaced text.
func checkColumns(t *testing.T, doc *Document, got [6]string) {
	t.Helper()
	want := expectedColumns(doc)
	for c := range want {
		if got[c] == want[c] {
			continue
		}
		g, w := strings.Fields(got[c]), strings.Fields(want[c])
		i := 0
		for i < len(g) && i < len(w) && g[i] == w[i] {
			i++
		}
		t.Errorf("column %d differs at word %d: got %q…, want %q… (%d vs %d words)",
			c+1, i, strings.Join(g[i:min(i+8, len(g))], " "), strings.Join(w[i:min(i+8, len(w))], " "), len(g), len(w))
	}
}

// checkBounds checks that every word lies in the text area, except the page number in the top
// margin of pages 2.. and the stamp in the top margin of page 1.
func checkBounds(t *testing.T, doc *Document, words []word) {
	t.Helper()
	const tol = 0.3 // mm: pdftotext rounds the boxes of glyphs
	stamp := map[string]bool{}
	for _, s := range doc.Stamp {
		for _, f := range strings.Fields(norm.NFC.String(s)) {
			stamp[f] = true
		}
	}
	for _, w := range words {
		if w.yMax <= MarginTop+tol {
			switch {
			case w.page == 1 && stamp[w.text] && w.xMin >= MarginLeft:
			case w.page > 1 && w.text == strconv.Itoa(w.page):
			default:
				t.Errorf("page %d: word %q in the top margin (y %.1f–%.1f mm)", w.page, w.text, w.yMin, w.yMax)
			}
			continue
		}
		if w.xMin < MarginLeft-tol || w.xMax > PageWidth-MarginRight+tol ||
			w.yMin < MarginTop-tol || w.yMax > PageHeight-MarginBottom+tol {
			t.Errorf("page %d: word %q at [%.1f, %.1f] × [%.1f, %.1f] mm is outside the text area",
				w.page, w.text, w.xMin, w.xMax, w.yMin, w.yMax)
		}
	}
}

// checkHeaders checks that every page repeats the column headings and the numbering row once.
func checkHeaders(t *testing.T, e edges, doc *Document, words []word, pages int) {
	t.Helper()
	cut := headerCut(t, e, words, pages)
	var heads [][6][]word
	heads = make([][6][]word, pages+1)
	for _, w := range words {
		if w.yMin >= cut[w.page] || w.yMax <= MarginTop {
			continue
		}
		if c := e.column(w.xMin); c >= 0 && w.yMin > cut[w.page]-60 {
			heads[w.page][c] = append(heads[w.page][c], w)
		}
	}
	for p := 1; p <= pages; p++ {
		for c := range 6 {
			var got []string
			for _, w := range inOrder(heads[p][c]) {
				got = append(got, w.text)
			}
			want := fold(doc.Headers[c] + " (" + strconv.Itoa(c+1) + ")")
			// Page 1 also has the headings above the table, which end before the column
			// headings start; keep only the last words.
			g := strings.Join(got, " ")
			if p == 1 && strings.HasSuffix(g, " "+want) {
				continue
			}
			if g != want {
				t.Errorf("page %d, column %d heading: got %q, want %q", p, c+1, g, want)
			}
		}
	}
}

// checkPageNumbers checks that pages 2.. show their number centred in the top margin, about
// 10 mm from the top, and page 1 shows none.
func checkPageNumbers(t *testing.T, words []word, pages int) {
	t.Helper()
	found := make([]int, pages+1)
	for _, w := range words {
		if w.yMax > MarginTop {
			continue
		}
		n, err := strconv.Atoi(w.text)
		if err != nil {
			continue
		}
		if w.page == 1 {
			t.Errorf("page 1 shows a number %q in its top margin", w.text)
			continue
		}
		if n != w.page {
			t.Errorf("page %d is numbered %d", w.page, n)
		}
		if mid := (w.yMin + w.yMax) / 2; mid < 7 || mid > 13 {
			t.Errorf("page %d: number centred %.1f mm from the top, want about 10", w.page, mid)
		}
		if mid, want := (w.xMin+w.xMax)/2, MarginLeft+TextWidth/2; mid < want-2 || mid > want+2 {
			t.Errorf("page %d: number centred at x=%.1f mm, want %.1f", w.page, mid, want)
		}
		found[w.page]++
	}
	for p := 2; p <= pages; p++ {
		if found[p] != 1 {
			t.Errorf("page %d shows its number %d times, want once", p, found[p])
		}
	}
}

// checkFill checks that no page but the last leaves a hole at its foot: the lowest word of the
// table body is within limit millimetres of the bottom margin.
func checkFill(t *testing.T, words []word, pages int, limit float64) {
	t.Helper()
	low := make([]float64, pages+1)
	for _, w := range words {
		low[w.page] = max(low[w.page], w.yMax)
	}
	for p := 1; p < pages; p++ {
		if gap := PageHeight - MarginBottom - low[p]; gap > limit {
			t.Errorf("page %d ends %.1f mm above the bottom margin (limit %.0f mm)", p, gap, limit)
		}
	}
}

var (
	contentsRe = regexp.MustCompile(`%% Contents for page (\d+)`)
	strokeRe   = regexp.MustCompile(`(?m)^([0-9.]+) G$|([0-9.]+) ([0-9.]+) m ([0-9.]+) ([0-9.]+) l S`)
)

// segment is a straight black rule, in millimetres from the top left.
type rule struct{ x1, y1, x2, y2 float64 }

// readRules returns the black rules drawn on each page (pages from 1), read from the content
// streams that qpdf decompresses.
func readRules(t *testing.T, path string) [][]rule {
	t.Helper()
	out := filepath.Join(t.TempDir(), "qdf.pdf")
	testtool.Run(t, "qpdf", "--qdf", "--object-streams=disable", "--stream-data=uncompress", path, out)
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	marks := contentsRe.FindAllStringSubmatchIndex(text, -1)
	rules := make([][]rule, len(marks)+1)
	for i, m := range marks {
		page, _ := strconv.Atoi(text[m[2]:m[3]])
		end := len(text)
		if i+1 < len(marks) {
			end = marks[i+1][0]
		}
		black := true
		for _, s := range strokeRe.FindAllStringSubmatch(text[m[1]:end], -1) {
			if s[1] != "" {
				black = s[1] == "0.000" || s[1] == "0"
				continue
			}
			if !black {
				continue
			}
			v := func(i int) float64 { f, _ := strconv.ParseFloat(s[i], 64); return f / ptPerMM }
			rules[page] = append(rules[page], rule{v(2), PageHeight - v(3), v(4), PageHeight - v(5)})
		}
	}
	return rules
}

// checkRules checks that on every page the table is boxed: each column rule runs unbroken
// from the numbering row down to below the lowest line of text, and a full-width rule closes
// the table under that line.
func checkRules(t *testing.T, e edges, path string, words []word, pages int) {
	t.Helper()
	const tol = 0.1
	rules := readRules(t, path)
	if len(rules) != pages+1 {
		t.Fatalf("qpdf shows content for %d pages, want %d", len(rules)-1, pages)
	}
	cut := headerCut(t, e, words, pages)
	low := make([]float64, pages+1)
	for _, w := range words {
		low[w.page] = max(low[w.page], w.yMax)
	}
	for p := 1; p <= pages; p++ {
		for _, edge := range e {
			var spans [][2]float64
			for _, r := range rules[p] {
				if r.x1-edge < tol && edge-r.x1 < tol && r.x2-edge < tol && edge-r.x2 < tol {
					spans = append(spans, [2]float64{min(r.y1, r.y2), max(r.y1, r.y2)})
				}
			}
			if !covers(spans, cut[p], low[p]) {
				t.Errorf("page %d: the rule at x=%.0f mm does not run from %.1f to %.1f mm", p, edge, cut[p], low[p])
			}
		}
		closed := false
		for _, r := range rules[p] {
			if r.y1 == r.y2 && r.y1 >= low[p] && r.x1 <= MarginLeft+tol && r.x2 >= PageWidth-MarginRight-tol {
				closed = true
			}
		}
		if !closed {
			t.Errorf("page %d: no full-width rule closes the table below %.1f mm", p, low[p])
		}
	}
}

// covers reports whether the union of spans holds [from, to] without a gap.
func covers(spans [][2]float64, from, to float64) bool {
	slices.SortFunc(spans, func(a, b [2]float64) int { return cmp.Compare(a[0], b[0]) })
	reach := from
	for _, s := range spans {
		if s[0] > reach+0.05 {
			break
		}
		reach = max(reach, s[1])
	}
	return reach >= to
}

var partTag = regexp.MustCompile(`-(\d+\.\d+)\.\d+-[bc]?\d+$`)

// checkWidows checks, for a document whose words carry their row and part ("-row.part.col-n"),
// that a part split across pages leaves at least two lines on each page it spans.
func checkWidows(t *testing.T, words []word) {
	t.Helper()
	type piece struct {
		part string
		page int
	}
	lines := map[piece]map[int]bool{}
	pagesOf := map[string]map[int]bool{}
	for _, w := range words {
		m := partTag.FindStringSubmatch(w.text)
		if m == nil {
			continue
		}
		k := piece{m[1], w.page}
		if lines[k] == nil {
			lines[k] = map[int]bool{}
		}
		lines[k][int((w.yMin+w.yMax)/2)] = true
		if pagesOf[m[1]] == nil {
			pagesOf[m[1]] = map[int]bool{}
		}
		pagesOf[m[1]][w.page] = true
	}
	for k, ls := range lines {
		if len(pagesOf[k.part]) > 1 && len(ls) < minLines {
			t.Errorf("part %s: %d line(s) on page %d, split parts keep at least %d", k.part, len(ls), k.page, minLines)
		}
	}
}
