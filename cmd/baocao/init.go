package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/outfile"
	"github.com/baocao-vn/baocao/generator/sign"
	"github.com/baocao-vn/baocao/generator/starter"
)

func cmdInit(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("init")
	date := fs.String("date", "", "ngày báo cáo `NGÀY` (14/9/2022 hoặc 2022-09-14): ngày ban hành và ngày số liệu cập nhật đến; mặc định: hôm nay")
	if code, done := parseFlags(fs, args, stdout, stderr); done {
		return code
	}
	switch fs.NArg() {
	case 0:
		return usageError(stderr, "init", "thiếu tên tệp dữ liệu sẽ tạo (ví dụ: baocao init du-lieu.toml)")
	case 1:
	default:
		return usageError(stderr, "init", "mỗi lần chỉ tạo một tệp, có %d: %s", fs.NArg(), strings.Join(fs.Args(), " "))
	}
	path := fs.Arg(0)
	d := today()
	if *date != "" {
		if err := d.UnmarshalTOML(*date); err != nil {
			return usageError(stderr, "init", "--date: %v", err)
		}
	}
	if err := outfile.WriteNew(path, starter.Dataset(d)); err != nil {
		if errors.Is(err, outfile.ErrExists) {
			fmt.Fprintf(stderr, "baocao init: %v\n", err)
			return exitInvalid
		}
		printErr(stderr, err)
		return exitInvalid
	}
	fmt.Fprintf(stdout, "Đã tạo %s (ngày báo cáo %s).\nSửa các chỗ \"…\" và điểm bị trừ, rồi kiểm tra: baocao check %s\n", path, d, path)
	return exitOK
}

// today is the current date in Vietnam, where the report is issued.
func today() dataset.Date {
	t := time.Now().In(sign.Vietnam)
	return dataset.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}
