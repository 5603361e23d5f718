package docxtpl_test

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator/docxtpl"
	"github.com/baocao-vn/baocao/templates"
)

// binaryCases are templates whose parse the binary form must carry whole: the embedded one,
// the same saved by Word (paragraph ids, comments and their anchors), and repeated bookmarks
// and drawings in a section with a header field.
func binaryCases(t *testing.T) []struct {
	name string
	docx []byte
	data map[string]any
} {
	ids := p("{#xs}") +
		`<w:p><w:bookmarkStart w:id="5" w:name="Muc"/><w:r><w:t>{.}</w:t></w:r><w:bookmarkEnd w:id="5"/>` +
		`<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:docPr id="9" name="Logo"/></wp:inline></w:drawing></w:r></w:p>` +
		p("{/xs}") + p("{^xs}không có{/xs}", " và {a}")
	return []struct {
		name string
		docx []byte
		data map[string]any
	}{
		{"embedded", templates.BaoCao, sampleData()},
		{"word-saved", wordSaved(t, templates.BaoCao, reportNotes), benchData()},
		{"ids", mkdocx(t, ids, p("Đầu trang {a}")), map[string]any{"xs": []string{"một", "hai"}, "a": "chữ"}},
	}
}

// TestBinaryRoundTrip checks that a template read back from its binary form is the template
// Parse gives, renders the same bytes and reports a missing field in the same words, and
// that the form is the same from run to run.
func TestBinaryRoundTrip(t *testing.T) {
	for _, tc := range binaryCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			want, err := docxtpl.Parse("t.docx", tc.docx)
			if err != nil {
				t.Fatal(err)
			}
			form, err := want.MarshalBinary(tc.docx)
			if err != nil {
				t.Fatal(err)
			}
			got, err := docxtpl.DecodeBinary("t.docx", tc.docx, string(form))
			if err != nil {
				t.Fatalf("the form was not read: %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Error("the template read back differs from the parsed one")
			}
			again, err := got.MarshalBinary(tc.docx)
			if err != nil || !bytes.Equal(again, form) {
				t.Errorf("the form of the template read back differs (%v)", err)
			}
			a, errA := want.Render(tc.data)
			b, errB := got.Render(tc.data)
			if errA != nil || errB != nil || !bytes.Equal(a, b) {
				t.Errorf("renders differ: %v, %v", errA, errB)
			}
			_, errA = want.Render(map[string]any{})
			_, errB = got.Render(map[string]any{})
			if errA == nil || errB == nil || errA.Error() != errB.Error() {
				t.Errorf("errors for missing fields differ:\n%v\n---\n%v", errA, errB)
			}
		})
	}
}

// TestLoadStaleOrDamagedForm checks that Load parses the package when the form is of another
// package or damaged, and that reading a damaged form fails without a panic.
func TestLoadStaleOrDamagedForm(t *testing.T) {
	cases := binaryCases(t)
	embedded, other := cases[0].docx, cases[2].docx
	tpl, err := docxtpl.Parse("t.docx", embedded)
	if err != nil {
		t.Fatal(err)
	}
	form, err := tpl.MarshalBinary(embedded)
	if err != nil {
		t.Fatal(err)
	}
	want, err := docxtpl.Parse("t.docx", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := docxtpl.DecodeBinary("t.docx", other, string(form)); err == nil {
		t.Error("the form of one package was read for another")
	}
	if got, err := docxtpl.Load("t.docx", other, string(form)); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Load with a stale form: %v, not the parsed template", err)
	}
	for n := range len(form) {
		if _, err := docxtpl.DecodeBinary("t.docx", embedded, string(form[:n])); err == nil {
			t.Fatalf("a form cut to %d of %d bytes was read", n, len(form))
		}
	}
	if got, err := docxtpl.Load("t.docx", embedded, string(form[:len(form)/2])); err != nil || !reflect.DeepEqual(got, tpl) {
		t.Errorf("Load with a cut form: %v, not the parsed template", err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		bad := []byte(string(form))
		for range 1 + r.IntN(4) {
			bad[r.IntN(len(bad))] = byte(r.IntN(256))
		}
		if tpl, err := docxtpl.DecodeBinary("t.docx", embedded, string(bad)); err == nil {
			tpl.Render(sampleData()) // a form damaged in its texts still reads; it must not panic
		}
	}
}

// TestMarshalBrokenTemplate checks that a template with errors has no binary form.
func TestMarshalBrokenTemplate(t *testing.T) {
	docx := mkdocx(t, p("{#a} chưa đóng"), "")
	tpl, err := docxtpl.Parse("t.docx", docx)
	if err == nil || tpl == nil {
		t.Fatalf("Parse: %v", err)
	}
	if _, err := tpl.MarshalBinary(docx); err == nil || !strings.Contains(err.Error(), "mẫu có lỗi") {
		t.Errorf("MarshalBinary of a broken template: %v", err)
	}
}
