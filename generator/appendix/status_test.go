package appendix

import (
	"os"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/score"
)

// TestStatusColumnAndSelfCheck renders the sample of 2023-03-15 (self_check = true) and reads
// it back: the progress column opens with the status, the done date and the evidence; the
// self-check's shortcomings follow the criteria as section II with the same columns.
func TestStatusColumnAndSelfCheck(t *testing.T) {
	src, err := os.ReadFile("../../samples/2023-03-15.toml")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := dataset.Parse("2023-03-15.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	res, err := score.Compute(ds)
	if err != nil {
		t.Fatal(err)
	}
	doc := Build(ds, res, "27/BC-SNgV")
	cols := readBackChecked(t, doc).cols

	if got := fold(cols[0]); got != "1 2 3 4 5 II" {
		t.Errorf("TT column %q, want 1 2 3 4 5 II", got)
	}
	crit := fold(cols[1])
	i := strings.Index(crit, SelfCheckHeading)
	if i < 0 || !strings.Contains(crit[i:], "- Một số phòng, đơn vị thiếu danh mục tài liệu trong hồ sơ lưu trữ.") ||
		strings.Contains(crit[i:], "Tiêu chí") {
		t.Errorf("column 2 lacks section II after the criteria:\n%s", crit)
	}
	progress := fold(cols[4])
	for _, want := range []string{
		// criterion 1.6: the status and the date, the evidence, then the progress text
		"Đã hoàn thành ngày 24/02/2023 (Thông báo số 21/TB-SNgV ngày 24/02/2023) Đã hoàn thành: đã phối hợp Báo Hà Tĩnh",
		"Đang thực hiện Đã có 01 sáng kiến về CCHC", // 1.7
		"Chưa thực hiện Sở chỉ có 01 đơn vị",        // 6.5.1
		// section II: the second shortcoming, done, with its own progress text
		"Đã hoàn thành ngày 20/11/2022 (Bài đăng trên Báo Hà Tĩnh ngày 20/11/2022) Đã phối hợp Báo Hà Tĩnh đăng 02 bài",
	} {
		if !strings.Contains(progress, want) {
			t.Errorf("progress column lacks %q:\n%s", want, progress)
		}
	}
	// The status line is bold, the rest as before.
	last := doc.Rows[len(doc.Rows)-1]
	if last.Number != "II" || !last.Parts[0].Cells[0][0].Bold || !last.Parts[0].KeepWithNext {
		t.Errorf("section II row: %+v", last.Parts[0])
	}
	for _, p := range last.Parts[1:] {
		if len(p.Cells[3]) == 0 || !p.Cells[3][0].Bold {
			t.Errorf("self-check item %q: status not bold", p.Cells[0][0].Text)
		}
		for _, q := range p.Cells[3][1:] {
			if q.Bold {
				t.Errorf("self-check item %q: %q bold", p.Cells[0][0].Text, q.Text)
			}
		}
	}

	// Without self_check the appendix stays the criteria alone.
	ds.Appendix.SelfCheck = false
	if d := Build(ds, res, "27/BC-SNgV"); d.Rows[len(d.Rows)-1].Number != "5" {
		t.Errorf("section II without self_check")
	}
}
