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

// PeekAsOf returns the appendix's as_of date (a dataset's reporting date) found by the line
// index alone, about a tenth of the cost of Parse, when the file writes it as a TOML local
// date (as_of = 2022-09-14); ok is false otherwise (a string date, a date-time, no such key),
// and then only Parse knows. It does not validate the file: Parse may still refuse it, and
// for a file Parse accepts, Parse's Appendix.AsOf is this date.
func PeekAsOf(src []byte) (d Date, ok bool) {
	// The text Parse indexes: without a BOM, checked, NFC.
	text, e := decodableText("", string(src))
	if e != nil {
		return Date{}, false
	}
	raw := scan(text, false).rawOf(keyAppendix + "." + keyAsOf)
	if len(raw) != len("2006-01-02") {
		return Date{}, false
	}
	t, err := time.Parse("2006-01-02", raw)
	if err != nil {
		return Date{}, false
	}
	if d, err = inRange(Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}, raw); err != nil {
		return Date{}, false
	}
	return d, true
}
