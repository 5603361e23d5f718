package outfile

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// lock takes an exclusive advisory lock on an open folder, released when it is closed or the
// process dies (so a killed run never leaves the folder locked).
func lock(d *os.File) error {
	for {
		err := unix.Flock(int(d.Fd()), unix.LOCK_EX)
		switch {
		case errors.Is(err, unix.EINTR):
			continue
		case errors.Is(err, unix.ENOLCK), errors.Is(err, unix.EOPNOTSUPP), errors.Is(err, unix.EINVAL):
			return nil // a filesystem without locks (some NFS): go on unlocked, as before
		}
		return err
	}
}

// exchange swaps two directories in one atomic step.
var exchange = func(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}

// noExchange reports whether err means the filesystem cannot exchange the two paths, so the
// set has to be committed by the journal instead.
func noExchange(err error) bool {
	for _, e := range []error{unix.EINVAL, unix.ENOSYS, unix.EOPNOTSUPP, unix.EXDEV, unix.EBUSY, unix.EPERM} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// sameDevice reports whether two files are on the same filesystem (a folder on another device
// than its parent is a mount point, which cannot be renamed).
func sameDevice(a, b os.FileInfo) bool {
	x, ok1 := a.Sys().(*syscall.Stat_t)
	y, ok2 := b.Sys().(*syscall.Stat_t)
	return ok1 && ok2 && x.Dev == y.Dev
}

// syncfs flushes the whole filesystem holding the open file fd (a variable, so that tests can
// make it fail or block).
var syncfs = unix.Syncfs

// syncfsReportsErrors reports whether syncfs returns the filesystem's writeback errors, as it
// does from Linux 5.8 on; before, it always succeeded, and sets fsync each file instead.
var syncfsReportsErrors = sync.OnceValue(func() bool {
	var u unix.Utsname
	if unix.Uname(&u) != nil {
		return false
	}
	var major, minor int
	if _, err := fmt.Sscanf(unix.ByteSliceToString(u.Release[:]), "%d.%d", &major, &minor); err != nil {
		return false
	}
	return major > 5 || major == 5 && minor >= 8
})

// device returns the device number of the filesystem holding a file.
func device(st os.FileInfo) (uint64, bool) {
	x, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return uint64(x.Dev), true
}
