package tomledit

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxDepth is the deepest nesting of arrays and inline tables the editor reads: the parser
// recurses once per level and a Go stack overflow cannot be recovered. A dataset nests at most
// a few levels (the dataset's own limit, dataset.MaxDepth, is 64 and counts table names too).
const MaxDepth = 64

// MaxValues is the most keys, tables and values the editor indexes in one text, about 200
// bytes each: a dataset may write at most 100,000 values (dataset.MaxValues), and a text with
// more is refused before its index outgrows it.
const MaxValues = 200_000

// kind is what a path names.
type kind int

const (
	kindTable         kind = iota // a table (of any origin, see how)
	kindArrayOfTables             // [[name]]: its elements are tables at name[i]
	kindValue                     // a value; arrays and inline tables also index their elements
)

// origin tells how a table came to exist, which decides whether a key can be added to it.
type origin int

const (
	originRoot     origin = iota
	originHeader          // [a.b] or an element of [[a.b]]
	originImplicit        // a parent named only inside another header ("a" of [a.b])
	originDotted          // a parent named by a dotted key (b of "b.c = 1")
	originInline          // { … } or a table inside it
)

// node is one path of the document.
type node struct {
	kind     kind
	origin   origin
	tok      itemType // a value's first item: a string type, itemBare, itemLBracket or itemLBrace
	pos, end int      // a value's bytes
	count    int      // the elements of an array of tables
	owner    []segment

	// For the root and header tables: where a new key's line goes (after the table's last
	// key line, or after its header when it has none) and the indentation it takes.
	insertAt int
	indent   string
	hasKey   bool

	// For a value written as a statement of its own (key = value on its line, the key not
	// dotted): the statement's bytes, from the line's start to past its newline, which Remove
	// deletes.
	stmt, stmtEnd int

	// For an inline table's value ({ … }): where each of its keys begins and its value ends,
	// in order, dotted keys included (the commas and spaces between them are what a removal
	// takes with a key).
	keys, ends []int
	// For a value of an inline table under a key of its own (not dotted): the table and the
	// key's place in its keys, which Remove deletes.
	table  *node
	member int
}

// parseError is a syntax error at an offset; Parse turns it into an *Error with line and column.
type parseError struct {
	pos int
	msg string
}

// parser walks TOML text statement by statement and records every path it defines.
type parser struct {
	src     string
	lx      lexer
	nodes   map[string]*node
	cur     []segment
	curNode *node
	// commentRun is where the run of comment lines just read began, or -1: a key added to a
	// root that has no keys goes above the comments that introduce the first header.
	commentRun int
	sawHeader  bool
	depth      int // arrays and inline tables open around the current value
}

// parse indexes src. It stops at the first syntax error.
func parse(src string) (nodes map[string]*node, err *parseError) {
	p := &parser{src: src, lx: lexer{src: src}, nodes: map[string]*node{}, commentRun: -1}
	if strings.HasPrefix(src, "\uFEFF") { // a BOM some editors write: kept, not read
		p.lx.pos = len("\uFEFF")
	}
	defer func() {
		if r := recover(); r != nil {
			pe, ok := r.(*parseError)
			if !ok {
				panic(r)
			}
			nodes, err = nil, pe
		}
	}()
	p.document()
	return p.nodes, nil
}

func (p *parser) failf(pos int, format string, args ...any) {
	panic(&parseError{pos: pos, msg: fmt.Sprintf(format, args...)})
}

// want fails on an error item or one not of type t.
func (p *parser) want(it item, t itemType, what string) {
	if it.typ == itemError {
		p.failf(it.pos, "%s", it.val)
	}
	if it.typ != t {
		p.failf(it.pos, "cần %s", what)
	}
}

func (p *parser) document() {
	root := &node{kind: kindTable, origin: originRoot, insertAt: -1}
	p.add("", root)
	p.curNode = root
	for {
		lineStart := p.lx.pos
		it := p.lx.next(keyContext)
		switch it.typ {
		case itemEOF:
			return
		case itemNewline:
			p.commentRun = -1
			continue
		case itemComment:
			if p.commentRun < 0 {
				p.commentRun = lineStart
			}
			p.endOfLine()
			continue
		case itemLBracket:
			p.header(it, lineStart)
		case itemBare, itemBasic, itemLiteral:
			p.keyValue(it, lineStart)
		case itemError:
			p.failf(it.pos, "%s", it.val)
		default:
			p.failf(it.pos, "cần một khóa hoặc tiêu đề bảng")
		}
		p.commentRun = -1
	}
}

// add records the node of a path.
func (p *parser) add(key string, n *node) {
	if len(p.nodes) >= MaxValues {
		p.failf(p.lx.start, "tệp có hơn %d khóa và giá trị (MaxValues)", MaxValues)
	}
	p.nodes[key] = n
}

// endOfLine reads an optional comment and the newline or end of input after a statement.
func (p *parser) endOfLine() {
	it := p.lx.next(keyContext)
	if it.typ == itemComment {
		it = p.lx.next(keyContext)
	}
	if it.typ == itemError {
		p.failf(it.pos, "%s", it.val)
	}
	if it.typ != itemNewline && it.typ != itemEOF {
		p.failf(it.pos, "cần xuống dòng sau giá trị")
	}
}

// dottedKey reads key ("." key)* starting with first and returns the keys and the item after.
func (p *parser) dottedKey(first item) ([]string, item) {
	var keys []string
	it := first
	for {
		switch it.typ {
		case itemBare, itemBasic, itemLiteral:
			keys = append(keys, unquote(it.typ, p.src[it.pos:it.end]))
		case itemError:
			p.failf(it.pos, "%s", it.val)
		default:
			p.failf(it.pos, "cần một khóa")
		}
		it = p.lx.next(keyContext)
		if it.typ != itemDot {
			return keys, it
		}
		it = p.lx.next(keyContext)
	}
}

func (p *parser) header(open item, lineStart int) {
	aot := p.lx.pos < len(p.src) && p.src[p.lx.pos] == '['
	if aot {
		p.lx.pos++
	}
	keys, it := p.dottedKey(p.lx.next(keyContext))
	p.want(it, itemRBracket, `"]"`)
	if aot {
		if p.lx.pos >= len(p.src) || p.src[p.lx.pos] != ']' {
			p.failf(p.lx.pos, `cần "]]"`)
		}
		p.lx.pos++
	}
	if !p.sawHeader {
		p.sawHeader = true
		if root := p.nodes[""]; !root.hasKey {
			root.insertAt = lineStart
			if p.commentRun >= 0 {
				root.insertAt = p.commentRun
			}
		}
	}
	var path []segment
	for i, k := range keys {
		path = append(path, segment{key: k, index: -1})
		ps := pathString(path)
		n := p.nodes[ps]
		last := i == len(keys)-1
		switch {
		case !last && n == nil:
			p.add(ps, &node{kind: kindTable, origin: originImplicit})
		case !last && n.kind == kindArrayOfTables:
			path = append(path, segment{index: n.count - 1})
		case !last && (n.kind != kindTable || n.origin == originInline):
			p.failf(open.pos, "%s đã là một giá trị, không mở bảng con được", ps)
		case last && aot:
			if n == nil {
				n = &node{kind: kindArrayOfTables}
				p.add(ps, n)
			} else if n.kind != kindArrayOfTables {
				p.failf(open.pos, "%s đã được định nghĩa, không phải mảng bảng", ps)
			}
			path = append(path, segment{index: n.count})
			n.count++
			p.cur = path
			p.curNode = &node{kind: kindTable, origin: originHeader}
			p.add(pathString(path), p.curNode)
		case last:
			if n == nil {
				n = &node{kind: kindTable}
				p.add(ps, n)
			} else if n.kind != kindTable || n.origin != originImplicit {
				p.failf(open.pos, "bảng %s được định nghĩa hai lần", ps)
			}
			n.origin = originHeader
			p.cur = path
			p.curNode = n
		}
	}
	p.curNode.indent = p.src[lineStart:open.pos]
	p.endOfLine()
	p.curNode.insertAt = p.lx.pos
}

func (p *parser) keyValue(first item, lineStart int) {
	path := p.define(p.cur, first, originDotted)
	p.value(path)
	p.endOfLine()
	// A dotted key (b.c = 1) also defines its tables: removing its line could remove them.
	if n := p.nodes[pathString(path)]; n != nil && len(path) == len(p.cur)+1 {
		n.stmt, n.stmtEnd = lineStart, p.lx.pos
	}
	p.curNode.insertAt = p.lx.pos
	p.curNode.indent = p.src[lineStart:first.pos]
	p.curNode.hasKey = true
}

// define reads `key.key… =` under base, creating the tables the dotted key names, and returns
// the path of the value that follows.
func (p *parser) define(base []segment, first item, o origin) []segment {
	keys, it := p.dottedKey(first)
	p.want(it, itemEquals, `dấu "="`)
	path := append([]segment(nil), base...)
	for i, k := range keys {
		path = append(path, segment{key: k, index: -1})
		ps := pathString(path)
		n := p.nodes[ps]
		if i == len(keys)-1 {
			if n != nil {
				p.failf(first.pos, "khóa %s được định nghĩa hai lần", ps)
			}
			break
		}
		if n == nil {
			p.add(ps, &node{kind: kindTable, origin: o, owner: base})
		} else if n.kind != kindTable || n.origin != o {
			p.failf(first.pos, "khóa %s đã được định nghĩa ở chỗ khác", ps)
		}
	}
	return path
}

// value reads the value of path.
func (p *parser) value(path []segment) {
	it := p.lx.next(valueContext)
	n := &node{kind: kindValue, tok: it.typ, pos: it.pos}
	switch it.typ {
	case itemBasic, itemLiteral, itemMLBasic, itemMLLiteral:
	case itemBare:
		if !validScalar(p.src[it.pos:it.end]) {
			p.failf(it.pos, "giá trị không hợp lệ %q", p.src[it.pos:it.end])
		}
	case itemLBracket, itemLBrace:
		p.depth++
		if p.depth > MaxDepth {
			p.failf(it.pos, "mảng hoặc bảng lồng nhau quá %d tầng (MaxDepth)", MaxDepth)
		}
		defer func() { p.depth-- }()
	}
	switch it.typ {
	case itemBasic, itemLiteral, itemMLBasic, itemMLLiteral, itemBare:
	case itemLBracket:
		p.add(pathString(path), n)
		p.array(path)
		n.end = p.lx.pos
		return
	case itemLBrace:
		p.add(pathString(path), n)
		p.inlineTable(path, n)
		n.end = p.lx.pos
		return
	case itemError:
		p.failf(it.pos, "%s", it.val)
	default:
		p.failf(it.pos, "cần một giá trị")
	}
	n.end = it.end
	p.add(pathString(path), n)
}

// skip reads past newlines and comments (inside an array) and returns the next item.
func (p *parser) skip(ctx context) item {
	for {
		it := p.lx.next(ctx)
		if it.typ != itemNewline && it.typ != itemComment {
			return it
		}
	}
}

func (p *parser) array(path []segment) {
	for i := 0; ; i++ {
		it := p.skip(valueContext)
		if it.typ == itemRBracket {
			return
		}
		p.lx.pos = it.pos // let value read it
		p.value(append(path[:len(path):len(path)], segment{index: i}))
		it = p.skip(valueContext)
		switch it.typ {
		case itemComma:
		case itemRBracket:
			return
		case itemError:
			p.failf(it.pos, "%s", it.val)
		default:
			p.failf(it.pos, `cần "," hoặc "]" trong mảng`)
		}
	}
}

func (p *parser) inlineTable(path []segment, tbl *node) {
	it := p.lx.next(keyContext)
	if it.typ == itemRBrace {
		return
	}
	for {
		sub := p.define(path[:len(path):len(path)], it, originInline)
		p.value(sub)
		v := p.nodes[pathString(sub)]
		if len(sub) == len(path)+1 {
			v.table, v.member = tbl, len(tbl.keys)
		}
		tbl.keys = append(tbl.keys, it.pos)
		tbl.ends = append(tbl.ends, v.end)
		it = p.lx.next(keyContext)
		switch it.typ {
		case itemComma:
			it = p.lx.next(keyContext)
		case itemRBrace:
			return
		case itemError:
			p.failf(it.pos, "%s", it.val)
		default:
			p.failf(it.pos, `cần "," hoặc "}" trong bảng một dòng`)
		}
	}
}

// validScalar accepts the bare values of TOML: booleans, numbers, dates and times. It is
// lenient about the finer points (leading zeros, date ranges): the text has usually passed a
// real TOML parser already; what matters here is where values begin and end.
func validScalar(s string) bool {
	switch s {
	case "true", "false", "inf", "+inf", "-inf", "nan", "+nan", "-nan":
		return true
	}
	if len(s) >= 8 && (isDigit(s[0]) && len(s) >= 10 && isDate(s[:10]) || s[2] == ':') {
		for i := 0; i < len(s); i++ {
			if c := s[i]; !isDigit(c) && !strings.ContainsRune("-:.+TtZz ", rune(c)) {
				return false
			}
		}
		return true
	}
	t := s
	if t[0] == '+' || t[0] == '-' {
		t = t[1:]
	}
	if len(t) > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'o' || t[1] == 'b') {
		if s != t || !underscores(t[2:]) {
			return false
		}
		base := map[byte]int{'x': 16, 'o': 8, 'b': 2}[t[1]]
		_, err := strconv.ParseUint(strings.ReplaceAll(t[2:], "_", ""), base, 64)
		return err == nil
	}
	for i := 0; i < len(t); i++ {
		if c := t[i]; !isDigit(c) && !strings.ContainsRune("._eE+-", rune(c)) {
			return false
		}
	}
	if !underscores(t) || t == "" || !isDigit(t[0]) {
		return false
	}
	_, err := strconv.ParseFloat(strings.ReplaceAll(t, "_", ""), 64)
	return err == nil || strings.Contains(err.Error(), "range")
}

// underscores reports whether every "_" in s stands between two digits.
func underscores(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '_' && (i == 0 || i == len(s)-1 || !isHex(s[i-1]) || !isHex(s[i+1])) {
			return false
		}
	}
	return true
}

func isHex(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
