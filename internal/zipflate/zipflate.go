// Package zipflate gives archive/zip writers a Deflate compressor that reuses its state: a new
// flate.Writer allocates about a megabyte, and a DOCX or XLSX holds a dozen entries.
package zipflate

import (
	"compress/flate"
	"io"
	"sync"
)

var pool sync.Pool

// Compressor is a zip.Compressor for zip.Writer.RegisterCompressor(zip.Deflate, Compressor).
func Compressor(w io.Writer) (io.WriteCloser, error) {
	if fw, ok := pool.Get().(*flate.Writer); ok {
		fw.Reset(w)
		return pooled{fw}, nil
	}
	fw, err := flate.NewWriter(w, flate.DefaultCompression)
	if err != nil {
		return nil, err
	}
	return pooled{fw}, nil
}

type pooled struct{ *flate.Writer }

// Close flushes the entry and returns the compressor to the pool.
func (p pooled) Close() error {
	err := p.Writer.Close()
	pool.Put(p.Writer)
	return err
}
