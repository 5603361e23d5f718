package form

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator"
)

// TestPreviewWithPrevious: the report's preview with the previous reporting date has the
// paragraphs the DOCX rendered with it has — the change sentence and the items done since —
// and without it has none of them.
func TestPreviewWithPrevious(t *testing.T) {
	src, err := os.ReadFile("../../samples/2022-12-15.toml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := Open("2022-12-15.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	prev, err := generator.Load("../../samples/2022-09-14.toml")
	if err != nil {
		t.Fatal(err)
	}
	o := generator.Options{Previous: prev}
	docx, err := f.Prepared().RenderReport(o)
	if err != nil {
		t.Fatal(err)
	}
	var with, without strings.Builder
	if err := f.PreviewWith(o, nil, &with); err != nil {
		t.Fatal(err)
	}
	if err := f.Preview(nil, &without); err != nil {
		t.Fatal(err)
	}
	const sentence = "So với báo cáo số liệu đến ngày 14/9/2022: hoàn thành thêm 02 nội dung"
	paras := htmlParagraphs(with.String())
	if !slices.ContainsFunc(paras, func(p string) bool { return strings.HasPrefix(p, sentence) }) {
		t.Errorf("the preview with the previous date lacks %q", sentence)
	}
	if strings.Contains(htmlText(without.String()), sentence) {
		t.Error("the preview without a previous date compares")
	}
	for _, p := range docxParagraphs(t, docx) {
		if strings.HasPrefix(p, "So với") || strings.HasPrefix(p, "- Tiêu chí 7.2.6") {
			if !slices.Contains(paras, p) {
				t.Errorf("the DOCX has %q, the preview does not", p)
			}
		}
	}
}
