package outfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteNew(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "du-lieu.toml")
	if err := WriteNew(p, []byte("một")); err != nil {
		t.Fatal(err)
	}
	err := WriteNew(p, []byte("hai"))
	if !errors.Is(err, ErrExists) {
		t.Fatalf("second write: %v, want ErrExists", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "một" {
		t.Errorf("the existing file was changed: %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	if err := writeExclusive(p, []byte("ba")); !errors.Is(err, ErrExists) {
		t.Errorf("exclusive create over an existing file: %v", err)
	}
	if err := WriteNew(filepath.Join(dir, "khong-co", "x.toml"), nil); err == nil {
		t.Error("write into a missing folder succeeded")
	}
}
