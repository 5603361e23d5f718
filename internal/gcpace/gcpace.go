// Package gcpace sets the garbage collector's pace for a run whose heap the program knows
// better than Go's default does, leaving the choice to a user who set GOGC.
package gcpace

import (
	"os"
	"runtime/debug"
)

// Set sets the collector's pace to percent unless the GOGC environment variable chooses one
// (an empty GOGC chooses nothing: Go reads it as its default), and returns what restores the
// previous pace.
func Set(percent int) (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(percent)
	return func() { debug.SetGCPercent(old) }
}
