package templates_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator/docxtpl"
	"github.com/baocao-vn/baocao/templates"
)

func part(t *testing.T, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(templates.BaoCao), int64(len(templates.BaoCao)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			b, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("template has no part %s", name)
	return ""
}

// TestPageSetup checks the decree's page: A4 portrait, margins 20/20/30/15 mm, page numbers
// from page 2 on (titlePg with an empty first-page header).
func TestPageSetup(t *testing.T) {
	doc := part(t, "word/document.xml")
	for _, want := range []string{
		`<w:pgSz w:w="11906" w:h="16838"/>`,
		`<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"`,
		`<w:titlePg/>`,
		`<w:headerReference w:type="default" r:id="rIdHeaderDefault"/>`,
		`<w:headerReference w:type="first" r:id="rIdHeaderFirst"/>`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if h := part(t, "word/header1.xml"); !strings.Contains(h, ` PAGE `) || !strings.Contains(h, `<w:jc w:val="center"/>`) {
		t.Errorf("default header has no centred PAGE field:\n%s", h)
	}
	if h := part(t, "word/header2.xml"); strings.Contains(h, "PAGE") || strings.Contains(h, "<w:t") {
		t.Errorf("first-page header is not empty:\n%s", h)
	}
}

// TestTimesNewRoman: every font named anywhere is Times New Roman, on all four scripts.
func TestTimesNewRoman(t *testing.T) {
	for _, name := range []string{"word/document.xml", "word/styles.xml", "word/header1.xml", "word/header2.xml"} {
		dec := xml.NewDecoder(strings.NewReader(part(t, name)))
		n := 0
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			se, ok := tok.(xml.StartElement)
			if !ok || se.Name.Local != "rFonts" {
				continue
			}
			n++
			got := map[string]string{}
			for _, a := range se.Attr {
				got[a.Name.Local] = a.Value
			}
			for _, k := range []string{"ascii", "hAnsi", "cs", "eastAsia"} {
				if got[k] != "Times New Roman" {
					t.Errorf("%s: rFonts %s=%q", name, k, got[k])
				}
			}
		}
		if n == 0 {
			t.Errorf("%s names no font", name)
		}
	}
}

// TestTags: the template parses, and its tags are exactly the report's keys.
func TestTags(t *testing.T) {
	if _, err := docxtpl.Parse("bao-cao.docx", templates.BaoCao); err != nil {
		t.Fatal(err)
	}
	text, err := docxtpl.Paragraphs(templates.BaoCao, "")
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(text, "\n")
	for _, tag := range []string{"{co_quan_chu_quan}", "{co_quan_ban_hanh}", "Số: {so_ky_hieu}", "{dia_danh_ngay}",
		"{ten_loai}", "{trich_yeu}", "{can_cu}", "{#muc}", "{so}. {tieu_de}", "{#khoi}", "{#doan}", "{doan}",
		"{#y}", "- {noi_dung}", "{ket_thuc}./.", "Nơi nhận:", "{#noi_nhan}", "- {ten};", "- Lưu: {luu}.",
		"{#ky_thay}", "{ky_thay}", "{chuc_vu}", "{nguoi_ky}",
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"} {
		if !strings.Contains(all, tag) {
			t.Errorf("template lacks %q", tag)
		}
	}
}

// TestGeneratorReproduces: the committed template is what the generator writes.
func TestGeneratorReproduces(t *testing.T) {
	out := filepath.Join(t.TempDir(), "bao-cao.docx")
	cmd := exec.Command("go", "run", "./internal/mkdocx", "-o", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./internal/mkdocx: %v\n%s", err, b)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, templates.BaoCao) {
		t.Error("bao-cao.docx is stale: run go generate ./templates")
	}
}
