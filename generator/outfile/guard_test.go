package outfile

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"testing/iotest"
)

// TestReadSignedChunks puts the marker at every offset around the chunk boundaries of several
// buffer sizes, split across two reads or not, and checks readSigned's verdict is IsSigned's,
// with whole and with short reads.
func TestReadSignedChunks(t *testing.T) {
	marker := string(signatureMarker)
	for _, size := range []int{2 * len(marker), 2*len(marker) + 1, 32, 64, 100} {
		for _, length := range []int{0, 3, 5, size - 1, size, size + 1, 2*size + 7, 3 * size} {
			at := []int{-1} // no marker
			for i := len(pdfMagic); i+len(marker) <= length; i++ {
				at = append(at, i)
			}
			for _, at := range at {
				data := bytes.Repeat([]byte{'x'}, length)
				copy(data, "%PDF-")
				if at >= 0 {
					copy(data[at:], marker)
				}
				want := IsSigned(data)
				for name, r := range map[string]io.Reader{
					"whole":    bytes.NewReader(data),
					"one byte": iotest.OneByteReader(bytes.NewReader(data)),
					"half":     iotest.HalfReader(bytes.NewReader(data)),
				} {
					got, err := readSigned(r, make([]byte, size))
					if err != nil || got != want {
						t.Fatalf("buffer %d, length %d, marker at %d, %s reads: %v, %v; want %v", size, length, at, name, got, err, want)
					}
				}
			}
		}
	}
}

// TestReadSignedVerdicts: the cases a reader of the folder meets, decided as IsSigned does.
func TestReadSignedVerdicts(t *testing.T) {
	for _, tc := range []struct {
		name string
		data string
	}{
		{"empty", ""},
		{"short", "%PD"},
		{"magic only", "%PDF-"},
		{"unsigned PDF", "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"},
		{"signed PDF", "%PDF-1.7\n... /ByteRange [0 10 20 30] ..."},
		{"marker at the end", "%PDF-1.7\n/ByteRange"},
		{"half a marker at the end", "%PDF-1.7\n/ByteRang"},
		{"DOCX holding the marker", "PK\x03\x04 /ByteRange"},
		{"magic later", " %PDF-1.7 /ByteRange"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := IsSigned([]byte(tc.data))
			got, err := readSigned(bytes.NewReader([]byte(tc.data)), make([]byte, 2*len(signatureMarker)))
			if err != nil || got != want {
				t.Errorf("readSigned = %v, %v; IsSigned = %v", got, err, want)
			}
		})
	}
}

// TestReadSignedReadsLittle: a file that is not a PDF is judged by its first bytes, and a PDF
// of any size is searched with the buffer given, whose size bounds the memory used.
func TestReadSignedReadsLittle(t *testing.T) {
	docx := &countingReader{r: bytes.NewReader(append([]byte("PK\x03\x04"), make([]byte, 1<<20)...))}
	if signed, err := readSigned(docx, make([]byte, guardChunk)); signed || err != nil {
		t.Fatalf("DOCX: %v, %v", signed, err)
	}
	if docx.n > len(pdfMagic) {
		t.Errorf("read %d bytes of a file that is not a PDF, want %d", docx.n, len(pdfMagic))
	}
	big := append([]byte("%PDF-1.7\n"), make([]byte, 4<<20)...)
	big = append(big, "/ByteRange"...)
	if signed, err := readSigned(bytes.NewReader(big), make([]byte, 64)); !signed || err != nil {
		t.Errorf("a 4 MB signed PDF through 64 bytes: %v, %v", signed, err)
	}
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// TestGuardErrors: a read error is reported rather than taken for "not signed"; a missing file
// is no obstacle.
func TestGuardErrors(t *testing.T) {
	boom := errors.New("boom")
	r := io.MultiReader(bytes.NewReader([]byte("%PDF-1.7 ")), iotest.ErrReader(boom))
	if _, err := readSigned(r, make([]byte, 64)); !errors.Is(err, boom) {
		t.Errorf("read error: %v", err)
	}
	dir := t.TempDir()
	if err := Guard(filepath.Join(dir, "none.pdf"), false); err != nil {
		t.Errorf("missing file: %v", err)
	}
	p := filepath.Join(dir, "a.pdf")
	os.WriteFile(p, []byte("%PDF-1.7 /ByteRange"), 0o644)
	if err := Guard(p, false); !errors.Is(err, ErrSigned) {
		t.Errorf("signed: %v", err)
	}
	if err := Guard(p, true); err != nil {
		t.Errorf("signed, forced: %v", err)
	}
	if err := Guard(dir, false); err == nil {
		t.Error("a folder in the way: no error")
	}
}

// FuzzReadSigned: readSigned, whatever the buffer size and the way the data arrives, decides
// exactly as IsSigned on the whole.
func FuzzReadSigned(f *testing.F) {
	f.Add([]byte("%PDF-1.7\n/ByteRange"), uint8(0), false)
	f.Add([]byte("%PDF-1.7\nxxxxxx/ByteRangexx"), uint8(3), true)
	f.Add([]byte("PK/ByteRange"), uint8(1), false)
	f.Fuzz(func(t *testing.T, data []byte, extra uint8, short bool) {
		var r io.Reader = bytes.NewReader(data)
		if short {
			r = iotest.HalfReader(r)
		}
		got, err := readSigned(r, make([]byte, 2*len(signatureMarker)+int(extra)))
		if err != nil || got != IsSigned(data) {
			t.Fatalf("readSigned = %v, %v; IsSigned = %v", got, err, IsSigned(data))
		}
	})
}
