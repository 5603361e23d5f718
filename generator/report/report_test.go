package report_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator"
	"github.com/baocao-vn/baocao/generator/docxtpl"
	"github.com/baocao-vn/baocao/internal/testtool"
)

func renderSample(t testing.TB) []byte {
	t.Helper()
	p, err := generator.Load("../../samples/2022-09-14.toml")
	if err != nil {
		t.Fatal(err)
	}
	docx, err := p.RenderReport(generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return docx
}

func fold(s string) string { return strings.Join(strings.Fields(s), " ") }

// Every line of the seed report (its text as taken out of the signed DOCX: heading, body,
// distribution list, signer) is in the rendered report, in the seed's order.
func TestReportHoldsTheSeed(t *testing.T) {
	paras, err := docxtpl.Paragraphs(renderSample(t), "word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	text := fold(strings.Join(paras, "\n"))
	seed, err := os.ReadFile("testdata/seed-report.txt")
	if err != nil {
		t.Fatal(err)
	}
	at := 0
	for _, line := range strings.Split(strings.TrimSpace(string(seed)), "\n") {
		want := fold(line)
		i := strings.Index(text[at:], want)
		if i < 0 {
			if strings.Contains(text, want) {
				t.Errorf("out of order: %q", want)
			} else {
				t.Errorf("missing: %q", want)
			}
			continue
		}
		at += i + len(want)
	}
	// The header block: the decree's components, from the dataset.
	for _, want := range []string{"UBND TỈNH HÀ TĨNH", "SỞ NGOẠI VỤ", "/BC-SNgV", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"Độc lập - Tự do - Hạnh phúc", "Hà Tĩnh, ngày 14 tháng 9 năm 2022", "thuộc Sở./."} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q", want)
		}
	}
}

// LibreOffice opens the rendered report as an office suite does, and it prints on A4.
func TestReportOpensInLibreOffice(t *testing.T) {
	testtool.Require(t, "soffice")
	dir := t.TempDir()
	in := filepath.Join(dir, "bao-cao.docx")
	if err := os.WriteFile(in, renderSample(t), 0o644); err != nil {
		t.Fatal(err)
	}
	testtool.Run(t, "soffice", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--convert-to", "pdf", "--outdir", dir, in)
	pdf := filepath.Join(dir, "bao-cao.pdf")
	info := testtool.Run(t, "pdfinfo", pdf)
	if !strings.Contains(info, "(A4)") {
		t.Errorf("not A4:\n%s", info)
	}
	text := fold(testtool.Run(t, "pdftotext", pdf, "-"))
	for _, want := range []string{"BÁO CÁO", "Gửi kèm theo phụ lục.", "Nơi nhận:", "CHÁNH VĂN PHÒNG", "Lê Thị Khánh Cẩm"} {
		if !strings.Contains(text, want) {
			t.Errorf("LibreOffice's PDF lacks %q", want)
		}
	}
}

func BenchmarkRenderReport(b *testing.B) {
	p, err := generator.Load("../../samples/2022-09-14.toml")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := generator.DefaultTemplate(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.RenderReport(generator.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
