// Copyright ©2026 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

// SymbolWidth returns the advance width of s in the face, in thousandths of an em: what
// GetStringSymbolWidth gives with the face selected in a document. A layout measuring every
// word of a long document in several faces need not select each face in a document to do it;
// GetStringWidth is SymbolWidth times the font size in user units over 1000.
func (font *UTF8Font) SymbolWidth(s string) int {
	cw := font.file.CharWidths
	missing := round(font.file.DefaultWidth)
	w := 0
	for _, r := range s {
		c := int(r)
		switch {
		case c < len(cw) && cw[c] > 0:
			if cw[c] != 65535 {
				w += cw[c]
			}
		case missing != 0:
			w += missing
		default:
			w += 500
		}
	}
	return w
}
