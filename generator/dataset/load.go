package dataset

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/unicode/norm"

	"github.com/baocao-vn/baocao/generator/decimal"
	"github.com/baocao-vn/baocao/internal/nfc"
)

// Load reads and validates the dataset in the TOML file at path. When the file is invalid the
// error is an ErrorList with every problem found.
func Load(path string) (*Dataset, error) {
	data, err := Read(path)
	if err != nil {
		return nil, err
	}
	// The file's bytes are Load's alone and never written again: the text is read in place
	// rather than copied first, as Parse must (its caller keeps the slice).
	d, err := parseInvalid(path, unsafe.String(unsafe.SliceData(data), len(data)))
	if err != nil {
		return nil, err
	}
	return d, nil
}

// Read reads a dataset file. Only a regular file (or a link to one) is read, and only up to
// MaxFileSize: a FIFO, socket or device is refused without being opened for reading, since
// reading it could wait forever or never end. A refused file's error is an ErrorList.
func Read(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("không đọc được tệp dữ liệu: %w", err)
	}
	if e := checkFile(path, st); e != nil {
		return nil, ErrorList{e}
	}
	// O_NONBLOCK: if the path was swapped for a FIFO since Stat, opening it must not wait for
	// a writer; the mode is checked again on what was opened.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fmt.Errorf("không đọc được tệp dữ liệu: %w", err)
	}
	defer f.Close()
	if st, err = f.Stat(); err != nil {
		return nil, fmt.Errorf("không đọc được tệp dữ liệu: %w", err)
	}
	if e := checkFile(path, st); e != nil {
		return nil, ErrorList{e}
	}
	// Sized from Stat, so that the file is read into one allocation (io.ReadAll doubles its
	// buffer as it goes); a file that grew since is still read to the limit.
	buf := bytes.NewBuffer(make([]byte, 0, st.Size()+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(f, MaxFileSize+1)); err != nil {
		return nil, fmt.Errorf("không đọc được tệp dữ liệu: %w", err)
	}
	data := buf.Bytes()
	if e := checkSize(path, int64(len(data))); e != nil { // the file grew since Stat
		return nil, ErrorList{e}
	}
	return data, nil
}

// checkFile refuses what is not a regular file, and a file over MaxFileSize.
func checkFile(path string, st os.FileInfo) *Error {
	if !st.Mode().IsRegular() {
		return &Error{File: path, Msg: "không phải tệp dữ liệu thông thường (" + fileKind(st.Mode()) + "); bỏ qua, không đọc"}
	}
	return checkSize(path, st.Size())
}

// fileKind names a kind of file that is not a regular file.
func fileKind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "thư mục"
	case m&os.ModeNamedPipe != 0:
		return "đường ống FIFO"
	case m&os.ModeSocket != 0:
		return "socket"
	case m&os.ModeCharDevice != 0:
		return "thiết bị ký tự"
	case m&os.ModeDevice != 0:
		return "thiết bị khối"
	case m&os.ModeSymlink != 0:
		return "liên kết tượng trưng"
	}
	return "tệp đặc biệt"
}

// CheckText makes the checks Parse makes on the text before decoding it — its size, UTF-8,
// how deep it nests and how many values it writes — so that a tool reading the text another
// way (the TOML editor behind `baocao next`) stays within the same limits, with the same
// messages. The error is an ErrorList.
func CheckText(name string, data []byte) error {
	if _, _, e := checkText(name, string(data)); e != nil {
		return ErrorList{e}
	}
	return nil
}

// checkText returns the text to decode (without a BOM) and whether NFC may change it
// (mayNeedNFC), or the first limit it breaks.
func checkText(name string, text string) (string, bool, *Error) {
	if e := checkSize(name, int64(len(text))); e != nil {
		return "", false, e
	}
	src := strings.TrimPrefix(text, "\uFEFF") // a BOM some editors write
	bad, changes := scanText(src)
	if bad >= 0 {
		return "", false, utf8Error(name, src, bad)
	}
	if e := checkShape(name, src); e != nil { // before the decoder, which recurses per level
		e.Path = shortPath(keyAt(src[:min(len(src), e.off+keySlack)], e.Line, ""))
		return "", false, e
	}
	return src, changes, nil
}

// decodableText is checkText's text in NFC, as Parse decodes and indexes it. Normalising the
// whole file once is cheaper than each string, and TOML's syntax is ASCII, which NFC leaves
// alone; line numbers do not move.
func decodableText(name string, text string) (string, *Error) {
	src, changes, e := checkText(name, text)
	if e != nil {
		return "", e
	}
	if changes {
		src = norm.NFC.String(src)
	}
	return src, nil
}

// Parse reads and validates a dataset from TOML text; name is the file name used in messages.
// When the text is invalid the error is an ErrorList with every problem found, sorted by line:
// a TOML syntax error stops the reading and is then the only one.
//
// Strings are normalised to NFC and trimmed, and a trailing "./." is removed from
// report.closing. Decimals keep the number of places they were written with.
func Parse(name string, data []byte) (*Dataset, error) {
	d, err := ParseInvalid(name, data)
	if err != nil {
		return nil, err
	}
	return d, nil
}

// ParseInvalid is Parse that also returns the dataset as read when it does not validate,
// with the errors; the dataset is nil only when the text cannot be decoded at all (a syntax
// error, a limit). A dataset that did not validate breaks the rules the rest of the program
// relies on: it is for showing what the file holds while it is being edited (the form of
// `baocao serve`), never for rendering.
func ParseInvalid(name string, data []byte) (*Dataset, error) {
	return parseInvalid(name, string(data))
}

// parseInvalid is ParseInvalid on the file's text.
func parseInvalid(name, text string) (*Dataset, error) {
	src, e := decodableText(name, text)
	if e != nil {
		return nil, ErrorList{e}
	}
	var tree map[string]any
	if _, err := toml.Decode(src, &tree); err != nil {
		return nil, ErrorList{syntaxError(name, src, err)}
	}
	l := &loader{file: name, idx: scan(src, false), failed: make(map[string]bool)}
	d := l.dataset(tree)
	l.validate(d)
	if len(l.errs) > 0 {
		l.errs.sort()
		if n := len(l.errs) - MaxErrors; n > 0 {
			l.errs = append(l.errs[:MaxErrors], &Error{File: name, Msg: fmt.Sprintf("và %d lỗi khác (chỉ in %d lỗi đầu, giới hạn MaxErrors)", n, MaxErrors)})
		}
		d.pos = l.idx
		return d, l.errs
	}
	d.pos = l.idx
	return d, nil
}

// utf8Error reports the byte at off, the first that is not UTF-8, with the key written on its line.
func utf8Error(name, src string, off int) *Error {
	line, col := lineCol(src, off)
	return &Error{File: name, Line: line, Col: col, Path: keyAt(strings.ToValidUTF8(src[:off], "\uFFFD"), line, ""),
		Msg: fmt.Sprintf("văn bản không phải UTF-8 hợp lệ (byte 0x%02X); hãy lưu tệp với bảng mã UTF-8", src[off])}
}

// keySlack is how far past a syntax error's position keyAt reads: the key being written there
// may start before the error and end after it.
const keySlack = 4096

// keyAt finds the key path written on a line, or on the nearest line above it (a multi-line
// value), in a text that may be broken further down: the scanner still gets the lines above
// right. The caller cuts src shortly after the error, so that the cost does not depend on what
// follows it. fallback (the parser's last key, without array indices) is for a line above any key.
func keyAt(src string, line int, fallback string) string {
	// Only the lines up to the error's matter: scan no further, however long the file.
	end, n := 0, 0
	for end < len(src) && n < line {
		i := strings.IndexByte(src[end:], '\n')
		if i < 0 {
			end = len(src)
			break
		}
		end += i + 1
		n++
	}
	x := scan(src[:end], true)
	best, at := int32(0), int32(0)
	for _, w := range x.writes {
		n := w.line
		if int(n) > line {
			continue
		}
		// Among paths on the same line, the longest is the key itself, not its table; of two
		// as long, the first written.
		if n > at || n == at && x.nodes[w.node].plen > x.nodes[best].plen {
			best, at = w.node, n
		}
	}
	if best == 0 {
		return fallback
	}
	return x.path(best)
}

// lineCol turns a byte offset into a 1-based line and a column counted in characters.
func lineCol(src string, off int) (line, col int) {
	off = min(max(off, 0), len(src))
	start := strings.LastIndexByte(src[:off], '\n') + 1
	return strings.Count(src[:off], "\n") + 1, utf8.RuneCountInString(src[start:off]) + 1
}

func syntaxError(name, src string, err error) *Error {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return &Error{File: name, Msg: "lỗi cú pháp TOML: " + syntaxMessage(err.Error())}
	}
	line, col := pe.Position.Line, 0
	if pe.Position.Line > 0 {
		start := pe.Position.Start
		if strings.HasPrefix(pe.Message, "TOML files cannot contain control characters") {
			start = controlAt(src, start) // the parser points one byte before it
		}
		line, col = lineCol(src, start)
	}
	return &Error{File: name, Line: line, Col: col, Path: keyAt(src[:min(len(src), max(pe.Position.Start, 0)+keySlack)], line, pe.LastKey), Msg: "lỗi cú pháp TOML: " + syntaxMessage(pe.Message)}
}

// shortPath is the key whose value nests too deep: path without its trailing array indices,
// cut to maxQuoted bytes.
func shortPath(path string) string {
	for strings.HasSuffix(path, "]") {
		path = parentPath(path)
	}
	return clip(path, maxQuoted)
}

// maxQuoted is how many bytes of a key or a value the user wrote a message quotes.
const maxQuoted = 80

// clip cuts s to at most n bytes, at a character boundary, marking the cut with "…".
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// controlAt returns the offset of the first control character at or after off.
func controlAt(src string, off int) int {
	for i := max(off, 0); i < len(src) && i < off+4; i++ {
		if c := src[i]; c < 0x20 && c != '\t' && c != '\n' || c == 0x7f {
			return i
		}
	}
	return off
}

// loader turns the decoded TOML tree into a Dataset, collecting every problem. It decodes by
// hand rather than with toml.Decode into the struct, which stops at the first type error, picks
// it in map order, and matches keys case-insensitively ("Name" would pass for "name").
type loader struct {
	file string
	idx  *index
	errs ErrorList
	// failed holds the paths whose value had the wrong type: validation does not report them
	// again as missing.
	failed map[string]bool
	// criteria counts the criteria read, against MaxCriteria.
	criteria int
	// readChunk holds the lists of read keys not yet handed out (newReadKeys), and readFree
	// those handed back (release).
	readChunk []readKeys
	readFree  []*readKeys
	// walked makes the loader's and the validator's path lookups (has, lineOf), which
	// ask for the keys of one table after another, resume from the last one.
	walked walkCache
}

// has reports whether path is written in the file.
func (l *loader) has(path string) bool {
	n, ok := l.idx.walkFrom(&l.walked, path)
	return ok && n != 0
}

// lineOf returns the line of path, or of its nearest ancestor that is written in the file (a
// missing key is reported on the line of the table that should hold it), or 0.
func (l *loader) lineOf(path string) int {
	n, _ := l.idx.walkFrom(&l.walked, path)
	return int(l.idx.nodes[n].line)
}

func (l *loader) errorf(path, format string, args ...any) {
	l.errs = append(l.errs, &Error{File: l.file, Line: l.lineOf(path), Path: path, Msg: fmt.Sprintf(format, args...)})
}

func (l *loader) typeError(path, want string, v any) {
	l.failed[path] = true
	l.errorf(path, "sai kiểu: cần %s, không phải %s", want, typeName(v))
}

// isFailed reports whether path or one of its ancestors could not be decoded.
func (l *loader) isFailed(path string) bool {
	for ; path != ""; path = parentPath(path) {
		if l.failed[path] {
			return true
		}
	}
	return false
}

func typeName(v any) string {
	switch v.(type) {
	case string:
		return "chuỗi văn bản"
	case int64:
		return "số nguyên"
	case float64:
		return "số thực"
	case bool:
		return "giá trị true/false"
	case time.Time:
		return "ngày giờ"
	case []any:
		return "mảng"
	case map[string]any:
		return "bảng"
	case []map[string]any:
		return "mảng bảng"
	}
	return fmt.Sprintf("%T", v)
}

// obj is one TOML table being decoded; m is nil when the table is absent or not a table.
type obj struct {
	l    *loader
	path string
	m    map[string]any
	// read collects the keys the loader reads from the table: those, and no others, are the
	// table's keys (rejectUnread), so each name is written once, where it is read.
	read *readKeys
	// node is the table's node in the line index, or -1 when it has none: a number's text as
	// written is found from it (rawAt) without spelling the number's path.
	node int32
}

// readKeys is the list of keys read from one table. Tables have at most 14 keys, and the
// loader hands them out from chunks (newReadKeys), taking back each table's once it has been
// checked (rejectUnread): reading a dataset needs about as many as tables are open at once,
// one chunk, not one list per table.
type readKeys struct {
	n     int
	fixed [14]string
	more  []string
}

// newReadKeys returns an empty list of read keys for a table.
func (l *loader) newReadKeys() *readKeys {
	if n := len(l.readFree); n > 0 {
		r := l.readFree[n-1]
		l.readFree = l.readFree[:n-1]
		return r
	}
	if len(l.readChunk) == 0 {
		l.readChunk = make([]readKeys, 32)
	}
	r := &l.readChunk[0]
	l.readChunk = l.readChunk[1:]
	return r
}

// release hands back a table's list of read keys, emptied, once nothing reads it again.
func (l *loader) release(r *readKeys) {
	*r = readKeys{more: r.more[:0]}
	l.readFree = append(l.readFree, r)
}

func (r *readKeys) add(key string) {
	if r.n < len(r.fixed) {
		r.fixed[r.n] = key
	} else {
		r.more = append(r.more, key)
	}
	r.n++
}

func (r *readKeys) list() []string {
	n := min(r.n, len(r.fixed))
	return append(r.fixed[:n:n], r.more...)
}

func (l *loader) obj(path string, node int32, v any) obj {
	m, ok := v.(map[string]any)
	if !ok && v != nil {
		l.typeError(path, "một bảng", v)
	}
	return obj{l: l, path: path, m: m, read: l.newReadKeys(), node: node}
}

// child returns the index node of key (or, with elem ≥ 0, of that array element) under
// parent, or -1; it is the node walk reaches on the path spelt with joinKey and joinIndex.
func (l *loader) child(parent int32, key string, elem int) int32 {
	if parent < 0 {
		return -1
	}
	if n, ok := l.idx.children[edge{parent, key, int32(min(elem, 1<<31-1))}]; ok {
		return n
	}
	return -1
}

// rawAt is the text of the number at node as written, or "".
func (l *loader) rawAt(node int32) string {
	if node < 0 {
		return ""
	}
	return l.idx.nodes[node].raw
}

// rejectUnread reports every key of the table the loader did not read: a typo, or a key that
// does not belong here. It is called once the whole table has been read.
func (o obj) rejectUnread() {
	keys := o.read.list()
	var unknown []string
	for k := range o.m {
		if !slices.Contains(keys, k) {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown) // map order must not reach the messages
	for _, k := range unknown {
		if s := suggest(k, keys); s != "" {
			o.l.errorf(joinKey(o.path, k), "khóa không hợp lệ (gõ nhầm? có phải %q?)", s)
		} else {
			o.l.errorf(joinKey(o.path, k), "khóa không hợp lệ (gõ nhầm?)")
		}
	}
	o.l.release(o.read) // the table is done with: keys is not used past here
}

// suggest returns the known key closest to k when it is a plausible typo of it.
func suggest(k string, keys []string) string {
	best, bestDist := "", 3
	for _, c := range keys {
		if strings.EqualFold(c, k) {
			return c
		}
		if d := editDistance(strings.ToLower(k), c); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// get returns the value of key. Its path (at) is spelt only where a message or a table needs it:
// most values are read without one.
func (o obj) get(key string) (any, bool) {
	o.read.add(key)
	v, ok := o.m[key]
	return v, ok
}

// at is the path of key in the table.
func (o obj) at(key string) string { return joinKey(o.path, key) }

func (o obj) sub(key string) obj {
	o.read.add(key)
	return o.l.obj(o.at(key), o.l.child(o.node, key, -1), o.m[key])
}

// list decodes an array of tables, [[key]] or key = [{…}, …]. An element that is not a table
// keeps its place (with a nil map) so that the indices of the others stay right.
func (o obj) list(key string) []obj {
	v, ok := o.get(key)
	if !ok {
		return nil
	}
	p, node := o.at(key), o.l.child(o.node, key, -1)
	switch x := v.(type) {
	case []map[string]any:
		out := make([]obj, len(x))
		for i, m := range x {
			out[i] = obj{l: o.l, path: joinIndex(p, i), m: m, read: o.l.newReadKeys(), node: o.l.child(node, "", i)}
		}
		return out
	case []any:
		out := make([]obj, len(x))
		for i, e := range x {
			out[i] = o.l.obj(joinIndex(p, i), o.l.child(node, "", i), e)
		}
		return out
	}
	o.l.typeError(p, "một mảng bảng ([[…]])", v)
	return nil
}

// text checks the length of a user's text at path and cleans it; path is spelt only for a
// text too long.
func (l *loader) text(path func() string, s string) string {
	if len(s) <= MaxTextLen { // no more characters than bytes: no need to count them
		return clean(s)
	}
	if n := utf8.RuneCountInString(s); n > MaxTextLen {
		path := path()
		l.failed[path] = true
		l.errorf(path, "văn bản dài %d ký tự, vượt giới hạn %d ký tự (MaxTextLen); hãy rút gọn hoặc đưa phần chi tiết vào tài liệu kèm theo", n, MaxTextLen)
		return ""
	}
	return clean(s)
}

// clean normalises a user's text: NFC, line ends as "\n", no surrounding white space.
func clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.TrimSpace(s) // already NFC: Parse normalises the whole source
}

func (o obj) str(key string) string {
	v, ok := o.get(key)
	if !ok {
		return ""
	}
	s, ok := v.(string)
	if !ok {
		want := "chuỗi văn bản"
		if key == "id" {
			want = `chuỗi văn bản (viết id = "1.2")`
		}
		o.l.typeError(o.at(key), want, v)
		return ""
	}
	return o.l.text(func() string { return o.at(key) }, s)
}

func (o obj) strs(key string) []string {
	v, ok := o.get(key)
	if !ok {
		return nil
	}
	p := o.at(key)
	a, ok := v.([]any)
	if !ok {
		o.l.typeError(p, "một mảng chuỗi văn bản", v)
		return nil
	}
	out := make([]string, len(a))
	for i, e := range a {
		s, ok := e.(string)
		if !ok {
			o.l.typeError(joinIndex(p, i), "chuỗi văn bản", e)
			continue
		}
		out[i] = o.l.text(func() string { return joinIndex(p, i) }, s)
	}
	return out
}

func (o obj) dec(key string) decimal.Dec {
	if d := o.decp(key); d != nil {
		return *d
	}
	return decimal.Dec{}
}

func (o obj) decp(key string) *decimal.Dec {
	v, ok := o.get(key)
	if !ok {
		return nil
	}
	d, ok := o.l.decimal(func() string { return o.at(key) }, o.l.child(o.node, key, -1), v)
	if !ok {
		return nil
	}
	return &d
}

func (o obj) decs(key string) []decimal.Dec {
	v, ok := o.get(key)
	if !ok {
		return nil
	}
	p := o.at(key)
	a, ok := v.([]any)
	if !ok {
		o.l.typeError(p, "một mảng số", v)
		return nil
	}
	node := o.l.child(o.node, key, -1)
	out := make([]decimal.Dec, len(a))
	for i, e := range a {
		out[i], _ = o.l.decimal(func() string { return joinIndex(p, i) }, o.l.child(node, "", i), e)
	}
	return out
}

// decimal converts a TOML number or a string such as "9,03". A float is given the places it
// was written with in the source (90.0 has one), which the float itself has lost: node is the
// number's node in the line index, path spells its path for a message.
func (l *loader) decimal(path func() string, node int32, v any) (decimal.Dec, bool) {
	switch x := v.(type) {
	case int64:
		return decimal.New(x), true
	case float64:
		// A float64 holds 15 to 17 significant digits: the number is read from its text as
		// written whenever the text is a plain decimal, so that every digit the clerk wrote
		// counts, exactly (an exponent, inf or nan go through the float).
		if raw := l.rawAt(node); places(raw) >= 0 {
			text := strings.ReplaceAll(raw, "_", "")
			if len(text) > MaxNumberLen {
				path := path()
				l.failed[path] = true
				l.errorf(path, "số viết dài %d ký tự, vượt giới hạn %d (MaxNumberLen)", len(text), MaxNumberLen)
				return decimal.Dec{}, false
			}
			if d, err := decimal.Parse(text); err == nil {
				return d, true
			}
		}
		d, err := decimal.FromFloat(x)
		if err != nil {
			path := path()
			l.failed[path] = true
			l.errorf(path, "số không hợp lệ: %v", x)
			return decimal.Dec{}, false
		}
		if p := places(l.rawAt(node)); p >= 0 {
			d = d.WithPlaces(p)
		}
		return d, true
	case string:
		d, err := ParseNumber(x)
		if err != nil {
			path := path()
			l.failed[path] = true
			l.errorf(path, "%s", err)
			return decimal.Dec{}, false
		}
		return d, true
	}
	l.typeError(path(), "một số", v)
	return decimal.Dec{}, false
}

// ParseNumber reads a number as a dataset may write it in a string: "9,03" or "9.03", at most
// MaxNumberLen characters. Its errors are user-facing.
func ParseNumber(s string) (decimal.Dec, error) {
	if len(s) > MaxNumberLen {
		return decimal.Dec{}, fmt.Errorf("số viết dài %d ký tự, vượt giới hạn %d (MaxNumberLen)", len(s), MaxNumberLen)
	}
	d, err := decimal.Parse(s)
	if err != nil {
		return decimal.Dec{}, fmt.Errorf("cần một số (như 9,03 hoặc 9.03), không phải %q", s)
	}
	return d, nil
}

// places counts the decimal places of a TOML float as written (1_000.50 → 2), or returns -1
// when the text does not say (an exponent, or no text).
func places(raw string) int {
	if raw == "" || strings.ContainsAny(raw, "eE") {
		return -1
	}
	_, frac, ok := strings.Cut(raw, ".")
	if !ok {
		return 0
	}
	return len(strings.ReplaceAll(frac, "_", ""))
}

// flag reads a true/false key; an absent key is false.
func (o obj) flag(key string) bool {
	v, ok := o.get(key)
	if !ok {
		return false
	}
	b, ok := v.(bool)
	if !ok {
		o.l.typeError(o.at(key), "true hoặc false", v)
	}
	return b
}

func (o obj) intp(key string) *int64 {
	v, ok := o.get(key)
	if !ok {
		return nil
	}
	n, ok := v.(int64)
	if !ok {
		o.l.typeError(o.at(key), "số nguyên", v)
		return nil
	}
	return &n
}

func (o obj) date(key string) Date {
	v, ok := o.get(key)
	if !ok {
		return Date{}
	}
	d, err := dateOf(v)
	if err != nil {
		p := o.at(key)
		o.l.failed[p] = true
		o.l.errorf(p, "%s", err)
	}
	return d
}

// state reads an item's status, done date and evidence; the validator checks them together.
func (o obj) state() State {
	st := State{Done: o.date(keyDone), Evidence: o.str(keyEvidence)}
	if v, ok := o.get(keyStatus); ok {
		p := o.at(keyStatus)
		s, isStr := v.(string)
		if !isStr {
			o.l.typeError(p, "chuỗi văn bản (một trong "+statusChoices()+")", v)
			return st
		}
		s = clean(s)
		if st.Status, ok = ParseStatus(s); !ok {
			o.l.failed[p] = true
			o.l.errorf(p, "%s", UnknownStatus(s))
		}
	}
	return st
}

// items reads a bullet list whose entries are texts or tables {text, status, done, evidence,
// progress}; either form may be mixed with the other.
func (o obj) items(key string) []Item {
	v, ok := o.get(key)
	if !ok {
		return nil
	}
	p, node := o.at(key), o.l.child(o.node, key, -1)
	var elems []any
	switch x := v.(type) {
	case []any:
		elems = x
	case []map[string]any:
		for _, m := range x {
			elems = append(elems, m)
		}
	default:
		o.l.typeError(p, "một mảng chuỗi văn bản hoặc bảng {text, status, …}", v)
		return nil
	}
	out := make([]Item, len(elems))
	for i, e := range elems {
		switch x := e.(type) {
		case string:
			out[i] = Item{Text: clean(x)}
		case map[string]any:
			io := obj{l: o.l, path: joinIndex(p, i), m: x, read: o.l.newReadKeys(), node: o.l.child(node, "", i)}
			out[i] = Item{Text: io.str(keyText), State: io.state(), Progress: io.str(keyProgress)}
			io.rejectUnread()
		default:
			o.l.typeError(joinIndex(p, i), "chuỗi văn bản hoặc bảng {text, status, …}", e)
		}
	}
	return out
}

// statedCount reads stated_done: a count (5) or the report's "05/19", which states the total
// as well; total is stated_total as read.
func (o obj) statedCount(total *int64) (done, tot *int64) {
	v, ok := o.get(keyStatedDone)
	if !ok {
		return nil, total
	}
	p := o.at(keyStatedDone)
	switch x := v.(type) {
	case int64:
		return &x, total
	case string:
		a, b, slash := strings.Cut(clean(x), "/")
		n, err1 := strconv.ParseInt(strings.TrimSpace(a), 10, 64)
		m, err2 := strconv.ParseInt(strings.TrimSpace(b), 10, 64)
		if !slash || err1 != nil || err2 != nil || n < 0 || m < 0 {
			o.l.failed[p] = true
			o.l.errorf(p, `cần một số (5) hoặc "đã xong/tổng số" như "05/19", không phải %q`, x)
			return nil, total
		}
		if total != nil && *total != m {
			o.l.errorf(p, "ghi tổng số %d nhưng %s ghi %d", m, keyStatedTotal, *total)
		}
		return &n, &m
	}
	o.l.typeError(p, `một số (5) hoặc chuỗi "05/19"`, v)
	return nil, total
}

func (l *loader) dataset(tree map[string]any) *Dataset {
	root := obj{l: l, m: tree, read: l.newReadKeys()} // node 0: the document
	d := &Dataset{Name: l.file}

	o := root.sub(keyDocument)
	d.Document = Document{
		ParentBody:      o.str(keyParentBody),
		IssuingBody:     o.str(keyIssuingBody),
		IssuingBodyName: o.str(keyIssuingBodyName),
		Number:          o.str(keyNumber),
		Code:            o.str(keyCode),
		Place:           o.str(keyPlace),
		Date:            o.date(keyDate),
		TypeName:        o.str(keyTypeName),
		Subject:         o.str(keySubject),
	}
	o.rejectUnread()

	o = root.sub(keySigner)
	d.Signer = Signer{Collective: o.str(keyCollective), Authority: o.str(keyAuthority), Principal: o.str(keyPrincipal),
		Title: o.str(keyTitle), Name: o.str(keyName)}
	o.rejectUnread()

	o = root.sub(keyRecipients)
	d.Recipients = Recipients{To: o.strs(keyTo), Archive: o.str(keyArchive)}
	o.rejectUnread()

	o = root.sub(keyReport)
	closing := strings.TrimSpace(strings.TrimSuffix(o.str(keyClosing), "./.")) // the renderer adds it
	d.Report = Report{Opening: o.str(keyOpening), Closing: closing}
	for _, so := range o.list(keySections) {
		s := Section{Title: so.str(keyTitle)}
		for _, bo := range so.list(keyBlocks) {
			s.Blocks = append(s.Blocks, Block{Text: bo.str(keyText), Items: bo.items(keyItems)})
			bo.rejectUnread()
		}
		so.rejectUnread()
		d.Report.Sections = append(d.Report.Sections, s)
	}
	o.rejectUnread()

	o = root.sub(keyAppendix)
	d.Appendix = Appendix{Title: o.str(keyTitle), AsOf: o.date(keyAsOf), Plan: o.str(keyPlan), Headers: o.strs(keyHeaders),
		Rows: o.strs(keyRows), SelfCheck: o.flag(keySelfCheck), StatedTotal: o.intp(keyStatedTotal)}
	d.Appendix.StatedDone, d.Appendix.StatedTotal = o.statedCount(d.Appendix.StatedTotal)
	o.rejectUnread()

	for _, fo := range root.list(keyFields) {
		d.Fields = append(d.Fields, l.criterion(fo))
	}
	root.rejectUnread()
	return d
}

func (l *loader) criterion(o obj) Criterion {
	// Past MaxCriteria a criterion is not read: one message says so, and its checks are skipped.
	if l.criteria++; l.criteria > MaxCriteria {
		if l.criteria == MaxCriteria+1 {
			l.errorf(o.path, "quá %d tiêu chí (kể cả lĩnh vực; giới hạn MaxCriteria); các tiêu chí từ đây trở đi không được đọc", MaxCriteria)
		}
		l.failed[o.path] = true
		return Criterion{}
	}
	c := Criterion{
		ID:       o.str(keyID),
		Name:     o.str(keyName),
		Max:      o.dec(keyMax),
		Score:    o.decp(keyScore),
		Reason:   o.str(keyReason),
		Remedy:   o.str(keyRemedy),
		Deadline: o.str(keyDeadline),
		Progress: o.str(keyProgress),
		Note:     o.str(keyNote),
		State:    o.state(),
	}
	if r := o.sub(keyRule); r.m != nil {
		c.Rule = l.rule(r)
	} else {
		l.release(r.read)
	}
	for _, co := range o.list(keyCriteria) {
		c.Criteria = append(c.Criteria, l.criterion(co))
	}
	o.rejectUnread()
	return c
}

func (l *loader) rule(o obj) *Rule {
	r := &Rule{
		Kind:        o.str(keyKind),
		Rate:        o.decp(keyRate),
		Count:       o.intp(keyCount),
		Total:       o.intp(keyTotal),
		StatedRate:  o.decp(keyStatedRate),
		Band:        o.str(keyBand),
		Parts:       o.decs(keyParts),
		StatedTotal: o.decp(keyStatedTotal),
		Description: o.str(keyDescription),
		Fields:      o.strs(keyFields),
		Factor:      o.decp(keyFactor),
	}
	for _, bo := range o.list(keyBands) {
		r.Bands = append(r.Bands, Band{Label: bo.str(keyLabel), Min: bo.dec(keyMin), Max: bo.decp(keyMax), Score: bo.dec(keyScore),
			MinExclusive: bo.flag(keyMinExclusive), MaxInclusive: bo.flag(keyMaxInclusive)})
		bo.rejectUnread()
	}
	o.rejectUnread()
	return r
}

// mayNeedNFC reports whether s holds a character that NFC might change (or a byte that is not
// UTF-8).
func mayNeedNFC(s string) bool {
	bad, changes := scanText(s)
	return changes || bad >= 0
}

// scanText reads a text once for checkText: it returns the offset of its first byte that is not
// UTF-8 (-1 when there is none), and whether a character before it might change under NFC (one
// that is not nfc.Stable). It is nfc.Quick and utf8.ValidString in one pass, with Vietnamese's
// two- and three-byte letters decoded by hand.
func scanText(s string) (bad int, changes bool) {
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		// Two bytes, U+0080–U+07FF: Vietnamese's vowels with one mark, đ, ơ, ư; from U+0300 on,
		// combining marks and letters the ranges below leave to the normaliser.
		if c < 0xE0 {
			if c < 0xC2 || i+1 == len(s) || s[i+1]&0xC0 != 0x80 {
				return i, changes
			}
			changes = changes || c >= 0xCC
			i += 2
			continue
		}
		// U+1E00–U+1EFF, most of composed Vietnamese: E1 B8–BB 80–BF.
		if c == 0xE1 && i+2 < len(s) && s[i+1]-0xB8 < 4 && s[i+2]&0xC0 == 0x80 {
			i += 3
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && w == 1 {
			return i, changes
		}
		changes = changes || !nfc.Stable(r)
		i += w
	}
	return -1, changes
}
