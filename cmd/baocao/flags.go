package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/baocao-vn/baocao/internal/suggest"
)

// newFlags returns the flag set of the named command. Package flag's own messages are English
// ("flag provided but not defined", "Usage of render:"): parseFlags reads the arguments itself
// and uses the set only as the register of the command's flags.
func newFlags(cmd string) *flag.FlagSet {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseFlags reads a command's arguments against the flags registered on fs, flags before or
// after the positional arguments ("render FILE -o DIR" as the README writes it), with one or
// two dashes, the value after a space or "=". The positional arguments are then fs.Args().
// For -h or --help it prints the command's help on stdout; for an unknown flag (with the
// nearest one suggested), a flag without its value or a bad value it says so on stderr. done
// reports that the command must stop with the returned exit status.
func parseFlags(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (code int, done bool) {
	cmd := fs.Name()
	var pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			pos = append(pos, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name == "h" || name == "help" {
			writeCommandHelp(stdout, fs)
			return exitOK, true
		}
		f := fs.Lookup(name)
		if f == nil {
			msg := fmt.Sprintf("không có tùy chọn %s", dashed(name))
			if s := suggest.Nearest(name, flagNames(fs)); s != "" {
				msg += fmt.Sprintf(" (có phải ý bạn là %s?)", dashed(s))
			}
			return usageError(stderr, cmd, "%s", msg), true
		}
		if isBool(f) {
			if !hasValue {
				value = "true"
			}
		} else if !hasValue {
			if i+1 == len(args) {
				placeholder, _ := flagUsage(f)
				return usageError(stderr, cmd, "thiếu giá trị sau %s (viết %s %s)", dashed(name), dashed(name), placeholder), true
			}
			i++
			value = args[i]
		}
		if err := fs.Set(name, value); err != nil {
			return usageError(stderr, cmd, "%s: giá trị %q không hợp lệ (cần %s)", dashed(name), value, kindOf(f)), true
		}
	}
	// Nothing is left to parse but the positional arguments: "--" keeps one starting with a
	// dash from being read as a flag.
	if err := fs.Parse(append([]string{"--"}, pos...)); err != nil {
		return usageError(stderr, cmd, "không đọc được các tham số"), true
	}
	return exitOK, false
}

// dashed writes a flag as a user types it: -o, --sign-p12.
func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

func flagNames(fs *flag.FlagSet) []string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return names
}

func isBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// kindOf says what a flag's value must be.
func kindOf(f *flag.Flag) string {
	if g, ok := f.Value.(flag.Getter); ok {
		switch g.Get().(type) {
		case bool:
			return "true hoặc false"
		case int, int64, uint, uint64:
			return "một số nguyên"
		case float64:
			return "một số"
		case time.Duration:
			return "một khoảng thời gian như 30s, 5m"
		}
	}
	_, usage := flagUsage(f)
	return usage
}

// flagUsage returns the placeholder of a flag's value (the word written in `backquotes` in its
// description, or one for its type) and its description.
func flagUsage(f *flag.Flag) (placeholder, usage string) {
	placeholder, usage = flag.UnquoteUsage(f)
	switch placeholder {
	case "string":
		placeholder = "GIÁ_TRỊ"
	case "int", "uint", "int64", "uint64":
		placeholder = "N"
	case "float":
		placeholder = "SỐ"
	case "duration":
		placeholder = "THỜI_GIAN"
	case "value":
		placeholder = "GIÁ_TRỊ"
	}
	return placeholder, usage
}

// writeCommandHelp prints a command's summary, synopsis, flags, notes and example: one home for
// each, the command table and the flags' own descriptions.
func writeCommandHelp(w io.Writer, fs *flag.FlagSet) {
	c := lookup(fs.Name())
	if c == nil {
		return
	}
	fmt.Fprintf(w, "baocao %s: %s\n\nCách dùng:\n  baocao %s\n", c.name, c.summary, c.synopsis)
	var flags []*flag.Flag
	fs.VisitAll(func(f *flag.Flag) { flags = append(flags, f) })
	// One-letter flags (-o, -j) first, as the synopses write them.
	slices.SortStableFunc(flags, func(a, b *flag.Flag) int { return min(len(a.Name), 2) - min(len(b.Name), 2) })
	if len(flags) > 0 {
		fmt.Fprintf(w, "\nTùy chọn:\n")
		heads := make([]string, len(flags))
		width := 0
		for i, f := range flags {
			heads[i] = dashed(f.Name)
			if !isBool(f) {
				p, _ := flagUsage(f)
				heads[i] += " " + p
			}
			width = max(width, len([]rune(heads[i])))
		}
		for i, f := range flags {
			_, usage := flagUsage(f)
			if d := f.DefValue; d != "" && d != "false" && d != "0" && !strings.Contains(usage, "mặc định") {
				usage += fmt.Sprintf(" (mặc định: %s)", d)
			}
			fmt.Fprintf(w, "  %s%s  %s\n", heads[i], strings.Repeat(" ", width-len([]rune(heads[i]))), usage)
		}
	}
	if c.notes != "" {
		fmt.Fprintf(w, "\n%s\n", c.notes)
	}
	fmt.Fprintf(w, "\nVí dụ:\n  %s\n", c.example)
}

// writeUsage prints the list of commands from the command table.
func writeUsage(w io.Writer) {
	fmt.Fprint(w, `baocao: báo cáo khắc phục tồn tại, hạn chế trong công tác cải cách hành chính (CCHC)
từ một tệp dữ liệu TOML: báo cáo (DOCX), phụ lục ký số được (PDF), bảng điểm (XLSX).

Cách dùng: baocao LỆNH [tùy chọn] [tệp...]

Các lệnh:
`)
	width := 0
	for _, c := range commands {
		width = max(width, len(c.name))
	}
	for _, c := range commands {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.name, c.summary)
	}
	fmt.Fprint(w, `
Xem một lệnh:  baocao help LỆNH  (hoặc baocao LỆNH --help)
Phiên bản:     baocao --version

Bắt đầu:
  baocao init du-lieu.toml                 tạo tệp dữ liệu, rồi sửa các chỗ "…"
  baocao check du-lieu.toml                kiểm tra, tính lại điểm
  baocao render du-lieu.toml -o ket-qua    xuất báo cáo, phụ lục, bảng điểm
`)
}

func cmdHelp(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("help")
	if code, done := parseFlags(fs, args, stdout, stderr); done {
		return code
	}
	switch fs.NArg() {
	case 0:
		writeUsage(stdout)
		return exitOK
	case 1:
		c := lookup(fs.Arg(0))
		if c == nil {
			return unknownCommand(stderr, fs.Arg(0))
		}
		// Each command prints its own help, with the flags it registers.
		return c.run([]string{"--help"}, stdout, stderr)
	}
	return usageError(stderr, "help", "chỉ xem được một lệnh mỗi lần, có %d: %s", fs.NArg(), strings.Join(fs.Args(), " "))
}
