package sign

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"

	"github.com/digitorus/pdf"
)

// Limits on a PDF given to Sign or Verify. digitorus/pdf, which both rely on, sizes its
// cross-reference table by the largest object number it is told about, parses nested arrays
// and dictionaries recursively (a Go stack overflow cannot be recovered) and searches for
// %%EOF in ever larger windows; so every PDF is first checked by prescan, a linear pass over
// its bytes, and refused with a LimitError before the library sees it.
const (
	// MaxPDFSize is the largest PDF accepted, in bytes.
	MaxPDFSize = 64 << 20
	// MaxObjectNumber is the largest object number a PDF may declare or use (an xref
	// subsection, /Size, an object header or reference); it bounds the library's table.
	MaxObjectNumber = 1 << 19
	// MaxNesting is the deepest nesting of arrays, dictionaries and object definitions.
	MaxNesting = 100
	// MaxObjectStreamBytes is the most bytes that the compressed object streams of a PDF may
	// inflate to, all together.
	MaxObjectStreamBytes = 64 << 20
	// maxEOFDistance: %%EOF must end the file, give or take trailing white space.
	maxEOFDistance = 1024
	// maxPredictorColumns bounds /Columns, for which the library allocates a row buffer.
	maxPredictorColumns = 1 << 20
)

// ErrLimit: the PDF exceeds one of the limits above (the error is a *LimitError).
var ErrLimit = errors.New("tệp PDF vượt giới hạn cho phép")

// LimitError names the limit a PDF exceeds.
type LimitError struct {
	What  string // the quantity, in Vietnamese
	Value int64  // what the file has
	Limit int64  // the most allowed
	Name  string // the constant's name, for the README
}

// Error renders the limit for the user.
func (e *LimitError) Error() string {
	return fmt.Sprintf("%v: %s %d vượt giới hạn %d (%s)", ErrLimit, e.What, e.Value, e.Limit, e.Name)
}

// Unwrap exposes ErrLimit.
func (e *LimitError) Unwrap() error { return ErrLimit }

func limitErr(what string, v, limit int64, name string) error {
	return &LimitError{What: what, Value: v, Limit: limit, Name: name}
}

// malformed is a structural refusal found by the pre-scan.
func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrNotPDF, fmt.Sprintf(format, args...))
}

// scanned is what prescan learned about a file: where the tokens start, so that every offset
// the library will later parse from can be checked to be one.
type scanned struct {
	data   []byte
	bounds []uint64 // bit i: a token starts at byte i
}

// boundary reports whether a parse started at off, after the white space and comments the
// library skips (writers often point an offset at the line break before an object), begins
// with a token the pre-scan saw.
func (s *scanned) boundary(off int64) bool {
	for off >= 0 && off < int64(len(s.data)) {
		switch c := s.data[off]; {
		case isPDFSpace(c):
			off++
			continue
		case c == '%':
			for off < int64(len(s.data)) && s.data[off] != '\r' && s.data[off] != '\n' {
				off++
			}
			continue
		}
		break
	}
	if off < 0 || off >= int64(len(s.data)) {
		return false
	}
	return s.bounds[off/64]&(1<<(off%64)) != 0
}

// tokKind classifies a token for the pre-scan.
type tokKind uint8

const (
	tkOther tokKind = iota
	tkInt
	tkName
	tkKeyword
	tkOpen  // [ or <<
	tkClose // ] or >>
)

type token struct {
	kind  tokKind
	start int
	n     int64  // tkInt
	text  string // tkName (decoded), tkKeyword
}

// dictInfo is what the pre-scan keeps of a dictionary's direct entries.
type dictInfo struct {
	ints     map[string]int64 // key → direct integer value
	refs     map[string]bool  // key → the value is an indirect reference
	names    map[string]string
	arrays   map[string][]int64 // key → integers of a direct array value
	hasParms bool
}

func newDict() *dictInfo {
	return &dictInfo{ints: map[string]int64{}, refs: map[string]bool{}, names: map[string]string{}, arrays: map[string][]int64{}}
}

// lexer tokenises PDF bytes exactly as digitorus/pdf does (its buffer.readToken), so that the
// depth the pre-scan sees is the depth the library would reach from any token boundary.
type lexer struct {
	data  []byte
	pos   int
	bound []uint64
}

func isPDFSpace(c byte) bool {
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '
}

func isPDFDelim(c byte) bool {
	switch c {
	case '<', '>', '(', ')', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func unhexByte(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// next returns the next token, or ok=false at the end of the data.
func (l *lexer) next() (t token, ok bool) {
	d := l.data
	for l.pos < len(d) {
		c := d[l.pos]
		if isPDFSpace(c) {
			l.pos++
			continue
		}
		if c == '%' {
			for l.pos < len(d) && d[l.pos] != '\r' && d[l.pos] != '\n' {
				l.pos++
			}
			continue
		}
		break
	}
	if l.pos >= len(d) {
		return t, false
	}
	t.start = l.pos
	l.bound[l.pos/64] |= 1 << (l.pos % 64)
	c := d[l.pos]
	l.pos++
	switch c {
	case '<':
		if l.pos < len(d) && d[l.pos] == '<' {
			l.pos++
			t.kind = tkOpen
			return t, true
		}
		for l.pos < len(d) && d[l.pos] != '>' {
			l.pos++
		}
		l.pos++
		return t, true
	case '>':
		if l.pos < len(d) && d[l.pos] == '>' {
			l.pos++
			t.kind = tkClose
			return t, true
		}
		return t, true // the library refuses a lone '>'
	case '[':
		t.kind = tkOpen
		return t, true
	case ']':
		t.kind = tkClose
		return t, true
	case '{', '}', ')':
		return t, true
	case '(':
		depth := 1
		for l.pos < len(d) && depth > 0 {
			switch d[l.pos] {
			case '(':
				depth++
			case ')':
				depth--
			case '\\':
				l.pos++
			}
			l.pos++
		}
		return t, true
	case '/':
		var name []byte
		for l.pos < len(d) && !isPDFDelim(d[l.pos]) && !isPDFSpace(d[l.pos]) {
			if d[l.pos] == '#' && l.pos+2 < len(d) {
				name = append(name, byte(unhexByte(d[l.pos+1])<<4|unhexByte(d[l.pos+2])))
				l.pos += 3
				continue
			}
			name = append(name, d[l.pos])
			l.pos++
		}
		t.kind, t.text = tkName, string(name)
		return t, true
	}
	for l.pos < len(d) && !isPDFDelim(d[l.pos]) && !isPDFSpace(d[l.pos]) {
		l.pos++
	}
	word := d[t.start:l.pos]
	if n, err := strconv.ParseInt(string(word), 10, 64); err == nil && len(word) < 20 && word[0] != '+' {
		t.kind, t.n = tkInt, n
		return t, true
	}
	t.kind, t.text = tkKeyword, string(word)
	return t, true
}

// prescanner walks a PDF (or a decompressed object stream) once.
type prescanner struct {
	lex      lexer
	objStm   bool    // the data is an object stream's content
	inflated *int64  // object-stream bytes inflated so far, for the whole file
	prevs    []int64 // every /Prev value, checked once all boundaries are known
	stmOffs  []int64 // object stream: first+offset of each object, checked likewise
}

// prescan checks data against the limits and returns the token boundaries.
func prescan(data []byte) (*scanned, error) {
	if int64(len(data)) > MaxPDFSize {
		return nil, limitErr("kích thước tệp (byte)", int64(len(data)), MaxPDFSize, "MaxPDFSize")
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		return nil, malformed("thiếu phần đầu %%PDF-")
	}
	end := len(bytes.TrimRight(data, "\x00\t\n\f\r "))
	eof := bytes.LastIndex(data, []byte("%%EOF"))
	if eof < 0 || end-eof > maxEOFDistance {
		return nil, malformed("không có %%%%EOF ở cuối tệp")
	}
	var inflated int64
	p := &prescanner{lex: lexer{data: data, bound: make([]uint64, len(data)/64+1)}, inflated: &inflated}
	if err := p.run(); err != nil {
		return nil, err
	}
	s := &scanned{data: data, bounds: p.lex.bound}
	sx := bytes.LastIndex(data[max(0, eof-200):eof], []byte("startxref"))
	if sx < 0 {
		return nil, malformed("không có startxref trước %%%%EOF")
	}
	l := lexer{data: data, pos: max(0, eof-200) + sx + len("startxref"), bound: make([]uint64, len(data)/64+1)}
	t, ok := l.next()
	if !ok || t.kind != tkInt || !s.boundary(t.n) {
		return nil, malformed("startxref không trỏ tới bảng tham chiếu chéo")
	}
	for _, off := range p.prevs {
		if !s.boundary(off) {
			return nil, malformed("/Prev %d không trỏ tới bảng tham chiếu chéo", off)
		}
	}
	return s, nil
}

// run tokenises the whole data, tracking nesting, object numbers and the dictionaries that
// the library reads directly (xref streams, object streams, predictor parameters).
func (p *prescanner) run() error {
	var (
		depth     int      // len(open), kept for the array-value bookkeeping below
		open      []byte   // the containers open: '[' array, '<' dictionary, 'o' object
		last      [2]token // the previous two tokens, most recent last
		dicts     []*dictInfo
		closed    *dictInfo // the dictionary closed by the previous token
		key       string    // a key of the innermost dictionary awaiting its value
		valKey    string    // the key whose integer value may turn out to be "N G R"
		valStage  int       // 1 after the value N, 2 after G
		arrKey    string    // the key whose direct array value is open
		arrAt     int       // depth of that array
		inXref    bool
		xrefRem   int64 // tokens left in the current xref subsection
		xrefStart int64
		haveStart bool
	)
	checkNum := func(n int64, what string) error {
		if n < 0 || n > MaxObjectNumber {
			return limitErr(what, n, MaxObjectNumber, "MaxObjectNumber")
		}
		return nil
	}
	deeper := func(kind byte) error {
		open = append(open, kind)
		depth = len(open)
		if depth > MaxNesting {
			return limitErr("độ lồng nhau của mảng, từ điển và đối tượng", int64(depth), MaxNesting, "MaxNesting")
		}
		return nil
	}
	for {
		t, ok := p.lex.next()
		if !ok {
			// In an object stream the library reads past the end as an endless run of EOF
			// tokens: an array still open there never ends.
			if p.objStm && bytes.IndexByte(open, '[') >= 0 {
				return malformed("luồng đối tượng (/ObjStm) kết thúc khi mảng chưa đóng")
			}
			return nil
		}
		if inXref {
			switch {
			case t.kind == tkKeyword && t.text == "trailer":
				inXref = false
			case xrefRem > 0:
				xrefRem--
				continue
			case t.kind == tkInt && !haveStart:
				xrefStart, haveStart = t.n, true
				continue
			case t.kind == tkInt:
				start, n := xrefStart, t.n
				if n < 0 || start < 0 || start > MaxObjectNumber || n > MaxObjectNumber+1-start {
					return limitErr("số hiệu đối tượng trong bảng xref", start+max(n, 1)-1, MaxObjectNumber, "MaxObjectNumber")
				}
				xrefRem, haveStart = 3*n, false
				continue
			default:
				return malformed("bảng xref hỏng ở byte %d", t.start)
			}
		}
		wasClosed := closed
		closed = nil
		var in *dictInfo
		if len(dicts) > 0 {
			in = dicts[len(dicts)-1]
		}
		// An integer value followed by "G R" is an indirect reference.
		switch {
		case valStage == 1 && t.kind == tkInt:
			valStage = 2
		case valStage == 2 && t.kind == tkKeyword && t.text == "R" && in != nil:
			delete(in.ints, valKey)
			in.refs[valKey] = true
			valStage = 0
		default:
			valStage = 0
		}
		if in != nil && key == "DecodeParms" {
			in.hasParms = true
		}
		switch t.kind {
		case tkOpen:
			if err := deeper(p.lex.data[t.start]); err != nil {
				return err
			}
			if p.lex.data[t.start] == '<' {
				dicts = append(dicts, newDict())
			} else if in != nil && key != "" && arrKey == "" {
				arrKey, arrAt = key, depth
				in.arrays[key] = []int64{}
			}
			key = ""
		case tkClose:
			if arrKey != "" && depth == arrAt {
				arrKey = ""
			}
			if p.lex.data[t.start] == '>' && in != nil {
				closed = in
				dicts = dicts[:len(dicts)-1]
				if err := checkDict(closed); err != nil {
					return err
				}
			}
			key = ""
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
			depth = len(open)
		case tkName:
			switch {
			case in == nil || arrKey != "":
			case key == "":
				key = t.text
			default:
				in.names[key] = t.text
				key = ""
			}
		case tkInt:
			switch {
			case in != nil && arrKey != "" && depth == arrAt:
				in.arrays[arrKey] = append(in.arrays[arrKey], t.n)
			case in != nil && key != "":
				in.ints[key] = t.n
				if key == "Prev" {
					p.prevs = append(p.prevs, t.n)
				}
				valKey, valStage, key = key, 1, ""
			}
		case tkKeyword:
			switch t.text {
			case "obj", "R":
				if last[1].kind == tkInt && last[0].kind == tkInt {
					if err := checkNum(last[0].n, "số hiệu đối tượng"); err != nil {
						return err
					}
				}
				if t.text == "obj" {
					if err := deeper('o'); err != nil {
						return err
					}
				}
			case "endobj":
				// The library, reading an array, puts back an endobj it meets and reads it
				// again, forever: refuse an object that ends inside an array.
				if len(open) > 0 && open[len(open)-1] == '[' {
					return malformed("mảng chưa đóng trước endobj ở byte %d", t.start)
				}
				if len(open) > 0 {
					open = open[:len(open)-1]
				}
				depth = len(open)
			case "xref":
				inXref, xrefRem, haveStart = true, 0, false
			case "stream":
				// Only "N G obj << … >> stream" has the library stop at the keyword; anywhere
				// else (inside an array, a dictionary, an object stream) it goes on to read the
				// stream's bytes as objects, which this scan would not have seen.
				if wasClosed == nil || p.objStm || len(open) == 0 || open[len(open)-1] != 'o' {
					return malformed("từ khóa stream không đứng sau từ điển của một đối tượng, ở byte %d", t.start)
				}
				if err := p.skipStream(wasClosed); err != nil {
					return err
				}
			}
			if t.text != "R" {
				key = ""
			}
		default:
			key = ""
		}
		last[0], last[1] = last[1], t
	}
}

// checkDict applies the limits to the direct entries of a dictionary the library may use.
func checkDict(d *dictInfo) error {
	if v, ok := d.ints["Size"]; ok && (v < 0 || v > MaxObjectNumber+1) {
		return limitErr("/Size (số đối tượng)", v, MaxObjectNumber+1, "MaxObjectNumber")
	}
	if v, ok := d.ints["Columns"]; ok && (v < 0 || v > maxPredictorColumns) {
		return malformed("/Columns %d quá lớn", v)
	}
	if d.refs["Columns"] || d.refs["Type"] {
		return malformed("/Columns hoặc /Type là tham chiếu gián tiếp")
	}
	if d.names["Type"] == "XRef" {
		w := d.arrays["W"]
		if len(w) < 3 {
			return malformed("luồng xref thiếu /W")
		}
		for _, x := range w {
			if x < 0 || x > 8 {
				return malformed("luồng xref có /W %v", w)
			}
		}
		idx := d.arrays["Index"]
		for i := 0; i+1 < len(idx); i += 2 {
			if idx[i] < 0 || idx[i+1] < 0 || idx[i] > MaxObjectNumber || idx[i+1] > MaxObjectNumber+1-idx[i] {
				return limitErr("số hiệu đối tượng trong /Index", idx[i]+idx[i+1], MaxObjectNumber, "MaxObjectNumber")
			}
		}
	}
	return nil
}

// skipStream moves past the data of the stream whose dictionary is d, the lexer standing just
// after the "stream" keyword. An object stream's content is inflated and scanned in turn,
// since the library parses the objects in it.
func (p *prescanner) skipStream(d *dictInfo) error {
	data := p.lex.data
	start := p.lex.pos
	if start < len(data) && data[start] == '\r' {
		start++
	}
	if start < len(data) && data[start] == '\n' {
		start++
	}
	end := -1
	if n, ok := d.ints["Length"]; ok && !d.refs["Length"] && n >= 0 && n <= int64(len(data)-start) {
		after := bytes.TrimLeft(data[start+int(n):], "\x00\t\n\f\r ")
		if bytes.HasPrefix(after, []byte("endstream")) {
			end = start + int(n)
		}
	}
	isObjStm := d.names["Type"] == "ObjStm"
	if end < 0 {
		if isObjStm {
			return malformed("luồng đối tượng (/ObjStm) có /Length không khớp")
		}
		i := bytes.Index(data[start:], []byte("endstream"))
		if i < 0 {
			return malformed("luồng dữ liệu không có endstream")
		}
		end = start + i
	}
	p.lex.pos = end
	if !isObjStm {
		return nil
	}
	return p.scanObjStm(d, data[start:end])
}

// scanObjStm inflates an object stream and scans its objects as digitorus/pdf would read them.
func (p *prescanner) scanObjStm(d *dictInfo, raw []byte) error {
	n, okN := d.ints["N"]
	first, okF := d.ints["First"]
	if !okN || !okF || d.refs["N"] || d.refs["First"] || n < 0 || n > MaxObjectNumber || first < 0 {
		return malformed("luồng đối tượng (/ObjStm) thiếu /N hoặc /First trực tiếp")
	}
	var content []byte
	switch d.names["Filter"] {
	case "":
		content = raw
	case "FlateDecode":
		if d.hasParms || d.refs["DecodeParms"] {
			return malformed("luồng đối tượng (/ObjStm) có /DecodeParms")
		}
		zr, err := zlib.NewReader(bytes.NewReader(raw))
		if err != nil {
			return malformed("luồng đối tượng (/ObjStm) không giải nén được: %v", err)
		}
		room := MaxObjectStreamBytes - *p.inflated
		content, err = io.ReadAll(io.LimitReader(zr, room+1))
		if int64(len(content)) > room {
			return limitErr("dung lượng giải nén các luồng đối tượng (byte)", *p.inflated+int64(len(content)), MaxObjectStreamBytes, "MaxObjectStreamBytes")
		}
		if err != nil {
			return malformed("luồng đối tượng (/ObjStm) không giải nén được: %v", err)
		}
	default:
		return malformed("luồng đối tượng (/ObjStm) dùng bộ lọc /%s", d.names["Filter"])
	}
	*p.inflated += int64(len(content))
	sub := &prescanner{lex: lexer{data: content, bound: make([]uint64, len(content)/64+1)}, objStm: true, inflated: p.inflated}
	if err := sub.runObjStm(n); err != nil {
		return err
	}
	sc := scanned{data: content, bounds: sub.lex.bound}
	for _, off := range sub.stmOffs {
		if pos := first + off; off >= 0 && pos < int64(len(content)) && !sc.boundary(pos) {
			return malformed("luồng đối tượng (/ObjStm): vị trí đối tượng %d không hợp lệ", off)
		}
	}
	return nil
}

// runObjStm reads an object stream's header (n pairs of object number and offset), then scans
// the rest like a file.
func (p *prescanner) runObjStm(n int64) error {
	for i := int64(0); i < n; i++ {
		id, ok1 := p.lex.next()
		off, ok2 := p.lex.next()
		if !ok1 || !ok2 {
			return nil
		}
		if id.kind == tkInt && (id.n < 0 || id.n > MaxObjectNumber) {
			return limitErr("số hiệu đối tượng trong luồng đối tượng", id.n, MaxObjectNumber, "MaxObjectNumber")
		}
		if off.kind == tkInt {
			p.stmOffs = append(p.stmOffs, off.n)
		}
	}
	return p.run()
}

// xrefOffsets returns the byte offsets the library will parse objects from, read from its
// cross-reference table (its fields are unexported; reflect reads them without unsafe).
func xrefOffsets(rdr *pdf.Reader) ([]int64, error) {
	var out []int64
	for _, x := range rdr.Xref() {
		v := reflect.ValueOf(x)
		in, off := v.FieldByName("inStream"), v.FieldByName("offset")
		if !in.IsValid() || !off.IsValid() || in.Kind() != reflect.Bool || off.Kind() != reflect.Int64 {
			return nil, errors.New("sign: digitorus/pdf's xref layout changed")
		}
		if !in.Bool() && off.Int() != 0 {
			out = append(out, off.Int())
		}
	}
	return out, nil
}

// openChecked pre-scans data, opens it with digitorus/pdf under a recover guard, and checks
// that every object offset in the cross-reference table is a token boundary seen by the
// pre-scan, so that no later parse can start inside a string or a stream.
func openChecked(data []byte) (*pdf.Reader, error) {
	sc, err := prescan(data)
	if err != nil {
		return nil, err
	}
	rdr, err := openPDF(data)
	if err != nil {
		return nil, err
	}
	offs, err := xrefOffsets(rdr)
	if err != nil {
		return nil, err
	}
	for _, off := range offs {
		if !sc.boundary(off) {
			return nil, malformed("bảng xref trỏ tới byte %d, không phải đầu một đối tượng", off)
		}
	}
	return rdr, nil
}
