package appendix

import (
	"os"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/score"
)

func sampleDocument(t testing.TB) (*Document, *dataset.Dataset, *score.Result) {
	t.Helper()
	src, err := os.ReadFile("../../samples/2022-09-14.toml")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := dataset.Parse("2022-09-14.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	res, err := score.Compute(ds)
	if err != nil {
		t.Fatal(err)
	}
	return Build(ds, res, "\u00a0\u00a0\u00a0/BC-SNgV"), ds, res
}

// The sample's appendix, read back with pdftotext column by column, holds every cell of the
// dataset: each field and criterion that lost points with the computed figures, and each
// remedy, deadline and progress, in order.
func TestSampleAppendix(t *testing.T) {
	doc, ds, _ := sampleDocument(t)
	cols := readBackChecked(t, doc).cols

	// The rows are fields 1, 2, 4, 6, 7 (3 and 5 lost nothing), numbered 1–5.
	if got := fold(cols[0]); got != "1 2 3 4 5" {
		t.Errorf("TT column %q, want 1 2 3 4 5", got)
	}
	// Every cell of the dataset, in the dataset's order, column by column.
	var remedies, deadlines, progress, criteria []string
	var walk func(c *dataset.Criterion)
	walk = func(c *dataset.Criterion) {
		for _, s := range []struct {
			to   *[]string
			text string
		}{{&remedies, c.Remedy}, {&deadlines, c.Deadline}, {&progress, c.Progress}} {
			if s.text != "" {
				*s.to = append(*s.to, s.text)
			}
		}
		if c.Reason != "" && !strings.Contains(c.Reason, "{") {
			criteria = append(criteria, c.Reason)
		}
		for i := range c.Criteria {
			walk(&c.Criteria[i])
		}
	}
	for i := range ds.Fields {
		walk(&ds.Fields[i])
	}
	for _, tc := range []struct {
		col   int
		cells []string
	}{{1, criteria}, {2, remedies}, {3, deadlines}, {4, progress}} {
		text, at := fold(cols[tc.col]), 0
		for _, cell := range tc.cells {
			i := strings.Index(text[at:], fold(cell))
			if i < 0 {
				t.Errorf("column %d lacks, or has out of order, %q", tc.col+1, cell)
				continue
			}
			at += i + len(fold(cell))
		}
	}
	for _, want := range []string{
		"Tiêu chí 1: Chỉ đạo, điều hành công tác cải cách hành chính: Đoàn thẩm định đánh giá đạt 9,03/11 điểm.",
		"Tiêu chí 1.2: Mức độ hoàn thành nhiệm vụ CCHC trên các lĩnh vực/nội dung theo Bộ Tiêu chí đạt 1,39/1,50 điểm.",
		"Kết quả: (92,89*1,50)/100 = 1,39 điểm.",
		"đạt 9,50/10,25 điểm", "đạt 9,00/10,00 điểm", "đạt 8,00/9,00 điểm", "đạt 12,53/13,50 điểm",
		"Tiêu chí 7.1: Hiện đại hóa nền hành chính nhà nước: Đoàn thẩm định đánh giá đạt 7,78/8,50 điểm.",
		"đạt 4,75/5,00 điểm", "= 95,5 điểm", "danhgia.hatinh.gov.vn đạt 85%.",
	} {
		if !strings.Contains(fold(cols[1]), want) {
			t.Errorf("column 2 lacks %q", want)
		}
	}
}

func BenchmarkBuildAndRenderSample(b *testing.B) {
	doc, _, _ := sampleDocument(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := Render(discard{}, doc); err != nil {
			b.Fatal(err)
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// Each part names the dataset item it shows: the criterion whose figures open its first cell,
// or the self-check shortcoming it lists; the self-check's heading names none.
func TestBuildItems(t *testing.T) {
	src, err := os.ReadFile("../../samples/2022-12-15.toml")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := dataset.Parse("2022-12-15.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	res, err := score.Compute(ds)
	if err != nil {
		t.Fatal(err)
	}
	items, paths := score.SelfCheckItems(ds)
	selfCheck := 0
	for _, r := range Build(ds, res, "07/BC-SNgV").Rows {
		for _, p := range r.Parts {
			text := p.Cells[0][0].Text
			switch {
			case text == SelfCheckHeading:
				if p.Item != "" {
					t.Errorf("the self-check's heading names %q", p.Item)
				}
			case strings.HasPrefix(text, "- ") && r.Number == "II":
				if p.Item != paths[selfCheck] || text != "- "+items[selfCheck].Text {
					t.Errorf("part %q names %q, want %q", text, p.Item, paths[selfCheck])
				}
				selfCheck++
			default:
				var n *score.Node
				var find func(m *score.Node)
				find = func(m *score.Node) {
					if m.Path == p.Item {
						n = m
					}
					for _, ch := range m.Children {
						find(ch)
					}
				}
				for _, f := range res.Fields {
					find(f)
				}
				if n == nil || !strings.Contains(text, "Tiêu chí "+n.ID+":") && !strings.Contains(text, "Tiêu chí "+n.ID+" ") {
					t.Errorf("part %.60q names %q", text, p.Item)
				}
			}
		}
	}
	if selfCheck != len(items) {
		t.Errorf("%d self-check parts, want %d", selfCheck, len(items))
	}
}
