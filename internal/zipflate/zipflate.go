// Package zipflate gives archive/zip writers a Deflate compressor that keeps no state between
// entries and allocates no tables: a DOCX or XLSX holds a dozen parts of a few kilobytes of XML.
package zipflate

import (
	"io"
	"sync"

	"github.com/klauspost/compress/flate"
)

// block is how much of a part is compressed at a time. Every block but the first is compressed
// with the 8 KB before it as its dictionary, so that the output depends only on the part's
// bytes, not on how its writer split them, and memory stays bounded for a part of any size.
const block = 64 << 10

// dictSize is the dictionary klauspost/compress's stateless Deflate uses at most.
const dictSize = 8 << 10

// Compressor is a zip.Compressor for zip.Writer.RegisterCompressor(zip.Deflate, Compressor).
//
// It is klauspost/compress's stateless Deflate, whose 32 KB hash table lives on the stack.
// Why not a flate.Writer: compress/flate's default level first reads, then writes, 640 KB of
// fresh hash tables per compressor (klauspost's level 1: 128 KB), and on a virtual machine
// every such page is a copy-on-write fault and a TLB flush across the cores; a short
// `baocao render` spent 5.6 ms of CPU there (perf). The archive is a few per cent larger (the
// sample's report 8.6 KB instead of 7.8 with the default level, its workbook 18.0 instead of
// 15.9).
func Compressor(w io.Writer) (io.WriteCloser, error) {
	s := pool.Get().(*stateless)
	s.w = w
	return s, nil
}

var pool = sync.Pool{New: func() any { return &stateless{buf: make([]byte, 0, block)} }}

// stateless buffers a part into blocks and deflates each with the previous one's tail.
type stateless struct {
	w    io.Writer
	buf  []byte
	dict [dictSize]byte
	n    int // bytes of dict in use
}

func (s *stateless) Write(p []byte) (int, error) {
	written := len(p)
	for len(p) > 0 {
		k := min(len(p), block-len(s.buf))
		s.buf = append(s.buf, p[:k]...)
		p = p[k:]
		if len(s.buf) == block {
			if err := s.flush(false); err != nil {
				return written - len(p), err
			}
		}
	}
	return written, nil
}

// flush deflates the buffered block, the final one when eof.
func (s *stateless) flush(eof bool) error {
	err := flate.StatelessDeflate(s.w, s.buf, eof, s.dict[:s.n])
	s.n = copy(s.dict[:], s.buf[max(0, len(s.buf)-dictSize):])
	s.buf = s.buf[:0]
	return err
}

// Close writes the last block and returns the compressor to the pool.
func (s *stateless) Close() error {
	err := s.flush(true)
	s.w, s.n = nil, 0
	pool.Put(s)
	return err
}
