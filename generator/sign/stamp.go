package sign

import (
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// Vietnam is Vietnam time (UTC+07:00, no daylight saving). A fixed zone, so that no tzdata is
// needed on the machine that renders or verifies.
var Vietnam = time.FixedZone("ICT", 7*3600)

// stampLayout is the decree's "ngày/tháng/năm; giờ:phút:giây" with the ISO 8601 offset.
const stampLayout = "02/01/2006 15:04:05 -07:00"

// formatTime renders t in Vietnam time as the stamp does, to the second.
func formatTime(t time.Time) string {
	return t.In(Vietnam).Format(stampLayout)
}

// StampLines returns the text the appendix renderer draws at the top right of page 1 before
// signing: the report's number and code, and the signing time in Vietnam time, e.g.
// ["Số: 80/BC-SNgV", "Thời gian ký: 14/09/2022 15:04:05 +07:00"]. The caller must pass the same
// t to Sign so that the visible time and the time inside the signature agree to the second.
func StampLines(code string, t time.Time) []string {
	return []string{
		norm.NFC.String("Số: " + strings.TrimSpace(code)),
		norm.NFC.String("Thời gian ký: " + formatTime(t)),
	}
}
