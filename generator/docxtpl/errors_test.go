package docxtpl_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator/docxtpl"
)

// TestParseErrors has one case per error class Parse reports; each names the paragraph,
// quotes its text and names the tag.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		body string
		kind error
		want []string // substrings of the message
	}{
		{"thẻ chưa đóng", p("Mở đầu") + p("Số: {so_hieu"), docxtpl.ErrMalformedTag,
			[]string{`test.docx: đoạn 2 "Số: {so_hieu": thẻ chưa đóng`}},
		{"brace inside a field", p("a {so{b} c"), docxtpl.ErrMalformedTag,
			[]string{`đoạn 1 "a {so{b} c": thẻ chưa đóng`}},
		{"malformed name", p("{so hieu}"), docxtpl.ErrMalformedTag,
			[]string{`đoạn 1 "{so hieu}": thẻ sai dạng "{so hieu}"`}},
		{"section not closed", p("{#muc}") + p("{so}"), docxtpl.ErrUnclosedSection,
			[]string{`đoạn 1 "{#muc}": khối {#muc} chưa đóng`}},
		{"close without open", p("a") + p("{/muc}"), docxtpl.ErrUnexpectedClose,
			[]string{`đoạn 2 "{/muc}": {/muc} không có {#muc} mở trước đó`}},
		{"closed twice", p("{#muc}") + p("x") + p("{/muc}") + p("{/muc}"), docxtpl.ErrUnexpectedClose,
			[]string{`đoạn 4 "{/muc}": {/muc} đóng khối "muc" lần thứ hai (đã đóng ở đoạn 3)`}},
		{"mismatched close", p("{#muc}") + p("{#y}") + p("x") + p("{/muc}"), docxtpl.ErrUnclosedSection,
			[]string{`đoạn 2 "{#y}": khối {#y} chưa đóng trước {/muc} ở đoạn 4`}},
		{"mismatched name", p("{#muc}") + p("x") + p("{/khoi}"), docxtpl.ErrUnexpectedClose,
			[]string{`đoạn 3 "{/khoi}": {/khoi} không khớp với {#muc} mở ở đoạn 1`}},
		{"bad placement", p("{#muc} tiêu đề") + p("nội dung {/muc}"), docxtpl.ErrPlacement,
			[]string{`đoạn 1 "{#muc} tiêu đề": {#muc} (đoạn 1) và {/muc} (đoạn 2) phải mỗi thẻ đứng riêng`}},
		{"overlapping sections", p("{#a}") + table(row(p("{#b}x"), p("{/a}")), row(p("y"), p("{/b}"))), docxtpl.ErrUnexpectedClose,
			[]string{`{/a} ở đoạn 3`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := docxtpl.Parse("test.docx", mkdocx(t, tc.body, ""))
			checkErr(t, err, tc.kind, tc.want)
		})
	}
}

// TestExecuteErrors: errors found against the data, all reported together, nothing written.
func TestExecuteErrors(t *testing.T) {
	body := p("Số: {so_hieu}") + p("{#muc}") + p("{so}. {tieu_de} {khong_co}") + p("{/muc}") +
		p("Nơi nhận: {noi_nhan}") + p("{a.b}") + p("{#thieu}") + p("x") + p("{/thieu}") + p("{f}")
	tpl, err := docxtpl.Parse("bao-cao.docx", mkdocx(t, body, ""))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err = tpl.Execute(&out, map[string]any{
		"muc":      []map[string]any{{"so": "1", "tieu_de": "a"}, {"so": "2", "tieu_de": "b"}},
		"noi_nhan": []map[string]any{{"ten": "Sở"}},
		"a":        map[string]any{"c": "x"},
		"f":        1.5,
	})
	if out.Len() != 0 {
		t.Errorf("Execute wrote %d bytes despite errors", out.Len())
	}
	checkErr(t, err, docxtpl.ErrUnknownField, []string{
		`bao-cao.docx: đoạn 1 "Số: {so_hieu}": không có trường "so_hieu" trong dữ liệu`,
		`bao-cao.docx: đoạn 3 "{so}. {tieu_de} {khong_co}": không có trường "khong_co" trong dữ liệu`,
		`bao-cao.docx: đoạn 5 "Nơi nhận: {noi_nhan}": trường {noi_nhan} là một danh sách, không phải một giá trị: dùng {#noi_nhan}…{/noi_nhan} để lặp lại theo từng mục`,
		`bao-cao.docx: đoạn 6 "{a.b}": không có trường "a.b": "a" không có khóa "b"`,
		`bao-cao.docx: đoạn 7 "{#thieu}": không có trường "thieu" trong dữ liệu`,
		`bao-cao.docx: đoạn 10 "{f}": trường {f} có giá trị không in được (chỉ in được chữ, số nguyên, có/không)`,
	})
	var list docxtpl.ErrorList
	if !errors.As(err, &list) || len(list) != 6 {
		t.Fatalf("want 6 errors in an ErrorList (one per tag, not per repetition), got %v", err)
	}
	if n := strings.Count(err.Error(), "\n"); n != 5 {
		t.Errorf("want one error per line, got %d line breaks", n)
	}
	for i, kind := range []error{docxtpl.ErrUnknownField, docxtpl.ErrUnknownField, docxtpl.ErrNotSingleValue,
		docxtpl.ErrUnknownField, docxtpl.ErrUnknownField, docxtpl.ErrUnsupportedValue} {
		if !errors.Is(list[i], kind) {
			t.Errorf("error %d: %v is not %v", i, list[i], kind)
		}
	}
}

// TestAllParseErrorsAtOnce: Parse goes on after the first error.
func TestAllParseErrorsAtOnce(t *testing.T) {
	body := p("{#muc}") + p("{a") + p("{/khoi}") + p("{b c}")
	_, err := docxtpl.Parse("t.docx", mkdocx(t, body, p("{#h}")))
	var list docxtpl.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("want an ErrorList, got %v", err)
	}
	if len(list) != 5 {
		t.Fatalf("want 5 errors, got %d:\n%v", len(list), err)
	}
	checkErr(t, err, docxtpl.ErrMalformedTag, []string{
		`đoạn 2 "{a": thẻ chưa đóng`,
		`đoạn 4 "{b c}": thẻ sai dạng`,
		`đoạn 3 "{/khoi}": {/khoi} không khớp với {#muc}`,
		`đoạn 1 "{#muc}": khối {#muc} chưa đóng`,
		`t.docx: word/header1.xml: đoạn 1 "{#h}": khối {#h} chưa đóng`,
	})
	var one *docxtpl.Error
	if !errors.As(err, &one) || one.Template != "t.docx" || one.Paragraph == 0 {
		t.Errorf("errors.As(*Error) gives %+v", one)
	}
}

func TestNotADocx(t *testing.T) {
	_, err := docxtpl.Parse("x.docx", []byte("not a zip"))
	if !errors.Is(err, docxtpl.ErrBadDocx) || !strings.HasPrefix(err.Error(), "x.docx: ") {
		t.Errorf("got %v", err)
	}
}

func TestExcerptIsCut(t *testing.T) {
	long := strings.Repeat("chữ ", 20)
	_, err := docxtpl.Parse("t.docx", mkdocx(t, p(long+"{x "+long), ""))
	if err == nil || !strings.Contains(err.Error(), `"…chữ chữ chữ chữ chữ {x chữ chữ chữ chữ chữ…"`) {
		t.Errorf("got %v", err)
	}
}

func checkErr(t *testing.T, err error, kind error, want []string) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	if !errors.Is(err, kind) {
		t.Errorf("%v: not %v", err, kind)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%v", w, err)
		}
	}
}
