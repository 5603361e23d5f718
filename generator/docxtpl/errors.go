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
	ErrMalformedTag = errors.New("malformed tag")
	// ErrUnclosedSection: a {#name} or {^name} with no {/name}.
	ErrUnclosedSection = errors.New("section not closed")
	// ErrUnexpectedClose: a {/name} with no open section, closed twice, or naming another section.
	ErrUnexpectedClose = errors.New("unexpected close tag")
	// ErrPlacement: section tags placed where no paragraph, row or run range can be repeated.
	ErrPlacement = errors.New("section tags cannot be placed here")
	// ErrUnknownField: a name the data does not hold.
	ErrUnknownField = errors.New("unknown field")
	// ErrNotSingleValue: a field names a list or a map, where text is expected.
	ErrNotSingleValue = errors.New("single value expected")
	// ErrUnsupportedValue: a value of a type the engine cannot print or test.
	ErrUnsupportedValue = errors.New("unsupported value type")
	// ErrBadDocx: the file is not a WordprocessingML package the engine can read.
	ErrBadDocx = errors.New("not a readable .docx")
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
// itself and a little after, with "…" where the text was cut.
func excerpt(text string, from, to int) string {
	const around = 20
	start := from
	for n := 0; start > 0 && n < around; n++ {
		_, sz := utf8.DecodeLastRuneInString(text[:start])
		start -= sz
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

func quote(s string) string { return fmt.Sprintf("%q", s) }
