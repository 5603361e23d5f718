package report_test

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator"
	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/internal/testtool"
)

// pdfLine is a line of text as pdftotext -bbox-layout finds it, in points from the top left.
type pdfLine struct {
	text                   string
	xMin, yMin, xMax, yMax float64
}

func pdfLines(t *testing.T, pdf string) []pdfLine {
	t.Helper()
	out := testtool.Run(t, "pdftotext", "-bbox-layout", "-f", "1", "-l", "1", pdf, "-")
	type word struct {
		Text string `xml:",chardata"`
	}
	type line struct {
		XMin  float64 `xml:"xMin,attr"`
		YMin  float64 `xml:"yMin,attr"`
		XMax  float64 `xml:"xMax,attr"`
		YMax  float64 `xml:"yMax,attr"`
		Words []word  `xml:"word"`
	}
	var lines []pdfLine
	dec := xml.NewDecoder(strings.NewReader(out))
	dec.Strict = false
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "line" {
			var l line
			if err := dec.DecodeElement(&l, &se); err != nil {
				t.Fatal(err)
			}
			var ws []string
			for _, w := range l.Words {
				ws = append(ws, w.Text)
			}
			lines = append(lines, pdfLine{strings.Join(ws, " "), l.XMin, l.YMin, l.XMax, l.YMax})
		}
	}
	return lines
}

// hrule is a horizontal stroke found on the page's picture, in points.
type hrule struct{ y, x0, x1 float64 }

const dpi = 144

// hrules renders page 1 in grey and returns every horizontal run of dark pixels at least 15 pt
// long: the rules (glyphs have no strokes that long).
func hrules(t *testing.T, pdf string) []hrule {
	t.Helper()
	base := filepath.Join(t.TempDir(), "page")
	testtool.Run(t, "pdftoppm", "-r", strconv.Itoa(dpi), "-gray", "-f", "1", "-l", "1", "-singlefile", pdf, base)
	raw, err := os.ReadFile(base + ".pgm")
	if err != nil {
		t.Fatal(err)
	}
	var w, h, maxv int
	var hdr int
	fields := 0
	for i := 0; fields < 4; i++ { // "P5" w h maxval, separated by whitespace
		j := i
		for raw[j] != ' ' && raw[j] != '\n' {
			j++
		}
		switch fields {
		case 1:
			w, _ = strconv.Atoi(string(raw[i:j]))
		case 2:
			h, _ = strconv.Atoi(string(raw[i:j]))
		case 3:
			maxv, _ = strconv.Atoi(string(raw[i:j]))
		}
		fields++
		i = j
		hdr = j + 1
	}
	if maxv != 255 || len(raw) < hdr+w*h {
		t.Fatalf("unexpected PGM %dx%d max %d", w, h, maxv)
	}
	px := raw[hdr:]
	pt := 72.0 / dpi
	var out []hrule
	for y := range h {
		row := px[y*w : (y+1)*w]
		for x := 0; x < w; {
			if row[x] >= 128 {
				x++
				continue
			}
			x0 := x
			for x < w && row[x] < 128 {
				x++
			}
			if float64(x-x0)*pt >= 15 {
				out = append(out, hrule{float64(y) * pt, float64(x0) * pt, float64(x) * pt})
			}
		}
	}
	return out
}

// ruleUnder returns the length of the rule drawn just under the line and centred on it.
func ruleUnder(rules []hrule, l pdfLine) (float64, bool) {
	mid := (l.xMin + l.xMax) / 2
	for _, r := range rules {
		if r.y > l.yMax-2 && r.y < l.yMax+12 && abs((r.x0+r.x1)/2-mid) < 4 {
			return r.x1 - r.x0, true
		}
	}
	return 0, false
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// officePDF renders the report of p and converts it to PDF with LibreOffice.
func officePDF(t *testing.T, p *generator.Prepared) string {
	t.Helper()
	docx, err := p.RenderReport(generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "bao-cao.docx")
	if err := os.WriteFile(in, docx, 0o644); err != nil {
		t.Fatal(err)
	}
	return testtool.OfficeConvert(t, in, "pdf", dir)
}

// Decree 30's rules under the issuing body and under the subject are 1/3 to 1/2 as long as the
// line of text above them, measured on the page LibreOffice prints, for a short and a long
// issuing body and a subject whose last line is long or short.
func TestRuleLengths(t *testing.T) {
	testtool.Require(t, "pdftoppm")
	cases := []struct {
		name        string
		body        string // issuing body; its last line is looked for on the page
		bodyLast    string
		subject     string
		subjectLast string
	}{
		{"seed", "", "SỞ NGOẠI VỤ", "", "và kết quả tự kiểm tra tại các phòng chuyên môn, đơn vị trực thuộc"},
		{"long body wraps, short subject", "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "TRƯỜNG",
			"Kết quả khắc phục\nnăm 2023", "năm 2023"},
		{"two lines", "ỦY BAN NHÂN DÂN\nHUYỆN CẨM XUYÊN", "HUYỆN CẨM XUYÊN",
			"Việc khắc phục tồn tại, hạn chế qua kết quả thẩm định Chỉ số cải cách hành chính năm 2023 của Ủy ban nhân dân huyện Cẩm Xuyên",
			""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := generator.Load("../../samples/2022-09-14.toml")
			if err != nil {
				t.Fatal(err)
			}
			if c.body != "" {
				p.Data.Document.IssuingBody = c.body
			}
			if c.subject != "" {
				p.Data.Document.Subject = c.subject
			}
			pdf := officePDF(t, p)
			lines, rules := pdfLines(t, pdf), hrules(t, pdf)
			// The subject's last line is the line just above the rule under it: the last bold
			// line before the body, found on the page when the text wraps.
			check := func(what, want string) {
				t.Helper()
				for _, l := range lines {
					if l.text != want {
						continue
					}
					n, ok := ruleUnder(rules, l)
					if !ok {
						t.Fatalf("%s: no rule under %q", what, want)
					}
					share := n / (l.xMax - l.xMin)
					t.Logf("%s: rule %.1f pt under a line of %.1f pt: %.2f", what, n, l.xMax-l.xMin, share)
					if share < 1.0/3 || share > 0.5 {
						t.Errorf("%s: rule under %q is %.2f of the line, want 1/3 to 1/2", what, want, share)
					}
					return
				}
				t.Fatalf("%s: no line %q on page 1; lines: %v", what, want, lines)
			}
			check("issuing body", c.bodyLast)
			last := c.subjectLast
			if last == "" {
				// The subject wraps: its last line is the one just above its rule.
				for i, l := range lines {
					if strings.HasPrefix(l.text, "Căn cứ") && i > 0 {
						last = lines[i-1].text
						break
					}
				}
			}
			check("subject", last)
		})
	}
}

// A number below 10 and dates with days below 10 and months 1 and 2 print with Decree 30's
// leading zeros, in the report and in the appendix (read back with pdftotext).
func TestNumbersAndDates(t *testing.T) {
	testtool.Require(t, "pdftotext")
	p, err := generator.Load("../../samples/2022-09-14.toml")
	if err != nil {
		t.Fatal(err)
	}
	p.Data.Document.Number = "7"
	p.Data.Document.Date = dataset.Date{Year: 2023, Month: 1, Day: 5}
	p.Data.Appendix.AsOf = dataset.Date{Year: 2024, Month: 3, Day: 4}
	report := fold(testtool.Run(t, "pdftotext", officePDF(t, p), "-"))
	for _, want := range []string{"Số: 07/BC-SNgV", "Hà Tĩnh, ngày 05 tháng 01 năm 2023"} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	pdf, err := p.RenderAppendix(generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "phu-luc.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	appendix := fold(testtool.Run(t, "pdftotext", path, "-"))
	for _, want := range []string{"Kèm theo Báo cáo số 07/BC-SNgV ngày 05 tháng 01 năm 2023", "Số liệu cập nhật đến ngày 04/3/2024"} {
		if !strings.Contains(appendix, want) {
			t.Errorf("appendix lacks %q", want)
		}
	}
}
