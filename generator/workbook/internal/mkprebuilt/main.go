// Command mkprebuilt writes what package workbook embeds so that a process does not build it
// again for every workbook: the styles part, generator/workbook/styles.xml, and the ids of its
// styles, styles_ids.go, as workbook.BuildStyles builds them through excelize; and the parts no
// dataset changes with their Deflate, prebuilt_parts.go, as workbook.BuildParts writes them.
//
// Run from the repository root: go run ./generator/workbook/internal/mkprebuilt -dir
// generator/workbook (or go generate ./generator/workbook). The output is byte-identical from
// run to run; TestPrebuiltStylesAreCurrent and TestPrebuiltPartsAreCurrent fail when the files
// are not what this writes.
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
		fmt.Fprintln(os.Stderr, "mkprebuilt:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	part, ids, err := workbook.BuildStyles()
	if err != nil {
		return err
	}
	parts, err := workbook.BuildParts(part)
	if err != nil {
		return err
	}
	for name, src := range map[string]string{"styles_ids.go": ids, "prebuilt_parts.go": parts} {
		out, err := format.Source([]byte(src))
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), out, 0o644); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(dir, "styles.xml"), part, 0o644)
}
