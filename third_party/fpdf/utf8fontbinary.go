// Copyright ©2026 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"reflect"
	"slices"
)

// utf8FontMagic starts the encoded form of a parsed face; the digit is its version.
const utf8FontMagic = "fpdf-utf8font-1\n"

// MarshalBinary encodes what ParseUTF8Font derived from the face, for LoadUTF8Font, with the
// length and CRC-32 of the face's bytes: a program embedding a face can parse it when it is
// built rather than each time it starts. The font IDs derived so far, one for each family
// and style the face was added under (AddUTF8FontFromParsed), are kept too: each hashes the
// face's 65,536 widths. The encoding is compact (the widths and the character map are stored
// sparse, in order) and the same for the same face and families.
func (font *UTF8Font) MarshalBinary() ([]byte, error) {
	u := font.file
	c := u.cut
	switch {
	case c == nil:
		return nil, errors.New("fpdf: the face has no subsetting tables")
	case !sameMap(c.tableDescriptions, u.tableDescriptions) || !c.charSymbolDictionary.same(u.charSymbolDictionary) ||
		len(c.symbolPosition) != len(u.symbolPosition) || (len(c.symbolPosition) > 0 && &c.symbolPosition[0] != &u.symbolPosition[0]):
		return nil, errors.New("fpdf: the face's subsetting tables are not those it was parsed with")
	case len(u.outTablesData) != 0 || u.symbolData != nil || u.CodeSymbolDictionary != nil:
		return nil, errors.New("fpdf: the face holds a document's subset state")
	}
	ttf := u.fileReader.array
	b := []byte(utf8FontMagic)
	b = binary.AppendUvarint(b, uint64(len(ttf)))
	b = binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(ttf))
	for _, v := range []int{int(u.fileReader.readerPosition), u.LastRune, u.Ascent, u.Descent, u.fontElementSize,
		u.Bbox.Xmin, u.Bbox.Ymin, u.Bbox.Xmax, u.Bbox.Ymax, u.CapHeight, u.StemV, u.ItalicAngle, u.Flags,
		c.locaFormat, c.metricsCount, c.numSymbols} {
		b = binary.AppendVarint(b, int64(v))
	}
	for _, f := range []float64{u.UnderlinePosition, u.UnderlineThickness, u.DefaultWidth} {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
	}

	names := make([]string, 0, len(u.tableDescriptions))
	for name := range u.tableDescriptions {
		names = append(names, name)
	}
	slices.Sort(names)
	b = binary.AppendUvarint(b, uint64(len(names)))
	for _, name := range names {
		d := u.tableDescriptions[name]
		if d.name != name || len(d.checksum) != 2 {
			return nil, fmt.Errorf("fpdf: table %q: unexpected description", name)
		}
		b = appendString(b, name)
		for _, v := range []int{d.checksum[0], d.checksum[1], d.position, d.size} {
			b = binary.AppendVarint(b, int64(v))
		}
	}

	b = binary.AppendUvarint(b, uint64(len(u.symbolPosition)))
	prev := 0
	for _, p := range u.symbolPosition {
		b = binary.AppendVarint(b, int64(p-prev))
		prev = p
	}

	b = binary.AppendUvarint(b, uint64(len(u.charSymbolDictionary.runes)))
	prev = 0
	for i, r := range u.charSymbolDictionary.runes {
		b = binary.AppendVarint(b, int64(int(r)-prev))
		b = binary.AppendVarint(b, int64(u.charSymbolDictionary.glyphs[i]))
		prev = int(r)
	}

	b = binary.AppendUvarint(b, uint64(len(u.CharWidths)))
	n := 0
	for _, w := range u.CharWidths {
		if w != 0 {
			n++
		}
	}
	b = binary.AppendUvarint(b, uint64(n))
	prev = 0
	for i, w := range u.CharWidths {
		if w != 0 {
			b = binary.AppendUvarint(b, uint64(i-prev))
			b = binary.AppendVarint(b, int64(w))
			prev = i
		}
	}

	font.mu.Lock()
	keys := make([]string, 0, len(font.ids))
	for k := range font.ids {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = appendString(appendString(b, k), font.ids[k])
	}
	font.mu.Unlock()
	return b, nil
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// sameMap reports whether a and b are the same map, not merely equal ones.
func sameMap(a, b any) bool {
	return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}

// maxUTF8FontEntries bounds every count LoadUTF8Font reads, before it allocates: a TrueType
// face has at most 65,535 glyphs and its Unicode cmap (format 4) 65,536 characters.
const maxUTF8FontEntries = 1 << 17

// LoadUTF8Font returns the face ParseUTF8Font(ttf) returns, from parsed, the encoding
// MarshalBinary gave for it, in a fraction of the time: it fails unless ttf has the length and
// CRC-32 of the face parsed. Both slices are kept and must not be changed afterwards.
func LoadUTF8Font(ttf, parsed []byte) (*UTF8Font, error) { return loadUTF8Font(ttf, parsed, true) }

// LoadKnownUTF8Font is LoadUTF8Font for a parsed known to be of ttf (both built into the
// program, say, and tested to match): it checks ttf's length but not its CRC-32, which read
// every byte of the face, a megabyte for a few faces, when a document uses a few kilobytes.
func LoadKnownUTF8Font(ttf, parsed []byte) (*UTF8Font, error) {
	return loadUTF8Font(ttf, parsed, false)
}

func loadUTF8Font(ttf, parsed []byte, checkSum bool) (*UTF8Font, error) {
	d := decoder{b: parsed}
	if string(d.bytes(len(utf8FontMagic))) != utf8FontMagic {
		return nil, errors.New("fpdf: not an encoded UTF-8 font of this version")
	}
	if size, sum := d.uvarint(), d.uint32(); d.err == nil && (size != uint64(len(ttf)) || checkSum && sum != crc32.ChecksumIEEE(ttf)) {
		return nil, errors.New("fpdf: the encoded UTF-8 font was parsed from another face")
	}
	u := &utf8FontFile{fileReader: &fileReader{array: ttf[:len(ttf):len(ttf)]}, outTablesData: make(map[string][]byte)}
	c := &cutTables{}
	u.fileReader.readerPosition = d.varint()
	for _, v := range []*int{&u.LastRune, &u.Ascent, &u.Descent, &u.fontElementSize,
		&u.Bbox.Xmin, &u.Bbox.Ymin, &u.Bbox.Xmax, &u.Bbox.Ymax, &u.CapHeight, &u.StemV, &u.ItalicAngle, &u.Flags,
		&c.locaFormat, &c.metricsCount, &c.numSymbols} {
		*v = int(d.varint())
	}
	for _, f := range []*float64{&u.UnderlinePosition, &u.UnderlineThickness, &u.DefaultWidth} {
		*f = math.Float64frombits(d.uint64())
	}

	n := d.count()
	u.tableDescriptions = make(map[string]*tableDescription, n)
	for range n {
		t := &tableDescription{name: d.string()}
		t.checksum = []int{int(d.varint()), int(d.varint())}
		t.position, t.size = int(d.varint()), int(d.varint())
		u.tableDescriptions[t.name] = t
	}

	n = d.count()
	u.symbolPosition = make([]int, n)
	prev := 0
	for i := range u.symbolPosition {
		prev += int(d.varint())
		u.symbolPosition[i] = prev
	}

	n = d.count()
	// In order, as MarshalBinary wrote them: no map to build, nothing to sort.
	u.charSymbolDictionary = runeGlyphs{runes: make([]int32, n), glyphs: make([]int32, n)}
	prev = 0
	for i := range n {
		delta, glyph := d.varint(), d.varint()
		prev += int(delta)
		if d.err == nil && ((i > 0 && delta <= 0) || prev < 0 || prev > maxCmapRune || glyph < 0 || glyph > math.MaxUint16) {
			d.err = errors.New("character map out of order or out of range")
		}
		if d.err != nil {
			break
		}
		u.charSymbolDictionary.runes[i], u.charSymbolDictionary.glyphs[i] = int32(prev), int32(glyph)
	}

	n = d.count()
	u.CharWidths = make([]int, n)
	prev = 0
	for range d.count() {
		prev += int(d.uvarint())
		w := int(d.varint())
		if d.err == nil && (prev < 0 || prev >= len(u.CharWidths)) {
			d.err = errors.New("width out of range")
		}
		if d.err != nil {
			break
		}
		u.CharWidths[prev] = w
	}
	n = d.count()
	ids := make(map[string]string, n)
	for range n {
		k := d.string()
		ids[k] = d.string()
	}
	if d.err == nil && d.off != len(d.b) {
		d.err = errors.New("trailing bytes")
	}
	if d.err != nil {
		return nil, fmt.Errorf("fpdf: encoded UTF-8 font: %w", d.err)
	}
	c.tableDescriptions, c.charSymbolDictionary, c.symbolPosition = u.tableDescriptions, u.charSymbolDictionary, u.symbolPosition
	u.cut = c
	return &UTF8Font{file: u, ids: ids}, nil
}

// decoder reads MarshalBinary's encoding; after the first error every read returns zero. It
// keeps an offset rather than reslicing b, so that reads store no pointers.
type decoder struct {
	b   []byte
	off int
	err error
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = errors.New("truncated or malformed")
	}
	d.off = len(d.b)
}

func (d *decoder) bytes(n int) []byte {
	if n < 0 || n > len(d.b)-d.off {
		d.fail()
		return nil
	}
	v := d.b[d.off : d.off+n]
	d.off += n
	return v
}

// uvarint reads binary.Uvarint's encoding. The numbers of an encoded face (the deltas of its
// glyph positions, character map and widths) take one or two bytes, read here without a
// loop: read through binary.Varint each took ~60 instructions, and a process's three faces
// ~36,000 of them, a tenth of a whole render.
func (d *decoder) uvarint() uint64 {
	b := d.b[d.off:]
	if len(b) > 0 && b[0] < 0x80 {
		d.off++
		return uint64(b[0])
	}
	if len(b) > 1 && b[1] < 0x80 {
		d.off += 2
		return uint64(b[0]&0x7f) | uint64(b[1])<<7
	}
	v, n := binary.Uvarint(b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.off += n
	return v
}

// varint reads binary.Varint's encoding: a zigzag-encoded uvarint.
func (d *decoder) varint() int64 {
	u := d.uvarint()
	return int64(u>>1) ^ -int64(u&1)
}

func (d *decoder) uint32() uint32 {
	b := d.bytes(4)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint32(b)
}

func (d *decoder) uint64() uint64 {
	b := d.bytes(8)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint64(b)
}

func (d *decoder) string() string { return string(d.bytes(int(d.count()))) }

// count reads a number of entries, refusing one over maxUTF8FontEntries before anything is
// allocated for them.
func (d *decoder) count() int {
	v := d.uvarint()
	if v > maxUTF8FontEntries {
		d.fail()
		return 0
	}
	return int(v)
}
