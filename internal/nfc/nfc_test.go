package nfc

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

// TestStable: every character Stable lets through is NFC on its own and never combines with
// the character before it, so any string made only of them is NFC.
func TestStable(t *testing.T) {
	n := 0
	for r := rune(0); r < 0x30000; r++ {
		if !Stable(r) {
			continue
		}
		n++
		s := string(r)
		p := norm.NFC.PropertiesString(s)
		if !norm.NFC.IsNormalString(s) || !p.BoundaryBefore() || p.CCC() != 0 {
			t.Errorf("U+%04X is Stable but is not a stable NFC boundary", r)
		}
	}
	if n < 1000 {
		t.Errorf("only %d characters are Stable", n)
	}
}

func TestString(t *testing.T) {
	for _, tc := range []struct {
		s     string
		quick bool
	}{
		{"", true},
		{"Sở Ngoại vụ – “Hà Tĩnh”… ≥90% ₫ ●", true},
		{"So\u031b\u0309 Ngoa\u0323i vu\u0323", false}, // decomposed
		{"Tiêu chí " + "\u0301", false},                // a combining mark after a space
		{"\u2000", false},                              // a singleton that NFC replaces
		{"\u212b", false},                              // ANGSTROM SIGN → Å
		{"\u2600", false},                              // outside the ranges: the normaliser decides (and keeps it)
		{"a\xffb", false},                              // not UTF-8: the normaliser's business
	} {
		if got := Quick(tc.s); got != tc.quick {
			t.Errorf("Quick(%q) = %v, want %v", tc.s, got, tc.quick)
		}
		if got, want := String(tc.s), norm.NFC.String(tc.s); got != want {
			t.Errorf("String(%q) = %q, want %q", tc.s, got, want)
		}
	}
}

// BenchmarkString is the check on an NFC Vietnamese sentence, against the normaliser's.
func BenchmarkString(b *testing.B) {
	s := "Căn cứ vào kết quả kiểm tra của Đoàn thẩm định công tác CCHC năm 2021 của tỉnh – “Sở Ngoại vụ”"
	b.Run("nfc", func(b *testing.B) {
		for b.Loop() {
			String(s)
		}
	})
	b.Run("norm", func(b *testing.B) {
		for b.Loop() {
			norm.NFC.String(s)
		}
	})
}
