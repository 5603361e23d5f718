package appendix

import (
	"errors"
	"math"
	"strconv"
)

// This file lays the appendix out as a plan: the column widths, every line of every cell, and
// page by page what is printed where and where the rules fall. It draws nothing; render.go
// turns a plan into fpdf calls. The breaking rules are therefore tested on the plan.

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
	// shrinkLimit is the share of its preferred width below which a column is never narrowed
	// to widen another whose longest word does not fit: further, its own text would become a
	// ribbon. The widest a column can be is its preferred width plus what the others can give.
	shrinkLimit = 0.75
	// ascent is where the baseline sits below the middle of a line slot, in ems: Liberation
	// Serif's (ascent − descent) / 2.
	ascent = 0.34
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

// measurer gives the advance width in millimetres of text set in face s at size points. The
// plan needs nothing else from the fonts, so a faster font layer can stand in for fpdf's.
type measurer interface {
	width(s style, size float64, text string) float64
}

// line is one printed line of a cell, measured once so that centring needs no second
// measurement.
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
	// keep marks a heading kept with the next band; its first head slots are the heading's
	// text (column 2), which must be followed on its page by at least minLines of content.
	keep bool
	head int
}

// ruleKind is how a rule is stroked.
type ruleKind uint8

const (
	gridRule    ruleKind = iota // the table's box: black, 0.2 mm
	partRule                    // between the parts of a row: light grey, 0.1 mm
	headingRule                 // the short rule under the headings: black, 0.3 mm
)

// ruling is a straight rule, in millimetres from the top left of the page.
type ruling struct {
	x1, y1, x2, y2 float64
	kind           ruleKind
}

// text is a string printed with the left end of its baseline at (x, y).
type text struct {
	x, y  float64
	size  float64
	style style
	s     string
}

// frame is a rectangle stroked like a grid rule: the signature stamp's border.
type frame struct{ x, y, w, h float64 }

// piece is the part of a band printed on one page: slots [from, to) of band band of row row,
// boxed from top to bottom (padding included).
type piece struct {
	row, band   int
	from, to    int
	top, bottom float64
}

// page is one page of the plan.
type page struct {
	texts  []text
	rules  []ruling
	frames []frame
	pieces []piece
	// bodyTop is where the table's body starts, under the numbering row; 0 when the page has
	// no table.
	bodyTop float64
	// cannotStart says the page ended early because the next row could not start on it under
	// the rules (its first lines, or a heading with its first lines of content, do not fit).
	cannotStart bool
}

// plan is the appendix laid out: what every page prints, and the table as lines.
type plan struct {
	widths [6]float64
	edge   [7]float64
	lh     float64 // line height of the table, mm
	fresh  float64 // height of the table body on a page with nothing but the column headings
	rows   [][]band
	pages  []page
}

// layout computes the plan of doc with o's widths and font size (already checked), measuring
// text with m.
func layout(doc *Document, o Options, m measurer) (*plan, error) {
	l := &layouter{doc: doc, o: o, m: m, p: &plan{lh: o.FontSize * lineFactor * mmPerPt}}
	if err := l.measure(); err != nil {
		return nil, err
	}
	l.paginate()
	return l.p, nil
}

// layouter holds the state of one layout.
type layouter struct {
	doc *Document
	o   Options
	m   measurer
	p   *plan

	stamp, heading, title, sub []line
	headers                    [6][]line
	headerH, numberH           float64
	gapLimit                   float64

	cur     *page
	y       float64
	content bool // the current page holds lines of the table body

	arena        tokenArena
	cands, loose []cut // choose's scratch
}

// para is a paragraph measured into tokens.
type para struct {
	hard   []hardLine
	style  style
	size   float64
	center bool
}

func (l *layouter) para(text string, s style, size float64, center bool) para {
	return para{tokens(text, func(t string) float64 { return l.m.width(s, size, t) }, &l.arena), s, size, center}
}

// widest is the width of p's longest word.
func (p para) widest() float64 {
	w := 0.0
	for _, h := range p.hard {
		for _, t := range h.words {
			w = max(w, t.width)
		}
	}
	return w
}

// lines appends to dst the lines of p wrapped to width.
func (l *layouter) lines(dst []line, p para, width float64) []line {
	measure := func(t string) float64 { return l.m.width(p.style, p.size, t) }
	n := len(dst)
	dst = wrapWords(dst, p.hard, width, measure(" "), measure)
	for i := n; i < len(dst); i++ {
		dst[i].style, dst[i].center = p.style, p.center
	}
	return dst
}

// measure measures every text, chooses the column widths and wraps every cell into lines.
func (l *layouter) measure() error {
	size := l.o.FontSize
	wrapAll := func(s string, st style, sz float64, width float64) []line {
		if s == "" {
			return nil
		}
		return l.lines(nil, l.para(s, st, sz, true), width)
	}
	for _, s := range l.doc.Stamp {
		l.stamp = l.lines(l.stamp, l.para(s, regular, stampSize, false), TextWidth-4)
	}
	l.heading = wrapAll(l.doc.Heading, bold, headingSize, TextWidth)
	l.title = wrapAll(l.doc.Title, bold, headingSize, TextWidth)
	l.sub = append(wrapAll(l.doc.Subtitle, italic, subtitleSize, TextWidth), wrapAll(l.doc.AsOf, italic, subtitleSize, TextWidth)...)

	// Measure the table once; its longest words decide the column widths.
	var need [6]float64
	var headers [6]para
	for c, h := range l.doc.Headers {
		headers[c] = l.para(h, bold, size, true)
		need[c] = headers[c].widest()
	}
	type mpart struct {
		cells [6][]para
		keep  bool
	}
	rows := make([][]mpart, len(l.doc.Rows))
	for i, row := range l.doc.Rows {
		parts := row.Parts
		if len(parts) == 0 {
			parts = []Part{{}}
		}
		rows[i] = make([]mpart, len(parts))
		for j, pt := range parts {
			mp := &rows[i][j]
			mp.keep = pt.KeepWithNext && j+1 < len(parts)
			if j == 0 && row.Number != "" {
				mp.cells[0] = []para{l.para(row.Number, regular, size, true)}
			}
			for c, paras := range pt.Cells {
				for _, p := range paras {
					mp.cells[c+1] = append(mp.cells[c+1], l.para(p.Text, styleOf(p), size, p.Center))
				}
			}
			for c, ps := range mp.cells {
				for _, p := range ps {
					need[c] = max(need[c], p.widest())
				}
			}
		}
	}
	for c := range need {
		need[c] += 2*pad + eps
	}
	l.p.widths = fitWidths(l.o.Widths, need)
	l.p.edge[0] = MarginLeft
	for i, w := range l.p.widths {
		l.p.edge[i+1] = l.p.edge[i] + w
	}

	lh := l.p.lh
	most := 1
	for c, h := range headers {
		l.headers[c] = l.lines(nil, h, l.p.widths[c]-2*pad)
		most = max(most, len(l.headers[c]))
	}
	l.headerH = 2*pad + float64(most)*lh
	l.numberH = 2*numberPad + lh
	l.p.fresh = bottom - (MarginTop + l.headerH + l.numberH)
	l.gapLimit = gapShare * l.p.fresh
	if l.p.fresh < 2*pad+minLines*lh {
		return errors.New("appendix: the column headings leave no room for the table on a page")
	}

	l.p.rows = make([][]band, len(rows))
	for i, parts := range rows {
		bands := make([]band, len(parts))
		for j, mp := range parts {
			b := &bands[j]
			for c, ps := range mp.cells {
				for _, p := range ps {
					b.cells[c] = l.lines(b.cells[c], p, l.p.widths[c]-2*pad)
				}
				b.n = max(b.n, len(b.cells[c]))
			}
			b.n = max(b.n, 1)
			if mp.keep {
				b.keep, b.head = true, len(b.cells[1])
			}
		}
		l.p.rows[i] = bands
	}
	return nil
}

// fitWidths returns the column widths: the preferred ones, except that a column narrower than
// its need (its longest word with the padding) is widened by what the other columns can give
// without going below their own need or shrinkLimit of their preferred width. When they cannot
// give enough, the columns in need share what there is and their longest words are broken.
func fitWidths(pref, need [6]float64) [6]float64 {
	var deficit, surplus float64
	var give [6]float64
	for c := range pref {
		if need[c] > pref[c] {
			deficit += need[c] - pref[c]
			continue
		}
		give[c] = pref[c] - max(need[c], shrinkLimit*pref[c])
		surplus += give[c]
	}
	if deficit == 0 || surplus == 0 {
		return pref
	}
	moved := min(deficit, surplus)
	w := pref
	for c := range w {
		if need[c] > pref[c] {
			w[c] += (need[c] - pref[c]) * moved / deficit
		} else {
			w[c] -= give[c] * moved / surplus
		}
	}
	return w
}

// print adds lines to the current page, one per slot of height lh from y, in the box [x, x+w].
func (l *layouter) print(ls []line, x, w, y, lh, size float64) {
	for i, ln := range ls {
		if ln.text == "" {
			continue
		}
		lx := x
		if ln.center {
			lx = x + (w-ln.width)/2
		}
		l.cur.texts = append(l.cur.texts, text{x: lx, y: y + float64(i)*lh + lh/2 + ascent*size*mmPerPt, size: size, style: ln.style, s: ln.text})
	}
}

func (l *layouter) line(x1, y1, x2, y2 float64, k ruleKind) {
	l.cur.rules = append(l.cur.rules, ruling{x1, y1, x2, y2, k})
}

// newPage starts a page; from page 2 on it prints the page number and, when header is set,
// the column headings.
func (l *layouter) newPage(header bool) {
	// A page holds about as many texts and rules as the one before: sizing them so saves
	// growing both slices step by step, which was most of the plan's allocation.
	var pg page
	if n := len(l.p.pages); n > 0 {
		prev := &l.p.pages[n-1]
		pg.texts = make([]text, 0, len(prev.texts)+len(prev.texts)/8)
		pg.rules = make([]ruling, 0, len(prev.rules)+len(prev.rules)/8)
	}
	l.p.pages = append(l.p.pages, pg)
	l.cur = &l.p.pages[len(l.p.pages)-1]
	l.y = MarginTop
	l.content = false
	if n := len(l.p.pages); n > 1 {
		num := strconv.Itoa(n)
		w := l.m.width(regular, pageNumSize, num)
		lh := pageNumSize * mmPerPt
		l.print([]line{{text: num, width: w}}, MarginLeft+(TextWidth-w)/2, w, pageNumY-lh/2, lh, pageNumSize)
	}
	if header {
		l.header()
	}
}

// paginate places the headings, then the rows page by page.
func (l *layouter) paginate() {
	l.newPage(false)
	l.headings()
	// Keep the column headings with the first lines of the table.
	if len(l.p.rows) > 0 && l.y+l.headerH+l.numberH+2*pad+minLines*l.p.lh > bottom+eps {
		l.newPage(true)
	} else {
		l.header()
	}
	for i := range l.p.rows {
		l.placeRow(i)
	}
}

func (l *layouter) headings() {
	if len(l.stamp) > 0 {
		const stampPad, stampLine = 1.5, stampSize * lineFactor * mmPerPt
		w := 0.0
		for _, ln := range l.stamp {
			w = max(w, ln.width)
		}
		w += 2 * 2.0
		h := float64(len(l.stamp))*stampLine + 2*stampPad
		x := PageWidth - MarginRight - w
		top := max(4.0, MarginTop-2-h)
		l.cur.frames = append(l.cur.frames, frame{x, top, w, h})
		l.print(l.stamp, x+2, w-4, top+stampPad, stampLine, stampSize)
		l.y = max(l.y, top+h+2)
	}
	hlh, slh := headingSize*lineFactor*mmPerPt, subtitleSize*lineFactor*mmPerPt
	l.print(l.heading, MarginLeft, TextWidth, l.y, hlh, headingSize)
	l.y += float64(len(l.heading)) * hlh
	l.print(l.title, MarginLeft, TextWidth, l.y, hlh, headingSize)
	l.y += float64(len(l.title)) * hlh
	l.print(l.sub, MarginLeft, TextWidth, l.y, slh, subtitleSize)
	l.y += float64(len(l.sub))*slh + 1.5
	l.line(MarginLeft+(TextWidth-ruleWidth)/2, l.y, MarginLeft+(TextWidth+ruleWidth)/2, l.y, headingRule)
	l.y += 5
}

// header prints the column headings and the "(1)…(6)" row at l.y.
func (l *layouter) header() {
	top, lh, size := l.y, l.p.lh, l.o.FontSize
	most := int(math.Round((l.headerH - 2*pad) / lh))
	for c, ls := range l.headers {
		w := l.p.widths[c]
		// Centre each heading vertically as Word does for a header row.
		y := top + pad + float64(most-len(ls))*lh/2
		l.print(ls, l.p.edge[c]+pad, w-2*pad, y, lh, size)
	}
	for c := range l.headers {
		n := "(" + strconv.Itoa(c+1) + ")"
		nw := l.m.width(italic, size, n)
		l.print([]line{{text: n, style: italic, width: nw}}, l.p.edge[c]+(l.p.widths[c]-nw)/2, nw, top+l.headerH+numberPad, lh, size)
	}
	l.grid(top, top+l.headerH)
	l.grid(top+l.headerH, top+l.headerH+l.numberH)
	l.y = top + l.headerH + l.numberH
	l.cur.bodyTop = l.y
}

// grid draws the box of a row segment: rules above and below and between all columns.
func (l *layouter) grid(top, bot float64) {
	left, right := l.p.edge[0], l.p.edge[6]
	l.line(left, top, right, top, gridRule)
	l.line(left, bot, right, bot, gridRule)
	for _, x := range l.p.edge {
		l.line(x, top, x, bot, gridRule)
	}
}

// cut is a place where a row may leave its page: before slot k of band j (k = 0: between
// bands; j = the number of bands: the row's end), h millimetres below where the row's part on
// the page starts.
type cut struct {
	j, k int
	h    float64
}

// placeRow places row i from l.y on, continuing on new pages as needed.
func (l *layouter) placeRow(i int) {
	bands := l.p.rows[i]
	at := cut{}
	for {
		avail := bottom - l.y
		rest := l.height(bands, at)
		if rest <= avail+eps {
			l.place(i, at, cut{j: len(bands)})
			return
		}
		to, ok := l.choose(bands, at, avail, rest)
		if !ok {
			// Nothing may end on this page: the row, or its rest, starts on the next.
			l.cur.cannotStart = true
			l.newPage(true)
			continue
		}
		if to != at {
			l.place(i, at, to)
		}
		at = cut{j: to.j, k: to.k}
		l.newPage(true)
	}
}

// height is the height of bands from at to the row's end.
func (l *layouter) height(bands []band, at cut) float64 {
	h := 0.0
	for j := at.j; j < len(bands); j++ {
		from := 0
		if j == at.j {
			from = at.k
		}
		h += 2*pad + float64(bands[j].n-from)*l.p.lh
	}
	return h
}

// choose picks where the row, from at, leaves a page that has avail millimetres left and
// cannot hold the rest (rest millimetres). It returns at itself to move the rest to the next
// page, and false when nothing may end on this page and the page already holds content.
//
// The rules: a part split across pages keeps at least minLines on each side; a heading's text
// is followed on its page by at least minLines lines of content; the page is filled as far as
// the rules allow, except that a row or part that fits on the next page is moved whole rather
// than split when that leaves less than gapShare of the page empty.
func (l *layouter) choose(bands []band, at cut, avail, rest float64) (cut, bool) {
	lh := l.p.lh
	if at.j == 0 && at.k == 0 && l.content && avail < l.gapLimit && rest <= l.p.fresh+eps {
		return at, true
	}
	cands := l.cands[:0] // valid cuts, in order
	loose := l.loose[:0] // cuts that keep minLines on each side but may leave a heading alone
	defer func() { l.cands, l.loose = cands, loose }()
	h := 0.0
	// afterHead counts the content slots placed on this page since the last heading slot.
	afterHead := math.MaxInt
scan:
	for j := at.j; j < len(bands); j++ {
		b := bands[j]
		from := 0
		if j == at.j {
			from = at.k
		}
		h += 2 * pad
		for k := from; k < b.n; k++ {
			h += lh
			if h > avail+eps {
				break scan
			}
			if b.keep && k < b.head {
				afterHead = 0
			} else if afterHead < math.MaxInt {
				afterHead++
			}
			next := cut{j: j, k: k + 1, h: h}
			if k+1 == b.n {
				next = cut{j: j + 1, h: h}
			} else if k+1-from < minLines || b.n-(k+1) < minLines {
				continue
			}
			loose = append(loose, next)
			if afterHead >= minLines {
				cands = append(cands, next)
			}
		}
	}
	if len(cands) == 0 {
		if l.content {
			return cut{}, false
		}
		// An empty page must take something, or the row would never end: relax the heading
		// rule, then the widow rule.
		if len(loose) > 0 {
			return loose[len(loose)-1], true
		}
		k := at.k + max(int(math.Floor((avail-2*pad+eps)/lh)), 1)
		if k >= bands[at.j].n {
			return cut{j: at.j + 1}, true
		}
		return cut{j: at.j, k: k}, true
	}
	best := cands[len(cands)-1]
	if best.k > 0 {
		// best splits band best.j: move the band whole when it fits on the next page and
		// that leaves only a small gap.
		whole := 2*pad+float64(bands[best.j].n)*lh <= l.p.fresh+eps
		if best.j == at.j && at.k == 0 && l.content && whole && avail < l.gapLimit {
			return at, true
		}
		for _, c := range cands {
			if c.j == best.j && c.k == 0 && whole && avail-c.h < l.gapLimit {
				return c, true
			}
		}
	}
	return best, true
}

// place prints row i's slots from at to to on the current page, from l.y on, and boxes them.
func (l *layouter) place(i int, at, to cut) {
	bands := l.p.rows[i]
	lh, size := l.p.lh, l.o.FontSize
	top := l.y
	y := top
	var inner []float64
	for j := at.j; j < len(bands) && (j < to.j || (j == to.j && to.k > 0)); j++ {
		b := bands[j]
		from, end := 0, b.n
		if j == at.j {
			from = at.k
		}
		if j == to.j {
			end = to.k
		}
		if y > top+eps {
			inner = append(inner, y)
		}
		for c, ls := range b.cells {
			if from >= len(ls) {
				continue
			}
			l.print(ls[from:min(end, len(ls))], l.p.edge[c]+pad, l.p.widths[c]-2*pad, y+pad, lh, size)
		}
		h := 2*pad + float64(end-from)*lh
		l.cur.pieces = append(l.cur.pieces, piece{row: i, band: j, from: from, to: end, top: y, bottom: y + h})
		y += h
	}
	if y <= top+eps {
		return
	}
	l.grid(top, y)
	// A thin light rule keeps a part's columns visibly together without cutting the row.
	for _, iy := range inner {
		l.line(l.p.edge[1], iy, l.p.edge[6], iy, partRule)
	}
	l.y = y
	l.content = true
}
