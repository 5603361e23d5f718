package generator

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/baocao-vn/baocao/generator/score"
	"github.com/baocao-vn/baocao/internal/testtool"
)

// vietnameseLetters returns the 134 precomposed Vietnamese letters (đ and every vowel with
// every tone, upper and lower case) that are not plain ASCII.
func vietnameseLetters() []string {
	var out []string
	tones := []string{"", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"} // huyền, sắc, ngã, hỏi, nặng
	for _, v := range []string{"a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"} {
		for _, t := range tones {
			l := norm.NFC.String(v + t)
			if len(l) > 1 { // not ASCII
				out = append(out, l, strings.ToUpper(l))
			}
		}
	}
	return append(out, "đ", "Đ")
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// extreme describes a valid dataset at the edges of what check accepts.
type extreme struct {
	lost      int // criteria that lost points, spread over fields 1–7
	depth     int // levels of the deepest criterion id under field 7 (7.1.1.1.1.1 is 6)
	longCell  int // characters of one progress cell
	longWords int // or words of it
	number    string
	rows      bool // name every criterion below a field as an appendix row of its own
}

// words returns n words taken from the Vietnamese letters, some with tabs and blank lines.
func words(r *rand.Rand, n int) string {
	letters := vietnameseLetters()
	var b strings.Builder
	for i := range n {
		if i > 0 {
			switch r.IntN(40) {
			case 0:
				b.WriteString("\n\n")
			case 1:
				b.WriteString("\t")
			default:
				b.WriteByte(' ')
			}
		}
		for range 1 + r.IntN(7) {
			b.WriteString(letters[r.IntN(len(letters))])
		}
	}
	return b.String()
}

// chars returns a text of n characters (runes).
func chars(r *rand.Rand, n int) string {
	var b []rune
	for len(b) < n {
		b = append(b, []rune(words(r, 50))...)
		b = append(b, ' ')
	}
	return strings.TrimSpace(string(b[:n]))
}

// build writes the dataset as TOML.
func (e extreme) build(seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 1))
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	w("[document]")
	w("parent_body = %s", tomlString("UBND TỈNH "+strings.ToUpper(words(r, 2))))
	w("issuing_body = %s", tomlString("SỞ "+strings.ToUpper(strings.Join(vietnameseLetters()[:20], ""))))
	w("issuing_body_name = %s", tomlString("Sở "+strings.Join(vietnameseLetters(), "")))
	w("number = %s", tomlString(e.number))
	w(`code = "BC-STP"`)
	w(`place = "Hà Tĩnh"`)
	w("date = 2023-01-05")
	w(`type_name = "BÁO CÁO"`)
	w("subject = %s", tomlString("Việc khắc phục\t"+words(r, 30)+"\n\n"+words(r, 5)))
	w("[signer]\nauthority = \"KT.\"\nprincipal = \"GIÁM ĐỐC\"\ntitle = \"PHÓ GIÁM ĐỐC\"")
	w("name = %s", tomlString(strings.Join(vietnameseLetters()[:30], "")))
	w("[recipients]\nto = [%s, %s]\narchive = \"VT\"", tomlString(words(r, 3)), tomlString(words(r, 40)))
	w("[report]\nopening = %s\nclosing = %s", tomlString(words(r, 200)), tomlString(words(r, 10)))
	w("[[report.sections]]\ntitle = %s", tomlString(words(r, 12)))
	w("  [[report.sections.blocks]]\n  text = %s", tomlString(words(r, 300)))
	w("  [[report.sections.blocks]]\n  items = [%s, %s]", tomlString(words(r, 3)), tomlString(words(r, 80)))
	w("[appendix]\ntitle = %s\nas_of = 2024-03-04\nplan = %s", tomlString(words(r, 15)), tomlString(words(r, 8)))
	head := b.String()
	b.Reset()
	var rows []string

	maxes := []string{"11", "10.25", "13.50", "10.00", "12.75", "9.00", "13.50"}
	per := e.lost / 7
	for f := 1; f <= 7; f++ {
		w("[[fields]]\nid = \"%d\"\nname = %s\nmax = %s", f, tomlString(words(r, 6)), maxes[f-1])
		n := per
		if f == 7 {
			n = e.lost - 6*per
		}
		if f == 1 && n > 0 {
			w("  [[fields.criteria]]\n  id = \"1.2\"\n  name = %s\n  max = 1.50\n  rule.kind = \"completion\"", tomlString(words(r, 8)))
			rows = append(rows, `"1.2"`)
			n--
		}
		if f == 7 && e.depth > 2 && n > 0 {
			// One chain of criteria e.depth levels deep, each a single child of the one above.
			id := "7.9"
			rows = append(rows, fmt.Sprintf("%q", id))
			w("  [[fields.criteria]]\n  id = %q\n  name = %s\n  max = 1.00", id, tomlString(words(r, 5)))
			table := "fields.criteria"
			for d := 3; d <= e.depth; d++ {
				id += ".1"
				table += ".criteria"
				w("  [[%s]]\n  id = %q\n  name = %s\n  max = 1.00", table, id, tomlString(words(r, 5)))
			}
			w("  score = 0.25\n  reason = %s", tomlString("Đạt {diem}/{toi_da}.\n\n\t"+words(r, 20)))
			n--
		}
		for i := range n {
			id := fmt.Sprintf("%d.%d", f, 20+i)
			rows = append(rows, fmt.Sprintf("%q", id))
			w("  [[fields.criteria]]\n  id = %q\n  name = %s\n  max = 0.02\n  score = 0.01", id, tomlString(words(r, 10)))
			w("  reason = %s\n  remedy = %s\n  deadline = %s", tomlString(words(r, 30)), tomlString(words(r, 25)), tomlString("Quý IV/2024"))
			progress := words(r, 20)
			if f == 2 && i == 0 {
				switch {
				case e.longCell > 0:
					progress = chars(r, e.longCell)
				case e.longWords > 0:
					progress = words(r, e.longWords)
				}
			}
			w("  progress = %s\n  note = %s", tomlString(progress), tomlString("03/QC-STP-VP ngày 10/02/2024"))
		}
	}
	if e.rows {
		head += "rows = [" + strings.Join(rows, ", ") + "]\n"
	}
	return head + b.String()
}

// Whatever check accepts, render renders: valid datasets at the edges of the format give the
// report, the appendix and the workbook without error.
func TestExtremeDatasetsRender(t *testing.T) {
	if testing.Short() {
		t.Skip("renders large documents")
	}
	if n := len(vietnameseLetters()); n != 134 {
		t.Fatalf("%d Vietnamese letters, want 134", n)
	}
	cases := []struct {
		name string
		extreme
	}{
		{"no deductions", extreme{}},
		{"500 appendix parts, ids six levels deep", extreme{lost: 500, depth: 6, number: "7"}},
		{"500 numbered appendix rows", extreme{lost: 500, depth: 6, rows: true}},
		{"a cell of 50,000 characters", extreme{lost: 14, depth: 4, longCell: 50000}},
		{"a progress cell of 1,234 words", extreme{lost: 8, longWords: 1234, number: "07"}},
	}
	// And datasets drawn at random between those edges.
	r := rand.New(rand.NewPCG(10, 10))
	for i := range 6 {
		e := extreme{lost: r.IntN(80), depth: 2 + r.IntN(5), rows: r.IntN(2) == 0, number: strconv.Itoa(r.IntN(12))}
		if r.IntN(2) == 0 {
			e.longWords = r.IntN(3000)
		}
		cases = append(cases, struct {
			name string
			extreme
		}{fmt.Sprintf("random %d: %+v", i, e), e})
	}
	for _, e := range cases {
		t.Run(e.name, func(t *testing.T) {
			src := e.build(uint64(len(e.name)))
			p, err := Prepare(e.name+".toml", []byte(src))
			if err != nil {
				t.Fatalf("check refuses the dataset: %v", err)
			}
			files, err := p.Render(Options{})
			if err != nil {
				t.Fatalf("check accepts the dataset, render fails: %v", err)
			}
			for _, f := range files {
				if len(f.Data) == 0 {
					t.Errorf("%s is empty", f.Name)
				}
			}
			lost := 0
			var walk func(n *score.Node)
			walk = func(n *score.Node) {
				if len(n.Children) == 0 && n.LostPoints() {
					lost++
				}
				for _, ch := range n.Children {
					walk(ch)
				}
			}
			for _, f := range p.Scores.Fields {
				walk(f)
			}
			// Criterion 1.2 rounds back to its maximum when the others lose little.
			if lost != e.lost && lost != e.lost-1 {
				t.Errorf("%d criteria lost points, want %d", lost, e.lost)
			}
			if e.depth == 6 && p.Scores.Node("7.9.1.1.1.1") == nil {
				t.Error("no criterion six levels deep")
			}
			if e.rows && len(p.Appendix().Rows) != lost {
				t.Errorf("%d numbered appendix rows, want %d", len(p.Appendix().Rows), lost)
			}
			clipped := len(p.Warnings()) > 0
			if clipped != (e.longCell > 32767) {
				t.Errorf("warnings %q for a longest cell of %d characters", p.Warnings(), e.longCell)
			}
		})
	}
}

// The workbook of a dataset with a 1,234-word progress cell opens in LibreOffice, and the
// appendix sheet read back holds the whole text; a 50,000-character cell holds its first
// 32,700 characters and the note, and the command's warning says so.
func TestExtremeWorkbookInLibreOffice(t *testing.T) {
	for _, e := range []extreme{{lost: 8, longWords: 1234}, {lost: 8, longCell: 50000}} {
		src := e.build(7)
		p, err := Prepare("dai.toml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		xlsx, err := p.RenderWorkbook()
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		in := filepath.Join(dir, "bang-diem.xlsx")
		if err := os.WriteFile(in, xlsx, 0o644); err != nil {
			t.Fatal(err)
		}
		// Sheet 2, "Phụ lục", as UTF-8 CSV.
		out := testtool.OfficeConvert(t, in, `csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2`, dir)
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := p.Data.Fields[1].Criteria[0].Progress
		if e.longCell > 0 {
			want = string([]rune(want)[:32700]) + " … (xem phụ lục PDF)"
			if w := p.Warnings(); len(w) != 1 || !strings.Contains(w[0], "fields[1].criteria[0].progress") {
				t.Errorf("warnings: %q", w)
			}
		}
		found := false
		for _, r := range rows {
			for _, c := range r {
				if c == want {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("%d-word / %d-character cell: LibreOffice does not read the progress text back whole (%d rows)", e.longWords, e.longCell, len(rows))
		}
	}
}
