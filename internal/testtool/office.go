package testtool

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// fontsDir is the repository's fonts folder: Liberation Serif, metric-compatible with the
// Times New Roman the documents name.
func fontsDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "fonts")
}

// OfficeConvert converts the file in with LibreOffice (soffice --convert-to to, e.g. "pdf" or
// "csv:…" with the number of the sheet to export) into dir and returns the path of the result. LibreOffice runs with a profile of its
// own and with the repository's Liberation Serif standing in for Times New Roman, as on a
// reader's machine with Times New Roman, so that what a test measures does not depend on the
// fonts installed here.
func OfficeConvert(t testing.TB, in, to, dir string) string {
	t.Helper()
	soffice := Require(t, "soffice")
	tmp := t.TempDir()
	conf := filepath.Join(tmp, "fonts.conf")
	xml := fmt.Sprintf(`<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>%s</dir>
  <cachedir>%s</cachedir>
  <alias binding="same"><family>Times New Roman</family><accept><family>Liberation Serif</family></accept></alias>
</fontconfig>
`, fontsDir(), filepath.Join(tmp, "cache"))
	if err := os.WriteFile(conf, []byte(xml), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(tmp, "profile"),
		"--headless", "--convert-to", to, "--outdir", dir, in)
	cmd.Env = append(os.Environ(), "FONTCONFIG_FILE="+conf)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice --convert-to %s %s: %v\n%s", to, in, err, out)
	}
	ext, _, _ := strings.Cut(to, ":")
	// One sheet of a workbook exported as text is named "<stem>-<sheet>.<ext>".
	stem := strings.TrimSuffix(filepath.Base(in), filepath.Ext(in))
	for _, pattern := range []string{stem + "." + ext, stem + "-*." + ext} {
		if m, _ := filepath.Glob(filepath.Join(dir, pattern)); len(m) == 1 {
			return m[0]
		}
	}
	t.Fatalf("soffice wrote no %s.%s in %s", stem, ext, dir)
	return ""
}
