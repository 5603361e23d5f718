package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/baocao-vn/baocao/generator/batch"
)

func cmdBatch(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("batch")
	out := fs.String("o", "", "thư mục ghi kết quả `OUT`; mỗi ngày báo cáo một thư mục con")
	workers := fs.Int("j", 0, "số bộ dữ liệu xử lý cùng lúc (mặc định: số nhân CPU; tối đa 4 × số nhân)")
	tplPath := fs.String("template", "", "mẫu báo cáo `FILE.docx` thay cho mẫu có sẵn")
	fontDir := fs.String("font-dir", "", fontDirUsage)
	var sf signFlags
	sf.register(fs)
	if code, done := parseFlags(fs, args, stdout, stderr); done {
		return code
	}
	switch {
	case fs.NArg() == 0:
		return usageError(stderr, "batch", "thiếu thư mục hoặc tệp dữ liệu .toml cần xuất")
	case *out == "":
		return usageError(stderr, "batch", "thiếu thư mục ghi kết quả: thêm -o OUT")
	}
	if err := batch.CheckWorkers(*workers); err != nil {
		fmt.Fprintf(stderr, "baocao batch: %v\n", err)
		return exitInvalid
	}
	opts, code := renderOptions(*tplPath, *fontDir, &sf, stderr)
	if code != exitOK {
		return code
	}
	files, skipped, err := batch.Expand(fs.Args())
	if err != nil {
		printErr(stderr, err)
		return exitInvalid
	}
	for _, k := range skipped {
		fmt.Fprintf(stderr, "bỏ qua: %s\n", k)
	}
	if len(files) == 0 {
		fmt.Fprintf(stderr, "baocao batch: không có tệp .toml nào trong %s\n", strings.Join(fs.Args(), ", "))
		return exitInvalid
	}
	sum, err := batch.Run(files, batch.Options{Out: *out, Workers: *workers, Skipped: skipped, Render: opts, Force: sf.force, Progress: stderr})
	if sum != nil {
		fmt.Fprintf(stdout, "%d bộ dữ liệu, %d lỗi; tóm tắt: %s\n", sum.Datasets, sum.Failed, filepath.Join(*out, batch.SummaryFile))
	}
	if err != nil {
		if !errors.Is(err, batch.ErrFailed) {
			printErr(stderr, err)
		}
		return exitInvalid
	}
	return exitOK
}
