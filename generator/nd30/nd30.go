// Package nd30 is the one home of Decree 30/2020/NĐ-CP's rules for printing a document's
// number and its dates (Appendix I, components 3 and 4): a number below 10 takes a leading
// zero ("07/BC-SNgV"); in every printed date the day below 10 and the months 1 and 2 take a
// leading zero ("ngày 05 tháng 01 năm 2023", "04/3/2024", "14/9/2022").
package nd30

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Day prints a day of the month: 05, 14.
func Day(d int) string { return fmt.Sprintf("%02d", d) }

// Month prints a month: 01, 02, then 3 … 12 without a leading zero.
func Month(m time.Month) string {
	if m <= time.February {
		return fmt.Sprintf("%02d", int(m))
	}
	return strconv.Itoa(int(m))
}

// ShortDate prints a date in figures as running text does: 04/3/2024, 05/01/2023.
func ShortDate(year int, month time.Month, day int) string {
	return Day(day) + "/" + Month(month) + "/" + strconv.Itoa(year)
}

// LongDate prints a date as it follows the place name: "ngày 05 tháng 01 năm 2023".
func LongDate(year int, month time.Month, day int) string {
	return "ngày " + Day(day) + " tháng " + Month(month) + " năm " + strconv.Itoa(year)
}

// Number prints a document's number: a number below 10 takes a leading zero (7 → 07); a
// number written otherwise (already padded, or not a plain number) is printed as written.
func Number(n string) string {
	n = strings.TrimSpace(n)
	if len(n) == 1 && n[0] >= '0' && n[0] <= '9' {
		return "0" + n
	}
	return n
}

// blank is the room left for the clerical office to write a number not yet assigned.
const blank = "\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0"

// NumberAndCode prints "Số"'s value: "07/BC-SNgV", or "      /BC-SNgV" with room for the
// clerical office to write the number when it is not yet assigned.
func NumberAndCode(number, code string) string {
	n := Number(number)
	if n == "" {
		n = blank
	}
	return n + "/" + code
}
