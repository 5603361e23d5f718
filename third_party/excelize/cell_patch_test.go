package excelize

import (
	"encoding/xml"
	"math/rand"
	"strconv"
	"strings"
	"testing"
)

// trimCellValueAsPublished is trimCellValue as excelize v2.11.1 publishes it, which escapes
// every text and runs bstrMarshal's expression over it.
func trimCellValueAsPublished(value string, escape bool) (string, xml.Attr) {
	var ns xml.Attr
	if countUTF16String(value) > TotalCellChars {
		value = truncateUTF16Units(value, TotalCellChars)
	}
	if value != "" {
		prefix, suffix := value[0], value[len(value)-1]
		for _, ascii := range []byte{9, 10, 13, 32} {
			if prefix == ascii || suffix == ascii {
				ns = xml.Attr{Name: xml.Name{Space: NameSpaceXML, Local: "space"}, Value: "preserve"}
				break
			}
		}
		if escape {
			var buf strings.Builder
			_ = xml.EscapeText(&buf, []byte(value))
			value = strings.ReplaceAll(buf.String(), "&#xA;", "\n")
		}
	}
	return bstrMarshalAsPublished(value), ns
}

// bstrMarshalAsPublished is bstrMarshal as excelize v2.11.1 publishes it.
func bstrMarshalAsPublished(s string) (result string) {
	matches, l, cursor := bstrExp().FindAllStringSubmatchIndex(s, -1), len(s), 0
	for _, match := range matches {
		result += s[cursor:match[0]]
		subStr := s[match[0]:match[1]]
		if subStr == "_x005F_" {
			cursor = match[1]
			if match[1]+6 <= l && bstrEscapeExp().MatchString(s[match[1]:match[1]+6]) {
				_, err := strconv.Unquote(`"\u` + s[match[1]+1:match[1]+5] + `"`)
				if err == nil {
					result += subStr + "x005F" + subStr
					continue
				}
			}
			result += subStr + "x005F_"
			continue
		}
		if bstrExp().MatchString(subStr) {
			cursor = match[1]
			if _, err := strconv.Unquote(`"\u` + s[match[0]+2:match[1]-1] + `"`); err == nil {
				result += "_x005F" + subStr
				continue
			}
		}
	}
	if cursor < l {
		result += s[cursor:]
	}
	return result
}

// TestTrimCellValueFastPaths: text that escapes to itself and text without "_x" skip the
// escaping and bstrMarshal's expression, with the published function's result.
func TestTrimCellValueFastPaths(t *testing.T) {
	texts := []string{"", "Sở Ngoại vụ", " lề ", "a\nb", "a\tb", "a\rb", "<b>&amp;</b>", `"'`, "\x01", "\xff\xfe",
		"\uFFFD", "\uFFFE", "\uFFFF", "_x0041_", "a_x005F_x0041_b", "_x005F_", "_xZZZZ_", "_xD800_", "_x005F_xd800_", "𝄞 ≥ 90%", strings.Repeat("ệ", 40000),
		strings.Repeat("a", TotalCellChars), strings.Repeat("a", TotalCellChars+1), strings.Repeat("𝄞", TotalCellChars/2), strings.Repeat("𝄞", TotalCellChars/2+1)}
	pieces := []string{"a", "ệ", " ", "\n", "\t", "\r", "<", "&", "'", "\"", "_x", "0041_", "\x00", "\xc3", "\uFFFE", "𝄞"}
	rnd := rand.New(rand.NewSource(1))
	for range 2000 {
		var b strings.Builder
		for range rnd.Intn(12) {
			b.WriteString(pieces[rnd.Intn(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	for _, s := range texts {
		for _, escape := range []bool{true, false} {
			got, gotNS := trimCellValue(s, escape)
			want, wantNS := trimCellValueAsPublished(s, escape)
			if got != want || gotNS != wantNS {
				t.Errorf("trimCellValue(%q, %v) = %q, %v; published %q, %v", s, escape, got, gotNS, want, wantNS)
			}
		}
	}
}
