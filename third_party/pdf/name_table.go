package pdf

import (
	_ "embed"
	"strconv"
	"strings"
	"sync"
)

// nameSource is name.go, which is left out of the build and read on first use instead:
// compiled, its 4,300-entry map literal is built when a program starts, which cost every
// program importing this package half a millisecond whether or not it ever decoded a glyph
// name.
//
//go:embed name.go
var nameSource string

var (
	namesOnce sync.Once
	names     map[string]rune
)

// nameToRune returns the map of glyph names to their runes that name.go lists.
func nameToRune() map[string]rune {
	namesOnce.Do(func() { names = parseNames(nameSource) })
	return names
}

// parseNames reads the entries of name.go's map literal.
func parseNames(src string) map[string]rune {
	m := make(map[string]rune, 4400)
	for _, line := range strings.Split(src, "\n") {
		// An entry is a line of its own: "name": 0x00A0,
		k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok || !strings.HasPrefix(k, `"`) {
			continue
		}
		name, err := strconv.Unquote(k)
		if err != nil {
			panic("pdf: name.go: bad glyph name " + k)
		}
		r, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), ","), 0, 32)
		if err != nil {
			panic("pdf: name.go: bad rune for " + k)
		}
		m[name] = rune(r)
	}
	return m
}
