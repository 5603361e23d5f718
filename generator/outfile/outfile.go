// Package outfile writes output files so that nobody ever sees a half-written one, and so that
// a signed file is never overwritten by accident.
package outfile

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrSigned is returned when the destination is a signed PDF and overwriting was not forced.
var ErrSigned = errors.New("tệp đích đã được ký số; không ghi đè (dùng --force nếu thật sự muốn thay)")

// File is one output: its name inside the output folder and its content.
type File struct {
	Name string
	Data []byte
}

// IsSigned reports whether data is a PDF carrying a signature dictionary.
func IsSigned(data []byte) bool {
	return bytes.HasPrefix(data, []byte("%PDF-")) && bytes.Contains(data, []byte("/ByteRange"))
}

// Guard refuses, unless force is set, when path already holds a signed PDF.
func Guard(path string, force bool) error {
	if force {
		return nil
	}
	old, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if IsSigned(old) {
		return fmt.Errorf("%s: %w", path, ErrSigned)
	}
	return nil
}

// Write writes data to path through a temporary file in the same folder that is synced and
// then renamed over path: the rename is atomic, so path holds either the old or the new content.
func Write(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Chmod(0o644); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// WriteAll writes every file into dir (created if needed) after checking, before writing
// anything, that none of them would overwrite a signed PDF without force. It returns the paths
// written.
func WriteAll(dir string, files []File, force bool) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = filepath.Join(dir, f.Name)
		if err := Guard(paths[i], force); err != nil {
			return nil, err
		}
	}
	for i, f := range files {
		if err := Write(paths[i], f.Data); err != nil {
			return paths[:i], err
		}
	}
	return paths, nil
}
