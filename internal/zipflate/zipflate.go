// Package zipflate gives archive/zip writers a Deflate compressor that reuses its state: a new
// flate.Writer allocates hundreds of kilobytes, and a DOCX or XLSX holds a dozen entries.
package zipflate

import (
	"io"
	"sync"

	"github.com/klauspost/compress/flate"
)

// Level is the Deflate level of every part. The fastest level: a report's parts are a few tens
// of kilobytes of XML, where the default level saves 10 % of the archive (the sample's DOCX
// 7.8 KB instead of 8.4, its workbook 15.9 instead of 17.9) and costs much of the render of a
// short-lived `baocao render`: compress/flate's default level first reads, then writes, 640 KB
// of fresh hash tables per compressor, and on a virtual machine each of those pages is a
// copy-on-write fault and a TLB flush across the cores (5.6 ms of CPU per process, perf).
// klauspost/compress at level 1 keeps a 128 KB table and is the encoder the appendix's
// patched fpdf already uses.
const Level = 1

var pool sync.Pool

// Compressor is a zip.Compressor for zip.Writer.RegisterCompressor(zip.Deflate, Compressor).
func Compressor(w io.Writer) (io.WriteCloser, error) {
	if fw, ok := pool.Get().(*flate.Writer); ok {
		fw.Reset(w)
		return pooled{fw}, nil
	}
	fw, err := flate.NewWriter(w, Level)
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
