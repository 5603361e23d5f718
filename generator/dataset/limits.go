package dataset

import (
	"fmt"
	"strings"
)

// The limits on a dataset. A real department's dataset stays far below each (the seed is 26 KB,
// 7 fields, 21 criteria, 4 levels of ids, its longest text under 1,000 characters), yet each is
// low enough that memory and stack stay bounded by the input; each is reported, with the file,
// before the part of the program it protects runs.
const (
	// MaxFileSize is the largest dataset file read, in bytes, checked before it is read whole:
	// 500 criteria each with four cells of 5,000 Vietnamese words fit in it.
	MaxFileSize = 16 << 20
	// MaxTextLen is the most characters one text value may hold, a cell of the appendix
	// included: about 15,000 words, the length of a 40-page report. Longer text would only make
	// the appendix's line breaking slow and big.
	MaxTextLen = 100_000
	// MaxDepth is the deepest nesting of tables and arrays: every part of a table's name
	// ([fields.criteria.rule] is 3), of a dotted key, and every [ or { around a value counts one.
	// Ids ten levels deep with banded rules need about 15. The TOML decoder recurses once per
	// level, and a Go stack overflow cannot be recovered, so the file is checked before decoding.
	MaxDepth = 64
	// MaxValues is the most values a file may write, counting every part of a key or table name
	// (a.b = 1 is two) and every array element: 500 criteria of 15 keys each write about 8,000.
	// The decoder and the line index keep about 100 bytes for each, so this bounds them
	// whatever the shape of the file.
	MaxValues = 100_000
	// MaxNumberLen is the longest number, in characters: written as text ("9,03") or as a TOML
	// decimal (9.03, underscores left out), which is read exactly from what is written.
	MaxNumberLen = 30
	// MaxCriteria is the most criteria (fields included) the criteria tree may hold: the
	// appraisal index has about 130, and the appendix gets at most one row per criterion.
	MaxCriteria = 5_000
	// MinYear and MaxYear bound the year of every date: a report's dates are recent, and a
	// year outside (0000-01-01, 20222) is a typing mistake, and year 0 would read as no date.
	MinYear = 1900
	MaxYear = 2999
	// MaxErrors is the most problems reported for one dataset; the rest are counted in one last
	// line, so that a broken file cannot produce a message bigger than itself many times over.
	MaxErrors = 200
)

// checkSize reports a file over MaxFileSize.
func checkSize(name string, size int64) *Error {
	if size <= MaxFileSize {
		return nil
	}
	return &Error{File: name, Msg: fmt.Sprintf("tệp dữ liệu lớn %s, vượt giới hạn %s (MaxFileSize); một bộ dữ liệu thật chỉ vài trăm KB — có chọn nhầm tệp?",
		sizeText(size), sizeText(MaxFileSize))}
}

func sizeText(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d byte", n)
}

// checkShape reads the text once, cheaply, before the TOML decoder does, and reports the first
// place where tables and arrays nest deeper than MaxDepth or where the file writes more than
// MaxValues values. It knows strings, comments, keys and values apart, as the decoder does,
// so that neither a bracket in a string nor a string it misreads can hide a level from it.
func checkShape(name, src string) *Error {
	type level struct {
		table bool // an inline table, whose keys add their parts; else an array
		parts int  // the parts of the inline table's current key
	}
	var stack []level
	header, top := 0, 0 // parts of the table header in force and of the top-level key
	inKey := true       // reading a key (or a header), not a value
	depth := func() int {
		d := header + top
		for _, l := range stack {
			d += 1 + l.parts
		}
		return d
	}
	values := 0
	fail := func(off int, msg string) *Error {
		line, col := lineCol(src, off)
		return &Error{File: name, Line: line, Col: col, Msg: msg, off: off}
	}
	tooDeep := func(off int) *Error {
		return fail(off, fmt.Sprintf("bảng và mảng lồng nhau quá %d cấp (giới hạn MaxDepth; mỗi phần của tên bảng, của khóa có dấu chấm và mỗi [ hoặc { tính một cấp)", MaxDepth))
	}
	count := func(off int) *Error {
		if values++; values > MaxValues {
			return fail(off, fmt.Sprintf("tệp ghi quá %d giá trị (khóa, bảng và phần tử mảng; giới hạn MaxValues)", MaxValues))
		}
		return nil
	}
	// keyPart counts a part of the key being read, at the top or in the innermost inline table.
	keyPart := func(off int) *Error {
		if e := count(off); e != nil {
			return e
		}
		if len(stack) > 0 {
			stack[len(stack)-1].parts++
		} else {
			top++
		}
		if depth() > MaxDepth {
			return tooDeep(off)
		}
		return nil
	}
	keyStarted := func() bool {
		if len(stack) > 0 {
			return stack[len(stack)-1].parts > 0
		}
		return top > 0
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case ' ', '\t', '\r':
			continue
		case '#':
			if j := strings.IndexByte(src[i+1:], '\n'); j >= 0 {
				i += j // the newline is next
			} else {
				i = len(src) - 1
			}
			continue
		case '\n':
			if len(stack) == 0 {
				inKey, top = true, 0
			}
			continue
		case '"', '\'':
			if inKey && !keyStarted() {
				if e := keyPart(i); e != nil {
					return e
				}
			}
			i = skipString(src, i) - 1
			continue
		}
		if inKey {
			switch {
			case c == '[' && len(stack) == 0 && top == 0:
				// A table header: [a.b] or [[a.b]]; it ends the previous table's keys.
				header, top = 0, 0
				if e := count(i); e != nil {
					return e
				}
				j := i + 1
				for j < len(src) && src[j] == '[' {
					j++
				}
				header = 1
				for j < len(src) && src[j] != ']' && src[j] != '\n' {
					switch src[j] {
					case '"', '\'':
						j = skipString(src, j)
						continue
					case '.':
						if header++; header > MaxDepth {
							return tooDeep(j)
						}
						if e := count(j); e != nil {
							return e
						}
					}
					j++
				}
				for j < len(src) && src[j] == ']' {
					j++
				}
				i = j - 1
			case c == '.':
				if e := keyPart(i); e != nil {
					return e
				}
			case c == '=':
				inKey = false
			case c == '}' && len(stack) > 0:
				stack = stack[:len(stack)-1]
				inKey = false
			case !keyStarted():
				if e := keyPart(i); e != nil {
					return e
				}
			}
			continue
		}
		switch c {
		case '[', '{':
			stack = append(stack, level{table: c == '{'})
			if depth() > MaxDepth {
				return tooDeep(i)
			}
			if c == '{' {
				inKey = true
			} else if e := count(i); e != nil {
				return e
			}
		case ']', '}':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case ',':
			if n := len(stack); n > 0 && stack[n-1].table {
				stack[n-1].parts = 0
				inKey = true
			} else if e := count(i); e != nil {
				return e
			}
		}
	}
	return nil
}

// skipString returns the offset just past the string that starts at src[i] (a quote), read as
// TOML reads it: a triple-quoted string spans lines and may end with up to two more quotes; a
// single-quoted one ends at the line's end when unclosed; only double quotes have escapes.
func skipString(src string, i int) int {
	q := src[i]
	if strings.HasPrefix(src[i:], string([]byte{q, q, q})) {
		for j := i + 3; j < len(src); j++ {
			switch {
			case src[j] == '\\' && q == '"':
				j++
			case src[j] == q && strings.HasPrefix(src[j:], string([]byte{q, q, q})):
				j += 3
				for extra := 0; extra < 2 && j < len(src) && src[j] == q; extra++ {
					j++
				}
				return j
			}
		}
		return len(src)
	}
	return skipQuoted(src, i)
}

// skipQuoted returns the offset just past the one-line string that starts at src[i] (a quote):
// past its closing quote, or at the newline or the end of the text that cuts it short.
func skipQuoted(src string, i int) int {
	q := src[i]
	// The next quote, and the next newline and escape before it, found by IndexByte and looked
	// for again only once j has passed them: a long string with many escapes is read once.
	quote, nl, esc := -1, -1, -1
	for j := i + 1; j < len(src); {
		if quote < j {
			quote = indexFrom(src, q, j, len(src))
			nl, esc = -1, -1
		}
		if nl < j {
			nl = indexFrom(src, '\n', j, quote)
		}
		if esc < j {
			esc = quote
			if q == '"' {
				esc = indexFrom(src, '\\', j, quote)
			}
		}
		switch {
		case esc < quote && esc < nl:
			j = esc + 2 // the escaped character, a quote or a newline included
		case nl < quote:
			return nl
		case quote == len(src):
			return len(src)
		default:
			return quote + 1
		}
	}
	return len(src)
}

// indexFrom returns the offset of the first c in src[from:to], or to when there is none.
func indexFrom(src string, c byte, from, to int) int {
	if k := strings.IndexByte(src[from:to], c); k >= 0 {
		return from + k
	}
	return to
}
