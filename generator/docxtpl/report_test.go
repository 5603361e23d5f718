package docxtpl_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator/docxtpl"
	"github.com/baocao-vn/baocao/internal/testtool"
	"github.com/baocao-vn/baocao/templates"
)

func renderReport(t testing.TB, tplBytes []byte, data map[string]any) []byte {
	t.Helper()
	tpl, err := docxtpl.Parse("bao-cao.docx", tplBytes)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	out, err := tpl.Render(data)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return out
}

// textOf lists the paragraphs of body and page header, one a line, line breaks shown as ⏎.
func textOf(t testing.TB, docx []byte) string {
	t.Helper()
	var b strings.Builder
	for _, part := range []string{"word/document.xml", "word/header1.xml"} {
		ps, err := docxtpl.Paragraphs(docx, part)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString("== " + part + "\n")
		for _, p := range ps {
			b.WriteString(strings.ReplaceAll(p, "\n", "⏎") + "\n")
		}
	}
	return b.String()
}

func TestReportGolden(t *testing.T) {
	for _, tc := range []struct {
		golden string
		data   map[string]any
	}{
		{"bao-cao.golden", sampleData()},
		{"bao-cao-kt.golden", benchData()},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			got := textOf(t, renderReport(t, templates.BaoCao, tc.data))
			testtool.Golden(t, filepath.Join("testdata", tc.golden), got)
		})
	}
}

func TestDeterministic(t *testing.T) {
	a := renderReport(t, templates.BaoCao, sampleData())
	b := renderReport(t, templates.BaoCao, sampleData())
	if !bytes.Equal(a, b) {
		t.Fatal("two renders of the same data differ")
	}
	tpl, err := docxtpl.Parse("bao-cao.docx", templates.BaoCao)
	if err != nil {
		t.Fatal(err)
	}
	c, err := tpl.Render(benchData())
	if err != nil {
		t.Fatal(err)
	}
	d, err := tpl.Render(benchData())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(c, d) {
		t.Fatal("two executions of one template differ")
	}
}

// soffice converts a file with LibreOffice in a profile and output folder of its own.
func soffice(t *testing.T, to, in string) string {
	t.Helper()
	return testtool.OfficeConvert(t, in, to, t.TempDir())
}

// TestLibreOfficeRoundTrip re-saves the template as LibreOffice writes it (new runs, rsids,
// bookmarks, its own XML) and expects the same text from both.
func TestLibreOfficeRoundTrip(t *testing.T) {
	testtool.Require(t, "soffice")
	in := filepath.Join(t.TempDir(), "bao-cao.docx")
	if err := os.WriteFile(in, templates.BaoCao, 0o644); err != nil {
		t.Fatal(err)
	}
	resaved, err := os.ReadFile(soffice(t, "docx", in))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(resaved, templates.BaoCao) {
		t.Fatal("LibreOffice returned the file unchanged; the test would prove nothing")
	}
	for _, data := range []map[string]any{sampleData(), benchData()} {
		want := paragraphs(t, renderReport(t, templates.BaoCao, data))
		got := paragraphs(t, renderReport(t, resaved, data))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("re-saved template renders\n%q\nthe original renders\n%q", got, want)
		}
	}
}

// TestReportInLibreOffice opens the filled report as an office suite does, prints it to PDF
// and checks what a reader sees: A4 pages, the text, a page number from page 2 on only, and
// the number level with the place and date.
func TestReportInLibreOffice(t *testing.T) {
	testtool.Require(t, "soffice")
	testtool.Require(t, "pdftotext")
	in := filepath.Join(t.TempDir(), "bao-cao.docx")
	if err := os.WriteFile(in, renderReport(t, templates.BaoCao, benchData()), 0o644); err != nil {
		t.Fatal(err)
	}
	pdf := soffice(t, "pdf", in)
	info := testtool.Run(t, "pdfinfo", pdf)
	if !strings.Contains(info, "595.3") || !strings.Contains(info, "841.89") {
		t.Errorf("pages are not A4:\n%s", info)
	}
	pages, _ := strconv.Atoi(regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(info)[1])
	if pages < 2 {
		t.Fatalf("want a report of several pages, got %d", pages)
	}
	for n := 1; n <= pages; n++ {
		txt := testtool.Run(t, "pdftotext", "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), "-layout", pdf, "-")
		first := strings.TrimSpace(strings.SplitN(strings.TrimLeft(txt, " \n"), "\n", 2)[0])
		if n == 1 && !strings.HasPrefix(first, "UBND TỈNH HÀ TĨNH") {
			t.Errorf("page 1 starts with %q, want the header block", first)
		}
		if n > 1 && first != strconv.Itoa(n) {
			t.Errorf("page %d starts with %q, want its number", n, first)
		}
	}
	all := testtool.Run(t, "pdftotext", pdf, "-")
	for _, want := range []string{"SỞ NGOẠI VỤ", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO", "10. Nội dung thứ 10",
		"KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Lê Thị Khánh Cẩm", "Nơi nhận:", "- Lưu: VT, VPTTr.", "./."} {
		if !strings.Contains(all, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	// Level: the tops of "Số:" and of the place and date, and of "Nơi nhận:" and the signing
	// authority, differ by under 2 pt.
	yOf := func(page int, word string) float64 {
		n := strconv.Itoa(page)
		bbox := testtool.Run(t, "pdftotext", "-f", n, "-l", n, "-bbox", pdf, "-")
		m := regexp.MustCompile(`yMin="([0-9.]+)"[^>]*>` + regexp.QuoteMeta(word) + `<`).FindStringSubmatch(bbox)
		if m == nil {
			t.Fatalf("no word %q on page %d", word, page)
		}
		y, _ := strconv.ParseFloat(m[1], 64)
		return y
	}
	if so, date := yOf(1, "Số:"), yOf(1, "Tĩnh,"); so-date > 2 || date-so > 2 {
		t.Errorf("\"Số:\" at y=%.1f is not level with the date at y=%.1f", so, date)
	}
	if sign, recip := yOf(pages, "KT."), yOf(pages, "Nơi"); sign-recip > 2 || recip-sign > 2 {
		t.Errorf("signing authority at y=%.1f is not level with \"Nơi nhận:\" at y=%.1f", sign, recip)
	}
}

func BenchmarkExecuteReport(b *testing.B) {
	tpl, err := docxtpl.Parse("bao-cao.docx", templates.BaoCao)
	if err != nil {
		b.Fatal(err)
	}
	data := benchData()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tpl.Render(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseReport(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := docxtpl.Parse("bao-cao.docx", templates.BaoCao); err != nil {
			b.Fatal(err)
		}
	}
}

// TestConcurrentExecute: one parsed template serves several goroutines (run with -race).
func TestConcurrentExecute(t *testing.T) {
	tpl, err := docxtpl.Parse("bao-cao.docx", templates.BaoCao)
	if err != nil {
		t.Fatal(err)
	}
	want, err := tpl.Render(benchData())
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			got, err := tpl.Render(benchData())
			if err == nil && !bytes.Equal(got, want) {
				err = os.ErrInvalid
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Errorf("concurrent render: %v", err)
		}
	}
}
