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

// distance is the Levenshtein distance between a and b, in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := prev[j-1]
			if ra[i-1] != rb[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
