// Package suggest finds the name a user most likely meant when they mistyped one: a command, a
// flag.
package suggest

import "strings"

// Nearest returns the candidate closest to s when it is a plausible typo of it (at most a third
// of its letters wrong, at least one, never more than 3; none for one or two letters), or "".
func Nearest(s string, candidates []string) string {
	s = strings.ToLower(s)
	n := len([]rune(s))
	limit := min(3, max(1, n/3))
	if n < 3 {
		limit = 0 // one or two letters: any other name is as near
	}
	best, bestDist := "", limit+1
	for _, c := range candidates {
		if d := distance(s, strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// distance is the optimal-string-alignment distance: insertions, deletions, substitutions and
// transpositions of neighbours ("rendr", "redner") each count one.
func distance(a, b string) int {
	x, y := []rune(a), []rune(b)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}
