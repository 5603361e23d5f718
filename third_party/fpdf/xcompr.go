// Copyright ©2021 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/adler32"
	"runtime"
	"sync"
	"sync/atomic"

	kflate "github.com/klauspost/compress/flate"
)

var xmem = xmempool{
	Pool: sync.Pool{
		New: func() any {
			var m membuffer
			return &m
		},
	},
}

type xmempool struct{ sync.Pool }

// compress returns data in zlib's format (RFC 1950) through klauspost/compress's stateless
// Deflate, in blocks of deflateBlock bytes, each with the 8 KB before it as its dictionary.
// A stateful Deflate writer keeps its hash table (128 KB at BestSpeed, compress/zlib's 640 KB
// at its default level) in fresh memory that it reads before writing: on a virtual machine
// each of those pages cost a copy-on-write fault and a TLB flush across the cores, which
// dominated a short `baocao render`. The stateless encoder's 32 KB table is on the stack. Its
// output depends only on its input and klauspost/compress's version.
func (pool *xmempool) compress(data []byte) *membuffer {
	mem := pool.Get().(*membuffer)
	mem.buf.Grow(len(data)/2 + 64)
	deflateTo(&mem.buf, data)
	return mem
}

// deflateTo appends data to buf as compress returns it.
func deflateTo(buf *bytes.Buffer, data []byte) {
	// CMF: Deflate with a 32 KB window; FLG: the fastest level, no dictionary, check bits.
	buf.Write([]byte{0x78, 0x01})
	for i := 0; ; i += deflateBlock {
		j := min(i+deflateBlock, len(data))
		if err := kflate.StatelessDeflate(buf, data[i:j], j == len(data), data[max(0, i-deflateDict):i]); err != nil {
			panic(fmt.Errorf("could not zlib-compress slice: %w", err))
		}
		if j == len(data) {
			break
		}
	}
	var sum [4]byte
	binary.BigEndian.PutUint32(sum[:], adler32.Checksum(data))
	buf.Write(sum[:])
}

// deflateBlock is how much compress hands the stateless Deflate at a time, and deflateDict the
// dictionary it takes at most.
const (
	deflateBlock = 64 << 10
	deflateDict  = 8 << 10
)

func (pool *xmempool) uncompress(data []byte) (*membuffer, error) {
	zr, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}

	mem := pool.Get().(*membuffer)
	mem.buf.Reset()

	_, err = mem.buf.ReadFrom(zr)
	if err != nil {
		mem.release()
		return nil, err
	}

	return mem, nil
}

type membuffer struct {
	buf bytes.Buffer
}

func (mem *membuffer) bytes() []byte { return mem.buf.Bytes() }
func (mem *membuffer) release() {
	mem.buf.Reset()
	xmem.Put(mem)
}

func (mem *membuffer) copy() []byte {
	src := mem.bytes()
	dst := make([]byte, len(src))
	copy(dst, src)
	return dst
}

// streamCacheSize bounds the font streams compressStatic keeps: a few faces' subsets and
// CIDToGIDMaps, at most a few megabytes.
const streamCacheSize = 16

// staticStreams holds the compressed form of recently embedded font streams (subsets and
// CIDToGIDMaps). The documents of a batch print mostly the same glyphs, and Deflating each
// subset again was the largest single cost of a small document. An entry keeps its input and
// a hit compares it in full, so the result is exactly what compressing would give.
var staticStreams struct {
	sync.Mutex
	in, out [streamCacheSize][]byte
	next    int
}

// compressStatic returns data compressed as compress does. The result may be shared: callers
// must not modify it. data is kept, and must not be modified afterwards either.
func (pool *xmempool) compressStatic(data []byte) []byte {
	c := &staticStreams
	c.Lock()
	for i, in := range c.in {
		if in != nil && bytes.Equal(in, data) {
			out := c.out[i]
			c.Unlock()
			return out
		}
	}
	c.Unlock()
	// Compressed into a buffer of its own, kept as the result, with room for incompressible
	// data: a pooled buffer copied out, and the copy of data the cache kept, were a third of
	// the memory a process's first subsets took, each byte a fresh page to fault in.
	buf := bytes.NewBuffer(make([]byte, 0, deflateBound(len(data))))
	deflateTo(buf, data)
	out := buf.Bytes()
	if len(out) < cap(out)/4 {
		// Mostly room (a CIDToGIDMap deflates to a fiftieth): the cache keeps what is used.
		out = bytes.Clone(out)
	}
	c.Lock()
	c.in[c.next], c.out[c.next] = data, out
	c.next = (c.next + 1) % streamCacheSize
	c.Unlock()
	return out
}

// deflateBound is at least the length deflateTo gives n bytes, stored blocks at worst: the
// zlib header and checksum, and a 5-byte header for each of the stateless encoder's blocks,
// three for each deflateBlock (at most 32 KB, 24 KB beside a dictionary), with some slack.
func deflateBound(n int) int {
	return n + 5*(n/(16<<10)+2) + 16
}

// compressPages returns each page's content compressed as compress does, the pages shared out
// among as many goroutines as the process may run at once: the pages' Deflate is most of a
// long document's time, each page is a stream of its own, and the result does not depend on
// which goroutine compressed which page.
func compressPages(pages []*bytes.Buffer) []*membuffer {
	out := make([]*membuffer, len(pages))
	workers := min(runtime.GOMAXPROCS(0), len(pages)/minPagesPerWorker)
	if workers < 2 {
		for i, p := range pages {
			out[i] = xmem.compress(p.Bytes())
		}
		return out
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(pages); i = int(next.Add(1)) - 1 {
				out[i] = xmem.compress(pages[i].Bytes())
			}
		})
	}
	wg.Wait()
	return out
}

// minPagesPerWorker is the fewest pages worth another goroutine: a short document's pages
// compress in less time than starting one takes to pay off.
const minPagesPerWorker = 4
