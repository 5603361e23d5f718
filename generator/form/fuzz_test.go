package form

import (
	"os"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// FuzzFormEdit edits the sample at any path with any value: Edit never panics, the text it
// returns always opens again, and an edit it makes of a text field reads back as typed.
func FuzzFormEdit(f *testing.F) {
	src, err := os.ReadFile(sample)
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range [][2]string{
		{"fields[0].criteria[2].status", "Đã hoàn thành"},
		{"fields[0].criteria[2].done", "31/02/2023"},
		{"fields[0].criteria[2].progress", "a\"\"\"\nb\\"},
		{"fields[6].criteria[0].criteria[1].evidence", "x"},
		{"report.sections[1].blocks[1].items[2].done", "2022-09-01"},
		{"report.sections[1].blocks[1].items[2].done", ""}, // removed from its inline table
		{"report.sections[1].blocks[1].items[0].text", ""},
		{"document.number", "07"},
		{"appendix.self_check", "true"},
		{"fields[0].score", "9,5"},
		{"fields[0].criteria[0].rule.kind", "sum"},
	} {
		f.Add(seed[0], seed[1])
	}
	base, err := Open(sample, src)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, path, value string) {
		g := base.Edit(map[string]string{path: value})
		v := g.View()
		again, err := Open(sample, g.Source())
		if err != nil {
			t.Fatalf("%s = %q: the edited text does not open: %v", path, value, err)
		}
		if string(g.Source()) == string(base.Source()) {
			return
		}
		d, ok := defOf(path)
		if !ok {
			t.Fatalf("%s is not a form field but was edited", path)
		}
		for _, p := range v.Problems {
			if p.Path == path && !p.Warning && strings.Contains(p.Message, "không sửa được") {
				t.Fatalf("%s = %q: edited and refused: %v", path, value, p.Message)
			}
		}
		if d.kind != KindText && d.kind != KindMultiline {
			return
		}
		e, ok := again.doc.Get(path)
		want := norm.NFC.String(strings.ReplaceAll(value, "\r\n", "\n"))
		if !ok || e.Text != want {
			t.Fatalf("%s = %q reads back as %q", path, want, e.Text)
		}
	})
}
