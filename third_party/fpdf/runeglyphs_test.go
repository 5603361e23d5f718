// Copyright ©2026 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestRuneGlyphs: a runeGlyphs answers every lookup as the map it was built from, absent
// characters, glyph 0 and characters no cmap holds among them.
func TestRuneGlyphs(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for i := range 200 {
		m := map[int]int{}
		for range rng.IntN(3000) {
			m[rng.IntN(0x10000)] = rng.IntN(4) * rng.IntN(0x10000) // glyph 0 a quarter of the time
		}
		rg := newRuneGlyphs(m)
		if len(rg.runes) != len(m) {
			t.Fatalf("case %d: %d characters, want %d", i, len(rg.runes), len(m))
		}
		for _, r := range append([]int{-1, 0, 0xFFFF, 0x10000, math.MaxInt32 + 1, math.MinInt64}, rng.Perm(0x10000)[:500]...) {
			want, wantOK := m[r]
			if got, ok := rg.glyph(r); got != want || ok != wantOK {
				t.Fatalf("case %d: glyph(%#x) = %d, %v; the map has %d, %v", i, r, got, ok, want, wantOK)
			}
		}
		for r, want := range m {
			if got, ok := rg.glyph(r); got != want || !ok {
				t.Fatalf("case %d: glyph(%#x) = %d, %v; the map has %d", i, r, got, ok, want)
			}
		}
	}
	a, b := newRuneGlyphs(map[int]int{1: 2}), newRuneGlyphs(map[int]int{1: 2})
	if !a.same(a) || a.same(b) {
		t.Error("same: a runeGlyphs is not itself, or two built apart are the same")
	}
}

// TestLoadUTF8FontRefusesDisorder: an encoding whose characters do not ascend, which a
// runeGlyphs could not search, is refused.
func TestLoadUTF8FontRefusesDisorder(t *testing.T) {
	ttf := testFaces(t)["LiberationSerif-Regular.ttf"]
	for _, swap := range [][2]int{{0, 1}, {100, 101}, {5, 5}} {
		parsed, err := ParseUTF8Font(ttf)
		if err != nil {
			t.Fatal(err)
		}
		rg := parsed.file.charSymbolDictionary
		rg.runes[swap[0]], rg.runes[swap[1]] = rg.runes[swap[1]], rg.runes[swap[0]]
		if swap[0] == swap[1] {
			rg.runes[swap[0]+1] = rg.runes[swap[0]] // a character twice
		}
		enc, err := parsed.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := LoadUTF8Font(ttf, enc); err == nil {
			t.Errorf("loaded an encoding with characters %d and %d out of order", swap[0], swap[1])
		}
	}
}
