package docxtpl

import (
	"fmt"
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
	textStart int   // offset of the decoded content in the paragraph's text
	offs      []int // source offset of each byte of the decoded content
}

// paragraph is one <w:p> with the text of its runs, decoded and joined, and where each byte
// of that text sits in the source.
type paragraph struct {
	el   *element
	num  int // 1-based, in document order within the part
	text string
	segs []segment
}

// sourceOffset returns the source offset of byte i of the paragraph text; i == len(text) maps
// to the end of the last segment's content.
func (p *paragraph) sourceOffset(i int) int {
	s := p.segAt(i)
	rel := i - s.textStart
	if rel < len(s.offs) {
		return s.offs[rel]
	}
	return s.t.innerEnd
}

// segAt returns the segment holding text byte i (for i == end of a segment, that segment).
func (p *paragraph) segAt(i int) *segment {
	for k := range p.segs {
		s := &p.segs[k]
		if i < s.textStart+len(s.offs) || k == len(p.segs)-1 {
			return s
		}
	}
	return nil
}

// pieces returns the source ranges that hold text bytes [from, to), one per segment touched.
func (p *paragraph) pieces(from, to int) [][2]int {
	var out [][2]int
	for k := range p.segs {
		s := &p.segs[k]
		a, b := max(from, s.textStart), min(to, s.textStart+len(s.offs))
		if a >= b {
			continue
		}
		ra := s.offs[a-s.textStart]
		rb := s.t.innerEnd
		if b-s.textStart < len(s.offs) {
			rb = s.offs[b-s.textStart]
		}
		out = append(out, [2]int{ra, rb})
	}
	return out
}

// scan walks the WordprocessingML of one part and returns its paragraphs in document order.
// It reads the markup as bytes so that everything it does not change is written back as it was.
func scan(src string) ([]*paragraph, error) {
	var (
		stack  []*element
		paras  []*paragraph
		pstack []*paragraph
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
				return nil, fmt.Errorf("offset %d: unterminated processing instruction", i)
			}
			i += j + 2
			continue
		case strings.HasPrefix(rest, "<!--"):
			j := strings.Index(rest, "-->")
			if j < 0 {
				return nil, fmt.Errorf("offset %d: unterminated comment", i)
			}
			i += j + 3
			continue
		case strings.HasPrefix(rest, "<![CDATA["):
			j := strings.Index(rest, "]]>")
			if j < 0 {
				return nil, fmt.Errorf("offset %d: unterminated CDATA section", i)
			}
			i += j + 3
			continue
		case strings.HasPrefix(rest, "<!"):
			j := strings.IndexByte(rest, '>')
			if j < 0 {
				return nil, fmt.Errorf("offset %d: unterminated declaration", i)
			}
			i += j + 1
			continue
		case strings.HasPrefix(rest, "</"):
			j := strings.IndexByte(rest, '>')
			if j < 0 {
				return nil, fmt.Errorf("offset %d: unterminated end tag", i)
			}
			name := strings.TrimSpace(rest[2:j])
			if len(stack) == 0 || stack[len(stack)-1].name != name {
				return nil, fmt.Errorf("offset %d: end tag </%s> does not match an open element", i, name)
			}
			el := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			el.innerEnd, el.end = i, i+j+1
			if name == "w:p" {
				pstack = pstack[:len(pstack)-1]
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
			return nil, fmt.Errorf("offset %d: unterminated start tag", i)
		}
		self := rest[j-1] == '/'
		el := &element{name: name, start: i, innerStart: i + j + 1}
		if len(stack) > 0 {
			el.parent = stack[len(stack)-1]
		}
		el.preserve = strings.Contains(rest[n:j], "xml:space")
		i += j + 1
		if name == "w:p" {
			p := &paragraph{el: el, num: len(paras) + 1}
			paras = append(paras, p)
			if !self {
				pstack = append(pstack, p)
			}
		}
		if self {
			el.innerEnd, el.end = el.innerStart, el.innerStart
			continue
		}
		if name == "w:t" {
			// Text elements hold only character data: take it up to the end tag at once.
			k := strings.Index(src[i:], "</w:t>")
			if k < 0 {
				return nil, fmt.Errorf("offset %d: <w:t> without </w:t>", el.start)
			}
			el.innerEnd, el.end = i+k, i+k+len("</w:t>")
			if len(pstack) > 0 {
				p := pstack[len(pstack)-1]
				text, offs, err := decode(src[i:i+k], i)
				if err != nil {
					return nil, err
				}
				p.segs = append(p.segs, segment{t: el, textStart: len(p.text), offs: offs})
				p.text += text
			}
			i = el.end
			continue
		}
		stack = append(stack, el)
	}
	if len(stack) > 0 {
		return nil, fmt.Errorf("element <%s> at offset %d is not closed", stack[len(stack)-1].name, stack[len(stack)-1].start)
	}
	return paras, nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// decode resolves the character references of XML character data; offs[k] is the source
// offset (base + index) of the reference or character that decoded byte k comes from.
func decode(raw string, base int) (string, []int, error) {
	if !strings.ContainsRune(raw, '&') {
		offs := make([]int, len(raw))
		for k := range offs {
			offs[k] = base + k
		}
		return raw, offs, nil
	}
	var b strings.Builder
	offs := make([]int, 0, len(raw))
	for k := 0; k < len(raw); {
		if raw[k] != '&' {
			b.WriteByte(raw[k])
			offs = append(offs, base+k)
			k++
			continue
		}
		semi := strings.IndexByte(raw[k:], ';')
		if semi < 0 {
			return "", nil, fmt.Errorf("offset %d: bad character reference", base+k)
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
				return "", nil, fmt.Errorf("offset %d: bad character reference &%s;", base+k, ref)
			}
			s = string(utf8.AppendRune(nil, rune(n)))
		}
		b.WriteString(s)
		for range len(s) {
			offs = append(offs, base+k)
		}
		k += semi + 1
	}
	return b.String(), offs, nil
}
