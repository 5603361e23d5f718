package form

import (
	"io"
	"os"
	"testing"
)

// BenchmarkOpen opens the sample: parse, validate, score, lay out the cards.
func BenchmarkOpen(b *testing.B) {
	src, err := os.ReadFile(sample)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		f, err := Open(sample, src)
		if err != nil {
			b.Fatal(err)
		}
		f.View()
	}
}

// BenchmarkEdit is the server's work after the user changes a status (issue 15: ≤ 5 ms): the
// edit made in the text, the dataset validated and scored again, the view made.
func BenchmarkEdit(b *testing.B) {
	f := openFile(b, sample)
	path := field(b, card(b, f.View(), "1.6"), "status").Path
	b.ReportAllocs()
	for b.Loop() {
		g := f.Edit(map[string]string{path: "Thực hiện thường xuyên"})
		if v := g.View(); !v.Valid {
			b.Fatal(v.Problems)
		}
	}
}

// BenchmarkPreview writes both HTML fragments of the edited sample (issue 15: ≤ 50 ms).
func BenchmarkPreview(b *testing.B) {
	f := openFile(b, sample)
	g := f.Edit(map[string]string{field(b, card(b, f.View(), "1.6"), "status").Path: "Thực hiện thường xuyên"})
	b.ReportAllocs()
	for b.Loop() {
		if err := g.Preview(io.Discard, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
