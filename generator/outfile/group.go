package outfile

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"syscall"
)

// syncGroup makes durable, with shared syncfs(2) calls on one filesystem, the sets that
// Folders opened with OpenGrouped commit at once (see the package doc, "Group commit").
//
// One syncfs runs at a time. A set that needs its writes durable waits for a syncfs that
// started after it asked: when none is running it starts one itself; when one is running,
// which may have started before its writes and so may not cover them, it joins the round that
// starts as soon as the running one ends, together with every set asking meanwhile. Every set
// of a round returns with the round's result.
type syncGroup struct {
	file *os.File // opened before any of the group's sets is written (see round.fails)
	dev  uint64
	refs int // Folders using the group, guarded by groups

	mu      sync.Mutex
	running *round // the syncfs running now; nil when none
	next    *round // the round that starts when running ends, once a set joined it
	fails   int    // rounds whose syncfs failed so far
	last    error  // the latest of their errors
	// joined, when set (by tests), is called each time a set joins the next round.
	joined func()
}

// A round is one syncfs call and the sets waiting on it.
type round struct {
	done chan struct{} // closed when err, fails and last are set
	err  error         // the call's own result
	// fails and last are the group's failed rounds and latest error once this one ended.
	fails int
	last  error
}

// groups holds the open groups by filesystem (device number).
var groups struct {
	sync.Mutex
	m map[uint64]*syncGroup
}

// joinGroup returns the group of the filesystem of the open folder d at path, opening it if it
// is the first; nil when this system's syncfs cannot be relied on, and the folder's sets are
// then committed with an fsync of each file and folder.
func joinGroup(path string, d *os.File) *syncGroup {
	if d == nil || !syncfsReportsErrors() {
		return nil
	}
	st, err := d.Stat()
	if err != nil {
		return nil
	}
	dev, ok := device(st)
	if !ok {
		return nil
	}
	groups.Lock()
	defer groups.Unlock()
	if g := groups.m[dev]; g != nil {
		g.refs++
		return g
	}
	// A file of the group's own: syncfs reports a writeback error once to each open file, from
	// when that file was opened, so the group's reports start before its first set's writes.
	file, err := os.Open(path)
	if err != nil {
		return nil
	}
	if groups.m == nil {
		groups.m = map[uint64]*syncGroup{}
	}
	g := &syncGroup{file: file, dev: dev, refs: 1}
	groups.m[dev] = g
	return g
}

// leave releases a Folder's use of the group, closing it with the last one.
func (g *syncGroup) leave() {
	groups.Lock()
	defer groups.Unlock()
	if g.refs--; g.refs == 0 {
		delete(groups.m, g.dev)
		g.file.Close()
	}
}

// begin returns what wait needs of the group before a set's first write.
func (g *syncGroup) begin() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.fails
}

// wait returns once everything written since begin returned since is on the disk, or with the
// error that may have lost some of it.
//
// A syncfs failure is reported once, by the first syncfs that ends after it, which is not
// always the round of the set whose data was lost: a round flushes every set's dirty data,
// including that of sets still writing or waiting for the next round. So a set fails not only
// when its own round fails, but when any round that ended between its begin and its own round
// did: those are exactly the rounds that may have flushed its writes.
func (g *syncGroup) wait(since int) error {
	g.mu.Lock()
	var r *round
	if g.running == nil {
		r = &round{done: make(chan struct{})}
		g.running = r
		g.mu.Unlock()
		g.run(r)
	} else {
		if g.next == nil {
			g.next = &round{done: make(chan struct{})}
		}
		r = g.next
		joined := g.joined
		g.mu.Unlock()
		if joined != nil {
			joined()
		}
		<-r.done
	}
	if r.err != nil {
		return r.err
	}
	if r.fails != since {
		return r.last
	}
	return nil
}

// run calls syncfs for the round r, then starts the next round if a set joined it.
func (g *syncGroup) run(r *round) {
	err := syncfs(int(g.file.Fd()))
	g.mu.Lock()
	r.err = err
	if err != nil {
		g.fails++
		g.last = err
	}
	r.fails, r.last = g.fails, g.last
	next := g.next
	g.running, g.next = next, nil
	g.mu.Unlock()
	close(r.done)
	if next != nil {
		go g.run(next)
	}
}

// syncError says in Vietnamese that a set's files could not be made durable in folder dir:
// before the set replaced the old one (swapped false) the old set is still there.
func syncError(dir string, swapped bool, err error) error {
	if !swapped && (errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)) {
		return ioError(dir, err)
	}
	if !swapped {
		return fmt.Errorf("%s: không ghi chắc được xuống đĩa (syncfs: %v); không tệp nào bị thay, thư mục vẫn giữ bộ tệp cũ", dir, err)
	}
	return fmt.Errorf("%s: bộ tệp mới đã thay bộ cũ nhưng không chắc đã ghi xuống đĩa (syncfs: %v); chạy lại để ghi lại", dir, err)
}
