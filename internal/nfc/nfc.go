// Package nfc normalises text to NFC cheaply when it is NFC already, as nearly every text of a
// dataset is: typed in composed Vietnamese, Latin, punctuation and a few operators.
package nfc

import (
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Stable reports whether r is one of the characters NFC leaves alone and that never combine
// with the character before them (TestStable checks every one against the normaliser): a text
// made of them alone is in NFC. Checking these ranges is several times faster than the
// normaliser's own check. Anything else (a combining mark, U+2000, U+2001, …) is left to it.
func Stable(r rune) bool {
	switch {
	case r < 0x300, // below the first combining mark nothing changes under NFC
		0x1E00 <= r && r <= 0x1EFF, // precomposed Latin Extended Additional
		0x2002 <= r && r <= 0x206F, // general punctuation but the two singleton spaces
		0x20A0 <= r && r <= 0x20CF, // currency signs (₫)
		0x2190 <= r && r <= 0x22FF, // arrows and mathematical operators (→, ≥, ≤)
		0x2500 <= r && r <= 0x25FF: // box drawing and geometric shapes (●, ■)
		return true
	}
	return false
}

// Quick reports whether s is valid UTF-8 made only of Stable characters, and so in NFC.
func Quick(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || !Stable(r) {
			return false
		}
		i += n
	}
	return true
}

// String returns s in NFC: s itself when Quick finds it so, else what the normaliser makes.
// Texts joined from a dataset's strings (which the loader leaves NFC) and literals stay NFC, so
// their writers check them at this cost rather than normalising them again.
func String(s string) string {
	if Quick(s) {
		return s
	}
	return norm.NFC.String(s)
}
