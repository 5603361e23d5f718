package report_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator"
	"github.com/baocao-vn/baocao/generator/docxtpl"
	"github.com/baocao-vn/baocao/internal/testtool"
)

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

// clerkDocx is a template as a clerk edits it: {bi_tru} printed as a value, a bookmark in a
// table row repeated per field, the subject quoted inside a sentence.
func clerkDocx(t *testing.T) []byte {
	t.Helper()
	para := func(inner string) string {
		return `<w:p><w:pPr><w:jc w:val="both"/></w:pPr>` + inner + `</w:p>`
	}
	run := func(s string) string { return `<w:r><w:t xml:space="preserve">` + s + `</w:t></w:r>` }
	cell := func(inner string) string {
		return `<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>` + para(inner) + `</w:tc>`
	}
	body := para(run("Báo cáo về việc {trich_yeu} theo quy định.")) +
		`<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/></w:tblPr><w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid>` +
		`<w:tr>` + cell(run("{#linh_vuc}{ma}")) +
		cell(`<w:bookmarkStart w:id="0" w:name="LinhVuc"/>`+run("{ten}")+`<w:bookmarkEnd w:id="0"/>`) +
		cell(run("bị trừ: {bi_tru}{/linh_vuc}")) + `</w:tr></w:tbl>` +
		para(`<w:bookmarkStart w:id="1" w:name="Cuoi"/>`+run("Hết.")+`<w:bookmarkEnd w:id="1"/>`)
	parts := [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8"?><w:document ` + wNS + `><w:body>` + body + `<w:sectPr/></w:body></w:document>`},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, _ := zw.Create(p[0])
		w.Write([]byte(p[1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestClerkTemplate renders the clerk's template from the sample and reads it back: yes/no as
// "có"/"không", the subject joined into its sentence, one bookmark per repeated row with its
// own id and name; LibreOffice opens it.
func TestClerkTemplate(t *testing.T) {
	p, err := generator.Load("../../samples/2022-09-14.toml")
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := generator.ParseTemplate("mau.docx", clerkDocx(t))
	if err != nil {
		t.Fatal(err)
	}
	out, err := p.RenderReport(generator.Options{Template: tpl})
	if err != nil {
		t.Fatal(err)
	}
	paras, err := docxtpl.Paragraphs(out, "")
	if err != nil {
		t.Fatal(err)
	}
	subject := strings.Join(strings.Fields(p.Data.Document.Subject), " ")
	if want := "Báo cáo về việc " + subject + " theo quy định."; paras[0] != want {
		t.Errorf("sentence: got %q\nwant %q", paras[0], want)
	}
	var rows []string
	for i, f := range p.Scores.Fields {
		yes := "không"
		if f.LostPoints() {
			yes = "có"
		}
		rows = append(rows, f.ID, f.Name, "bị trừ: "+yes)
		if got := paras[1+3*i : 4+3*i]; strings.Join(got, "|") != strings.Join(rows[3*i:], "|") {
			t.Errorf("row %d: got %q, want %q", i+1, got, rows[3*i:])
		}
	}
	if len(rows) < 6 || !strings.Contains(strings.Join(rows, "|"), "bị trừ: có") || !strings.Contains(strings.Join(rows, "|"), "bị trừ: không") {
		t.Fatalf("the sample should have fields with and without lost points: %q", rows)
	}

	ids, names := bookmarks(t, out)
	if len(ids) != len(p.Scores.Fields)+1 {
		t.Errorf("want one bookmark per row and one after: %v %v", ids, names)
	}
	if names[0] != "LinhVuc" || names[len(names)-1] != "Cuoi" {
		t.Errorf("the first copy and the bookmark outside the loop keep their names: %v", names)
	}

	testtool.Require(t, "soffice")
	dir := t.TempDir()
	in := filepath.Join(dir, "mau.docx")
	if err := os.WriteFile(in, out, 0o644); err != nil {
		t.Fatal(err)
	}
	testtool.Run(t, "soffice", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--convert-to", "pdf", "--outdir", dir, in)
	text := fold(testtool.Run(t, "pdftotext", filepath.Join(dir, "mau.pdf"), "-"))
	for _, want := range []string{"Báo cáo về việc " + subject, "bị trừ: có", "bị trừ: không", p.Scores.Fields[1].Name} {
		if !strings.Contains(text, fold(want)) {
			t.Errorf("LibreOffice's PDF lacks %q:\n%s", want, text)
		}
	}
}

// bookmarks lists the ids and names of the bookmarks in every XML part, failing on a
// duplicate id or name, or an end without its start.
func bookmarks(t *testing.T, docx []byte) (ids, names []string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatal(err)
	}
	seenID, seenName, ends := map[string]bool{}, map[string]bool{}, map[string]int{}
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".xml") {
			continue
		}
		r, _ := f.Open()
		dec := xml.NewDecoder(r)
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
			se, ok := tok.(xml.StartElement)
			if !ok {
				continue
			}
			attr := func(n string) string {
				for _, a := range se.Attr {
					if a.Name.Local == n {
						return a.Value
					}
				}
				return ""
			}
			switch se.Name.Local {
			case "bookmarkStart":
				id, name := attr("id"), attr("name")
				if seenID[id] || seenName[name] {
					t.Errorf("%s: duplicate bookmark id %s or name %s", f.Name, id, name)
				}
				seenID[id], seenName[name] = true, true
				ids, names = append(ids, id), append(names, name)
			case "bookmarkEnd":
				ends[attr("id")]++
				if !seenID[attr("id")] || ends[attr("id")] > 1 {
					t.Errorf("%s: bookmark end %s without its own start", f.Name, attr("id"))
				}
			}
		}
		r.Close()
	}
	return ids, names
}
