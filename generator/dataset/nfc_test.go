package dataset

import (
	"testing"

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
