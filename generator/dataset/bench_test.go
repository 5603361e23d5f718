package dataset

import (
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// BenchmarkParse loads and validates the sample dataset.
func BenchmarkParse(b *testing.B) {
	data := mustRead(b, sample)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(sample, data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTOMLDecode is the TOML parser alone on the sample, to show what the loader adds.
func BenchmarkTOMLDecode(b *testing.B) {
	data := string(mustRead(b, sample))
	b.ReportAllocs()
	for b.Loop() {
		var m map[string]any
		if _, err := toml.Decode(data, &m); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScan is the line index alone on the sample.
func BenchmarkScan(b *testing.B) {
	data := string(mustRead(b, sample))
	b.ReportAllocs()
	for b.Loop() {
		scan(data, false)
	}
}

// BenchmarkScanNested is the line index on hostile shapes: arrays nested 5,000 deep (which
// the depth limit refuses before the scanner runs, but the scanner must stay linear on its own),
// and 20,000 keys under a table whose name is 64 parts of 100 bytes.
func BenchmarkScanNested(b *testing.B) {
	for _, c := range []struct {
		name string
		src  string
	}{
		{"arrays5000", "a = " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n"},
		{"longTable20000keys", "[" + strings.TrimSuffix(strings.Repeat(strings.Repeat("k", 100)+".", 64), ".") + "]\n" + strings.Repeat("b = 1\n", 20000)},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(c.src)))
			for b.Loop() {
				scan(c.src, false)
			}
		})
	}
}
