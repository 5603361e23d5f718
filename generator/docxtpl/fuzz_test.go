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

// storedDocx builds a package whose word/document.xml is exactly body, stored uncompressed so
// that each fuzz execution is cheap.
func storedDocx(t testing.TB, body []byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range []struct {
		name string
		data []byte
	}{
		{"[Content_Types].xml", []byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`)},
		{"word/document.xml", body},
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
// no Go type in them; a well-formed body gives a well-formed body.
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
	} {
		f.Add(doc(body))
	}
	data := sampleData()
	f.Fuzz(func(t *testing.T, body []byte) {
		tpl, err := docxtpl.Parse("f.docx", storedDocx(t, body))
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
