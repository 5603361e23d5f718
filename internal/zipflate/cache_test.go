package zipflate

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"testing"
)

// reference writes parts the way Ordered did before it kept Deflates: sorted, each through
// zip.Writer.CreateHeader with the pooled compressor.
func reference(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	var names []string
	for n := range parts {
		names = append(names, n)
	}
	sort.Strings(names)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	zw.RegisterCompressor(zip.Deflate, Compressor)
	for _, n := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, parts[n])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func ordered(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	var out bytes.Buffer
	z := NewOrdered(&out, false)
	for n, s := range parts {
		w, err := z.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, s)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestOrderedKeepsDeflates: an archive whose parts come from the kept Deflates (unchanged
// parts), freshly compressed (changed ones) or not kept (too large) is byte for byte what
// compressing every part through zip.Writer gives, and reads back to the same parts.
func TestOrderedKeepsDeflates(t *testing.T) {
	big := strings.Repeat("<row r=\"1\"><c t=\"s\"><v>42</v></c></row>", MaxCachedPart/30)
	fixed := strings.Repeat("<theme>fixed part</theme>", 300)
	for i, parts := range []map[string]string{
		{"xl/theme/theme1.xml": fixed, "xl/worksheets/sheet1.xml": "<sheet>1</sheet>", "tệp/Việt.xml": "chữ Việt", "empty.xml": "", "big.xml": big},
		{"xl/theme/theme1.xml": fixed, "xl/worksheets/sheet1.xml": "<sheet>2</sheet>", "tệp/Việt.xml": "chữ Việt", "empty.xml": "", "big.xml": big},
		{"xl/theme/theme1.xml": fixed + " ", "xl/worksheets/sheet1.xml": "<sheet>2</sheet>", "big.xml": big + "x"},
		{"xl/theme/theme1.xml": fixed, "xl/worksheets/sheet1.xml": "<sheet>1</sheet>", "tệp/Việt.xml": "chữ Việt", "empty.xml": "", "big.xml": big},
	} {
		got, want := ordered(t, parts), reference(t, parts)
		if !bytes.Equal(got, want) {
			t.Fatalf("archive %d: %d bytes, differs from zip.Writer's %d bytes", i, len(got), len(want))
		}
		if n := readsBack(t, got, parts); n != len(parts) {
			t.Errorf("archive %d: %d parts, want %d", i, n, len(parts))
		}
	}
	cache.Lock()
	defer cache.Unlock()
	if d := cache.m["xl/theme/theme1.xml"]; d == nil || string(d.data) != strings.Repeat("<theme>fixed part</theme>", 300) {
		t.Error("the theme's Deflate is not kept")
	}
	if cache.m["big.xml"] != nil {
		t.Error("a part over MaxCachedPart is kept")
	}
}

// TestCacheBounded: past MaxCachedParts names, new names are compressed but not kept.
func TestCacheBounded(t *testing.T) {
	for i := range MaxCachedParts + 10 {
		if _, err := compress(fmt.Sprintf("bound/%d.xml", i), []byte("x")); err != nil {
			t.Fatal(err)
		}
	}
	cache.Lock()
	defer cache.Unlock()
	if len(cache.m) > MaxCachedParts {
		t.Errorf("%d parts kept, limit %d", len(cache.m), MaxCachedParts)
	}
}

// readsBack checks that each part of the archive got reads back as parts has it, and returns
// how many parts it holds.
func readsBack(t *testing.T, got []byte, parts map[string]string) int {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(got), int64(len(got)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		if err != nil || string(b) != parts[f.Name] {
			t.Errorf("%s reads back %d bytes, %v", f.Name, len(b), err)
		}
	}
	return len(zr.File)
}
