package docxtpl

import (
	"bytes"
	"io"
	"strconv"
	"strings"
)

// renewed names the elements whose ids must stay unique in a package: a section that repeats
// them would otherwise duplicate them, and Word then "repairs" the file. Any element's
// w14:paraId and w14:textId are renewed too (Word writes them on paragraphs and rows).
var renewed = map[string]bool{"w:bookmarkStart": true, "w:bookmarkEnd": true, "wp:docPr": true}

// idKind is how a fresh value of an id is made.
type idKind uint8

const (
	numID  idKind = iota // a decimal id (bookmark, drawing): fresh ones above every id of the template
	nameID               // a bookmark name: the second copy of "Muc" is "Muc_2"
	hexID                // a paragraph's or row's w14:paraId or w14:textId: 8 hex digits below 0x80000000
)

// idNode is an id or a bookmark name inside repeated content: the first copy keeps it, the
// others get a fresh one, the same for every element of one copy that shares it (a
// bookmark's start and end).
type idNode struct {
	key  string // what shares the value: "n:" id of a bookmark, "b:" its name, "d:" one drawing, "p:" one paraId or textId
	orig string
	kind idKind
}

// maxID returns the largest numeric id attribute (id="…", w:id="…") in the XML, so fresh ids
// start above it.
func maxID(src string) int {
	m := 0
	for i := 0; ; {
		k := strings.Index(src[i:], `id="`)
		if k < 0 {
			return m
		}
		i += k + len(`id="`)
		at := i - len(`id="`)
		if at == 0 || (src[at-1] != ' ' && src[at-1] != ':') {
			continue
		}
		j := i
		for j < len(src) && j-i < 9 && src[j] >= '0' && src[j] <= '9' {
			j++
		}
		if j < len(src) && src[j] == '"' && j > i {
			if n, _ := strconv.Atoi(src[i:j]); n > m {
				m = n
			}
		}
	}
}

// hexValue reads an 8-digit (at most) hex id; ok is false for anything else.
func hexValue(s string) (uint32, bool) {
	if len(s) == 0 || len(s) > 8 {
		return 0, false
	}
	v, err := strconv.ParseUint(s, 16, 32)
	return uint32(v), err == nil
}

// scanHexIDs adds to seen the values of the paraId and textId attributes in b, whatever their
// prefix (w14: in a document, w15: and w16cid: in the comments' parts).
func scanHexIDs(b []byte, seen map[uint32]bool) {
	for i := 0; ; {
		k := bytes.Index(b[i:], []byte(`Id="`))
		if k < 0 {
			return
		}
		at := i + k
		i = at + len(`Id="`)
		if at < 4 || (!bytes.Equal(b[at-4:at], []byte("para")) && !bytes.Equal(b[at-4:at], []byte("text"))) {
			continue
		}
		j := i
		for j < len(b) && j-i <= 8 && b[j] != '"' {
			j++
		}
		if j < len(b) && b[j] == '"' {
			if v, ok := hexValue(string(b[i:j])); ok {
				seen[v] = true
			}
		}
	}
}

// idScan collects the paragraph ids of parts streamed through it, without holding a part:
// the few bytes kept from one write to the next cover an attribute cut between two writes. One
// idScan serves a whole package, its buffer written into again and again; reset starts a part.
type idScan struct {
	seen map[uint32]bool
	buf  []byte
	kept int // s.buf[:kept] is the end of what came before
}

// idTail is longer than the longest attribute scanHexIDs reads, `paraId="0123ABCD"`.
const idTail = 24

func (s *idScan) reset() {
	if s.buf == nil {
		s.buf = make([]byte, 16<<10)
	}
	s.kept = 0
}

// scan reads the k bytes just added after the kept ones.
func (s *idScan) scan(k int) {
	end := s.kept + k
	scanHexIDs(s.buf[:end], s.seen)
	s.kept = min(end, idTail)
	copy(s.buf, s.buf[end-s.kept:end])
}

func (s *idScan) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		k := copy(s.buf[s.kept:], p)
		p = p[k:]
		s.scan(k)
	}
	return n, nil
}

// ReadFrom scans what r holds: io.Copy reads into the scanner's own buffer rather than
// allocating one for each part.
func (s *idScan) ReadFrom(r io.Reader) (int64, error) {
	var n int64
	for {
		k, err := r.Read(s.buf[s.kept:])
		n += int64(k)
		s.scan(k)
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// markIDs splits the markup where it carries ids (inside sections) or anchors a comment
// (anywhere), and lists on each section the keys whose copies it must renew on each
// repetition.
func markIDs(nodes []node, sec *sectionNode, seq *int) []node {
	out := nodes[:0:0]
	for _, n := range nodes {
		switch n := n.(type) {
		case textNode:
			out = append(out, splitIDs(string(n), sec, seq)...)
		case *sectionNode:
			n.nodes = markIDs(n.nodes, n, seq)
			out = append(out, n)
		default:
			out = append(out, n)
		}
	}
	return out
}

func splitIDs(s string, sec *sectionNode, seq *int) []node {
	if !strings.Contains(s, "<w:comment") && (sec == nil ||
		!strings.Contains(s, "<w:bookmark") && !strings.Contains(s, "<wp:docPr") && !strings.Contains(s, "w14:")) {
		return []node{textNode(s)}
	}
	var out []node
	pos := 0
	eachTag(s, func(el string, start, end int) {
		if strings.HasPrefix(el, "w:comment") {
			if c := anchorAt(s, start, end, el); c != nil {
				out = append(out, textNode(s[pos:start]), c)
				pos = start + len(c.markup)
			}
			return
		}
		if sec == nil || !renewed[el] && !strings.Contains(s[start:end], "w14:") {
			return
		}
		*seq++
		k := 0
		eachAttr(s[start:end], func(attr string, vs, ve int) {
			vs, ve = start+vs, start+ve
			val := s[vs:ve]
			k++
			var id *idNode
			switch {
			case attr == "w14:paraId" || attr == "w14:textId":
				if _, ok := hexValue(val); !ok {
					return
				}
				id = &idNode{key: "p:" + strconv.Itoa(*seq) + ":" + strconv.Itoa(k), orig: val, kind: hexID}
			case el == "wp:docPr" && attr == "id":
				id = &idNode{key: "d:" + strconv.Itoa(*seq), orig: val}
			case el != "wp:docPr" && renewed[el] && attr == "w:id":
				id = &idNode{key: "n:" + val, orig: val}
			case el == "w:bookmarkStart" && attr == "w:name":
				id = &idNode{key: "b:" + val, orig: val, kind: nameID}
			default:
				return
			}
			out = append(out, textNode(s[pos:vs]), id)
			sec.owned = append(sec.owned, id.key)
			pos = ve
		})
	})
	if out == nil {
		return []node{textNode(s)}
	}
	return append(out, textNode(s[pos:]))
}

// eachTag calls f with the name and bounds of each start tag in s, markup whose tags are
// whole (the text of a <w:t> holds no '<').
func eachTag(s string, f func(el string, start, end int)) {
	for i := 0; ; {
		k := strings.IndexByte(s[i:], '<')
		if k < 0 {
			return
		}
		start := i + k
		j := start + 1
		for j < len(s) && !strings.ContainsRune(" \t\r\n/>", rune(s[j])) {
			j++
		}
		i = start + 1
		if j == start+1 || j == len(s) || strings.ContainsRune("?!/", rune(s[start+1])) {
			continue
		}
		end := tagEnd(s, j)
		if end < 0 {
			return
		}
		f(s[start+1:j], start, end)
		i = end
	}
}

// eachAttr calls f with the name and the bounds of the value of each attribute of a start
// tag, quoted either way, with or without spaces around '='.
func eachAttr(tag string, f func(name string, vs, ve int)) {
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
	i := strings.IndexAny(tag, " \t\r\n/>")
	for i >= 0 && i < len(tag) {
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		n := i
		for i < len(tag) && tag[i] != '=' && !isSpace(tag[i]) && tag[i] != '/' && tag[i] != '>' {
			i++
		}
		name := tag[n:i]
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		if name == "" || i >= len(tag) || tag[i] != '=' {
			return
		}
		i++
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		if i >= len(tag) || tag[i] != '"' && tag[i] != '\'' {
			return
		}
		q := tag[i]
		e := strings.IndexByte(tag[i+1:], q)
		if e < 0 {
			return
		}
		f(name, i+1, i+1+e)
		i += e + 2
	}
}

// ids hands out the ids of one Execute, across its parts, and keeps count of the comments'
// anchors it writes.
type ids struct {
	next int
	cur  map[string]string // key → value in the copy being written
	used map[string]bool   // keys whose original value is taken
	// copies counts the copies of each bookmark name: the second copy of "Muc" is "Muc_2".
	copies map[string]int
	// taken holds the paragraph ids anywhere in the template (shared, read only); hex is the
	// last fresh one handed out, and fresh ones skip the taken.
	taken map[uint32]bool
	hex   uint32
	comments
}

// renew forgets the values of keys, at the start of a new copy of their section.
func (d *ids) renew(keys []string) {
	for _, k := range keys {
		delete(d.cur, k)
	}
}

func (d *ids) value(n *idNode) string {
	if v, ok := d.cur[n.key]; ok {
		return v
	}
	v := n.orig
	if d.used[n.key] {
		switch n.kind {
		case nameID:
			// Word allows 40 characters in a bookmark name.
			d.copies[n.orig]++
			suf := "_" + strconv.Itoa(d.copies[n.orig]+1)
			base := []rune(n.orig)
			if len(base)+len(suf) > 40 {
				base = base[:max(0, 40-len(suf))]
			}
			v = string(base) + suf
		case hexID:
			v = d.freshHex()
		default:
			d.next++
			v = strconv.Itoa(d.next)
		}
	}
	d.used[n.key] = true
	d.cur[n.key] = v
	return v
}

// freshHex returns the next paragraph id no part of the template holds: counting up from 1
// gives the same ids for the same input, and MaxSteps keeps the count far below 0x80000000,
// the bound [MS-DOCX] sets on w14:paraId and w14:textId.
func (d *ids) freshHex() string {
	for {
		d.hex++
		if !d.taken[d.hex] {
			break
		}
	}
	const digits = "0123456789ABCDEF"
	var b [8]byte
	for i, v := 7, d.hex; i >= 0; i, v = i-1, v>>4 {
		b[i] = digits[v&0xF]
	}
	return string(b[:])
}
