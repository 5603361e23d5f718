package tomledit

import (
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/baocao-vn/baocao/internal/testtool"
)

func TestApply(t *testing.T) {
	tests := []struct {
		name, src, path string
		v               Value
		want            string
	}{
		{"comment after value", "[document]\nnumber = \"27\"   # số văn bản\ndate = 2023-03-15 # ngày\n",
			"document.number", String(""), "[document]\nnumber = \"\"   # số văn bản\ndate = 2023-03-15 # ngày\n"},
		{"date literal", "[document]\nnumber = \"27\"\ndate = 2023-03-15 # ngày\n",
			"document.date", Date(2023, 6, 15), "[document]\nnumber = \"27\"\ndate = 2023-06-15 # ngày\n"},
		{"string date", "[appendix]\nas_of = \"15/3/2023\"\n",
			"appendix.as_of", String("15/6/2023"), "[appendix]\nas_of = \"15/6/2023\"\n"},
		{"array of tables index", "[[f]]\nid = \"1\"\n  [[f.c]]\n  p = \"a\"\n[[f]]\nid = \"2\"\n  [[f.c]]\n  p = \"b\"\n  [[f.c]]\n  p = \"c\" # x\n",
			"f[1].c[1].p", String("d\"e"), "[[f]]\nid = \"1\"\n  [[f.c]]\n  p = \"a\"\n[[f]]\nid = \"2\"\n  [[f.c]]\n  p = \"b\"\n  [[f.c]]\n  p = \"d\\\"e\" # x\n"},
		{"multi-line stays multi-line", "s = \"\"\"\nmột\nhai\"\"\" # c\n",
			"s", String("ba\nbốn \"\"\" năm\\"), "s = \"\"\"\nba\nbốn \"\"\\\" năm\\\\\"\"\" # c\n"},
		{"multi-line to basic without newline", "s = \"\"\"\nmột\nhai\"\"\"\n", "s", String("ba"), "s = \"ba\"\n"},
		{"basic stays basic", "s = \"x\"\n", "s", String("a\nb"), "s = \"a\\nb\"\n"},
		{"literal kept", "s = 'C:\\x'\n", "s", String(`D:\y`), "s = 'D:\\y'\n"},
		{"literal to basic when needed", "s = 'x'\n", "s", String("it's"), "s = \"it's\"\n"},
		{"multi-line literal kept", "s = '''\na\\b\nc'''\n", "s", String("d\\e\nf"), "s = '''\nd\\e\nf'''\n"},
		{"leading newline kept in value", "s = \"\"\"x\ny\"\"\"\n", "s", String("\nz\nw"), "s = \"\"\"\n\nz\nw\"\"\"\n"},
		{"dotted key", "[a]\nb.c = 1 # n\n", "a.b.c", Number("2.50"), "[a]\nb.c = 2.50 # n\n"},
		{"inline table", "r = { kind = \"x\", bands = [{ min = 0, max = 60 }, { min = 60 }] }\n",
			"r.bands[1].min", Int(70), "r = { kind = \"x\", bands = [{ min = 0, max = 60 }, { min = 70 }] }\n"},
		{"array element", "to = [\n  \"a\", # one\n  'b',\n]\n", "to[1]", String("c"), "to = [\n  \"a\", # one\n  'c',\n]\n"},
		{"quoted key", "\"a b\" = true\n", `"a b"`, Bool(false), "\"a b\" = false\n"},
		{"insert before next header", "[document]\ncode = \"BC\" # c\n\n# the signer\n[signer]\nname = \"A\"\n",
			"document.number", String(""), "[document]\ncode = \"BC\" # c\nnumber = \"\"\n\n# the signer\n[signer]\nname = \"A\"\n"},
		{"insert indented", "[[f]]\n  [[f.c]]\n  id = \"1\"\n  [f.c.rule]\n  kind = \"x\"\n",
			"f[0].c[0].note", String("n"), "[[f]]\n  [[f.c]]\n  id = \"1\"\n  note = \"n\"\n  [f.c.rule]\n  kind = \"x\"\n"},
		{"insert at end without newline", "[a]\nx = 1", "a.y", Bool(true), "[a]\nx = 1\ny = true\n"},
		{"insert in empty table", "[a]\n[b]\n", "a.x", Int(1), "[a]\nx = 1\n[b]\n"},
		{"insert at root above first header's comments", "# tệp\n\n# nhóm a\n[a]\n", "x", Int(1), "# tệp\n\nx = 1\n# nhóm a\n[a]\n"},
		{"insert dotted", "[a]\nb.c = 1\n", "a.b.d", Int(2), "[a]\nb.c = 1\nb.d = 2\n"},
		{"insert new subtable key as dotted", "[a]\nx = 1\n", "a.b.c", String("v"), "[a]\nx = 1\nb.c = \"v\"\n"},
		{"crlf", "[a]\r\nx = 1\r\n", "a.y", String("p\nq"), "[a]\r\nx = 1\r\ny = \"\"\"\np\nq\"\"\"\r\n"},
		{"byte order mark kept", "\uFEFF# c\nx = 1\n", "x", Int(2), "\uFEFF# c\nx = 2\n"},
		{"inline table insert", "items = [{ text = \"a\", status = \"x\" }, { text = \"b\" }] # c\n",
			"items[0].done", Date(2022, 8, 31), "items = [{ text = \"a\", status = \"x\", done = 2022-08-31 }, { text = \"b\" }] # c\n"},
		{"inline table insert, no spaces", "r = {a=1}\n", "r.b", String("v"), "r = {a=1, b = \"v\"}\n"},
		{"inline table insert, empty", "r = {}\n", "r.b", Int(1), "r = { b = 1 }\n"},
		{"inline table insert, empty with space", "r = {  }\n", "r.b", Int(1), "r = { b = 1  }\n"},
		{"inline table insert, nested", "r = { a = { x = 1 } }\n", "r.a.y", Int(2), "r = { a = { x = 1, y = 2 } }\n"},
		{"remove with its comment", "[a]\nx = 1 # c\n  y = \"\"\"\nz\n\"\"\"\n[b]\n", "a.x", Remove(), "[a]\n  y = \"\"\"\nz\n\"\"\"\n[b]\n"},
		{"remove multi-line", "[a]\nx = 1 # c\n  y = \"\"\"\nz\n\"\"\" # d\n[b]\n", "a.y", Remove(), "[a]\nx = 1 # c\n[b]\n"},
		{"remove last line without newline", "x = 1\ny = 2", "y", Remove(), "x = 1\n"},
		{"datetime with space", "t = 1979-05-27 07:32:00 # c\nx = 1\n", "x", Int(2), "t = 1979-05-27 07:32:00 # c\nx = 2\n"},
	}
	tests = append(tests, inlineRemovals...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Set("t.toml", []byte(tt.src), tt.path, tt.v)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
			checkOnlyEdited(t, []byte(tt.src), got, tt.path, tt.v)
		})
	}
}

func TestApplyRefused(t *testing.T) {
	tests := []struct {
		name, src, path string
		v               Value
		want            string
	}{
		{"inline table dotted insert", "r = { a.x = 1 }\n", "r.a.y", Int(2), "t.toml: r.a.y: r.a là bảng viết bằng khóa có dấu chấm"},
		{"inline table element", "r = { a = 1 }\n", "r.b[0]", Int(2), "không có phần tử r.b[0]"},
		{"remove absent", "x = 1\n", "y", Remove(), "y: không có khóa này để xóa"},
		{"remove array element", "x = [1, 2]\n", "x[1]", Remove(), "x[1]: chỉ xóa được khóa viết trên một dòng riêng"},
		{"remove dotted inline key", "r = { a.x = 1, b = 2 }\n", "r.a.x", Remove(), "r.a.x: chỉ xóa được khóa viết trên một dòng riêng"},
		{"remove inline table", "r = { a = { x = 1 }, b = 2 }\n", "r.a", Remove(), "r.a: đây là một mảng hoặc bảng một dòng"},
		{"remove table", "[a]\nx = 1\n", "a", Remove(), "a: đây là một bảng"},
		{"remove dotted", "[a]\nb.c = 1\nb.d = 2\n", "a.b.c", Remove(), "a.b.c: chỉ xóa được khóa viết trên một dòng riêng"},
		{"table", "[a]\nx = 1\n", "a", Int(2), "t.toml:1: a: đây là một bảng"},
		{"array", "a = [1]\n", "a", Int(2), "t.toml:1:5: a: đây là một mảng"},
		{"missing element", "[[f]]\nx = 1\n", "f[1].x", Int(2), "f[1].x: không có phần tử f[1]"},
		{"implicit table", "[a.b]\nx = 1\n", "a.y", Int(2), "a.y: bảng a không có tiêu đề [a] riêng"},
		{"bad number", "x = 1\n", "x", Number("01"), "x: số không hợp lệ"},
		{"bad date", "x = 1\n", "x", Date(2023, 2, 30), "x: ngày không tồn tại"},
		{"bad path", "x = 1\n", "x..y", Int(1), "đường dẫn khóa"},
		{"syntax", "x = \"1\ny = 2\n", "y", Int(1), "t.toml:1:7: chuỗi chưa đóng"},
		{"value under value", "x = 1\n", "x.y", Int(1), "x là một giá trị"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Set("t.toml", []byte(tt.src), tt.path, tt.v)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// inlineRemovals remove one key of an inline table: the rest of the line stays byte for byte.
var inlineRemovals = []struct {
	name, src, path string
	v               Value
	want            string
}{
	{"inline remove first", "r = { a = 1, b = \"x\", c = 2022-11-20 } # c\n", "r.a", Remove(), "r = { b = \"x\", c = 2022-11-20 } # c\n"},
	{"inline remove middle", "r = { a = 1, b = \"x\", c = 2022-11-20 } # c\n", "r.b", Remove(), "r = { a = 1, c = 2022-11-20 } # c\n"},
	{"inline remove last", "r = { a = 1, b = \"x\", c = 2022-11-20 } # c\n", "r.c", Remove(), "r = { a = 1, b = \"x\" } # c\n"},
	{"inline remove only", "r = { a = 1 } # c\n", "r.a", Remove(), "r = { } # c\n"},
	{"inline remove only, no spaces", "r = {a=1}\n", "r.a", Remove(), "r = {}\n"},
	{"inline remove, odd spacing", "r = {a=1 ,\tb='x',c=[1, 2]}\n", "r.b", Remove(), "r = {a=1 ,\tc=[1, 2]}\n"},
	{"inline remove last, odd spacing", "r = {a=1 ,\tb='x' }\n", "r.b", Remove(), "r = {a=1 }\n"},
	{"inline remove nested", "r = { a = 1, t = { x = 1, y = 2 } }\n", "r.t.x", Remove(), "r = { a = 1, t = { y = 2 } }\n"},
	{"inline remove beside a dotted key", "r = { p.q = 1, b = 2 }\n", "r.b", Remove(), "r = { p.q = 1 }\n"},
	{"inline remove in an array of them", "[[s]]\nitems = [\n  { text = \"a\", status = \"đã hoàn thành\", done = 2022-11-20 }, # một\n  { text = \"b\", done = 2022-11-21, status = \"x\" }, # hai\n]\n",
		"s[0].items[1].done", Remove(), "[[s]]\nitems = [\n  { text = \"a\", status = \"đã hoàn thành\", done = 2022-11-20 }, # một\n  { text = \"b\", status = \"x\" }, # hai\n]\n"},
	{"inline remove from a sub-table's key", "[a]\nr = { x = 1, y = 2 } # c\nz = 3\n", "a.r.y", Remove(), "[a]\nr = { x = 1 } # c\nz = 3\n"},
}

// TestApplyInlineRemovals removes several keys of one inline table at once, and removes and
// adds in the same one: no comma is left dangling, nothing overlaps.
func TestApplyInlineRemovals(t *testing.T) {
	const src = "r = { a = 1, b = 2, c = 3, d = 4 } # c\n"
	tests := []struct {
		name  string
		edits []Edit
		want  string
	}{
		{"first two", []Edit{{"r.a", Remove()}, {"r.b", Remove()}}, "r = { c = 3, d = 4 } # c\n"},
		{"last two", []Edit{{"r.d", Remove()}, {"r.c", Remove()}}, "r = { a = 1, b = 2 } # c\n"},
		{"first and last", []Edit{{"r.a", Remove()}, {"r.d", Remove()}}, "r = { b = 2, c = 3 } # c\n"},
		{"all but one", []Edit{{"r.a", Remove()}, {"r.b", Remove()}, {"r.d", Remove()}}, "r = { c = 3 } # c\n"},
		{"all", []Edit{{"r.a", Remove()}, {"r.b", Remove()}, {"r.c", Remove()}, {"r.d", Remove()}}, "r = { } # c\n"},
		{"last removed, one added", []Edit{{"r.d", Remove()}, {"r.e", Int(5)}}, "r = { a = 1, b = 2, c = 3, e = 5 } # c\n"},
		{"one removed, one changed", []Edit{{"r.b", Remove()}, {"r.c", Int(9)}}, "r = { a = 1, c = 9, d = 4 } # c\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse("t.toml", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			got, err := d.Apply(tt.edits...)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
			var m map[string]any
			if _, err := toml.Decode(string(got), &m); err != nil {
				t.Errorf("the result does not parse: %v", err)
			}
		})
	}
	d, _ := Parse("t.toml", []byte("r = { a = 1 }\n"))
	if _, err := d.Apply(Edit{"r.a", Remove()}, Edit{"r.b", Int(2)}); err == nil || !strings.Contains(err.Error(), "không xóa hết các khóa") {
		t.Errorf("removing every key and adding one: %v", err)
	}
}

func TestApplyAllAtOnce(t *testing.T) {
	d, err := Parse("t.toml", []byte("[a]\nx = 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.Apply(Edit{"a.x", Number("1.")}, Edit{"a", Int(1)}, Edit{"a.y", Int(1)})
	var errs Errors
	if !errors.As(err, &errs) || len(errs) != 2 {
		t.Fatalf("want two errors, got %v", err)
	}
}

// newValues are awkward replacements for a value of the given kind.
func newValues(k Kind, i int) []Value {
	strs := []string{"", "một \"hai\" ba", "dòng 1\ndòng 2\n", "it's '''x''' \\ \t", "\nđầu dòng", "kết thúc bằng \"", "a\"\"\"b\"\"", "{x}"}
	switch k {
	case KindDate:
		return []Value{Date(2023, 6, 15), String("15/6/2023")}
	case KindNumber:
		return []Value{Number("1.50"), Int(-3), Number("2e3")}
	case KindBool:
		return []Value{Bool(true), Bool(false)}
	}
	return []Value{String(strs[i%len(strs)]), String(strs[(i+3)%len(strs)])}
}

// TestPropertySamples sets every value of every sample to awkward new values and checks the
// result decodes to the original with only that value changed, and that only the lines of
// the value changed.
func TestPropertySamples(t *testing.T) {
	for _, name := range testtool.Samples(t) {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		d, err := Parse(name, src)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for key, nd := range d.nodes {
			if nd.kind != kindValue || nd.tok == itemLBracket || nd.tok == itemLBrace {
				continue
			}
			e, _ := d.Get(key)
			for _, v := range newValues(e.Kind, n) {
				n++
				out, err := d.Apply(Edit{key, v})
				if err != nil {
					t.Fatalf("%s: %s: %v", name, key, err)
				}
				checkOnlyEdited(t, src, out, key, v)
				checkLines(t, src, out, d.src[nd.pos:nd.end])
			}
		}
		// A new key in every table that has a header.
		for key, nd := range d.nodes {
			if nd.kind != kindTable || nd.origin != originHeader {
				continue
			}
			n++
			path := key + ".khoa_moi"
			v := newValues(KindString, n)[0]
			out, err := d.Apply(Edit{path, v})
			if err != nil {
				t.Fatalf("%s: %s: %v", name, path, err)
			}
			checkOnlyEdited(t, src, out, path, v)
		}
		t.Logf("%s: %d edits", name, n)
	}
}

// checkLines checks the text differs only inside the value's lines: the lines before and after
// are the same.
func checkLines(t *testing.T, before, after []byte, oldValue string) {
	t.Helper()
	a, b := strings.Split(string(before), "\n"), strings.Split(string(after), "\n")
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	j := 0
	for j < len(a)-i && j < len(b)-i && a[len(a)-1-j] == b[len(b)-1-j] {
		j++
	}
	if changed := len(a) - i - j; changed > strings.Count(oldValue, "\n")+1 {
		t.Errorf("%d lines changed for a value of %d lines", changed, strings.Count(oldValue, "\n")+1)
	}
}

// checkOnlyEdited decodes both texts with BurntSushi/toml and checks the edited text holds the
// original's values with only path set to v.
func checkOnlyEdited(t testing.TB, before, after []byte, path string, v Value) {
	t.Helper()
	if err := onlyEdited(before, after, Edit{path, v}); err != nil {
		t.Fatalf("%s: %v\n%s", path, err, after)
	}
}

// onlyEdited checks that after decodes as before with the edits made, and nothing else.
func onlyEdited(before, after []byte, edits ...Edit) error {
	var want, got map[string]any
	if _, err := toml.Decode(string(before), &want); err != nil {
		return fmt.Errorf("before: %v", err)
	}
	if _, err := toml.Decode(string(after), &got); err != nil {
		return fmt.Errorf("the edited text does not parse: %v", err)
	}
	for _, e := range edits {
		segs, err := parsePath(e.Path)
		if err != nil {
			return err
		}
		if err := setIn(want, segs, decoded(e.Value)); err != nil {
			return err
		}
	}
	if !equal(want, got) {
		return fmt.Errorf("decoded values differ:\nwant %v\ngot  %v", want, got)
	}
	return nil
}

// removal stands for a removed key in a decoded document (setIn deletes it).
type removal struct{}

// decoded is v as BurntSushi/toml decodes it.
func decoded(v Value) any {
	switch v.kind {
	case kindRemove:
		return removal{}
	case KindString:
		return v.text
	case KindBool:
		return v.text == "true"
	case KindDate:
		var m map[string]any
		toml.Decode("d = "+v.text, &m)
		return m["d"]
	}
	var m map[string]any
	if _, err := toml.Decode("n = "+v.text, &m); err != nil {
		panic(err)
	}
	return m["n"]
}

// setIn sets the value at segs in a decoded document, creating tables on the way.
func setIn(m any, segs []segment, v any) error {
	s := segs[0]
	last := len(segs) == 1
	switch c := m.(type) {
	case map[string]any:
		if s.index >= 0 {
			return fmt.Errorf("index into a table")
		}
		if last {
			if _, ok := v.(removal); ok {
				delete(c, s.key)
			} else {
				c[s.key] = v
			}
			return nil
		}
		if c[s.key] == nil {
			c[s.key] = map[string]any{}
		}
		return setIn(c[s.key], segs[1:], v)
	case []map[string]any:
		if s.index < 0 || s.index >= len(c) || last {
			return fmt.Errorf("bad index")
		}
		return setIn(c[s.index], segs[1:], v)
	case []any:
		if s.index < 0 || s.index >= len(c) {
			return fmt.Errorf("bad index")
		}
		if last {
			c[s.index] = v
			return nil
		}
		return setIn(c[s.index], segs[1:], v)
	}
	return fmt.Errorf("not a container: %T", m)
}

// equal is reflect.DeepEqual with NaN equal to itself.
func equal(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			if w, ok := y[k]; !ok || !equal(v, w) {
				return false
			}
		}
		return true
	case []map[string]any:
		y, ok := b.([]map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case float64:
		y, ok := b.(float64)
		return ok && (x == y || math.IsNaN(x) && math.IsNaN(y))
	case time.Time:
		y, ok := b.(time.Time)
		return ok && x.Equal(y) && x.Location().String() == y.Location().String()
	}
	return reflect.DeepEqual(a, b)
}

func TestMaxDepth(t *testing.T) {
	nest := func(n int) []byte {
		return []byte("x = " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\ny = 1\n")
	}
	if _, err := Set("t.toml", nest(MaxDepth), "y", Int(2)); err != nil {
		t.Fatalf("%d levels: %v", MaxDepth, err)
	}
	_, err := Set("t.toml", nest(MaxDepth+1), "y", Int(2))
	if err == nil || !strings.Contains(err.Error(), "t.toml:1:69: mảng hoặc bảng lồng nhau quá 64 tầng (MaxDepth)") {
		t.Fatalf("%d levels: %v", MaxDepth+1, err)
	}
}

func TestMaxValues(t *testing.T) {
	var b strings.Builder
	for i := 0; i < MaxValues; i++ {
		fmt.Fprintf(&b, "k%d = 1\n", i)
	}
	_, err := Parse("t.toml", []byte(b.String()))
	want := fmt.Sprintf("t.toml:%d:11: tệp có hơn %d khóa và giá trị (MaxValues)", MaxValues, MaxValues)
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
}

// Get gives the line a value starts on, counted as an editor counts lines.
func TestGetLine(t *testing.T) {
	src := "a = 1\r\n[t]\ns = \"\"\"\nx\ny\"\"\"\n  b = { c = 2,\td = \"e\" }\n\n\nlast = 3"
	d, err := Parse("t.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]int{"a": 1, "t.s": 3, "t.b": 6, "t.b.d": 6, "t.last": 9} {
		e, ok := d.Get(path)
		if !ok || e.Line != want {
			t.Errorf("%s: line %d (found %v), want %d", path, e.Line, ok, want)
		}
	}
}
