package outfile

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// names returns the names of a set's files.
func names(files []File) []string {
	var n []string
	for _, f := range files {
		n = append(n, f.Name)
	}
	return n
}

// oldSet makes the folder out in a fresh parent, holding an old set, and returns the new set
// a test then begins in it.
func oldSet(t *testing.T) (parent, dir string, old, new []File) {
	t.Helper()
	parent = t.TempDir()
	dir = filepath.Join(parent, "out")
	old, new = set("old", 3000), set("new", 4000)
	if _, err := WriteAll(dir, old, false); err != nil {
		t.Fatal(err)
	}
	return parent, dir, old, new
}

// keptOld checks that a failed set left the folder with its old set and nothing beside it.
func keptOld(t *testing.T, parent, dir string, old []File) {
	t.Helper()
	holds(t, dir, old)
	if got := list(t, parent); !slices.Equal(got, []string{"out"}) {
		t.Errorf("parent holds %q", got)
	}
}

// begin opens dir as render does and begins the set of files in it; the folder is closed when
// the test ends.
func begin(t *testing.T, dir string, files []File) *Pending {
	t.Helper()
	target, err := OpenTarget(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { target.Close() })
	p, err := target.Begin(names(files), false)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// pendingCases are the folders a set is begun in: none yet, one holding an old set (both
// swapped), and a user's folder (the journal).
var pendingCases = []struct {
	name        string
	old, user   bool
	stagedFiles bool // Begin creates a staging folder beside the folder
}{
	{name: "new folder", stagedFiles: true},
	{name: "over an old set", old: true, stagedFiles: true},
	{name: "user folder", old: true, user: true},
}

// TestPendingAbort: an output fails after others were added (and so written): Abort leaves the
// folder as it was — the old set, or no folder — and nothing of ours beside or in it.
func TestPendingAbort(t *testing.T) {
	for _, tc := range pendingCases {
		t.Run(tc.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "out")
			old, new := set("old", 3000), set("new", 5000)
			var extra []string
			if tc.old {
				if _, err := WriteAll(dir, old, false); err != nil {
					t.Fatal(err)
				}
			}
			if tc.user {
				os.WriteFile(filepath.Join(dir, "ghi-chu.txt"), []byte("x"), 0o644)
				extra = []string{"ghi-chu.txt"}
			}
			p := begin(t, dir, new)
			p.Add(new[0])
			p.Add(new[2])
			if tc.stagedFiles {
				<-p.staged
			}
			if staged := len(staging(t, parent)) == 1; staged != tc.stagedFiles {
				t.Errorf("staging folder: %v, want %v", staged, tc.stagedFiles)
			}
			p.Abort()
			p.Abort() // twice: nothing more
			if tc.old {
				holds(t, dir, old, extra...)
			} else if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("an aborted set made %s", dir)
			}
			want := []string{}
			if tc.old {
				want = []string{"out"}
			}
			if got := list(t, parent); !slices.Equal(got, want) {
				t.Errorf("parent holds %q, want %q", got, want)
			}
			if _, err := p.Commit(); err == nil {
				t.Error("an aborted set was committed")
			}
		})
	}
}

// TestPendingKilled: a run killed after its set was staged, before the commit, leaves the old
// set in place and its staging folder beside it; the next run removes it and commits its own.
func TestPendingKilled(t *testing.T) {
	for _, tc := range pendingCases {
		t.Run(tc.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "out")
			old, killed, next := set("old", 3000), set("killed", 5000), set("next", 4000)
			var extra []string
			if tc.old {
				if _, err := WriteAll(dir, old, false); err != nil {
					t.Fatal(err)
				}
			}
			if tc.user {
				os.WriteFile(filepath.Join(dir, "ghi-chu.txt"), []byte("x"), 0o644)
				extra = []string{"ghi-chu.txt"}
			}
			target, err := OpenTarget(dir)
			if err != nil {
				t.Fatal(err)
			}
			p, err := target.Begin(names(killed), false)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range killed {
				p.Add(f)
			}
			// The kill: every write finished, no commit; the lock goes with the process.
			p.wg.Wait()
			target.Close()
			if tc.stagedFiles {
				left := staging(t, parent)
				if len(left) != 1 {
					t.Fatalf("the killed run left %q, want its staging folder", left)
				}
				holds(t, filepath.Join(parent, left[0]), killed)
			}
			if tc.old {
				holds(t, dir, old, extra...)
			}
			// The next run.
			if _, err := WriteAll(dir, next, false); err != nil {
				t.Fatal(err)
			}
			holds(t, dir, next, extra...)
			if got := list(t, parent); !slices.Equal(got, []string{"out"}) {
				t.Errorf("parent holds %q", got)
			}
			for _, f := range p.out {
				if f != nil {
					f.Close()
				}
			}
		})
	}
}

// TestPendingAddConcurrent adds the files from goroutines of their own, in any order, as
// generator.RenderTo does: the folder ends with exactly the set, byte for byte.
func TestPendingAddConcurrent(t *testing.T) {
	for _, tc := range pendingCases {
		t.Run(tc.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "out")
			var extra []string
			if tc.old {
				if _, err := WriteAll(dir, set("old", 3000), false); err != nil {
					t.Fatal(err)
				}
			}
			if tc.user {
				os.WriteFile(filepath.Join(dir, "ghi-chu.txt"), []byte("x"), 0o644)
				extra = []string{"ghi-chu.txt"}
			}
			for round := range 5 {
				new := set(fmt.Sprint("new ", round), 20000+round)
				target, err := OpenTarget(dir)
				if err != nil {
					t.Fatal(err)
				}
				p, err := target.Begin(names(new), false)
				if err != nil {
					t.Fatal(err)
				}
				var wg sync.WaitGroup
				for _, i := range rand.Perm(len(new)) {
					wg.Go(func() { p.Add(new[i]) })
				}
				wg.Wait()
				paths, err := p.Commit()
				target.Close()
				if err != nil {
					t.Fatal(err)
				}
				for i, f := range new {
					if paths[i] != filepath.Join(dir, f.Name) {
						t.Errorf("paths = %q", paths)
					}
				}
				holds(t, dir, new, extra...)
				if got := list(t, parent); !slices.Equal(got, []string{"out"}) {
					t.Errorf("parent holds %q", got)
				}
			}
		})
	}
}

// TestPendingMisuse: a set missing a file, or given one it was not begun with or one twice, is
// refused at Commit and leaves the old set.
func TestPendingMisuse(t *testing.T) {
	for _, tc := range []struct {
		name string
		add  func(p *Pending, files []File)
		want string
	}{
		{"missing", func(p *Pending, files []File) { p.Add(files[0]); p.Add(files[2]) }, `"phu-luc.pdf" was not added`},
		{"stranger", func(p *Pending, files []File) {
			for _, f := range files {
				p.Add(f)
			}
			p.Add(File{Name: "khac.txt"})
		}, `"khac.txt" is not a file of the set`},
		{"twice", func(p *Pending, files []File) {
			for _, f := range files {
				p.Add(f)
			}
			p.Add(files[1])
		}, `"phu-luc.pdf" added twice`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parent, dir, old, new := oldSet(t)
			p := begin(t, dir, new)
			tc.add(p, new)
			if _, err := p.Commit(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
			keptOld(t, parent, dir, old)
		})
	}
}

// TestPendingWriteFails: a file whose write fails once another is written (the disk full for
// the appendix, injected by closing its staging file) fails the set at Commit naming that
// file; the folder keeps its old set and no staging folder is left.
func TestPendingWriteFails(t *testing.T) {
	parent, dir, old, new := oldSet(t)
	p := begin(t, dir, new)
	p.Add(new[0])
	<-p.staged
	p.out[1].Close() // the appendix's write now fails
	p.Add(new[1])
	p.Add(new[2])
	_, err := p.Commit()
	if err == nil || !strings.HasPrefix(err.Error(), filepath.Join(dir, "phu-luc.pdf")+": ") {
		t.Fatalf("err = %v, want one naming phu-luc.pdf", err)
	}
	keptOld(t, parent, dir, old)
}

// TestPendingSignedRefusedAtBegin: Begin refuses a signed set before anything is written, as
// WriteSet does.
func TestPendingSignedRefusedAtBegin(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "phu-luc.pdf"), []byte("%PDF-1.7 /ByteRange [0 1 2 3]"), 0o644)
	target, err := OpenTarget(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer target.Close()
	if _, err := target.Begin(names(set("new", 100)), false); !errors.Is(err, ErrSigned) {
		t.Fatalf("err = %v, want ErrSigned", err)
	}
	if got := list(t, parent); !slices.Equal(got, []string{"out"}) {
		t.Errorf("parent holds %q", got)
	}
	if _, err := target.Begin([]string{"a", "../b"}, false); err == nil {
		t.Error("a name with a folder in it was accepted")
	}
}
