package dataset

import (
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	nfcpkg "github.com/baocao-vn/baocao/internal/nfc"
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

// scanText finds the same first byte that is not UTF-8 as decoding rune by rune does, and
// says whether NFC may change the text before it as checking each rune against the ranges
// (nfc.Stable) does, on every lead byte followed by every kind of continuation, cut short or not.
func TestScanText(t *testing.T) {
	want := func(s string) (int, bool) {
		nfc := false
		for i := 0; i < len(s); {
			r, w := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && w == 1 {
				return i, nfc
			}
			nfc = nfc || !nfcpkg.Stable(r)
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
