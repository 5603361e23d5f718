package main

import (
	"io"

	"github.com/baocao-vn/baocao/generator"
)

func cmdDiff(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("diff")
	asJSON := fs.Bool("json", false, "in kết quả dạng JSON (dạng cố định, để máy đọc)")
	if code, done := parseFlags(fs, args, stdout, stderr); done {
		return code
	}
	if fs.NArg() != 2 {
		return usageError(stderr, "diff", "cần hai tệp dữ liệu: kỳ trước OLD.toml và kỳ sau NEW.toml")
	}
	ps, errs := generator.LoadAll(fs.Arg(0), fs.Arg(1))
	status := exitOK
	for _, err := range errs {
		if err != nil {
			printErr(stderr, err)
			status = exitInvalid
		}
	}
	if status != exitOK {
		return status
	}
	d := generator.Compare(ps[0], ps[1])
	write := d.WriteText
	if *asJSON {
		write = d.WriteJSON
	}
	if err := write(stdout); err != nil {
		printErr(stderr, err)
		return exitInvalid
	}
	return exitOK
}
