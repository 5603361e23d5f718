package appendix

import "strings"

// eps absorbs the rounding of summed glyph widths when a line fills its width exactly.
const eps = 1e-6

// wrap breaks text into lines no wider than width, as measured by measure. "\n" ends a line
// and an empty line is kept; words are separated by spaces and never hyphenated; a word wider
// than width is broken between characters.
func wrap(text string, width float64, measure func(string) float64) []string {
	text = strings.TrimRight(text, "\n")
	var lines []string
	space := measure(" ")
	for _, hard := range strings.Split(text, "\n") {
		words := strings.FieldsFunc(hard, func(r rune) bool { return r == ' ' })
		if len(words) == 0 {
			lines = append(lines, "")
			continue
		}
		var cur strings.Builder
		curW := 0.0
		for _, word := range words {
			ww := measure(word)
			if cur.Len() > 0 && curW+space+ww <= width+eps {
				cur.WriteByte(' ')
				cur.WriteString(word)
				curW += space + ww
				continue
			}
			if cur.Len() > 0 {
				lines = append(lines, cur.String())
				cur.Reset()
			}
			if ww > width+eps {
				pieces := breakWord(word, width, measure)
				lines = append(lines, pieces[:len(pieces)-1]...)
				word = pieces[len(pieces)-1]
				ww = measure(word)
			}
			cur.WriteString(word)
			curW = ww
		}
		lines = append(lines, cur.String())
	}
	return lines
}

// breakWord cuts a word that is wider than width into pieces that fit, at least one character
// each so that a column narrower than a glyph still makes progress.
func breakWord(word string, width float64, measure func(string) float64) []string {
	var pieces []string
	start, w := 0, 0.0
	for i, r := range word {
		rw := measure(string(r))
		if i > start && w+rw > width+eps {
			pieces = append(pieces, word[start:i])
			start, w = i, 0
		}
		w += rw
	}
	return append(pieces, word[start:])
}
