package docxtpl

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Classes of template errors; an *Error wraps one of them, so errors.Is tells them apart.
var (
	// ErrMalformedTag: a "{" with no "}" in its paragraph, or a tag whose name is not a name.
	ErrMalformedTag = errors.New("thẻ sai dạng")
	// ErrUnclosedSection: a {#name} or {^name} with no {/name}.
	ErrUnclosedSection = errors.New("khối chưa đóng")
	// ErrUnexpectedClose: a {/name} with no open section, closed twice, or naming another section.
	ErrUnexpectedClose = errors.New("thẻ đóng khối không khớp")
	// ErrPlacement: section tags placed where no paragraph, row or run range can be repeated.
	ErrPlacement = errors.New("thẻ khối đặt sai chỗ")
	// ErrUnknownField: a name the data does not hold.
	ErrUnknownField = errors.New("không có trường này")
	// ErrNotSingleValue: a field names a list or a map, where text is expected.
	ErrNotSingleValue = errors.New("cần một giá trị đơn")
	// ErrUnsupportedValue: a value of a type the engine cannot print or test.
	ErrUnsupportedValue = errors.New("giá trị không in được")
	// ErrBadDocx: the file is not a WordprocessingML package the engine can read.
	ErrBadDocx = errors.New("không phải tệp .docx đọc được")
	// ErrLimit: the template or the report it makes is over one of the limits (limits.go).
	ErrLimit = errors.New("vượt giới hạn")
)

// Error is one template error, located by template, part and paragraph.
type Error struct {
	Template  string // the name given to Parse, "bao-cao.docx"
	Part      string // the package part, "word/document.xml" or "word/header1.xml"
	Paragraph int    // 1-based paragraph number within the part; 0 when not tied to one
	Context   string // the paragraph text around the problem
	Tag       string // the tag as written, "{#muc}"; may be empty
	Kind      error  // one of the Err* class values
	Msg       string // what is wrong, for a reader
}

// Error formats the error like text/template does: where, the quoted text, then what.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Template)
	b.WriteString(": ")
	if e.Part != "" && e.Part != bodyPart {
		b.WriteString(e.Part)
		b.WriteString(": ")
	}
	if e.Paragraph > 0 {
		fmt.Fprintf(&b, "đoạn %d %q: ", e.Paragraph, e.Context)
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the error class, for errors.Is.
func (e *Error) Unwrap() error { return e.Kind }

// ErrorList is every error found in one Parse or Execute; it prints one error per line.
type ErrorList []*Error

// Error joins the errors, one per line.
func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Unwrap exposes each error to errors.Is and errors.As.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// excerpt quotes the text of a paragraph around bytes [from, to): a little before, the tag
// itself (its first maxQuote characters) and a little after, with "…" where the text was cut.
func excerpt(text string, from, to int) string {
	const around = 20
	start := from
	for n := 0; start > 0 && n < around; n++ {
		_, sz := utf8.DecodeLastRuneInString(text[:start])
		start -= sz
	}
	if tag := text[from:to]; utf8.RuneCountInString(tag) > maxQuote {
		s := text[start:from] + clip(tag)
		if start > 0 {
			s = "…" + s
		}
		return s
	}
	end := to
	for n := 0; end < len(text) && n < around; n++ {
		_, sz := utf8.DecodeRuneInString(text[end:])
		end += sz
	}
	s := text[start:end]
	if start > 0 {
		s = "…" + s
	}
	if end < len(text) {
		s += "…"
	}
	return s
}

// clip cuts s to its first maxQuote characters and "…", so a message never quotes a
// megabyte of a clerk's text back; bytes that are not UTF-8 become "�".
func clip(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	n := 0
	for i := range s {
		if n == maxQuote-1 {
			if utf8.RuneCountInString(s[i:]) > 1 {
				return s[:i] + "…"
			}
			return s
		}
		n++
	}
	return s
}

func quote(s string) string { return fmt.Sprintf("%q", clip(s)) }

// capped keeps the first MaxErrors errors and says how many more there were.
func capped(l ErrorList) ErrorList {
	if len(l) <= MaxErrors {
		return l
	}
	rest := len(l) - MaxErrors
	out := append(l[:MaxErrors:MaxErrors], &Error{Template: l[0].Template, Kind: l[MaxErrors].Kind,
		Msg: fmt.Sprintf("… và %d lỗi khác (chỉ liệt kê %d lỗi đầu)", rest, MaxErrors)})
	return out
}
