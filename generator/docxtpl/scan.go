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

// segment is the content of one <w:t> element: a piece of its paragraph's text.
type segment struct {
	t         *element
	textStart int     // offset of the decoded content in the paragraph's text
	n         int     // length of the decoded content
	src       int     // source offset of the content
	offs      []int32 // source offset of each decoded byte, when character references make them differ
}

// srcOf returns the source offset of decoded byte k of the segment.
func (s *segment) srcOf(k int) int {
	if s.offs == nil {
		return s.src + k
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
	rel := i - s.textStart
	if rel < s.n {
		return s.srcOf(rel)
	}
	return s.t.innerEnd
}

// segAt returns the segment holding text byte i (for i == end of a segment, that segment).
func (p *paragraph) segAt(i int) *segment {
	k := sort.Search(len(p.segs), func(k int) bool { return i < p.segs[k].textStart+p.segs[k].n })
	if k == len(p.segs) {
		k--
	}
	return &p.segs[k]
}

// pieces returns the source ranges that hold text bytes [from, to), one per segment touched.
func (p *paragraph) pieces(from, to int) [][2]int {
	var out [][2]int
	first := sort.Search(len(p.segs), func(k int) bool { return from < p.segs[k].textStart+p.segs[k].n })
	for k := first; k < len(p.segs) && p.segs[k].textStart < to; k++ {
		s := &p.segs[k]
		a, b := max(from, s.textStart), min(to, s.textStart+s.n)
		if a >= b {
			continue
		}
		ra := s.srcOf(a - s.textStart)
		rb := s.t.innerEnd
		if b-s.textStart < s.n {
			rb = s.srcOf(b - s.textStart)
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
		i      int
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
				if strings.IndexByte(p.text, '{') >= 0 {
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
		if name == "w:t" {
			// Text elements hold only character data: take it up to the end tag at once.
			k := strings.Index(src[i:], "</w:t>")
			if k < 0 {
				return nil, fmt.Errorf("vị trí %d: <w:t> không có </w:t>", el.start)
			}
			el.innerEnd, el.end = i+k, i+k+len("</w:t>")
			if len(pstack) > 0 {
				p := pstack[len(pstack)-1]
				text, offs, err := decode(src[i:i+k], i)
				if err != nil {
					return nil, err
				}
				p.segs = append(p.segs, segment{t: el, textStart: p.b.Len(), n: len(text), src: i, offs: offs})
				p.b.WriteString(text)
			}
			i = el.end
			continue
		}
		stack = append(stack, el)
	}
	if len(stack) > 0 {
		return nil, fmt.Errorf("phần tử <%s> ở vị trí %d chưa đóng", clip(stack[len(stack)-1].name), stack[len(stack)-1].start)
	}
	return paras, nil
}

// errDepth: the part nests elements deeper than MaxXMLDepth.
var errDepth = errors.New("XML nesting too deep")

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
