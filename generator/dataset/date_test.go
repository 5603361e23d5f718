package dataset

import (
	"testing"
	"time"
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
