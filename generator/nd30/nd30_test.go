package nd30

import (
	"testing"
	"time"
)

func TestDates(t *testing.T) {
	for _, c := range []struct {
		y           int
		m           time.Month
		d           int
		short, long string
	}{
		{2024, 3, 4, "04/3/2024", "ngày 04 tháng 3 năm 2024"},
		{2023, 1, 5, "05/01/2023", "ngày 05 tháng 01 năm 2023"},
		{2022, 9, 14, "14/9/2022", "ngày 14 tháng 9 năm 2022"},
		{2022, 2, 28, "28/02/2022", "ngày 28 tháng 02 năm 2022"},
		{2022, 12, 10, "10/12/2022", "ngày 10 tháng 12 năm 2022"},
		{2022, 10, 9, "09/10/2022", "ngày 09 tháng 10 năm 2022"},
	} {
		if got := ShortDate(c.y, c.m, c.d); got != c.short {
			t.Errorf("ShortDate(%d-%d-%d) = %q, want %q", c.y, c.m, c.d, got, c.short)
		}
		if got := LongDate(c.y, c.m, c.d); got != c.long {
			t.Errorf("LongDate(%d-%d-%d) = %q, want %q", c.y, c.m, c.d, got, c.long)
		}
	}
}

func TestNumber(t *testing.T) {
	for in, want := range map[string]string{
		"7": "07/BC-SNgV", "07": "07/BC-SNgV", "0": "00/BC-SNgV", "10": "10/BC-SNgV", "125": "125/BC-SNgV",
		" 9 ": "09/BC-SNgV", "": "\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-SNgV",
	} {
		if got := NumberAndCode(in, "BC-SNgV"); got != want {
			t.Errorf("NumberAndCode(%q) = %q, want %q", in, got, want)
		}
	}
}
