//go:build unix

package serve

import "syscall"

// openFlags: open fails on a symbolic link, and does not wait on a FIFO swapped in.
const openFlags = syscall.O_NOFOLLOW | syscall.O_NONBLOCK
