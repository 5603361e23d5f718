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
		{"unclosed field", p("Mở đầu") + p("Số: {so_hieu"), docxtpl.ErrMalformedTag,
			[]string{`test.docx: paragraph 2 "Số: {so_hieu": unclosed field`}},
		{"brace inside a field", p("a {so{b} c"), docxtpl.ErrMalformedTag,
			[]string{`paragraph 1 "a {so{b} c": unclosed field`}},
		{"malformed name", p("{so hieu}"), docxtpl.ErrMalformedTag,
			[]string{`paragraph 1 "{so hieu}": malformed tag "{so hieu}"`}},
		{"section not closed", p("{#muc}") + p("{so}"), docxtpl.ErrUnclosedSection,
			[]string{`paragraph 1 "{#muc}": section {#muc} is not closed`}},
		{"close without open", p("a") + p("{/muc}"), docxtpl.ErrUnexpectedClose,
			[]string{`paragraph 2 "{/muc}": {/muc} has no open {#muc}`}},
		{"closed twice", p("{#muc}") + p("x") + p("{/muc}") + p("{/muc}"), docxtpl.ErrUnexpectedClose,
			[]string{`paragraph 4 "{/muc}": {/muc} closes section "muc" a second time (it was closed in paragraph 3)`}},
		{"mismatched close", p("{#muc}") + p("{#y}") + p("x") + p("{/muc}"), docxtpl.ErrUnclosedSection,
			[]string{`paragraph 2 "{#y}": section {#y} is not closed before {/muc} in paragraph 4`}},
		{"mismatched name", p("{#muc}") + p("x") + p("{/khoi}"), docxtpl.ErrUnexpectedClose,
			[]string{`paragraph 3 "{/khoi}": {/khoi} does not match {#muc} opened in paragraph 1`}},
		{"bad placement", p("{#muc} tiêu đề") + p("nội dung {/muc}"), docxtpl.ErrPlacement,
			[]string{`paragraph 1 "{#muc} tiêu đề": {#muc} (paragraph 1) and {/muc} (paragraph 2) must each stand alone`}},
		{"overlapping sections", p("{#a}") + table(row(p("{#b}x"), p("{/a}")), row(p("y"), p("{/b}"))), docxtpl.ErrUnexpectedClose,
			[]string{`{/a} in paragraph 3`}},
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
		`bao-cao.docx: paragraph 1 "Số: {so_hieu}": unknown field "so_hieu"`,
		`bao-cao.docx: paragraph 3 "{so}. {tieu_de} {khong_co}": unknown field "khong_co"`,
		`bao-cao.docx: paragraph 5 "Nơi nhận: {noi_nhan}": field {noi_nhan}: names a []map[string]interface {} where a single value is expected`,
		`bao-cao.docx: paragraph 6 "{a.b}": unknown field "a.b": "a" has no key "b"`,
		`bao-cao.docx: paragraph 7 "{#thieu}": unknown field "thieu"`,
		`bao-cao.docx: paragraph 10 "{f}": field {f}: cannot use a value of type float64`,
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
		`paragraph 2 "{a": unclosed field`,
		`paragraph 4 "{b c}": malformed tag`,
		`paragraph 3 "{/khoi}": {/khoi} does not match {#muc}`,
		`paragraph 1 "{#muc}": section {#muc} is not closed`,
		`t.docx: word/header1.xml: paragraph 1 "{#h}": section {#h} is not closed`,
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
