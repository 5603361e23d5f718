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
// anything is written, that no signed PDF would be overwritten without force (see Begin). It
// returns the paths written. Several WriteSet calls on different subfolders may run at once.
func (f *Folder) WriteSet(name string, files []File, force bool) ([]string, error) {
	names := make([]string, len(files))
	for i, x := range files {
		names[i] = x.Name
	}
	p, err := f.Begin(name, names, force)
	if err != nil {
		return nil, err
	}
	for _, x := range files {
		p.Add(x)
	}
	return p.Commit()
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
	return err == nil && onlyNames(entries, names)
}

// onlyNames reports whether entries are all regular files named in names.
func onlyNames(entries []os.DirEntry, names map[string]bool) bool {
	for _, e := range entries {
		if !names[e.Name()] || !e.Type().IsRegular() {
			return false
		}
	}
	return true
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
