// Copyright ©2026 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"maps"
	"math"
	"math/rand/v2"
	"strconv"
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

// TestAppendF2 compares appendF2 with strconv on values at and next to every halfway point
// of the first hundred thousand hundredths, on random coordinates and on special values.
func TestAppendF2(t *testing.T) {
	check := func(v float64) {
		t.Helper()
		if got, want := string(appendF2(nil, v)), strconv.FormatFloat(v, 'f', 2, 64); got != want {
			t.Fatalf("appendF2(%v) = %s, strconv gives %s", v, got, want)
		}
	}
	for _, v := range []float64{0, math.Copysign(0, -1), 1e-300, -1e-300, 0.005, -0.005, 0.004999, -0.0049, 999999.995, 999999.996, 999999.999, -999999.999, 1e6, -1e6, 1e21, math.MaxFloat64, math.Inf(1), math.Inf(-1), math.NaN()} {
		check(v)
	}
	for k := range 100000 {
		for _, v := range []float64{float64(k) / 100, (float64(k) + 0.5) / 100, float64(k)/100 + 0.005} {
			for _, w := range []float64{v, math.Nextafter(v, 0), math.Nextafter(v, 1e9)} {
				check(w)
				check(-w)
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		check((rng.Float64() - 0.3) * 1200)
		check(rng.NormFloat64() * math.Pow(10, float64(rng.IntN(12)-3)))
	}
}

func BenchmarkAppendText(b *testing.B) {
	f := New("L", "mm", "A4", "")
	f.AddPage()
	f.isCurrentUTF8 = true
	f.currentFont = fontDefType{usedRunes: map[int]int{}, seen: new(seenRunes)}
	s := "Kết quả khắc phục đối với các tồn tại, hạn chế trong công tác CCHC (năm 2022)"
	buf := make([]byte, 0, 4096)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		buf, _ = f.appendText(buf[:0], 123.456, 78.9, s)
	}
}
