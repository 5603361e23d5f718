// Copyright ©2026 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
)

// TestCompressZlib checks that compress writes zlib streams that compress/zlib reads back,
// checksum included, with the header compress/zlib writes at BestSpeed, and the same bytes
// every time.
func TestCompressZlib(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	random := make([]byte, 200000)
	for i := range random {
		random[i] = byte(rng.IntN(256))
	}
	for _, in := range [][]byte{nil, []byte("x"), bytes.Repeat([]byte("BT 130.02 495.76 Td (\x00T\x00T) Tj ET\n"), 5000), random} {
		mem := xmem.compress(in)
		out := bytes.Clone(mem.bytes())
		mem.release()
		if !bytes.HasPrefix(out, []byte{0x78, 0x01}) {
			t.Errorf("%d bytes: header % x, want 78 01", len(in), out[:2])
		}
		r, err := zlib.NewReader(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("%d bytes: %v", len(in), err)
		}
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, in) {
			t.Errorf("%d bytes: read back %d bytes, %v", len(in), len(got), err)
		}
		mem = xmem.compress(in)
		if !bytes.Equal(mem.bytes(), out) {
			t.Errorf("%d bytes: compressed twice, two results", len(in))
		}
		mem.release()
	}
}

// TestCompressPages: pages compressed side by side give each page what compress gives it, in
// the pages' order, whatever the number of goroutines.
func TestCompressPages(t *testing.T) {
	for _, n := range []int{0, 1, minPagesPerWorker - 1, 2 * minPagesPerWorker, 37} {
		pages := make([]*bytes.Buffer, n)
		for i := range pages {
			pages[i] = bytes.NewBufferString(strings.Repeat(fmt.Sprintf("BT %d.00 495.76 Td (\x00T) Tj ET\n", i), 100+i*37))
		}
		for _, procs := range []int{1, 2, 8} {
			old := runtime.GOMAXPROCS(procs)
			got := compressPages(pages)
			runtime.GOMAXPROCS(old)
			if len(got) != n {
				t.Fatalf("%d pages, %d procs: %d results", n, procs, len(got))
			}
			for i, mem := range got {
				want := xmem.compress(pages[i].Bytes())
				if !bytes.Equal(mem.bytes(), want.bytes()) {
					t.Errorf("%d pages, %d procs: page %d differs from compressing it alone", n, procs, i+1)
				}
				want.release()
				mem.release()
			}
		}
	}
}

// TestCompressStatic: compressStatic gives what compress gives, in a buffer deflateBound
// bytes long that it never had to grow (incompressible data included), and the cached result
// for equal data.
func TestCompressStatic(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, n := range []int{0, 1, 100, 32 << 10, 70000, 200000} {
		random := make([]byte, n)
		for i := range random {
			random[i] = byte(rng.IntN(256))
		}
		for _, in := range [][]byte{random, make([]byte, n)} {
			mem := xmem.compress(in)
			want := bytes.Clone(mem.bytes())
			mem.release()
			if len(want) > deflateBound(n) {
				t.Errorf("%d bytes: compressed to %d, over deflateBound's %d", n, len(want), deflateBound(n))
			}
			got := xmem.compressStatic(bytes.Clone(in))
			if !bytes.Equal(got, want) {
				t.Errorf("%d bytes: compressStatic differs from compress", n)
			}
			if again := xmem.compressStatic(bytes.Clone(in)); len(again) > 0 && &again[0] != &got[0] {
				t.Errorf("%d bytes: compressed again, not the cached result", n)
			}
		}
	}
}
