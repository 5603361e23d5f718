// Copyright ©2026 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"maps"
	"testing"
)

// TestTextFastPath checks that Text writes, for UTF-8 text, the operator and the used runes
// that fpdf's general path (as published) gives, escaping bytes of UTF-16 code units
// included, and for text the fast path leaves to the general path.
func TestTextFastPath(t *testing.T) {
	texts := []string{
		"", "abc", `a(b)c\d` + "\r", "Kết quả khắc phục — 1.234,56 điểm",
		"\u0128\u2029\u5c5c\u010d\u1e0d", // code units holding '(', ')', '\\', '\r' bytes
		"\u1ef9\u1ef9 \u1ea0", "中文", "\uffff", "\ufffd", "😀 x", "\xffab",
	}
	for _, seen := range []*seenRunes{new(seenRunes), nil} {
		f := New("L", "mm", "A4", "")
		f.AddPage()
		f.isCurrentUTF8 = true
		f.currentFont = fontDefType{usedRunes: map[int]int{}, seen: seen}
		want := map[int]int{}
		for i, s := range append(texts, texts...) {
			x, y := 10.004+float64(i)*3.3333, 200-float64(i)*7.125
			page := f.pages[f.page]
			before := page.Len()
			f.Text(x, y, s)
			got := page.String()[before:]
			exp := sprintf("BT %.2f %.2f Td (%s) Tj ET\n", x*f.k, (f.h-y)*f.k, f.escape(utf8toutf16(s, false)))
			if got != exp {
				t.Errorf("Text(%q) wrote %q, want %q", s, got, exp)
			}
			for _, r := range s {
				want[int(r)] = int(r)
			}
			if !maps.Equal(f.currentFont.usedRunes, want) {
				t.Errorf("after Text(%q) the used runes are %v, want %v", s, f.currentFont.usedRunes, want)
			}
		}
	}
}
