// Copyright ©2026 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"encoding/binary"
	"fmt"
)

// maxComponentDepth bounds how deeply composite glyphs may nest. TrueType fonts nest one or
// two levels; the bound also stops a cycle, on which GenerateCutFont would recurse without
// end.
const maxComponentDepth = 16

// checkGlyphs reports what GenerateCutFont could not subset in a face read by parseCutTables:
// a glyph whose loca range lies outside the glyf table, a character mapped to a glyph that does
// not exist, a composite glyph whose component records run past its end or name a glyph that
// does not exist, or composites nested deeper than maxComponentDepth (a cycle among them
// included). A face ParseUTF8Font accepts then subsets without panicking.
func (utf *utf8FontFile) checkGlyphs() error {
	c := utf.cut
	glyf := c.tableDescriptions["glyf"]
	if glyf == nil || glyf.position < 0 || glyf.size < 0 || glyf.position+glyf.size > len(utf.fileReader.array) {
		return fmt.Errorf("fpdf: malformed TrueType font: no glyf table inside the file")
	}
	pos := c.symbolPosition
	if len(pos) != c.numSymbols+1 {
		return fmt.Errorf("fpdf: malformed TrueType font: the loca table has %d entries for %d glyphs", len(pos), c.numSymbols)
	}
	for g := 0; g < c.numSymbols; g++ {
		if pos[g] < 0 || pos[g] > pos[g+1] || pos[g+1] > glyf.size {
			return fmt.Errorf("fpdf: malformed TrueType font: glyph %d lies outside the glyf table", g)
		}
	}
	for i, r := range c.charSymbolDictionary.runes {
		if g := int(c.charSymbolDictionary.glyphs[i]); g < 0 || g >= c.numSymbols {
			return fmt.Errorf("fpdf: malformed TrueType font: U+%04X is mapped to glyph %d of %d", r, g, c.numSymbols)
		}
	}
	data := utf.fileReader.array[glyf.position : glyf.position+glyf.size]
	depth := make([]int8, c.numSymbols) // 0: not seen; -1: being walked; n: nesting below it + 1
	var walk func(g int) (int8, error)
	walk = func(g int) (int8, error) {
		switch {
		case depth[g] == -1:
			return 0, fmt.Errorf("fpdf: malformed TrueType font: composite glyph %d contains itself", g)
		case depth[g] > 0:
			return depth[g], nil
		}
		depth[g] = -1
		glyph := data[pos[g]:pos[g+1]]
		var below int8
		if len(glyph) >= 2 && int16(binary.BigEndian.Uint16(glyph)) < 0 {
			at, flags := 10, symbolContinue
			for flags&symbolContinue != 0 {
				if at+4 > len(glyph) {
					return 0, fmt.Errorf("fpdf: malformed TrueType font: composite glyph %d ends inside a component", g)
				}
				flags = int(binary.BigEndian.Uint16(glyph[at:]))
				part := int(binary.BigEndian.Uint16(glyph[at+2:]))
				if part >= c.numSymbols {
					return 0, fmt.Errorf("fpdf: malformed TrueType font: composite glyph %d uses glyph %d of %d", g, part, c.numSymbols)
				}
				d, err := walk(part)
				if err != nil {
					return 0, err
				}
				below = max(below, d)
				at += 4
				if flags&symbolWords != 0 {
					at += 4
				} else {
					at += 2
				}
				switch {
				case flags&symbolScale != 0:
					at += 2
				case flags&symbolAllScale != 0:
					at += 4
				case flags&symbol2x2 != 0:
					at += 8
				}
			}
		}
		if below >= maxComponentDepth {
			return 0, fmt.Errorf("fpdf: malformed TrueType font: composite glyphs nested more than %d deep", maxComponentDepth)
		}
		depth[g] = below + 1
		return depth[g], nil
	}
	for g := range c.numSymbols {
		if _, err := walk(g); err != nil {
			return err
		}
	}
	return nil
}
