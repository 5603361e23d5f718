// Copyright ©2026 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"bytes"
	"encoding/binary"
	"os"
	"strings"
	"testing"
)

// ttfTable returns the offset and length of a table of a TrueType file.
func ttfTable(t *testing.T, b []byte, tag string) (int, int) {
	t.Helper()
	n := int(binary.BigEndian.Uint16(b[4:]))
	for i := range n {
		rec := b[12+16*i:]
		if string(rec[:4]) == tag {
			return int(binary.BigEndian.Uint32(rec[8:])), int(binary.BigEndian.Uint32(rec[12:]))
		}
	}
	t.Fatalf("no %s table", tag)
	return 0, 0
}

// glyphAt returns the offset in the file of glyph g and its length, from loca and glyf.
func glyphAt(t *testing.T, b []byte, g int) (int, int) {
	head, _ := ttfTable(t, b, "head")
	loca, _ := ttfTable(t, b, "loca")
	glyf, _ := ttfTable(t, b, "glyf")
	var from, to int
	if int16(binary.BigEndian.Uint16(b[head+50:])) == 0 {
		from, to = 2*int(binary.BigEndian.Uint16(b[loca+2*g:])), 2*int(binary.BigEndian.Uint16(b[loca+2*g+2:]))
	} else {
		from, to = int(binary.BigEndian.Uint32(b[loca+4*g:])), int(binary.BigEndian.Uint32(b[loca+4*g+4:]))
	}
	return glyf + from, to - from
}

// firstComposite returns a composite glyph of the face and the offset of its first
// component's glyph index.
func firstComposite(t *testing.T, b []byte) (int, int) {
	maxp, _ := ttfTable(t, b, "maxp")
	for g := range int(binary.BigEndian.Uint16(b[maxp+4:])) {
		at, n := glyphAt(t, b, g)
		if n >= 14 && int16(binary.BigEndian.Uint16(b[at:])) < 0 {
			return g, at + 12
		}
	}
	t.Fatal("no composite glyph")
	return 0, 0
}

// unicodeCmap returns the offset of the face's format 4 Unicode cmap subtable.
func unicodeCmap(t *testing.T, b []byte) int {
	cmap, _ := ttfTable(t, b, "cmap")
	for i := range int(binary.BigEndian.Uint16(b[cmap+2:])) {
		rec := b[cmap+4+8*i:]
		platform, encoding := binary.BigEndian.Uint16(rec), binary.BigEndian.Uint16(rec[2:])
		at := cmap + int(binary.BigEndian.Uint32(rec[4:]))
		if (platform == 3 && encoding == 1 || platform == 0) && binary.BigEndian.Uint16(b[at:]) == 4 {
			return at
		}
	}
	t.Fatal("no format 4 Unicode cmap")
	return 0
}

// TestCheckGlyphs breaks a real face in the ways checkGlyphs and the cmap's reading refuse and
// wants ParseUTF8Font to return the error, where parsing or subsetting the face would have run
// for minutes, panicked or recursed for ever.
func TestCheckGlyphs(t *testing.T) {
	face, err := os.ReadFile("../../fonts/LiberationSerif-Regular.ttf")
	if err != nil {
		t.Skip(err)
	}
	if _, err := ParseUTF8Font(face); err != nil {
		t.Fatalf("the face as shipped: %v", err)
	}
	head, _ := ttfTable(t, face, "head")
	loca, _ := ttfTable(t, face, "loca")
	long := int16(binary.BigEndian.Uint16(face[head+50:])) == 1
	tests := []struct {
		name  string
		spoil func(b []byte)
		want  string
	}{
		{"a glyph past the glyf table", func(b []byte) {
			for g := 60; g < 90; g++ {
				if long {
					binary.BigEndian.PutUint32(b[loca+4*g:], 0x7FFFFFF0)
				} else {
					binary.BigEndian.PutUint16(b[loca+2*g:], 0xFFF0)
				}
			}
		}, "lies outside the glyf table"},
		{"a composite glyph containing itself", func(b []byte) {
			g, at := firstComposite(t, b)
			binary.BigEndian.PutUint16(b[at:], uint16(g))
		}, "contains itself"},
		{"cmap segments out of order", func(b []byte) {
			// Every segment made to span the whole BMP: parsing it ran for billions of codes.
			at := unicodeCmap(t, b)
			segs := int(binary.BigEndian.Uint16(b[at+6:])) / 2
			for n := range segs - 1 {
				binary.BigEndian.PutUint16(b[at+14+2*n:], 0xFFFE)        // endCode
				binary.BigEndian.PutUint16(b[at+16+2*segs+2*n:], 0x0000) // startCode
			}
		}, "cmap segment 1 (U+0000 to U+FFFE) is out of order"},
		{"a component that does not exist", func(b []byte) {
			_, at := firstComposite(t, b)
			binary.BigEndian.PutUint16(b[at:], 0xFFFE)
		}, "uses glyph 65534"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := bytes.Clone(face)
			tt.spoil(b)
			_, err := ParseUTF8Font(b)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("ParseUTF8Font: %v, want an error saying %q", err, tt.want)
			}
		})
	}
}

// TestCutFaceError adds a face whose glyphs lie past its glyf table the way that does not
// check them (AddUTF8FontFromBytes) and wants the document to fail with an error, not a panic
// from one of startCuts's goroutines.
func TestCutFaceError(t *testing.T) {
	face, err := os.ReadFile("../../fonts/LiberationSerif-Regular.ttf")
	if err != nil {
		t.Skip(err)
	}
	b := bytes.Clone(face)
	head, _ := ttfTable(t, b, "head")
	loca, _ := ttfTable(t, b, "loca")
	for g := 1; g < 400; g++ {
		if int16(binary.BigEndian.Uint16(b[head+50:])) == 1 {
			binary.BigEndian.PutUint32(b[loca+4*g:], 0x7FFFFFF0)
		} else {
			binary.BigEndian.PutUint16(b[loca+2*g:], 0xFFF0)
		}
	}
	pdf := New("L", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("f", "", b)
	pdf.SetFont("f", "", 12)
	pdf.AddPage()
	pdf.Text(10, 10, "Kết quả khắc phục")
	var out bytes.Buffer
	if err := pdf.Output(&out); err == nil || !strings.Contains(err.Error(), "cannot subset font") {
		t.Fatalf("Output: %v, want the subsetting error", err)
	}
}

// TestGetSymbolsShared gives getSymbols a chain of composite glyphs, each naming the next
// eight times: walking every path took 8¹² steps; each glyph is walked once now.
func TestGetSymbolsShared(t *testing.T) {
	const depth, fanOut = 12, 8
	var glyf []byte
	pos := []int{0, 0} // glyph 0 is empty
	for g := 1; g <= depth; g++ {
		glyf = binary.BigEndian.AppendUint16(glyf, 0xFFFF) // a composite
		glyf = append(glyf, make([]byte, 8)...)
		for c := range fanOut {
			flags := uint16(symbolContinue)
			if c == fanOut-1 {
				flags = 0
			}
			glyf = binary.BigEndian.AppendUint16(glyf, flags)
			glyf = binary.BigEndian.AppendUint16(glyf, uint16(g+1))
			glyf = append(glyf, 0, 0)
		}
		pos = append(pos, len(glyf))
	}
	glyf = append(glyf, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0) // glyph depth+1: a simple glyph
	pos = append(pos, len(glyf))
	utf := &utf8FontFile{fileReader: &fileReader{array: glyf}, symbolPosition: pos}
	inSubset := make([]int32, len(pos))
	inSubset[1] = 1
	keys := utf.getSymbols(1, 0, inSubset, []int{1}, make([]bool, len(pos)))
	if want := depth + 1; len(keys) != want {
		t.Fatalf("getSymbols collected glyphs %v, want 1 to %d", keys, want)
	}
}
