// Command mkparsed writes templates/bao-cao.parsed: the embedded report template as package
// docxtpl parses it (docxtpl.Template.MarshalBinary), which package templates embeds so that a
// render loads the template rather than parsing it (docxtpl.Load).
//
// Run from the repository root: go run ./templates/internal/mkparsed -dir templates (or go
// generate ./templates, after mkdocx). The output is byte-identical from run to run;
// TestParsedIsCurrent fails when bao-cao.parsed is not what this writes.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/baocao-vn/baocao/generator/docxtpl"
)

func main() {
	dir := flag.String("dir", ".", "the folder of package templates")
	flag.Parse()
	if err := run(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "mkparsed:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	docx, err := os.ReadFile(filepath.Join(dir, "bao-cao.docx"))
	if err != nil {
		return err
	}
	tpl, err := docxtpl.Parse("templates/bao-cao.docx", docx)
	if err != nil {
		return err
	}
	b, err := tpl.MarshalBinary(docx)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "bao-cao.parsed"), b, 0o644)
}
