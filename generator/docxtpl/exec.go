package docxtpl

import (
	"bytes"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// state is one execution of one part's tree.
type state struct {
	tpl, part string
	buf       *bytes.Buffer
	stack     []any // the context stack; the innermost context is last
	errs      []*Error
	failed    map[*tag]bool
}

func (s *state) fail(t *tag, kind error, format string, args ...any) {
	if s.failed[t] {
		return // a tag in a repeated section fails the same way each time: say it once
	}
	s.failed[t] = true
	s.errs = append(s.errs, &Error{
		Template: s.tpl, Part: s.part, Paragraph: t.para.num, Tag: t.raw,
		Context: excerpt(t.para.text, t.pos, t.end), Kind: kind, Msg: fmt.Sprintf(format, args...),
	})
}

func (s *state) walk(nodes []node) {
	for _, n := range nodes {
		switch n := n.(type) {
		case textNode:
			s.buf.WriteString(string(n))
		case *fieldNode:
			v, ok := s.lookup(n.tag)
			if !ok {
				continue
			}
			text, err := scalar(v)
			if err != nil {
				s.fail(n.tag, err, "trường %s: %s", n.tag.raw, describe(v, err))
				continue
			}
			writeText(s.buf, text)
		case *sectionNode:
			v, ok := s.lookup(n.tag)
			if !ok {
				continue
			}
			items, truth, err := expand(v)
			if err != nil {
				s.fail(n.tag, err, "khối %s: %s", n.tag.raw, describe(v, err))
				continue
			}
			if n.inverted {
				if !truth {
					s.walk(n.nodes)
				}
				continue
			}
			for _, it := range items {
				s.stack = append(s.stack, it)
				s.walk(n.nodes)
				s.stack = s.stack[:len(s.stack)-1]
			}
		}
	}
}

// lookup resolves a tag's name: "." is the innermost context; otherwise the first name is
// looked up from the innermost context outwards and the rest descend into maps.
func (s *state) lookup(t *tag) (any, bool) {
	if t.path[0] == "." {
		return s.stack[len(s.stack)-1], true
	}
	for i := len(s.stack) - 1; i >= 0; i-- {
		v, found, _ := get(s.stack[i], t.path[0])
		if !found {
			continue
		}
		for k, key := range t.path[1:] {
			var isMap bool
			v, found, isMap = get(v, key)
			if !found {
				walked := strings.Join(t.path[:k+1], ".")
				if !isMap {
					s.fail(t, ErrUnknownField, "không có trường %q: %q không phải một nhóm", t.name, walked)
				} else {
					s.fail(t, ErrUnknownField, "không có trường %q: %q không có khóa %q", t.name, walked, key)
				}
				return nil, false
			}
		}
		return v, true
	}
	s.fail(t, ErrUnknownField, "không có trường %q trong dữ liệu", t.name)
	return nil, false
}

// get reads key from a map with string keys.
func get(v any, key string) (val any, found, isMap bool) {
	switch m := v.(type) {
	case map[string]any:
		val, found = m[key]
		return val, found, true
	case map[string]string:
		val, found = m[key]
		return val, found, true
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Map || rv.Type().Key().Kind() != reflect.String {
		return nil, false, false
	}
	e := rv.MapIndex(reflect.ValueOf(key).Convert(rv.Type().Key()))
	if !e.IsValid() {
		return nil, false, true
	}
	return e.Interface(), true, true
}

// scalar formats a single value as text.
func scalar(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	case bool:
		return strconv.FormatBool(x), nil
	case int:
		return strconv.Itoa(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case fmt.Stringer:
		return x.String(), nil
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(rv.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(rv.Uint(), 10), nil
	case reflect.String:
		return rv.String(), nil
	case reflect.Bool:
		return strconv.FormatBool(rv.Bool()), nil
	case reflect.Slice, reflect.Array, reflect.Map:
		return "", ErrNotSingleValue
	}
	return "", ErrUnsupportedValue
}

// expand returns the contexts a section renders with and whether its value counts as true:
// a list gives its items; a true scalar gives itself once; a false one gives nothing.
func expand(v any) ([]any, bool, error) {
	switch x := v.(type) {
	case nil:
		return nil, false, nil
	case []map[string]any:
		items := make([]any, len(x))
		for i, m := range x {
			items[i] = m
		}
		return items, len(x) > 0, nil
	case []string:
		items := make([]any, len(x))
		for i, s := range x {
			items[i] = s
		}
		return items, len(x) > 0, nil
	case []any:
		return x, len(x) > 0, nil
	case map[string]any:
		return []any{x}, true, nil
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		items := make([]any, rv.Len())
		for i := range items {
			items[i] = rv.Index(i).Interface()
		}
		return items, len(items) > 0, nil
	case reflect.Map:
		if rv.IsNil() {
			return nil, false, nil
		}
		return []any{v}, true, nil
	case reflect.Bool:
		if rv.Bool() {
			return []any{v}, true, nil
		}
		return nil, false, nil
	}
	text, err := scalar(v)
	if err != nil {
		return nil, false, err
	}
	if text == "" || text == "0" {
		return nil, false, nil
	}
	return []any{v}, true, nil
}

// describe explains a value error to a template's author.
func describe(v any, err error) string {
	if err == ErrNotSingleValue {
		return fmt.Sprintf("là danh sách hoặc nhóm (%T), ở đây cần một giá trị đơn", v)
	}
	return fmt.Sprintf("không dùng được giá trị kiểu %T", v)
}

// writeText writes a value as the content of the <w:t> it was placed in: NFC, escaped, with
// line breaks and tabs as <w:br/> and <w:tab/> in the same run.
func writeText(b *bytes.Buffer, s string) {
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\'':
			b.WriteString("&apos;")
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue
			}
			b.WriteString(`</w:t><w:br/><w:t xml:space="preserve">`)
		case r == '\n':
			b.WriteString(`</w:t><w:br/><w:t xml:space="preserve">`)
		case r == '\t':
			b.WriteString(`</w:t><w:tab/><w:t xml:space="preserve">`)
		case r == utf8.RuneError && size == 1, r < 0x20, r == 0xFFFE, r == 0xFFFF:
			// Not allowed in XML 1.0: Word would refuse the file.
		default:
			b.WriteRune(r)
		}
	}
}
