package generator

import (
	"fmt"
	"strings"

	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/tomledit"
)

// NextOptions are the dates of the next reporting date's dataset.
type NextOptions struct {
	Date dataset.Date // the new document's date
	AsOf dataset.Date // the date the figures are updated to; zero means Date
}

// Next makes the next reporting date's dataset from the last one's TOML text src (name is
// used in messages): the document number cleared, the document's date and the appendix's
// as-of date set, and everything else — statuses, texts, comments, layout — kept byte for
// byte for the clerk to update. A dataset that is not valid, or dates that are not after the
// last ones, are refused. The result is loaded and validated before it is returned.
func Next(name string, src []byte, opt NextOptions) ([]byte, error) {
	if opt.AsOf.IsZero() {
		opt.AsOf = opt.Date
	}
	// The fast path reads only the two dates from the text and validates the result; the
	// source is validated on its own only when something fails, so that its errors are
	// reported with its own lines.
	// The dataset's limits first: the editor's index must not outgrow them.
	if err := dataset.CheckText(name, src); err != nil {
		return nil, err
	}
	text, err := tomledit.Parse(name, src)
	if err != nil {
		return nil, sourceError(name, src, err)
	}
	lastDate, dateLine, ok1 := dateAt(text, "document.date")
	lastAsOf, asOfLine, ok2 := dateAt(text, "appendix.as_of")
	if !ok1 || !ok2 {
		return nil, sourceError(name, src, fmt.Errorf("%s: thiếu document.date hoặc appendix.as_of", name))
	}
	var problems []string
	if !after(opt.Date, lastDate) {
		problems = append(problems, fmt.Sprintf("%s:%d: document.date: ngày báo cáo mới %s phải sau ngày của báo cáo trước %s",
			name, dateLine, opt.Date, lastDate))
	}
	if !after(opt.AsOf, lastAsOf) {
		problems = append(problems, fmt.Sprintf("%s:%d: appendix.as_of: ngày cập nhật số liệu mới %s phải sau ngày của báo cáo trước %s",
			name, asOfLine, opt.AsOf, lastAsOf))
	}
	if after(opt.AsOf, opt.Date) {
		problems = append(problems, fmt.Sprintf("ngày cập nhật số liệu %s sau ngày ban hành %s", opt.AsOf, opt.Date))
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(problems, "\n"))
	}
	out, err := text.Apply(
		tomledit.Edit{Path: "document.number", Value: tomledit.String("")},
		tomledit.Edit{Path: "document.date", Value: DateValue(text, "document.date", opt.Date)},
		tomledit.Edit{Path: "appendix.as_of", Value: DateValue(text, "appendix.as_of", opt.AsOf)},
	)
	if err != nil {
		return nil, sourceError(name, src, err)
	}
	next, err := dataset.Parse(name, out)
	if err != nil {
		return nil, sourceError(name, src, fmt.Errorf("lỗi nội bộ: dữ liệu kỳ mới không hợp lệ: %w", err))
	}
	if d := next; d.Document.Number != "" || d.Document.Date != opt.Date || d.Appendix.AsOf != opt.AsOf {
		return nil, fmt.Errorf("lỗi nội bộ: dữ liệu kỳ mới không mang số và ngày đã đặt")
	}
	return out, nil
}

// sourceError returns the source's own validation errors when it has any, else err.
func sourceError(name string, src []byte, err error) error {
	if _, derr := dataset.Parse(name, src); derr != nil {
		return derr
	}
	return err
}

// dateAt reads the date at path as the dataset would, with its line.
func dateAt(doc *tomledit.Doc, path string) (dataset.Date, int, bool) {
	e, ok := doc.Get(path)
	if !ok || e.Kind != tomledit.KindDate && e.Kind != tomledit.KindString {
		return dataset.Date{}, 0, false
	}
	d, err := dataset.ParseDate(e.Text)
	return d, e.Line, err == nil
}

// after reports whether a is a later day than b.
func after(a, b dataset.Date) bool { return a.ISO() > b.ISO() }

// dateValue writes d the way the date at path is written: a TOML date stays a date, a string
// stays a string in the same form ("15/6/2023", "15/06/2023" or "2023-06-15").
func DateValue(doc *tomledit.Doc, path string, d dataset.Date) tomledit.Value {
	e, ok := doc.Get(path)
	if !ok || e.Kind != tomledit.KindString {
		return tomledit.Date(d.Year, d.Month, d.Day)
	}
	old := strings.TrimSpace(e.Text)
	switch {
	case !strings.Contains(old, "/"):
		return tomledit.String(d.ISO())
	case strings.IndexByte(old, '/') == 2 && strings.LastIndexByte(old, '/') == 5:
		return tomledit.String(fmt.Sprintf("%02d/%02d/%04d", d.Day, d.Month, d.Year))
	}
	return tomledit.String(fmt.Sprintf("%d/%d/%04d", d.Day, d.Month, d.Year))
}
