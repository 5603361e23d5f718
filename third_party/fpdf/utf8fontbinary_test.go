// Copyright ©2026 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// testFaces are TrueType faces with a Unicode cmap (baocao's copy keeps fpdf's tests beside
// its own fonts).
func testFaces(t testing.TB) map[string][]byte {
	t.Helper()
	paths, _ := filepath.Glob("../../fonts/*.ttf")
	if len(paths) == 0 {
		t.Skip("no TrueType faces in ../../fonts")
	}
	faces := make(map[string][]byte)
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		faces[filepath.Base(p)] = b
	}
	return faces
}

// TestLoadUTF8FontIsParse checks that a face loaded from its encoding is, field by field,
// the face ParseUTF8Font gives, and prints the same document.
func TestLoadUTF8FontIsParse(t *testing.T) {
	for name, ttf := range testFaces(t) {
		parsed, err := ParseUTF8Font(ttf)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// A family the face was added under keeps its font ID in the encoding.
		New("P", "mm", "A4", "").AddUTF8FontFromParsed("f", "", parsed)
		if len(parsed.ids) != 1 {
			t.Fatalf("%s: %d font IDs derived, want 1", name, len(parsed.ids))
		}
		enc, err := parsed.MarshalBinary()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		loaded, err := LoadUTF8Font(ttf, enc)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(loaded.file, parsed.file) {
			t.Errorf("%s: the loaded face differs from the parsed one", name)
		}
		if known, err := LoadKnownUTF8Font(ttf, enc); err != nil || !reflect.DeepEqual(known.file, parsed.file) {
			t.Errorf("%s: LoadKnownUTF8Font: %v, or a face that differs from the parsed one", name, err)
		}
		if !reflect.DeepEqual(loaded.ids, parsed.ids) {
			t.Errorf("%s: font IDs %v loaded, %v derived", name, loaded.ids, parsed.ids)
		}
		if again, err := loaded.MarshalBinary(); err != nil || !bytes.Equal(again, enc) {
			t.Errorf("%s: encoding the loaded face: %v, equal %v", name, err, bytes.Equal(again, enc))
		}
		if len(enc) > len(ttf)/8 {
			t.Errorf("%s: encoding %d bytes for a face of %d", name, len(enc), len(ttf))
		}
		if a, b := printWith(t, parsed), printWith(t, loaded); !bytes.Equal(a, b) {
			t.Errorf("%s: the document printed in the loaded face differs from the parsed face's", name)
		}
	}
}

func printWith(t *testing.T, font *UTF8Font) []byte {
	t.Helper()
	pdf := New("P", "mm", "A4", "")
	pdf.SetCompression(false)
	pdf.SetCreationDate(time.Date(2022, 9, 14, 0, 0, 0, 0, time.UTC))
	pdf.SetModificationDate(time.Date(2022, 9, 14, 0, 0, 0, 0, time.UTC))
	pdf.SetCatalogSort(true)
	pdf.AddUTF8FontFromParsed("f", "", font)
	pdf.AddPage()
	pdf.SetFont("f", "", 12)
	pdf.Cell(0, 10, "Báo cáo khắc phục tồn tại, hạn chế — Ủy ban nhân dân tỉnh ĐỒNG THÁP")
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestLoadUTF8FontRefuses checks that an encoding of another face, a truncated or a padded
// one is refused with an error, never a panic or a wrong face.
func TestLoadUTF8FontRefuses(t *testing.T) {
	faces := testFaces(t)
	var first, other []byte
	for _, ttf := range faces {
		if first == nil {
			first = ttf
		} else if other == nil {
			other = ttf
		}
	}
	parsed, err := ParseUTF8Font(first)
	if err != nil {
		t.Fatal(err)
	}
	enc, err := parsed.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if other != nil {
		if _, err := LoadUTF8Font(other, enc); err == nil {
			t.Error("loaded the encoding of one face with another's bytes")
		}
		if _, err := LoadKnownUTF8Font(other, enc); err == nil && len(other) != len(first) {
			t.Error("LoadKnownUTF8Font loaded the encoding of one face with another's bytes of another length")
		}
	}
	if _, err := LoadKnownUTF8Font(first[:len(first)-1], enc); err == nil {
		t.Error("LoadKnownUTF8Font loaded an encoding for a face cut by a byte")
	}
	changed := bytes.Clone(first)
	changed[len(changed)/2] ^= 1
	if _, err := LoadUTF8Font(changed, enc); err == nil {
		t.Error("loaded an encoding for a face with a changed byte")
	}
	for n := range len(enc) {
		if _, err := LoadUTF8Font(first, enc[:n]); err == nil {
			t.Fatalf("loaded an encoding cut to %d of its %d bytes", n, len(enc))
		}
		if _, err := LoadKnownUTF8Font(first, enc[:n]); err == nil {
			t.Fatalf("LoadKnownUTF8Font loaded an encoding cut to %d of its %d bytes", n, len(enc))
		}
	}
	if _, err := LoadUTF8Font(first, append(bytes.Clone(enc), 0)); err == nil {
		t.Error("loaded an encoding with a trailing byte")
	}
}

// TestDecoderVarints checks that the decoder reads varints as encoding/binary does, and
// refuses what it refuses: a truncated number, one of more than ten bytes, one over 64 bits.
func TestDecoderVarints(t *testing.T) {
	var encs [][]byte
	for _, v := range []int64{0, 1, -1, 63, -64, 64, 127, 128, 300, -300, 1 << 20, -(1 << 40), 1<<63 - 1, -1 << 63} {
		encs = append(encs, binary.AppendVarint(nil, v), binary.AppendUvarint(nil, uint64(v)))
	}
	encs = append(encs, nil, []byte{0x80}, []byte{0xff, 0xff},
		[]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01},
		[]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02},
		[]byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00})
	for _, enc := range encs {
		b := append(bytes.Clone(enc), 0x7f) // a number after it, left unread
		wantU, nU := binary.Uvarint(b)
		d := decoder{b: b}
		if got := d.uvarint(); (d.err == nil) != (nU > 0) || nU > 0 && (got != wantU || d.off != nU) {
			t.Errorf("uvarint(% x) = %d at %d, %v; encoding/binary: %d, %d", b, got, d.off, d.err, wantU, nU)
		}
		wantV, nV := binary.Varint(b)
		d = decoder{b: b}
		if got := d.varint(); (d.err == nil) != (nV > 0) || nV > 0 && (got != wantV || d.off != nV) {
			t.Errorf("varint(% x) = %d at %d, %v; encoding/binary: %d, %d", b, got, d.off, d.err, wantV, nV)
		}
	}
}

func BenchmarkParseUTF8Font(b *testing.B) {
	ttf := testFaces(b)["LiberationSerif-Regular.ttf"]
	for b.Loop() {
		if _, err := ParseUTF8Font(ttf); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadUTF8Font(b *testing.B) {
	ttf := testFaces(b)["LiberationSerif-Regular.ttf"]
	parsed, err := ParseUTF8Font(ttf)
	if err != nil {
		b.Fatal(err)
	}
	enc, err := parsed.MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := LoadUTF8Font(ttf, enc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFontID(b *testing.B) {
	ttf := testFaces(b)["LiberationSerif-Regular.ttf"]
	parsed, err := ParseUTF8Font(ttf)
	if err != nil {
		b.Fatal(err)
	}
	def := fontDefType{Tp: "UTF8", Name: "baocao0xxxxxxxxxxxxxxxxxxxxxx", Cw: parsed.file.CharWidths}
	for b.Loop() {
		if _, err := generateFontID(def); err != nil {
			b.Fatal(err)
		}
	}
}
