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
