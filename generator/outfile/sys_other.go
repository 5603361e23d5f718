//go:build !linux

package outfile

import (
	"errors"
	"os"
)

func lock(*os.File) error { return nil }

var errUnsupported = errors.New("no atomic exchange on this system")

var exchange = func(a, b string) error { return errUnsupported }

func noExchange(err error) bool { return errors.Is(err, errUnsupported) }

func sameDevice(a, b os.FileInfo) bool { return false }

// syncfs does not exist here: sets fsync each file and folder.
var syncfs = func(int) error { return errUnsupported }

func syncfsReportsErrors() bool { return false }

func device(os.FileInfo) (uint64, bool) { return 0, false }
