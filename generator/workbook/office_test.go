package workbook

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/internal/testtool"
)

// csvFilter exports every sheet (last token -1) as UTF-8 (76) with the cells as shown (the
// ninth token), so a score reads "9.03" as a reviewer sees it, not the stored binary float.
const csvFilter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"

// Opening modes of LibreOffice. By default (OOXMLRecalcMode 1, "never") it shows the results
// cached in the file and ignores the workbook's fullCalcOnLoad; a reviewer who sets "always
// recalculate" (mode 0) sees what the formulas give.
const (
	cachedResults = false
	recalcAlways  = true
)

// recalcAlwaysProfile is the user setting "Recalculation on file load: Excel 2007 and newer:
// Always recalculate".
const recalcAlwaysProfile = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`

// recalculated opens the workbook in LibreOffice as a reviewer does, in a profile of its own,
// and returns each sheet's cells as LibreOffice shows them, by sheet name.
func recalculated(t *testing.T, xlsx []byte, recalc bool) map[string][][]string {
	t.Helper()
	testtool.Require(t, "soffice")
	dir := t.TempDir()
	if recalc {
		user := filepath.Join(dir, "profile", "user")
		if err := os.MkdirAll(user, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(user, "registrymodifications.xcu"), []byte(recalcAlwaysProfile), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	in := filepath.Join(dir, "bangdiem.xlsx")
	if err := os.WriteFile(in, xlsx, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	testtool.Run(t, "soffice", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--convert-to", csvFilter, "--outdir", out, in)
	sheets := map[string][][]string{}
	for _, name := range []string{ScoresSheet, AppendixSheet} {
		b, err := os.ReadFile(filepath.Join(out, "bangdiem-"+name+".csv"))
		if err != nil {
			t.Fatalf("LibreOffice exported no sheet %q: %v", name, err)
		}
		r := csv.NewReader(bytes.NewReader(b))
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("sheet %q: %v", name, err)
		}
		sheets[name] = rows
	}
	return sheets
}

var cachedValue = regexp.MustCompile(`(<f>[^<]*</f>)<v>[^<]*</v>`)

// spoilCache replaces the cached result of every formula with 999, as a workbook saved by a
// program that got the arithmetic wrong would hold: what a recalculating reader shows then
// comes from the formulas alone.
func spoilCache(t *testing.T, xlsx []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	spoiled := 0
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(f.Name, "xl/worksheets/") {
			spoiled += len(cachedValue.FindAll(b, -1))
			b = cachedValue.ReplaceAll(b, []byte("$1<v>999</v>"))
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if spoiled == 0 {
		t.Fatal("no cached formula value found to spoil")
	}
	return buf.Bytes()
}
