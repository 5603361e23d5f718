package appendix

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/baocao-vn/baocao/internal/nfc"
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
// of ASCII and runes that are stable under NFC (nfc.Stable) is in NFC. Checking those runes
// costs a fraction of norm's own check, which took a tenth of a long appendix's time.
func quickClean(s string) int {
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
		if !nfc.Stable(r) {
			todo = onlyNFC
		}
		i += n
	}
	return todo
}

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
