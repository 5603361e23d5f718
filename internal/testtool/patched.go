package testtool

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Patched names a module baocao builds from a patched copy in third_party (a replace in
// go.mod), with the patch kept as a file ready to send upstream.
type Patched struct {
	Module  string // module path, e.g. codeberg.org/go-pdf/fpdf
	Version string // the published release the copy and the patch are made from
	Root    string // the repository's root, relative to the test's folder
	Dir     string // the copy, relative to Root: third_party/NAME, its patch third_party/NAME.patch
}

// patchFile is the patch, relative to Root: third_party/NAME.patch beside the copy.
func (p Patched) patchFile() string { return p.Dir + ".patch" }

// updateScript is the script regenerating the patch: third_party/update-NAME-patch.
func (p Patched) updateScript() string {
	return filepath.Join(filepath.Dir(p.Dir), "update-"+filepath.Base(p.Dir)+"-patch")
}

// CheckVersion fails when go.mod requires another release than the one the patch was made
// for, does not replace the module by the copy, or the build resolves it otherwise.
func (p Patched) CheckVersion(t *testing.T) {
	t.Helper()
	mod, err := os.ReadFile(filepath.Join(p.Root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	q := regexp.QuoteMeta
	if !regexp.MustCompile(`(?m)^\s*` + q(p.Module) + ` ` + q(p.Version) + `\s*$`).Match(mod) {
		t.Errorf("go.mod does not require %s %s, the release %s is made for", p.Module, p.Version, p.patchFile())
	}
	if !regexp.MustCompile(`(?m)^replace ` + q(p.Module) + ` => \./` + q(p.Dir) + `\s*$`).Match(mod) {
		t.Errorf("go.mod does not replace %s by ./%s", p.Module, p.Dir)
	}
	patch, err := os.ReadFile(filepath.Join(p.Root, p.patchFile()))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(patch, []byte(p.Module+" "+p.Version)) {
		t.Errorf("%s does not say it is made for %s %s", p.patchFile(), p.Module, p.Version)
	}
	// What the build actually uses, as go list resolves it.
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Version}} {{with .Replace}}{{.Path}}{{end}}", p.Module).Output()
	if err != nil {
		t.Fatalf("go list -m %s: %v", p.Module, err)
	}
	if got, want := strings.TrimSpace(string(out)), p.Version+" ./"+p.Dir; got != want {
		t.Errorf("the build uses %s %q, want %q", p.Module, got, want)
	}
}

// CheckPatch checks that the copy's Go files are exactly the published release's with the
// patch applied, so that the patch sent upstream is what baocao runs.
func (p Patched) CheckPatch(t *testing.T) {
	t.Helper()
	Require(t, "patch")
	cmd := exec.Command("go", "mod", "download", "-json", p.Module+"@"+p.Version)
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	out, err := cmd.Output()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("go mod download %s %s: %v", p.Module, p.Version, err)
		}
		t.Skipf("%s %s cannot be downloaded here: %v", p.Module, p.Version, err)
	}
	m := regexp.MustCompile(`"Dir": "([^"]+)"`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("go mod download printed no Dir:\n%s", out)
	}
	work := t.TempDir()
	ours, _ := filepath.Glob(filepath.Join(p.Root, p.Dir, "*.go"))
	for _, f := range ours {
		src, err := os.ReadFile(filepath.Join(string(m[1]), filepath.Base(f)))
		if os.IsNotExist(err) {
			continue // a file the patch adds
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(work, filepath.Base(f)), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	patch, err := os.Open(filepath.Join(p.Root, p.patchFile()))
	if err != nil {
		t.Fatal(err)
	}
	defer patch.Close()
	apply := exec.Command("patch", "-p1", "--quiet", "--no-backup-if-mismatch")
	apply.Dir, apply.Stdin = work, patch
	if out, err := apply.CombinedOutput(); err != nil {
		t.Fatalf("%s does not apply to %s %s: %v\n%s", p.patchFile(), p.Module, p.Version, err, out)
	}
	for _, f := range ours {
		want, _ := os.ReadFile(f)
		got, err := os.ReadFile(filepath.Join(work, filepath.Base(f)))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s %s with the patch applied: run %s", f, p.Module, p.Version, p.updateScript())
		}
	}
}
