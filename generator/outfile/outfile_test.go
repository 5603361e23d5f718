package outfile

import (
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/baocao-vn/baocao/internal/testtool"
)

// set makes a set of the three outputs whose contents carry tag, with the appendix size bytes.
func set(tag string, pdfSize int) []File {
	pdf := make([]byte, pdfSize)
	rand.Read(pdf)
	copy(pdf, "%PDF-1.7 "+tag+"\n")
	return []File{
		{"bao-cao.docx", []byte("docx " + tag)},
		{"phu-luc.pdf", pdf},
		{"bang-diem.xlsx", []byte("xlsx " + tag)},
	}
}

// holds fails the test unless dir holds exactly the files of want plus extra, with want's
// contents.
func holds(t *testing.T, dir string, want []File, extra ...string) {
	t.Helper()
	var names []string
	for _, f := range want {
		names = append(names, f.Name)
		got, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil {
			t.Errorf("%v", err)
		} else if string(got) != string(f.Data) {
			t.Errorf("%s: content is not the expected set's (%.20q)", f.Name, got)
		}
	}
	names = append(names, extra...)
	slices.Sort(names)
	if got := list(t, dir); !slices.Equal(got, names) {
		t.Errorf("%s holds %q, want %q", dir, got, names)
	}
}

func list(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func inode(t *testing.T, dir string) uint64 {
	t.Helper()
	st, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	return st.Sys().(*syscall.Stat_t).Ino
}

func TestWriteAllRefusesToOverwriteSigned(t *testing.T) {
	dir := t.TempDir()
	signed := []byte("%PDF-1.7\n... /ByteRange [0 10 20 30] ...")
	if err := os.WriteFile(filepath.Join(dir, "phu-luc.pdf"), signed, 0o644); err != nil {
		t.Fatal(err)
	}
	files := set("new", 100)
	if _, err := WriteAll(dir, files, false); !errors.Is(err, ErrSigned) {
		t.Fatalf("err = %v, want ErrSigned", err)
	}
	// Nothing was written: not even the file that came first, not even a staging folder.
	holds(t, dir, nil, "phu-luc.pdf")
	if got := list(t, filepath.Dir(dir)); len(got) != 1 {
		t.Errorf("parent holds %q", got)
	}
	before := inode(t, dir)
	if _, err := WriteAll(dir, files, true); err != nil {
		t.Fatalf("forced: %v", err)
	}
	holds(t, dir, files)
	if inode(t, dir) == before {
		t.Error("the forced set was not swapped in as a whole folder")
	}
}

func TestUnsignedIsOverwritten(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.pdf")
	if err := os.WriteFile(p, []byte("%PDF-1.7 unsigned"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteAll(dir, []File{{"a.pdf", []byte("x")}}, false); err != nil {
		t.Fatal(err)
	}
}

// TestCommit covers the two ways a set is committed: each case writes an old set, then a new
// one, and checks the folder holds exactly the new set, the user's files untouched, and no
// temporary of ours in the folder or its parent.
func TestCommit(t *testing.T) {
	for _, tc := range []struct {
		name    string
		foreign bool // the folder holds a user's file and subfolder
		cwd     bool // the folder is the working directory ("-o .")
		noExch  bool // the filesystem has no RENAME_EXCHANGE
		swapped bool // the folder is replaced as a whole
	}{
		{name: "ours", swapped: true},
		{name: "user folder", foreign: true},
		{name: "working folder", cwd: true},
		{name: "no exchange", noExch: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "out")
			old, new := set("old", 5000), set("new", 7000)
			if _, err := WriteAll(dir, old, false); err != nil {
				t.Fatal(err)
			}
			var extra []string
			if tc.foreign {
				os.WriteFile(filepath.Join(dir, "ghi-chu.txt"), []byte("của người dùng"), 0o600)
				os.Mkdir(filepath.Join(dir, "ban-nhap"), 0o755)
				extra = []string{"ban-nhap", "ghi-chu.txt"}
			}
			target := dir
			if tc.cwd {
				t.Chdir(dir)
				target = "."
			}
			if tc.noExch {
				defer func(e func(a, b string) error) { exchange = e }(exchange)
				exchange = func(a, b string) error { return syscall.EINVAL }
			}
			before := inode(t, dir)
			paths, err := WriteAll(target, new, false)
			if err != nil {
				t.Fatal(err)
			}
			if len(paths) != 3 || filepath.Base(paths[1]) != "phu-luc.pdf" {
				t.Errorf("paths = %q", paths)
			}
			holds(t, dir, new, extra...)
			if got := list(t, parent); !slices.Equal(got, []string{"out"}) {
				t.Errorf("parent holds %q", got)
			}
			if swapped := inode(t, dir) != before; swapped != tc.swapped {
				t.Errorf("folder swapped = %v, want %v", swapped, tc.swapped)
			}
			if tc.foreign {
				if b, _ := os.ReadFile(filepath.Join(dir, "ghi-chu.txt")); string(b) != "của người dùng" {
					t.Errorf("the user's file changed: %q", b)
				}
			}
		})
	}
}

// TestRecover plays back what a run killed at each step of a journal commit leaves, and
// checks the next run's recovery leaves a whole set: the new one once the marker exists, the
// old one before.
func TestRecover(t *testing.T) {
	old, new := set("old", 300), set("new", 400)
	const id = "0123456789abcdef"
	for step := 0; step <= 5; step++ {
		t.Run(fmt.Sprint("step ", step), func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range old {
				os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644)
			}
			os.WriteFile(filepath.Join(dir, "ghi-chu.txt"), []byte("x"), 0o644)
			// step 0: one temporary half-written; 1: all written; 2: marker being written;
			// 3: marker committed; 4: one file renamed; 5: all renamed, marker still there.
			for i, f := range new {
				data := f.Data
				if step == 0 && i == 1 {
					data = data[:100]
				}
				if step == 0 && i == 2 {
					break
				}
				os.WriteFile(filepath.Join(dir, tmpName(f.Name, id)), data, 0o644)
			}
			if step == 2 {
				os.WriteFile(filepath.Join(dir, tmpName(".commit", id)), []byte("bao-cao.docx\nphu"), 0o644)
			}
			if step >= 3 {
				os.WriteFile(filepath.Join(dir, markerName(id)), []byte("bao-cao.docx\nphu-luc.pdf\nbang-diem.xlsx\n"), 0o644)
			}
			for i := range map[int]int{4: 1, 5: 3}[step] {
				os.Rename(filepath.Join(dir, tmpName(new[i].Name, id)), filepath.Join(dir, new[i].Name))
			}
			if err := recoverDir(dir, nil); err != nil {
				t.Fatal(err)
			}
			want := old
			if step >= 3 {
				want = new
			}
			holds(t, dir, want, "ghi-chu.txt")
		})
	}
}

// TestStaleTemporaries: a run removes the staging folders and temporaries that killed runs
// left, matching this program's names exactly, and nothing else.
func TestStaleTemporaries(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	if _, err := WriteAll(dir, set("old", 100), false); err != nil {
		t.Fatal(err)
	}
	stale := []string{
		".out.baocao-0123456789abcdef.tmp/phu-luc.pdf", // a staging folder
		".khac.baocao-fedcba9876543210.tmp/x",          // another output folder's staging
		"out/.bao-cao.docx.baocao-0123456789abcdef.tmp",
		"out/..commit.baocao-0123456789abcdef.tmp",
		"out/.phu-luc.pdf.3141592653.tmp", // an earlier version's temporary
	}
	keep := []string{
		"ghi-chu.txt",
		".out.baocao-0123456789ABCDEF.tmp",  // not our case
		".out.baocao-0123456789abcde.tmp",   // not our length
		".out.baocao-0123456789abcdef.tmp~", // not our suffix
		".ghi-chu.txt.12345.tmp",            // an earlier-looking temporary of a name not ours
		"out.baocao-0123456789abcdef.tmp",   // not hidden
	}
	for _, p := range append(stale, keep...) {
		p = filepath.Join(parent, p)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("x"), 0o644)
	}
	// A user's file in the output folder makes the run commit in place, so the recovery of the
	// folder itself is exercised too.
	os.WriteFile(filepath.Join(dir, "ghi-chu.txt"), []byte("x"), 0o644)
	new := set("new", 100)
	if _, err := WriteAll(dir, new, false); err != nil {
		t.Fatal(err)
	}
	holds(t, dir, new, "ghi-chu.txt")
	got := list(t, parent)
	want := append([]string{"out"}, keep[1:]...)
	want = append(want, keep[0])
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("parent holds %q\nwant %q", got, want)
	}
}

// TestWriteOne: a single file (summary.json, a signed PDF) replaces the old one, removes its
// own stale temporaries and nothing else.
func TestWriteOne(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "summary.json")
	os.WriteFile(filepath.Join(dir, ".summary.json.baocao-0123456789abcdef.tmp"), []byte("{"), 0o644)
	os.WriteFile(filepath.Join(dir, ".phu-luc.pdf.baocao-0123456789abcdef.tmp"), []byte("%"), 0o644)
	if err := Write(p, []byte("{}\n")); err != nil {
		t.Fatal(err)
	}
	if got := list(t, dir); !slices.Equal(got, []string{".phu-luc.pdf.baocao-0123456789abcdef.tmp", "summary.json"}) {
		t.Errorf("folder holds %q", got)
	}
}

// TestWriteKeepsMode rewrites a private file (0600, a clerk's dataset saved from the browser)
// and a shared one: each keeps its permissions.
func TestWriteKeepsMode(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		old  os.FileMode
		want os.FileMode
	}{
		{"private.toml", 0o600, 0o600},
		{"shared.toml", 0o664, 0o664},
	} {
		p := filepath.Join(dir, tc.name)
		if err := os.WriteFile(p, []byte("a = 1\n"), tc.old); err != nil {
			t.Fatal(err)
		}
		os.Chmod(p, tc.old) // whatever the umask
		if err := Write(p, []byte("a = 2\n")); err != nil {
			t.Fatal(err)
		}
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != tc.want {
			t.Errorf("%s: mode %v after Write, want %v", tc.name, st.Mode().Perm(), tc.want)
		}
	}
}

// TestDiskFull fills a small tmpfs: a set that does not fit is refused with a Vietnamese
// message naming the file, and the folder keeps the whole old set, with no temporary left.
func TestDiskFull(t *testing.T) {
	for _, foreign := range []bool{false, true} {
		t.Run(fmt.Sprint("user file ", foreign), func(t *testing.T) {
			disk := testtool.Tmpfs(t, 256)
			dir := filepath.Join(disk, "out")
			old := set("old", 150<<10)
			if _, err := WriteAll(dir, old, false); err != nil {
				t.Fatal(err)
			}
			var extra []string
			if foreign {
				os.WriteFile(filepath.Join(dir, "ghi-chu.txt"), []byte("x"), 0o644)
				extra = []string{"ghi-chu.txt"}
			}
			_, err := WriteAll(dir, set("new", 150<<10), false)
			if !errors.Is(err, ErrNoSpace) {
				t.Fatalf("err = %v, want ErrNoSpace", err)
			}
			// The set's files are written side by side: whichever finds the disk full is named.
			named := false
			for _, x := range old {
				named = named || strings.HasPrefix(err.Error(), filepath.Join(dir, x.Name)+": không đủ chỗ trên đĩa")
			}
			if !named {
				t.Errorf("message %q does not start with one of the set's files and \"không đủ chỗ trên đĩa\"", err)
			}
			holds(t, dir, old, extra...)
			if got := list(t, disk); !slices.Equal(got, []string{"out"}) {
				t.Errorf("disk holds %q", got)
			}
		})
	}
}

// TestConcurrentRuns: runs committing into the same folder at once (each cleaning up what it
// takes for a killed run's leftovers) wait for each other; each succeeds and the folder ends
// with one whole set. Each run opens the folder itself, as separate processes do.
func TestConcurrentRuns(t *testing.T) {
	for _, user := range []bool{false, true} {
		t.Run(fmt.Sprint("user file ", user), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			var extra []string
			if user {
				os.MkdirAll(dir, 0o755)
				os.WriteFile(filepath.Join(dir, "ghi-chu.txt"), nil, 0o644)
				extra = []string{"ghi-chu.txt"}
			}
			sets := make([][]File, 8)
			errs := make(chan error, len(sets))
			for i := range sets {
				sets[i] = set(fmt.Sprint(i), 20000)
				go func() {
					_, err := WriteAll(dir, sets[i], false)
					errs <- err
				}()
			}
			for range sets {
				if err := <-errs; err != nil {
					t.Error(err)
				}
			}
			b, _ := os.ReadFile(filepath.Join(dir, "bao-cao.docx"))
			i := slices.IndexFunc(sets, func(s []File) bool { return string(s[0].Data) == string(b) })
			if i < 0 {
				t.Fatalf("bao-cao.docx is from no run: %q", b)
			}
			holds(t, dir, sets[i], extra...)
			if got := list(t, filepath.Dir(dir)); !slices.Equal(got, []string{"out"}) {
				t.Errorf("parent holds %q", got)
			}
		})
	}
}
