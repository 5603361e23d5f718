package outfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
)

// pdfMagic starts every PDF; signatureMarker is the key every signature dictionary holds.
var (
	pdfMagic        = []byte("%PDF-")
	signatureMarker = []byte("/ByteRange")
)

// guardChunk is how much of an existing PDF Guard holds in memory at once while it looks for a
// signature: an appendix of any size is searched with the same small buffer.
const guardChunk = 16 << 10

// IsSigned reports whether data is a PDF carrying a signature dictionary.
func IsSigned(data []byte) bool {
	return bytes.HasPrefix(data, pdfMagic) && bytes.Contains(data, signatureMarker)
}

// Guard refuses, unless force is set, when path already holds a signed PDF.
func Guard(path string, force bool) error {
	if force {
		return nil
	}
	return guard(path, make([]byte, guardChunk))
}

// guard is Guard with the buffer it reads into, shared by the files of a set.
func guard(path string, buf []byte) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	signed, err := readSigned(f, buf)
	if err != nil {
		return err
	}
	if signed {
		return fmt.Errorf("%s: %w", path, ErrSigned)
	}
	return nil
}

// readSigned reports IsSigned of all that r holds, reading no further than the first bytes of
// what is not a PDF, and a PDF through buf in chunks: each chunk is searched together with the
// end of the one before that could begin the marker, so a marker split across two reads is
// found. buf must hold at least twice the marker.
func readSigned(r io.Reader, buf []byte) (bool, error) {
	head := buf[:len(pdfMagic)]
	if _, err := io.ReadFull(r, head); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return false, nil // shorter than the magic: not a PDF
		}
		return false, err
	}
	if !bytes.Equal(head, pdfMagic) {
		return false, nil
	}
	const keep = len("/ByteRange") - 1 // the longest tail that can begin a marker
	n := len(head)
	for {
		m, err := io.ReadFull(r, buf[n:])
		n += m
		if bytes.Contains(buf[:n], signatureMarker) {
			return true, nil
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		n = copy(buf, buf[n-keep:n])
	}
}
