package outfile

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkWriteAll commits a set the size of the sample's outputs (7.8 KB report, 73 KB
// appendix, 16 KB workbook) over the previous one: the write step of render, fsyncs included.
// "own" is a folder holding only the set (swapped whole), "user" one holding a user's file too
// (committed in place through the journal).
func BenchmarkWriteAll(b *testing.B) {
	files := []File{
		{"bao-cao.docx", make([]byte, 7806)},
		{"phu-luc.pdf", make([]byte, 72981)},
		{"bang-diem.xlsx", make([]byte, 15851)},
	}
	for _, user := range []bool{false, true} {
		b.Run(map[bool]string{false: "own", true: "user"}[user], func(b *testing.B) {
			dir := filepath.Join(b.TempDir(), "out")
			if user {
				os.MkdirAll(dir, 0o755)
				os.WriteFile(filepath.Join(dir, "ghi-chu.txt"), nil, 0o644)
			}
			b.SetBytes(7806 + 72981 + 15851)
			for b.Loop() {
				if _, err := WriteAll(dir, files, false); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
