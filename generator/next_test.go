package generator

import (
	"os"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator/dataset"
)

func mustDate(t testing.TB, s string) dataset.Date {
	d, err := dataset.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestNextForms checks dates written as strings keep their form and a missing number is added.
func TestNextForms(t *testing.T) {
	src, err := os.ReadFile("../samples/2023-03-15.toml")
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	tests := []struct {
		name, from, to, want string
	}{
		{"slash", "date = 2023-03-15 ", `date = "15/3/2023"`, `date = "15/6/2023"`},
		{"padded slash", "date = 2023-03-15 ", `date = "15/03/2023"`, `date = "15/06/2023"`},
		{"iso string", "as_of = 2023-03-15 ", `as_of = "2023-03-15"`, `as_of = "2023-06-15"`},
		{"number missing", "number = \"27\"                              # số văn bản; để trống khi văn thư cấp số lúc ban hành\n", "",
			"đơn vị trực thuộc\"\"\"\nnumber = \"\"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := strings.Replace(s, tt.from, tt.to, 1)
			if in == s {
				t.Fatalf("%q not in the sample", tt.from)
			}
			out, err := Next("x.toml", []byte(in), NextOptions{Date: mustDate(t, "15/6/2023")})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(out), tt.want) {
				t.Errorf("%q not in the result", tt.want)
			}
		})
	}
}

// BenchmarkNext makes the next reporting date's dataset from the sample: load and validate the
// last one, edit the text, load and validate the result.
func BenchmarkNext(b *testing.B) {
	src, err := os.ReadFile("../samples/2023-03-15.toml")
	if err != nil {
		b.Fatal(err)
	}
	opt := NextOptions{Date: mustDate(b, "2023-06-15")}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Next("x.toml", src, opt); err != nil {
			b.Fatal(err)
		}
	}
}
