package sign

import (
	"slices"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

func TestStampLines(t *testing.T) {
	tests := []struct {
		name string
		code string
		at   time.Time
		want []string
	}{
		{"seed report", "80/BC-SNgV", signAt,
			[]string{"Số: 80/BC-SNgV", "Thời gian ký: 14/09/2022 15:04:05 +07:00"}},
		{"UTC input shown in Vietnam time", "80/BC-SNgV", time.Date(2022, 9, 14, 8, 4, 5, 999, time.UTC),
			[]string{"Số: 80/BC-SNgV", "Thời gian ký: 14/09/2022 15:04:05 +07:00"}},
		{"late evening UTC is the next day in Vietnam", "12/BC-UBND", time.Date(2022, 12, 31, 17, 0, 0, 0, time.UTC),
			[]string{"Số: 12/BC-UBND", "Thời gian ký: 01/01/2023 00:00:00 +07:00"}},
		{"decomposed code is normalised, spaces trimmed", norm.NFD.String(" 05/BC-SNgV-Đ "), signAt,
			[]string{"Số: 05/BC-SNgV-Đ", "Thời gian ký: 14/09/2022 15:04:05 +07:00"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := StampLines(tc.code, tc.at)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			for _, l := range got {
				if !norm.NFC.IsNormalString(l) {
					t.Errorf("%q is not NFC", l)
				}
			}
		})
	}
}

// TestParsePDFDate reads the /M forms written by pdfsign and other tools.
func TestParsePDFDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{"D:20220914150405+07'00'", signAt},
		{"D:20220914080405Z", signAt},
		{"D:20220914010405-07'00", signAt},
		{"20220914080405", signAt},
		{"", time.Time{}},
		{"D:2022", time.Time{}},
		{"D:20220914150405+7", time.Time{}},
	}
	for _, tc := range tests {
		if got := parsePDFDate(tc.in); !got.Equal(tc.want) {
			t.Errorf("parsePDFDate(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
