package fonts

import (
	"fmt"
	"strings"
)

// PDFName returns a face's PostScript name as a PDF name may hold it: without spaces or
// delimiters (ISO 32000-1, 7.3.5).
func PDFName(postScript string) string {
	return strings.Map(func(r rune) rune {
		if r > ' ' && r < 0x7f && !strings.ContainsRune("()<>[]{}/%#", r) {
			return r
		}
		return -1
	}, postScript)
}

// fpdf embeds only the glyphs a document uses but names every font "utf8<family><style>",
// without the six-letter subset tag (ISO 32000-1, 9.6.4) by which readers such as pdffonts
// recognise a subset. The appendix therefore registers each face under a placeholder family
// whose PDF name is exactly as long as "ABCDEF+LiberationSerif-Bold", and rewrites the names
// after output: equal lengths keep every byte offset of the cross-reference table valid.

// Placeholder is the family under which the face of style s (0 regular, 1 bold, 2 italic,
// 3 bold italic) named name (a PDFName) is registered with fpdf. The embedded faces' build-time
// parse holds the font IDs fpdf derives for these families.
func Placeholder(s int, name string) string {
	key := fmt.Sprintf("baocao%d", s)
	// fpdf writes "/utf8" + key; the tagged name is "/" + "ABCDEF+" + name.
	return key + strings.Repeat("x", len("ABCDEF+")+len(name)-len("utf8")-len(key))
}
