// Package fserr says in Vietnamese what went wrong with a file or folder: the operating system's
// errors (no such file, permission denied, not a directory, disk full…) reach a clerk named by
// their path, never in Go's English.
package fserr

import (
	"errors"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// Message returns err's text with every file-system error in its chain said in Vietnamese:
// "khong-co.toml: không tìm thấy tệp hoặc thư mục". The context around it (a wrapping
// "không đọc được tệp dữ liệu: …") is kept.
func Message(err error) string {
	if err == nil {
		return ""
	}
	text := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return replace(text, pe.Error(), pe.Path+": "+reason(pe.Op, pe.Err))
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return replace(text, le.Error(), le.New+": "+reason(le.Op, le.Err))
	}
	var se *os.SyscallError
	if errors.As(err, &se) {
		return replace(text, se.Error(), reason(se.Syscall, se.Err))
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return replace(text, errno.Error(), reason("", errno))
	}
	return text
}

func replace(text, old, new string) string {
	if strings.Contains(text, old) {
		return strings.Replace(text, old, new, 1)
	}
	return new
}

// reasons are the errors a clerk can meet, most specific first.
var reasons = []struct {
	err error
	msg string
}{
	{syscall.ENOTDIR, "không phải là thư mục: một phần của đường dẫn là một tệp"},
	{syscall.EISDIR, "đây là một thư mục, cần một tệp"},
	{syscall.ENOSPC, "ổ đĩa đã đầy"},
	{syscall.EDQUOT, "đã hết hạn mức dung lượng được cấp trên ổ đĩa"},
	{syscall.EROFS, "ổ đĩa chỉ cho đọc, không ghi được"},
	{syscall.ENAMETOOLONG, "tên tệp hoặc đường dẫn quá dài"},
	{syscall.ELOOP, "đường dẫn có vòng lặp liên kết tượng trưng"},
	{syscall.EMFILE, "đang mở quá nhiều tệp cùng lúc"},
	{syscall.ENFILE, "hệ thống đang mở quá nhiều tệp cùng lúc"},
	{syscall.EIO, "lỗi đọc/ghi thiết bị (ổ đĩa hỏng hoặc bị rút ra?)"},
	{syscall.EXDEV, "không chuyển được tệp sang ổ đĩa khác"},
	{syscall.ENOTEMPTY, "thư mục không trống"},
	{syscall.EBUSY, "tệp hoặc thư mục đang được chương trình khác dùng"},
	{syscall.ETXTBSY, "tệp đang được chương trình khác dùng"},
	{fs.ErrNotExist, "không tìm thấy tệp hoặc thư mục"},
	{fs.ErrExist, "đã có tệp hoặc thư mục này"},
	{fs.ErrPermission, "không có quyền truy cập (kiểm tra quyền đọc, ghi của tệp và thư mục chứa nó)"},
	{fs.ErrClosed, "tệp đã bị đóng"},
}

// reason says why the operation op failed with err.
func reason(op string, err error) string {
	for _, r := range reasons {
		if errors.Is(err, r.err) {
			if r.err == fs.ErrPermission {
				switch op {
				case "open", "read":
					return "không có quyền đọc (kiểm tra quyền của tệp và thư mục chứa nó)"
				case "mkdir", "rename", "write", "link", "chmod", "remove", "unlinkat", "createtemp":
					return "không có quyền ghi (kiểm tra quyền của thư mục)"
				}
			}
			return r.msg
		}
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return "lỗi hệ thống số " + strconv.Itoa(int(errno)) + " khi " + verb(op)
	}
	return "lỗi khi " + verb(op)
}

func verb(op string) string {
	switch op {
	case "open":
		return "mở tệp"
	case "read", "readdirent", "readdir":
		return "đọc"
	case "write":
		return "ghi"
	case "mkdir":
		return "tạo thư mục"
	case "rename", "link":
		return "đặt tên tệp"
	case "stat", "lstat":
		return "xem thông tin tệp"
	case "remove", "unlinkat":
		return "xóa"
	}
	return "truy cập tệp"
}
