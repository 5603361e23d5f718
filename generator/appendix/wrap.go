package appendix

import (
	"strings"
	"unicode/utf8"
)

// eps absorbs the rounding of summed glyph widths when a line fills its width exactly.
const eps = 1e-6

// token is a word measured once, so that choosing column widths and wrapping lines share the
// measurement: the bytes [at, end) of its hard line. Without a pointer, the collector does not
// scan the tens of thousands a long appendix has.
type token struct {
	width   float64
	at, end int
}

// hardLine is a line of a paragraph ended by "\n", and its words.
type hardLine struct {
	text  string
	words []token
}

// tokenArena hands out the words of a layout's paragraphs from a few large blocks: a
// 200-row appendix has tens of thousands, and a slice each was most of the plan's
// allocations. The plan keeps the blocks alive, so nothing is reused.
type tokenArena struct {
	words []token
	lines []hardLine
}

const arenaBlock = 1024

// addWord appends a word to the words being collected since start in the current block, and
// returns where they start: a full block's words move to a new one, so that they stay in one
// slice.
func (a *tokenArena) addWord(start int, t token) int {
	if len(a.words) == cap(a.words) {
		n := len(a.words) - start
		words := make([]token, n, max(arenaBlock, 2*n))
		copy(words, a.words[start:])
		a.words, start = words, 0
	}
	a.words = append(a.words, t)
	return start
}

func (a *tokenArena) newLines(n int) []hardLine {
	if n > arenaBlock/4 {
		return make([]hardLine, n)
	}
	if cap(a.lines)-len(a.lines) < n {
		a.lines = make([]hardLine, 0, arenaBlock)
	}
	l := a.lines[len(a.lines) : len(a.lines)+n : len(a.lines)+n]
	a.lines = a.lines[:len(a.lines)+n]
	return l
}

// tokens splits text at "\n" into hard lines and each at spaces into measured words, taking
// the slices from a (nil: a new arena); an empty hard line has no words. A trailing "\n"
// adds no line.
func tokens(text string, measure func(string) float64, a *tokenArena) []hardLine {
	if a == nil {
		a = new(tokenArena)
	}
	text = strings.TrimRight(text, "\n")
	out := a.newLines(strings.Count(text, "\n") + 1)
	for i := range out {
		h, rest, _ := strings.Cut(text, "\n")
		text = rest
		out[i].text = h
		// Words are runs of anything but ' ' (split by hand: FieldsFunc's closure and rune
		// decoding showed in the profile), collected in one pass straight into the arena.
		start := len(a.words)
		for j := 0; j < len(h); {
			if h[j] == ' ' {
				j++
				continue
			}
			end := j + 1
			for end < len(h) && h[end] != ' ' {
				end++
			}
			start = a.addWord(start, token{measure(h[j:end]), j, end})
			j = end
		}
		if len(a.words) > start {
			out[i].words = a.words[start:len(a.words):len(a.words)]
		}
	}
	return out
}

// wrap breaks text into lines no wider than width, as measured by measure. "\n" ends a line
// and an empty line is kept; words are separated by spaces and never hyphenated; a word wider
// than width is broken between characters.
func wrap(text string, width float64, measure func(string) float64) []string {
	var out []string
	for _, l := range wrapWords(nil, tokens(text, measure, nil), width, measure(" "), measure) {
		out = append(out, l.text)
	}
	return out
}

// wrapWords appends to dst the lines, no wider than width, that the measured words of each
// hard line fill; space is the width of a space, and measure is needed only to break a word
// wider than width. The lines' style and centring are left for the caller. A line whose
// words stand one space apart in the text is a slice of it; only a line that collapses
// longer runs of spaces is built.
func wrapWords(dst []line, hard []hardLine, width, space float64, measure func(string) float64) []line {
	for _, h := range hard {
		if len(h.words) == 0 {
			dst = append(dst, line{})
			continue
		}
		// The current line is h.text[start:end], or built when not nil.
		start, end := -1, 0
		var built []byte
		curW := 0.0
		for _, w := range h.words {
			if start >= 0 && curW+space+w.width <= width+eps {
				if built == nil && w.at != end+1 {
					built = append(make([]byte, 0, 2*(end-start)), h.text[start:end]...)
				}
				if built != nil {
					built = append(append(built, ' '), h.text[w.at:w.end]...)
				}
				end = w.end
				curW += space + w.width
				continue
			}
			if start >= 0 {
				dst = append(dst, line{text: lineText(h.text[start:end], built), width: curW})
				built = nil
			}
			start, end, curW = w.at, w.end, w.width
			if w.width > width+eps {
				pieces := breakWord(h.text[w.at:w.end], width, measure)
				for _, p := range pieces[:len(pieces)-1] {
					dst = append(dst, line{text: p, width: measure(p)})
				}
				last := pieces[len(pieces)-1]
				start, curW = end-len(last), measure(last)
			}
		}
		dst = append(dst, line{text: lineText(h.text[start:end], built), width: curW})
	}
	return dst
}

// lineText is built when a line was built, else the slice of the text it spans.
func lineText(slice string, built []byte) string {
	if built != nil {
		return string(built)
	}
	return slice
}

// breakWord cuts a word that is wider than width into pieces that fit, at least one character
// each so that a column narrower than a glyph still makes progress.
func breakWord(word string, width float64, measure func(string) float64) []string {
	var pieces []string
	start, w := 0, 0.0
	for i := 0; i < len(word); {
		_, n := utf8.DecodeRuneInString(word[i:])
		rw := measure(word[i : i+n])
		if i > start && w+rw > width+eps {
			pieces = append(pieces, word[start:i])
			start, w = i, 0
		}
		w += rw
		i += n
	}
	return append(pieces, word[start:])
}
