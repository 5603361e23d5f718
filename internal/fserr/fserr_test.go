package fserr

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestMessage(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.toml")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errMissing := os.ReadFile(filepath.Join(dir, "khong-co.toml"))
	_, errDir := os.ReadFile(dir)
	_, errNotDir := os.ReadFile(filepath.Join(file, "b.toml"))
	errMkdir := os.MkdirAll(filepath.Join(file, "out"), 0o755)
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"missing", errMissing, filepath.Join(dir, "khong-co.toml") + ": không tìm thấy tệp hoặc thư mục"},
		{"a directory", errDir, dir + ": đây là một thư mục, cần một tệp"},
		{"not a directory", errNotDir, filepath.Join(file, "b.toml") + ": không phải là thư mục: một phần của đường dẫn là một tệp"},
		{"mkdir under a file", errMkdir, ": không phải là thư mục: một phần của đường dẫn là một tệp"},
		{"wrapped", fmt.Errorf("không đọc được tệp dữ liệu: %w", errMissing), "không đọc được tệp dữ liệu: " + filepath.Join(dir, "khong-co.toml") + ": không tìm thấy"},
		{"disk full", &fs.PathError{Op: "write", Path: "out/bao-cao.docx", Err: syscall.ENOSPC}, "out/bao-cao.docx: ổ đĩa đã đầy"},
		{"read-only", &os.LinkError{Op: "rename", Old: "out/.x.tmp", New: "out/x", Err: syscall.EROFS}, "out/x: ổ đĩa chỉ cho đọc"},
		{"permission to read", &fs.PathError{Op: "open", Path: "a.toml", Err: syscall.EACCES}, "a.toml: không có quyền đọc"},
		{"permission to write", &fs.PathError{Op: "mkdir", Path: "out", Err: syscall.EACCES}, "out: không có quyền ghi"},
		{"an unusual errno", &fs.PathError{Op: "open", Path: "a", Err: syscall.ENODEV}, "a: lỗi hệ thống số 19 khi mở tệp"},
		{"not a file-system error", errors.New("khác"), "khác"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.err == nil {
				t.Fatal("no error to translate")
			}
			got := Message(tc.err)
			if !strings.Contains(got, tc.want) {
				t.Errorf("got %q, want it to hold %q", got, tc.want)
			}
			for _, en := range []string{"no such", "is a directory", "not a directory", "permission denied", "open ", "read ", "no space"} {
				if strings.Contains(got, en) {
					t.Errorf("%q still holds Go's English %q", got, en)
				}
			}
		})
	}
}
