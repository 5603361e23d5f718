// Copyright ©2026 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// A long document prints tens of thousands of lines of text through Text, and building each
// operator — converting the text to UTF-16, escaping it, formatting it into a string, copying
// that into the page, and noting every rune in the font's map — was a quarter of its time.
// appendText writes the same bytes straight into the page.

// seenRunes marks the runes below seenRunesMax that Text has already noted in a UTF-8 font's
// usedRunes, so that text in the Latin and Vietnamese ranges costs a bit test per rune rather
// than a map assignment; plain marks the ASCII ones among them that need no escaping, which
// are most of a text and cost one test. It only ever lags usedRunes, which it never replaces.
type seenRunes struct {
	bits  [seenRunesMax / 64]uint64
	plain [utf8.RuneSelf]bool
}

const seenRunesMax = 0x2000

// appendText appends to b what Text writes for s in the current UTF-8 font at (x, y), as
// Text's general path builds it: "BT x y Td (s in UTF-16BE, escaped) Tj ET\n". It notes the
// runes of s as used. It reports false for text that is not valid UTF-8 or holds a rune
// beyond the Basic Multilingual Plane, which the general path handles as before, and for a
// font added without seenRunes.
func (f *Fpdf) appendText(b []byte, x, y float64, s string) ([]byte, bool) {
	seen, used := f.currentFont.seen, f.currentFont.usedRunes
	if seen == nil {
		return b, false
	}
	// Room for the worst case, two escaped bytes for each byte of s, and the rest.
	b = slices.Grow(b, 4*len(s)+48)
	b = append(b, "BT "...)
	b = appendF2(b, x*f.k)
	b = append(b, ' ')
	b = appendF2(b, (f.h-y)*f.k)
	b = append(b, " Td ("...)
	for i := 0; i < len(s); {
		r := rune(s[i])
		if r < utf8.RuneSelf {
			i++
			if seen.plain[r] {
				b = append(b, 0, byte(r))
				continue
			}
			seen.plain[r] = !escaped[r]
		} else {
			var n int
			r, n = utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError || r > 0xFFFF {
				return b, false
			}
			i += n
		}
		if r >= seenRunesMax {
			used[int(r)] = int(r)
		} else if seen.bits[r/64]&(1<<(r%64)) == 0 {
			seen.bits[r/64] |= 1 << (r % 64)
			used[int(r)] = int(r)
		}
		hi, lo := byte(r>>8), byte(r)
		if escaped[hi] || escaped[lo] {
			b = appendEscaped(appendEscaped(b, hi), lo)
		} else {
			b = append(b, hi, lo)
		}
	}
	return append(b, ") Tj ET\n"...), true
}

// escaped marks the bytes escape changes.
var escaped = [256]bool{'\\': true, '(': true, ')': true, '\r': true}

// putBytes is put for bytes, which it does not keep.
func (f *Fpdf) putBytes(b []byte) {
	if f.state == 2 {
		f.pages[f.page].Write(b)
	} else {
		f.buffer.Write(b)
	}
}

// appendEscaped appends c as escape writes it in a string.
func appendEscaped(b []byte, c byte) []byte {
	switch c {
	case '\\', '(', ')':
		return append(b, '\\', c)
	case '\r':
		return append(b, '\\', 'r')
	}
	return append(b, c)
}

// appendF2 appends v as strconv.AppendFloat(b, v, 'f', 2, 64) does. Coordinates are printed
// with two decimals by the tens of thousands, and strconv gives a fixed number of decimals
// through a multiprecision decimal. Below a million, v×100 in float64 is within 1e-8 of the
// exact product, so rounding it gives the exact product's rounding unless it lies within
// that of a half: those values, and larger ones, are left to strconv.
func appendF2(b []byte, v float64) []byte {
	a := math.Abs(v)
	if !(a < 1e6) {
		return strconv.AppendFloat(b, v, 'f', 2, 64)
	}
	s := a * 100
	n := math.Floor(s)
	switch frac := s - n; {
	case math.Abs(frac-0.5) < 1e-6:
		return strconv.AppendFloat(b, v, 'f', 2, 64)
	case frac > 0.5:
		n++
	}
	if math.Signbit(v) {
		b = append(b, '-')
	}
	// n ≤ 1e8: its digits, two at a time, with the point before the last two.
	var d [12]byte
	u := uint32(n)
	r := u % 100
	u /= 100
	d[11], d[10], d[9] = digitPairs[2*r+1], digitPairs[2*r], '.'
	i := 9
	for u >= 100 {
		r := u % 100
		u /= 100
		i -= 2
		d[i], d[i+1] = digitPairs[2*r], digitPairs[2*r+1]
	}
	if u >= 10 {
		i -= 2
		d[i], d[i+1] = digitPairs[2*u], digitPairs[2*u+1]
	} else {
		i--
		d[i] = byte('0' + u)
	}
	return append(b, d[i:]...)
}

// digitPairs spells 00 to 99.
const digitPairs = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"
