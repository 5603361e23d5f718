package docxtpl_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator/docxtpl"
	"github.com/baocao-vn/baocao/internal/testtool"
	"github.com/baocao-vn/baocao/templates"
)

// run is a run of plain text.
func run(s string) string { return `<w:r><w:t xml:space="preserve">` + s + `</w:t></w:r>` }

// TestWordIDsInSections fills small Word-saved templates whose sections repeat, hide or
// border paragraphs with ids and comments, and expects each paragraph id once in the package,
// each comment anchored once, and no comment or anchor left alone.
func TestWordIDsInSections(t *testing.T) {
	xs := map[string]any{"xs": []string{"a", "b", "c", "d"}, "flag": false, "ys": []map[string]any{
		{"zs": []string{"1", "2"}}, {"zs": []string{"3"}}}}
	for _, tc := range []struct {
		name         string
		body, header string
		notes        []note
		want         string // the body (or the header, when there is one) and the comments
	}{
		{name: "repeated paragraphs", want: `1A000002/1A000003 a
00000001/00000002 b
00000003/00000004 c
00000005/00000006 d
1A000006/1A000007 end
`,
			body: p("{#xs}") + p("{.}") + p("{/xs}") + p("end")},
		{name: "repeated table row", want: `row 1A000000
1A000002/1A000003 a
1A000004/1A000005
row 00000001
00000003/00000004 b
00000005/00000006
row 00000007
00000009/0000000A c
0000000B/0000000C
row 0000000D
0000000F/00000010 d
00000011/00000012
`,
			body: table(row(p("{#xs}{.}"), p("{/xs}")))},
		{name: "nested sections", want: `1A000002/1A000003 y
1A000006/1A000007 1
00000001/00000002 2
00000003/00000004 y
00000005/00000006 3
`,
			body: p("{#ys}") + p("y") + p("{#zs}") + p("{.}") + p("{/zs}") + p("{/ys}")},
		{name: "header", want: `00000003/00000004 a
00000007/00000008 b
00000009/0000000A c
0000000B/0000000C d
`,
			body: p("body"), header: p("{#xs}") + p("{.}") + p("{/xs}")},
		{name: "comment in repeated paragraphs", want: `1A000002/1A000003 ⟦0a0⟧※0
00000001/00000002 b
00000003/00000004 c
00000007/00000008 d
comment 0 00000005 "ghi chú"
commentsExtended.xml <w15:commentEx w15:paraId="00000005" w15:done="0"/>
commentsIds.xml <w16cid:commentId w16cid:paraId="00000005" w16cid:durableId="3C000000"/>
commentsExtensible.xml <w16cex:commentExtensible w16cex:durableId="3C000000" w16cex:dateUtc="2024-01-02T03:04:00Z"/>
`,
			notes: []note{{id: 0, parent: -1, text: "ghi chú"}},
			body:  p("{#xs}") + `<w:p>` + cs(0) + run("{.}") + ce(0) + cr(0) + `</w:p>` + p("{/xs}")},
		{name: "comment and its reply", want: `1A000002/1A000003 ⟦0⟦1a0⟧※01⟧※1
00000001/00000002 b
00000003/00000004 c
00000009/0000000A d
comment 0 00000005 "hỏi"
comment 1 00000007 "đáp"
commentsExtended.xml <w15:commentEx w15:paraId="00000005" w15:done="0"/>
commentsExtended.xml <w15:commentEx w15:paraId="00000007" w15:paraIdParent="00000005" w15:done="0"/>
commentsIds.xml <w16cid:commentId w16cid:paraId="00000005" w16cid:durableId="3C000000"/>
commentsIds.xml <w16cid:commentId w16cid:paraId="00000007" w16cid:durableId="3C000001"/>
commentsExtensible.xml <w16cex:commentExtensible w16cex:durableId="3C000000" w16cex:dateUtc="2024-01-02T03:04:00Z"/>
commentsExtensible.xml <w16cex:commentExtensible w16cex:durableId="3C000001" w16cex:dateUtc="2024-01-02T03:04:00Z"/>
`,
			notes: []note{{id: 0, parent: -1, text: "hỏi"}, {id: 1, parent: 0, text: "đáp"}},
			body:  p("{#xs}") + `<w:p>` + cs(0) + cs(1) + run("{.}") + ce(0) + cr(0) + ce(1) + cr(1) + `</w:p>` + p("{/xs}")},
		{name: "comment in a hidden section", want: `1A000006/1A000007 ⟦1y1⟧※1
comment 1 00000007 "còn"
commentsExtended.xml <w15:commentEx w15:paraId="00000007" w15:done="0"/>
commentsIds.xml <w16cid:commentId w16cid:paraId="00000007" w16cid:durableId="3C000001"/>
commentsExtensible.xml <w16cex:commentExtensible w16cex:durableId="3C000001" w16cex:dateUtc="2024-01-02T03:04:00Z"/>
`,
			notes: []note{{id: 0, parent: -1, text: "ẩn"}, {id: 1, parent: -1, text: "còn"}},
			body:  p("{#flag}") + `<w:p>` + cs(0) + run("x") + ce(0) + cr(0) + `</w:p>` + p("{/flag}") + `<w:p>` + cs(1) + run("y") + ce(1) + cr(1) + `</w:p>`},
		{name: "comment on a tag paragraph", want: `1A000002/1A000003 a
00000001/00000002 b
00000003/00000004 c
00000007/00000008 d
`,
			notes: []note{{id: 0, parent: -1, text: "thẻ"}},
			body:  `<w:p>` + cs(0) + run("{#xs}") + ce(0) + cr(0) + `</w:p>` + p("{.}") + p("{/xs}")},
		{name: "range into a hidden section", want: `1A000000/1A000001 before
`,
			notes: []note{{id: 0, parent: -1, text: "dài"}},
			body:  `<w:p>` + cs(0) + run("before") + `</w:p>` + p("{#flag}") + `<w:p>` + run("x") + ce(0) + cr(0) + `</w:p>` + p("{/flag}")},
		{name: "range into a repeated section", want: `1A000000/1A000001 ⟦0before
1A000004/1A000005 a0⟧※0
00000001/00000002 b
00000003/00000004 c
00000007/00000008 d
comment 0 00000005 "dài"
commentsExtended.xml <w15:commentEx w15:paraId="00000005" w15:done="0"/>
commentsIds.xml <w16cid:commentId w16cid:paraId="00000005" w16cid:durableId="3C000000"/>
commentsExtensible.xml <w16cex:commentExtensible w16cex:durableId="3C000000" w16cex:dateUtc="2024-01-02T03:04:00Z"/>
`,
			notes: []note{{id: 0, parent: -1, text: "dài"}},
			body:  `<w:p>` + cs(0) + run("before") + `</w:p>` + p("{#xs}") + `<w:p>` + run("{.}") + ce(0) + cr(0) + `</w:p>` + p("{/xs}")},
		{name: "range start in a hidden section", want: `1A000006/1A000007 after※0
comment 0 00000005 "dấu"
commentsExtended.xml <w15:commentEx w15:paraId="00000005" w15:done="0"/>
commentsIds.xml <w16cid:commentId w16cid:paraId="00000005" w16cid:durableId="3C000000"/>
commentsExtensible.xml <w16cex:commentExtensible w16cex:durableId="3C000000" w16cex:dateUtc="2024-01-02T03:04:00Z"/>
`,
			notes: []note{{id: 0, parent: -1, text: "dấu"}},
			body:  p("{#flag}") + `<w:p>` + cs(0) + run("x") + `</w:p>` + p("{/flag}") + `<w:p>` + run("after") + ce(0) + cr(0) + `</w:p>`},
		{name: "inline section", want: `1A000000/1A000001 ⟦0a0⟧※0bcd
comment 0 00000005 "trong dòng"
commentsExtended.xml <w15:commentEx w15:paraId="00000005" w15:done="0"/>
commentsIds.xml <w16cid:commentId w16cid:paraId="00000005" w16cid:durableId="3C000000"/>
commentsExtensible.xml <w16cex:commentExtensible w16cex:durableId="3C000000" w16cex:dateUtc="2024-01-02T03:04:00Z"/>
`,
			notes: []note{{id: 0, parent: -1, text: "trong dòng"}},
			body:  `<w:p>` + run("{#xs}") + cs(0) + run("{.}") + ce(0) + cr(0) + run("{/xs}") + `</w:p>`},
		{name: "reply to a comment left out", want: `1A000006/1A000007 ⟦1y1⟧※1
comment 1 00000007 "đáp"
commentsExtended.xml <w15:commentEx w15:paraId="00000007" w15:done="0"/>
commentsIds.xml <w16cid:commentId w16cid:paraId="00000007" w16cid:durableId="3C000001"/>
commentsExtensible.xml <w16cex:commentExtensible w16cex:durableId="3C000001" w16cex:dateUtc="2024-01-02T03:04:00Z"/>
`,
			notes: []note{{id: 0, parent: -1, text: "hỏi"}, {id: 1, parent: 0, text: "đáp"}},
			body:  p("{#flag}") + `<w:p>` + cs(0) + run("x") + ce(0) + cr(0) + `</w:p>` + p("{/flag}") + `<w:p>` + cs(1) + run("y") + ce(1) + cr(1) + `</w:p>`},
		{name: "anchor without its comment", want: `1A000002/1A000003 a
00000001/00000002 b
00000003/00000004 c
00000005/00000006 d
`,
			body: p("{#xs}") + `<w:p>` + cs(7) + run("{.}") + ce(7) + cr(7) + `</w:p>` + p("{/xs}")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tpl := wordSaved(t, mkdocx(t, tc.body, tc.header), tc.notes)
			parsed, err := docxtpl.Parse("test.docx", tpl)
			if err != nil {
				t.Fatal(err)
			}
			out, err := parsed.Render(xs)
			if err != nil {
				t.Fatal(err)
			}
			for _, pr := range idProblems(t, tpl, out) {
				t.Error(pr)
			}
			again, err := parsed.Render(xs)
			if err != nil || string(again) != string(out) {
				t.Errorf("a second render differs (%v)", err)
			}
			pkg := parts(t, out)
			part := "word/document.xml"
			if tc.header != "" {
				part = "word/header1.xml"
			}
			got := idView(t, pkg[part]) + commentView(pkg)
			if got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// reportNotes are comments a clerk might leave in the report template: on a repeated heading
// (with a reply), on a repeated bullet nested three sections deep, on a tag paragraph, from the
// opening into a section the sample leaves empty, and on a repeated recipient.
var reportNotes = []note{
	{id: 0, parent: -1, text: "Tiêu đề mục: lấy từ report.sections", start: []string{"{tieu_de}"}, end: []string{"{tieu_de}"}},
	{id: 1, parent: 0, text: "Đã sửa cỡ chữ", start: []string{"{tieu_de}"}, end: []string{"{tieu_de}"}},
	{id: 2, parent: -1, text: "Mỗi ý một dòng", start: []string{"{#y}", "{noi_dung}"}, end: []string{"{#y}", "{noi_dung}"}},
	{id: 3, parent: -1, text: "Khối nơi nhận", start: []string{"{#noi_nhan}"}, end: []string{"{#noi_nhan}"}},
	{id: 4, parent: -1, text: "Từ căn cứ đến các mục hoàn thành thêm", start: []string{"{can_cu}"}, end: []string{"{trang_thai}"}},
	{id: 5, parent: -1, text: "Tên nơi nhận", start: []string{"{ten}"}, end: []string{"{ten}"}},
}

// TestWordSavedReport fills the report template as Word saves it (paragraph ids everywhere,
// comments in repeated sections) and expects, for the sample and the long report, no paragraph
// id twice, each kept comment anchored once, the others gone from every comment part, and the
// same bytes from every render; the sample's ids and comments are kept in a golden file.
func TestWordSavedReport(t *testing.T) {
	tpl := wordSaved(t, templates.BaoCao, reportNotes)
	for _, tc := range []struct {
		name string
		data map[string]any
	}{{"sample", sampleData()}, {"long", benchData()}} {
		t.Run(tc.name, func(t *testing.T) {
			out := renderReport(t, tpl, tc.data)
			for _, pr := range idProblems(t, tpl, out) {
				t.Error(pr)
			}
			if again := renderReport(t, tpl, tc.data); !bytes.Equal(again, out) {
				t.Error("two renders of the same template and data differ")
			}
			pkg := parts(t, out)
			got := "== word/document.xml\n" + idView(t, pkg["word/document.xml"]) +
				"== word/header1.xml\n" + idView(t, pkg["word/header1.xml"]) + "== comments\n" + commentView(pkg)
			if tc.name == "sample" {
				testtool.Golden(t, filepath.Join("testdata", "bao-cao-word.golden"), got)
			}
			for _, kept := range []string{`comment 0 `, `comment 1 `, `comment 2 `, `comment 5 `} {
				if !strings.Contains(got, kept) {
					t.Errorf("%slost", kept)
				}
			}
			for _, gone := range []string{`comment 3 `, `comment 4 `} {
				if strings.Contains(got, gone) {
					t.Errorf("%skept, its anchors are not in the report", gone)
				}
			}
		})
	}
}

// TestWordSavedReportInLibreOffice opens the long report filled from the Word-saved template
// in LibreOffice: every repeated copy is in its text, and the comments it reads are the four
// the report keeps, each once, each with its range.
func TestWordSavedReportInLibreOffice(t *testing.T) {
	testtool.Require(t, "soffice")
	in := filepath.Join(t.TempDir(), "bao-cao.docx")
	if err := os.WriteFile(in, renderReport(t, wordSaved(t, templates.BaoCao, reportNotes), benchData()), 0o644); err != nil {
		t.Fatal(err)
	}
	txt, err := os.ReadFile(soffice(t, "txt:Text (encoded):UTF8", in))
	if err != nil {
		t.Fatal(err)
	}
	text := string(txt)
	for i := 1; i <= 10; i++ {
		for _, want := range []string{fmt.Sprintf("%d. Nội dung thứ %d", i, i), fmt.Sprintf("Đoạn %d.1:", i), fmt.Sprintf("Đoạn %d.3:", i)} {
			if !strings.Contains(text, want) {
				t.Errorf("LibreOffice's text lacks %q", want)
			}
		}
	}
	for _, want := range []string{"- Ban Giám đốc Sở;", "- Các phòng chuyên môn, đơn vị trực thuộc;"} {
		if !strings.Contains(text, want) {
			t.Errorf("LibreOffice's text lacks %q", want)
		}
	}
	if n := strings.Count(text, "- Tiếp tục tiếp nhận hồ sơ TTHC"); n != 30 {
		t.Errorf("LibreOffice's text holds %d copies of the repeated bullet, want 30", n)
	}
	odt, err := os.ReadFile(soffice(t, "odt", in))
	if err != nil {
		t.Fatal(err)
	}
	content := partXML(t, odt, "content.xml")
	if n := strings.Count(content, "<office:annotation "); n != 4 {
		t.Errorf("LibreOffice reads %d comments, want 4", n)
	}
	if n := strings.Count(content, "<office:annotation-end "); n != 4 {
		t.Errorf("LibreOffice reads %d comment ranges, want 4", n)
	}
	for _, n := range reportNotes {
		want := 1
		if n.id == 3 || n.id == 4 {
			want = 0
		}
		if got := strings.Count(content, n.text); got != want {
			t.Errorf("comment %q read %d times, want %d", n.text, got, want)
		}
	}
}

// TestFreshIDsSkipEveryPart: a part the engine only copies (footnotes, 2,000 paragraphs, read
// in pieces) holds paragraph ids 1 to 2,000; fresh ids in the body's copies must skip them all.
func TestFreshIDsSkipEveryPart(t *testing.T) {
	var notes strings.Builder
	notes.WriteString(`<w:footnotes ` + wNS + ` ` + w14Decl + `>`)
	for i := 1; i <= 2000; i++ {
		fmt.Fprintf(&notes, `<w:footnote w:id="%d"><w:p w14:paraId="%08X" w14:textId="77777777"><w:r><w:t>%d</w:t></w:r></w:p></w:footnote>`, i, i, i)
	}
	notes.WriteString(`</w:footnotes>`)
	tpl := repack(t, wordSaved(t, mkdocx(t, p("{#xs}")+p("{.}")+p("{/xs}"), ""), nil),
		func(_, data string) string { return data }, [2]string{"word/footnotes.xml", notes.String()})
	out := renderReport(t, tpl, map[string]any{"xs": []string{"a", "b", "c"}})
	got := idView(t, partXML(t, out, "word/document.xml"))
	if want := "1A000002/1A000003 a\n000007D1/000007D2 b\n000007D3/000007D4 c\n"; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
