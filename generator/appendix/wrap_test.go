package appendix

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
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

// TestCleanShortcut checks clean against its full path (fold, then NFC) on random strings of
// ASCII, Vietnamese letters precomposed and decomposed, combining marks, letters that compose
// with a mark before them, control characters and invalid bytes.
func TestCleanShortcut(t *testing.T) {
	full := func(s string) string {
		s = cleaner.Replace(s)
		s = strings.Map(func(r rune) rune {
			if r != '\n' && (r < 0x20 || r == 0x7f) {
				return ' '
			}
			return r
		}, s)
		return norm.NFC.String(s)
	}
	pieces := []string{"a", "O", " ", "\n", "\r\n", "\t", "\x00", "\x7f", "\xff", "\xe1\xbb",
		"ệ", "Ư", "ở", "đ", "Đ", "ă", "\u0301", "\u0309", "\u0323", "\u031b", "\u0340", "\u0344",
		"\u1100", "\u1161", "\u11a8", "\u0f73", "\u1ef9", "\u1efa", "\u1f00", "\u212b", "\u00c5",
		"\u0385", "\u01d5", "\u0229", "\u024f", "\u2000", "中", "😀", "\ufffd"}
	for r := rune(0x80); r < 0x250; r++ {
		pieces = append(pieces, string(r))
	}
	for r := rune(0x1e00); r < 0x1f00; r++ {
		pieces = append(pieces, string(r))
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 100000 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := clean(s), full(s); got != want {
			t.Fatalf("clean(%+q) = %+q, want %+q", s, got, want)
		}
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
