package testtool

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"testing"
)

// ZipEntry is one entry of a package built by Zip.
type ZipEntry struct {
	Name string
	Data []byte
	// Repeat > 1 stores Data repeated that many times without ever holding the whole in
	// memory: one Deflate block of Data is written Repeat times, so a 1 GB entry costs a
	// megabyte of file and of test memory.
	Repeat int
	// DeclaredSize, when not zero, is the (false) decompressed size the zip header states.
	DeclaredSize uint64
}

// Zip builds a zip package of the entries, for tests of hostile input.
func Zip(t testing.TB, entries ...ZipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		n := max(e.Repeat, 1)
		block := deflateBlock(t, e.Data)
		var comp bytes.Buffer
		crc := uint32(0)
		for range n {
			comp.Write(block)
			crc = crc32.Update(crc, crc32.IEEETable, e.Data)
		}
		comp.Write(finalBlock)
		size := uint64(len(e.Data)) * uint64(n)
		if e.DeclaredSize != 0 {
			size = e.DeclaredSize
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: e.Name, Method: zip.Deflate, CRC32: crc,
			CompressedSize64: uint64(comp.Len()), UncompressedSize64: size})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(comp.Bytes()); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// finalBlock is an empty final fixed-Huffman Deflate block, ending a stream at a byte boundary.
var finalBlock = []byte{0x03, 0x00}

// deflateBlock compresses data into non-final blocks ending on a byte boundary (a sync flush),
// which refer only to data inside themselves and so may be repeated.
func deflateBlock(t testing.TB, data []byte) []byte {
	var b bytes.Buffer
	fw, err := flate.NewWriter(&b, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := fw.Flush(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
