package appendix

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// Sizes in points and spacing in millimetres of the parts outside the table body.
const (
	headingSize  = 14.0 // "PHỤ LỤC" and the title
	subtitleSize = 13.0 // subtitle and AsOf line
	pageNumSize  = 13.0
	stampSize    = 10.0
	pageNumY     = 10.0 // centre of the page number, from the top edge
	lineFactor   = 1.15 // line height over font size: single spacing
	pad          = 1.5  // inner padding of a table cell
	numberPad    = 0.8  // inner padding of the "(1)…(6)" row, which needs less air
	ruleWidth    = 60.0 // the short rule under the headings
	minLines     = 2    // fewest lines of a part left at a page's foot or carried to the next
	// gapShare is the share of a page's body that may stay empty when a row or part is moved
	// whole to the next page rather than split: more would read as a hole in the table.
	gapShare = 0.15
)

const (
	mmPerPt = 25.4 / 72
	bottom  = PageHeight - MarginBottom
)

type style uint8

const (
	regular style = iota
	bold
	italic
	boldItalic
)

func styleOf(p Para) style {
	s := regular
	if p.Bold {
		s |= bold
	}
	if p.Italic {
		s |= italic
	}
	return s
}

// line is one printed line, measured once so that centring needs no second measurement.
type line struct {
	text   string
	style  style
	center bool
	width  float64
}

// band is a laid-out Part: the lines of the six columns (column 0 holds the row number in a
// row's first band) on a common grid of n line slots.
type band struct {
	cells [6][]line
	n     int
	keep  bool // keep with the next band
}

func (b band) height(lh float64) float64 { return 2*pad + float64(b.n)*lh }

// renderer lays out and draws one Document; all measuring happens before the first page so
// that switching fonts to measure writes nothing into a page.
type renderer struct {
	pdf   *fpdf.Fpdf
	faces faces
	o     Options
	doc   *Document
	lh    float64    // body line height, mm
	edge  [7]float64 // x of the column rules

	stamp                 []line
	heading, title, sub   []line
	headers               [6][]line
	headerH, numberH      float64
	rows                  [][]band
	page                  int
	y                     float64
	contentOnPage         bool
	fontStyle             style
	fontSize              float64
	fresh, gapLimit       float64 // body height of a continuation page, and the gap allowed
	headingLH, subtitleLH float64
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
	r := &renderer{pdf: pdf, o: o, doc: doc, lh: o.FontSize * lineFactor * mmPerPt, fontSize: -1}
	r.edge[0] = MarginLeft
	for i, w := range o.Widths {
		r.edge[i+1] = r.edge[i] + w
	}
	if err := r.layout(); err != nil {
		return nil, err
	}
	r.draw()
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("appendix: %w", err)
	}
	return r.faces.rename(buf.Bytes())
}

func (r *renderer) setFont(s style, size float64) {
	if s == r.fontStyle && size == r.fontSize {
		return
	}
	r.pdf.SetFont(r.faces.family(r, s), "", size)
	r.fontStyle, r.fontSize = s, size
}

// lines wraps one paragraph in the given face and size.
func (r *renderer) lines(text string, s style, size float64, center bool, width float64) []line {
	r.setFont(s, size)
	var out []line
	for _, t := range wrap(text, width, r.pdf.GetStringWidth) {
		out = append(out, line{text: t, style: s, center: center, width: r.pdf.GetStringWidth(t)})
	}
	return out
}

func (r *renderer) cell(paras []Para, col int) []line {
	width := r.o.Widths[col] - 2*pad
	var out []line
	for _, p := range paras {
		out = append(out, r.lines(p.Text, styleOf(p), r.o.FontSize, p.Center, width)...)
	}
	return out
}

func (r *renderer) layout() error {
	for _, s := range r.doc.Stamp {
		r.stamp = append(r.stamp, r.lines(s, regular, stampSize, false, TextWidth-4)...)
	}
	r.headingLH = headingSize * lineFactor * mmPerPt
	r.subtitleLH = subtitleSize * lineFactor * mmPerPt
	if r.doc.Heading != "" {
		r.heading = r.lines(r.doc.Heading, bold, headingSize, true, TextWidth)
	}
	if r.doc.Title != "" {
		r.title = r.lines(r.doc.Title, bold, headingSize, true, TextWidth)
	}
	for _, s := range []string{r.doc.Subtitle, r.doc.AsOf} {
		if s != "" {
			r.sub = append(r.sub, r.lines(s, italic, subtitleSize, true, TextWidth)...)
		}
	}

	most := 1
	for i, h := range r.doc.Headers {
		r.headers[i] = r.lines(h, bold, r.o.FontSize, true, r.o.Widths[i]-2*pad)
		most = max(most, len(r.headers[i]))
	}
	r.headerH = 2*pad + float64(most)*r.lh
	r.numberH = 2*numberPad + r.lh
	r.fresh = bottom - (MarginTop + r.headerH + r.numberH)
	r.gapLimit = gapShare * r.fresh
	if r.fresh < 2*pad+minLines*r.lh {
		return errors.New("appendix: the column headings leave no room for the table on a page")
	}

	r.rows = make([][]band, len(r.doc.Rows))
	for i, row := range r.doc.Rows {
		parts := row.Parts
		if len(parts) == 0 {
			parts = []Part{{}}
		}
		bands := make([]band, len(parts))
		for j, p := range parts {
			var b band
			for c, paras := range p.Cells {
				b.cells[c+1] = r.cell(paras, c+1)
			}
			if j == 0 && row.Number != "" {
				b.cells[0] = r.cell([]Para{{Text: row.Number, Center: true}}, 0)
			}
			for _, c := range b.cells {
				b.n = max(b.n, len(c))
			}
			b.n = max(b.n, 1)
			b.keep = p.KeepWithNext && j+1 < len(parts)
			bands[j] = b
		}
		r.rows[i] = bands
	}
	return nil
}

func (r *renderer) draw() {
	r.pdf.SetTextColor(0, 0, 0)
	r.pdf.SetDrawColor(0, 0, 0)
	r.pdf.SetLineWidth(0.2)
	r.newPage(false)
	r.drawHeadings()
	// Keep the column headings with the first lines of the table.
	if len(r.rows) > 0 && r.y+r.headerH+r.numberH+2*pad+minLines*r.lh > bottom+eps {
		r.newPage(true)
	} else {
		r.drawHeader()
	}
	for _, bands := range r.rows {
		r.placeRow(bands)
	}
}

// newPage starts a page; from page 2 on it prints the page number and, when header is set,
// the column headings.
func (r *renderer) newPage(header bool) {
	r.pdf.AddPage()
	r.page++
	r.y = MarginTop
	r.contentOnPage = false
	if r.page > 1 {
		num := strconv.Itoa(r.page)
		r.setFont(regular, pageNumSize)
		w := r.pdf.GetStringWidth(num)
		r.text(MarginLeft+(TextWidth-w)/2, pageNumY-pageNumSize*mmPerPt/2, pageNumSize*mmPerPt, pageNumSize, num)
	}
	if header {
		r.drawHeader()
	}
}

// text prints s in the current font so that it sits centred in a line slot of height lh
// whose top is y; 0.34 em is Liberation Serif's (ascent − descent) / 2.
func (r *renderer) text(x, y, lh, size float64, s string) {
	if s == "" {
		return
	}
	r.faces.note(r.fontStyle, s)
	r.pdf.Text(x, y+lh/2+0.34*size*mmPerPt, s)
}

// drawLines prints lines in a box [x, x+w] starting at y, one per slot of height lh.
func (r *renderer) drawLines(ls []line, x, w, y, lh, size float64) {
	for i, l := range ls {
		r.setFont(l.style, size)
		lx := x
		if l.center {
			lx = x + (w-l.width)/2
		}
		r.text(lx, y+float64(i)*lh, lh, size, l.text)
	}
}

func (r *renderer) drawHeadings() {
	if len(r.stamp) > 0 {
		const stampPad, stampLine = 1.5, stampSize * lineFactor * mmPerPt
		w := 0.0
		for _, l := range r.stamp {
			w = max(w, l.width)
		}
		w += 2 * 2.0
		h := float64(len(r.stamp))*stampLine + 2*stampPad
		x := PageWidth - MarginRight - w
		top := max(4.0, MarginTop-2-h)
		r.pdf.SetLineWidth(0.2)
		r.pdf.Rect(x, top, w, h, "D")
		r.drawLines(r.stamp, x+2, w-4, top+stampPad, stampLine, stampSize)
		r.y = max(r.y, top+h+2)
	}
	r.drawLines(r.heading, MarginLeft, TextWidth, r.y, r.headingLH, headingSize)
	r.y += float64(len(r.heading)) * r.headingLH
	r.drawLines(r.title, MarginLeft, TextWidth, r.y, r.headingLH, headingSize)
	r.y += float64(len(r.title)) * r.headingLH
	r.drawLines(r.sub, MarginLeft, TextWidth, r.y, r.subtitleLH, subtitleSize)
	r.y += float64(len(r.sub))*r.subtitleLH + 1.5
	r.pdf.SetLineWidth(0.3)
	r.pdf.Line(MarginLeft+(TextWidth-ruleWidth)/2, r.y, MarginLeft+(TextWidth+ruleWidth)/2, r.y)
	r.pdf.SetLineWidth(0.2)
	r.y += 5
}

// drawHeader prints the column headings and the "(1)…(6)" row at r.y.
func (r *renderer) drawHeader() {
	top := r.y
	most := int(math.Round((r.headerH - 2*pad) / r.lh))
	for i, ls := range r.headers {
		w := r.o.Widths[i]
		// Centre each heading vertically as Word does for a header row.
		y := top + pad + float64(most-len(ls))*r.lh/2
		r.drawLines(ls, r.edge[i]+pad, w-2*pad, y, r.lh, r.o.FontSize)
	}
	r.setFont(italic, r.o.FontSize)
	for i := range r.headers {
		n := "(" + strconv.Itoa(i+1) + ")"
		w := r.pdf.GetStringWidth(n)
		r.text(r.edge[i]+(r.o.Widths[i]-w)/2, top+r.headerH+numberPad, r.lh, r.o.FontSize, n)
	}
	r.grid(top, top+r.headerH)
	r.grid(top+r.headerH, top+r.headerH+r.numberH)
	r.y = top + r.headerH + r.numberH
}

// grid draws the box of a row segment: rules above and below and between all columns.
func (r *renderer) grid(top, bot float64) {
	left, right := r.edge[0], r.edge[6]
	r.pdf.Line(left, top, right, top)
	r.pdf.Line(left, bot, right, bot)
	for _, x := range r.edge {
		r.pdf.Line(x, top, x, bot)
	}
}

// segment is the part of a row drawn on one page; it is boxed when the row ends or the page
// does, and its inner rules separate the parts that it holds.
type segment struct {
	top   float64
	inner []float64
}

func (r *renderer) closeSegment(s segment, bot float64) {
	r.grid(s.top, bot)
	if len(s.inner) == 0 {
		return
	}
	// A thin light rule keeps a part's columns visibly together without cutting the row.
	r.pdf.SetDrawColor(170, 170, 170)
	r.pdf.SetLineWidth(0.1)
	for _, y := range s.inner {
		r.pdf.Line(r.edge[1], y, r.edge[6], y)
	}
	r.pdf.SetDrawColor(0, 0, 0)
	r.pdf.SetLineWidth(0.2)
}

// drawSlots prints slots [from, to) of band b with the first at y.
func (r *renderer) drawSlots(b band, from, to int, y float64) {
	for c, ls := range b.cells {
		if from >= len(ls) {
			continue
		}
		ls = ls[from:min(to, len(ls))]
		r.drawLines(ls, r.edge[c]+pad, r.o.Widths[c]-2*pad, y, r.lh, r.o.FontSize)
	}
	r.contentOnPage = true
}

// keepNeed is the height that must follow band i on its page: the bands it is kept with and
// the first lines of the band after them.
func (r *renderer) keepNeed(bands []band, i int) float64 {
	h := 0.0
	for ; i+1 < len(bands) && bands[i].keep; i++ {
		next := bands[i+1]
		if next.keep {
			h += next.height(r.lh)
			continue
		}
		h += 2*pad + float64(min(next.n, minLines))*r.lh
	}
	return h
}

// placeRow draws a row from r.y on, continuing on new pages as needed: it moves a row or a
// part whole to the next page when that leaves only a small gap, and otherwise splits a part
// between lines, keeping at least minLines on each side.
func (r *renderer) placeRow(bands []band) {
	total := 0.0
	for _, b := range bands {
		total += b.height(r.lh)
	}
	if avail := bottom - r.y; total > avail+eps && total <= r.fresh+eps && avail < r.gapLimit && r.contentOnPage {
		r.newPage(true)
	}
	seg := segment{top: r.y}
	y := r.y
	breakPage := func(at float64) {
		// A segment with nothing in it yet is not boxed: the row simply starts on the next page.
		if y > seg.top+eps {
			r.closeSegment(seg, at)
		}
		r.newPage(true)
		seg = segment{top: r.y}
		y = r.y
	}
	for i, b := range bands {
		for k := 0; k < b.n; {
			rest := b.n - k
			need := 2*pad + float64(rest)*r.lh
			avail := bottom - y
			// A part that starts below another part of the same row on this page gets a rule.
			startsBelow := i > 0 && k == 0 && y > seg.top+eps
			// A heading part goes to the next page unless the next part can start beside it.
			if keep := need + r.keepNeed(bands, i); b.keep && k == 0 && r.contentOnPage && keep > avail+eps && keep <= r.fresh+eps {
				breakPage(bottom)
				continue
			}
			if need <= avail+eps {
				if startsBelow {
					seg.inner = append(seg.inner, y)
				}
				r.drawSlots(b, k, b.n, y+pad)
				y += need
				break
			}
			fit := int(math.Floor((avail - 2*pad + eps) / r.lh))
			take := min(fit, rest)
			if rest-take < minLines {
				take = rest - minLines
			}
			whole := k == 0 && need <= r.fresh+eps && avail < r.gapLimit
			if r.contentOnPage && (take < minLines || whole) {
				breakPage(bottom)
				continue
			}
			// An empty page must take something, or the row would never end.
			if take < 1 {
				take = max(min(fit, rest), 1)
			}
			if startsBelow {
				seg.inner = append(seg.inner, y)
			}
			r.drawSlots(b, k, k+take, y+pad)
			y += pad + float64(take)*r.lh
			k += take
			breakPage(bottom)
		}
	}
	r.closeSegment(seg, y)
	r.y = y
}
