package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/internal/testtool"
)

// TestCheckCounts: check prints the counts by status, and a stated "05/19" where the rows give
// four done is a discrepancy on its line.
func TestCheckCounts(t *testing.T) {
	code, out, errOut := baocao(t, "check", "../../samples/2023-03-15.toml")
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	for _, want := range []string{"Tiến độ khắc phục (số mục theo trạng thái)", "đã hoàn thành 05/16 nội dung",
		"Tồn tại qua tự kiểm tra", "Cộng                                                 5              5              2            4      16"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}

	src, err := os.ReadFile("../../samples/2022-12-15.toml")
	if err != nil {
		t.Fatal(err)
	}
	const anchor = "self_check = true"
	i := strings.Index(string(src), anchor)
	bad := string(src[:i]) + "stated_done = \"05/19\"\n" + string(src[i:])
	line := strings.Count(string(src[:i]), "\n") + 1
	f := filepath.Join(t.TempDir(), "bad.toml")
	if err := os.WriteFile(f, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = baocao(t, "check", "--strict", f)
	if code != exitDiscrepancy {
		t.Fatalf("exit %d, want %d\n%s", code, exitDiscrepancy, errOut)
	}
	for _, want := range []string{
		f + ":" + itoa(line) + ": appendix.stated_done: số nội dung đã hoàn thành ghi 5 nhưng tính được 4 (đếm theo trạng thái các mục: 4 đã hoàn thành, 6 đang thực hiện, 2 chưa thực hiện, 4 thực hiện thường xuyên)",
		f + ":" + itoa(line) + ": appendix.stated_done: tổng số nội dung ghi 19 nhưng tính được 16",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks\n%s\n%s", want, errOut)
		}
	}
	if !strings.Contains(out, "đã hoàn thành 04/16 nội dung") {
		t.Errorf("stdout lacks the counts:\n%s", out)
	}
}

// TestDiffSamples: diff lists the status changes with their dates, and --json is stable.
func TestDiffSamples(t *testing.T) {
	const old, new = "../../samples/2022-09-14.toml", "../../samples/2022-12-15.toml"
	code, out, errOut := baocao(t, "diff", old, new)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	for _, want := range []string{
		"Tiêu chí 7.2.6: Việc sắp xếp và lưu trữ hồ sơ\n  trạng thái: đang thực hiện → đã hoàn thành ngày 30/11/2022 (Thông báo số 95/TB-SNgV ngày 30/11/2022)",
		"Tồn tại qua tự kiểm tra: Chưa có bài báo tuyên truyền về công tác cải cách hành chính trên các trang thông tin đại chúng.\n  trạng thái: chưa thực hiện → đã hoàn thành ngày 20/11/2022",
		"\nso với 14/9/2022: hoàn thành thêm 2, còn 6 đang thực hiện, 2 chưa thực hiện\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks\n%s\n---\n%s", want, out)
		}
	}
	code, out, errOut = baocao(t, "diff", "--json", old, new)
	if code != exitOK {
		t.Fatalf("--json: exit %d\n%s", code, errOut)
	}
	testtool.Golden(t, filepath.Join("testdata", "diff.golden.json"), out)
	if _, again, _ := baocao(t, "diff", old, new, "--json"); again != out {
		t.Error("--json differs from run to run")
	}

	if code, _, errOut := baocao(t, "diff", old); code != exitInvalid || !strings.Contains(errOut, "cần hai tệp") {
		t.Errorf("one file: exit %d, %q", code, errOut)
	}
	bad := filepath.Join(t.TempDir(), "bad.toml")
	os.WriteFile(bad, []byte("[document]\n"), 0o644)
	if code, _, errOut := baocao(t, "diff", old, bad); code != exitInvalid || !strings.Contains(errOut, "bad.toml") {
		t.Errorf("bad file: exit %d, %q", code, errOut)
	}
}

// docxText reads a report back as its reader does: LibreOffice opens it and saves its text.
func docxText(t *testing.T, path string) string {
	t.Helper()
	out := testtool.OfficeConvert(t, path, "txt:Text (encoded):UTF8", t.TempDir())
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}

// TestReportSaysWhatChanged: in a batch over samples/, the report of 2022-12-15 says what
// changed since 14/9/2022; rendered alone it does not, and with --previous it does again.
func TestReportSaysWhatChanged(t *testing.T) {
	testtool.Require(t, "soffice")
	const (
		sentence = "So với báo cáo số liệu đến ngày 14/9/2022: hoàn thành thêm 02 nội dung, còn 06 đang thực hiện, 02 chưa thực hiện."
		item     = "- Tiêu chí 7.2.6: Việc sắp xếp và lưu trữ hồ sơ: đã hoàn thành ngày 30/11/2022 (Thông báo số 95/TB-SNgV ngày 30/11/2022)."
	)
	out := t.TempDir()
	if code, _, errOut := baocao(t, "batch", "../../samples", "-o", out); code != exitOK {
		t.Fatalf("batch: exit %d\n%s", code, errOut)
	}
	text := docxText(t, filepath.Join(out, "2022-12-15", "bao-cao.docx"))
	for _, want := range []string{sentence, item,
		"- Chưa có bài báo tuyên truyền về công tác cải cách hành chính trên các trang thông tin đại chúng: đã hoàn thành ngày 20/11/2022"} {
		if !strings.Contains(text, want) {
			t.Errorf("batch report of 2022-12-15 lacks\n%s\n---\n%s", want, text)
		}
	}
	if first := docxText(t, filepath.Join(out, "2022-09-14", "bao-cao.docx")); strings.Contains(first, "So với báo cáo") {
		t.Error("the first reporting date of the batch has a previous one")
	}
	if third := docxText(t, filepath.Join(out, "2023-03-15", "bao-cao.docx")); !strings.Contains(third, "So với báo cáo số liệu đến ngày 15/12/2022: hoàn thành thêm 01 nội dung") {
		t.Errorf("2023-03-15 is not compared with 2022-12-15:\n%s", third)
	}

	alone := t.TempDir()
	if code, _, errOut := baocao(t, "render", "../../samples/2022-12-15.toml", "-o", alone); code != exitOK {
		t.Fatalf("render: exit %d\n%s", code, errOut)
	}
	text = docxText(t, filepath.Join(alone, "bao-cao.docx"))
	if strings.Contains(text, "So với báo cáo") || strings.Contains(text, "Tiêu chí 7.2.6: Việc sắp xếp") {
		t.Errorf("rendered alone, the report speaks of a previous date:\n%s", text)
	}
	if !strings.Contains(text, "Trên đây là báo cáo") {
		t.Errorf("the text read back is not the report:\n%s", text)
	}

	with := t.TempDir()
	if code, _, errOut := baocao(t, "render", "../../samples/2022-12-15.toml", "--previous", "../../samples/2022-09-14.toml", "-o", with); code != exitOK {
		t.Fatalf("render --previous: exit %d\n%s", code, errOut)
	}
	if text := docxText(t, filepath.Join(with, "bao-cao.docx")); !strings.Contains(text, sentence) || !strings.Contains(text, item) {
		t.Errorf("render --previous lacks the change:\n%s", text)
	}
	if code, _, errOut := baocao(t, "render", "../../samples/2022-09-14.toml", "--previous", "../../samples/2022-12-15.toml", "-o", t.TempDir()); code != exitInvalid ||
		!strings.Contains(errOut, "không trước ngày 14/9/2022") {
		t.Errorf("a later --previous: exit %d, %q", code, errOut)
	}
}
