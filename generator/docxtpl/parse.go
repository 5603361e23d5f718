package docxtpl

import (
	"fmt"
	"sort"
	"strings"
)

// tag is a token placed in its part: which paragraph, which part, and its lookup path.
type tag struct {
	token
	path []string // the name split at "."; ["."] for the current item
	para *paragraph
	src  int // source offset of '{', which orders tags in the part
	seq  int // index in source order
}

// shown is the tag as a message quotes it: cut when long.
func (t *tag) shown() string { return clip(t.raw) }

// node is one element of a parsed tree: textNode, *fieldNode or *sectionNode.
type node interface{}

// textNode is markup copied to the output as it is.
type textNode string

// fieldNode prints a value at the place where its tag started.
type fieldNode struct {
	tag *tag
	// inline: the paragraph holds other text, so line breaks in the value become spaces
	// rather than breaking the running (justified) line.
	inline bool
}

// sectionNode repeats, shows or hides its nodes according to a value.
type sectionNode struct {
	tag      *tag
	inverted bool
	nodes    []node
	owned    []string // keys of the ids renewed on each repetition (ids.go)
}

// edit replaces source bytes [start, end) when a tree is built: with nothing, with emit, or
// with the opening or closing of a section.
type edit struct {
	start, end int
	seq, sub   int // ties at one offset follow the tags' order, then the piece's order
	emit       node
	open       *sectionNode
	close      *sectionNode
}

// parser turns one part's XML into a tree, collecting every error it meets.
type parser struct {
	tpl, part string
	src       string
	errs      []*Error
	edits     []edit
	preserved map[int]bool // <w:t> elements given xml:space, by source offset
}

func (p *parser) fail(t *tag, kind error, format string, args ...any) {
	e := &Error{Template: p.tpl, Part: p.part, Kind: kind, Msg: fmt.Sprintf(format, args...)}
	if t != nil {
		e.Paragraph, e.Tag = t.para.num, t.shown()
		e.Context = excerpt(t.para.text, t.pos, t.end)
	}
	p.errs = append(p.errs, e)
}

// parsePart parses the XML of one part into a tree of nodes. ntags counts the tags of the
// whole template against MaxTags. When the part has template errors, tree is nil and check
// is a tree of its tags alone (sections nested as their tags are, markup left out), enough to
// look every field up against data and report unknown ones too.
func parsePart(tplName, partName, src string, ntags *int) (tree, check []node, errs []*Error) {
	p := &parser{tpl: tplName, part: partName, src: src, preserved: map[int]bool{}}
	paras, err := scan(src)
	if err == errDepth {
		p.errs = append(p.errs, &Error{Template: tplName, Part: partName, Kind: ErrLimit,
			Msg: fmt.Sprintf("các phần tử XML lồng nhau quá %d tầng", MaxXMLDepth)})
		return nil, nil, p.errs
	}
	if err == errTags {
		p.errs = append(p.errs, &Error{Template: tplName, Part: partName, Kind: ErrLimit,
			Msg: fmt.Sprintf("mẫu có hơn %d thẻ, vượt giới hạn", MaxTags)})
		return nil, nil, p.errs
	}
	if err != nil {
		p.errs = append(p.errs, &Error{Template: tplName, Part: partName, Kind: ErrBadDocx, Msg: "XML hỏng: " + err.Error()})
		return nil, nil, p.errs
	}
	var tags []*tag
	// Paragraphs nested in text boxes end inside their anchor's paragraph: order by source.
	sort.SliceStable(paras, func(i, j int) bool { return paras[i].num < paras[j].num })
	for _, para := range paras {
		toks, probs := lex(para.text)
		*ntags += len(toks) + len(probs)
		if *ntags > MaxTags {
			p.errs = append(p.errs, &Error{Template: tplName, Part: partName, Paragraph: para.num, Kind: ErrLimit,
				Msg: fmt.Sprintf("mẫu có hơn %d thẻ, vượt giới hạn", MaxTags)})
			return nil, nil, p.errs
		}
		for _, pr := range probs {
			p.errs = append(p.errs, &Error{
				Template: tplName, Part: partName, Paragraph: para.num, Tag: clip(pr.tag),
				Context: excerpt(para.text, pr.pos, pr.end), Kind: ErrMalformedTag, Msg: pr.msg,
			})
		}
		for _, tk := range toks {
			if n := para.segIndex(tk.end-1) - para.segIndex(tk.pos) + 1; n > MaxTagRuns {
				p.errs = append(p.errs, &Error{
					Template: tplName, Part: partName, Paragraph: para.num, Tag: clip(tk.raw),
					Context: excerpt(para.text, tk.pos, tk.end), Kind: ErrLimit,
					Msg: fmt.Sprintf("thẻ bị chia thành %d đoạn chữ (w:t), vượt giới hạn %d: xóa và gõ lại thẻ", n, MaxTagRuns),
				})
				continue
			}
			path := []string{"."}
			if tk.name != "." {
				path = strings.Split(tk.name, ".")
			}
			tags = append(tags, &tag{token: tk, path: path, para: para, src: para.sourceOffset(tk.pos)})
		}
	}
	if len(tags) == 0 && len(p.errs) == 0 {
		return []node{textNode(src)}, nil, nil
	}
	sort.SliceStable(tags, func(i, j int) bool { return tags[i].src < tags[j].src })
	for seq, t := range tags {
		t.seq = seq
	}

	for _, t := range tags {
		if t.kind == tagField {
			p.field(t)
		}
	}
	for _, pair := range p.match(tags) {
		p.section(pair[0], pair[1])
	}
	if len(p.errs) == 0 {
		tree = p.build()
	}
	// What only parsing needed of the paragraphs goes: tags keep their number and text alone
	// (for messages), and so does a template read back from its binary form.
	for _, para := range paras {
		para.el, para.segs, para.b = nil, nil, strings.Builder{}
	}
	if len(p.errs) > 0 {
		return nil, tagTree(tags), p.errs
	}
	return tree, nil, nil
}

// tagTree nests the tags as their open and close tags say, forgiving what match reports: a
// section left open ends with the part, a stray close is ignored, a close names any open
// section it matches. Sections deeper than MaxSectionDepth are flattened.
func tagTree(tags []*tag) []node {
	root := &sectionNode{}
	stack := []*sectionNode{root}
	for _, t := range tags {
		top := stack[len(stack)-1]
		switch t.kind {
		case tagField:
			top.nodes = append(top.nodes, &fieldNode{tag: t})
		case tagOpen, tagInverted:
			if len(stack) > MaxSectionDepth {
				continue
			}
			sec := &sectionNode{tag: t, inverted: t.kind == tagInverted}
			top.nodes = append(top.nodes, sec)
			stack = append(stack, sec)
		case tagClose:
			for i := len(stack) - 1; i > 0; i-- {
				if stack[i].tag.name == t.name {
					stack = stack[:i]
					break
				}
			}
		}
	}
	return root.nodes
}

// match pairs open and close tags like brackets and reports the ones that do not pair.
func (p *parser) match(tags []*tag) [][2]*tag {
	var (
		stack  []*tag
		pairs  [][2]*tag
		closed = map[string]*tag{}
		deep   bool
	)
	for _, t := range tags {
		switch t.kind {
		case tagOpen, tagInverted:
			stack = append(stack, t)
			if len(stack) > MaxSectionDepth && !deep {
				deep = true // said once, at the first section too deep
				p.fail(t, ErrLimit, "khối %s lồng trong %d khối khác, vượt giới hạn %d tầng khối lồng nhau",
					t.shown(), len(stack)-1, MaxSectionDepth)
			}
		case tagClose:
			at := -1
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].name == t.name {
					at = i
					break
				}
			}
			switch {
			case at < 0 && closed[t.name] != nil:
				p.fail(t, ErrUnexpectedClose, "%s đóng khối %q lần thứ hai (đã đóng ở đoạn %d)", t.shown(), clip(t.name), closed[t.name].para.num)
			case at < 0 && len(stack) > 0:
				top := stack[len(stack)-1]
				p.fail(t, ErrUnexpectedClose, "%s không khớp với %s mở ở đoạn %d", t.shown(), top.shown(), top.para.num)
			case at < 0:
				p.fail(t, ErrUnexpectedClose, "%s không có {#%s} mở trước đó", t.shown(), clip(t.name))
			default:
				for _, inner := range stack[at+1:] {
					p.fail(inner, ErrUnclosedSection, "khối %s chưa đóng trước %s ở đoạn %d", inner.shown(), t.shown(), t.para.num)
				}
				pairs = append(pairs, [2]*tag{stack[at], t})
				closed[t.name] = t
				stack = stack[:at]
			}
		}
	}
	for _, t := range stack {
		p.fail(t, ErrUnclosedSection, "khối %s chưa đóng", t.shown())
	}
	return pairs
}

// field replaces the tag's text: the value goes where the tag starts, in that run's
// formatting, and the tag's text in later runs is removed.
func (p *parser) field(t *tag) {
	seq := t.seq
	pieces := t.para.pieces(t.pos, t.end)
	for k, r := range pieces {
		e := edit{start: r[0], end: r[1], seq: seq, sub: k}
		if k == 0 {
			e.emit = &fieldNode{tag: t, inline: !standalone(t)}
		}
		p.edits = append(p.edits, e)
	}
	// A value's own leading or trailing spaces must survive: the run's <w:t> must preserve space.
	sg := t.para.segAt(t.pos)
	if at := int(sg.start); !sg.preserve && !p.preserved[at] {
		p.preserved[at] = true
		p.edits = append(p.edits, edit{start: at, end: int(sg.src), seq: seq, sub: -1,
			emit: textNode(p.src[at:int(sg.src)-1] + ` xml:space="preserve">`)})
	}
}

// section decides how far the section reaches (paragraphs, a table row, or a range of runs)
// and records the edits that cut it out of the part.
func (p *parser) section(open, close *tag) {
	oseq, cseq := open.seq, close.seq
	sec := &sectionNode{tag: open, inverted: open.kind == tagInverted}
	po, pc := open.para, close.para
	switch {
	case po == pc:
		// Inline: the section covers the runs between the tags. Both cut points must sit at
		// the same depth of markup for the repeated range to nest.
		if po.segAt(open.end-1).path != pc.segAt(close.pos).path {
			p.fail(open, ErrPlacement, "%s và %s nằm trong các đoạn chữ lồng nhau khác nhau của cùng một đoạn", open.shown(), close.shown())
			return
		}
		p.cut(open, oseq, nil, sec)
		p.cut(close, cseq, sec, nil)
	case standalone(open) && standalone(close) && po.el.parent == pc.el.parent:
		p.edits = append(p.edits,
			edit{start: po.el.start, end: po.el.end, seq: oseq, open: sec},
			edit{start: pc.el.start, end: pc.el.end, seq: cseq, close: sec})
	default:
		tr := commonRow(po.el, pc.el)
		if tr == nil {
			p.fail(open, ErrPlacement, "%s (đoạn %d) và %s (đoạn %d) phải mỗi thẻ đứng riêng một đoạn trong cùng một khung, hoặc cùng một đoạn, hoặc cùng một hàng bảng",
				open.shown(), po.num, close.shown(), pc.num)
			return
		}
		p.cut(open, oseq, nil, nil)
		p.cut(close, cseq, nil, nil)
		p.edits = append(p.edits,
			edit{start: tr.start, end: tr.start, seq: oseq, sub: -1, open: sec},
			edit{start: tr.end, end: tr.end, seq: cseq, sub: 1 << 20, close: sec})
	}
}

// cut removes a section tag's text; an inline open takes effect after its last piece, an
// inline close before its first.
func (p *parser) cut(t *tag, seq int, closeSec, openSec *sectionNode) {
	pieces := t.para.pieces(t.pos, t.end)
	for k, r := range pieces {
		e := edit{start: r[0], end: r[1], seq: seq, sub: k}
		if k == 0 {
			e.close = closeSec
		}
		if k == len(pieces)-1 {
			e.open = openSec
		}
		p.edits = append(p.edits, e)
	}
}

// standalone reports whether the tag is the only text of its paragraph.
func standalone(t *tag) bool {
	return strings.TrimSpace(t.para.text[:t.pos]) == "" && strings.TrimSpace(t.para.text[t.end:]) == ""
}

// commonRow returns the innermost table row holding both elements, or nil.
func commonRow(a, b *element) *element {
	anc := map[*element]bool{}
	for e := a; e != nil; e = e.parent {
		anc[e] = true
	}
	for e := b; e != nil; e = e.parent {
		if anc[e] {
			for ; e != nil; e = e.parent {
				if e.name == "w:tr" {
					return e
				}
			}
			return nil
		}
	}
	return nil
}

// build applies the edits in source order and nests the sections.
func (p *parser) build() []node {
	sort.SliceStable(p.edits, func(i, j int) bool {
		a, b := p.edits[i], p.edits[j]
		if a.start != b.start {
			return a.start < b.start
		}
		if a.seq != b.seq {
			return a.seq < b.seq
		}
		return a.sub < b.sub
	})
	root := &sectionNode{}
	stack := []*sectionNode{root}
	pos := 0
	for _, e := range p.edits {
		top := stack[len(stack)-1]
		if e.start < pos {
			t := top.tag
			if e.open != nil {
				t = e.open.tag
			}
			p.fail(t, ErrPlacement, "phạm vi của %s chồng lên phạm vi của thẻ khác", tagRaw(t))
			return nil
		}
		if e.start > pos {
			top.nodes = append(top.nodes, textNode(p.src[pos:e.start]))
		}
		if e.close != nil {
			if e.close != top {
				p.fail(e.close.tag, ErrPlacement, "khối %s chồng lên khối %s thay vì nằm gọn trong đó", tagRaw(e.close.tag), tagRaw(top.tag))
				return nil
			}
			stack = stack[:len(stack)-1]
			top = stack[len(stack)-1]
		}
		if e.emit != nil {
			top.nodes = append(top.nodes, e.emit)
		}
		if e.open != nil {
			top.nodes = append(top.nodes, e.open)
			stack = append(stack, e.open)
		}
		pos = e.end
	}
	root.nodes = append(root.nodes, textNode(p.src[pos:]))
	return root.nodes
}

func tagRaw(t *tag) string {
	if t == nil {
		return "phần văn bản"
	}
	return t.shown()
}
