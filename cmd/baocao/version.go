package main

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

func cmdVersion(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("version")
	if code, done := parseFlags(fs, args, stdout, stderr); done {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(stderr, "version", "không nhận tham số: %s", strings.Join(fs.Args(), " "))
	}
	fmt.Fprintln(stdout, versionLine())
	return exitOK
}

// versionLine says which baocao this is, from what the Go toolchain recorded in the binary: the
// module version when it was installed with "go install …@v1.2.3", the commit it was built from
// otherwise ("(devel)" is what Go records for a build from a work tree without version control).
func versionLine() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "baocao: không rõ phiên bản (tệp chạy không mang thông tin bản dựng)"
	}
	return formatVersion(info)
}

func formatVersion(info *debug.BuildInfo) string {
	var rev, at string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	var b strings.Builder
	b.WriteString("baocao ")
	switch v := info.Main.Version; v {
	case "", "(devel)":
		b.WriteString("bản phát triển")
	default:
		b.WriteString(v)
	}
	if rev != "" {
		fmt.Fprintf(&b, ", commit %.12s", rev)
		if at != "" {
			fmt.Fprintf(&b, " (%s)", at)
		}
		if modified {
			b.WriteString(", có thay đổi chưa commit")
		}
	}
	fmt.Fprintf(&b, ", %s", info.GoVersion)
	return b.String()
}
