// Package outfile writes a run's output files as one set, so that the output folder holds
// either the complete previous set or the complete new set — never the new report beside the
// old appendix — even when the disk fills or the process is killed, and so that a signed file
// is never overwritten by accident.
//
// Three renames are not atomic as a set, so a set is committed in one of two ways:
//
//   - Swap (the usual case). When the output folder is entirely ours — it does not exist yet,
//     or it is a plain directory on the same filesystem as its parent holding nothing but the
//     set's files, and it is not the working directory — the new set is written into a
//     staging directory next to it, ".<folder>.baocao-<id>.tmp", every file and the directory
//     are fsynced (or synced with the group, below), and the two directories are exchanged
//     with renameat2(RENAME_EXCHANGE) in one atomic step; the parent is fsynced (or synced
//     with the group) and the old set, now under the staging name, is removed. A reader
//     looking at the folder at any instant sees one whole set, and a kill or a full disk at
//     any point leaves the old set in place (at worst with a stale staging directory beside
//     it, removed by the next run).
//   - Journal (the fallback). When the folder holds anything else (the user's own files:
//     "-o ." in a working folder), is a symlink or a mount point, or the filesystem has no
//     RENAME_EXCHANGE, the user's folder is never moved: the new files are written beside the
//     old ones as ".<name>.baocao-<id>.tmp" and fsynced, then a commit marker
//     ".baocao-<id>.commit" naming them is written (through a temporary, fsynced, renamed),
//     then each temporary is renamed over its file and the marker removed. Every run first
//     recovers the folder: a marker is rolled forward (its temporaries are complete), and any
//     temporary without a marker is deleted. The folder holds a whole set after recovery; a
//     reader looking at the instant between two renames can see a mix.
//
// A set is written as it is made (Begin, Add, Commit: a Pending set). Swapped alone, Begin
// starts, on a goroutine, creating the staging directory and every file of the set in it,
// empty, then the directory's fsync: it makes the entries durable, which is all it is for,
// while the outputs are still being rendered. Each output is then written and fsynced as soon as it is
// handed over (a render's report and workbook are ready well before its appendix), and the
// commit waits for the last of them, then exchanges and fsyncs the parent: of the three waits on
// the disk a set needs, only the last file's and the parent's come after the last output is
// made. An output that fails, or a kill, before the commit leaves the old set (Abort removes the
// staging directory; the next run removes what a kill left). Through the journal the files
// are kept until the commit and written then.
//
// Group commit (a batch: many sets committed at once into one Folder, opened with
// OpenGrouped). Fsyncing five things per set (three files, the staging folder, the parent)
// makes the disk the bottleneck of a batch. Instead, in the swap, a set's files are written
// without fsync and the set waits, at the two points where the swap needs durability — the
// staging folder whole before the rename, the rename before the set is reported written — for
// a syncfs(2) of the filesystem shared with the other sets waiting at that moment. syncfs
// writes back and waits for every dirty file and directory entry of the filesystem and
// commits its journal, so it makes durable everything fsyncing the files, the staging folder
// and the parent would: the staging folder is in the parent, and the folder swapped is on the
// parent's filesystem (the swap requires it). A set waits only for a syncfs that started after
// it asked (one already running may have started before its writes): it starts one if none is
// running, and otherwise joins the round that starts when the running one ends, with every set
// asking meanwhile. A failed syncfs fails the sets it may concern — those of its round and
// those that began writing before it ended, since syncfs reports an error once, to the first
// call that ends after it: before the rename the staging folder is removed and the old set
// stays, as on a full disk; after it the folder holds the new set, reported as possibly not on
// the disk. Only Linux 5.8 and later report writeback errors from syncfs; elsewhere, and for
// the journal and single files, each file and folder is fsynced. A single set (render) is
// fsynced alone too: it has nobody to share a syncfs with, and a syncfs would also wait for
// every other program's unwritten data on the filesystem.
//
// Not chosen: reaching the set through one symlink replaced atomically (OUT/<date> →
// .sets/<hash>) gives the same guarantee as the swap but changes what users, archives and CI
// artifacts see (links instead of folders); and swapping a user's folder, carrying its other
// files over as hard links, would move their folder under them (a new inode: lost ACLs, open
// shells, subfolders that cannot be hard-linked), so a folder that is not ours is never moved.
//
// A run locks the parent folder (flock) while it cleans up and commits, so that two runs never
// delete or swap each other's work. Stale temporaries are recognised only by this package's
// exact naming pattern (and by the ".<output name>.<digits>.tmp" names of earlier versions),
// never by a loose glob.
package outfile

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
)

// ErrSigned is returned when the destination is a signed PDF and overwriting was not forced.
var ErrSigned = errors.New("tệp đích đã được ký số; không ghi đè (dùng --force nếu thật sự muốn thay)")

// ErrNoSpace is returned, wrapped with the file's path, when the disk or the quota is full.
var ErrNoSpace = errors.New("không đủ chỗ trên đĩa")

// File is one output: its name inside the output folder and its content.
type File struct {
	Name string
	Data []byte
}

// Write writes data to path through a temporary file in the same folder that is synced and
// then renamed over path, so path holds either the old or the new content; stale temporaries
// of path left by a killed run are removed first, and nothing else in the folder is touched.
func Write(path string, data []byte) error {
	f, err := openLocked(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Write(filepath.Base(path), data)
}

// WriteAll writes files as one set into dir (created if needed): after it, dir holds either
// the complete previous set or the complete new one. Before anything is written it checks that
// none of the files would overwrite a signed PDF without force. It returns the paths written.
func WriteAll(dir string, files []File, force bool) ([]string, error) {
	t, err := OpenTarget(dir)
	if err != nil {
		return nil, err
	}
	defer t.Close()
	return t.Write(files, force)
}

// Target is one output folder, opened at the start of a run: what killed runs left in it and
// beside it is cleaned up then, and it stays locked against other runs until closed.
type Target struct {
	parent, name string
	f            *Folder // nil until the parent exists
}

// OpenTarget opens the output folder dir, creating nothing: a parent that does not exist yet
// is created by Write. Its one set is fsynced file by file, not group-committed: it has no
// other set to share a syncfs with, and a syncfs would also wait for every other program's
// unwritten data on the filesystem.
func OpenTarget(dir string) (*Target, error) {
	parent, name := filepath.Split(filepath.Clean(dir))
	if name == "." || name == ".." || name == "" { // the working folder, its parent, the root
		abs, err := filepath.Abs(dir)
		if err != nil {
			return nil, err
		}
		if parent, name = filepath.Split(abs); name == "" {
			parent = abs
		}
	}
	if parent == "" {
		parent = "."
	}
	t := &Target{parent: parent, name: name}
	if st, err := os.Stat(parent); err != nil || !st.IsDir() {
		return t, nil
	}
	f, err := Open(parent)
	if err != nil {
		return nil, err
	}
	t.f = f
	if err := recoverDir(filepath.Join(parent, name), nil); err != nil {
		f.Close()
		return nil, err
	}
	return t, nil
}

// Write commits files as one set into the folder (see Folder.WriteSet).
func (t *Target) Write(files []File, force bool) ([]string, error) {
	if err := t.open(); err != nil {
		return nil, err
	}
	return t.f.WriteSet(t.name, files, force)
}

// Begin starts a set of the files named names in the folder, each written as soon as it is
// added, committed as a whole by Commit (see Folder.Begin).
func (t *Target) Begin(names []string, force bool) (*Pending, error) {
	if err := t.open(); err != nil {
		return nil, err
	}
	return t.f.Begin(t.name, names, force)
}

// open creates and opens the parent folder if OpenTarget found none.
func (t *Target) open() error {
	if t.f != nil {
		return nil
	}
	f, err := Open(t.parent)
	if err != nil {
		return err
	}
	t.f = f
	return nil
}

// Close releases the lock.
func (t *Target) Close() error {
	if t.f == nil {
		return nil
	}
	return t.f.Close()
}

// The naming pattern of everything this package leaves behind while it works. The id is
// random, so two runs never collide, and fixed-length hex, so nothing a user names by hand is
// ever mistaken for ours. Each name starts with a dot (hidden): a folder holding no hidden
// entry, as usual, is cleaned up without compiling the patterns (see hidden).
var (
	tmpRe    = lazyRegexp(`^\.(.+)\.baocao-[0-9a-f]{16}\.tmp$`)
	markerRe = lazyRegexp(`^\.baocao-([0-9a-f]{16})\.commit$`)
	// legacyRe matches the temporaries of versions before this one (os.CreateTemp's random
	// decimal suffix); they are removed only for the names being written.
	legacyRe = lazyRegexp(`^\.(.+)\.[0-9]+\.tmp$`)
)

// lazyRegexp compiles expr on first use rather than when the program starts.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// hidden reports whether a folder entry's name starts with a dot, as every name matching
// tmpRe, markerRe or legacyRe does.
func hidden(name string) bool { return strings.HasPrefix(name, ".") }

func newID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// tmpName is the temporary (or staging directory) name of name for the run id.
func tmpName(name, id string) string { return "." + name + ".baocao-" + id + ".tmp" }

func markerName(id string) string { return ".baocao-" + id + ".commit" }

// ours reports whether an entry of a folder is a temporary of this package, or a temporary of
// an earlier version for one of the names being written.
func ours(entry string, names map[string]bool) bool {
	if !hidden(entry) {
		return false
	}
	if tmpRe().MatchString(entry) {
		return true
	}
	m := legacyRe().FindStringSubmatch(entry)
	return m != nil && names[m[1]]
}

// writeFile creates path (which must not exist), writes data and, if fsync, fsyncs it. A
// failure names target, the file the user asked for, and removes the partial temporary.
func writeFile(path, target string, data []byte, fsync bool) (err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return ioError(target, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(path)
			err = ioError(target, err)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if fsync {
		if err = f.Sync(); err != nil {
			return err
		}
	}
	return f.Close()
}

// syncDir makes a folder's entries (files created, renamed, removed) durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) { // some filesystems cannot sync a directory
		return ioError(dir, err)
	}
	return nil
}

// ioError says in Vietnamese what went wrong writing target.
func ioError(target string, err error) error {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return fmt.Errorf("%s: không ghi được: %v", target, err)
	}
	switch errno {
	case syscall.ENOSPC, syscall.EDQUOT:
		return fmt.Errorf("%s: %w; không tệp nào bị thay, thư mục vẫn giữ bộ tệp cũ", target, ErrNoSpace)
	case syscall.EFBIG:
		return fmt.Errorf("%s: tệp vượt giới hạn kích thước tệp của hệ thống (ulimit -f); không tệp nào bị thay, thư mục vẫn giữ bộ tệp cũ", target)
	case syscall.EACCES, syscall.EPERM:
		return fmt.Errorf("%s: không có quyền ghi", target)
	case syscall.EROFS:
		return fmt.Errorf("%s: hệ thống tệp chỉ cho đọc", target)
	case syscall.ENOTDIR:
		return fmt.Errorf("%s: đường dẫn có phần không phải thư mục", target)
	}
	return fmt.Errorf("%s: không ghi được (%v)", target, errno)
}
