package tomledit

import (
	"bytes"
	"os"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/baocao-vn/baocao/internal/testtool"
)

// FuzzEdit edits arbitrary TOML: the editor never panics, and when it succeeds the result
// parses and differs from the input only at the edited key.
func FuzzEdit(f *testing.F) {
	for _, name := range testtool.Samples(f) {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		// The head of each sample (its document table): whole files make the mutator crawl.
		if i := bytes.Index(src, []byte("\n[signer]")); i > 0 {
			src = src[:i+1]
		}
		f.Add(src, "document.number", byte(0), "")
		f.Add(src, "fields[0].criteria[0].progress", byte(0), "a\nb\"\"\"")
		f.Add(src, "appendix.as_of", byte(1), "2023-06-15")
	}
	f.Add([]byte("a = { b = [1, {c = 'x'}] }\n[[t]]\n[t.u]\nv.w = 1979-05-27 07:32:00\n"), "a.b[1].c", byte(0), "y'")
	f.Add([]byte("s = '''\nx'''\n"), "s", byte(0), "\n'")
	f.Add([]byte("[a]\n"), "a.b.c", byte(2), "-1_000.5e3")
	// Removals from inline tables; with kind 4 the text names a second key removed at once.
	f.Add([]byte("r = { a = 1, b = 'x', c = 2022-11-20 } # c\n"), "r.b", byte(4), "")
	f.Add([]byte("r = {a=1,b={x=1,y=2}}\n"), "r.b.x", byte(4), "r.a")
	f.Add([]byte("items = [{ text = \"a\", done = 2022-11-20, status = \"x\" }, { text = \"b\" }]\n"), "items[0].done", byte(4), "items[0].status")
	f.Add([]byte("r = { a = 1, b = 2, c = 3 }\n"), "r.c", byte(4), "r.b")
	f.Fuzz(func(t *testing.T, src []byte, path string, kind byte, text string) {
		var m map[string]any
		if _, err := toml.Decode(string(src), &m); err != nil {
			return
		}
		var v Value
		switch kind % 5 {
		case 4:
			v = Remove()
		case 0:
			v = String(text)
		case 1:
			v = Value{kind: KindDate, text: text}
		case 2:
			v = Number(text)
		default:
			v = Bool(len(text)%2 == 0)
		}
		edits := []Edit{{path, v}}
		if v.kind == kindRemove && text != "" {
			edits = append(edits, Edit{text, Remove()})
		}
		d, err := Parse("f.toml", src)
		if err != nil {
			return
		}
		out, err := d.Apply(edits...)
		if err != nil {
			return
		}
		if err := onlyEdited(src, out, edits...); err != nil {
			t.Fatalf("%v: %v\nin:\n%s\nout:\n%s", edits, err, src, out)
		}
	})
}
