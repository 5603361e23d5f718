package dataset

import (
	"strings"
	"testing"
)

// TestPeekAsOf: the reporting date without parsing, when written as a TOML date wherever TOML
// allows it; nothing when it is written otherwise or not at all (the batch then parses); and
// for every file that parses, the date Parse reads.
func TestPeekAsOf(t *testing.T) {
	src := string(mustRead(t, sample))
	const asOf = "as_of = 2022-09-14"
	if !strings.Contains(src, asOf) {
		t.Fatalf("the sample no longer writes %q", asOf)
	}
	want := Date{2022, 9, 14}
	for _, tt := range []struct {
		name, src string
		ok        bool
	}{
		{"sample", src, true},
		{"BOM", "\uFEFF" + src, true},
		{"other date", strings.Replace(src, asOf, "as_of = 2023-01-31", 1), true},
		{"string date", strings.Replace(src, asOf, `as_of = "14/9/2022"`, 1), false},
		{"date-time", strings.Replace(src, asOf, "as_of = 2022-09-14T10:00:00", 1), false},
		{"no date", strings.Replace(src, asOf, "", 1), false},
		{"year out of range", strings.Replace(src, asOf, "as_of = 1022-09-14", 1), false},
		{"dotted key", "appendix.as_of = 2022-09-14\n", true},
		{"inline table", "appendix = { title = \"x\", as_of = 2022-09-14 }\n", true},
		{"in a multi-line string", "note = \"\"\"\n[appendix]\nas_of = 2022-09-14\n\"\"\"\n", false},
		{"another table's as_of", "[other]\nas_of = 2022-09-14\n", false},
		{"not UTF-8", "[appendix]\nas_of = 2022-09-14\ntitle = \"\xff\"\n", false},
	} {
		got, ok := PeekAsOf([]byte(tt.src))
		if ok != tt.ok || ok && tt.name != "other date" && got != want {
			t.Errorf("%s: PeekAsOf = %v, %v; want ok %v", tt.name, got, ok, tt.ok)
		}
		if tt.name == "other date" && got != (Date{2023, 1, 31}) {
			t.Errorf("%s: PeekAsOf = %v", tt.name, got)
		}
		if d, err := Parse("f.toml", []byte(tt.src)); err == nil && ok && d.Appendix.AsOf != got {
			t.Errorf("%s: PeekAsOf = %v, Parse %v", tt.name, got, d.Appendix.AsOf)
		}
	}
}
