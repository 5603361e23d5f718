// Package appendix renders the appendix of the report (PHỤ LỤC) as an A4 landscape PDF laid out
// by Decree 30/2020/NĐ-CP: headings on page 1, then a six-column table whose rows are stacked
// parts that stay level across columns and break across pages line by line.
package appendix

import (
	"errors"
	"fmt"
	"io"
	"time"
)

// Geometry of the page in millimetres: A4 landscape with the decree's margins.
const (
	PageWidth    = 297.0
	PageHeight   = 210.0
	MarginTop    = 20.0
	MarginBottom = 20.0
	MarginLeft   = 30.0
	MarginRight  = 15.0
	// TextWidth and TextHeight are the text area inside the margins (252 × 170 mm).
	TextWidth  = PageWidth - MarginLeft - MarginRight
	TextHeight = PageHeight - MarginTop - MarginBottom
)

// DefaultWidths are the preferred column widths in millimetres: TT, criterion, remedy,
// deadline, progress, notes. They sum to TextWidth.
var DefaultWidths = [6]float64{10, 82, 60, 34, 50, 16}

// Producer is written as the PDF's producer, fixed so that output does not depend on the
// library's version string.
const Producer = "baocao"

// Document is the appendix as it is printed: its headings and its table.
type Document struct {
	Heading  string    // "PHỤ LỤC"
	Title    string    // already upper-case, may contain "\n"
	Subtitle string    // "(Kèm theo Báo cáo số …/BC-SNgV ngày … của Sở Ngoại vụ)", printed italic
	AsOf     string    // "Số liệu cập nhật đến ngày 14/9/2022", printed italic
	Headers  [6]string // column headings, may contain "\n"
	Rows     []Row
	// Created goes into the PDF's creation and modification dates; it comes from the dataset,
	// never from the clock, so that the same Document gives the same bytes.
	Created time.Time
	// Stamp holds the lines of the digital-signature stamp drawn top right of page 1; empty
	// means no stamp.
	Stamp []string
	// Author, Subject and Keywords are optional PDF metadata.
	Author, Subject, Keywords string
}

// Row is one field (lĩnh vực) of the criteria: a numbered table row made of stacked parts.
type Row struct {
	Number string // TT column, "1"
	Parts  []Part // stacked top to bottom inside the row
}

// Part is one horizontal band of a row: the texts of columns 2–6 that start level with each
// other (a sub-criterion and its remedy, deadline, progress and notes).
type Part struct {
	Cells [5][]Para
	// KeepWithNext marks a heading inside the row (the field's or a criterion's title) that
	// must not be left alone at the foot of a page: its text (column 2) is followed on its page
	// by at least the first lines of content.
	KeepWithNext bool
	// Item is the key path of the dataset item the part shows, as its messages write it
	// ("fields[0].criteria[1]", "report.sections[1].blocks[0].items[2]"); "" for the
	// self-check's heading. The layout ignores it; a form lists the appendix's items by it.
	Item string
}

// Para is a paragraph inside a cell; "\n" inside Text breaks the line.
type Para struct {
	Text   string
	Bold   bool
	Italic bool
	Center bool
}

// Options tunes the rendering; the zero value gives the layout of the decree.
type Options struct {
	// Widths are the six preferred column widths in millimetres and must sum to TextWidth; all
	// zero means DefaultWidths. A column whose longest word does not fit is widened at the
	// others' expense (see fitWidths).
	Widths [6]float64
	// FontSize is the size of the table's text in points (header and body); zero means 12.
	FontSize float64
	// Fonts is the typeface embedded; nil means the shipped Liberation Serif (DefaultFonts).
	Fonts *Fonts
}

// ErrNoDate is returned for a Document without Created: the PDF's dates would otherwise come
// from the clock and the output would change from run to run.
var ErrNoDate = errors.New("appendix: Created is not set")

// Render writes doc as a PDF to w with the default Options.
func Render(w io.Writer, doc *Document) error {
	return Options{}.Render(w, doc)
}

// Render writes doc as a PDF to w.
func (o Options) Render(w io.Writer, doc *Document) error {
	out, err := o.Bytes(doc)
	if err != nil {
		return err
	}
	if _, err := w.Write(out); err != nil {
		return fmt.Errorf("appendix: writing PDF: %w", err)
	}
	return nil
}

// Bytes returns doc as a PDF: what Render writes, without copying it into a writer.
func (o Options) Bytes(doc *Document) ([]byte, error) {
	if doc == nil {
		return nil, errors.New("appendix: nil Document")
	}
	if doc.Created.IsZero() {
		return nil, ErrNoDate
	}
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	return render(normalized(doc), o)
}

func (o Options) withDefaults() (Options, error) {
	if o.Widths == ([6]float64{}) {
		o.Widths = DefaultWidths
	}
	sum := 0.0
	for i, w := range o.Widths {
		if w <= 4 {
			return o, fmt.Errorf("appendix: column %d is %.1f mm wide; it needs more than 4 mm", i+1, w)
		}
		sum += w
	}
	if d := sum - TextWidth; d > 0.01 || d < -0.01 {
		return o, fmt.Errorf("appendix: column widths sum to %.2f mm, want %.0f mm", sum, TextWidth)
	}
	if o.FontSize == 0 {
		o.FontSize = 12
	}
	if o.Fonts == nil {
		f, err := DefaultFonts()
		if err != nil {
			return o, fmt.Errorf("appendix: the embedded fonts: %w", err)
		}
		o.Fonts = f
	}
	if o.FontSize < 6 || o.FontSize > 16 {
		return o, fmt.Errorf("appendix: font size %.1f pt is outside 6–16 pt", o.FontSize)
	}
	return o, nil
}
