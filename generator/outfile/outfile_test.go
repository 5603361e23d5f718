package outfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteAllRefusesToOverwriteSigned(t *testing.T) {
	dir := t.TempDir()
	signed := []byte("%PDF-1.7\n... /ByteRange [0 10 20 30] ...")
	if err := os.WriteFile(filepath.Join(dir, "phu-luc.pdf"), signed, 0o644); err != nil {
		t.Fatal(err)
	}
	files := []File{{"bao-cao.docx", []byte("new docx")}, {"phu-luc.pdf", []byte("%PDF-1.7 new")}}
	if _, err := WriteAll(dir, files, false); !errors.Is(err, ErrSigned) {
		t.Fatalf("err = %v, want ErrSigned", err)
	}
	// Nothing was written: not even the file that came first.
	if _, err := os.Stat(filepath.Join(dir, "bao-cao.docx")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("bao-cao.docx written although the run was refused")
	}
	if _, err := WriteAll(dir, files, true); err != nil {
		t.Fatalf("forced: %v", err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "phu-luc.pdf"))
	if string(got) != "%PDF-1.7 new" {
		t.Errorf("forced write left %q", got)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestUnsignedIsOverwritten(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.pdf")
	if err := os.WriteFile(p, []byte("%PDF-1.7 unsigned"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteAll(dir, []File{{"a.pdf", []byte("x")}}, false); err != nil {
		t.Fatal(err)
	}
}
