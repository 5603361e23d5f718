package docxtpl

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// Elements whose ids (and bookmark names) must stay unique in a package: a section that
// repeats them would otherwise duplicate them, and Word then "repairs" the file.
var (
	idElem = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`<(w:bookmarkStart|w:bookmarkEnd|wp:docPr)\s[^>]*>`) })
	idAttr = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\s(w:id|w:name|id)="([^"]*)"`) })
)

// idNode is an id or a bookmark name inside repeated content: the first copy keeps it, the
// others get a fresh one, the same for every element of one copy that shares it (a
// bookmark's start and end).
type idNode struct {
	key  string // what shares the value: "n:" id of a bookmark, "b:" its name, "d:" one drawing
	orig string
	name bool // a bookmark name rather than a number
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

// markIDs splits the markup inside sections where it carries ids, and lists on each section
// the keys whose copies it must renew on each repetition.
func markIDs(nodes []node, sec *sectionNode, drawings *int) []node {
	out := nodes[:0:0]
	for _, n := range nodes {
		switch n := n.(type) {
		case textNode:
			if sec == nil {
				out = append(out, n)
				continue
			}
			out = append(out, splitIDs(string(n), sec, drawings)...)
		case *sectionNode:
			n.nodes = markIDs(n.nodes, n, drawings)
			out = append(out, n)
		default:
			out = append(out, n)
		}
	}
	return out
}

func splitIDs(s string, sec *sectionNode, drawings *int) []node {
	if !strings.Contains(s, "<w:bookmark") && !strings.Contains(s, "<wp:docPr") {
		return []node{textNode(s)}
	}
	locs := idElem().FindAllStringSubmatchIndex(s, -1)
	if locs == nil {
		return []node{textNode(s)}
	}
	var out []node
	pos := 0
	for _, l := range locs {
		el := s[l[2]:l[3]]
		*drawings++
		for _, a := range idAttr().FindAllStringSubmatchIndex(s[l[0]:l[1]], -1) {
			attr, vs, ve := s[l[0]+a[2]:l[0]+a[3]], l[0]+a[4], l[0]+a[5]
			var id *idNode
			val := s[vs:ve]
			switch {
			case el == "wp:docPr" && attr == "id":
				id = &idNode{key: "d:" + strconv.Itoa(*drawings), orig: val}
			case el != "wp:docPr" && attr == "w:id":
				id = &idNode{key: "n:" + val, orig: val}
			case el == "w:bookmarkStart" && attr == "w:name":
				id = &idNode{key: "b:" + val, orig: val, name: true}
			default:
				continue
			}
			out = append(out, textNode(s[pos:vs]), id)
			sec.owned = append(sec.owned, id.key)
			pos = ve
		}
	}
	return append(out, textNode(s[pos:]))
}

// ids hands out the ids of one Execute, across its parts.
type ids struct {
	next int
	cur  map[string]string // key → value in the copy being written
	used map[string]bool   // keys whose original value is taken
	// copies counts the copies of each bookmark name: the second copy of "Muc" is "Muc_2".
	copies map[string]int
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
		if n.name {
			// Word allows 40 characters in a bookmark name.
			d.copies[n.orig]++
			suf := "_" + strconv.Itoa(d.copies[n.orig]+1)
			base := []rune(n.orig)
			if len(base)+len(suf) > 40 {
				base = base[:max(0, 40-len(suf))]
			}
			v = string(base) + suf
		} else {
			d.next++
			v = strconv.Itoa(d.next)
		}
	}
	d.used[n.key] = true
	d.cur[n.key] = v
	return v
}
