package fonts

import (
	"sync"

	"codeberg.org/go-pdf/fpdf"
)

// parsedFaces holds the faces Parsed has parsed, by the address and length of their bytes.
var parsedFaces sync.Map // parsedKey → *parsedFace

type parsedKey struct {
	at *byte
	n  int
}

type parsedFace struct {
	once sync.Once
	font *fpdf.UTF8Font
	err  error
}

// Parsed returns data parsed by fpdf.ParseUTF8Font, once per process for the same slice: the
// appendix and the report's rule measuring print in the same embedded faces, and parsing a
// face costs more than either's use of it. An embedded face is loaded from its form parsed
// at build time instead. data must not change afterwards.
func Parsed(data []byte) (*fpdf.UTF8Font, error) {
	if len(data) == 0 {
		return fpdf.ParseUTF8Font(data)
	}
	v, _ := parsedFaces.LoadOrStore(parsedKey{&data[0], len(data)}, &parsedFace{})
	p := v.(*parsedFace)
	p.once.Do(func() {
		if pre := preparsed(data); pre != nil {
			// Built into the program with the face, and TestPreparsedIsCurrent checks it is
			// the face's parse: the face's CRC-32, LoadUTF8Font's check, read its every page
			// (1.2 MB for the three faces of an appendix) for nothing. A form of another
			// length is refused: parse the face then.
			if p.font, p.err = fpdf.LoadKnownUTF8Font(data, pre); p.err == nil {
				return
			}
		}
		p.font, p.err = fpdf.ParseUTF8Font(data)
	})
	return p.font, p.err
}

// preparsed returns the build-time parse of data when data is one of the embedded faces
// (the same slice, not merely equal bytes), else nil.
func preparsed(data []byte) []byte {
	for _, f := range [...]struct{ ttf, parsed []byte }{
		{Regular, regularParsed}, {Bold, boldParsed}, {Italic, italicParsed}, {BoldItalic, boldItalicParsed},
	} {
		if len(f.ttf) == len(data) && &f.ttf[0] == &data[0] {
			return f.parsed
		}
	}
	return nil
}

// Preparse returns the form of ttf, the face of style s (0 regular, 1 bold, 2 italic, 3 bold
// italic), that Parsed loads for an embedded face (go generate writes it for each, see
// internal/preparse), with the font ID fpdf derives for it under its Placeholder family.
func Preparse(ttf []byte, s int) ([]byte, error) {
	font, err := fpdf.ParseUTF8Font(ttf)
	if err != nil {
		return nil, err
	}
	family, err := placeholderOf(ttf, s)
	if err != nil {
		return nil, err
	}
	fpdf.New("L", "mm", "A4", "").AddUTF8FontFromParsed(family, "", font)
	return font.MarshalBinary()
}

// placeholderOf is the Placeholder family of face ttf as style s.
func placeholderOf(ttf []byte, s int) (string, error) {
	info, err := ReadInfo(ttf)
	if err != nil {
		return "", err
	}
	return Placeholder(s, PDFName(info.PostScriptName)), nil
}

// EmbeddedFamily is the Placeholder family of the embedded face of style s, under which a
// document registering it finds its font ID ready.
func EmbeddedFamily(s int) (string, error) { return placeholderOf(Embedded()[s].Data, s) }
