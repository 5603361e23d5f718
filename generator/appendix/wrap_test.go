package appendix

import (
	"slices"
	"testing"
	"unicode/utf8"
)

// runes measures one unit per character, so that widths in the cases below read as lengths.
func runes(s string) float64 { return float64(utf8.RuneCountInString(s)) }

func TestWrap(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width float64
		want  []string
	}{
		{"fits", "một hai", 10, []string{"một hai"}},
		{"exact width", "một hai", 7, []string{"một hai"}},
		{"wraps between words", "một hai ba bốn", 7, []string{"một hai", "ba bốn"}},
		{"spaces collapse", "  một   hai  ", 20, []string{"một hai"}},
		{"spaces collapse inside a line", "một  hai ba", 20, []string{"một hai ba"}},
		{"collapsed spaces, then a break", "ab  cd ef gh", 5, []string{"ab cd", "ef gh"}},
		{"broken word, then collapsed spaces", "abcdefg  h  i", 5, []string{"abcde", "fg h", "i"}},
		{"hard breaks kept", "một\nhai", 20, []string{"một", "hai"}},
		{"empty line kept", "một\n\nhai", 20, []string{"một", "", "hai"}},
		{"trailing newline dropped", "một\n", 20, []string{"một"}},
		{"empty paragraph is a blank line", "", 20, []string{""}},
		{"long word broken, not hyphenated", "ab nghiêngnghiêng cd", 5, []string{"ab", "nghiê", "ngngh", "iêng", "cd"}},
		{"long word joins the next", "abcdefg h", 5, []string{"abcde", "fg h"}},
		{"narrower than a glyph", "ab", 0.5, []string{"a", "b"}},
		{"no-break space does not break", "x Số\u00a080", 6, []string{"x", "Số\u00a080"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wrap(tt.text, tt.width, runes)
			if !slices.Equal(got, tt.want) {
				t.Errorf("wrap(%q, %v) = %q, want %q", tt.text, tt.width, got, tt.want)
			}
			for _, l := range got {
				if runes(l) > tt.width && utf8.RuneCountInString(l) > 1 {
					t.Errorf("line %q is wider than %v", l, tt.width)
				}
			}
		})
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Ho\u0300a", "Hòa"},               // NFD → NFC
		{"a\r\nb\rc", "a\nb\nc"},           // Windows and old Mac line ends
		{"a\tb\x00c", "a b c"},             // tab and control characters print as spaces
		{"Tiê\u0301n đô\u0323", "Tiến độ"}, // stacked marks compose
		{"giữ nguyên", "giữ nguyên"},       // already NFC
		{"a\xffb", "a\ufffdb"},             // invalid UTF-8 prints as U+FFFD
		{"a\x7fb\n", "a b\n"},              // DEL is a control character; "\n" stays
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
