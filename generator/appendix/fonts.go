package appendix

import (
	"bytes"
	"fmt"
	"hash"
	"hash/fnv"
	"strings"

	"github.com/baocao-vn/baocao/fonts"
)

// fpdf embeds only the glyphs a document uses but names every font "utf8<family><style>",
// without the six-letter subset tag (ISO 32000-1, 9.6.4) by which readers such as pdffonts
// recognise a subset. Each face is therefore registered under a placeholder family whose PDF
// name is exactly as long as "ABCDEF+LiberationSerif-Bold", and the names are rewritten after
// output: equal lengths keep every byte offset of the cross-reference table valid.

var (
	faceData = [4][]byte{fonts.Regular, fonts.Bold, fonts.Italic, fonts.BoldItalic}
	psNames  = [4]string{"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic", "LiberationSerif-BoldItalic"}
)

// placeholder is the family under which face s is registered with fpdf.
func placeholder(s style) string {
	key := fmt.Sprintf("baocao%d", s)
	// fpdf writes "/utf8" + key; the tagged name is "/" + "ABCDEF+" + psName.
	return key + strings.Repeat("x", len("ABCDEF+")+len(psNames[s])-len("utf8")-len(key))
}

// faces registers the embedded faces with fpdf on first use, so that a face the document
// never prints is neither parsed nor embedded, and remembers what each prints for its tag.
type faces struct {
	used  [4]bool
	drawn [4]hash.Hash64
}

func (f *faces) family(r *renderer, s style) string {
	if !f.used[s] {
		r.pdf.AddUTF8FontFromBytes(placeholder(s), "", faceData[s])
		f.used[s] = true
		f.drawn[s] = fnv.New64a()
	}
	return placeholder(s)
}

// note records text printed in face s: the subset, hence its tag, depends on it.
func (f *faces) note(s style, text string) {
	f.drawn[s].Write([]byte(text))
}

// tag derives a subset tag of six capital letters from what face s printed, so that two
// different subsets are unlikely to share a name and the same document always gets the same.
func (f *faces) tag(s style) string {
	h := f.drawn[s].Sum64()
	var b [6]byte
	for i := range b {
		b[i] = 'A' + byte(h%26)
		h /= 26
	}
	return string(b[:])
}

// rename replaces fpdf's font names in out by tagged subset names.
func (f *faces) rename(out []byte) ([]byte, error) {
	size := len(out)
	for s := range f.used {
		if !f.used[s] {
			continue
		}
		old := []byte("/utf8" + placeholder(style(s)))
		repl := []byte("/" + f.tag(style(s)) + "+" + psNames[s])
		// The Type0 font, its CIDFont and its font descriptor each name the font once.
		if n := bytes.Count(out, old); n != 3 {
			return nil, fmt.Errorf("appendix: found the name of font %s %d times in fpdf's output, want 3", psNames[s], n)
		}
		out = bytes.ReplaceAll(out, old, repl)
	}
	if len(out) != size {
		return nil, fmt.Errorf("appendix: renaming fonts changed the PDF's size from %d to %d bytes", size, len(out))
	}
	return out, nil
}
