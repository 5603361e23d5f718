package batch

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// generate writes n datasets, one reporting date each, made from the seed sample.
func generate(tb testing.TB, n int) []string {
	tb.Helper()
	src, err := os.ReadFile("../../samples/2022-09-14.toml")
	if err != nil {
		tb.Fatal(err)
	}
	dir := tb.TempDir()
	files := make([]string, n)
	day := time.Date(2022, 9, 14, 0, 0, 0, 0, time.UTC)
	for i := range n {
		d := day.AddDate(0, 0, i).Format("2006-01-02")
		files[i] = filepath.Join(dir, d+".toml")
		if err := os.WriteFile(files[i], []byte(strings.ReplaceAll(string(src), "2022-09-14", d)), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return files
}

func TestExpand(t *testing.T) {
	files := generate(t, 3)
	dir := filepath.Dir(files[0])
	os.WriteFile(filepath.Join(dir, "notes.txt"), nil, 0o644)
	got, skipped, err := Expand([]string{dir, files[1]})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(files) || len(skipped) != 0 {
		t.Errorf("Expand = %v, %v, want %v", got, skipped, files)
	}
	if _, _, err := Expand([]string{filepath.Join(dir, "missing.toml")}); err == nil {
		t.Error("a missing file was accepted")
	}
}

func TestRunWritesEveryDate(t *testing.T) {
	files := generate(t, 5)
	out := t.TempDir()
	sum, err := Run(files, Options{Out: out, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Datasets != 5 || sum.Failed != 0 {
		t.Fatalf("%+v", sum)
	}
	for _, e := range sum.Entries {
		if len(e.Outputs) == 0 {
			t.Errorf("%s: no outputs", e.Dataset)
		}
		for _, o := range e.Outputs {
			st, err := os.Stat(filepath.Join(out, o.File))
			if err != nil || int(st.Size()) != o.Size {
				t.Errorf("%s: %v", o.File, err)
			}
		}
	}
}

// BenchmarkBatch500 renders 500 reporting dates (unsigned) and reports datasets per second;
// run with -cpu 1,2 to compare one worker per core.
func BenchmarkBatch500(b *testing.B) {
	files := generate(b, 500)
	b.ResetTimer()
	for b.Loop() {
		out := b.TempDir()
		start := time.Now()
		if _, err := Run(files, Options{Out: out}); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(files))/time.Since(start).Seconds(), "datasets/s")
	}
}

// BenchmarkBatch500NoWrite is BenchmarkBatch500 without writing files: rendering alone.
func BenchmarkBatch500NoWrite(b *testing.B) {
	files := generate(b, 500)
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		if _, err := run(files, Options{Out: b.TempDir(), Workers: runtime.GOMAXPROCS(0), dryRun: true}, nil); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(files))/time.Since(start).Seconds(), "datasets/s")
	}
}
