package dataset

import (
	"strconv"
	"strings"
)

// index records, for every key path of a TOML document, the line it is written on and, for
// numbers and dates, the raw text of the value. BurntSushi/toml reports no positions for
// decoded values, and a float loses the places it was written with (90.0 → 90), so the loader
// reads the source a second time with this small scanner.
//
// The paths are kept as a tree of nodes, one per key or array element, each naming its parent:
// building every path as a string would cost the path's length for every key written, which
// grows with the square of the input on a deep or long table name.
//
// The scanner runs on text the TOML parser has already accepted, so it does not check syntax;
// on anything else it must still stop without panicking, and it may then record nonsense.
type index struct {
	nodes    []node
	children map[edge]int32
	// writes lists every key and header in the order written, repeats included, when asked
	// for: a key written twice is a syntax error to be located on its second line.
	writes []write
	// full is set when the index holds 2 × MaxValues nodes and takes no more.
	full bool
}

// node is one key or array element; node 0 is the document.
type node struct {
	parent int32
	key    string // "" for an array element
	elem   int32  // the element's index; -1 for a key
	line   int32  // the first line that writes it
	plen   int32  // the length of its path as a string, saturating
	raw    string // a number's or date's text as written
}

type edge struct {
	parent int32
	key    string
	elem   int32
}

type write struct {
	node int32
	line int32
}

// newIndex sizes the index for a text of n bytes: a dataset writes about one key per 70 bytes
// (the samples one per 56–83; a map one power of two larger than needed costs the sample 20 KB).
func newIndex(n int) *index {
	hint := min(n/70+16, MaxValues)
	nodes := make([]node, 1, hint)
	nodes[0] = node{parent: -1, elem: -1}
	return &index{nodes: nodes, children: make(map[edge]int32, hint)}
}

// child returns the node of key (or, with elem ≥ 0, of that array element) under parent,
// creating it.
func (x *index) child(parent int32, key string, elem int) int32 {
	e := edge{parent, key, int32(min(elem, 1<<31-1))}
	if n, ok := x.children[e]; ok {
		return n
	}
	if len(x.nodes) > 2*MaxValues {
		// Text the shape check has not passed (what precedes a syntax error): stop indexing.
		x.full = true
		return parent
	}
	n := int32(len(x.nodes))
	l := int64(x.nodes[parent].plen)
	if elem >= 0 {
		l += int64(len(strconv.Itoa(elem))) + 2
	} else {
		if parent != 0 {
			l++
		}
		l += int64(len(key))
	}
	x.nodes = append(x.nodes, node{parent: parent, key: key, elem: e.elem, plen: int32(min(l, 1<<31-1))})
	x.children[e] = n
	return n
}

// path spells the path of node n: fields[0].criteria[1].score.
func (x *index) path(n int32) string {
	var parts []int32
	for ; n > 0; n = x.nodes[n].parent {
		parts = append(parts, n)
	}
	var b strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		nd := &x.nodes[parts[i]]
		if nd.elem >= 0 {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(int(nd.elem)))
			b.WriteByte(']')
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		if isBareKey(nd.key) {
			b.WriteString(nd.key)
		} else {
			b.WriteString(strconv.Quote(nd.key))
		}
	}
	return b.String()
}

// walk follows path from the document down as far as the index holds it, returning the
// deepest node reached and whether that is the whole path.
func (x *index) walk(path string) (int32, bool) { return x.walkFrom(nil, path) }

// walkCache remembers the last path walked and the node after each of its parts, so that the
// next walk, whose path shares a prefix with it (validation asks for a table's keys one after
// another: fields[3].criteria[1].rule.rate, then …rule.count), starts where the prefix ends
// rather than from the document. A loader keeps one; the index itself stays read-only, as the
// renderers read it side by side.
type walkCache struct {
	path  string
	parts []walkedPart
}

// walkedPart is where one part of a walked path starts and ends in it, and the node it reached.
type walkedPart struct {
	start, end int
	node       int32
}

// resume returns the deepest part of the cached path that path also starts with, ending at
// the same place: from there the walk would go the same way, since it reads a path from left
// to right and a bare key ends at the first '.' or '['.
func (c *walkCache) resume(path string) (off int, n int32, parts int) {
	common := 0
	for common < len(path) && common < len(c.path) && path[common] == c.path[common] {
		common++
	}
	for i := len(c.parts) - 1; i >= 0; i-- {
		// A part is read only when the path goes on past its start (an empty key "a..b" ends
		// where it starts).
		if p := c.parts[i]; p.end <= common && p.start < len(path) && (p.end == len(path) || path[p.end] == '.' || path[p.end] == '[') {
			return p.end, p.node, i + 1
		}
	}
	return 0, 0, 0
}

// walkFrom is walk, resuming from c's last path when c is not nil, and recording path in it.
func (x *index) walkFrom(c *walkCache, path string) (int32, bool) {
	n, off := int32(0), 0
	if c != nil {
		var kept int
		off, n, kept = c.resume(path)
		c.path, c.parts = path, c.parts[:kept]
		if off > 0 && off < len(path) && path[off] == '.' {
			off++
		}
	}
	for off < len(path) {
		start, rest := off, path[off:]
		var key string
		elem := -1
		switch {
		case rest[0] == '[':
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return n, false
			}
			v, err := strconv.Atoi(rest[1:end])
			if err != nil || v < 0 {
				return n, false
			}
			elem, off = v, off+end+1
		case rest[0] == '"':
			q, err := strconv.QuotedPrefix(rest)
			if err != nil {
				return n, false
			}
			key, _ = strconv.Unquote(q)
			off += len(q)
		default:
			end := 0 // the key ends at a '.' or '[' (strings.IndexAny is several times slower on two bytes)
			for end < len(rest) && rest[end] != '.' && rest[end] != '[' {
				end++
			}
			key, off = rest[:end], off+end
		}
		ch, ok := x.children[edge{n, key, int32(elem)}]
		if !ok {
			return n, false
		}
		n = ch
		if c != nil {
			c.parts = append(c.parts, walkedPart{start, off, n})
		}
		if off < len(path) && path[off] == '.' {
			off++
		}
	}
	return n, true
}

// line returns the line of path when it is written in the file, or 0.
func (x *index) line(path string) int {
	if n, ok := x.walk(path); ok {
		return int(x.nodes[n].line)
	}
	return 0
}

// has reports whether path is written in the file.
func (x *index) has(path string) bool {
	n, ok := x.walk(path)
	return ok && n != 0
}

// rawOf returns the text of the number or date at path as written, or "".
func (x *index) rawOf(path string) string {
	if n, ok := x.walk(path); ok {
		return x.nodes[n].raw
	}
	return ""
}

// parentPath strips the last ".key" or "[n]" from a path.
func parentPath(path string) string {
	if strings.HasSuffix(path, "]") {
		if i := strings.LastIndexByte(path, '['); i >= 0 {
			return path[:i]
		}
	}
	if strings.HasSuffix(path, `"`) {
		// A quoted last key may hold dots: find the quote that opens it.
		if i := strings.LastIndex(path[:len(path)-1], `."`); i >= 0 {
			return path[:i]
		}
	}
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[:i]
	}
	return ""
}

// stripIndices removes the array indices from a path: fields[0].criteria[1] → fields.criteria.
func stripIndices(p string) string {
	if !strings.Contains(p, "[") {
		return p
	}
	var b strings.Builder
	depth := 0
	for _, r := range p {
		switch {
		case r == '[':
			depth++
		case r == ']':
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// joinKey appends a key to a path, quoting it when it is not a bare TOML key.
func joinKey(path, key string) string {
	if !isBareKey(key) {
		key = strconv.Quote(key)
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

// joinIndex appends an array index to a path.
func joinIndex(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

func isBareKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

type scanner struct {
	src  string
	i    int
	line int
	x    *index
	all  bool // record writes
	// depth counts the arrays and inline tables open around the value being read: past
	// MaxDepth the scanner skips instead of recursing, so that text the depth check has not
	// seen (a syntax error's surroundings) cannot exhaust the stack.
	depth int
	// aot counts the elements of each array of tables ([[fields]], [[fields.criteria]] under
	// one field…), keyed by the array's node.
	aot map[int32]int
	// keyBuf holds the parts of the key keys read last. Every caller is done with them before
	// it reads the value (where keys may be called again), so one slice serves the whole scan.
	keyBuf []string
}

// scan builds the index of a TOML document; all asks for the writes too.
func scan(src string, all bool) *index {
	s := &scanner{
		src:  src,
		all:  all,
		line: 1,
		x:    newIndex(len(src)),
		aot:  make(map[int32]int, 16),
	}
	s.document()
	return s.x
}

func (s *scanner) mark(n int32, line int) {
	if s.all {
		s.x.writes = append(s.x.writes, write{n, int32(line)})
	}
	if nd := &s.x.nodes[n]; nd.line == 0 {
		nd.line = int32(line)
	}
}

func (s *scanner) peek(off int) byte {
	if s.i+off < len(s.src) {
		return s.src[s.i+off]
	}
	return 0
}

// blank skips spaces and tabs (and carriage returns, which only precede a newline).
func (s *scanner) blank() {
	for s.i < len(s.src) {
		switch s.src[s.i] {
		case ' ', '\t', '\r':
			s.i++
		default:
			return
		}
	}
}

// comment skips a comment up to the end of its line.
func (s *scanner) comment() {
	for s.i < len(s.src) && s.src[s.i] != '\n' {
		s.i++
	}
}

// space skips blanks, newlines and comments, as allowed inside arrays.
func (s *scanner) space() {
	for s.i < len(s.src) {
		switch s.src[s.i] {
		case ' ', '\t', '\r':
			s.i++
		case '\n':
			s.i++
			s.line++
		case '#':
			s.comment()
		default:
			return
		}
	}
}

// restOfLine skips to the start of the next line.
func (s *scanner) restOfLine() {
	s.comment()
	if s.i < len(s.src) {
		s.i++
		s.line++
	}
}

func (s *scanner) document() {
	table := int32(0)
	for s.i < len(s.src) {
		if s.x.full {
			return
		}
		s.space()
		if s.i >= len(s.src) {
			return
		}
		start := s.i
		if s.src[s.i] == '[' {
			table = s.header()
		} else {
			line := s.line
			keys := s.keys()
			s.blank()
			if len(keys) > 0 && s.peek(0) == '=' {
				s.i++
				s.blank()
				s.keyValue(table, keys, line)
			}
		}
		s.blank()
		if s.i == start || s.peek(0) != '\n' {
			s.restOfLine()
		}
	}
}

// header reads a [table] or [[array.of.tables]] line and returns the table's resolved node.
func (s *scanner) header() int32 {
	line := s.line
	s.i++
	array := s.peek(0) == '['
	if array {
		s.i++
	}
	s.blank()
	keys := s.keys()
	p := int32(0)
	for j, k := range keys {
		p = s.x.child(p, k, -1)
		if j == len(keys)-1 && array {
			n := s.aot[p]
			s.aot[p] = n + 1
			s.mark(p, line)
			p = s.x.child(p, "", n)
		} else if n := s.aot[p]; n > 0 {
			p = s.x.child(p, "", n-1)
		}
		s.mark(p, line)
	}
	s.blank()
	for s.i < len(s.src) && s.src[s.i] == ']' {
		s.i++
	}
	return p
}

// keyValue records a (possibly dotted) key and reads its value.
func (s *scanner) keyValue(table int32, keys []string, line int) {
	p := table
	for _, k := range keys {
		p = s.x.child(p, k, -1)
		s.mark(p, line)
	}
	s.value(p)
}

// keys reads a dotted key: bare, "basic" or 'literal' parts separated by dots. The slice is
// valid until the next call.
func (s *scanner) keys() []string {
	s.keyBuf = s.readKeys(s.keyBuf[:0])
	return s.keyBuf
}

func (s *scanner) readKeys(keys []string) []string {
	for s.i < len(s.src) {
		s.blank()
		start := s.i
		switch s.peek(0) {
		case '"':
			s.basicString()
			k, err := strconv.Unquote(s.src[start:s.i])
			if err != nil {
				k = strings.Trim(s.src[start:s.i], `"`)
			}
			keys = append(keys, k)
		case '\'':
			s.literalString()
			keys = append(keys, strings.Trim(s.src[start:s.i], `'`))
		default:
			for s.i < len(s.src) && !endsKey(s.src[s.i]) {
				s.i++
			}
			if s.i == start {
				return keys
			}
			keys = append(keys, s.src[start:s.i])
		}
		s.blank()
		if s.peek(0) != '.' {
			return keys
		}
		s.i++
	}
	return keys
}

// value reads one value and records what it holds under path.
func (s *scanner) value(path int32) {
	switch s.peek(0) {
	case '"':
		if strings.HasPrefix(s.src[s.i:], `"""`) {
			s.multiline('"')
		} else {
			s.basicString()
		}
	case '\'':
		if strings.HasPrefix(s.src[s.i:], `'''`) {
			s.multiline('\'')
		} else {
			s.literalString()
		}
	case '[', '{':
		if s.depth >= MaxDepth {
			s.i++ // too deep to have been checked: step over, never recurse further
			return
		}
		s.depth++
		if s.peek(0) == '[' {
			s.array(path)
		} else {
			s.inlineTable(path)
		}
		s.depth--
	case 0:
	default:
		s.scalar(path)
	}
}

func (s *scanner) array(path int32) {
	s.i++
	for n := 0; s.i < len(s.src) && !s.x.full; n++ {
		s.space()
		if s.peek(0) == ']' || s.i >= len(s.src) {
			break
		}
		start := s.i
		p := s.x.child(path, "", n)
		s.mark(p, s.line)
		s.value(p)
		s.space()
		if s.peek(0) == ',' {
			s.i++
		} else if s.i == start {
			return // not a value: give up on this array rather than loop
		}
	}
	if s.peek(0) == ']' {
		s.i++
	}
}

func (s *scanner) inlineTable(path int32) {
	s.i++
	for s.i < len(s.src) && !s.x.full {
		s.space()
		if s.peek(0) == '}' {
			s.i++
			return
		}
		line := s.line
		keys := s.keys()
		s.blank()
		if len(keys) == 0 || s.peek(0) != '=' {
			return
		}
		s.i++
		s.blank()
		s.keyValue(path, keys, line)
		s.space()
		if s.peek(0) == ',' {
			s.i++
		}
	}
}

// scalar reads a number, boolean or date-time and keeps its raw text.
func (s *scanner) scalar(path int32) {
	start := s.i
	for s.i < len(s.src) && !endsScalar(s.src[s.i]) {
		s.i++
	}
	// A date-time may separate its date and time with a space: 1979-05-27 07:32:00.
	if s.i-start == 10 && s.src[start+4] == '-' && s.peek(0) == ' ' && isDigit(s.peek(1)) && isDigit(s.peek(2)) && s.peek(3) == ':' {
		s.i++
		for s.i < len(s.src) && !endsScalar(s.src[s.i]) {
			s.i++
		}
	}
	if s.i > start {
		s.x.nodes[path].raw = s.src[start:s.i]
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// endsKey reports whether c ends a bare key part.
func endsKey(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', '.', '=', '[', ']', '#', '"', '\'', ',', '{', '}':
		return true
	}
	return false
}

// endsScalar reports whether c ends a number, boolean or date-time.
func endsScalar(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', ',', ']', '}', '#':
		return true
	}
	return false
}

func (s *scanner) basicString() { s.i = skipQuoted(s.src, s.i) }

func (s *scanner) literalString() { s.i = skipQuoted(s.src, s.i) }

// multiline skips a """basic""" or ”'literal”' string, counting its lines. The closing
// delimiter may be followed by up to two more quotes, which belong to the string.
func (s *scanner) multiline(q byte) {
	s.i += 3
	for s.i < len(s.src) {
		c := s.src[s.i]
		switch {
		case c == '\\' && q == '"':
			// Skip the escaped character; a backslash ending a line escapes its newline.
			s.i++
			if s.peek(0) == '\n' {
				s.line++
			}
		case c == '\n':
			s.line++
		case c == q && strings.HasPrefix(s.src[s.i:], string([]byte{q, q, q})):
			s.i += 3
			for extra := 0; extra < 2 && s.peek(0) == q; extra++ {
				s.i++
			}
			return
		}
		s.i++
	}
}
