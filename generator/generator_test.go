package generator

import (
	"os"
	"testing"
)

func readSample(tb testing.TB) []byte {
	tb.Helper()
	src, err := os.ReadFile("../samples/2022-09-14.toml")
	if err != nil {
		tb.Fatal(err)
	}
	return src
}

func TestPrepareSample(t *testing.T) {
	p, err := Prepare("2022-09-14.toml", readSample(t))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Scores.Node("1.2").Score.Fixed(2, '.'); got != "1.39" {
		t.Errorf("1.2 = %s", got)
	}
	files, err := p.Render(Options{})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, f := range files {
		names[f.Name] = len(f.Data) > 0
	}
	for _, n := range []string{ReportFile, AppendixFile, WorkbookFile} {
		if !names[n] {
			t.Errorf("no %s among the outputs", n)
		}
	}
}

// BenchmarkPrepare measures load + validate + compute of the seed sample.
func BenchmarkPrepare(b *testing.B) {
	src := readSample(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Prepare("2022-09-14.toml", src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRender measures every output of one reporting date, unsigned.
func BenchmarkRender(b *testing.B) {
	p, err := Prepare("2022-09-14.toml", readSample(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Render(Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
