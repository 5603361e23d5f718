package docxtpl_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/baocao-vn/baocao/generator/docxtpl"
	"github.com/baocao-vn/baocao/templates"
)

// fuzzComments are the comment parts of a fuzzed package: comments 0 and 1, and 2 answering 0,
// for a body to anchor or not.
func fuzzComments(t testing.TB) map[string]string {
	pkg := parts(t, wordSaved(t, mkdocx(t, "", ""), []note{{id: 0, parent: -1, text: "a"}, {id: 1, parent: -1, text: "b"}, {id: 2, parent: 0, text: "c"}}))
	out := map[string]string{}
	for name, x := range pkg {
		if strings.HasPrefix(name, "word/comments") {
			out[name] = x
		}
	}
	return out
}

// storedDocx builds a package whose word/document.xml is exactly body, with the comment
// parts given, stored uncompressed so that each fuzz execution is cheap.
func storedDocx(t testing.TB, body []byte, comments map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range []struct {
		name string
		data []byte
	}{
		{"[Content_Types].xml", []byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`)},
		{"word/document.xml", body},
		{"word/comments.xml", []byte(comments["word/comments.xml"])},
		{"word/commentsExtended.xml", []byte(comments["word/commentsExtended.xml"])},
		{"word/commentsIds.xml", []byte(comments["word/commentsIds.xml"])},
		{"word/commentsExtensible.xml", []byte(comments["word/commentsExtensible.xml"])},
	} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(e.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// realBody is the document.xml of the embedded report template.
func realBody(t testing.TB) []byte {
	zr, err := zip.NewReader(bytes.NewReader(templates.BaoCao), int64(len(templates.BaoCao)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			r, _ := f.Open()
			b, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	t.Fatal("no body in the embedded template")
	return nil
}

func wellFormed(b []byte) bool {
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		if _, err := dec.Token(); err == io.EOF {
			return true
		} else if err != nil {
			return false
		}
	}
}

// FuzzParseTemplate parses a .docx whose body is the fuzzed bytes and fills it with the
// sample data: never a panic; an error is a list of located, short, Vietnamese messages with
// no Go type in them; a well-formed body gives a well-formed body, with no paragraph id and no
// comment anchor more often than the template holds it, and no comment without its mark or
// anchor without its comment (idProblems).
func FuzzParseTemplate(f *testing.F) {
	f.Add(realBody(f))
	doc := func(body string) []byte {
		return []byte(`<?xml version="1.0" encoding="UTF-8"?><w:document ` + wNS + `><w:body>` + body + `<w:sectPr/></w:body></w:document>`)
	}
	for _, body := range []string{
		p("Số: {so_ky_hieu}") + p("{#muc}") + p("{so}. {tieu_de}") + p("{#khoi}") + p("{doan}") + p("{#y}") + p("- {noi_dung}") + p("{/y}") + p("{/khoi}") + p("{/muc}"),
		table(row(p("{#noi_nhan}{ten}"), p("{/noi_nhan}"))) + p("Về việc {trich_yeu}, như sau."),
		p("{#muc}") + p("{khong_co}") + p("{Nguoi_ky} {muc} {^ky_thay}x{/ky_thay}"),
		p("a{#ky_thay}", "b", "{/ky_thay}c") + `<w:p><w:bookmarkStart w:id="3" w:name="B"/><w:r><w:t>{nguoi_ky}</w:t></w:r><w:bookmarkEnd w:id="3"/></w:p>`,
		p("{#muc}{#muc}{#muc}{so}{/muc}{/muc}{/muc}") + p("&amp;{&#x7b;x}"),
		p("{#muc}") + `<w:p w14:paraId="1A2B3C4D" w14:textId="00000006">` + cs(0) + run("{so}") + ce(0) + cr(0) + `</w:p>` + p("{/muc}") +
			`<w:p>` + cs(1) + run("{#noi_nhan}") + `</w:p>` + table(`<w:tr w14:paraId="7FFFFFFF">`+`<w:tc><w:p w14:paraId="00000001">`+run("{ten}")+ce(1)+cr(1)+`</w:p></w:tc></w:tr>`) + p("{/noi_nhan}"),
		p("{#muc}") + `<w:p w14:paraId="00000009">` + cs(2) + run("{#khoi}{doan}") + ce(2) + cr(2) + run("{/khoi}") + `</w:p>` + p("{/muc}") + `<w:p>` + cr(0) + `</w:p>`,
	} {
		f.Add(doc(body))
	}
	data := sampleData()
	comments := fuzzComments(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		pkg := storedDocx(t, body, comments)
		tpl, err := docxtpl.Parse("f.docx", pkg)
		checkMessages(t, err, body)
		if tpl == nil {
			return
		}
		out, err := tpl.Render(data)
		checkMessages(t, err, body)
		if err != nil {
			if out != nil {
				t.Fatal("output returned with an error")
			}
			return
		}
		if wellFormed(body) {
			ps, err := docxtpl.Paragraphs(out, "")
			if err != nil {
				t.Fatalf("well-formed body, output not: %v", err)
			}
			_ = ps
			// Character references could spell an id the engine, reading markup as written,
			// does not see: such a body is left out of the id checks.
			if !bytes.Contains(body, []byte("&#")) {
				if probs := idProblems(t, pkg, out); len(probs) > 0 {
					t.Fatalf("%d problems with ids, the first: %s", len(probs), probs[0])
				}
			}
		}
	})
}

func checkMessages(t *testing.T, err error, input []byte) {
	t.Helper()
	if err == nil {
		return
	}
	var list docxtpl.ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		t.Fatalf("not an ErrorList: %T %v", err, err)
	}
	if len(list) > docxtpl.MaxErrors+2 {
		t.Fatalf("%d errors, over the cap", len(list))
	}
	for _, e := range list {
		msg := e.Error()
		switch {
		case !strings.HasPrefix(msg, "f.docx: "):
			t.Fatalf("does not name the template: %q", msg)
		case e.Msg == "" || e.Kind == nil:
			t.Fatalf("no message or class: %+v", e)
		case !utf8.ValidString(msg):
			t.Fatalf("not UTF-8: %q", msg)
		case len(msg) > 1000:
			t.Fatalf("message of %d bytes: %.300q", len(msg), msg)
		}
		// A message may quote the template's own text, which may hold anything: a Go type's
		// spelling counts only when the input did not bring it.
		for _, goType := range []string{"interface {", "map[", "[]"} {
			if strings.Contains(e.Msg, goType) && !bytes.Contains(input, []byte(goType)) {
				t.Fatalf("Go type in %q", msg)
			}
		}
	}
}
