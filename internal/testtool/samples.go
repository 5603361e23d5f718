package testtool

import (
	"path/filepath"
	"testing"
)

// Samples returns every dataset of the repository's samples folder, the departments' subfolders
// included, for a test in a package two levels below the root (generator/x); it fails the test
// when fewer than four are found, so that a moved folder does not pass as an empty loop.
func Samples(t testing.TB) []string {
	t.Helper()
	names, _ := filepath.Glob("../../samples/*.toml")
	more, _ := filepath.Glob("../../samples/*/*.toml")
	names = append(names, more...)
	if len(names) < 4 {
		t.Fatalf("samples not found: %v", names)
	}
	return names
}
