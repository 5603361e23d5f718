package outfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// Folder is a folder in which output sets (its subfolders) and single files are committed,
// locked against other runs of this program for as long as it is open.
type Folder struct {
	path  string
	d     *os.File   // holds the lock; nil when the folder cannot be opened for reading
	group *syncGroup // nil: each set fsyncs its own files and folders
}

// errFallback makes WriteSet commit through the journal instead of swapping folders.
var errFallback = errors.New("outfile: commit through the journal")

// Open creates path if needed, locks it and recovers it from killed runs: a committed journal
// is rolled forward, and staging folders and temporaries of this program directly in it are
// removed.
func Open(path string) (*Folder, error) {
	f, err := openLocked(path)
	if err != nil {
		return nil, err
	}
	if err := recoverDir(path, nil); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// OpenGrouped is Open for a folder into which many sets are committed at once (a batch):
// the sets swapped in share syncfs calls on the filesystem instead of each fsyncing its files
// and folders (see the package doc, "Group commit"). Where syncfs cannot be relied on (not
// Linux, before Linux 5.8) it is Open.
func OpenGrouped(path string) (*Folder, error) {
	f, err := Open(path)
	if err != nil {
		return nil, err
	}
	f.group = joinGroup(path, f.d)
	return f, nil
}

// openLocked creates path if needed and locks it.
func openLocked(path string) (*Folder, error) {
	if err := os.MkdirAll(path, 0o755); err != nil {
		return nil, ioError(path, err)
	}
	f := &Folder{path: path}
	d, err := os.Open(path)
	switch {
	case err == nil:
		if err := lock(d); err != nil {
			d.Close()
			return nil, ioError(path, err)
		}
		f.d = d
	case !errors.Is(err, os.ErrPermission): // a folder we may write in but not list: no lock
		return nil, ioError(path, err)
	}
	return f, nil
}

// Close releases the lock.
func (f *Folder) Close() error {
	if f.group != nil {
		f.group.leave()
		f.group = nil
	}
	if f.d == nil {
		return nil
	}
	return f.d.Close()
}

// Write commits one file directly in the folder through a synced temporary renamed over it,
// after removing the temporaries of that file that killed runs left. It touches nothing else in
// the folder, so it may run while sets are being committed into subfolders.
func (f *Folder) Write(name string, data []byte) error {
	if err := removeTemps(f.path, name); err != nil {
		return err
	}
	path := filepath.Join(f.path, name)
	tmp := filepath.Join(f.path, tmpName(name, newID()))
	if err := writeFile(tmp, path, data, true); err != nil {
		return err
	}
	// A file rewritten in place keeps its permissions: a clerk's dataset kept private (0600)
	// must not become readable by everyone because a program saved it.
	if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() {
		if err := os.Chmod(tmp, st.Mode().Perm()); err != nil {
			os.Remove(tmp)
			return ioError(path, err)
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return ioError(path, err)
	}
	return syncDir(f.path)
}

// WriteSet commits files as one set into the subfolder name of the folder (the folder itself
// when name is ""), after recovering that subfolder from killed runs and checking, before
// anything is written, that no signed PDF would be overwritten without force. It returns the
// paths written. Several WriteSet calls on different subfolders may run at once.
func (f *Folder) WriteSet(name string, files []File, force bool) ([]string, error) {
	dir := f.path
	if name != "" {
		dir = filepath.Join(f.path, name)
	}
	names := map[string]bool{}
	for _, x := range files {
		if x.Name == "" || x.Name != filepath.Base(x.Name) || strings.HasPrefix(x.Name, ".") || names[x.Name] {
			return nil, fmt.Errorf("outfile: bad output name %q", x.Name)
		}
		names[x.Name] = true
	}
	if err := recoverDir(dir, names); err != nil {
		return nil, err
	}
	paths := make([]string, len(files))
	for i, x := range files {
		paths[i] = filepath.Join(dir, x.Name)
		if err := Guard(paths[i], force); err != nil {
			return nil, err
		}
	}
	if name != "" && f.owned(dir, names) {
		err := f.swap(name, dir, files, names)
		if err == nil {
			return paths, nil
		}
		if !errors.Is(err, errFallback) {
			return nil, err
		}
	}
	if err := journal(dir, files); err != nil {
		return nil, err
	}
	return paths, nil
}

// owned reports whether dir may be swapped as a whole: it does not exist, or it is a plain
// folder on the parent's filesystem holding only regular files of the set, and it is not the
// working directory (whose shell would be left in the removed old folder).
func (f *Folder) owned(dir string, names map[string]bool) bool {
	st, err := os.Lstat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return true
	}
	if err != nil || !st.IsDir() {
		return false
	}
	if pst, err := os.Stat(f.path); err != nil || !sameDevice(st, pst) {
		return false
	}
	if cwd, err := os.Stat("."); err != nil || os.SameFile(cwd, st) {
		return false
	}
	return onlySet(dir, names)
}

// onlySet reports whether dir holds nothing but regular files named in names.
func onlySet(dir string, names map[string]bool) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if !names[e.Name()] || !e.Type().IsRegular() {
			return false
		}
	}
	return true
}

// swap writes the set into a staging folder beside dir and exchanges the two in one atomic
// step. It returns errFallback when the set must be committed by the journal instead.
//
// Two points must be durable: the staging folder whole before it becomes the set, and the
// rename after it, before the set is reported written. Alone, a set fsyncs its files and the
// staging folder, then the parent; in a group, it waits for a shared syncfs at each point.
func (f *Folder) swap(name, dir string, files []File, names map[string]bool) error {
	g := f.group
	var since int
	if g != nil {
		since = g.begin() // before the first write, which a failing syncfs may concern
	}
	stage := filepath.Join(f.path, tmpName(name, newID()))
	st, err := os.Stat(dir)
	exists := err == nil
	if err := os.Mkdir(stage, 0o755); err != nil {
		return errFallback // e.g. a parent we may not write in: write in place
	}
	fail := func(err error) error {
		os.RemoveAll(stage)
		return err
	}
	if err := writeFiles(stage, dir, files, g == nil); err != nil {
		return fail(err)
	}
	if exists {
		if err := os.Chmod(stage, st.Mode().Perm()); err != nil {
			return fail(ioError(dir, err))
		}
	}
	if g != nil {
		if err := g.wait(since); err != nil {
			return fail(syncError(dir, false, err))
		}
		since = g.begin()
	} else if err := syncDir(stage); err != nil {
		return fail(err)
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
	if !exists {
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
	if !onlySet(stage, names) {
		if err := exchange(stage, dir); err != nil {
			return fmt.Errorf("%s: thư mục cũ, có tệp không phải của baocao, nằm ở %s: %v", dir, stage, err)
		}
		syncDir(f.path)
		return fail(errFallback)
	}
	// The old set: a kill before this leaves it as a stale staging folder for the next run.
	os.RemoveAll(stage)
	return nil
}

// journal commits the set in place: temporaries, then the commit marker, then the renames.
func journal(dir string, files []File) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return ioError(dir, err)
	}
	id := newID()
	var written []string
	undo := func(err error) error {
		for _, p := range written {
			os.Remove(p)
		}
		return err
	}
	var list strings.Builder
	for _, x := range files {
		tmp := filepath.Join(dir, tmpName(x.Name, id))
		if err := writeFile(tmp, filepath.Join(dir, x.Name), x.Data, true); err != nil {
			return undo(err)
		}
		written = append(written, tmp)
		list.WriteString(x.Name + "\n")
	}
	if err := syncDir(dir); err != nil {
		return undo(err)
	}
	// The marker is written whole under a temporary name and renamed, so a marker that exists
	// is complete: the commit point of the set.
	marker := filepath.Join(dir, markerName(id))
	mtmp := filepath.Join(dir, tmpName(".commit", id))
	if err := writeFile(mtmp, marker, []byte(list.String()), true); err != nil {
		return undo(err)
	}
	written = append(written, mtmp)
	if err := os.Rename(mtmp, marker); err != nil {
		return undo(ioError(marker, err))
	}
	if err := syncDir(dir); err != nil {
		return err // committed: the next run rolls it forward
	}
	return rollForward(dir, id, strings.Fields(list.String()))
}

// rollForward renames a committed set's temporaries over their files and removes the marker.
func rollForward(dir, id string, names []string) error {
	for _, n := range names {
		err := os.Rename(filepath.Join(dir, tmpName(n, id)), filepath.Join(dir, n))
		if err != nil && !errors.Is(err, os.ErrNotExist) { // not there: renamed before a kill
			return ioError(filepath.Join(dir, n), err)
		}
	}
	if err := syncDir(dir); err != nil {
		return err
	}
	// Not synced: a marker that comes back after a power cut is rolled forward again, which
	// finds its temporaries already renamed and changes nothing.
	if err := os.Remove(filepath.Join(dir, markerName(id))); err != nil {
		return ioError(dir, err)
	}
	return nil
}

// recoverDir finishes or undoes what killed runs left in dir: every commit marker is rolled
// forward, then every remaining temporary or staging folder of ours is removed.
func recoverDir(dir string, names map[string]bool) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) || errors.Is(err, os.ErrPermission) {
			return nil // nothing of ours can be there
		}
		return ioError(dir, err)
	}
	markers := false
	for _, e := range entries {
		if !hidden(e.Name()) {
			continue
		}
		m := markerRe().FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		markers = true
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return ioError(filepath.Join(dir, e.Name()), err)
		}
		list := strings.Fields(string(data))
		for _, n := range list {
			if n != filepath.Base(n) || strings.HasPrefix(n, ".") {
				return fmt.Errorf("%s: tệp đánh dấu hỏng, tên %q không hợp lệ", filepath.Join(dir, e.Name()), n)
			}
		}
		if err := rollForward(dir, m[1], list); err != nil {
			return err
		}
	}
	if markers {
		if entries, err = os.ReadDir(dir); err != nil {
			return ioError(dir, err)
		}
	}
	removed := false
	for _, e := range entries {
		if ours(e.Name(), names) {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return ioError(filepath.Join(dir, e.Name()), err)
			}
			removed = true
		}
	}
	if removed {
		return syncDir(dir)
	}
	return nil
}

// removeTemps removes the temporaries of one file left by killed runs (ours, and those of
// earlier versions).
func removeTemps(dir, name string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ioError(dir, err)
	}
	for _, e := range entries {
		if !hidden(e.Name()) {
			continue
		}
		m := tmpRe().FindStringSubmatch(e.Name())
		if m == nil {
			m = legacyRe().FindStringSubmatch(e.Name())
		}
		if m != nil && m[1] == name && e.Type().IsRegular() {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return ioError(filepath.Join(dir, e.Name()), err)
			}
		}
	}
	return nil
}
