package templates_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator/docxtpl"
	"github.com/baocao-vn/baocao/internal/testtool"
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

// closingData is a report whose body grows by about one line per step: the end of the body
// walks down the page, past the place where the signature block no longer fits under it.
func closingData(step int) map[string]any {
	words := strings.Fields(strings.Repeat("các phòng chuyên môn tiếp tục bám sát kế hoạch cải cách hành chính ", 60))
	khoi := []map[string]any{}
	for i := range 6 {
		khoi = append(khoi, map[string]any{"doan": fmt.Sprintf("Đoạn %d: ", i+1) + strings.Join(words[:60], " "),
			"y": []map[string]any{{"noi_dung": "Thường xuyên lấy ý kiến phản ánh của tổ chức, cá nhân."}}})
	}
	khoi = append(khoi, map[string]any{"doan": "Đoạn thêm: " + strings.Join(words[:1+14*step], " "), "y": []map[string]any{}})
	return map[string]any{
		"co_quan_chu_quan": "UBND TỈNH HÀ TĨNH", "co_quan_ban_hanh": "SỞ NGOẠI VỤ",
		"gach_co_quan": strings.Repeat("\u2007", 6), "gach_trich_yeu": strings.Repeat("\u2007", 18),
		"so_ky_hieu": "07/BC-SNgV", "dia_danh_ngay": "Hà Tĩnh, ngày 05 tháng 01 năm 2023",
		"ten_loai": "BÁO CÁO", "trich_yeu": "Việc khắc phục tồn tại, hạn chế",
		"can_cu":   "Căn cứ kết quả thẩm định, Sở báo cáo như sau:",
		"muc":      []map[string]any{{"so": "1", "tieu_de": "Kết quả khắc phục", "khoi": khoi}},
		"ket_thuc": "Trên đây là báo cáo việc khắc phục tồn tại, hạn chế của Sở Ngoại vụ KETTHUC",
		"noi_nhan": []map[string]any{{"ten": "Ban Giám đốc Sở"}, {"ten": "Các phòng chuyên môn"}},
		"luu":      "VT, VPTTr", "ky_thay": "KT. GIÁM ĐỐC", "chuc_vu": "PHÓ GIÁM ĐỐC",
		"nguoi_ky": "Lê Thị Khánh Cẩm",
		"thay_doi": "", "hoan_thanh_them": []map[string]any{}, // no previous reporting date
	}
}

// TestSignerKeptWithBody opens reports whose body ends at every height of a page in
// LibreOffice and reads each page back: the signature block and "Nơi nhận" never stand alone
// on the last page; the last lines of the body go with them.
func TestSignerKeptWithBody(t *testing.T) {
	testtool.Require(t, "soffice")
	testtool.Require(t, "pdftotext")
	tpl, err := docxtpl.Parse("bao-cao.docx", templates.BaoCao)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	const steps = 30
	var in []string
	for step := range steps {
		out, err := tpl.Render(closingData(step))
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, filepath.Join(dir, fmt.Sprintf("r%02d.docx", step)))
		if err := os.WriteFile(in[step], out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	args := append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"),
		"--headless", "--convert-to", "pdf", "--outdir", filepath.Join(dir, "out")}, in...)
	testtool.Run(t, "soffice", args...)
	pagesSeen := map[int]bool{}
	for step := range steps {
		pdf := filepath.Join(dir, "out", fmt.Sprintf("r%02d.pdf", step))
		pages := strings.Split(strings.TrimRight(testtool.Run(t, "pdftotext", "-layout", pdf, "-"), "\f\n"), "\f")
		pagesSeen[len(pages)] = true
		last := pages[len(pages)-1]
		if !strings.Contains(last, "Lê Thị Khánh Cẩm") || !strings.Contains(last, "Nơi nhận") {
			t.Errorf("step %d: the last of %d pages lacks the signer or Nơi nhận:\n%q\nprevious page ends:\n%s", step, len(pages), last, pages[len(pages)-2][max(0, len(pages[len(pages)-2])-600):])
			continue
		}
		if !strings.Contains(last, "KETTHUC") {
			t.Errorf("step %d: the signature block stands alone on page %d, without the body's last lines:\n%s", step, len(pages), last)
		}
	}
	if len(pagesSeen) < 2 {
		t.Errorf("every report has the same number of pages %v: the body's end never crossed a page", pagesSeen)
	}
}

// TestParsedIsCurrent checks that bao-cao.parsed is the parse of bao-cao.docx as docxtpl
// gives it now: a template or a docxtpl changed without go generate fails here.
func TestParsedIsCurrent(t *testing.T) {
	tpl, err := docxtpl.Parse("templates/bao-cao.docx", templates.BaoCao)
	if err != nil {
		t.Fatal(err)
	}
	want, err := tpl.MarshalBinary(templates.BaoCao)
	if err != nil {
		t.Fatal(err)
	}
	if templates.BaoCaoParsed != string(want) {
		t.Errorf("bao-cao.parsed (%d bytes) is stale (%d bytes now): run go generate ./templates", len(templates.BaoCaoParsed), len(want))
	}
}
