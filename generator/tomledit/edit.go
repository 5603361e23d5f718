// Package tomledit changes values in TOML text without re-encoding it: every byte outside
// the edited values — comments (including one after the value on its line), key order,
// indentation, blank lines, the quoting of other strings — stays as it was.
//
// It walks the TOML grammar with a small lexer and parser (table headers, arrays of tables
// and their indices, dotted keys, inline tables and arrays, the four kinds of string) and
// records where each value's bytes are; an edit replaces those bytes. A string keeps its
// quoting where it can: a basic "…" string stays basic, a multi-line """…""" one stays
// multi-line while the new text has line breaks, a literal '…' one becomes basic only when
// the new text cannot be written literally. A key that is absent is added as a new line at the
// end of its table's block, before the next header, indented like the keys above it; in an
// inline table ({ … }), after its last key. A key written on a line of its own can be removed
// (Remove), with its line; a key of an inline table, with the comma that separates it from the
// others, the rest of the line as it was.
//
// Paths are written as the dataset's messages write them: `document.date`,
// `fields[3].criteria[0].progress`, `report.sections[1].blocks[0].text`, `recipients.to[1]`,
// `a."key with spaces"`; an index counts the elements of an array of tables ([[…]]) or of an
// array value.
package tomledit

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Kind is the type of a value.
type Kind int

// The kinds of value.
const (
	KindOther  Kind = iota // a date-time, a time, an array, an inline table
	KindString             // any of the four string forms
	KindDate               // a local date, 2022-09-14
	KindNumber             // an integer or float
	KindBool               // true or false
)

// Value is a new value for a key; make one with String, Date, Number, Int or Bool.
type Value struct {
	kind Kind
	text string // the string's content, or the literal as TOML writes it
}

// String is a string value.
func String(s string) Value { return Value{kind: KindString, text: s} }

// Date is a TOML local date (written 2022-09-14, no quotes).
func Date(year int, month time.Month, day int) Value {
	return Value{kind: KindDate, text: fmt.Sprintf("%04d-%02d-%02d", year, month, day)}
}

// Number is a decimal number written exactly as literal ("1.50", "-3", "2e3"); Apply refuses
// a literal TOML does not accept.
func Number(literal string) Value { return Value{kind: KindNumber, text: literal} }

// Int is an integer value.
func Int(n int64) Value { return Value{kind: KindNumber, text: strconv.FormatInt(n, 10)} }

// Bool is a boolean value.
func Bool(b bool) Value { return Value{kind: KindBool, text: strconv.FormatBool(b)} }

// Remove is the removal of the key. A key written on a line of its own (key = value) goes with
// its whole line, the comment after the value included; a key of an inline table ({ a = 1,
// b = 2 }) goes with its value and the comma and spaces that join it to the next key (to the
// previous one for the last key), so that "{ a = 1, b = 2 }" becomes "{ b = 2 }" or
// "{ a = 1 }", and "{ }" when every key goes. A dotted key (b.c = 1, which defines tables as
// well) and an element of an array cannot be removed.
func Remove() Value { return Value{kind: kindRemove} }

// kindRemove marks the removal of a key (Remove).
const kindRemove Kind = -1

// Kind returns the value's kind.
func (v Value) Kind() Kind { return v.kind }

// Edit sets the value at Path.
type Edit struct {
	Path  string
	Value Value
}

// Error is a problem with the text or with an edit, at a line and column of the text when it
// has one (0 when not).
type Error struct {
	Name      string // the file's name, as given to Parse
	Line, Col int
	Path      string // the edit's key path, when the error is about an edit
	Msg       string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Name)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Col > 0 {
			fmt.Fprintf(&b, ":%d", e.Col)
		}
	}
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors is every problem found with a set of edits; Apply returns all of them at once.
type Errors []*Error

func (l Errors) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Doc is TOML text with the position of every value in it.
type Doc struct {
	name  string
	src   string
	nodes map[string]*node
	// lines holds the offset at which each line starts, for Get's line numbers: a form reads
	// a few hundred values of one text.
	lines []int
}

// Parse reads TOML text; name is used in errors. It fails on the first syntax error.
func Parse(name string, src []byte) (*Doc, error) {
	s := string(src)
	if !utf8.ValidString(s) {
		return nil, &Error{Name: name, Msg: "tệp không phải văn bản UTF-8"}
	}
	nodes, perr := parse(s)
	if perr != nil {
		line, col := lineCol(s, perr.pos)
		return nil, &Error{Name: name, Line: line, Col: col, Msg: perr.msg}
	}
	lines := make([]int, 1, strings.Count(s, "\n")+1)
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			lines = append(lines, i+1)
		}
	}
	return &Doc{name: name, src: s, nodes: nodes, lines: lines}, nil
}

// line returns the 1-based line of an offset.
func (d *Doc) line(off int) int {
	i, _ := slices.BinarySearch(d.lines, off+1)
	return i
}

func lineCol(s string, off int) (line, col int) {
	if off > len(s) {
		off = len(s)
	}
	before := s[:off]
	line = strings.Count(before, "\n") + 1
	col = utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:]) + 1
	return line, col
}

// Entry is a value as written in the text.
type Entry struct {
	Kind Kind
	Raw  string // the bytes of the value, quotes included
	Text string // a string's content; for other kinds, Raw
	Line int
}

// Get returns the value at path, and whether it is written in the text.
func (d *Doc) Get(path string) (Entry, bool) {
	segs, err := parsePath(path)
	if err != nil {
		return Entry{}, false
	}
	n := d.nodes[pathString(segs)]
	if n == nil || n.kind != kindValue {
		return Entry{}, false
	}
	raw := d.src[n.pos:n.end]
	e := Entry{Kind: kindOf(n.tok, raw), Raw: raw, Text: raw, Line: d.line(n.pos)}
	if e.Kind == KindString {
		e.Text = unquote(n.tok, raw)
	}
	return e, true
}

func kindOf(t itemType, raw string) Kind {
	switch {
	case t == itemBasic || t == itemLiteral || t == itemMLBasic || t == itemMLLiteral:
		return KindString
	case t != itemBare:
		return KindOther
	case raw == "true" || raw == "false":
		return KindBool
	case isDate(raw):
		return KindDate
	case len(raw) >= 10 && isDate(raw[:10]) || len(raw) > 2 && raw[2] == ':':
		return KindOther
	}
	return KindNumber
}

// Set returns src with the value at path replaced by (or, when absent, set to) v.
func Set(name string, src []byte, path string, v Value) ([]byte, error) {
	d, err := Parse(name, src)
	if err != nil {
		return nil, err
	}
	return d.Apply(Edit{Path: path, Value: v})
}

// splice is one change to the text: src[pos:end] becomes text.
type splice struct {
	pos, end int
	text     string
	order    int
}

// Apply returns the text with the edits made; the Doc itself is unchanged. Every edit is
// checked first and all the problems are returned at once (as Errors); nothing is changed
// unless every edit can be made. Each new value is parsed again and read back.
func (d *Doc) Apply(edits ...Edit) ([]byte, error) {
	var errs Errors
	var splices []splice
	seen := map[string]bool{}
	removed := map[*node]map[int]bool{} // the keys removed from each inline table
	var tables []*node                  // those tables, in the edits' order
	added := map[*node]string{}         // the inline tables a key is added to, and its path
	for i, e := range edits {
		s, err := d.plan(e)
		if err == nil && seen[s.key] {
			err = &Error{Msg: "sửa hai lần trong cùng một lượt"}
		}
		if err != nil {
			err.Name, err.Path = d.name, e.Path
			errs = append(errs, err)
			continue
		}
		if e.Value.kind == kindRemove {
			// nothing to read back: the key's line is gone
		} else if err := readBack(d.name, e, s.value); err != nil {
			return nil, err
		}
		seen[s.key] = true
		switch {
		case s.remove:
			if removed[s.inline] == nil {
				removed[s.inline] = map[int]bool{}
				tables = append(tables, s.inline)
			}
			removed[s.inline][s.member] = true
			continue
		case s.inline != nil:
			added[s.inline] = e.Path
		}
		s.order = i
		splices = append(splices, s.splice)
	}
	for _, t := range tables {
		if p, ok := added[t]; ok && len(removed[t]) == len(t.keys) {
			line, col := lineCol(d.src, t.pos)
			errs = append(errs, &Error{Name: d.name, Path: p, Line: line, Col: col,
				Msg: "không xóa hết các khóa của bảng một dòng { … } và thêm khóa vào đó trong cùng một lượt"})
			continue
		}
		splices = append(splices, d.inlineRemovals(t, removed[t])...)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	sort.SliceStable(splices, func(i, j int) bool { return splices[i].pos < splices[j].pos })
	for i := 1; i < len(splices); i++ {
		if splices[i].pos < splices[i-1].end {
			return nil, fmt.Errorf("lỗi của trình sửa TOML: %s: hai thay đổi chồng lên nhau ở byte %d", d.name, splices[i].pos)
		}
	}
	var b strings.Builder
	b.Grow(len(d.src) + 64)
	at := 0
	for _, s := range splices {
		b.WriteString(d.src[at:s.pos])
		b.WriteString(s.text)
		at = s.end
	}
	b.WriteString(d.src[at:])
	return []byte(b.String()), nil
}

// readBack parses each new value on its own (as the line `x = value`) and checks it reads
// back as the value asked for: the editor's own guarantee that it wrote valid TOML. The text
// around it is unchanged and a value's extent is fixed by its own syntax, so this checks the
// edited document without parsing it all again (the tests do that, with BurntSushi/toml).
func readBack(name string, e Edit, text string) error {
	d, err := Parse(name, []byte("x = "+text))
	var got Entry
	ok := false
	if err == nil {
		got, ok = d.Get("x")
	}
	if !ok || got.Raw != text || got.Kind != e.Value.kind || got.Text != e.Value.text {
		return fmt.Errorf("lỗi của trình sửa TOML: %s: giá trị mới %s không đọc lại được thành %q", e.Path, text, e.Value.text)
	}
	return nil
}

type planned struct {
	splice
	key   string
	value string // the new value as written
	// inline is the inline table a key is removed from (member is the key's place in it) or
	// added to; its removals are laid out together (inlineRemovals).
	inline *node
	member int
	remove bool
}

// plan works out the splice for one edit.
func (d *Doc) plan(e Edit) (planned, *Error) {
	segs, err := parsePath(e.Path)
	if err != nil {
		return planned{}, &Error{Msg: err.Error()}
	}
	if msg := e.Value.check(); msg != "" {
		return planned{}, &Error{Msg: msg}
	}
	key := pathString(segs)
	if n := d.nodes[key]; n != nil {
		line, col := lineCol(d.src, n.pos)
		switch {
		case n.kind == kindTable || n.kind == kindArrayOfTables:
			return planned{}, &Error{Line: line, Msg: "đây là một bảng, không phải một giá trị"}
		case n.tok == itemLBracket || n.tok == itemLBrace:
			return planned{}, &Error{Line: line, Col: col, Msg: "đây là một mảng hoặc bảng một dòng; sửa từng phần tử của nó"}
		}
		if e.Value.kind == kindRemove {
			if n.table != nil {
				return planned{key: key, inline: n.table, member: n.member, remove: true}, nil
			}
			if n.stmtEnd == 0 {
				return planned{}, &Error{Line: line, Col: col, Msg: "chỉ xóa được khóa viết trên một dòng riêng (khóa = giá trị) hoặc khóa của bảng một dòng { … }, không xóa được khóa có dấu chấm hay phần tử của mảng"}
			}
			return planned{splice: splice{pos: n.stmt, end: n.stmtEnd}, key: key}, nil
		}
		text := e.Value.render(n.tok, d.src[n.pos:n.end])
		return planned{splice: splice{pos: n.pos, end: n.end, text: text}, key: key, value: text}, nil
	}
	if e.Value.kind == kindRemove {
		return planned{}, &Error{Msg: "không có khóa này để xóa"}
	}
	return d.planInsert(segs, e.Value, key)
}

// planInsert adds a key that is absent at the end of the block of the table that holds it.
func (d *Doc) planInsert(segs []segment, v Value, key string) (planned, *Error) {
	// The deepest part of the path that is written in the text.
	k := len(segs) - 1
	for ; k > 0; k-- {
		if d.nodes[pathString(segs[:k])] != nil {
			break
		}
	}
	parentPath := pathString(segs[:k])
	parent := d.nodes[parentPath]
	var line int
	if parent.pos > 0 {
		line, _ = lineCol(d.src, parent.pos)
	}
	fail := func(msg string, args ...any) (planned, *Error) {
		return planned{}, &Error{Line: line, Msg: fmt.Sprintf(msg, args...)}
	}
	block := parent
	rel := segs[k:]
	switch {
	case parent.kind == kindArrayOfTables:
		return fail("không có phần tử %s trong mảng bảng %s (chỉ sửa được phần tử đã có)", pathString(segs[:k+1]), parentPath)
	case parent.kind == kindValue && parent.tok == itemLBrace:
		return d.planInline(parent, segs, rel, v, key, fail)
	case parent.kind == kindTable && parent.origin == originInline:
		return fail("%s là bảng viết bằng khóa có dấu chấm trong bảng một dòng ({ … }); không thêm khóa vào đó được, hãy sửa tay", parentPath)
	case parent.kind == kindValue:
		return fail("%s là một giá trị, không chứa khóa con", parentPath)
	case parent.origin == originImplicit:
		return fail("bảng %s không có tiêu đề [%s] riêng; không biết thêm khóa vào đâu", parentPath, parentPath)
	case parent.origin == originDotted:
		block = d.nodes[pathString(parent.owner)]
		rel = segs[len(parent.owner):]
	}
	for _, s := range rel {
		if s.index >= 0 {
			return fail("không có phần tử %s (chỉ sửa được phần tử đã có)", pathString(segs))
		}
	}
	at := block.insertAt
	if at < 0 {
		at = len(d.src)
	}
	var b strings.Builder
	if at > 0 && d.src[at-1] != '\n' {
		b.WriteString(lineEnding(d.src))
	}
	b.WriteString(block.indent)
	b.WriteString(pathString(rel))
	b.WriteString(" = ")
	text := v.render(itemEOF, "")
	b.WriteString(text)
	b.WriteString(lineEnding(d.src))
	return planned{splice: splice{pos: at, end: at, text: b.String()}, key: key, value: text}, nil
}

// planInline adds a key that is absent to an inline table ({ … }): after its last key, before
// the closing brace (TOML 1.0 writes an inline table on one line, without a trailing comma).
func (d *Doc) planInline(parent *node, segs, rel []segment, v Value, key string, fail func(string, ...any) (planned, *Error)) (planned, *Error) {
	for _, s := range rel {
		if s.index >= 0 {
			return fail("không có phần tử %s (chỉ sửa được phần tử đã có)", pathString(segs))
		}
	}
	closing := parent.end - 1 // the "}"
	at := closing
	for at > parent.pos+1 && (d.src[at-1] == ' ' || d.src[at-1] == '\t') {
		at--
	}
	text := v.render(itemEOF, "")
	kv := pathString(rel) + " = " + text
	var ins string
	if at == parent.pos+1 { // an empty table: "{}" or "{ }"
		ins = " " + kv
		if at == closing {
			ins += " "
		}
	} else {
		ins = ", " + kv
	}
	return planned{splice: splice{pos: at, end: at, text: ins}, key: key, value: text, inline: parent}, nil
}

// inlineRemovals lays out the removal of the keys removed (by their place) from one inline
// table: each key before the last one kept goes with what follows it up to the next key; each
// key after it, with what precedes it from the previous key's value; every key, from the first
// key to the closing brace. The splices do not overlap, and no comma is left dangling.
func (d *Doc) inlineRemovals(t *node, removed map[int]bool) []splice {
	if len(removed) == len(t.keys) {
		return []splice{{pos: t.keys[0], end: t.end - 1}}
	}
	kept := len(t.keys) - 1
	for removed[kept] {
		kept--
	}
	var out []splice
	for i := range t.keys {
		switch {
		case !removed[i]:
		case i < kept:
			out = append(out, splice{pos: t.keys[i], end: t.keys[i+1]})
		default:
			out = append(out, splice{pos: t.ends[i-1], end: t.ends[i]})
		}
	}
	return out
}

// lineEnding is the text's own line ending.
func lineEnding(src string) string {
	if i := strings.IndexByte(src, '\n'); i > 0 && src[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

// check returns what is wrong with a new value, or "".
func (v Value) check() string {
	switch v.kind {
	case KindString:
		if !utf8.ValidString(v.text) {
			return "chuỗi không phải UTF-8"
		}
	case KindNumber:
		if !validNumber(v.text) {
			return fmt.Sprintf("số không hợp lệ %q (viết như 1.50 hoặc -3)", v.text)
		}
		if !inRange(v.text) {
			return fmt.Sprintf("số %s quá lớn", v.text)
		}
	case KindDate:
		if _, err := time.Parse("2006-01-02", v.text); err != nil {
			return fmt.Sprintf("ngày không tồn tại: %s", v.text)
		}
	case KindBool, kindRemove:
	default:
		return "kiểu giá trị không sửa được"
	}
	return ""
}

// validNumber accepts a decimal TOML integer or float: [+-](0|[1-9](_?[0-9])*)(.digits)?(e[+-]digits)?
func validNumber(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := func(leadingZeroOK bool) bool {
		start := i
		if i >= len(s) || !isDigit(s[i]) {
			return false
		}
		for i < len(s) && (isDigit(s[i]) || s[i] == '_' && i+1 < len(s) && isDigit(s[i+1]) && i > start) {
			i++
		}
		return leadingZeroOK || s[start] != '0' || i-start == 1
	}
	if !digits(false) {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if !digits(true) {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if !digits(true) {
			return false
		}
	}
	return i == len(s)
}

// inRange reports whether a valid number literal is one TOML can hold: an integer in int64, a
// float that is finite in float64 (TOML readers refuse others).
func inRange(s string) bool {
	s = strings.ReplaceAll(s, "_", "")
	var err error
	if strings.ContainsAny(s, ".eE") {
		_, err = strconv.ParseFloat(s, 64)
	} else {
		_, err = strconv.ParseInt(s, 10, 64)
	}
	return err == nil
}

// render writes v in place of a value written as old (of item type t), keeping the old
// quoting where the new value allows it.
func (v Value) render(t itemType, old string) string {
	if v.kind != KindString {
		return v.text
	}
	s := v.text
	multi := strings.ContainsAny(s, "\n")
	switch t {
	case itemLiteral:
		if canLiteral(s, false) {
			return "'" + s + "'"
		}
	case itemMLLiteral:
		if multi && canLiteral(s, true) {
			return "'''" + leadNewline(old, s) + s + "'''"
		}
		if !multi && canLiteral(s, false) {
			return "'" + s + "'"
		}
	}
	if multi && t != itemBasic {
		return mlBasicString(s, leadNewline(old, s))
	}
	return basicString(s)
}

// leadNewline is the newline to write after an opening """ or ”': kept when the old string
// had one (the layout of `subject = """⏎…`), and needed when the text starts with a line
// break, since TOML drops a newline right after the opening quotes.
func leadNewline(old, s string) string {
	if len(old) >= 3 && strings.HasPrefix(old[3:], "\r\n") {
		return "\r\n"
	}
	if strings.HasPrefix(old, `"""`+"\n") || strings.HasPrefix(old, "'''\n") || old == "" ||
		strings.HasPrefix(s, "\n") || strings.HasPrefix(s, "\r\n") {
		return "\n"
	}
	return ""
}

// canLiteral reports whether s can be written between single quotes (”' … ”' when multi).
func canLiteral(s string, multi bool) bool {
	if multi && (strings.Contains(s, "'''") || strings.HasSuffix(s, "'")) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\'' && !multi || c == '\n' && !multi || c != '\n' && isControl(c) || c == '\r' {
			return false
		}
	}
	return true
}

// basicString writes s as a one-line "…" string.
func basicString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		writeEscaped(&b, s[i], false)
	}
	b.WriteByte('"')
	return b.String()
}

// mlBasicString writes s as a """…""" string: line breaks as they are, a quote escaped when it
// would be the third in a row or the last character.
func mlBasicString(s, lead string) string {
	var b strings.Builder
	b.WriteString(`"""`)
	b.WriteString(lead)
	run := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '"' {
			if run == 2 || i == len(s)-1 {
				b.WriteString(`\"`)
				run = 0
				continue
			}
			run++
			b.WriteByte(c)
			continue
		}
		run = 0
		writeEscaped(&b, c, true)
	}
	b.WriteString(`"""`)
	return b.String()
}

func writeEscaped(b *strings.Builder, c byte, multi bool) {
	switch {
	case c == '"' && !multi:
		b.WriteString(`\"`)
	case c == '\\':
		b.WriteString(`\\`)
	case c == '\n' && multi:
		b.WriteByte(c)
	case c == '\n':
		b.WriteString(`\n`)
	case c == '\r':
		b.WriteString(`\r`)
	case c == '\b':
		b.WriteString(`\b`)
	case c == '\f':
		b.WriteString(`\f`)
	case isControl(c):
		fmt.Fprintf(b, `\u%04X`, c)
	default:
		b.WriteByte(c)
	}
}
