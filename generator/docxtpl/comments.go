package docxtpl

import (
	"regexp"
	"strings"
	"sync"
)

// Comments in the template.
//
// A comment a clerk leaves in the template is a note for whoever edits the template (why a
// section is there, what a field holds), not part of the report: a report that repeats a
// section forty times gains nothing from forty copies of the note. So a comment anchored in
// repeated content keeps its anchors (w:commentRangeStart, w:commentRangeEnd,
// w:commentReference) in the first copy only; the other copies leave them out. Copying the
// comment instead would mean a fresh comment id, fresh paragraph ids and a fresh durable id
// per copy, kept in step across comments.xml, commentsExtended.xml, commentsIds.xml and
// commentsExtensible.xml, to multiply a note nobody asked to see twice.
//
// A comment can also lose its anchors altogether: its section printed nothing, or it was on a
// tag paragraph, which vanishes. Its reference mark is what shows it, so a comment whose
// reference the report did not write is taken out of comments.xml and of the parts keyed by
// its paragraphs, and its range marks go with it; a range mark whose partner the report left
// out goes too (the comment stays, on its mark). Word then finds no comment without an anchor
// and no anchor without its comment. Comments anchored elsewhere (footnotes) are left alone.

// The parts Word writes for comments. Word and LibreOffice name them so; the package's
// relationships could name others, which are then copied as they are.
const (
	commentsPart           = "word/comments.xml"
	commentsExtendedPart   = "word/commentsExtended.xml"
	commentsIDsPart        = "word/commentsIds.xml"
	commentsExtensiblePart = "word/commentsExtensible.xml"
)

func isCommentPart(name string) bool {
	switch name {
	case commentsPart, commentsExtendedPart, commentsIDsPart, commentsExtensiblePart:
		return true
	}
	return false
}

// anchorKind tells a comment's anchors apart.
type anchorKind uint8

const (
	rangeStart anchorKind = iota
	rangeEnd
	reference
)

// commentNode is one anchor of a comment in a templated part, written at most once per
// Execute and kept or dropped once the whole report is written.
type commentNode struct {
	id     string
	kind   anchorKind
	markup string
}

var paraIDAttr = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\sw14:paraId\s*=\s*["']([^"']*)["']`) })

// anchorAt reads the comment anchor whose start tag is s[start:end], el its name; nil when it
// has no id or is not empty (the schema makes it empty; anything else is left as markup).
func anchorAt(s string, start, end int, el string) *commentNode {
	n := &commentNode{markup: s[start:end]}
	switch el {
	case "w:commentRangeStart":
		n.kind = rangeStart
	case "w:commentRangeEnd":
		n.kind = rangeEnd
	case "w:commentReference":
		n.kind = reference
	default:
		return nil
	}
	id, ok := attr(n.markup, "w:id")
	if !ok {
		return nil
	}
	n.id = id
	if !strings.HasSuffix(n.markup, "/>") {
		closing := "</" + el + ">"
		if !strings.HasPrefix(s[end:], closing) {
			return nil
		}
		n.markup = s[start : end+len(closing)]
	}
	return n
}

// anchoredIDs lists the ids of the comments anchored in src, in order, added to seen.
func anchoredIDs(src string, seen map[string]bool, out []string) []string {
	if !strings.Contains(src, "<w:comment") {
		return out
	}
	eachTag(src, func(el string, start, end int) {
		if !strings.HasPrefix(el, "w:comment") {
			return
		}
		if c := anchorAt(src, start, end, el); c != nil && !seen[c.id] {
			seen[c.id] = true
			out = append(out, c.id)
		}
	})
	return out
}

// commentIDs returns the ids of the comments in comments.xml.
func commentIDs(src string) map[string]bool {
	ids := map[string]bool{}
	editElements(src, "w:comment", func(tag, whole string) string {
		if id, ok := attr(tag, "w:id"); ok {
			ids[id] = true
		}
		return whole
	})
	return ids
}

// comments counts the anchors one Execute writes, per comment.
type comments struct {
	known   map[string]bool // the ids in comments.xml (the template's, read only)
	written map[*commentNode]bool
	count   map[string]*[3]int // comment id → anchors written, by anchorKind
}

// anchor records that n is being written and reports whether it is the first time: the
// copies of a section after its first leave the anchors out.
func (c *comments) anchor(n *commentNode) bool {
	if c.written[n] {
		return false
	}
	c.written[n] = true
	k := c.count[n.id]
	if k == nil {
		k = new([3]int)
		c.count[n.id] = k
	}
	k[n.kind]++
	return true
}

// kept reports whether the comment stays in the report: it exists and its mark was written.
func (c *comments) kept(id string) bool {
	k := c.count[id]
	return c.known[id] && k != nil && k[reference] > 0
}

// dropped returns the comments among anchored (the template's anchored ones) that the
// report leaves without their mark.
func (c *comments) dropped(anchored []string) map[string]bool {
	var out map[string]bool
	for _, id := range anchored {
		if c.known[id] && !c.kept(id) {
			if out == nil {
				out = map[string]bool{}
			}
			out[id] = true
		}
	}
	return out
}

// anchor is a comment anchor deferred in a part's buffer until the report is written.
type anchor struct {
	c *comments
	n *commentNode
}

func (a anchor) resolve() string {
	if !a.c.kept(a.n.id) {
		return ""
	}
	if k := a.c.count[a.n.id]; a.n.kind != reference && (k[rangeStart] == 0 || k[rangeEnd] == 0) {
		return ""
	}
	return a.n.markup
}

// pruneComments takes the comments drop out of the comment parts (texts: part name → XML)
// and returns the parts it changed: a comment out of comments.xml, its paragraphs' entries
// out of commentsExtended.xml and commentsIds.xml, and their durable ids' entries out of
// commentsExtensible.xml. A reply whose parent is gone becomes a comment of its own.
func pruneComments(texts map[string]string, drop map[string]bool) map[string]string {
	out := map[string]string{}
	paras := map[string]bool{} // the paragraph ids of the comments dropped
	if src, ok := texts[commentsPart]; ok {
		out[commentsPart] = editElements(src, "w:comment", func(tag, whole string) string {
			if id, _ := attr(tag, "w:id"); !drop[id] {
				return whole
			}
			for _, m := range paraIDAttr().FindAllStringSubmatch(whole, -1) {
				paras[strings.ToUpper(m[1])] = true
			}
			return ""
		})
	}
	gone := func(tag, name string) bool {
		v, ok := attr(tag, name)
		return ok && paras[strings.ToUpper(v)]
	}
	if src, ok := texts[commentsExtendedPart]; ok {
		out[commentsExtendedPart] = editElements(src, "w15:commentEx", func(tag, whole string) string {
			switch {
			case gone(tag, "w15:paraId"):
				return ""
			case gone(tag, "w15:paraIdParent"):
				return removeAttr(tag, "w15:paraIdParent") + whole[len(tag):]
			}
			return whole
		})
	}
	durable := map[string]bool{}
	if src, ok := texts[commentsIDsPart]; ok {
		out[commentsIDsPart] = editElements(src, "w16cid:commentId", func(tag, whole string) string {
			if !gone(tag, "w16cid:paraId") {
				return whole
			}
			if d, ok := attr(tag, "w16cid:durableId"); ok {
				durable[strings.ToUpper(d)] = true
			}
			return ""
		})
	}
	if src, ok := texts[commentsExtensiblePart]; ok {
		out[commentsExtensiblePart] = editElements(src, "w16cex:commentExtensible", func(tag, whole string) string {
			if d, ok := attr(tag, "w16cex:durableId"); ok && durable[strings.ToUpper(d)] {
				return ""
			}
			return whole
		})
	}
	for name, text := range out {
		if text == texts[name] {
			delete(out, name)
		}
	}
	return out
}

// editElements rewrites each element named name in src: f gets its start tag and its whole
// markup and returns what stands in its place (whole, to keep it). Elements of that name do
// not nest in the parts it reads.
func editElements(src, name string, f func(tag, whole string) string) string {
	var (
		b       strings.Builder
		pos     int
		changed bool
	)
	for i := 0; ; {
		k := strings.Index(src[i:], "<"+name)
		if k < 0 {
			break
		}
		start := i + k
		i = start + 1 + len(name)
		if i >= len(src) || !strings.ContainsRune(" \t\r\n/>", rune(src[i])) {
			continue // a longer name: <w:comments>, <w:commentReference>
		}
		end := tagEnd(src, i)
		if end < 0 {
			break
		}
		tag := src[start:end]
		if !strings.HasSuffix(tag, "/>") {
			c := strings.Index(src[end:], "</"+name+">")
			if c < 0 {
				break
			}
			end += c + len("</"+name+">")
		}
		i = end
		whole := src[start:end]
		if r := f(tag, whole); r != whole {
			b.WriteString(src[pos:start])
			b.WriteString(r)
			pos, changed = end, true
		}
	}
	if !changed {
		return src
	}
	b.WriteString(src[pos:])
	return b.String()
}

// tagEnd returns the offset just after the '>' closing the tag that runs on from i, past
// quoted attribute values (which may hold '>'); -1 if there is none.
func tagEnd(src string, i int) int {
	var quote byte
	for ; i < len(src); i++ {
		switch c := src[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i + 1
		}
	}
	return -1
}

// attr returns the value of the attribute name in a start tag.
func attr(tag, name string) (v string, ok bool) {
	eachAttr(tag, func(n string, vs, ve int) {
		if n == name && !ok {
			v, ok = tag[vs:ve], true
		}
	})
	return v, ok
}

// removeAttr returns the start tag without the attribute name.
func removeAttr(tag, name string) string {
	out := tag
	eachAttr(tag, func(n string, vs, ve int) {
		if n != name || out != tag {
			return
		}
		at := strings.LastIndex(tag[:vs], name)
		for at > 0 && strings.ContainsRune(" \t\r\n", rune(tag[at-1])) {
			at--
		}
		out = tag[:at] + tag[ve+1:]
	})
	return out
}
