package serve

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/baocao-vn/baocao/generator/dataset"
)

// nameRe is the only shape of file name the server reads or writes: a .toml file directly in
// the folder, of letters without diacritics, digits, '.', '_' and '-', not hidden. No slash,
// no backslash, no "..": nothing outside the folder can be named, and nothing but TOML (never
// a .p12, .pem or key) is ever served.
var nameRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,95}\.toml$`) })

// validName says whether name may be read or written.
func validName(name string) bool {
	return nameRe().MatchString(name) && !strings.Contains(name, "..")
}

var (
	errBadName  = errors.New("tên tệp không hợp lệ: chỉ các tệp .toml nằm ngay trong thư mục dữ liệu (chữ không dấu, số, dấu . _ -)")
	errNotFound = errors.New("không có tệp này trong thư mục dữ liệu")
	errNotFile  = errors.New("không phải tệp thường (liên kết, thư mục, ống…): không đọc")
	errConflict = errors.New("tệp đã bị thay đổi trên đĩa từ khi trang được mở (ở chương trình khác hoặc cửa sổ khác). Chưa lưu gì: các thay đổi của bạn vẫn còn trên trang. Hãy chép lại những gì cần giữ, tải lại trang để thấy bản mới, rồi nhập lại")
)

// readFile reads the named dataset of the folder: a regular file, not a link (checked with
// Lstat, and opened with O_NOFOLLOW so that a link swapped in meanwhile is not followed), at
// most dataset.MaxFileSize bytes.
func (h *Handler) readFile(name string) ([]byte, error) {
	if !validName(name) {
		return nil, errBadName
	}
	path := filepath.Join(h.dir, name)
	st, err := os.Lstat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, errNotFound
		}
		return nil, fmt.Errorf("%s: không đọc được: %w", name, err)
	}
	if !st.Mode().IsRegular() {
		return nil, errNotFile
	}
	f, err := os.OpenFile(path, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, fmt.Errorf("%s: không mở được: %w", name, err)
	}
	defer f.Close()
	fst, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fst.Mode().IsRegular() || !os.SameFile(st, fst) {
		return nil, errNotFile
	}
	data, err := io.ReadAll(io.LimitReader(f, dataset.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: không đọc được: %w", name, err)
	}
	if len(data) > dataset.MaxFileSize {
		return nil, fmt.Errorf("%s: tệp lớn hơn giới hạn %d MB của một bộ dữ liệu", name, dataset.MaxFileSize>>20)
	}
	return data, nil
}

// refusedFile is a .toml name in the folder the server will not open, and why.
type refusedFile struct{ Name, Why string }

// listFiles returns the names of the .toml files directly in the folder, sorted (a reporting
// date's file is named by its date, so this is their order), and those the server will not
// open, with the reason.
func (h *Handler) listFiles() (names []string, refused []refusedFile, err error) {
	entries, err := os.ReadDir(h.dir)
	if err != nil {
		return nil, nil, fmt.Errorf("không đọc được thư mục dữ liệu: %w", err)
	}
	for _, e := range entries {
		n := e.Name()
		if !strings.HasSuffix(strings.ToLower(n), ".toml") || strings.HasPrefix(n, ".") {
			continue
		}
		switch {
		case e.Type()&fs.ModeSymlink != 0:
			refused = append(refused, refusedFile{n, "là liên kết (symlink): không mở, để không đọc hay ghi tệp ngoài thư mục; chép thành tệp thường để mở"})
		case !e.Type().IsRegular():
			refused = append(refused, refusedFile{n, "không phải tệp thường (thư mục, ống…)"})
		case !validName(n):
			refused = append(refused, refusedFile{n, "tên tệp không hợp lệ: chỉ chữ không dấu, số, dấu . _ -; đổi tên để mở"})
		default:
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names, refused, nil
}

// digest is the hex SHA-256 of a file's bytes: the base a page edits from.
func digest(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
