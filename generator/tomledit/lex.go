package tomledit

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// itemType identifies a token of TOML text.
type itemType int

const (
	itemError     itemType = iota // val holds the message
	itemEOF                       // end of input
	itemNewline                   // "\n" or "\r\n"
	itemComment                   // "# …" up to the end of the line
	itemBare                      // a bare key (key context) or a number, bool, date or time (value context)
	itemBasic                     // "…"
	itemLiteral                   // '…'
	itemMLBasic                   // """…"""
	itemMLLiteral                 // '''…'''
	itemDot                       // .
	itemEquals                    // =
	itemComma                     // ,
	itemLBracket                  // [
	itemRBracket                  // ]
	itemLBrace                    // {
	itemRBrace                    // }
)

// item is one token: its type and its bytes src[pos:end].
type item struct {
	typ      itemType
	pos, end int
	val      string // the message of an itemError
}

// context tells the lexer how to read a bare word: a key is [A-Za-z0-9_-]+; a value may also
// hold '+', '.', ':' and one space between a date and a time.
type context int

const (
	keyContext context = iota
	valueContext
)

// lexer splits TOML text into items on demand: the parser asks for the next item in the
// context it is in (a bare word means different things before and after "=").
type lexer struct {
	src   string
	pos   int
	start int
}

// next skips blanks (spaces and tabs) and returns the next item.
func (l *lexer) next(ctx context) item {
	for l.pos < len(l.src) && (l.src[l.pos] == ' ' || l.src[l.pos] == '\t') {
		l.pos++
	}
	l.start = l.pos
	if l.pos >= len(l.src) {
		return item{typ: itemEOF, pos: l.pos, end: l.pos}
	}
	c := l.src[l.pos]
	switch {
	case c == '\n':
		l.pos++
		return l.emit(itemNewline)
	case c == '\r':
		if strings.HasPrefix(l.src[l.pos:], "\r\n") {
			l.pos += 2
			return l.emit(itemNewline)
		}
		return l.errorf("ký tự xuống dòng \\r lẻ")
	case c == '#':
		return l.comment()
	case c == '"':
		if strings.HasPrefix(l.src[l.pos:], `"""`) {
			return l.multiline('"', itemMLBasic)
		}
		return l.basic()
	case c == '\'':
		if strings.HasPrefix(l.src[l.pos:], `'''`) {
			return l.multiline('\'', itemMLLiteral)
		}
		return l.literal()
	case c == '.' && ctx == keyContext:
		l.pos++
		return l.emit(itemDot)
	case c == '=':
		l.pos++
		return l.emit(itemEquals)
	case c == ',':
		l.pos++
		return l.emit(itemComma)
	case c == '[':
		l.pos++
		return l.emit(itemLBracket)
	case c == ']':
		l.pos++
		return l.emit(itemRBracket)
	case c == '{':
		l.pos++
		return l.emit(itemLBrace)
	case c == '}':
		l.pos++
		return l.emit(itemRBrace)
	case isBareChar(c) || (ctx == valueContext && isValueChar(c)):
		return l.bare(ctx)
	}
	r, _ := utf8.DecodeRuneInString(l.src[l.pos:])
	return l.errorf("ký tự không hợp lệ %q", r)
}

func (l *lexer) emit(t itemType) item { return item{typ: t, pos: l.start, end: l.pos} }

func (l *lexer) errorf(format string, args ...any) item {
	return item{typ: itemError, pos: l.pos, end: l.pos, val: fmt.Sprintf(format, args...)}
}

func isBareChar(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

func isValueChar(c byte) bool { return isBareChar(c) || c == '+' || c == '.' || c == ':' }

// isControl reports the control characters TOML forbids in strings and comments (tab allowed).
func isControl(c byte) bool { return c < 0x20 && c != '\t' || c == 0x7f }

func (l *lexer) comment() item {
	for l.pos < len(l.src) && l.src[l.pos] != '\n' {
		c := l.src[l.pos]
		if c == '\r' && strings.HasPrefix(l.src[l.pos:], "\r\n") {
			break
		}
		if isControl(c) {
			return l.errorf("ký tự điều khiển trong chú thích")
		}
		l.pos++
	}
	return l.emit(itemComment)
}

// bare reads a bare key, or in value context a number, boolean, date or time, allowing the
// one space TOML allows between a date and a time ("1979-05-27 07:32:00").
func (l *lexer) bare(ctx context) item {
	ok := isBareChar
	if ctx == valueContext {
		ok = isValueChar
	}
	for l.pos < len(l.src) && ok(l.src[l.pos]) {
		l.pos++
	}
	if ctx == valueContext && isDate(l.src[l.start:l.pos]) && l.pos+3 < len(l.src) && l.src[l.pos] == ' ' &&
		isDigit(l.src[l.pos+1]) && isDigit(l.src[l.pos+2]) && l.src[l.pos+3] == ':' {
		l.pos++
		for l.pos < len(l.src) && ok(l.src[l.pos]) {
			l.pos++
		}
	}
	return l.emit(itemBare)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isDate reports whether s is YYYY-MM-DD in shape.
func isDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i := 0; i < 10; i++ {
		if i != 4 && i != 7 && !isDigit(s[i]) {
			return false
		}
	}
	return true
}

func (l *lexer) basic() item {
	l.pos++ // opening quote
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == '"':
			l.pos++
			return l.emit(itemBasic)
		case c == '\\':
			n, err := escapeLen(l.src[l.pos:])
			if err != "" {
				return l.errorf("%s", err)
			}
			l.pos += n
		case c == '\n' || c == '\r':
			return l.errorf("chuỗi chưa đóng trước khi hết dòng")
		case isControl(c):
			return l.errorf("ký tự điều khiển trong chuỗi")
		default:
			l.pos++
		}
	}
	return l.errorf("chuỗi chưa đóng")
}

func (l *lexer) literal() item {
	l.pos++
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == '\'':
			l.pos++
			return l.emit(itemLiteral)
		case c == '\n' || c == '\r':
			return l.errorf("chuỗi chưa đóng trước khi hết dòng")
		case isControl(c):
			return l.errorf("ký tự điều khiển trong chuỗi")
		}
		l.pos++
	}
	return l.errorf("chuỗi chưa đóng")
}

// multiline reads """…""" or ”'…”'. Up to two quotes may stand just before the closing
// three: they belong to the content.
func (l *lexer) multiline(q byte, t itemType) item {
	l.pos += 3
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == q:
			n := 0
			for l.pos+n < len(l.src) && l.src[l.pos+n] == q {
				n++
			}
			if n >= 3 {
				if n > 5 {
					return l.errorf("quá nhiều dấu nháy liền nhau trong chuỗi nhiều dòng")
				}
				l.pos += n
				return l.emit(t)
			}
			l.pos += n
		case c == '\\' && q == '"':
			if n := lineEndingBackslash(l.src[l.pos:]); n > 0 {
				l.pos += n
				continue
			}
			n, err := escapeLen(l.src[l.pos:])
			if err != "" {
				return l.errorf("%s", err)
			}
			l.pos += n
		case c == '\r':
			if !strings.HasPrefix(l.src[l.pos:], "\r\n") {
				return l.errorf("ký tự xuống dòng \\r lẻ")
			}
			l.pos += 2
		case c != '\n' && isControl(c):
			return l.errorf("ký tự điều khiển trong chuỗi")
		default:
			l.pos++
		}
	}
	return l.errorf("chuỗi nhiều dòng chưa đóng")
}

// lineEndingBackslash returns the length of a "\" followed by blanks and a newline (which, in
// a multi-line basic string, trims the newline and the whitespace after it), or 0.
func lineEndingBackslash(s string) int {
	i := 1
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i < len(s) && s[i] == '\n' {
		return i + 1
	}
	if strings.HasPrefix(s[i:], "\r\n") {
		return i + 2
	}
	return 0
}

// escapeLen returns the length of the escape sequence at the start of s, or a message.
func escapeLen(s string) (int, string) {
	if len(s) < 2 {
		return 0, "chuỗi chưa đóng"
	}
	switch s[1] {
	case 'b', 't', 'n', 'f', 'r', '"', '\\':
		return 2, ""
	case 'u', 'U':
		n := 4
		if s[1] == 'U' {
			n = 8
		}
		if len(s) < 2+n {
			return 0, "mã \\u không đủ chữ số"
		}
		v, err := strconv.ParseUint(s[2:2+n], 16, 32)
		if err != nil || v > utf8.MaxRune || v >= 0xD800 && v <= 0xDFFF {
			return 0, fmt.Sprintf("mã ký tự không hợp lệ %q", s[:2+n])
		}
		return 2 + n, ""
	}
	return 0, fmt.Sprintf("chuỗi thoát không hợp lệ %q", s[:2])
}

// unquote decodes the text of a string item (quotes included).
func unquote(t itemType, raw string) string {
	switch t {
	case itemLiteral:
		return raw[1 : len(raw)-1]
	case itemMLLiteral:
		return trimFirstNewline(raw[3 : len(raw)-3])
	case itemBasic:
		return unescape(raw[1:len(raw)-1], false)
	case itemMLBasic:
		return unescape(trimFirstNewline(raw[3:len(raw)-3]), true)
	}
	return raw
}

func trimFirstNewline(s string) string {
	if strings.HasPrefix(s, "\n") {
		return s[1:]
	}
	if strings.HasPrefix(s, "\r\n") {
		return s[2:]
	}
	return s
}

// unescape decodes the escapes of a basic string the lexer has accepted.
func unescape(s string, multi bool) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			i++
			continue
		}
		if multi {
			if n := lineEndingBackslash(s[i:]); n > 0 {
				i += n
				for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
					i++
				}
				continue
			}
		}
		n, _ := escapeLen(s[i:])
		switch s[i+1] {
		case 'b':
			b.WriteByte('\b')
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'f':
			b.WriteByte('\f')
		case 'r':
			b.WriteByte('\r')
		case '"':
			b.WriteByte('"')
		case '\\':
			b.WriteByte('\\')
		case 'u', 'U':
			v, _ := strconv.ParseUint(s[i+2:i+n], 16, 32)
			b.WriteRune(rune(v))
		}
		if n < 2 {
			n = 2
		}
		i += n
	}
	return b.String()
}
