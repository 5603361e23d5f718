//go:build !unix

package serve

// openFlags: no such flags here; the Lstat and SameFile checks still refuse links.
const openFlags = 0
