package zipflate

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/klauspost/compress/flate"
)

// xmlLike returns n bytes of repetitive markup with varying numbers, as a workbook's sheet is.
func xmlLike(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	var b bytes.Buffer
	for b.Len() < n {
		fmt.Fprintf(&b, `<row r="%d"><c r="B%d" s="%d"><v>%d,%02d</v></c><c t="inlineStr"><is><t>Cải cách hành chính %d</t></is></c></row>`,
			r.IntN(500), r.IntN(500), r.IntN(9), r.IntN(100), r.IntN(100), r.IntN(50))
	}
	return b.Bytes()[:n]
}

// deflate compresses data through Compressor, handing it over in writes of the given size.
func deflate(t *testing.T, data []byte, chunk int) []byte {
	t.Helper()
	var out bytes.Buffer
	w, err := Compressor(&out)
	if err != nil {
		t.Fatal(err)
	}
	for p := data; len(p) > 0; {
		k := min(chunk, len(p))
		if n, err := w.Write(p[:k]); n != k || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
		p = p[k:]
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestCompressor: every part reads back, and its Deflate depends on its bytes only, not on how
// the writer split them (a part written in one piece or a byte at a time gives the same
// archive), across the block and dictionary boundaries.
func TestCompressor(t *testing.T) {
	for _, n := range []int{0, 1, dictSize - 1, dictSize + 1, block - 1, block, block + 1, 3*block + dictSize/2, 1 << 20} {
		data := xmlLike(n, uint64(n))
		whole := deflate(t, data, max(n, 1))
		for _, chunk := range []int{1, 7, 4096, block + 3} {
			if chunk > n*2+8 {
				continue
			}
			if got := deflate(t, data, chunk); !bytes.Equal(got, whole) {
				t.Errorf("%d bytes written %d at a time: %d bytes of Deflate, %d when written at once", n, chunk, len(got), len(whole))
			}
		}
		back, err := io.ReadAll(flate.NewReader(bytes.NewReader(whole)))
		if err != nil || !bytes.Equal(back, data) {
			t.Errorf("%d bytes: read back %d bytes, %v", n, len(back), err)
		}
	}
}

func BenchmarkCompressor(b *testing.B) {
	data := xmlLike(96<<10, 1)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		w, _ := Compressor(io.Discard)
		w.Write(data)
		w.Close()
	}
}
