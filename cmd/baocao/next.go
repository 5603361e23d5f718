package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/baocao-vn/baocao/generator"
	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/outfile"
)

func cmdNext(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("next")
	out := fs.String("o", "", "tệp dữ liệu kỳ mới `NEW.toml` (phải chưa có)")
	date := fs.String("date", "", "ngày ban hành báo cáo kỳ mới `NGÀY` (15/6/2023 hoặc 2023-06-15)")
	asOf := fs.String("as-of", "", "ngày số liệu cập nhật đến `NGÀY`; mặc định: --date")
	if code, done := parseFlags(fs, args, stdout, stderr); done {
		return code
	}
	switch {
	case fs.NArg() == 0:
		return usageError(stderr, "next", "thiếu tệp dữ liệu của kỳ trước")
	case fs.NArg() > 1:
		return usageError(stderr, "next", "mỗi lần chỉ từ một tệp, có %d: %s", fs.NArg(), strings.Join(fs.Args(), " "))
	case *out == "":
		return usageError(stderr, "next", "thiếu -o NEW.toml")
	case *date == "":
		return usageError(stderr, "next", "thiếu --date (ngày ban hành báo cáo kỳ mới)")
	}
	var opt generator.NextOptions
	var err error
	if opt.Date, err = dataset.ParseDate(*date); err != nil {
		return usageError(stderr, "next", "--date: %v", err)
	}
	if *asOf != "" {
		if opt.AsOf, err = dataset.ParseDate(*asOf); err != nil {
			return usageError(stderr, "next", "--as-of: %v", err)
		}
	}
	// Refused before any work; WriteNew refuses again if the file appears meanwhile.
	if _, err := os.Lstat(*out); err == nil {
		fmt.Fprintf(stderr, "baocao next: %s: %v\n", *out, outfile.ErrExists)
		return exitInvalid
	}
	src, err := dataset.Read(fs.Arg(0))
	if err != nil {
		printErr(stderr, err)
		return exitInvalid
	}
	data, err := generator.Next(fs.Arg(0), src, opt)
	if err != nil {
		printErr(stderr, err)
		return exitInvalid
	}
	if err := outfile.WriteNew(*out, data); err != nil {
		fmt.Fprintf(stderr, "baocao next: %v\n", err)
		return exitInvalid
	}
	if opt.AsOf.IsZero() {
		opt.AsOf = opt.Date
	}
	fmt.Fprintf(stdout, "Đã ghi %s: kỳ báo cáo ngày %s, số liệu đến ngày %s, số văn bản để trống.\nCập nhật tiến độ, rồi kiểm tra: baocao check %s\n",
		*out, opt.Date, opt.AsOf, *out)
	return exitOK
}
