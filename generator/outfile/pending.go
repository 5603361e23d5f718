package outfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
)

// Pending is a set being written: each file goes to the disk as soon as it is added, while the
// others are still being made, and the set replaces the folder's old one only in Commit, once
// every file is durable. Until then the folder keeps its old set; Abort, or a failure in
// Commit, leaves nothing of the new one, and what a killed run leaves is removed by the next.
//
// Add may be called from several goroutines at once; Commit or Abort is called once, after
// every Add has returned.
type Pending struct {
	f         *Folder
	name, dir string
	names     []string
	mu        sync.Mutex // guards files, added and misuse while files are added
	files     []File     // by index in names
	added     []bool
	misuse    error
	done      bool
	wg        sync.WaitGroup // the staging, the writes and the staging folder's fsync running
	swapping  bool           // the folder is swapped: the set is staged beside it
	staged    chan struct{}  // alone: closed once stageFiles has returned (stage, out, stageErr set)
	stageErr  error          // stageFiles's
	stage     string         // the staging folder; "" when committing through the journal
	exists    bool           // dir existed: the staging folder is exchanged with it
	out       []*os.File     // the files created in the staging folder, open until written
	errs      []error        // each file's write, by index
	stageSync error          // the staging folder's fsync
	since     int            // the group's state before the first write
}

// Begin starts a set of the files named names in the subfolder name of the folder (the folder
// itself when name is ""), after recovering that subfolder from killed runs and checking,
// before anything is written, that no signed PDF would be overwritten without force.
//
// When the set is swapped in (see the package doc), the staging folder and every file of the
// set in it are created, empty, and the folder's fsync starts at once: it makes the files'
// entries durable while their contents are still being made. Alone, this runs on a goroutine of
// its own, so that Begin returns without waiting on the disk (its errors come from Commit),
// and each Add then writes and fsyncs its file on a goroutine of its own once the folder is
// there. Commit waits for them all, then exchanges the folders and fsyncs the parent. In a
// group (OpenGrouped) the folder is made before Begin returns and nothing is fsynced: Add
// writes its file and Commit waits for the group's syncfs. When the set is committed through
// the journal, Add keeps the file and Commit writes them all.
func (f *Folder) Begin(name string, names []string, force bool) (*Pending, error) {
	dir := f.path
	if name != "" {
		dir = filepath.Join(f.path, name)
	}
	set := make(map[string]bool, len(names))
	for _, n := range names {
		if n == "" || n != filepath.Base(n) || strings.HasPrefix(n, ".") || set[n] {
			return nil, fmt.Errorf("outfile: bad output name %q", n)
		}
		set[n] = true
	}
	if err := recoverDir(dir, set); err != nil {
		return nil, err
	}
	if !force {
		buf := make([]byte, guardChunk)
		for _, n := range names {
			if err := guard(filepath.Join(dir, n), buf); err != nil {
				return nil, err
			}
		}
	}
	p := &Pending{
		f: f, name: name, dir: dir, names: slices.Clone(names),
		files: make([]File, len(names)), added: make([]bool, len(names)), errs: make([]error, len(names)),
	}
	if name != "" && f.owned(dir, set) {
		p.swapping = true
		if f.group != nil {
			if err := p.stageFiles(); err != nil {
				return nil, err
			}
			return p, nil
		}
		p.staged = make(chan struct{})
		p.wg.Go(func() {
			p.stageErr = p.stageFiles()
			close(p.staged)
			if p.stageErr == nil && p.stage != "" {
				// The files' fsyncs make their contents durable, this their names: it needs
				// only the entries, all there now, so it waits on the disk while the contents
				// are being made.
				p.stageSync = syncDir(p.stage)
			}
		})
	}
	return p, nil
}

// stageFiles creates the staging folder and the set's files in it, empty, noting first the
// group's state (in a group). If the staging folder cannot be made, the set is committed
// through the journal instead.
func (p *Pending) stageFiles() error {
	g := p.f.group
	if g != nil {
		p.since = g.begin() // before the first write, which a failing syncfs may concern
	}
	stage := filepath.Join(p.f.path, tmpName(p.name, newID()))
	st, err := os.Stat(p.dir)
	p.exists = err == nil
	if err := os.Mkdir(stage, 0o755); err != nil {
		return nil // e.g. a parent we may not write in: write in place
	}
	p.stage = stage
	if p.exists {
		if err := os.Chmod(stage, st.Mode().Perm()); err != nil {
			p.removeStage()
			return ioError(p.dir, err)
		}
	}
	p.out = make([]*os.File, len(p.names))
	for i, n := range p.names {
		out, err := os.OpenFile(filepath.Join(stage, n), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			p.removeStage()
			return ioError(filepath.Join(p.dir, n), err)
		}
		p.out[i] = out
	}
	return nil
}

// Add hands over one file of the set, named as in Begin. Alone, its write and fsync start on a
// goroutine of their own at once (once the staging folder is made); in a group it is written
// before Add returns.
func (p *Pending) Add(x File) {
	p.mu.Lock()
	i := -1
	for j, n := range p.names {
		if n == x.Name {
			i = j
		}
	}
	switch {
	case p.done:
		p.misuse = errors.New("outfile: file added after commit")
	case i < 0:
		p.misuse = fmt.Errorf("outfile: %q is not a file of the set", x.Name)
	case p.added[i]:
		p.misuse = fmt.Errorf("outfile: %q added twice", x.Name)
	default:
		p.files[i], p.added[i] = x, true
	}
	ok := p.misuse == nil && p.swapping
	if ok && p.f.group == nil {
		p.wg.Add(1)
	}
	p.mu.Unlock()
	if !ok {
		return
	}
	if p.f.group != nil {
		if p.stage != "" {
			p.errs[i] = p.write(i, false)
		}
		return
	}
	go func() {
		defer p.wg.Done()
		<-p.staged
		if p.stageErr == nil && p.stage != "" {
			p.errs[i] = p.write(i, true)
		}
	}()
}

// write writes the i-th file into its staging file, fsyncing it if fsync, and closes it.
func (p *Pending) write(i int, fsync bool) error {
	out := p.out[i]
	p.out[i] = nil
	_, err := out.Write(p.files[i].Data)
	if err == nil && fsync {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return ioError(filepath.Join(p.dir, p.names[i]), err)
	}
	return nil
}

// finish marks the set committed or aborted and waits for its writes; false if it was already.
func (p *Pending) finish() bool {
	p.mu.Lock()
	done := p.done
	p.done = true
	p.mu.Unlock()
	if done {
		return false
	}
	p.wg.Wait()
	return true
}

// Abort gives the set up: the folder keeps its old set and nothing of the new one is left.
// It does nothing after Commit.
func (p *Pending) Abort() {
	if p.finish() {
		p.removeStage()
	}
}

// removeStage closes the staging files not written and removes the staging folder.
func (p *Pending) removeStage() {
	for i, out := range p.out {
		if out != nil {
			out.Close()
			p.out[i] = nil
		}
	}
	if p.stage != "" {
		os.RemoveAll(p.stage)
	}
}

// Commit makes the set the folder's, once every file of it is added and durable: after it,
// the folder holds either the complete previous set or, if it returns no error, the complete
// new one. It returns the paths written, in the order of Begin's names.
func (p *Pending) Commit() ([]string, error) {
	if !p.finish() {
		return nil, errors.New("outfile: set committed twice")
	}
	err := p.misuse
	for i, ok := range p.added {
		if !ok && err == nil {
			err = fmt.Errorf("outfile: %q was not added to the set", p.names[i])
		}
	}
	if err == nil {
		err = p.stageErr
	}
	if err != nil {
		p.removeStage()
		return nil, err
	}
	paths := make([]string, len(p.names))
	for i, n := range p.names {
		paths[i] = filepath.Join(p.dir, n)
	}
	if p.stage != "" {
		err := p.swap()
		if err == nil {
			return paths, nil
		}
		if !errors.Is(err, errFallback) {
			return nil, err
		}
	}
	if err := journal(p.dir, p.files); err != nil {
		return nil, err
	}
	return paths, nil
}

// swap exchanges the staging folder, its files written, with the set's folder in one atomic
// step. It returns errFallback when the set must be committed by the journal instead.
//
// Two points must be durable: the staging folder whole before it becomes the set, and the
// rename after it, before the set is reported written. Alone, a set's files and staging folder
// are fsynced by then (Add, stageFiles), and the parent is fsynced after; in a group, the set
// waits for a shared syncfs at each point.
func (p *Pending) swap() error {
	f, dir, stage, g := p.f, p.dir, p.stage, p.f.group
	fail := func(err error) error {
		p.removeStage()
		return err
	}
	for _, err := range p.errs {
		if err != nil {
			return fail(err)
		}
	}
	since := p.since
	if g != nil {
		if err := g.wait(since); err != nil {
			return fail(syncError(dir, false, err))
		}
		since = g.begin()
	} else if p.stageSync != nil {
		return fail(p.stageSync)
	}
	// The rename made durable: the parent's entries, which a syncfs of its filesystem (the
	// staging folder's, as owned checked) includes.
	renamed := func() error {
		if g != nil {
			if err := g.wait(since); err != nil {
				return syncError(dir, true, err)
			}
			return nil
		}
		return syncDir(f.path)
	}
	if !p.exists {
		if err := os.Rename(stage, dir); err != nil {
			return fail(ioError(dir, err))
		}
		return renamed()
	}
	if err := exchange(stage, dir); err != nil {
		if noExchange(err) {
			return fail(errFallback)
		}
		return fail(ioError(dir, err))
	}
	if err := renamed(); err != nil {
		return err // the old set stays as a stale staging folder for the next run
	}
	// Anything a user put into the folder between the look at it and the exchange now sits in
	// the staging folder: exchange back and write in place rather than remove it.
	set := make(map[string]bool, len(p.names))
	for _, n := range p.names {
		set[n] = true
	}
	old, err := os.ReadDir(stage)
	if err != nil || !onlyNames(old, set) {
		if err := exchange(stage, dir); err != nil {
			return fmt.Errorf("%s: thư mục cũ, có tệp không phải của baocao, nằm ở %s: %v", dir, stage, err)
		}
		syncDir(f.path)
		return fail(errFallback)
	}
	// The old set: a kill before this leaves it as a stale staging folder for the next run. Its
	// files are unlinked side by side: freeing an inode's blocks waits on the journal.
	var wg sync.WaitGroup
	for _, e := range old {
		wg.Go(func() { os.Remove(filepath.Join(stage, e.Name())) })
	}
	wg.Wait()
	syscall.Rmdir(stage) // emptied: os.Remove would try unlink first
	return nil
}
