package appendix

import (
	"fmt"
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// renderer turns a plan into fpdf calls. It is also the plan's measurer: fpdf's font metrics
// are the ones it prints with. All measuring happens before the first page.
type renderer struct {
	pdf       *fpdf.Fpdf
	faces     faces
	fontStyle style
	fontSize  float64
	pen       ruleKind
	penSet    bool
	// lastStyle and lastSize are the font of the last measurement: the layout measured by
	// selecting fonts in fpdf once, and fpdf selects its current font again on each new page,
	// so the first page starts with it; keeping that keeps the document's bytes.
	lastStyle style
	lastSize  float64
}

// render lays out and draws doc and returns the PDF's bytes.
func render(doc *Document, o Options) ([]byte, error) {
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "L", UnitStr: "mm", SizeStr: "A4"})
	pdf.SetMargins(MarginLeft, MarginTop, MarginRight)
	pdf.SetAutoPageBreak(false, MarginBottom)
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(doc.Created)
	pdf.SetModificationDate(doc.Created)
	pdf.SetProducer(Producer, false)
	pdf.SetCreator(Producer, false)
	pdf.SetLang("vi-VN")
	pdf.SetTitle(strings.Join(strings.Fields(doc.Heading+" "+doc.Title), " "), true)
	if doc.Author != "" {
		pdf.SetAuthor(doc.Author, true)
	}
	if doc.Subject != "" {
		pdf.SetSubject(doc.Subject, true)
	}
	if doc.Keywords != "" {
		pdf.SetKeywords(doc.Keywords, true)
	}
	r := &renderer{pdf: pdf, fontSize: -1}
	r.faces.set = o.Fonts
	p, err := layout(doc, o, r)
	if err != nil {
		return nil, err
	}
	r.draw(p)
	// The document's own buffer, renamed in place: Output would copy it once more.
	out, err := pdf.Bytes()
	if err != nil {
		return nil, fmt.Errorf("appendix: %w", err)
	}
	return r.faces.rename(out)
}

func (r *renderer) setFont(s style, size float64) {
	if s == r.fontStyle && size == r.fontSize {
		return
	}
	r.pdf.SetFont(r.faces.family(r, s), "", size)
	r.fontStyle, r.fontSize = s, size
}

// width sums the glyph widths of text straight from the face, as fpdf's GetStringWidth does
// for its current font: selecting a font in fpdf for each measurement, or caching the widths
// of words that are mostly measured once, cost more than the sum itself.
func (r *renderer) width(s style, size float64, text string) float64 {
	r.lastStyle, r.lastSize = s, size
	face := r.faces.face(r, s)
	if face == nil {
		return 0
	}
	return float64(face.SymbolWidth(text)) * (size / r.pdf.GetConversionRatio()) / 1000
}

// draw prints the plan page by page.
func (r *renderer) draw(p *plan) {
	if r.lastSize > 0 {
		r.setFont(r.lastStyle, r.lastSize)
	}
	r.pdf.SetTextColor(0, 0, 0)
	for _, pg := range p.pages {
		r.pdf.AddPage()
		for _, f := range pg.frames {
			r.stroke(gridRule)
			r.pdf.Rect(f.x, f.y, f.w, f.h, "D")
		}
		for _, t := range pg.texts {
			r.setFont(t.style, t.size)
			r.faces.note(t.style, t.s)
			r.pdf.Text(t.x, t.y, t.s)
		}
		for _, ru := range pg.rules {
			r.stroke(ru.kind)
			r.pdf.Line(ru.x1, ru.y1, ru.x2, ru.y2)
		}
	}
}

// stroke sets the pen for a kind of rule.
func (r *renderer) stroke(k ruleKind) {
	if r.penSet && r.pen == k {
		return
	}
	r.pen, r.penSet = k, true
	switch k {
	case partRule:
		r.pdf.SetDrawColor(170, 170, 170)
		r.pdf.SetLineWidth(0.1)
	case headingRule:
		r.pdf.SetDrawColor(0, 0, 0)
		r.pdf.SetLineWidth(0.3)
	default:
		r.pdf.SetDrawColor(0, 0, 0)
		r.pdf.SetLineWidth(0.2)
	}
}
