package dataset

import (
	"maps"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// TestScan checks the line index on the TOML constructs that could throw its line count or
// its table paths off.
func TestScan(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want map[string]int // a subset of the index
		raw  map[string]string
	}{
		{
			name: "multi-line basic string ending in extra quotes",
			src:  "a = \"\"\"x\n\"y\"\"\"\"\"\nb = 1\n",
			want: map[string]int{"a": 1, "b": 3},
			raw:  map[string]string{"b": "1"},
		},
		{
			name: "multi-line literal with quotes and a backslash",
			src:  "a = '''\n'' \\\n'''\nb = 2\n",
			want: map[string]int{"a": 1, "b": 4},
		},
		{
			name: "escaped quote and line-ending backslash",
			src:  "a = \"\"\"\\\"\"\"\\\n  x\"\"\"\nb = 1\n",
			want: map[string]int{"a": 1, "b": 3},
		},
		{
			name: "strings with brackets, hashes and equals",
			src:  "a = \"[b] # = \\\"\" # [c]\n[d]\ne = 'x # ['\n",
			want: map[string]int{"a": 1, "d": 2, "d.e": 3},
		},
		{
			name: "array of tables, nested, with running indices",
			src:  "[[f]]\nid = 1\n[[f.c]]\nid = 2\n[[f.c]]\nid = 3\n[[f]]\n[[f.c]]\n[f.c.r]\nk = 4\n",
			want: map[string]int{"f[0]": 1, "f[0].c[0].id": 4, "f[0].c[1]": 5, "f[1]": 7, "f[1].c[0]": 8, "f[1].c[0].r.k": 10},
		},
		{
			name: "spaces in headers and dotted keys, quoted keys",
			src:  "[ a . \"b.c\" ]\nd . e = 1\n'f g' = 2\n",
			want: map[string]int{`a."b.c"`: 1, `a."b.c".d.e`: 2, `a."b.c"."f g"`: 3},
		},
		{
			name: "multi-line array with comments and nested arrays",
			src:  "a = [ # c\n  [1, 2],\n  # c ]\n  [\n    3,\n  ],\n]\nb = 0\n",
			want: map[string]int{"a[0]": 2, "a[0][1]": 2, "a[1]": 4, "a[1][0]": 5, "b": 8},
		},
		{
			name: "inline tables",
			src:  "t = { a = 1, b = { c = 2.50 }, d = [{ e = 3 }] }\n",
			want: map[string]int{"t.a": 1, "t.b.c": 1, "t.d[0].e": 1},
			raw:  map[string]string{"t.b.c": "2.50", "t.d[0].e": "3"},
		},
		{
			name: "dates and times, with a space",
			src:  "a = 1979-05-27 07:32:00\nb = 2022-09-14 # c\nc = 07:32:00\n",
			want: map[string]int{"a": 1, "b": 2, "c": 3},
			raw:  map[string]string{"a": "1979-05-27 07:32:00", "b": "2022-09-14", "c": "07:32:00"},
		},
		{
			name: "CRLF line ends",
			src:  "a = 1\r\n\r\nb = \"\"\"\r\nx\r\n\"\"\"\r\nc = -1_000.5\r\n",
			want: map[string]int{"a": 1, "b": 3, "c": 6},
			raw:  map[string]string{"c": "-1_000.5"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := toml.Decode(tt.src, new(map[string]any)); err != nil {
				t.Fatalf("the test's TOML is invalid: %v", err)
			}
			x := scan(tt.src, false)
			for p, n := range tt.want {
				if got, ok := x.all()[p]; !ok || got != n || x.line(p) != n || !x.has(p) {
					t.Errorf("%s: line %d (found %v), want %d; index: %v", p, got, ok, n, x.all())
				}
			}
			for p, r := range tt.raw {
				if got := x.rawOf(p); got != r {
					t.Errorf("%s: raw %q, want %q", p, got, r)
				}
			}
			checkKeys(t, tt.src, x)
		})
	}
}

// checkKeys checks that every key the TOML parser found is in the index, when all keys are
// bare (so that both spell them alike).
func checkKeys(t *testing.T, src string, x *index) {
	t.Helper()
	md, err := toml.Decode(src, new(map[string]any))
	if err != nil {
		return
	}
	lines := x.all()
	stripped := make(map[string]bool, len(lines))
	for p := range lines {
		stripped[stripIndices(p)] = true
	}
	for _, k := range md.Keys() {
		if !slices.ContainsFunc(k, func(s string) bool { return !isBareKey(s) }) && !stripped[strings.Join(k, ".")] {
			t.Errorf("key %q is not in the index: %v", k.String(), slices.Sorted(maps.Keys(lines)))
		}
	}
}

func TestParentPath(t *testing.T) {
	for in, want := range map[string]string{
		"fields[0].criteria[1].score": "fields[0].criteria[1]",
		"fields[0].criteria[1]":       "fields[0].criteria",
		"fields":                      "",
		`a."b.c"`:                     "a",
		"recipients.to[2]":            "recipients.to",
	} {
		if got := parentPath(in); got != want {
			t.Errorf("parentPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// all spells out every path of the index with its line, for tests.
func (x *index) all() map[string]int {
	m := make(map[string]int, len(x.nodes))
	for n := int32(1); int(n) < len(x.nodes); n++ {
		m[x.path(n)] = int(x.nodes[n].line)
	}
	return m
}

// TestScanLinear checks that the line index costs memory in proportion to the text on the
// shapes that used to cost its square: a deep or long table name with many keys under it, and
// arrays nested as deep as MaxDepth allows, repeated.
func TestScanLinear(t *testing.T) {
	name := func(n int) string {
		return strings.TrimSuffix(strings.Repeat(strings.Repeat("k", n/50)+".", MaxDepth-1), ".")
	}
	for _, shape := range []struct {
		name string
		src  func(n int) string
	}{
		{"keys under a table name as long as they are many", func(n int) string { return "[" + name(n) + "]\n" + strings.Repeat("b = 1\n", n) }},
		{"arrays nested to the limit", func(n int) string {
			return strings.Repeat("a"+strings.Repeat(".a", 2)+" = "+strings.Repeat("[", MaxDepth-4)+strings.Repeat("]", MaxDepth-4)+"\n[x]\n", n)
		}},
	} {
		cost := func(n int) (uint64, int) {
			src := shape.src(n)
			var m0, m1 runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&m0)
			scan(src, true)
			runtime.ReadMemStats(&m1)
			return m1.TotalAlloc - m0.TotalAlloc, len(src)
		}
		small, smallLen := cost(2000)
		big, bigLen := cost(8000)
		t.Logf("%s: %d B for %d B, %d B for %d B", shape.name, small, smallLen, big, bigLen)
		if big > 6*small {
			t.Errorf("%s: 4 × the text costs %.1f × the memory", shape.name, float64(big)/float64(small))
		}
	}
}

// TestWalkCache: a walk resumed from the last path (walkFrom with a walkCache) reaches the
// node the walk from the document reaches, for every path of the samples in the order the
// index holds them and shuffled, and for paths cut short, extended, misspelt, quoted, with
// empty keys and broken brackets.
func TestWalkCache(t *testing.T) {
	src := "a = 1\n\"\" = 2\nq = { \"x.y\" = 3, \"\" = { b = 4 } }\n[[t]]\nk = [1, [2, 3]]\n[[t]]\nk = 5\n[t.u]\nv = 6\n"
	files, _ := filepath.Glob("../../samples/*.toml")
	texts := []string{src}
	for _, f := range append(files, "testdata/valid.toml") {
		texts = append(texts, string(mustRead(t, f)))
	}
	r := rand.New(rand.NewPCG(9, 10))
	extra := []string{"", ".", "..", "a", "a.", ".a", "a..b", `""`, `"".x`, `q."x.y"`, `q.""`, `q."".b`, `q."".`, "q..b", "q.",
		"t[0]", "t[1].k", "t[0].k[1][0]", "t[0].k[1][2]", "t[1].u.v", "t[", "t[x]", "t[-1]", "t[0]k", "t[0]..k", `q."x`, "fields[0]x", "fields[0]"}
	for _, text := range texts {
		x := scan(text, false)
		var paths []string
		for n := int32(1); int(n) < len(x.nodes); n++ {
			paths = append(paths, x.path(n))
		}
		shuffled := slices.Clone(paths)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		var odd []string
		for _, p := range paths {
			cut := r.IntN(len(p) + 1)
			odd = append(odd, p[:cut], p+".x", p+"[0]", p+".", p+"x", p[:cut]+"."+p[cut:], extra[r.IntN(len(extra))], p)
		}
		for _, seq := range [][]string{paths, shuffled, odd, extra} {
			var c walkCache
			for _, p := range seq {
				wn, wok := x.walk(p)
				prev := c.path
				if n, ok := x.walkFrom(&c, p); n != wn || ok != wok {
					t.Fatalf("walkFrom(%q) after %q = %d, %v; walk = %d, %v", p, prev, n, ok, wn, wok)
				}
			}
		}
	}
}
