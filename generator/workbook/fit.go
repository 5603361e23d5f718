package workbook

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Widths are in Excel's unit, the width of one digit of the default font; heights in points.
const (
	lineHeight = 15.0 // one line of 11-point Times New Roman with its leading
	// indentWidth is how much of a column one indent level takes, in digit widths (a little
	// more than Excel's one character, so estimates stay on the safe side).
	indentWidth = 1.5
)

// fitWidth is the width of a column that shows its longest line whole, within [lo, hi]; a
// column at hi wraps its longer texts. The header wraps at spaces, so only its longest word
// must fit.
func fitWidth(header string, cells []string, lo, hi float64) float64 {
	w := lo
	for _, word := range strings.Fields(header) {
		w = math.Max(w, float64(utf8.RuneCountInString(word))+2)
	}
	for _, c := range cells {
		for line := range strings.SplitSeq(c, "\n") {
			w = math.Max(w, float64(utf8.RuneCountInString(line))+2)
		}
	}
	return math.Min(w, hi)
}

// lines estimates how many lines a wrapped text takes in a column of the given width, wrapping
// at spaces as the viewer does. It errs towards too many: a row a little too tall reads fine, a
// clipped one hides text.
//
// Every paragraph (a line of s) starts a line; its words (between white space, as
// strings.Fields splits them) follow one another, a space between, on a new line when the
// word does not fit; a word longer than a line is broken wherever the line ends. One pass
// over the runes: it runs for every text cell of both sheets.
func lines(s string, width float64) int {
	perLine := max(int(width-1), 1)
	n, used, word := 1, 0, 0
	place := func() {
		switch {
		case word == 0:
			return
		case used == 0:
		case used+1+word <= perLine:
			used++ // the space before the word
		default:
			n++
			used = 0
		}
		for word > perLine-used {
			word -= perLine - used
			n++
			used = 0
		}
		used += word
		word = 0
	}
	for _, r := range s {
		switch {
		case r == '\n':
			place()
			n++
			used = 0
		case r < utf8.RuneSelf && asciiSpace[r] || r >= utf8.RuneSelf && unicode.IsSpace(r):
			place()
		default:
			word++
		}
	}
	place()
	return n
}

// asciiSpace are the ASCII bytes unicode.IsSpace (and so strings.Fields) takes for spaces.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// MaxRowHeight is the tallest row Excel allows, in points (409). A cell whose text needs more
// shows its first lines; the whole text stays in the cell, where the formula bar and a taller
// zoom show it, and the appendix PDF prints it whole.
const MaxRowHeight = 409.0

// rowHeight is the height of a row whose wrapped cells take at most n lines, at most
// MaxRowHeight.
func rowHeight(n int) float64 { return min(float64(max(n, 1))*lineHeight, MaxRowHeight) }
