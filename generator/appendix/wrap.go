package appendix

import "strings"

// eps absorbs the rounding of summed glyph widths when a line fills its width exactly.
const eps = 1e-6

// token is a word measured once, so that choosing column widths and wrapping lines share the
// measurement.
type token struct {
	text  string
	width float64
}

// tokens splits text at "\n" into hard lines and each at spaces into measured words; an empty
// hard line has no words. A trailing "\n" adds no line.
func tokens(text string, measure func(string) float64) [][]token {
	text = strings.TrimRight(text, "\n")
	out := make([][]token, strings.Count(text, "\n")+1)
	for i := range out {
		h, rest, _ := strings.Cut(text, "\n")
		text = rest
		// Words are runs of anything but ' ' (split by hand: FieldsFunc's closure and rune
		// decoding showed in the profile).
		n := 0
		for j := 0; j < len(h); j++ {
			if h[j] != ' ' && (j == 0 || h[j-1] == ' ') {
				n++
			}
		}
		if n == 0 {
			continue
		}
		ws := make([]token, 0, n)
		for h != "" {
			h = strings.TrimLeft(h, " ")
			if h == "" {
				break
			}
			w := h
			if k := strings.IndexByte(h, ' '); k >= 0 {
				w, h = h[:k], h[k:]
			} else {
				h = ""
			}
			ws = append(ws, token{w, measure(w)})
		}
		out[i] = ws
	}
	return out
}

// wrap breaks text into lines no wider than width, as measured by measure. "\n" ends a line
// and an empty line is kept; words are separated by spaces and never hyphenated; a word wider
// than width is broken between characters.
func wrap(text string, width float64, measure func(string) float64) []string {
	var out []string
	for _, l := range wrapWords(tokens(text, measure), width, measure(" "), measure) {
		out = append(out, l.text)
	}
	return out
}

// wrapWords fills lines no wider than width with the measured words of each hard line; space
// is the width of a space, and measure is needed only to break a word wider than width. The
// lines' style and centring are left for the caller.
func wrapWords(hard [][]token, width, space float64, measure func(string) float64) []line {
	var lines []line
	var cur strings.Builder
	for _, ws := range hard {
		if len(ws) == 0 {
			lines = append(lines, line{})
			continue
		}
		cur.Reset()
		curW := 0.0
		for _, w := range ws {
			if cur.Len() > 0 && curW+space+w.width <= width+eps {
				cur.WriteByte(' ')
				cur.WriteString(w.text)
				curW += space + w.width
				continue
			}
			if cur.Len() > 0 {
				lines = append(lines, line{text: cur.String(), width: curW})
				cur.Reset()
			}
			if w.width > width+eps {
				pieces := breakWord(w.text, width, measure)
				for _, p := range pieces[:len(pieces)-1] {
					lines = append(lines, line{text: p, width: measure(p)})
				}
				w = token{pieces[len(pieces)-1], measure(pieces[len(pieces)-1])}
			}
			cur.WriteString(w.text)
			curW = w.width
		}
		lines = append(lines, line{text: cur.String(), width: curW})
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
