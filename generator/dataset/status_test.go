package dataset

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// sampleWith returns the sample of 2022-09-14 with one text replaced, and the line the
// replacement starts on.
func sampleWith(t *testing.T, old, new string) (string, int) {
	t.Helper()
	src, err := os.ReadFile("../../samples/2022-09-14.toml")
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	i := strings.Index(s, old)
	if i < 0 || strings.Count(s, old) != 1 {
		t.Fatalf("%q is not once in the sample", old)
	}
	return s[:i] + new + s[i+len(old):], strings.Count(s[:i], "\n") + 1
}

func TestStatusErrors(t *testing.T) {
	const (
		crit = "    progress = \"Đã triển khai thực hiện\"\n    status = \"đang thực hiện\"" // 7.2.6
		item = `Trung tâm.", status = "chưa thực hiện" },`                                   // the 6th self-check item
		path = "fields[6].criteria[1].criteria[0]"
		ip   = "report.sections[1].blocks[1].items[5]"
	)
	tests := []struct {
		name, old, new string
		lineOff        int // the error's line, counted from the replacement's first line
		path, word     string
	}{
		{"unknown status", crit, "    progress = \"x\"\n    status = \"đã hoàn thanh\"", 1, path + ".status",
			`trạng thái "đã hoàn thanh" không có trong danh sách ("đã hoàn thành", "đang thực hiện", "chưa thực hiện", "thực hiện thường xuyên"); có phải "đã hoàn thành"?`},
		{"done without date", crit, "    progress = \"x\"\n    status = \"đã hoàn thành\"", 1, path + ".status", "cần ngày hoàn thành"},
		{"done after as_of", crit, "    progress = \"x\"\n    status = \"đã hoàn thành\"\n    done = 2022-09-15", 2, path + ".done",
			"ngày hoàn thành 15/9/2022 sau ngày cập nhật số liệu 14/9/2022"},
		{"date on an open item", crit, "    progress = \"x\"\n    status = \"đang thực hiện\"\n    done = 2022-09-01", 2, path + ".done",
			`mục "đang thực hiện" không có ngày hoàn thành`},
		{"date without status", crit, "    progress = \"x\"\n    done = 2022-09-01", 1, path + ".done", "thiếu status"},
		{"item unknown status", item, `Trung tâm.", status = "xong" },`, 0, ip + ".status", "không có trong danh sách"},
		{"item done after as_of", item, `Trung tâm.", status = "đã hoàn thành", done = "20/9/2022" },`, 0, ip + ".done", "sau ngày cập nhật số liệu"},
		{"item unknown key", item, `Trung tâm.", status = "chưa thực hiện", evidance = "x" },`, 0, ip + ".evidance", `có phải "evidence"`},
		{"item status type", item, `Trung tâm.", status = 1 },`, 0, ip + ".status", "sai kiểu"},
		{"stated_done form", "plan = \"Kế hoạch số 102/KH-SNgV ngày 14/02/2022\"\n",
			"plan = \"Kế hoạch số 102/KH-SNgV ngày 14/02/2022\"\nstated_done = \"5 trên 19\"\n", 1, "appendix.stated_done", `"05/19"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, line := sampleWith(t, tt.old, tt.new)
			_, err := Parse("x.toml", []byte(src))
			var list ErrorList
			if !errors.As(err, &list) || len(list) != 1 {
				t.Fatalf("want one error, got %v", err)
			}
			e := list[0]
			if e.Line != line+tt.lineOff || e.Path != tt.path || !strings.Contains(e.Msg, tt.word) {
				t.Errorf("got  %v\nwant x.toml:%d: %s: …%s…", e, line+tt.lineOff, tt.path, tt.word)
			}
		})
	}
}

func TestStatusForms(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Status
	}{
		{"đã hoàn thành", StatusDone}, {"Đã hoàn thành", StatusDone}, {"da_hoan_thanh", StatusDone},
		{"đang thực hiện", StatusInProgress}, {"chua_thuc_hien", StatusNotStarted},
		{"thực hiện thường xuyên", StatusRegular}, {"thuong_xuyen", StatusRegular},
		{"hoàn thành", StatusNone}, {"", StatusNone},
	} {
		if got, _ := ParseStatus(tt.in); got != tt.want {
			t.Errorf("ParseStatus(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	// The decomposed spelling reaches ParseStatus composed: Parse normalises the file to NFC.
	src, _ := sampleWith(t, "    progress = \"Đã triển khai thực hiện\"\n    status = \"đang thực hiện\"",
		"    status = \"đa\u0303 hoa\u0300n tha\u0300nh\"\n    done = 2022-09-01\n    evidence = \"Quyết định số 15/QĐ-STP ngày 20/02/2024\"\n    progress = \"x\"")
	d, err := Parse("x.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	st := d.Fields[6].Criteria[1].Criteria[0].State
	if got := strings.Join(st.Column("x"), "|"); got != "Đã hoàn thành ngày 01/9/2022|(Quyết định số 15/QĐ-STP ngày 20/02/2024)|x" {
		t.Errorf("column: %q", got)
	}
	items := d.Report.Sections[1].Blocks[1].Items
	if items[2].State.Status != StatusDone || items[2].State.Done.ISO() != "2022-08-31" || items[0].Text == "" {
		t.Errorf("self-check items: %+v", items[:3])
	}
}
