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
// face costs more than either's use of it. data must not change afterwards.
func Parsed(data []byte) (*fpdf.UTF8Font, error) {
	if len(data) == 0 {
		return fpdf.ParseUTF8Font(data)
	}
	v, _ := parsedFaces.LoadOrStore(parsedKey{&data[0], len(data)}, &parsedFace{})
	p := v.(*parsedFace)
	p.once.Do(func() { p.font, p.err = fpdf.ParseUTF8Font(data) })
	return p.font, p.err
}
