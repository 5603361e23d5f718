package appendix

import (
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// cleaner turns the line endings and tabs a clerk pastes from Word into what the layout
// understands: "\n" breaks a line, anything else that is a control character prints as a space.
var cleaner = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\t", " ", "\v", " ", "\f", " ")

// clean returns s in NFC with line endings folded to "\n": fpdf does no shaping, so a
// decomposed Vietnamese letter would print with its marks piled up.
func clean(s string) string {
	switch quickClean(s) {
	case asIs:
		return s
	case onlyNFC:
		// Nothing to fold: the replacer and the mapping would copy s unchanged, and NFC
		// returns s itself when it is already normalised.
		return norm.NFC.String(s)
	}
	s = cleaner.Replace(s)
	s = strings.Map(func(r rune) rune {
		if r == '\n' {
			return r
		}
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	return norm.NFC.String(s)
}

// What quickClean finds clean has to do.
const (
	asIs     = iota // nothing: s is clean already
	onlyNFC         // normalise to NFC, nothing to fold
	mustFold        // fold line endings and control characters, then normalise
)

// quickClean tells what clean has to do with s, looking at each byte or rune once:
// strings.Map replaces control characters and invalid bytes (by U+FFFD), and a string made
// of ASCII and runes that are stable under NFC is in NFC. Checking those runes against a
// table costs a fraction of norm's own check, which took a tenth of a long appendix's time.
func quickClean(s string) int {
	stable := nfcStable()
	todo := asIs
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' || c == 0x7f {
				return mustFold
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return mustFold
		}
		if r >= nfcStableMax || stable[r/64]&(1<<(r%64)) == 0 {
			todo = onlyNFC
		}
		i += n
	}
	return todo
}

// nfcStableMax bounds the runes nfcStable knows: beyond are no Vietnamese letters.
const nfcStableMax = 0x2000

// nfcStable marks the runes below nfcStableMax of the Latin blocks Vietnamese uses that are
// in NFC on their own, of combining class 0 and never combine with a rune before them: any
// string of such runes and ASCII is in NFC. norm decides each, once per process.
var nfcStable = sync.OnceValue(func() *[nfcStableMax / 64]uint64 {
	var t [nfcStableMax / 64]uint64
	for _, block := range [][2]rune{{0x80, 0x250}, {0x1e00, 0x1f00}} {
		for r := block[0]; r < block[1]; r++ {
			s := string(r)
			p := norm.NFC.PropertiesString(s)
			if p.CCC() == 0 && p.BoundaryBefore() && norm.NFC.IsNormalString(s) {
				t[r/64] |= 1 << (r % 64)
			}
		}
	}
	return &t
})

// normalized returns a copy of doc with every string cleaned; the caller's Document is not
// modified.
func normalized(doc *Document) *Document {
	n := &Document{
		Heading:  clean(doc.Heading),
		Title:    clean(doc.Title),
		Subtitle: clean(doc.Subtitle),
		AsOf:     clean(doc.AsOf),
		Created:  doc.Created,
		Author:   clean(doc.Author),
		Subject:  clean(doc.Subject),
		Keywords: clean(doc.Keywords),
	}
	for i, h := range doc.Headers {
		n.Headers[i] = clean(h)
	}
	for _, s := range doc.Stamp {
		n.Stamp = append(n.Stamp, clean(s))
	}
	n.Rows = make([]Row, len(doc.Rows))
	for i, r := range doc.Rows {
		nr := Row{Number: clean(r.Number), Parts: make([]Part, len(r.Parts))}
		for j, p := range r.Parts {
			nr.Parts[j].KeepWithNext = p.KeepWithNext
			nr.Parts[j].Item = p.Item
			for c, paras := range p.Cells {
				np := make([]Para, len(paras))
				for k, para := range paras {
					para.Text = clean(para.Text)
					np[k] = para
				}
				nr.Parts[j].Cells[c] = np
			}
		}
		n.Rows[i] = nr
	}
	return n
}

// Normalized returns a copy of the document with every text as it is printed: NFC, line ends
// folded to "\n", other control characters as spaces. An HTML preview shows these texts.
func (d *Document) Normalized() *Document { return normalized(d) }
