package trend

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"sort"

	"github.com/baocao-vn/baocao/internal/zipflate"
)

// orderedZip stores the parts excelize writes sorted by name, without times, and with the
// types of [Content_Types].xml sorted: excelize lists some of them (images, charts) in
// map order, so without this two runs would differ.
type orderedZip struct {
	w     io.Writer
	parts map[string]*bytes.Buffer
}

func (z *orderedZip) Create(name string) (io.Writer, error) {
	if _, dup := z.parts[name]; dup {
		return nil, fmt.Errorf("part %s written twice", name)
	}
	b := new(bytes.Buffer)
	z.parts[name] = b
	return b, nil
}

func (z *orderedZip) AddFS(fs.FS) error { return fmt.Errorf("orderedZip: AddFS is not supported") }

var overrideRe = regexp.MustCompile(`<(?:Default|Override) [^>]*>(?:</(?:Default|Override)>)?`)

func (z *orderedZip) Close() error {
	names := make([]string, 0, len(z.parts))
	for n := range z.parts {
		names = append(names, n)
	}
	sort.Strings(names)
	zw := zip.NewWriter(z.w)
	zw.RegisterCompressor(zip.Deflate, zipflate.Compressor)
	for _, n := range names {
		data := z.parts[n].Bytes()
		if n == "[Content_Types].xml" {
			data = sortOverrides(data)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate})
		if err != nil {
			return err
		}
		if _, err := w.Write(data); err != nil {
			return fmt.Errorf("part %s: %w", n, err)
		}
	}
	return zw.Close()
}

// sortOverrides puts the <Default> and <Override> elements, which follow each other, in sorted
// order (Defaults first).
func sortOverrides(b []byte) []byte {
	locs := overrideRe.FindAllIndex(b, -1)
	if len(locs) < 2 {
		return b
	}
	els := make([]string, len(locs))
	for i, l := range locs {
		els[i] = string(b[l[0]:l[1]])
	}
	sort.Strings(els)
	var out bytes.Buffer
	prev := 0
	for i, l := range locs {
		out.Write(b[prev:l[0]])
		out.WriteString(els[i])
		prev = l[1]
	}
	out.Write(b[prev:])
	return out.Bytes()
}
