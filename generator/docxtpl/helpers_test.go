package docxtpl_test

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator/docxtpl"
)

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

// mkdocx builds a minimal package whose body is the given XML, with a header part when
// header is not empty.
func mkdocx(t testing.TB, body, header string) []byte {
	t.Helper()
	parts := [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
			`<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8"?><w:document ` + wNS + `><w:body>` + body + `<w:sectPr/></w:body></w:document>`},
		{"word/_rels/document.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/></Relationships>`},
	}
	if header != "" {
		parts = append(parts, [2]string{"word/header1.xml", `<?xml version="1.0" encoding="UTF-8"?><w:hdr ` + wNS + `>` + header + `</w:hdr>`})
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.Create(p[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(p[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// p builds a paragraph with one plain run per argument.
func p(texts ...string) string {
	var b strings.Builder
	b.WriteString(`<w:p><w:pPr><w:jc w:val="both"/></w:pPr>`)
	for _, s := range texts {
		b.WriteString(`<w:r><w:t xml:space="preserve">` + s + `</w:t></w:r>`)
	}
	b.WriteString(`</w:p>`)
	return b.String()
}

// row builds a table row with one cell per argument, each cell holding the given paragraphs.
func row(cells ...string) string {
	var b strings.Builder
	b.WriteString(`<w:tr>`)
	for _, c := range cells {
		b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>` + c + `</w:tc>`)
	}
	b.WriteString(`</w:tr>`)
	return b.String()
}

func table(rows ...string) string {
	return `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/></w:tblGrid>` +
		strings.Join(rows, "") + `</w:tbl>`
}

// render parses a template built from body and executes it, returning the package.
func render(t testing.TB, body string, data map[string]any) []byte {
	t.Helper()
	tpl, err := docxtpl.Parse("test.docx", mkdocx(t, body, ""))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	out, err := tpl.Render(data)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return out
}

// partXML returns the raw XML of one part of a package.
func partXML(t testing.TB, docx []byte, name string) string {
	t.Helper()
	s, ok := parts(t, docx)[name]
	if !ok {
		t.Fatalf("no part %s", name)
	}
	return s
}

func paragraphs(t testing.TB, docx []byte) []string {
	t.Helper()
	ps, err := docxtpl.Paragraphs(docx, "")
	if err != nil {
		t.Fatalf("reading the output back: %v", err)
	}
	return ps
}
