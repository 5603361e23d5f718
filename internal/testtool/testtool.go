// Package testtool lets tests use the outside programs that read baocao's output as a user's
// software would (pdftotext, pdfsig, qpdf, soffice): a test skips when one is missing on a
// developer's machine, and fails instead under CI=true, where .ci/run installs them all.
package testtool

import (
	"os"
	"os/exec"
	"testing"
)

// Require returns the path of the named program, or skips (fails under CI=true) the test when
// it is not installed.
func Require(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed; CI must install it (see .ci/run)", name)
	}
	t.Skipf("%s is not installed; skipping (apt-get install poppler-utils qpdf libreoffice-writer-nogui)", name)
	return ""
}

// Run runs a program and returns its combined output, failing the test when it cannot start
// or exits non-zero.
func Run(t testing.TB, name string, args ...string) string {
	t.Helper()
	p := Require(t, name)
	out, err := exec.Command(p, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}
