package dataset

import (
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

func TestDateLong(t *testing.T) {
	for _, tc := range []struct {
		d    Date
		want string
	}{
		{Date{2022, time.September, 14}, "ngày 14 tháng 9 năm 2022"},
		{Date{2023, time.January, 5}, "ngày 05 tháng 01 năm 2023"},
		{Date{2023, time.February, 28}, "ngày 28 tháng 02 năm 2023"},
		{Date{2023, time.March, 1}, "ngày 01 tháng 3 năm 2023"},
		{Date{2022, time.December, 15}, "ngày 15 tháng 12 năm 2022"},
	} {
		if got := tc.d.Long(); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.d, got, tc.want)
		}
	}
}

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
