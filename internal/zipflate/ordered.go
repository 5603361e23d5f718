package zipflate

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"sort"
	"sync"
)

// Ordered collects the parts excelize writes (it is an excelize.ZipWriter) and stores them
// sorted by name, without times, when closed: excelize writes streamed sheets, images and
// charts in the order of a map, so without this two runs would give the same parts in a
// different order ([Content_Types].xml sorts first, as readers expect).
type Ordered struct {
	w     io.Writer
	parts map[string]*part
	// sortTypes also sorts the <Default>/<Override> elements of [Content_Types].xml, which
	// excelize lists in map order once a package holds charts or images.
	sortTypes bool
}

// NewOrdered returns an Ordered writing to w; sortTypes as the field says.
func NewOrdered(w io.Writer, sortTypes bool) *Ordered {
	return &Ordered{w: w, parts: map[string]*part{}, sortTypes: sortTypes}
}

// Create starts a part; its content is what is written to the returned writer.
func (z *Ordered) Create(name string) (io.Writer, error) {
	if _, dup := z.parts[name]; dup {
		return nil, fmt.Errorf("part %s written twice", name)
	}
	p := new(part)
	if pre, ok := known.Load(name); ok && !(z.sortTypes && name == contentTypes) {
		p.pre = pre.(*prebuilt)
	}
	z.parts[name] = p
	return p, nil
}

// contentTypes is the part sortTypes sorts.
const contentTypes = "[Content_Types].xml"

// part is a part's content as written to Ordered. A part with a prebuilt Deflate (Prebuilt)
// is compared with the prebuilt content as it is written instead of being copied: while it
// matches, part keeps only how much of it matched.
type part struct {
	buf bytes.Buffer
	pre *prebuilt // what the part matches so far; nil once it differs
	n   int       // how much of pre.data it matched
}

func (p *part) Write(b []byte) (int, error) {
	if p.pre != nil {
		if len(b) <= len(p.pre.data)-p.n && string(b) == p.pre.data[p.n:p.n+len(b)] {
			p.n += len(b)
			return len(b), nil
		}
		p.materialise()
	}
	return p.buf.Write(b)
}

// materialise gives up matching: the part holds what it matched so far.
func (p *part) materialise() {
	if p.pre != nil {
		p.buf.WriteString(p.pre.data[:p.n])
		p.pre = nil
	}
}

// prebuilt returns the part's prebuilt Deflate when it holds exactly its prebuilt content.
func (p *part) prebuilt() *prebuilt {
	if p.pre != nil && p.n == len(p.pre.data) {
		return p.pre
	}
	return nil
}

// AddFS is part of excelize's ZipWriter; our workbooks never add a file system.
func (z *Ordered) AddFS(fs.FS) error { return fmt.Errorf("zipflate.Ordered: AddFS is not supported") }

// Close writes the archive.
func (z *Ordered) Close() error {
	names := make([]string, 0, len(z.parts))
	for n := range z.parts {
		names = append(names, n)
	}
	sort.Strings(names)
	// Every part deflated first, so that a buffer written to can take the whole archive in
	// one allocation rather than doubling its way there.
	ds := make([]*deflated, len(names))
	size := endSize
	for i, n := range names {
		if p := z.parts[n].prebuilt(); p != nil {
			ds[i] = &deflated{z: []byte(p.z), crc: p.crc, size: len(p.data)}
			size += len(p.z) + 2*len(n) + partOverhead
			continue
		}
		z.parts[n].materialise()
		data := z.parts[n].buf.Bytes()
		if z.sortTypes && n == contentTypes {
			data = sortTypes(data)
		}
		if p := prebuiltFor(n, data); p != nil {
			ds[i] = &deflated{z: []byte(p.z), crc: p.crc, size: len(p.data)}
			size += len(p.z) + 2*len(n) + partOverhead
			continue
		}
		// Each part deflated as zip.Writer.CreateHeader would, or its Deflate of last time
		// when it has not changed (see compress).
		d, err := compress(n, data)
		if err != nil {
			return fmt.Errorf("part %s: %w", n, err)
		}
		ds[i] = d
		size += len(d.z) + 2*len(n) + partOverhead
	}
	if g, ok := z.w.(interface{ Grow(int) }); ok {
		g.Grow(size)
	}
	zw := zip.NewWriter(z.w)
	for i, n := range names {
		if err := writeDeflated(zw, n, ds[i]); err != nil {
			return fmt.Errorf("part %s: %w", n, err)
		}
	}
	return zw.Close()
}

// The bytes archive/zip writes around a part's name and compressed data (local header 30,
// data descriptor at most 24, central directory entry 46 and a zip64 extra field 28, which it
// adds only to parts of 4 GB) and after the last one (end of central directory), so Close
// can size its buffer.
const (
	partOverhead = 30 + 24 + 46
	endSize      = 22
)

var typeRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`<(?:Default|Override) [^>]*>(?:</(?:Default|Override)>)?`)
})

// sortTypes puts the <Default> and <Override> elements, which follow each other, in sorted
// order (Defaults first).
func sortTypes(b []byte) []byte {
	locs := typeRe().FindAllIndex(b, -1)
	if len(locs) < 2 {
		return b
	}
	els := make([]string, len(locs))
	for i, l := range locs {
		els[i] = string(b[l[0]:l[1]])
	}
	sort.Strings(els)
	var out bytes.Buffer
	prev := 0
	for i, l := range locs {
		out.Write(b[prev:l[0]])
		out.WriteString(els[i])
		prev = l[1]
	}
	out.Write(b[prev:])
	return out.Bytes()
}
