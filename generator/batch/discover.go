package batch

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
)

// WorkersPerCPU caps -j: at most this many datasets are rendered at once per core. Each worker
// holds one dataset's outputs (≈ 25 MB while its PDF is made), and past a few per core more
// workers only add memory, not speed.
const WorkersPerCPU = 4

// MaxWorkers is the largest number of workers a run may ask for on this machine.
func MaxWorkers() int { return WorkersPerCPU * runtime.NumCPU() }

// CheckWorkers refuses a worker count that is negative or over MaxWorkers; 0 means one per core.
func CheckWorkers(n int) error {
	switch {
	case n < 0:
		return fmt.Errorf("-j %d: số bộ dữ liệu xử lý cùng lúc phải là số dương (0 hoặc bỏ trống: mỗi nhân CPU một)", n)
	case n > MaxWorkers():
		return fmt.Errorf("-j %d vượt giới hạn %d (%d × %d nhân CPU): thêm nữa chỉ tốn bộ nhớ, không nhanh hơn", n, MaxWorkers(), WorkersPerCPU, runtime.NumCPU())
	}
	return nil
}

// Skipped is a path named like a dataset that is not one: a FIFO, socket, device, folder, or a
// link to one of those or to nothing. It is reported and never opened.
type Skipped struct {
	Path   string
	Reason string
}

func (s Skipped) String() string { return s.Path + ": " + s.Reason }

// Expand turns the command's arguments into dataset files: a folder stands for the .toml
// entries directly in it, a file for itself. Only regular files are datasets: whatever else an
// argument or a folder's *.toml entry is, it is returned in skipped, decided from its metadata
// alone (reading a FIFO waits forever for a writer). A symbolic link is followed when it leads
// to a regular file. The files are sorted and free of duplicates. The error is for an argument
// that does not exist or a folder that cannot be listed.
func Expand(args []string) (files []string, skipped []Skipped, err error) {
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, nil, err
		}
		if !st.IsDir() {
			if why := notDataset(st.Mode()); why != "" {
				skipped = append(skipped, Skipped{a, why})
			} else {
				files = append(files, filepath.Clean(a))
			}
			continue
		}
		entries, err := os.ReadDir(a)
		if err != nil {
			return nil, nil, err
		}
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".toml") {
				continue
			}
			p := filepath.Join(a, e.Name())
			mode := e.Type() // from the directory listing: nothing is opened
			if mode&fs.ModeSymlink != 0 {
				st, err := os.Stat(p)
				if err != nil {
					skipped = append(skipped, Skipped{p, "liên kết tượng trưng không dẫn tới tệp nào"})
					continue
				}
				mode = st.Mode()
			}
			if why := notDataset(mode); why != "" {
				skipped = append(skipped, Skipped{p, why})
				continue
			}
			files = append(files, p)
		}
	}
	slices.Sort(files)
	return slices.Compact(files), skipped, nil
}

// notDataset says why a file of this mode is not read as a dataset, or "" for a regular file.
func notDataset(m fs.FileMode) string {
	var kind string
	switch {
	case m.IsRegular():
		return ""
	case m.IsDir():
		kind = "thư mục"
	case m&fs.ModeNamedPipe != 0:
		kind = "đường ống FIFO"
	case m&fs.ModeSocket != 0:
		kind = "socket"
	case m&fs.ModeCharDevice != 0:
		kind = "thiết bị ký tự"
	case m&fs.ModeDevice != 0:
		kind = "thiết bị khối"
	default:
		kind = "tệp đặc biệt"
	}
	return "không phải tệp dữ liệu thông thường (" + kind + "); bỏ qua, không đọc"
}
