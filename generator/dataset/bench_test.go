package dataset

import (
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
