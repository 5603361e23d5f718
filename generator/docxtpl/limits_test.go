package docxtpl_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator/docxtpl"
	"github.com/baocao-vn/baocao/internal/testtool"
)

// nested returns depth {#muc} sections one inside the other, each tag alone in its paragraph,
// with inner at the centre.
func nested(depth int, inner string) string {
	return strings.Repeat(p("{#muc}"), depth) + inner + strings.Repeat(p("{/muc}"), depth)
}

// minimal package parts around a body, for packages built with testtool.Zip.
func bodyXML(body string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?><w:document ` + wNS + `><w:body>` + body + `<w:sectPr/></w:body></w:document>`)
}

// TestLimits: one case per limit and per kind of file that is not a template; each gives an
// error of its class, naming the limit, and no template.
func TestLimits(t *testing.T) {
	mb := 1 << 20
	xmlChunk := bytes.Repeat([]byte(`<w:p><w:r><w:t>x</w:t></w:r></w:p>`), mb/32)
	tests := []struct {
		name string
		docx []byte
		kind error
		want string
	}{
		{"empty file", nil, docxtpl.ErrBadDocx, "t.docx: tệp rỗng, không phải tệp .docx"},
		{"Word 97–2003", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), docxtpl.ErrBadDocx,
			"không phải tệp .docx mà là tệp Word 97–2003 (.doc): mở bằng Word hoặc LibreOffice và lưu lại dạng .docx"},
		{"PDF", []byte("%PDF-1.7\n%âãÏÓ\n"), docxtpl.ErrBadDocx, "không phải tệp .docx mà là tệp PDF"},
		{"text", []byte("Báo cáo"), docxtpl.ErrBadDocx, "không phải tệp .docx (tệp .docx là một gói nén zip"},
		{"zip without a body", testtool.Zip(t, testtool.ZipEntry{Name: "a.txt", Data: []byte("x")}), docxtpl.ErrBadDocx,
			"không phải tệp .docx: gói nén zip không có word/document.xml"},
		{"OpenDocument", testtool.Zip(t, testtool.ZipEntry{Name: "mimetype", Data: []byte("application/vnd.oasis.opendocument.text")},
			testtool.ZipEntry{Name: "content.xml", Data: []byte("<x/>")}), docxtpl.ErrBadDocx, "là tệp OpenDocument (.odt)"},
		{"broken zip", append([]byte("PK\x03\x04"), make([]byte, 100)...), docxtpl.ErrBadDocx, "gói nén zip bị hỏng"},
		{"file too large", append([]byte("PK"), make([]byte, docxtpl.MaxTemplateSize)...), docxtpl.ErrLimit,
			"tệp mẫu 32,0 MB vượt giới hạn 32 MB"},
		{"body inflates past the entry limit", testtool.Zip(t,
			testtool.ZipEntry{Name: "word/document.xml", Data: xmlChunk, Repeat: 1024}), docxtpl.ErrLimit,
			"mục word/document.xml giải nén ra hơn 8 MB, vượt giới hạn của một phần văn bản có thẻ"},
		{"comments inflate past the limit of a comments part", testtool.Zip(t,
			testtool.ZipEntry{Name: "word/document.xml", Data: bodyXML(p("a"))},
			testtool.ZipEntry{Name: "word/comments.xml", Data: xmlChunk, Repeat: 9}), docxtpl.ErrLimit,
			"mục word/comments.xml giải nén ra hơn 8 MB, vượt giới hạn của phần ghi chú (comment)"},
		{"body inflates past its declared size", testtool.Zip(t,
			testtool.ZipEntry{Name: "word/document.xml", Data: xmlChunk, Repeat: 1024, DeclaredSize: 1000}), docxtpl.ErrBadDocx,
			"mục word/document.xml bị hỏng, không giải nén được"},
		{"media named like a header", testtool.Zip(t,
			testtool.ZipEntry{Name: "word/document.xml", Data: bodyXML(p("a"))},
			testtool.ZipEntry{Name: "word/media/header-logo.png", Data: make([]byte, mb), Repeat: 40}), docxtpl.ErrLimit,
			"mục word/media/header-logo.png giải nén ra hơn 32 MB"},
		{"entries inflate past the total", testtool.Zip(t, append([]testtool.ZipEntry{{Name: "word/document.xml", Data: bodyXML(p("a"))}},
			manyEntries(5, 30*mb)...)...), docxtpl.ErrLimit, "các mục của gói .docx giải nén ra hơn 128 MB, vượt giới hạn tổng"},
		{"too many entries", testtool.Zip(t, append([]testtool.ZipEntry{{Name: "word/document.xml", Data: bodyXML(p("a"))}},
			manyEntries(docxtpl.MaxEntries, 1)...)...), docxtpl.ErrLimit, "gói .docx có 1001 mục, vượt giới hạn 1000 mục"},
		{"a directory larger than its count says", lyingDirectory(t), docxtpl.ErrLimit,
			"danh mục của gói .docx dài 1,9 MB, quá dài cho 1000 mục"},
		{"XML nested too deep", mkdocx(t, strings.Repeat("<w:x>", 300)+strings.Repeat("</w:x>", 300), ""), docxtpl.ErrLimit,
			"các phần tử XML lồng nhau quá 256 tầng"},
		{"too many tags", mkdocx(t, p(strings.Repeat("{a}", docxtpl.MaxTags+1)), ""), docxtpl.ErrLimit, "mẫu có hơn 20000 thẻ"},
		{"24 nested sections", mkdocx(t, nested(24, p("{so}")), ""), docxtpl.ErrLimit,
			`đoạn 17 "{#muc}": khối {#muc} lồng trong 16 khối khác, vượt giới hạn 16 tầng khối lồng nhau`},
		{"100 nested sections", mkdocx(t, nested(100, p("{so}")), ""), docxtpl.ErrLimit, "vượt giới hạn 16 tầng"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := docxtpl.Parse("t.docx", tc.docx)
			checkErr(t, err, tc.kind, []string{tc.want})
			if n := len(err.Error()); n > 2000 {
				t.Errorf("message of %d bytes", n)
			}
		})
	}
}

// lyingDirectory is a package of 20,000 entries whose end record declares 5.
func lyingDirectory(t *testing.T) []byte {
	es := []testtool.ZipEntry{{Name: "word/document.xml", Data: bodyXML(p("a"))}}
	for i := range 20000 {
		es = append(es, testtool.ZipEntry{Name: fmt.Sprintf("word/media/%040d.png", i), Data: []byte("x")})
	}
	b := testtool.Zip(t, es...)
	eocd := bytes.LastIndex(b, []byte("PK\x05\x06"))
	binary.LittleEndian.PutUint16(b[eocd+8:], 5)
	binary.LittleEndian.PutUint16(b[eocd+10:], 5)
	return b
}

func manyEntries(n, size int) []testtool.ZipEntry {
	out := make([]testtool.ZipEntry, n)
	for i := range out {
		out[i] = testtool.ZipEntry{Name: "word/media/image" + strconv.Itoa(i) + ".png",
			Data: make([]byte, min(size, 1<<20)), Repeat: max(1, size/(1<<20))}
	}
	return out
}

// TestExecutionLimits: sections nested over lists stop at the work or output limit, quickly,
// naming the section, instead of running for ever; nothing is returned.
func TestExecutionLimits(t *testing.T) {
	muc := map[string]any{"muc": []map[string]any{{"so": "1"}, {"so": "2"}, {"so": "3"}, {"so": "4"}}}
	big := p(strings.Repeat("chữ ", 1<<18)) // 1 MB of text per repetition
	tests := []struct {
		name, body, want string
	}{
		{"16 nested sections that print nothing", nested(16, ""), "khối {#muc}: điền mẫu vượt giới hạn 4194304 bước"},
		{"16 nested sections that print a little", nested(16, p("{so}")), "khối {#muc}: báo cáo điền từ mẫu vượt giới hạn 16 MB"},
		{"a large paragraph repeated", nested(3, big), "khối {#muc}: báo cáo điền từ mẫu vượt giới hạn 16 MB"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tpl, err := docxtpl.Parse("t.docx", mkdocx(t, tc.body, ""))
			if err != nil {
				t.Fatal(err)
			}
			out, err := tpl.Render(muc)
			if out != nil {
				t.Errorf("Render returned %d bytes with the error", len(out))
			}
			checkErr(t, err, docxtpl.ErrLimit, []string{tc.want})
		})
	}
}

// TestAllErrorsWithUnclosedSection: an unclosed section no longer hides the fields the data
// lacks; the fields inside the unclosed section still resolve in its items.
func TestAllErrorsWithUnclosedSection(t *testing.T) {
	body := p("{#muc}") + p("{so}. {tieu_de}") + p("{khong_co}") + p("{Nguoi_ky}")
	tpl, err := docxtpl.Parse("t.docx", mkdocx(t, body, ""))
	checkErr(t, err, docxtpl.ErrUnclosedSection, []string{`đoạn 1 "{#muc}": khối {#muc} chưa đóng`})
	if tpl == nil {
		t.Fatal("no template to check the fields with")
	}
	out, err := tpl.Render(map[string]any{"muc": []map[string]any{{"so": "1", "tieu_de": "a"}, {"so": "2", "tieu_de": "b"}}, "nguoi_ky": "x"})
	if out != nil {
		t.Error("a broken template rendered")
	}
	checkErr(t, err, docxtpl.ErrUnknownField, []string{
		`đoạn 1 "{#muc}": khối {#muc} chưa đóng`,
		`đoạn 3 "{khong_co}": không có trường "khong_co" trong dữ liệu`,
		`đoạn 4 "{Nguoi_ky}": không có trường "Nguoi_ky" trong dữ liệu (có phải {nguoi_ky}?)`,
	})
	if n := strings.Count(err.Error(), "\n") + 1; n != 3 {
		t.Errorf("want 3 errors ({so} and {tieu_de} resolve in the section's items), got %d:\n%v", n, err)
	}
}

// TestLongTagIsCut: a megabyte-long tag is quoted in a few dozen characters.
func TestLongTagIsCut(t *testing.T) {
	long := strings.Repeat("a", 1<<20)
	for _, body := range []string{p("{" + long + " b}"), p("{#" + long + "}"), p("x {" + long)} {
		_, err := docxtpl.Parse("t.docx", mkdocx(t, body, ""))
		if err == nil {
			t.Fatal("no error")
		}
		if n := len(err.Error()); n > 400 {
			t.Errorf("message of %d bytes: %.300s", n, err)
		}
		if !strings.Contains(err.Error(), "aaaa…") {
			t.Errorf("the tag is not cut with …: %.300s", err)
		}
	}
	tpl, err := docxtpl.Parse("t.docx", mkdocx(t, p("{"+long+"}"), ""))
	if err != nil {
		t.Fatal(err)
	}
	_, err = tpl.Render(map[string]any{})
	if err == nil || len(err.Error()) > 400 {
		t.Errorf("unknown long field: %.300v", err)
	}
}

// TestDidYouMean: case, diacritics and small typos find the field; nothing far-fetched.
func TestDidYouMean(t *testing.T) {
	data := map[string]any{"nguoi_ky": "x", "chuc_vu": "y", "trich_yeu": "z", "a": map[string]any{"ten": "t"},
		"muc": []map[string]any{{"tieu_de": "t"}}}
	tests := []struct{ tag, want string }{
		{"{Nguoi_ky}", "(có phải {nguoi_ky}?)"},
		{"{người_ký}", "(có phải {nguoi_ky}?)"},
		{"{NGƯỜI_KÝ}", "(có phải {nguoi_ky}?)"},
		{"{nguoi_kyy}", "(có phải {nguoi_ky}?)"},
		{"{chuc_vuu}", "(có phải {chuc_vu}?)"},
		{"{trichyeu}", "(có phải {trich_yeu}?)"},
		{"{a.tne}", `"a" không có khóa "tne" (có phải {ten}?)`},
		{"{#muc}{tieu_đề}{/muc}", "(có phải {tieu_de}?)"},
		{"{xyz}", `không có trường "xyz" trong dữ liệu`},
	}
	for _, tc := range tests {
		tpl, err := docxtpl.Parse("t.docx", mkdocx(t, p(tc.tag), ""))
		if err != nil {
			t.Fatal(err)
		}
		_, err = tpl.Render(data)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.tag, err, tc.want)
		}
		if tc.tag == "{xyz}" && strings.Contains(err.Error(), "có phải") {
			t.Errorf("%s: far-fetched suggestion: %v", tc.tag, err)
		}
	}
}

// TestNoGoTypes: a list or a group where a value is expected is explained in the template's
// terms.
func TestNoGoTypes(t *testing.T) {
	tpl, err := docxtpl.Parse("t.docx", mkdocx(t, p("{muc}")+p("{a}")+p("{f}")+p("{#f}")+p("x")+p("{/f}"), ""))
	if err != nil {
		t.Fatal(err)
	}
	_, err = tpl.Render(map[string]any{"muc": []map[string]any{{"so": "1"}}, "a": map[string]any{"ten": "t", "ma": "m"}, "f": 1.5})
	checkErr(t, err, docxtpl.ErrNotSingleValue, []string{
		"trường {muc} là một danh sách, không phải một giá trị: dùng {#muc}…{/muc}",
		"trường {a} là một nhóm (ma, ten), không phải một giá trị: dùng {a.ma}",
		"trường {f} có giá trị không in được",
	})
	for _, bad := range []string{"map[", "[]", "interface", "float64", "int"} {
		if strings.Contains(err.Error(), bad) {
			t.Errorf("message shows a Go type (%q):\n%v", bad, err)
		}
	}
	if !errors.Is(err, docxtpl.ErrUnsupportedValue) {
		t.Errorf("%v is not ErrUnsupportedValue", err)
	}
}
