package docxtpl

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"slices"
	"strings"
)

// A template known when the program is built (the embedded one) is parsed then, not by every
// process that renders: MarshalBinary writes the parse, Load reads it back. Reading it is a
// walk over the nodes, where parsing inflates every part of the package and scans its XML.
//
// The form starts with binaryMagic, then the length and CRC-32 of the package it was parsed
// from, so that a form left stale by an edited template is never used for it. Numbers are
// uvarints, strings and byte strings a uvarint length and the bytes; see appendTree for a tree.

const binaryMagic = "docxtpl parse 1\n"

// Node kinds of the binary form.
const (
	binText byte = iota
	binID
	binComment
	binField
	binSection
)

// MarshalBinary returns the parsed template in the form Load reads. A template with errors
// has nothing to render and is refused.
func (t *Template) MarshalBinary(docx []byte) ([]byte, error) {
	if t.broken != nil {
		return nil, fmt.Errorf("%s: mẫu có lỗi, không lưu được bản đã phân tích: %w", t.name, t.broken)
	}
	e := &encoder{b: []byte(binaryMagic)}
	e.uint(uint64(len(docx)))
	e.b = binary.LittleEndian.AppendUint32(e.b, crc32.ChecksumIEEE(docx))
	e.uint(uint64(t.maxID))
	taken := make([]uint32, 0, len(t.taken))
	for id, ok := range t.taken {
		if ok {
			taken = append(taken, id)
		}
	}
	slices.Sort(taken)
	e.uint(uint64(len(taken)))
	for _, id := range taken {
		e.uint(uint64(id))
	}
	comments := make([]string, 0, len(t.comments))
	for id, ok := range t.comments {
		if ok {
			comments = append(comments, id)
		}
	}
	slices.Sort(comments)
	e.strings(comments)
	e.strings(t.anchored)
	e.uint(uint64(len(t.entries)))
	for _, en := range t.entries {
		e.string(en.name)
		switch {
		case en.isTpl:
			e.b = append(e.b, 1)
			e.paragraphs(en.tree)
			e.tree(en.tree)
		default:
			e.b = append(e.b, 0)
			e.uint(uint64(en.method))
			e.b = binary.LittleEndian.AppendUint32(e.b, en.crc)
			e.string(string(en.compressed))
			e.uint(en.size)
			e.flag(en.isComments)
			if en.isComments {
				e.string(en.text)
			}
		}
	}
	return e.b, nil
}

type encoder struct {
	b     []byte
	paras map[*paragraph]int // the part's paragraphs that hold tags, by their index in the form
}

func (e *encoder) uint(v uint64)   { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) string(s string) { e.uint(uint64(len(s))); e.b = append(e.b, s...) }

func (e *encoder) flag(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

func (e *encoder) strings(l []string) {
	e.uint(uint64(len(l)))
	for _, s := range l {
		e.string(s)
	}
}

// paragraphs writes the number and text of each paragraph a tag of the part's tree stands
// in (what an error about the tag quotes), each once, in the order the tree first meets them.
func (e *encoder) paragraphs(tree []node) {
	e.paras = map[*paragraph]int{}
	var list []*paragraph
	var walk func([]node)
	walk = func(nodes []node) {
		for _, n := range nodes {
			var t *tag
			switch n := n.(type) {
			case *fieldNode:
				t = n.tag
			case *sectionNode:
				t = n.tag
			}
			if t == nil {
				continue
			}
			if _, ok := e.paras[t.para]; !ok {
				e.paras[t.para] = len(list)
				list = append(list, t.para)
			}
			if s, ok := n.(*sectionNode); ok {
				walk(s.nodes)
			}
		}
	}
	walk(tree)
	e.uint(uint64(len(list)))
	for _, p := range list {
		e.uint(uint64(p.num))
		e.string(p.text)
	}
}

// tree writes the number of nodes, then each: its kind and fields, a section's nodes after it.
func (e *encoder) tree(nodes []node) {
	e.uint(uint64(len(nodes)))
	for _, n := range nodes {
		switch n := n.(type) {
		case textNode:
			e.b = append(e.b, binText)
			e.string(string(n))
		case *idNode:
			e.b = append(e.b, binID)
			e.string(n.key)
			e.string(n.orig)
			e.b = append(e.b, byte(n.kind))
		case *commentNode:
			e.b = append(e.b, binComment)
			e.string(n.id)
			e.b = append(e.b, byte(n.kind))
			e.string(n.markup)
		case *fieldNode:
			e.b = append(e.b, binField)
			e.tag(n.tag)
			e.flag(n.inline)
		case *sectionNode:
			e.b = append(e.b, binSection)
			e.tag(n.tag)
			e.flag(n.inverted)
			e.strings(n.owned)
			e.tree(n.nodes)
		default:
			panic(fmt.Sprintf("docxtpl: node %T has no binary form", n))
		}
	}
}

func (e *encoder) tag(t *tag) {
	e.uint(uint64(t.kind))
	e.string(t.name)
	e.string(t.raw)
	e.uint(uint64(t.pos))
	e.uint(uint64(t.end))
	e.strings(t.path)
	e.uint(uint64(e.paras[t.para]))
	e.uint(uint64(t.src))
	e.uint(uint64(t.seq))
}

// Load returns the template docx, from parsed, its parse written by MarshalBinary at build
// time. When parsed was made from other bytes (the template was edited afterwards) or is not
// such a form, it parses docx: the result is the same, only slower. parsed must not change
// afterwards: the template's texts are parts of it.
func Load(name string, docx []byte, parsed string) (*Template, error) {
	if t, err := decodeBinary(name, docx, parsed); err == nil {
		return t, nil
	}
	return Parse(name, docx)
}

// errStale says a binary form is not the parse of the package at hand.
var errStale = errors.New("docxtpl: the parsed form is of another package")

func decodeBinary(name string, docx []byte, parsed string) (*Template, error) {
	d := &decoder{s: parsed}
	if !strings.HasPrefix(parsed, binaryMagic) {
		return nil, errStale
	}
	d.off = len(binaryMagic)
	if d.uint() != uint64(len(docx)) || d.uint32() != crc32.ChecksumIEEE(docx) {
		return nil, errStale
	}
	t := &Template{name: name, maxID: d.int()}
	n := d.count()
	t.taken = make(map[uint32]bool, n)
	for range n {
		t.taken[uint32(d.uint())] = true
	}
	n = d.count()
	t.comments = make(map[string]bool, n)
	for range n {
		t.comments[d.string()] = true
	}
	t.anchored = d.strings()
	n = d.count()
	t.entries = make([]entry, 0, n)
	for range n {
		en := entry{name: d.string(), isTpl: d.flag()}
		if en.isTpl {
			d.readParagraphs()
			en.tree = d.tree(0)
		} else {
			en.method = uint16(d.uint())
			en.crc = d.uint32()
			en.compressed = []byte(d.string())
			en.size = d.uint()
			if en.isComments = d.flag(); en.isComments {
				en.text = d.string()
			}
		}
		t.entries = append(t.entries, en)
	}
	if d.err == nil && d.off != len(d.s) {
		d.err = errors.New("trailing bytes")
	}
	if d.err != nil {
		return nil, fmt.Errorf("docxtpl: parsed form of %s: %w", name, d.err)
	}
	return t, nil
}

// decoder reads the binary form; after the first error every read returns a zero value.
type decoder struct {
	s     string
	off   int
	err   error
	paras []*paragraph
}

func (d *decoder) fail(msg string) {
	if d.err == nil {
		d.err = errors.New(msg)
	}
	d.off = len(d.s)
}

func (d *decoder) uint() uint64 {
	if d.err != nil {
		return 0
	}
	var v uint64
	for shift := 0; ; shift += 7 {
		if d.off >= len(d.s) || shift > 63 {
			d.fail("bad number")
			return 0
		}
		c := d.s[d.off]
		d.off++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
}

func (d *decoder) uint32() uint32 {
	if d.err != nil || len(d.s)-d.off < 4 {
		d.fail("short")
		return 0
	}
	s := d.s[d.off : d.off+4]
	d.off += 4
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// int reads a number that must fit an int.
func (d *decoder) int() int {
	v := d.uint()
	if v > 1<<31 {
		d.fail("number out of range")
		return 0
	}
	return int(v)
}

// count reads a number of items, each at least one byte long.
func (d *decoder) count() int {
	v := d.uint()
	if v > uint64(len(d.s)-d.off) {
		d.fail("count past the end")
		return 0
	}
	return int(v)
}

func (d *decoder) string() string {
	n := d.count()
	s := d.s[d.off : d.off+n]
	d.off += n
	return s
}

func (d *decoder) byte() byte {
	if d.err != nil || d.off >= len(d.s) {
		d.fail("short")
		return 0
	}
	c := d.s[d.off]
	d.off++
	return c
}

func (d *decoder) flag() bool {
	switch d.byte() {
	case 0:
		return false
	case 1:
		return true
	}
	d.fail("bad flag")
	return false
}

func (d *decoder) strings() []string {
	n := d.count()
	if n == 0 {
		return nil
	}
	l := make([]string, n)
	for i := range l {
		l[i] = d.string()
	}
	return l
}

func (d *decoder) readParagraphs() {
	n := d.count()
	d.paras = make([]*paragraph, n)
	for i := range d.paras {
		d.paras[i] = &paragraph{num: d.int(), text: d.string()}
	}
}

// tree reads a tree whose sections are nested depth deep in the part.
func (d *decoder) tree(depth int) []node {
	n := d.count()
	if n == 0 {
		return nil
	}
	if depth > MaxSectionDepth {
		d.fail("sections nested too deep")
		return nil
	}
	nodes := make([]node, 0, n)
	for range n {
		switch d.byte() {
		case binText:
			nodes = append(nodes, textNode(d.string()))
		case binID:
			nodes = append(nodes, &idNode{key: d.string(), orig: d.string(), kind: idKind(d.byte())})
		case binComment:
			nodes = append(nodes, &commentNode{id: d.string(), kind: anchorKind(d.byte()), markup: d.string()})
		case binField:
			nodes = append(nodes, &fieldNode{tag: d.tag(), inline: d.flag()})
		case binSection:
			s := &sectionNode{tag: d.tag(), inverted: d.flag(), owned: d.strings()}
			s.nodes = d.tree(depth + 1)
			nodes = append(nodes, s)
		default:
			d.fail("bad node kind")
		}
		if d.err != nil {
			return nil
		}
	}
	return nodes
}

func (d *decoder) tag() *tag {
	t := &tag{token: token{kind: tagKind(d.uint()), name: d.string(), raw: d.string(), pos: d.int(), end: d.int()}}
	t.path = d.strings()
	if i := d.uint(); i < uint64(len(d.paras)) {
		t.para = d.paras[i]
	} else {
		d.fail("bad paragraph")
		t.para = &paragraph{}
	}
	t.src, t.seq = d.int(), d.int()
	if t.pos > t.end || t.end > len(t.para.text) {
		d.fail("tag outside its paragraph")
	}
	return t
}
