package dataset

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// UnmarshalTOML accepts a TOML local date (2022-09-14) or a string "14/9/2022", "14/09/2022"
// or "2022-09-14".
func (d *Date) UnmarshalTOML(v any) error {
	date, err := dateOf(v)
	if err != nil {
		return err
	}
	*d = date
	return nil
}

// dateOf converts a decoded TOML value to a Date; its errors are user-facing.
func dateOf(v any) (Date, error) {
	switch x := v.(type) {
	case time.Time:
		// BurntSushi/toml marks a local date (no time, no zone) with this location's name.
		if x.Location().String() != "date-local" {
			return Date{}, fmt.Errorf("cần một ngày (2022-09-14 hoặc \"14/9/2022\"), không phải ngày giờ")
		}
		return inRange(Date{Year: x.Year(), Month: x.Month(), Day: x.Day()}, x.Format("2006-01-02"))
	case string:
		return parseDate(x)
	default:
		return Date{}, fmt.Errorf("sai kiểu: cần một ngày, không phải %s", typeName(v))
	}
}

// parseDate reads "14/9/2022", "14/09/2022" or "2022-09-14".
func parseDate(s string) (Date, error) {
	t := strings.TrimSpace(s)
	var parts []string
	var dayAt, monthAt, yearAt int
	if strings.Contains(t, "/") {
		parts = strings.Split(t, "/")
		dayAt, monthAt, yearAt = 0, 1, 2
	} else {
		parts = strings.Split(t, "-")
		dayAt, monthAt, yearAt = 2, 1, 0
	}
	bad := fmt.Errorf("ngày không hợp lệ: %q (viết 14/9/2022 hoặc 2022-09-14)", s)
	if len(parts) != 3 {
		return Date{}, bad
	}
	width := [3]int{}
	width[dayAt], width[monthAt], width[yearAt] = 2, 2, 4
	var n [3]int
	for i, p := range parts {
		// The slash form allows one-digit day and month; the ISO form wants them padded.
		if p == "" || len(p) > width[i] || (yearAt == 0 && len(p) != width[i]) || i == yearAt && len(p) != 4 || !allDigits(p) {
			return Date{}, bad
		}
		n[i], _ = strconv.Atoi(p)
	}
	d := Date{Year: n[yearAt], Month: time.Month(n[monthAt]), Day: n[dayAt]}
	if d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > daysIn(d.Month, d.Year) {
		return Date{}, fmt.Errorf("ngày không tồn tại: %s", t)
	}
	return inRange(d, t)
}

// inRange refuses a date outside MinYear–MaxYear; text is the date as written.
func inRange(d Date, text string) (Date, error) {
	if d.Year < MinYear || d.Year > MaxYear {
		return Date{}, fmt.Errorf("ngày %s nằm ngoài khoảng cho phép: năm phải từ %d đến %d (gõ nhầm năm?)", text, MinYear, MaxYear)
	}
	return d, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// ParseDate reads a date as the dataset accepts it in a string: "14/9/2022", "14/09/2022" or
// "2022-09-14". Its errors are user-facing.
func ParseDate(s string) (Date, error) { return parseDate(s) }
