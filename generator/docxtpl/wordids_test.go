package docxtpl_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Templates as Word 2010 and later save them: every paragraph and table row with a
// w14:paraId and w14:textId, comments in comments.xml and the three parts keyed by their
// paragraphs (commentsExtended.xml, commentsIds.xml, commentsExtensible.xml).

const (
	nsW     = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsW14   = "http://schemas.microsoft.com/office/word/2010/wordml"
	w14Decl = `xmlns:w14="` + nsW14 + `" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="w14"`
)

// repack rewrites a package: edit returns each entry's new content; extra entries are added
// at the end.
func repack(t testing.TB, docx []byte, edit func(name, data string) string, extra ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name, data string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, data); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range readParts(t, docx) {
		put(p.name, edit(p.name, p.data))
	}
	for _, e := range extra {
		put(e[0], e[1])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var wordElem = regexp.MustCompile(`<w:(p|tr)([\s>/])`)

// withParaIDs gives every paragraph and table row of a part the ids Word writes: paraIds
// base, base+2, …, and textIds base+1, base+3, ….
func withParaIDs(part string, base uint32) string {
	for _, root := range []string{"<w:document ", "<w:hdr ", "<w:ftr "} {
		part = strings.Replace(part, root, root+w14Decl+" ", 1)
	}
	i := uint32(0)
	return wordElem.ReplaceAllStringFunc(part, func(m string) string {
		sub := wordElem.FindStringSubmatch(m)
		s := fmt.Sprintf(`<w:%s w14:paraId="%08X" w14:textId="%08X"%s`, sub[1], base+2*i, base+2*i+1, sub[2])
		i++
		return s
	})
}

// note is a comment of a test template. start and end, when given, are texts found one after
// the other in the body to reach the paragraph where the comment's range starts, and the one
// where it ends and its mark stands; without them the body holds the anchors already.
type note struct {
	id         int
	parent     int // the id of the comment it answers; -1 for none
	text       string
	start, end []string
}

// Anchors as Word writes them.
func cs(id int) string { return fmt.Sprintf(`<w:commentRangeStart w:id="%d"/>`, id) }
func ce(id int) string { return fmt.Sprintf(`<w:commentRangeEnd w:id="%d"/>`, id) }
func cr(id int) string {
	return fmt.Sprintf(`<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="%d"/></w:r>`, id)
}

// Paragraph ids of the comments' paragraphs and durable ids: low, so that fresh paragraph ids,
// counted up from 1, must step over them.
func notePara(k int) uint32    { return uint32(0x05 + 2*k) }
func noteDurable(k int) string { return fmt.Sprintf("%08X", 0x3C000000+k) }

// paragraphAt returns the bounds of the paragraph holding the last of texts, found in order.
func paragraphAt(t testing.TB, doc string, texts []string) (start, pprEnd, end int) {
	t.Helper()
	i := 0
	for _, s := range texts {
		k := strings.Index(doc[i:], s)
		if k < 0 {
			t.Fatalf("no %q in the body after offset %d", s, i)
		}
		i += k
	}
	start = max(strings.LastIndex(doc[:i], "<w:p "), strings.LastIndex(doc[:i], "<w:p>"))
	end = i + strings.Index(doc[i:], "</w:p>")
	pprEnd = start + strings.Index(doc[start:], ">") + 1
	if k := strings.Index(doc[start:end], "</w:pPr>"); k >= 0 {
		pprEnd = start + k + len("</w:pPr>")
	}
	return start, pprEnd, end
}

// wordSaved turns a package into one as Word saves it: paragraph ids in the body (from
// 0x1A000000) and headers (from 1, 3, …: low ones fresh ids must skip), and the notes as
// comments.
func wordSaved(t testing.TB, docx []byte, notes []note) []byte {
	t.Helper()
	var (
		comments, ext, cids, cex strings.Builder
		headers                  uint32 = 1
	)
	for k, n := range notes {
		pid := fmt.Sprintf("%08X", notePara(k))
		fmt.Fprintf(&comments, `<w:comment w:id="%d" w:author="Văn thư" w:date="2024-01-02T03:04:00Z" w:initials="VT">`+
			`<w:p w14:paraId="%s" w14:textId="%08X"><w:pPr><w:pStyle w:val="CommentText"/></w:pPr><w:r><w:annotationRef/></w:r><w:r><w:t>%s</w:t></w:r></w:p></w:comment>`,
			n.id, pid, notePara(k)+1, n.text)
		parent := ""
		for j, m := range notes {
			if m.id == n.parent {
				parent = fmt.Sprintf(` w15:paraIdParent="%08X"`, notePara(j))
			}
		}
		fmt.Fprintf(&ext, `<w15:commentEx w15:paraId="%s"%s w15:done="0"/>`, pid, parent)
		fmt.Fprintf(&cids, `<w16cid:commentId w16cid:paraId="%s" w16cid:durableId="%s"/>`, pid, noteDurable(k))
		fmt.Fprintf(&cex, `<w16cex:commentExtensible w16cex:durableId="%s" w16cex:dateUtc="2024-01-02T03:04:00Z"/>`, noteDurable(k))
	}
	const head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	mc := `xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"`
	extra := [][2]string{
		{"word/comments.xml", head + `<w:comments ` + wNS + ` ` + w14Decl + `>` + comments.String() + `</w:comments>`},
		{"word/commentsExtended.xml", head + `<w15:commentsEx ` + mc + ` xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" mc:Ignorable="w15">` + ext.String() + `</w15:commentsEx>`},
		{"word/commentsIds.xml", head + `<w16cid:commentsIds ` + mc + ` xmlns:w16cid="http://schemas.microsoft.com/office/word/2016/wordml/cid" mc:Ignorable="w16cid">` + cids.String() + `</w16cid:commentsIds>`},
		{"word/commentsExtensible.xml", head + `<w16cex:commentsExtensible ` + mc + ` xmlns:w16cex="http://schemas.microsoft.com/office/word/2018/wordml/cex" mc:Ignorable="w16cex">` + cex.String() + `</w16cex:commentsExtensible>`},
	}
	return repack(t, docx, func(name, data string) string {
		switch {
		case name == "[Content_Types].xml":
			var b strings.Builder
			for _, p := range []string{"comments", "commentsExtended", "commentsIds", "commentsExtensible"} {
				fmt.Fprintf(&b, `<Override PartName="/word/%s.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.%s+xml"/>`, p, p)
			}
			return strings.Replace(data, "</Types>", b.String()+"</Types>", 1)
		case name == "word/_rels/document.xml.rels":
			rels := `<Relationship Id="rIdC1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>` +
				`<Relationship Id="rIdC2" Type="http://schemas.microsoft.com/office/2011/relationships/commentsExtended" Target="commentsExtended.xml"/>` +
				`<Relationship Id="rIdC3" Type="http://schemas.microsoft.com/office/2016/09/relationships/commentsIds" Target="commentsIds.xml"/>` +
				`<Relationship Id="rIdC4" Type="http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible" Target="commentsExtensible.xml"/>`
			return strings.Replace(data, "</Relationships>", rels+"</Relationships>", 1)
		case name == "word/document.xml":
			for _, n := range notes {
				if n.start == nil {
					continue
				}
				_, at, _ := paragraphAt(t, data, n.start)
				data = data[:at] + cs(n.id) + data[at:]
				_, _, at = paragraphAt(t, data, n.end)
				data = data[:at] + ce(n.id) + cr(n.id) + data[at:]
			}
			return withParaIDs(data, 0x1A000000)
		case strings.HasPrefix(name, "word/header"), strings.HasPrefix(name, "word/footer"):
			data = withParaIDs(data, headers)
			headers += 2 * uint32(strings.Count(data, "w14:paraId="))
			return data
		}
		return data
	}, extra...)
}

// part is one entry of a package.
type part struct{ name, data string }

// readParts reads every part of a package, in the package's order.
func readParts(t testing.TB, docx []byte) []part {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatal(err)
	}
	var out []part
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		out = append(out, part{f.Name, string(b)})
	}
	return out
}

// parts reads every part of a package, by name.
func parts(t testing.TB, docx []byte) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, p := range readParts(t, docx) {
		out[p.name] = p.data
	}
	return out
}

var (
	hexAttrRe    = regexp.MustCompile(`\sw14:(?:paraId|textId)="([^"]*)"`)
	commentRe    = regexp.MustCompile(`<w:comment\s[^>]*?w:id="([^"]*)"`)
	attrRe       = map[string]*regexp.Regexp{}
	cidRe        = regexp.MustCompile(`w16cid:paraId="([^"]*)" w16cid:durableId="([^"]*)"`)
	storyPart    = regexp.MustCompile(`^word/(document|header[0-9]*|footer[0-9]*|comments)\.xml$`)
	templatePart = regexp.MustCompile(`^word/(document|header[0-9]*|footer[0-9]*)\.xml$`)
)

// idProblems lists what Word would find wrong with the ids of out, a report made from tpl:
// a paragraph id held twice in the package or not below 0x80000000; a comment anchor written
// twice, without its comment, or a range end without its start or the other way; a comment
// without its mark; an entry of commentsExtended, commentsIds or commentsExtensible for a
// paragraph or durable id that is gone. What the template itself holds twice (a fuzzed one may)
// may stay twice.
func idProblems(t testing.TB, tpl, out []byte) []string {
	t.Helper()
	var probs []string
	bad := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	in, got := parts(t, tpl), parts(t, out)
	was, wasAnchor := facts(t, in, storyPart), facts(t, in, templatePart)
	now, anchors := facts(t, got, storyPart), facts(t, got, templatePart)
	// Paragraph ids, across the body, headers, footers and comments.
	for v, n := range now {
		if strings.Contains(v, "anchor") {
			continue
		}
		if n > max(1, was[v]) {
			bad("paragraph id %s held %d times", v, n)
		}
		if x, err := strconv.ParseUint(v, 16, 32); was[v] == 0 && (err != nil || len(v) != 8 || x >= 0x80000000) {
			bad("paragraph id %q is not 8 hex digits below 80000000", v)
		}
	}
	// Comment anchors and comments.
	if wasAnchor["odd anchor"] > 0 {
		return probs
	}
	for k, n := range anchors {
		if !strings.HasPrefix(k, "anchor ") {
			delete(anchors, k)
		} else if n > max(1, wasAnchor[k]) {
			bad("comment %s written %d times", k, n)
		}
	}
	ids := map[string]bool{}
	for _, m := range commentRe.FindAllStringSubmatch(got["word/comments.xml"], -1) {
		ids[m[1]] = true
	}
	marked := map[string]bool{} // comments anchored anywhere in the template
	for k := range wasAnchor {
		if f := strings.SplitN(k, " ", 3); f[0] == "anchor" {
			marked[f[2]] = true
		}
	}
	for k := range anchors {
		f := strings.SplitN(k, " ", 3)
		kind, id := f[1], f[2]
		if !ids[id] {
			bad("comment %s without its comment", k)
		}
		if kind == "commentRangeStart" && anchors["anchor commentRangeEnd "+id] == 0 || kind == "commentRangeEnd" && anchors["anchor commentRangeStart "+id] == 0 {
			bad("comment %s without its other end", k)
		}
		if anchors["anchor commentReference "+id] == 0 {
			bad("comment %s without the comment's mark", k)
		}
	}
	for id := range ids {
		if marked[id] && anchors["anchor commentReference "+id] == 0 {
			bad("comment %s left without its mark", id)
		}
	}
	// The parts keyed by the comments' paragraphs.
	paras := map[string]bool{}
	for _, m := range hexAttrRe.FindAllStringSubmatch(got["word/comments.xml"], -1) {
		paras[m[1]] = true
	}
	for _, m := range attrRe["w15:paraId"].FindAllStringSubmatch(got["word/commentsExtended.xml"], -1) {
		if !paras[m[1]] {
			bad("commentsExtended.xml names paragraph %s, not in comments.xml", m[1])
		}
	}
	for _, m := range attrRe["w15:paraIdParent"].FindAllStringSubmatch(got["word/commentsExtended.xml"], -1) {
		if !paras[m[1]] {
			bad("commentsExtended.xml answers paragraph %s, not in comments.xml", m[1])
		}
	}
	durable := map[string]bool{}
	for _, m := range cidRe.FindAllStringSubmatch(got["word/commentsIds.xml"], -1) {
		if !paras[m[1]] {
			bad("commentsIds.xml names paragraph %s, not in comments.xml", m[1])
		}
		durable[m[2]] = true
	}
	for _, m := range attrRe["w16cex:durableId"].FindAllStringSubmatch(got["word/commentsExtensible.xml"], -1) {
		if !durable[m[1]] {
			bad("commentsExtensible.xml names durable id %s, not in commentsIds.xml", m[1])
		}
	}
	sort.Strings(probs)
	return probs
}

// idView shows a part as Word's ids see it: a paragraph a line, "paraId/textId text", with the
// comments' anchors where they stand: ⟦n at a range's start, n⟧ at its end, ※n for the mark.
func idView(t testing.TB, x string) string {
	t.Helper()
	var (
		b     strings.Builder
		line  strings.Builder
		depth int
	)
	dec := xml.NewDecoder(strings.NewReader(x))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("reading the output: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			id := ""
			for _, a := range el.Attr {
				if a.Name.Local == "id" && a.Name.Space == nsW {
					id = a.Value
				}
			}
			switch el.Name.Local {
			case "p":
				if depth == 0 {
					line.Reset()
					var pid, tid string
					for _, a := range el.Attr {
						if a.Name.Space == nsW14 && a.Name.Local == "paraId" {
							pid = a.Value
						}
						if a.Name.Space == nsW14 && a.Name.Local == "textId" {
							tid = a.Value
						}
					}
					fmt.Fprintf(&line, "%s/%s ", pid, tid)
				}
				depth++
			case "tr":
				for _, a := range el.Attr {
					if a.Name.Space == nsW14 && a.Name.Local == "paraId" {
						fmt.Fprintf(&b, "row %s\n", a.Value)
					}
				}
			case "commentRangeStart":
				fmt.Fprintf(&line, "⟦%s", id)
			case "commentRangeEnd":
				fmt.Fprintf(&line, "%s⟧", id)
			case "commentReference":
				fmt.Fprintf(&line, "※%s", id)
			}
		case xml.CharData:
			if depth > 0 {
				line.Write(el)
			}
		case xml.EndElement:
			if el.Name.Local == "p" {
				depth--
				if depth == 0 {
					b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
				}
			}
		}
	}
	return b.String()
}

// commentView lists the comments and the entries keyed by their paragraphs.
func commentView(pkg map[string]string) string {
	var b strings.Builder
	for _, m := range regexp.MustCompile(`<w:comment\s[^>]*?w:id="([^"]*)"[^>]*>.*?</w:comment>`).FindAllStringSubmatch(pkg["word/comments.xml"], -1) {
		pid := hexAttrRe.FindStringSubmatch(m[0])
		text := regexp.MustCompile(`<w:t>([^<]*)</w:t>`).FindStringSubmatch(m[0])
		fmt.Fprintf(&b, "comment %s %s %q\n", m[1], pid[1], text[1])
	}
	for _, part := range []string{"word/commentsExtended.xml", "word/commentsIds.xml", "word/commentsExtensible.xml"} {
		for _, m := range regexp.MustCompile(`<w(?:15|16cid|16cex):comment[A-Z][a-zA-Z]* [^>]*>`).FindAllString(pkg[part], -1) {
			fmt.Fprintf(&b, "%s %s\n", strings.TrimPrefix(part, "word/"), m)
		}
	}
	return b.String()
}

// facts counts, over the parts of pkg that parts names, the values of w14:paraId and
// w14:textId attributes ("1A2B3C4D") and the comments' anchors ("anchor commentReference 0"),
// read with encoding/xml under the prefixes as written, which Word's are. "odd anchor" counts
// anchors that are not empty elements, which Word never writes.
func facts(t testing.TB, pkg map[string]string, parts *regexp.Regexp) map[string]int {
	t.Helper()
	n := map[string]int{}
	for name, x := range pkg {
		if !parts.MatchString(name) {
			continue
		}
		dec := xml.NewDecoder(strings.NewReader(x))
		for {
			tok, err := dec.RawToken()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			el, ok := tok.(xml.StartElement)
			if !ok {
				continue
			}
			anchor := el.Name.Space == "w" && (el.Name.Local == "commentRangeStart" || el.Name.Local == "commentRangeEnd" || el.Name.Local == "commentReference")
			for _, a := range el.Attr {
				if a.Name.Space == "w14" && (a.Name.Local == "paraId" || a.Name.Local == "textId") && hexRe.MatchString(a.Value) {
					n[a.Value]++
				}
				if anchor && a.Name.Space == "w" && a.Name.Local == "id" {
					n["anchor "+el.Name.Local+" "+a.Value]++
				}
			}
			if anchor {
				// The engine reads an anchor as an empty element: anything inside it is left as
				// markup, and a body that holds one is left out of the comment checks.
				if next, err := dec.RawToken(); err != nil {
					t.Fatalf("%s: %v", name, err)
				} else if _, end := next.(xml.EndElement); !end {
					n["odd anchor"]++
				}
			}
		}
	}
	return n
}

// hexRe matches the paragraph ids a template may hold and the engine renews: what else a
// fuzzed template writes there is its own problem.
var hexRe = regexp.MustCompile(`^[0-9A-Fa-f]{1,8}$`)

func init() {
	for _, name := range []string{"w15:paraId", "w15:paraIdParent", "w16cex:durableId"} {
		attrRe[name] = regexp.MustCompile(`\s` + name + `="([^"]*)"`)
	}
}
