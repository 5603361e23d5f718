package generator

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/baocao-vn/baocao/generator/outfile"
	"github.com/baocao-vn/baocao/generator/sign"
	"github.com/baocao-vn/baocao/internal/testpki"
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

// TestRenderTo: each output is handed over once, byte for byte what rendering it alone makes;
// when the appendix fails (a backdated signature) the others are handed over all the same, the
// error is the appendix's, and Render returns nothing.
func TestRenderTo(t *testing.T) {
	p, err := Prepare("2022-09-14.toml", readSample(t))
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	got := map[string][]byte{}
	add := func(f outfile.File) {
		mu.Lock()
		defer mu.Unlock()
		if got[f.Name] != nil {
			t.Errorf("%s handed over twice", f.Name)
		}
		got[f.Name] = f.Data
	}
	if err := p.RenderTo(Options{}, add); err != nil {
		t.Fatal(err)
	}
	docx, _ := p.RenderReport(Options{})
	pdf, _ := p.RenderAppendix(Options{})
	xlsx, _ := p.RenderWorkbook()
	want := map[string][]byte{ReportFile: docx, AppendixFile: pdf, WorkbookFile: xlsx}
	if len(got) != len(want) {
		t.Errorf("handed over %d outputs, want %d", len(got), len(want))
	}
	for name, w := range want {
		if !bytes.Equal(got[name], w) {
			t.Errorf("%s: not the bytes rendered alone (%d bytes, want %d)", name, len(got[name]), len(w))
		}
	}
	files, err := p.Render(Options{})
	if err != nil || !slices.Equal(fileNames(files), OutputNames()) {
		t.Fatalf("Render: %v, %q", err, fileNames(files))
	}

	id, err := sign.LoadPKCS12(testpki.NewCA(t).P12(t, testpki.Spec{}), testpki.Password)
	if err != nil {
		t.Fatal(err)
	}
	backdated := Options{Signer: id, SignTime: time.Date(2020, 1, 1, 9, 0, 0, 0, sign.Vietnam)}
	clear(got)
	err = p.RenderTo(backdated, add)
	if err == nil || !strings.Contains(err.Error(), "không được ký lùi ngày") {
		t.Fatalf("a backdated signature: %v", err)
	}
	if got[AppendixFile] != nil || got[ReportFile] == nil || got[WorkbookFile] == nil {
		t.Errorf("handed over %d outputs, want the report and the workbook", len(got))
	}
	if files, err := p.Render(backdated); files != nil || err == nil {
		t.Errorf("Render with a failing appendix: %d files, %v", len(files), err)
	}
}

func fileNames(files []outfile.File) []string {
	var n []string
	for _, f := range files {
		n = append(n, f.Name)
	}
	return n
}
