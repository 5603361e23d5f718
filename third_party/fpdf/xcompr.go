// Copyright ©2021 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"sync"

	kzlib "github.com/klauspost/compress/zlib"
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

// zwriters holds *kzlib.Writer at BestSpeed for compress. klauspost/compress's Deflate is a
// drop-in for compress/zlib; at BestSpeed it compressed a 270-page document's content
// streams (1.8 MB) three times as fast as compress/zlib, into 1 % fewer bytes: a document's
// Deflate was a third of its time. Its output depends only on its input and its version.
var zwriters sync.Pool

func (pool *xmempool) compress(data []byte) *membuffer {
	mem := pool.Get().(*membuffer)
	buf := &mem.buf
	buf.Grow(len(data))

	// A zlib writer allocates about a megabyte of state: reuse it across streams and documents.
	zw, _ := zwriters.Get().(*kzlib.Writer)
	if zw == nil {
		var err error
		zw, err = kzlib.NewWriterLevel(buf, kzlib.BestSpeed)
		if err != nil {
			panic(fmt.Errorf("could not create zlib writer: %w", err))
		}
	} else {
		zw.Reset(buf)
	}
	defer zwriters.Put(zw)
	_, err := zw.Write(data)
	if err != nil {
		panic(fmt.Errorf("could not zlib-compress slice: %w", err))
	}

	err = zw.Close()
	if err != nil {
		panic(fmt.Errorf("could not close zlib writer: %w", err))
	}
	return mem
}

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
// must not modify it.
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
	mem := pool.compress(data)
	out := mem.copy()
	mem.release()
	in := bytes.Clone(data)
	c.Lock()
	c.in[c.next], c.out[c.next] = in, out
	c.next = (c.next + 1) % streamCacheSize
	c.Unlock()
	return out
}
