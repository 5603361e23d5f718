// Command mkstyles writes the workbook's styles part, generator/workbook/styles.xml, and the
// ids of its styles, styles_ids.go, as workbook.BuildStyles builds them through excelize;
// package workbook embeds them so that a process does not build them again.
//
// Run from the repository root: go run ./generator/workbook/internal/mkstyles -dir
// generator/workbook (or go generate ./generator/workbook). The output is byte-identical from
// run to run; TestPrebuiltStylesAreCurrent fails when the files are not what this writes.
package main

import (
	"flag"
	"fmt"
	"go/format"
	"os"
	"path/filepath"

	"github.com/baocao-vn/baocao/generator/workbook"
)

func main() {
	dir := flag.String("dir", ".", "the folder of package workbook")
	flag.Parse()
	if err := run(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "mkstyles:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	part, ids, err := workbook.BuildStyles()
	if err != nil {
		return err
	}
	src, err := format.Source([]byte(ids))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "styles.xml"), part, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "styles_ids.go"), src, 0o644)
}
