// Command preparse writes, beside each embedded face fonts/NAME.ttf, NAME.parsed: the face as
// fpdf parses it (fpdf.UTF8Font.MarshalBinary), which package fonts embeds so that a process
// loads each face in a fraction of the time parsing it takes.
//
// Run from the repository root: go run ./fonts/internal/preparse -dir fonts (or go generate
// ./fonts). The output is byte-identical from run to run; TestPreparsedIsCurrent fails when
// a .parsed file is not what this writes.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/baocao-vn/baocao/fonts"
)

func main() {
	dir := flag.String("dir", ".", "the folder of package fonts")
	flag.Parse()
	if err := run(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "preparse:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	for s, face := range fonts.Embedded() {
		b, err := fonts.Preparse(face.Data, s)
		if err != nil {
			return fmt.Errorf("%s: %w", face.Path, err)
		}
		out := filepath.Join(dir, strings.TrimSuffix(face.Path, ".ttf")+".parsed")
		if err := os.WriteFile(out, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
