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
// The scanner runs on text the TOML parser has already accepted, so it does not check syntax;
// on anything else it must still stop without panicking, and it may then record nonsense.
type index struct {
	lines map[string]int
	raw   map[string]string
	// writes lists every key and header in the order written, repeats included, when asked
	// for: a key written twice is a syntax error to be located on its second line.
	writes []write
}

type write struct {
	path string
	line int
}

// lineOf returns the line of path, or of its nearest ancestor that is written in the file (a
// missing key is reported on the line of the table that should hold it), or 0.
func (x *index) lineOf(path string) int {
	for path != "" {
		if n, ok := x.lines[path]; ok {
			return n
		}
		path = parentPath(path)
	}
	return 0
}

// has reports whether path is written in the file.
func (x *index) has(path string) bool {
	_, ok := x.lines[path]
	return ok
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
	// aot counts the elements of each array of tables ([[fields]], [[fields.criteria]] under
	// one field…), keyed by the array's resolved path.
	aot map[string]int
}

// scan builds the index of a TOML document; all asks for the writes too.
func scan(src string, all bool) *index {
	s := &scanner{
		src:  src,
		all:  all,
		line: 1,
		x:    &index{lines: make(map[string]int, 256), raw: make(map[string]string, 64)},
		aot:  make(map[string]int, 16),
	}
	s.document()
	return s.x
}

func (s *scanner) mark(path string, line int) {
	if s.all {
		s.x.writes = append(s.x.writes, write{path, line})
	}
	if _, ok := s.x.lines[path]; !ok {
		s.x.lines[path] = line
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
	table := ""
	for s.i < len(s.src) {
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

// header reads a [table] or [[array.of.tables]] line and returns the table's resolved path.
func (s *scanner) header() string {
	line := s.line
	s.i++
	array := s.peek(0) == '['
	if array {
		s.i++
	}
	s.blank()
	keys := s.keys()
	p := ""
	for j, k := range keys {
		p = joinKey(p, k)
		if j == len(keys)-1 && array {
			n := s.aot[p]
			s.aot[p] = n + 1
			s.mark(p, line)
			p = joinIndex(p, n)
		} else if n := s.aot[p]; n > 0 {
			p = joinIndex(p, n-1)
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
func (s *scanner) keyValue(table string, keys []string, line int) {
	p := table
	for _, k := range keys {
		p = joinKey(p, k)
		s.mark(p, line)
	}
	s.value(p)
}

// keys reads a dotted key: bare, "basic" or 'literal' parts separated by dots.
func (s *scanner) keys() []string {
	var keys []string
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
			for s.i < len(s.src) && !strings.ContainsRune(" \t\r\n.=[]#\"',{}", rune(s.src[s.i])) {
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
func (s *scanner) value(path string) {
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
	case '[':
		s.array(path)
	case '{':
		s.inlineTable(path)
	case 0:
	default:
		s.scalar(path)
	}
}

func (s *scanner) array(path string) {
	s.i++
	for n := 0; s.i < len(s.src); n++ {
		s.space()
		if s.peek(0) == ']' || s.i >= len(s.src) {
			break
		}
		start := s.i
		p := joinIndex(path, n)
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

func (s *scanner) inlineTable(path string) {
	s.i++
	for s.i < len(s.src) {
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
func (s *scanner) scalar(path string) {
	start := s.i
	for s.i < len(s.src) && !strings.ContainsRune(" \t\r\n,]}#", rune(s.src[s.i])) {
		s.i++
	}
	// A date-time may separate its date and time with a space: 1979-05-27 07:32:00.
	if s.i-start == 10 && s.src[start+4] == '-' && s.peek(0) == ' ' && isDigit(s.peek(1)) && isDigit(s.peek(2)) && s.peek(3) == ':' {
		s.i++
		for s.i < len(s.src) && !strings.ContainsRune(" \t\r\n,]}#", rune(s.src[s.i])) {
			s.i++
		}
	}
	if s.i > start {
		s.x.raw[path] = s.src[start:s.i]
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (s *scanner) basicString() {
	s.i++
	for s.i < len(s.src) {
		switch s.src[s.i] {
		case '\\':
			s.i += 2
			continue
		case '"':
			s.i++
			return
		case '\n':
			return // unterminated: leave the newline to the caller
		}
		s.i++
	}
	s.i = min(s.i, len(s.src))
}

func (s *scanner) literalString() {
	s.i++
	for s.i < len(s.src) {
		switch s.src[s.i] {
		case '\'':
			s.i++
			return
		case '\n':
			return
		}
		s.i++
	}
}

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
