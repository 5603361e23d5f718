package outfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/baocao-vn/baocao/internal/testtool"
)

// fakeSyncfs stands in for syncfs: each call announces itself on started (its number, from 1)
// and, if it is one of the blocked calls, waits for its result on release; otherwise it
// returns fail[number] (nil for most).
type fakeSyncfs struct {
	started chan int
	release chan error
	block   func(n int) bool
	fail    map[int]error
	n       atomic.Int32
}

// install replaces syncfs with the fake for the test.
func (f *fakeSyncfs) install(t *testing.T) {
	t.Helper()
	f.started = make(chan int, 1000)
	f.release = make(chan error)
	old := syncfs
	syncfs = func(int) error {
		n := int(f.n.Add(1))
		f.started <- n
		if f.block != nil && f.block(n) {
			return <-f.release
		}
		return f.fail[n]
	}
	t.Cleanup(func() { syncfs = old })
}

// next waits for the next call to start and returns its number.
func (f *fakeSyncfs) next(t *testing.T) int {
	t.Helper()
	select {
	case n := <-f.started:
		return n
	case <-time.After(10 * time.Second):
		t.Fatal("no syncfs call started")
		return 0
	}
}

// returned reports whether a wait's result arrived, without blocking.
func returned(c chan error) bool {
	select {
	case err := <-c:
		c <- err
		return true
	default:
		return false
	}
}

// get waits for a wait's result.
func get(t *testing.T, c chan error) error {
	t.Helper()
	select {
	case err := <-c:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("a wait did not return")
		return nil
	}
}

// TestGroupFollower drives the group with a blocking syncfs: a set never returns on a syncfs
// that started before it asked, the sets asking while one runs share the next, and a failed
// syncfs fails the sets it may have concerned — its own, and those that were writing while
// it ran — but not the sets that began after it.
func TestGroupFollower(t *testing.T) {
	errIO := syscall.EIO
	for _, tc := range []struct {
		name string
		// first is the result of the syncfs the leader A starts; second that of the round B
		// and C join while the first runs.
		first, second error
		// want are A's, B's and C's results; D begins after both rounds and must succeed.
		want [3]error
	}{
		{"both succeed", nil, nil, [3]error{nil, nil, nil}},
		// B and C asked while the first ran: its error may be theirs (their writes may have
		// been flushed by it), so they fail although their own round succeeded.
		{"first fails", errIO, nil, [3]error{errIO, errIO, errIO}},
		// A returned on the first round: the second is not A's.
		{"second fails", nil, errIO, [3]error{nil, errIO, errIO}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := &fakeSyncfs{block: func(n int) bool { return n <= 2 }}
			fake.install(t)
			g := &syncGroup{file: openDir(t)}
			joined := make(chan struct{}, 10)
			g.joined = func() { joined <- struct{}{} }
			wait := func() chan error {
				since := g.begin()
				c := make(chan error, 1)
				go func() { c <- g.wait(since) }()
				return c
			}
			a := wait()
			if n := fake.next(t); n != 1 {
				t.Fatalf("A started syncfs %d", n)
			}
			b, c := wait(), wait()
			<-joined
			<-joined
			fake.release <- tc.first
			if err := get(t, a); err != tc.want[0] {
				t.Errorf("A: %v, want %v", err, tc.want[0])
			}
			// The round of B and C starts only now, and they wait for it.
			if n := fake.next(t); n != 2 {
				t.Fatalf("B's round is syncfs %d", n)
			}
			if returned(b) || returned(c) {
				t.Fatal("B or C returned on the syncfs that ran when they asked")
			}
			fake.release <- tc.second
			for i, ch := range []chan error{b, c} {
				if err := get(t, ch); err != tc.want[i+1] {
					t.Errorf("%c: %v, want %v", 'B'+i, err, tc.want[i+1])
				}
			}
			if err := get(t, wait()); err != nil {
				t.Errorf("D, begun after the failure: %v", err)
			}
			if n := fake.n.Load(); n != 3 {
				t.Errorf("%d syncfs calls, want 3 (A's, B's and C's together, D's)", n)
			}
		})
	}
}

// TestGroupFailsWritingSets: a set that began writing before a syncfs failed, but asked only
// after it ended (so it leads a round of its own), fails too — that syncfs may have flushed
// and lost its writes, and syncfs reports an error only once.
func TestGroupFailsWritingSets(t *testing.T) {
	fake := &fakeSyncfs{fail: map[int]error{1: syscall.EIO}}
	fake.install(t)
	g := &syncGroup{file: openDir(t)}
	a, b := g.begin(), g.begin()
	if err := g.wait(a); err != syscall.EIO {
		t.Errorf("A: %v, want EIO", err)
	}
	if err := g.wait(b); err != syscall.EIO {
		t.Errorf("B, writing while A's syncfs failed: %v, want EIO", err)
	}
	if err := g.wait(g.begin()); err != nil {
		t.Errorf("C, begun after: %v", err)
	}
}

// grouped opens a folder with group commit, failing the test where it is not available.
func grouped(t *testing.T, path string) *Folder {
	t.Helper()
	f, err := OpenGrouped(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if f.group == nil {
		if runtime.GOOS == "linux" {
			t.Fatal("no group commit on Linux")
		}
		t.Skip("no syncfs on", runtime.GOOS)
	}
	return f
}

// staging lists the staging folders and temporaries of ours left in dir.
func staging(t *testing.T, dir string) []string {
	t.Helper()
	var left []string
	for _, n := range list(t, dir) {
		if ours(n, nil) {
			left = append(left, n)
		}
	}
	return left
}

// TestGroupCommitConcurrent commits many sets at once into one folder, half of them over an
// old set: every folder ends with its whole new set, nothing of ours is left, and the sets
// shared their syncfs calls.
func TestGroupCommitConcurrent(t *testing.T) {
	var calls atomic.Int32
	old := syncfs
	syncfs = func(fd int) error { calls.Add(1); return old(fd) }
	t.Cleanup(func() { syncfs = old })
	parent := t.TempDir()
	f := grouped(t, parent)
	const n = 40
	for i := 0; i < n; i += 2 {
		if _, err := f.WriteSet(fmt.Sprint("d", i), set("old", 3000), false); err != nil {
			t.Fatal(err)
		}
	}
	calls.Store(0)
	sets := make([][]File, n)
	var wg sync.WaitGroup
	for i := range sets {
		sets[i] = set(fmt.Sprint("new ", i), 20000)
		wg.Go(func() {
			if _, err := f.WriteSet(fmt.Sprint("d", i), sets[i], false); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for i := range sets {
		holds(t, filepath.Join(parent, fmt.Sprint("d", i)), sets[i])
	}
	if left := staging(t, parent); len(left) > 0 {
		t.Errorf("left behind: %q", left)
	}
	if got := calls.Load(); got > 2*n {
		t.Errorf("%d syncfs calls for %d sets, want at most two a set", got, n)
	} else {
		t.Logf("%d syncfs calls for %d sets", got, n)
	}
}

// TestGroupSyncFails injects a failing syncfs at each of a set's two sync points: before the
// rename the set is refused with a Vietnamese message naming its folder, the old set stays
// and no staging folder is left; after it, the folder holds the new set and the message says
// it may not be on the disk. Either way the next set succeeds.
func TestGroupSyncFails(t *testing.T) {
	for _, tc := range []struct {
		name   string
		call   int  // the set's syncfs call that fails: 1 before the rename, 2 after
		exists bool // the set replaces an old one
		msg    string
	}{
		{"before the exchange", 1, true, "không ghi chắc được xuống đĩa (syncfs: input/output error); không tệp nào bị thay, thư mục vẫn giữ bộ tệp cũ"},
		{"before the rename of a new folder", 1, false, "không ghi chắc được xuống đĩa"},
		{"after the exchange", 2, true, "bộ tệp mới đã thay bộ cũ nhưng không chắc đã ghi xuống đĩa"},
		{"after the rename of a new folder", 2, false, "bộ tệp mới đã thay bộ cũ nhưng không chắc đã ghi xuống đĩa"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parent := t.TempDir()
			f := grouped(t, parent)
			old, new, later := set("old", 3000), set("new", 4000), set("later", 5000)
			if tc.exists {
				if _, err := f.WriteSet("a", old, false); err != nil {
					t.Fatal(err)
				}
			}
			fake := &fakeSyncfs{fail: map[int]error{tc.call: syscall.EIO}}
			fake.install(t)
			dir := filepath.Join(parent, "a")
			_, err := f.WriteSet("a", new, false)
			if err == nil || !strings.HasPrefix(err.Error(), dir+": ") || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("err = %v, want %q naming %s", err, tc.msg, dir)
			}
			var stale int // the old set, under its staging name until the next run
			switch {
			case tc.call == 1 && tc.exists:
				holds(t, dir, old)
			case tc.call == 1:
				if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("a set that failed before its rename left %s", dir)
				}
			default:
				holds(t, dir, new)
				if tc.exists {
					stale = 1
				}
			}
			if left := staging(t, parent); len(left) != stale {
				t.Errorf("left behind: %q", left)
			}
			if _, err := f.WriteSet("b", later, false); err != nil {
				t.Fatalf("the next set: %v", err)
			}
			holds(t, filepath.Join(parent, "b"), later)
			// The next run cleans up what the failure left.
			f.Close()
			if _, err := Open(parent); err != nil {
				t.Fatal(err)
			}
			if left := staging(t, parent); len(left) != 0 {
				t.Errorf("left after the next run: %q", left)
			}
		})
	}
}

// TestGroupSyncFailsConcurrent: a syncfs fails while one set waits on it and another writes;
// both are refused and keep their old sets, nothing is left behind, and a later set succeeds.
func TestGroupSyncFailsConcurrent(t *testing.T) {
	parent := t.TempDir()
	f := grouped(t, parent)
	olds := map[string][]File{"a": set("old a", 3000), "b": set("old b", 3000)}
	for name, s := range olds {
		if _, err := f.WriteSet(name, s, false); err != nil {
			t.Fatal(err)
		}
	}
	fake := &fakeSyncfs{block: func(n int) bool { return n <= 2 }}
	fake.install(t)
	joined := make(chan struct{}, 10)
	f.group.joined = func() { joined <- struct{}{} }
	write := func(name string) chan error {
		c := make(chan error, 1)
		go func() {
			_, err := f.WriteSet(name, set("new "+name, 8000), false)
			c <- err
		}()
		return c
	}
	a := write("a")
	fake.next(t) // A's first syncfs runs
	b := write("b")
	<-joined                    // B waits for the next round
	fake.release <- syscall.EIO // A's syncfs fails
	fake.next(t)                // B's round
	fake.release <- nil         // succeeds, but the failure may have been B's
	for name, c := range map[string]chan error{"a": a, "b": b} {
		err := get(t, c)
		if err == nil || !strings.Contains(err.Error(), "vẫn giữ bộ tệp cũ") {
			t.Errorf("%s: err = %v", name, err)
		}
		holds(t, filepath.Join(parent, name), olds[name])
	}
	if left := staging(t, parent); len(left) > 0 {
		t.Errorf("left behind: %q", left)
	}
	later := set("later", 4000)
	if _, err := f.WriteSet("c", later, false); err != nil {
		t.Fatalf("a later set: %v", err)
	}
	holds(t, filepath.Join(parent, "c"), later)
	if got := list(t, parent); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("parent holds %q", got)
	}
}

// TestGroupDiskFull: a set that does not fit on the disk is refused naming its file, keeps its
// old set and leaves nothing behind, in a group as alone.
func TestGroupDiskFull(t *testing.T) {
	disk := testtool.Tmpfs(t, 256)
	f := grouped(t, disk)
	old := set("old", 150<<10)
	if _, err := f.WriteSet("out", old, false); err != nil {
		t.Fatal(err)
	}
	_, err := f.WriteSet("out", set("new", 150<<10), false)
	if !errors.Is(err, ErrNoSpace) || !strings.HasPrefix(err.Error(), filepath.Join(disk, "out")+"/") {
		t.Fatalf("err = %v, want ErrNoSpace naming a file of the set", err)
	}
	holds(t, filepath.Join(disk, "out"), old)
	if got := list(t, disk); !slices.Equal(got, []string{"out"}) {
		t.Errorf("disk holds %q", got)
	}
}

// openDir opens a folder for a group's file (the fake syncfs never uses it).
func openDir(t *testing.T) *os.File {
	t.Helper()
	d, err := os.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}
