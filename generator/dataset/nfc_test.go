package dataset

import (
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestMayNeedNFC(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"Sở Ngoại vụ – “Hà Tĩnh”…", false},
		{"So\u031b\u0309 Ngoa\u0323i vu\u0323", true}, // decomposed
		{"\u2000", true}, // a singleton that NFC replaces
		{"\u212b", true}, // ANGSTROM SIGN → Å
		{"≥90%", false},
		{"\u2600", true}, // outside the fast ranges: the normaliser decides
	} {
		if got := mayNeedNFC(tc.s); got != tc.want {
			t.Errorf("mayNeedNFC(%q) = %v, want %v", tc.s, got, tc.want)
		}
		if !tc.want && !norm.NFC.IsNormalString(tc.s) {
			t.Errorf("%q is not NFC although the fast path skips it", tc.s)
		}
	}
}

// Every character the fast path lets through is NFC on its own and never combines with the
// character before it, so any string made only of them is NFC.
func TestMayNeedNFCRanges(t *testing.T) {
	for r := rune(0); r < 0x30000; r++ {
		s := string(r)
		if mayNeedNFC(s) {
			continue
		}
		p := norm.NFC.PropertiesString(s)
		if !norm.NFC.IsNormalString(s) || !p.BoundaryBefore() || p.CCC() != 0 {
			t.Errorf("U+%04X passes the fast path but is not a stable NFC boundary", r)
		}
	}
}

// NFC gives what the normaliser gives, on the fast path and off it.
func TestNFC(t *testing.T) {
	for _, s := range []string{"", "Sở Ngoại vụ – “Hà Tĩnh”…", "So\u031b\u0309 Ngoa\u0323i vu\u0323", "Tiêu chí " + "\u0301", "\u212b", "≥90%"} {
		if got, want := NFC(s), norm.NFC.String(s); got != want {
			t.Errorf("NFC(%q) = %q, want %q", s, got, want)
		}
	}
}

// scanText finds the same first byte that is not UTF-8 as decoding rune by rune does, and
// says whether NFC may change the text before it as checking each rune against the ranges
// does, on every lead byte followed by every kind of continuation, cut short or not.
func TestScanText(t *testing.T) {
	stable := func(r rune) bool {
		return r < 0x300 || 0x1E00 <= r && r <= 0x1EFF || 0x2002 <= r && r <= 0x206F ||
			0x20A0 <= r && r <= 0x20CF || 0x2190 <= r && r <= 0x22FF || 0x2500 <= r && r <= 0x25FF
	}
	want := func(s string) (int, bool) {
		nfc := false
		for i := 0; i < len(s); {
			r, w := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && w == 1 {
				return i, nfc
			}
			nfc = nfc || !stable(r)
			i += w
		}
		return -1, nfc
	}
	next := []byte{0x00, 'a', 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xb7, 0xb8, 0xbb, 0xbc, 0xbf, 0xc0, 0xe1, 0xff}
	n := 0
	for b0 := 0; b0 < 256; b0++ {
		for _, b1 := range next {
			for _, b2 := range next {
				for _, b3 := range next {
					seq := []byte{byte(b0), b1, b2, b3}
					for cut := 1; cut <= len(seq); cut++ {
						for _, s := range []string{string(seq[:cut]), "Sở " + string(seq[:cut]) + " vụ"} {
							n++
							bad, nfc := scanText(s)
							wbad, wnfc := want(s)
							if bad != wbad || nfc != wnfc {
								t.Fatalf("scanText(%q) = %d, %v; want %d, %v", s, bad, nfc, wbad, wnfc)
							}
						}
					}
				}
			}
		}
	}
	t.Logf("%d texts", n)
}
