// Command baocao produces the quarterly report on remedying the shortcomings found by the
// province's public-administration-reform appraisal: the report (BÁO CÁO) as DOCX, the appendix
// (PHỤ LỤC) as a signed landscape PDF and the score workbook as XLSX, from one TOML dataset per
// reporting date.
//
// "baocao help" lists the commands; "baocao help CMD" or "baocao CMD --help" explains one. The
// table in commands.go is the one place commands, their synopses and examples are written.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/baocao-vn/baocao/internal/suggest"
)

// Exit statuses.
const (
	exitOK          = 0
	exitDiscrepancy = 1 // check --strict found figures that do not add up; verify: not valid
	exitInvalid     = 2 // bad input or usage
	// exitTrustNotChecked: verify found the file intact but was given no trusted root (--roots).
	exitTrustNotChecked = 3
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		writeUsage(stderr)
		return exitInvalid
	}
	switch args[0] {
	case "-h", "--help", "-help":
		writeUsage(stdout)
		return exitOK
	case "--version", "-version", "-V":
		fmt.Fprintln(stdout, versionLine())
		return exitOK
	}
	c := lookup(args[0])
	if c == nil {
		return unknownCommand(stderr, args[0])
	}
	return c.run(args[1:], stdout, stderr)
}

// lookup returns the command named name, or nil.
func lookup(name string) *command {
	for i := range commands {
		if commands[i].name == name {
			return &commands[i]
		}
	}
	return nil
}

func commandNames() []string {
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
	}
	return names
}

// unknownCommand says the command does not exist and suggests the nearest one.
func unknownCommand(stderr io.Writer, name string) int {
	if strings.HasPrefix(name, "-") {
		fmt.Fprintf(stderr, "baocao: %s phải đứng sau tên lệnh (ví dụ: baocao render FILE.toml -o DIR)\n", name)
	} else {
		fmt.Fprintf(stderr, "baocao: không có lệnh %q\n", name)
	}
	if s := suggest.Nearest(strings.TrimLeft(name, "-"), commandNames()); s != "" {
		fmt.Fprintf(stderr, "Có phải ý bạn là: baocao %s\n", s)
	}
	fmt.Fprintln(stderr, "Xem các lệnh: baocao help")
	return exitInvalid
}

// usageError says what is wrong or missing on a command's line, then how the command is used,
// and returns the exit status for bad usage.
func usageError(stderr io.Writer, cmd, format string, args ...any) int {
	fmt.Fprintf(stderr, "baocao %s: %s\n", cmd, fmt.Sprintf(format, args...))
	if c := lookup(cmd); c != nil {
		fmt.Fprintf(stderr, "Cách dùng: baocao %s\n", c.synopsis)
	}
	fmt.Fprintf(stderr, "Xem thêm: baocao help %s\n", cmd)
	return exitInvalid
}
