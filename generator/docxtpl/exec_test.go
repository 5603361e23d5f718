package docxtpl_test

import (
	"encoding/xml"
	"reflect"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator/docxtpl"
)

type stringer struct{ s string }

func (s stringer) String() string { return s.s }

func TestExecute(t *testing.T) {
	items := []map[string]any{{"ten": "Ban Giám đốc Sở"}, {"ten": "Các phòng"}}
	tests := []struct {
		name string
		body string
		data map[string]any
		want []string
	}{
		{"field", p("Số: {so}/BC"), map[string]any{"so": "125"}, []string{"Số: 125/BC"}},
		{"fields with spaces in braces", p("{ a }-{b}"), map[string]any{"a": "x", "b": "y"}, []string{"x-y"}},
		{"int, int64, bool, Stringer", p("{i} {j} {b} {s}"),
			map[string]any{"i": 7, "j": int64(-3), "b": true, "s": stringer{"9,5"}}, []string{"7 -3 có 9,5"}},
		{"yes/no as a value, as a section", p("{a} {b}") + p("{#a}") + p("hiện") + p("{/a}") + p("{#b}") + p("ẩn") + p("{/b}"),
			map[string]any{"a": true, "b": false}, []string{"có không", "hiện"}},
		{"line breaks inside running text become spaces", p("Về việc {v}, như sau."),
			map[string]any{"v": "dòng 1 \n dòng 2\r\ndòng 3\n"}, []string{"Về việc dòng 1 dòng 2 dòng 3, như sau."}},
		{"dotted lookup", p("{a.b.c}"), map[string]any{"a": map[string]any{"b": map[string]any{"c": "sâu"}}}, []string{"sâu"}},
		{"list of maps repeats paragraphs", p("Nơi nhận:") + p("{#nn}") + p("- {ten};") + p("{/nn}") + p("- Lưu: VT."),
			map[string]any{"nn": items}, []string{"Nơi nhận:", "- Ban Giám đốc Sở;", "- Các phòng;", "- Lưu: VT."}},
		{"list of strings and {.}", p("{#xs}") + p("• {.}") + p("{/xs}"),
			map[string]any{"xs": []string{"một", "hai"}}, []string{"• một", "• hai"}},
		{"empty list leaves no paragraph", p("trước") + p("{#xs}") + p("{.}") + p("{/xs}") + p("sau"),
			map[string]any{"xs": []string{}}, []string{"trước", "sau"}},
		{"false bool hides without a blank paragraph", p("a") + p("{#ok}") + p("hiện") + p("{/ok}") + p("b"),
			map[string]any{"ok": false}, []string{"a", "b"}},
		{"true bool shows", p("{#ok}") + p("hiện") + p("{/ok}"), map[string]any{"ok": true}, []string{"hiện"}},
		{"empty string hides", p("{#kt}") + p("{kt}") + p("{/kt}") + p("GIÁM ĐỐC"),
			map[string]any{"kt": ""}, []string{"GIÁM ĐỐC"}},
		{"non-empty string shows itself", p("{#kt}") + p("{kt}") + p("{/kt}") + p("PHÓ GIÁM ĐỐC"),
			map[string]any{"kt": "KT. GIÁM ĐỐC"}, []string{"KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"}},
		{"zero hides", p("{#n}") + p("có {n}") + p("{/n}"), map[string]any{"n": 0}, nil},
		{"inverted shows on empty", p("{^xs}") + p("Không có.") + p("{/xs}") + p("{#xs}") + p("{.}") + p("{/xs}"),
			map[string]any{"xs": []string{}}, []string{"Không có."}},
		{"inverted hides on non-empty", p("{^xs}") + p("Không có.") + p("{/xs}") + p("{#xs}") + p("{.}") + p("{/xs}"),
			map[string]any{"xs": []string{"một"}}, []string{"một"}},
		{"nested sections and outward lookup",
			p("{#muc}") + p("{so}. {tieu_de}") + p("{#khoi}") + p("{#doan}") + p("{doan}") + p("{/doan}") +
				p("{#y}") + p("- {noi_dung} ({so})") + p("{/y}") + p("{/khoi}") + p("{/muc}"),
			map[string]any{"muc": []map[string]any{
				{"so": "1", "tieu_de": "Một", "khoi": []map[string]any{
					{"doan": "Đoạn", "y": []map[string]any{{"noi_dung": "ý a"}, {"noi_dung": "ý b"}}},
					{"doan": "", "y": []map[string]any{{"noi_dung": "ý c"}}},
				}},
				{"so": "2", "tieu_de": "Hai", "khoi": []map[string]any{}},
			}},
			[]string{"1. Một", "Đoạn", "- ý a (1)", "- ý b (1)", "- ý c (1)", "2. Hai"}},
		{"table row repeats",
			table(row(p("TT"), p("Tên")), row(p("{#rows}{tt}"), p("{ten}{/rows}")), row(p("Tổng"), p("{n}"))),
			map[string]any{"n": 2, "rows": []map[string]any{{"tt": 1, "ten": "A"}, {"tt": 2, "ten": "B"}}},
			[]string{"TT", "Tên", "1", "A", "2", "B", "Tổng", "2"}},
		{"table row hidden", table(row(p("{#show}x"), p("y{/show}")), row(p("a"), p("b"))),
			map[string]any{"show": false}, []string{"a", "b"}},
		{"paragraph section inside a repeated row",
			table(row(p("{#rows}{ten}"), p("{#ys}")+p("- {.}")+p("{/ys}")+p("{/rows}"))),
			map[string]any{"rows": []map[string]any{{"ten": "A", "ys": []string{"1", "2"}}, {"ten": "B", "ys": []string{}}}},
			[]string{"A", "- 1", "- 2", "", "B", ""}},
		{"inline section", p("Gửi: {#nn}{ten}; {/nn}hết."), map[string]any{"nn": items}, []string{"Gửi: Ban Giám đốc Sở; Các phòng; hết."}},
		{"inline section across runs", p("a{#ok}", "b", "{/ok}c"), map[string]any{"ok": false}, []string{"ac"}},
		{"escaping", p("{v}"), map[string]any{"v": `<b> & "q" 'a'`}, []string{`<b> & "q" 'a'`}},
		{"newline and tab", p("{v}"), map[string]any{"v": "dòng 1\ndòng 2\tcột"}, []string{"dòng 1\ndòng 2\tcột"}},
		{"NFC", p("{v}"), map[string]any{"v": "Tie\u0302\u0301ng Vie\u0323\u0302t"}, []string{"Tiếng Việt"}},
		{"literal braces close alone", p("a } b"), nil, []string{"a } b"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := paragraphs(t, render(t, tc.body, tc.data))
			if !reflect.DeepEqual(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestMarkup checks what Word reads beyond the text: breaks, tabs, escapes and the run's
// formatting.
func TestMarkup(t *testing.T) {
	body := `<w:p><w:pPr><w:jc w:val="center"/></w:pPr>` +
		`<w:r><w:rPr><w:i/></w:rPr><w:t>Số: </w:t></w:r>` +
		`<w:r><w:rPr><w:b/><w:sz w:val="28"/></w:rPr><w:t>{so</w:t></w:r>` +
		`<w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t>_hieu}</w:t></w:r>` +
		`<w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve"> nhé</w:t></w:r></w:p>`
	out := partXML(t, render(t, body, map[string]any{"so_hieu": " A&B\nC\tD "}), "word/document.xml")
	for _, want := range []string{
		`<w:pPr><w:jc w:val="center"/></w:pPr>`,
		`<w:r><w:rPr><w:i/></w:rPr><w:t>Số: </w:t></w:r>`,
		// Inside running text, the line break became a space; the tab stays.
		`<w:r><w:rPr><w:b/><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve"> A&amp;B C</w:t><w:tab/><w:t xml:space="preserve">D </w:t></w:r>`,
		`<w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t></w:t></w:r>`,
		`<w:t xml:space="preserve"> nhé</w:t>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s\n%s", want, out)
		}
	}
	if err := xml.Unmarshal([]byte(out), new(any)); err != nil {
		t.Errorf("output is not well-formed XML: %v", err)
	}
	// Alone in its paragraph, the value keeps its line break.
	alone := `<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{so_hieu}</w:t></w:r></w:p>`
	out = partXML(t, render(t, alone, map[string]any{"so_hieu": " A&B\nC\tD "}), "word/document.xml")
	if want := `<w:t xml:space="preserve"> A&amp;B</w:t><w:br/><w:t xml:space="preserve">C</w:t><w:tab/><w:t xml:space="preserve">D </w:t>`; !strings.Contains(out, want) {
		t.Errorf("output lacks %s\n%s", want, out)
	}
}

// TestSplitRuns renders a template whose tags Word has split across runs, with spelling
// marks, bookmarks and revision ids between the pieces, and expects the same text as from
// the plain template.
func TestSplitRuns(t *testing.T) {
	r := func(rsid, s string) string {
		return `<w:r w:rsidR="` + rsid + `"><w:rPr><w:rFonts w:ascii="Times New Roman"/></w:rPr><w:t xml:space="preserve">` + s + `</w:t></w:r>`
	}
	proof := `<w:proofErr w:type="spellStart"/>`
	proofEnd := `<w:proofErr w:type="spellEnd"/>`
	bm := `<w:bookmarkStart w:id="0" w:name="_GoBack"/>`
	bmEnd := `<w:bookmarkEnd w:id="0"/>`
	para := func(inner string) string {
		return `<w:p w:rsidR="00AB12CD" w:rsidRDefault="00AB12CD"><w:pPr><w:ind w:firstLine="720"/></w:pPr>` + inner + `</w:p>`
	}
	plain := p("Số: {so_hieu}") + p("{#muc}") + p("{so}. {tieu_de}") + p("{/muc}") +
		table(row(p("{#nn}{ten}"), p("{/nn}")))
	split := para(r("01", "Số: {so")+proof+r("02", "_hi")+bm+r("03", "eu")+proofEnd+bmEnd+r("04", "}")) +
		para(r("05", "{")+r("06", "#muc")+r("07", "}")) +
		para(r("08", "{so}")+r("09", ". {")+proof+r("0A", "tieu_de")+proofEnd+r("0B", "}")) +
		para(bm+r("0C", "{/")+bmEnd+r("0D", "muc}")) +
		table(row(para(r("0E", "{#n")+r("0F", "n}{t")+r("10", "en}")), para(r("11", "{/nn")+`<w:r><w:t>}</w:t></w:r>`)))
	data := map[string]any{
		"so_hieu": "125/BC-SNgV",
		"muc":     []map[string]any{{"so": 1, "tieu_de": "Một"}, {"so": 2, "tieu_de": "Hai"}},
		"nn":      []map[string]any{{"ten": "Sở"}, {"ten": "Phòng"}},
	}
	want := paragraphs(t, render(t, plain, data))
	got := paragraphs(t, render(t, split, data))
	if !reflect.DeepEqual(got, want) {
		t.Errorf("split runs give %q\nplain gives %q", got, want)
	}
	if want[0] != "Số: 125/BC-SNgV" || len(want) != 7 {
		t.Errorf("plain template gives %q", want)
	}
}

func TestHeaderFields(t *testing.T) {
	doc := mkdocx(t, p("{a}"), p("Trang của {co_quan}")+p("{#xs}")+p("{.}")+p("{/xs}"))
	tpl, err := docxtpl.Parse("h.docx", doc)
	if err != nil {
		t.Fatal(err)
	}
	out, err := tpl.Render(map[string]any{"a": "x", "co_quan": "Sở & Ngành", "xs": []string{"1", "2"}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := docxtpl.Paragraphs(out, "word/header1.xml")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Trang của Sở & Ngành", "1", "2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("header: got %q, want %q", got, want)
	}
}

// TestRepeatedIDs: ids of bookmarks and drawings copied by a section are renewed in every copy
// but the first, a bookmark's start and end alike, above every id in the part.
func TestRepeatedIDs(t *testing.T) {
	body := p("{#xs}") +
		`<w:p><w:bookmarkStart w:id="5" w:name="Muc"/><w:r><w:t>{.}</w:t></w:r><w:bookmarkEnd w:id="5"/>` +
		`<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:docPr id="9" name="Logo"/></wp:inline></w:drawing></w:r></w:p>` +
		p("{/xs}") + `<w:p><w:bookmarkStart w:id="12" w:name="Het"/><w:bookmarkEnd w:id="12"/></w:p>`
	out := partXML(t, render(t, body, map[string]any{"xs": []string{"a", "b", "c"}}), "word/document.xml")
	for _, want := range []string{
		`<w:bookmarkStart w:id="5" w:name="Muc"/><w:r><w:t xml:space="preserve">a</w:t></w:r><w:bookmarkEnd w:id="5"/>`,
		`<wp:docPr id="9" name="Logo"/>`,
		`<w:bookmarkStart w:id="13" w:name="Muc_2"/><w:r><w:t xml:space="preserve">b</w:t></w:r><w:bookmarkEnd w:id="13"/>`,
		`<wp:docPr id="14" name="Logo"/>`,
		`<w:bookmarkStart w:id="15" w:name="Muc_3"/><w:r><w:t xml:space="preserve">c</w:t></w:r><w:bookmarkEnd w:id="15"/>`,
		`<wp:docPr id="16" name="Logo"/>`,
		`<w:bookmarkStart w:id="12" w:name="Het"/><w:bookmarkEnd w:id="12"/>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s\n%s", want, out)
		}
	}
}
