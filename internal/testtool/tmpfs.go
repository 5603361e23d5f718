package testtool

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"testing"
)

// Tmpfs mounts a tmpfs of the given size in KiB on a fresh folder for the length of the test
// and returns the folder: a disk that fills up, for the tests of what happens then. It skips
// when mounting is not permitted (not root, no CAP_SYS_ADMIN), and fails instead under CI=true,
// where the tests run as root.
func Tmpfs(t testing.TB, sizeKiB int) string {
	t.Helper()
	dir := t.TempDir()
	if runtime.GOOS != "linux" {
		t.Skip("tmpfs is Linux only")
	}
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%dk,mode=0755", sizeKiB), "tmpfs", dir).CombinedOutput()
	if err != nil {
		msg := fmt.Sprintf("cannot mount a tmpfs (%v: %s); run as root to test a full disk", err, out)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}
