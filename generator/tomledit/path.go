package tomledit

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// segment is one step of a key path: a key, or an index into an array.
type segment struct {
	key   string
	index int // -1 for a key
}

// parsePath reads a key path as the dataset's messages write it: keys joined by ".", an
// index as "[n]", a key that is not bare in double quotes (`fields[0].criteria[2].score`,
// `a."b.c"`).
func parsePath(p string) ([]segment, error) {
	var segs []segment
	bad := func(why string) ([]segment, error) {
		return nil, fmt.Errorf("đường dẫn khóa %q không hợp lệ: %s", p, why)
	}
	if !utf8.ValidString(p) {
		return bad("không phải UTF-8")
	}
	for i := 0; i < len(p); {
		switch c := p[i]; {
		case c == '[':
			j := strings.IndexByte(p[i:], ']')
			if j < 0 {
				return bad("thiếu \"]\"")
			}
			n, err := strconv.Atoi(p[i+1 : i+j])
			if err != nil || n < 0 || strings.HasPrefix(p[i+1:i+j], "+") {
				return bad("chỉ số phải là số tự nhiên")
			}
			if len(segs) == 0 {
				return bad("chỉ số đứng đầu")
			}
			segs = append(segs, segment{index: n})
			i += j + 1
		case c == '.':
			if len(segs) == 0 || i+1 >= len(p) || p[i+1] == '.' || p[i+1] == '[' {
				return bad("dấu chấm đặt sai chỗ")
			}
			i++
		case c == '"':
			if len(segs) > 0 && p[i-1] != '.' {
				return bad("thiếu dấu chấm trước khóa")
			}
			l := lexer{src: p, pos: i, start: i}
			it := l.basic()
			if it.typ == itemError {
				return bad(it.val)
			}
			segs = append(segs, segment{key: unquote(itemBasic, p[it.pos:it.end]), index: -1})
			i = it.end
		case isBareChar(c):
			if len(segs) > 0 && p[i-1] != '.' {
				return bad("thiếu dấu chấm trước khóa")
			}
			j := i
			for j < len(p) && isBareChar(p[j]) {
				j++
			}
			segs = append(segs, segment{key: p[i:j], index: -1})
			i = j
		default:
			return bad(fmt.Sprintf("ký tự %q", c))
		}
	}
	if len(segs) == 0 {
		return bad("rỗng")
	}
	return segs, nil
}

// pathString writes segments in the form parsePath reads; it is the key of the parser's index.
func pathString(segs []segment) string {
	var b strings.Builder
	for i, s := range segs {
		if s.index >= 0 {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s.index))
			b.WriteByte(']')
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(keyText(s.key))
	}
	return b.String()
}

// keyText writes a key as TOML does: bare when it can be, else a basic string.
func keyText(k string) string {
	if k != "" && isBare(k) {
		return k
	}
	return basicString(k)
}

func isBare(k string) bool {
	for i := 0; i < len(k); i++ {
		if !isBareChar(k[i]) {
			return false
		}
	}
	return true
}
