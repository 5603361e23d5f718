package batch

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Datasets from two departments' folders go to a folder each, even on the same reporting
// date; one department alone still writes OUT/<reporting date>/.
func TestDepartmentsKeptApart(t *testing.T) {
	root := t.TempDir()
	src, err := os.ReadFile("../../samples/2022-09-14.toml")
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, dept := range []string{"so-ngoai-vu", "so-tu-phap"} {
		dir := filepath.Join(root, dept)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(dir, "2022-09-14.toml")
		if err := os.WriteFile(f, src, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	for _, c := range []struct {
		files []string
		want  []string
	}{
		{files, []string{"so-ngoai-vu/2022-09-14", "so-tu-phap/2022-09-14"}},
		{files[1:], []string{"2022-09-14"}},
	} {
		out := t.TempDir()
		sum, err := Run(c.files, Options{Out: out, Workers: 2})
		if err != nil {
			t.Fatalf("%v: %v", c.files, err)
		}
		for i, e := range sum.Entries {
			for _, o := range e.Outputs {
				if !strings.HasPrefix(o.File, c.want[i]+"/") {
					t.Errorf("%s wrote %s, want it under %s/", e.Dataset, o.File, c.want[i])
				}
				if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(o.File))); err != nil {
					t.Error(err)
				}
			}
		}
	}
}
