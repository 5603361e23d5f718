package appendix

import (
	"os"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/score"
)

// The second department's appendix names its rows: fields 1–6 and criteria 7.1, 7.2, 7.3. Read
// back from the PDF, the TT column numbers 9 rows, and each row's heading gives that node's
// own computed score.
func TestAppendixRowsFromData(t *testing.T) {
	src, err := os.ReadFile("../../samples/so-tu-phap/2024-03-04.toml")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := dataset.Parse("2024-03-04.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	res, err := score.Compute(ds)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"1", "2", "3", "4", "5", "6", "7.1", "7.2", "7.3"}
	if got := strings.Join(ds.Appendix.Rows, " "); got != strings.Join(want, " ") {
		t.Fatalf("rows %q", got)
	}
	cols := readBackChecked(t, Build(ds, res, "06/BC-STP")).cols
	if got := fold(cols[0]); got != "1 2 3 4 5 6 7 8 9" {
		t.Errorf("TT column %q, want 1 2 3 4 5 6 7 8 9", got)
	}
	text, at := fold(cols[1]), 0
	for _, id := range want {
		n := res.Node(id)
		heading := fold("Tiêu chí " + id + ": " + n.Name + ": Đoàn thẩm định đánh giá đạt " +
			score.Points(n.Score) + "/" + score.MaxPoints(n.Max) + " điểm.")
		i := strings.Index(text[at:], heading)
		if i < 0 {
			t.Errorf("no heading, in order, %q", heading)
			continue
		}
		at += i + len(heading)
	}
	// Field 7 is not a row of its own: its criteria are.
	if strings.Contains(text, "Tiêu chí 7: ") {
		t.Error("field 7 has a heading of its own")
	}
}

// A criterion that lost points outside every named row is an error naming appendix.rows.
func TestAppendixRowsCoverage(t *testing.T) {
	src, err := os.ReadFile("../../samples/so-tu-phap/2024-03-04.toml")
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(src), `"7.1", "7.2", "7.3"]`, `"7.1", "7.2"]`, 1)
	ds, err := dataset.Parse("2024-03-04.toml", []byte(s))
	if err != nil {
		t.Fatal(err)
	}
	_, err = score.Compute(ds)
	if err == nil || !strings.Contains(err.Error(), "appendix.rows: tiêu chí 7.3.2 bị trừ điểm nhưng không thuộc dòng nào") {
		t.Errorf("got %v", err)
	}
}
