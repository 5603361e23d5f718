package score

import (
	"os"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator/dataset"
)

func TestCountsAndPlaceholders(t *testing.T) {
	src, err := os.ReadFile("../../samples/2023-03-15.toml")
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(src), `reason = "Không có sáng kiến cấp tỉnh về công tác CCHC năm trước liền kề."`,
		`reason = "Đã hoàn thành {da_hoan_thanh}/{tong_so} nội dung; {dang_thuc_hien} đang thực hiện, {chua_thuc_hien} chưa, {thuong_xuyen} thường xuyên."`, 1)
	ds, err := dataset.Parse("x.toml", []byte(s))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Compute(ds)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Node("1.7").Reason; got != "Đã hoàn thành 05/16 nội dung; 05 đang thực hiện, 02 chưa, 04 thường xuyên." {
		t.Errorf("reason %q", got)
	}
	p := res.Progress
	if p.All != (Tally{Done: 5, InProgress: 5, NotStarted: 2, Regular: 4}) || p.SelfCheck.Total() != 6 {
		t.Errorf("counts %+v", p)
	}
	var f7 FieldTally
	for _, f := range p.Fields {
		if f.ID == "7" {
			f7 = f
		}
	}
	if f7.Tally != (Tally{Done: 1, InProgress: 1, Regular: 1}) {
		t.Errorf("field 7: %+v", f7)
	}
	for _, k := range res.Checks {
		if k.Path == "appendix.stated_done" && !k.OK {
			t.Errorf("the sample's 05/16 is flagged: %s", k.Message("x.toml"))
		}
	}
	for n, want := range map[int]string{0: "00", 5: "05", 16: "16", 123: "123"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}
