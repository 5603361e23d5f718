package dataset

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// FuzzParse feeds arbitrary text to the loader: it must never panic, must return either a
// dataset or a non-empty ErrorList, its index must hold every key of a valid document, and
// every message of the TOML parser must have its Vietnamese form.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.toml")
	bad, _ := filepath.Glob("testdata/bad/*.toml")
	for _, s := range append(append(seeds, sample), bad...) {
		f.Add(mustRead(f, s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		src := strings.TrimPrefix(string(data), "\uFEFF")
		if checkShape("f.toml", src) == nil { // the decoder alone would recurse without bound
			checkKeys(t, src, scan(src, false))
			// Every complaint of the parser has its Vietnamese form.
			var pe toml.ParseError
			if _, err := toml.Decode(src, new(map[string]any)); errors.As(err, &pe) {
				if _, ok := translate(pe.Message); !ok {
					t.Fatalf("parser message not translated: %q", pe.Message)
				}
			}
		}
		d, err := Parse("f.toml", data)
		lines := strings.Count(string(data), "\n") + 1
		if err != nil {
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %T %v is not a non-empty ErrorList", err, err)
			}
			for _, e := range list {
				if e.File != "f.toml" || e.Msg == "" || e.Line < 0 || e.Line > lines {
					t.Fatalf("malformed error %#v (file has %d lines)", e, lines)
				}
				if strings.HasPrefix(e.Msg, "lỗi cú pháp TOML") && strings.ContainsAny(e.Msg, "\r\n") {
					t.Fatalf("syntax message on several lines: %q", e.Msg)
				}
			}
			if d != nil {
				t.Fatal("dataset and error both returned")
			}
			return
		}
		if d == nil {
			t.Fatal("neither dataset nor error")
		}
		// A batch takes the reporting date from PeekAsOf before parsing.
		if at, ok := PeekAsOf(data); ok && at != d.Appendix.AsOf {
			t.Fatalf("PeekAsOf = %v, Parse's as_of %v", at, d.Appendix.AsOf)
		}
	})
}
