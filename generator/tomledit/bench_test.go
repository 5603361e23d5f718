package tomledit

import (
	"os"
	"testing"
)

// BenchmarkApply parses the sample and makes the three edits of `baocao next`.
func BenchmarkApply(b *testing.B) {
	src, err := os.ReadFile("../../samples/2023-03-15.toml")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		d, err := Parse("x.toml", src)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := d.Apply(
			Edit{"document.number", String("")},
			Edit{"document.date", Date(2023, 6, 15)},
			Edit{"appendix.as_of", Date(2023, 6, 15)},
		); err != nil {
			b.Fatal(err)
		}
	}
}
