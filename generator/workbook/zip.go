package workbook

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"sort"

	"github.com/baocao-vn/baocao/internal/zipflate"
)

// orderedZip collects the parts excelize writes and stores them sorted by name when closed.
// excelize writes streamed sheets in the order of a map, so without this two runs would give
// the same parts in a different order ([Content_Types].xml sorts first, as readers expect).
// Entries carry no time, so nothing else varies.
type orderedZip struct {
	w     io.Writer
	parts map[string]*bytes.Buffer
}

func newOrderedZip(w io.Writer) *orderedZip {
	return &orderedZip{w: w, parts: map[string]*bytes.Buffer{}}
}

// Create starts a part; its content is what is written to the returned writer.
func (z *orderedZip) Create(name string) (io.Writer, error) {
	if _, dup := z.parts[name]; dup {
		return nil, fmt.Errorf("part %s written twice", name)
	}
	b := new(bytes.Buffer)
	z.parts[name] = b
	return b, nil
}

// AddFS is part of excelize's ZipWriter; the workbook never adds a file system.
func (z *orderedZip) AddFS(fs.FS) error { return fmt.Errorf("orderedZip: AddFS is not supported") }

// Close writes the archive.
func (z *orderedZip) Close() error {
	names := make([]string, 0, len(z.parts))
	for n := range z.parts {
		names = append(names, n)
	}
	sort.Strings(names)
	zw := zip.NewWriter(z.w)
	zw.RegisterCompressor(zip.Deflate, zipflate.Compressor)
	for _, n := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate})
		if err != nil {
			return err
		}
		if _, err := w.Write(z.parts[n].Bytes()); err != nil {
			return fmt.Errorf("part %s: %w", n, err)
		}
	}
	return zw.Close()
}
