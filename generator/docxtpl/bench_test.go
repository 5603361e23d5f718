package docxtpl_test

import (
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator/docxtpl"
	"github.com/baocao-vn/baocao/templates"
)

// BenchmarkParseManyRuns parses one paragraph that an editor split into 50,000 runs, with a
// tag at the end: the paragraph's text is assembled once, not copied per run.
func BenchmarkParseManyRuns(b *testing.B) {
	docx := mkdocx(b, p(append(strings.Split(strings.Repeat("chữ ", 50000), " ")[:50000], "{a}")...), "")
	b.SetBytes(int64(len(docx)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := docxtpl.Parse("t.docx", docx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExecuteNested fills three nested sections over a 20-item list (8,000 repetitions).
func BenchmarkExecuteNested(b *testing.B) {
	body := strings.Repeat(p("{#xs}"), 3) + p("{.} {a}") + strings.Repeat(p("{/xs}"), 3)
	tpl, err := docxtpl.Parse("t.docx", mkdocx(b, body, ""))
	if err != nil {
		b.Fatal(err)
	}
	xs := make([]string, 20)
	for i := range xs {
		xs[i] = "mục"
	}
	data := map[string]any{"xs": xs, "a": "giá trị"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tpl.Render(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseEmbedded parses the embedded report template, as a render did before its
// parse was written at build time; BenchmarkLoadEmbedded reads that parse (docxtpl.Load).
func BenchmarkParseEmbedded(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := docxtpl.Parse("t.docx", templates.BaoCao); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadEmbedded(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := docxtpl.Load("t.docx", templates.BaoCao, templates.BaoCaoParsed); err != nil {
			b.Fatal(err)
		}
	}
}
