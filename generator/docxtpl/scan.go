package docxtpl

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// element is one XML element of a part, located by byte offsets into the part's source.
type element struct {
	name       string
	start      int // offset of '<' of the start tag
	innerStart int // offset just after the start tag
	innerEnd   int // offset of '<' of the end tag (== innerStart when self-closing)
	end        int // offset just after the end tag
	preserve   bool
	parent     *element
}

// segment is the content of one <w:t> element: a piece of its paragraph's text. It holds
// offsets rather than pointers to elements so that a paragraph split into many runs costs
// little (offsets fit in 32 bits: parts are under MaxXMLSize).
type segment struct {
	textStart int32 // offset of the decoded content in the paragraph's text
	n         int32 // length of the decoded content
	src       int32 // source offset of the content (the <w:t> element's inner start)
	start     int32 // source offset of the <w:t> element
	innerEnd  int32 // source offset of its </w:t>
	preserve  bool  // it has xml:space
	// path names the elements from the paragraph down to the <w:t>, "w:r/w:t" mostly;
	// interned, so equal paths share one string.
	path string
	offs []int32 // source offset of each decoded byte, when character references make them differ
}

// end returns the offset in the paragraph's text just after the segment.
func (s *segment) end() int { return int(s.textStart) + int(s.n) }

// srcOf returns the source offset of decoded byte k of the segment.
func (s *segment) srcOf(k int) int {
	if s.offs == nil {
		return int(s.src) + k
	}
	return int(s.offs[k])
}

// paragraph is one <w:p> with the text of its runs, decoded and joined, and where each byte
// of that text sits in the source.
type paragraph struct {
	el   *element
	num  int // 1-based, in document order within the part
	text string
	segs []segment
	b    strings.Builder // the text while the paragraph is being read
}

// sourceOffset returns the source offset of byte i of the paragraph text; i == len(text) maps
// to the end of the last segment's content.
func (p *paragraph) sourceOffset(i int) int {
	s := p.segAt(i)
	rel := i - int(s.textStart)
	if rel < int(s.n) {
		return s.srcOf(rel)
	}
	return int(s.innerEnd)
}

// segAt returns the segment holding text byte i (for i == end of a segment, that segment).
func (p *paragraph) segAt(i int) *segment { return &p.segs[p.segIndex(i)] }

// segIndex returns the index of segAt(i).
func (p *paragraph) segIndex(i int) int {
	k := sort.Search(len(p.segs), func(k int) bool { return i < p.segs[k].end() })
	if k == len(p.segs) {
		k--
	}
	return k
}

// pieces returns the source ranges that hold text bytes [from, to), one per segment touched.
func (p *paragraph) pieces(from, to int) [][2]int {
	var out [][2]int
	first := sort.Search(len(p.segs), func(k int) bool { return from < p.segs[k].end() })
	for k := first; k < len(p.segs) && int(p.segs[k].textStart) < to; k++ {
		s := &p.segs[k]
		ts := int(s.textStart)
		a, b := max(from, ts), min(to, s.end())
		if a >= b {
			continue
		}
		ra := s.srcOf(a - ts)
		rb := int(s.innerEnd)
		if b-ts < int(s.n) {
			rb = s.srcOf(b - ts)
		}
		out = append(out, [2]int{ra, rb})
	}
	return out
}

// scan walks the WordprocessingML of one part and returns the paragraphs whose text holds a
// "{", in the order they end (text boxes nest paragraphs). It reads the markup as bytes so
// that everything it does not change is written back as it was; it keeps only what the tags
// need, so its memory follows the paragraphs with tags, not the size of the part.
func scan(src string) ([]*paragraph, error) {
	var (
		stack  []*element
		paras  []*paragraph
		pstack []*paragraph
		nparas int
		braces int
		i      int
		paths  = map[string]string{}
		names  []string
	)
	for {
		lt := strings.IndexByte(src[i:], '<')
		if lt < 0 {
			break
		}
		i += lt
		rest := src[i:]
		switch {
		case strings.HasPrefix(rest, "<?"):
			j := strings.Index(rest, "?>")
			if j < 0 {
				return nil, fmt.Errorf("vị trí %d: chỉ thị xử lý <?…?> chưa đóng", i)
			}
			i += j + 2
			continue
		case strings.HasPrefix(rest, "<!--"):
			j := strings.Index(rest, "-->")
			if j < 0 {
				return nil, fmt.Errorf("vị trí %d: chú thích <!--…--> chưa đóng", i)
			}
			i += j + 3
			continue
		case strings.HasPrefix(rest, "<![CDATA["):
			j := strings.Index(rest, "]]>")
			if j < 0 {
				return nil, fmt.Errorf("vị trí %d: khối CDATA chưa đóng", i)
			}
			i += j + 3
			continue
		case strings.HasPrefix(rest, "<!"):
			j := strings.IndexByte(rest, '>')
			if j < 0 {
				return nil, fmt.Errorf("vị trí %d: khai báo <!…> chưa đóng", i)
			}
			i += j + 1
			continue
		case strings.HasPrefix(rest, "</"):
			j := strings.IndexByte(rest, '>')
			if j < 0 {
				return nil, fmt.Errorf("vị trí %d: thẻ đóng chưa có \">\"", i)
			}
			name := strings.TrimSpace(rest[2:j])
			if len(stack) == 0 || stack[len(stack)-1].name != name {
				return nil, fmt.Errorf("vị trí %d: thẻ đóng </%s> không khớp với phần tử đang mở", i, clip(name))
			}
			el := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			el.innerEnd, el.end = i, i+j+1
			if name == "w:p" {
				p := pstack[len(pstack)-1]
				pstack = pstack[:len(pstack)-1]
				p.text = p.b.String()
				p.b = strings.Builder{}
				if n := strings.Count(p.text, "{"); n > 0 {
					// Each "{" is a tag or a malformed one: keep no more than MaxTags of them.
					if braces += n; braces > MaxTags {
						return nil, errTags
					}
					paras = append(paras, p)
				}
			}
			i += j + 1
			continue
		}
		// A start tag: read the name, then skip attributes, minding quoted values.
		n := 1
		for n < len(rest) && !isSpace(rest[n]) && rest[n] != '/' && rest[n] != '>' {
			n++
		}
		name := rest[1:n]
		j, q := n, byte(0)
		for ; j < len(rest); j++ {
			c := rest[j]
			if q != 0 {
				if c == q {
					q = 0
				}
			} else if c == '"' || c == '\'' {
				q = c
			} else if c == '>' {
				break
			}
		}
		if j >= len(rest) || name == "" {
			return nil, fmt.Errorf("vị trí %d: thẻ mở chưa có \">\"", i)
		}
		self := rest[j-1] == '/'
		if self {
			// An empty element holds no text and parents nothing: nothing to keep.
			if name == "w:p" {
				nparas++
			}
			i += j + 1
			continue
		}
		if len(stack) >= MaxXMLDepth {
			return nil, errDepth
		}
		if name == "w:t" {
			// Text elements hold only character data: take it up to the end tag at once.
			start, inner := i, i+j+1
			k := strings.Index(src[inner:], "</w:t>")
			if k < 0 {
				return nil, fmt.Errorf("vị trí %d: <w:t> không có </w:t>", start)
			}
			if len(pstack) > 0 {
				p := pstack[len(pstack)-1]
				text, offs, err := decode(src[inner:inner+k], inner)
				if err != nil {
					return nil, err
				}
				names = append(names[:0], "w:t")
				for e := stack[len(stack)-1]; e != nil && e != p.el; e = e.parent {
					names = append(names, e.name)
				}
				key := strings.Join(names, "/")
				path, ok := paths[key]
				if !ok {
					path = key
					paths[key] = key
				}
				p.segs = append(p.segs, segment{textStart: int32(p.b.Len()), n: int32(len(text)), src: int32(inner),
					start: int32(start), innerEnd: int32(inner + k), preserve: strings.Contains(rest[n:j], "xml:space"),
					path: path, offs: offs})
				p.b.WriteString(text)
			}
			i = inner + k + len("</w:t>")
			continue
		}
		el := &element{name: name, start: i, innerStart: i + j + 1}
		if len(stack) > 0 {
			el.parent = stack[len(stack)-1]
		}
		el.preserve = strings.Contains(rest[n:j], "xml:space")
		i += j + 1
		if name == "w:p" {
			nparas++
			pstack = append(pstack, &paragraph{el: el, num: nparas})
		}
		stack = append(stack, el)
	}
	if len(stack) > 0 {
		return nil, fmt.Errorf("phần tử <%s> ở vị trí %d chưa đóng", clip(stack[len(stack)-1].name), stack[len(stack)-1].start)
	}
	return paras, nil
}

// Limits scan enforces: elements nested deeper than MaxXMLDepth, more than MaxTags "{".
var (
	errDepth = errors.New("XML nesting too deep")
	errTags  = errors.New("too many tags")
)

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// decode resolves the character references of XML character data; offs[k] is the source
// offset (base + index) of the reference or character that decoded byte k comes from, nil
// when there is no reference (byte k is then at base + k). Parts are under MaxPartSize, so
// offsets fit in 32 bits.
func decode(raw string, base int) (string, []int32, error) {
	if !strings.ContainsRune(raw, '&') {
		return raw, nil, nil
	}
	var b strings.Builder
	offs := make([]int32, 0, len(raw))
	for k := 0; k < len(raw); {
		if raw[k] != '&' {
			b.WriteByte(raw[k])
			offs = append(offs, int32(base+k))
			k++
			continue
		}
		semi := strings.IndexByte(raw[k:], ';')
		if semi < 0 {
			return "", nil, fmt.Errorf("vị trí %d: tham chiếu ký tự thiếu \";\"", base+k)
		}
		ref := raw[k+1 : k+semi]
		var s string
		switch ref {
		case "amp":
			s = "&"
		case "lt":
			s = "<"
		case "gt":
			s = ">"
		case "quot":
			s = "\""
		case "apos":
			s = "'"
		default:
			var n uint64
			var err error
			if strings.HasPrefix(ref, "#x") {
				n, err = strconv.ParseUint(ref[2:], 16, 32)
			} else if strings.HasPrefix(ref, "#") {
				n, err = strconv.ParseUint(ref[1:], 10, 32)
			} else {
				err = fmt.Errorf("unknown entity")
			}
			if err != nil {
				return "", nil, fmt.Errorf("vị trí %d: tham chiếu ký tự không hợp lệ &%s;", base+k, clip(ref))
			}
			s = string(utf8.AppendRune(nil, rune(n)))
		}
		b.WriteString(s)
		for range len(s) {
			offs = append(offs, int32(base+k))
		}
		k += semi + 1
	}
	return b.String(), offs, nil
}
