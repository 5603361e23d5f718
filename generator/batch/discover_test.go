package batch

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// expandWithin runs Expand, failing the test if it does not return within a few seconds:
// opening a FIFO for reading would wait for a writer forever.
func expandWithin(t testing.TB, args []string) ([]string, []Skipped, error) {
	t.Helper()
	type result struct {
		files   []string
		skipped []Skipped
		err     error
	}
	done := make(chan result, 1)
	go func() {
		f, s, err := Expand(args)
		done <- result{f, s, err}
	}()
	select {
	case r := <-done:
		return r.files, r.skipped, r.err
	case <-time.After(10 * time.Second):
		t.Fatalf("Expand(%q) hangs", args)
		return nil, nil, nil
	}
}

// TestExpandSkipsSpecialFiles puts every kind of file a folder can hold under a *.toml name:
// only the regular files (and a link to one) are datasets, the rest are reported, unopened.
func TestExpandSkipsSpecialFiles(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs or sockets")
	}
	dir := t.TempDir()
	path := func(name string) string { return filepath.Join(dir, name) }
	os.WriteFile(path("a.toml"), []byte("x"), 0o644)
	os.WriteFile(path("notes.txt"), nil, 0o644)
	if err := syscall.Mkfifo(path("fifo.toml"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("unix", path("sock.toml"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	os.Mkdir(path("dir.toml"), 0o755)
	os.Symlink("a.toml", path("link.toml"))
	os.Symlink("fifo.toml", path("linkfifo.toml"))
	os.Symlink("missing", path("dangling.toml"))
	os.Symlink("/dev/null", path("null.toml"))

	files, skipped, err := expandWithin(t, []string{dir, path("fifo.toml"), "/dev/zero"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{path("a.toml"), path("link.toml")}; !slices.Equal(files, want) {
		t.Errorf("files %v, want %v", files, want)
	}
	got := map[string]string{}
	for _, s := range skipped {
		got[filepath.Base(s.Path)] += s.Reason
	}
	for name, kind := range map[string]string{
		"fifo.toml": "đường ống FIFO", "sock.toml": "socket", "dir.toml": "thư mục",
		"linkfifo.toml": "đường ống FIFO", "dangling.toml": "không dẫn tới tệp nào",
		"null.toml": "thiết bị ký tự", "zero": "thiết bị ký tự",
	} {
		if !strings.Contains(got[name], kind) {
			t.Errorf("%s: skipped as %q, want …%s…", name, got[name], kind)
		}
	}
	if len(skipped) != 8 { // fifo.toml twice: in the folder and by name
		t.Errorf("%d skipped: %v", len(skipped), skipped)
	}
}

func TestCheckWorkers(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{
		{0, ""}, {1, ""}, {MaxWorkers(), ""},
		{MaxWorkers() + 1, fmt.Sprintf("vượt giới hạn %d", MaxWorkers())},
		{1000, "-j 1000 vượt giới hạn"},
		{-1, "phải là số dương"},
	} {
		err := CheckWorkers(tt.n)
		if (err == nil) != (tt.want == "") || err != nil && !strings.Contains(err.Error(), tt.want) {
			t.Errorf("CheckWorkers(%d) = %v, want %q", tt.n, err, tt.want)
		}
	}
	if _, err := Run(nil, Options{Out: t.TempDir(), Workers: 1000}); err == nil {
		t.Error("Run accepted 1000 workers")
	}
}

// FuzzExpand builds a folder from fuzzed names and kinds (regular file, folder, FIFO, socket,
// links to each and to nothing) and checks that discovery never panics or hangs, returns only
// regular files, and accounts for every *.toml entry exactly once.
func FuzzExpand(f *testing.F) {
	if runtime.GOOS == "windows" {
		f.Skip("no FIFOs or sockets")
	}
	f.Add([]byte("\x00a.toml\x00\x02b.toml\x00\x04c.toml\x00\x05d.toml\x00\x07e.toml"))
	f.Add([]byte("\x01x.toml\x00\x03s.toml\x00\x06l.toml\x00\x00y.TOML\x00\x00.toml"))
	f.Fuzz(func(t *testing.T, layout []byte) {
		dir := t.TempDir()
		var regular, toml []string
		var sockets []net.Listener
		defer func() {
			for _, l := range sockets {
				l.Close()
			}
		}()
		for i, part := range strings.Split(string(layout), "\x00") {
			if i >= 12 || len(part) < 2 {
				continue
			}
			kind, name := part[0]%8, part[1:]
			if strings.ContainsAny(name, "/\x00") || name == "." || name == ".." || len(name) > 100 {
				continue
			}
			p := filepath.Join(dir, name)
			if _, err := os.Lstat(p); err == nil {
				continue // the name is taken
			}
			var err error
			switch kind {
			case 0:
				err = os.WriteFile(p, []byte("x"), 0o644)
			case 1:
				err = os.Mkdir(p, 0o755)
			case 2:
				err = syscall.Mkfifo(p, 0o644)
			case 3:
				if len(p) > 100 { // the limit on a socket's path
					continue
				}
				var l net.Listener
				if l, err = net.Listen("unix", p); err == nil {
					sockets = append(sockets, l)
				}
			case 4:
				err = os.Symlink("/dev/null", p)
			case 5:
				err = os.Symlink("missing-target", p)
			case 6, 7:
				// A link to an entry made before (or to itself).
				target := name
				if len(toml) > 0 {
					target = filepath.Base(toml[int(part[0])%len(toml)])
				}
				err = os.Symlink(target, p)
			}
			if err != nil {
				continue
			}
			if strings.HasSuffix(name, ".toml") {
				toml = append(toml, p)
				if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
					regular = append(regular, p)
				}
			}
		}
		files, skipped, err := expandWithin(t, []string{dir})
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(regular)
		if !slices.Equal(files, regular) {
			t.Fatalf("files %q, want the regular ones %q", files, regular)
		}
		if len(files)+len(skipped) != len(toml) {
			t.Fatalf("%d files + %d skipped, want %d *.toml entries: %v", len(files), len(skipped), len(toml), skipped)
		}
		for _, s := range skipped {
			if st, err := os.Stat(s.Path); err == nil && st.Mode().IsRegular() || s.Reason == "" {
				t.Fatalf("%v skipped", s)
			}
		}
	})
}
