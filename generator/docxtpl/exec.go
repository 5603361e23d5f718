package docxtpl

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/baocao-vn/baocao/internal/nfc"
)

// budget is what one Execute may still spend, across its parts: bytes of output and steps.
type budget struct {
	bytes, steps int
	hit          bool // a limit was reached: stop everywhere
}

// state is one execution of one part's tree.
type state struct {
	tpl, part string
	buf       *chunks // nil when only checking fields
	stack     []any   // the context stack; the innermost context is last
	secs      []*tag  // the sections being executed, for naming the one that hit a limit
	errs      []*Error
	failed    map[*tag]bool
	budget    *budget
	ids       *ids
}

func (s *state) fail(t *tag, kind error, format string, args ...any) {
	if s.failed[t] {
		return // a tag in a repeated section fails the same way each time: say it once
	}
	s.failed[t] = true
	s.errs = append(s.errs, &Error{
		Template: s.tpl, Part: s.part, Paragraph: t.para.num, Tag: t.shown(),
		Context: excerpt(t.para.text, t.pos, t.end), Kind: kind, Msg: fmt.Sprintf(format, args...),
	})
}

// spend takes n bytes of output and one step from the budget; when either runs out it
// reports the limit, at the innermost section being repeated, and stops the execution.
func (s *state) spend(n int) bool {
	b := s.budget
	if b.hit {
		return false
	}
	b.steps--
	b.bytes -= n
	if b.steps >= 0 && b.bytes >= 0 {
		return true
	}
	b.hit = true
	what := fmt.Sprintf("báo cáo điền từ mẫu vượt giới hạn %s", mb(MaxOutputSize))
	if b.steps < 0 {
		what = fmt.Sprintf("điền mẫu vượt giới hạn %d bước", MaxSteps)
	}
	e := &Error{Template: s.tpl, Part: s.part, Kind: ErrLimit, Msg: what + " (các khối lặp lồng nhau lặp quá nhiều lần?)"}
	if len(s.secs) > 0 {
		t := s.secs[len(s.secs)-1]
		e.Paragraph, e.Tag, e.Context = t.para.num, t.shown(), excerpt(t.para.text, t.pos, t.end)
		e.Msg = fmt.Sprintf("khối %s: %s", t.shown(), e.Msg)
	}
	s.errs = append(s.errs, e)
	return false
}

func (s *state) write(str string) {
	if s.spend(len(str)) && s.buf != nil {
		s.buf.WriteString(str)
	}
}

func (s *state) walk(nodes []node) {
	for _, n := range nodes {
		if s.budget.hit {
			return
		}
		switch n := n.(type) {
		case textNode:
			s.write(string(n))
		case *idNode:
			s.write(s.ids.value(n))
		case *commentNode:
			if s.ids.anchor(n) && s.spend(len(n.markup)) && s.buf != nil {
				s.buf.Defer(anchor{&s.ids.comments, n})
			}
		case *fieldNode:
			v, ok := s.lookup(n.tag)
			if !ok {
				continue
			}
			text, err := scalar(v)
			if err != nil {
				s.fail(n.tag, err, "trường %s %s", n.tag.shown(), describe(n.tag, v, err))
				continue
			}
			s.write(valueXML(text, n.inline))
		case *sectionNode:
			if !s.spend(0) {
				return
			}
			v, ok := s.lookup(n.tag)
			if !ok {
				continue
			}
			items, truth, err := expand(v)
			if err != nil {
				s.fail(n.tag, err, "khối %s: %s", n.tag.shown(), describe(n.tag, v, err))
				continue
			}
			s.secs = append(s.secs, n.tag)
			if n.inverted {
				if !truth {
					s.ids.renew(n.owned)
					s.walk(n.nodes)
				}
			} else {
				if s.buf == nil && len(items) > 1 {
					items = items[:1] // checking fields: one item shows what each would say
				}
				for _, it := range items {
					if !s.spend(0) {
						break
					}
					s.ids.renew(n.owned)
					s.stack = append(s.stack, it)
					s.walk(n.nodes)
					s.stack = s.stack[:len(s.stack)-1]
				}
			}
			s.secs = s.secs[:len(s.secs)-1]
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
			parent := v
			var isMap bool
			v, found, isMap = get(v, key)
			if !found {
				walked := strings.Join(t.path[:k+1], ".")
				if !isMap {
					s.fail(t, ErrUnknownField, "không có trường %q: %q không phải một nhóm", clip(t.name), clip(walked))
				} else {
					s.fail(t, ErrUnknownField, "không có trường %q: %q không có khóa %q%s", clip(t.name), clip(walked), clip(key),
						didYouMean(key, keys(parent)))
				}
				return nil, false
			}
		}
		return v, true
	}
	if !s.failed[t] {
		var names []string
		for _, c := range s.stack {
			names = append(names, keys(c)...)
		}
		s.fail(t, ErrUnknownField, "không có trường %q trong dữ liệu%s", clip(t.name), didYouMean(t.path[0], names))
	}
	return nil, false
}

// keys lists the keys of a map with string keys.
func keys(v any) []string {
	switch m := v.(type) {
	case map[string]any:
		out := make([]string, 0, len(m))
		for k := range m {
			out = append(out, k)
		}
		return out
	case map[string]string:
		out := make([]string, 0, len(m))
		for k := range m {
			out = append(out, k)
		}
		return out
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Map || rv.Type().Key().Kind() != reflect.String {
		return nil
	}
	var out []string
	for _, k := range rv.MapKeys() {
		out = append(out, k.String())
	}
	return out
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
		return yesNo(x), nil
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
		return yesNo(rv.Bool()), nil
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

// yesNo prints a yes/no value the way the report says it.
func yesNo(b bool) string {
	if b {
		return "có"
	}
	return "không"
}

// describe explains a value error to a template's author, in the template's terms: never a
// Go type.
func describe(t *tag, v any, err error) string {
	if err != ErrNotSingleValue {
		return "có giá trị không in được (chỉ in được chữ, số nguyên, có/không)"
	}
	name := clip(t.name)
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Map {
		ks := keys(v)
		sort.Strings(ks)
		if len(ks) == 0 {
			return "là một nhóm, không phải một giá trị: dùng {" + name + ".khóa}"
		}
		return fmt.Sprintf("là một nhóm (%s), không phải một giá trị: dùng {%s.%s}", clip(strings.Join(ks, ", ")), name, clip(ks[0]))
	}
	return fmt.Sprintf("là một danh sách, không phải một giá trị: dùng {#%s}…{/%s} để lặp lại theo từng mục", name, name)
}

// valueXML writes a value as the content of the <w:t> it was placed in: NFC, escaped, with
// tabs as <w:tab/> in the same run. Line breaks become <w:br/> where the value stands alone in
// its paragraph; inside running text they would break a justified line, so there each line
// break and the spaces around it become one space.
func valueXML(s string, inline bool) string {
	s = nfc.String(s)
	if inline && strings.ContainsAny(s, "\r\n") {
		lines := strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' })
		kept := lines[:0]
		for i, l := range lines {
			if i > 0 {
				l = strings.TrimLeft(l, " \t")
			}
			if i < len(lines)-1 {
				l = strings.TrimRight(l, " \t")
			}
			if strings.TrimSpace(l) != "" {
				kept = append(kept, l)
			}
		}
		s = strings.Join(kept, " ")
	}
	var b strings.Builder
	last := 0 // s[last:i] is copied as it is
	for i := 0; i < len(s); {
		c := s[i]
		var rep string
		size := 1
		switch {
		case c >= 0x80:
			r, n := utf8.DecodeRuneInString(s[i:])
			size = n
			if !(r == utf8.RuneError && n == 1) && r != 0xFFFE && r != 0xFFFF {
				i += n
				continue
			}
			// Not allowed in XML 1.0: Word would refuse the file.
		case c == '&':
			rep = "&amp;"
		case c == '<':
			rep = "&lt;"
		case c == '>':
			rep = "&gt;"
		case c == '"':
			rep = "&quot;"
		case c == '\'':
			rep = "&apos;"
		case c == '\r' && i+1 < len(s) && s[i+1] == '\n':
		case c == '\r', c == '\n':
			rep = `</w:t><w:br/><w:t xml:space="preserve">`
		case c == '\t':
			rep = `</w:t><w:tab/><w:t xml:space="preserve">`
		case c < 0x20:
			// Not allowed in XML 1.0.
		default:
			i++
			continue
		}
		if b.Len() == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[last:i])
		b.WriteString(rep)
		i += size
		last = i
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}
