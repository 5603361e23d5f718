package docxtpl

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// didYouMean suggests the name among names nearest to name, or says nothing: the same name
// but for case and diacritics ("Nguoi_ky", "người_ký" → "nguoi_ky"), else a name within two
// edits, and never one that differs in more than a third of its letters.
func didYouMean(name string, names []string) string {
	if len(name) > 4*maxQuote {
		return ""
	}
	f := fold(name)
	best, bestD := "", 3
	sort.Strings(names)
	for _, c := range names {
		if c == name || len(c) > 4*maxQuote {
			continue
		}
		fc := fold(c)
		d := 0
		if fc != f {
			d = 1 + distance(f, fc)
		}
		if d < bestD && (d == 0 || 3*(d-1) <= len([]rune(fc))) {
			best, bestD = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (có phải {%s}?)", best)
}

// fold lowers case and strips Vietnamese diacritics: "Người_Ký" → "nguoi_ky".
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ' || r == 'Đ':
			b.WriteByte('d')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// distance is the edit distance between a and b, in runes, counting a swap of two neighbours
// as one edit (optimal string alignment).
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			c := 0
			if ra[i-1] != rb[j-1] {
				c = 1
			}
			d[i][j] = min(d[i-1][j-1]+c, d[i-1][j]+1, d[i][j-1]+1)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
