package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A progress cell longer than an Excel cell holds: render writes all three files, exits 0 and
// says on stderr, with file:line and key path, what the workbook keeps.
func TestRenderLongCell(t *testing.T) {
	src, err := os.ReadFile("../../samples/2022-09-14.toml")
	if err != nil {
		t.Fatal(err)
	}
	old := `progress = "Đã tham mưu các văn bản chỉ đạo liên quan đến công tác CCHC và đôn đốc các phòng, đơn vị triển khai thực hiện."`
	long := strings.TrimSpace(strings.Repeat("Đã tham mưu các văn bản chỉ đạo, đôn đốc các phòng triển khai. ", 700)) // 44,099 characters
	if !strings.Contains(string(src), old) {
		t.Fatal("the sample changed")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "dai.toml")
	if err := os.WriteFile(in, []byte(strings.Replace(string(src), old, `progress = "`+long+`"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := baocao(t, "render", in, "-o", filepath.Join(dir, "out"))
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	want := in + ":159: fields[0].criteria[0].progress: tiêu chí 1.2: văn bản dài 44099 ký tự"
	if !strings.Contains(stderr, "cảnh báo: "+want) || !strings.Contains(stderr, "32700 ký tự đầu") {
		t.Errorf("stderr lacks the warning %q:\n%s", want, stderr)
	}
	for _, f := range []string{"bao-cao.docx", "phu-luc.pdf", "bang-diem.xlsx"} {
		if _, err := os.Stat(filepath.Join(dir, "out", f)); err != nil {
			t.Error(err)
		}
	}
}
