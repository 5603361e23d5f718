package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/baocao-vn/baocao/generator/batch"
	"github.com/baocao-vn/baocao/generator/outfile"
)

func cmdBatch(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "merge" {
		return cmdBatchMerge(args[1:], stdout, stderr)
	}
	fs := newFlags("batch")
	out := fs.String("o", "", "thư mục ghi kết quả `OUT`; mỗi ngày báo cáo một thư mục con")
	workers := fs.Int("j", 0, "số bộ dữ liệu xử lý cùng lúc (mặc định: số nhân CPU; tối đa 4 × số nhân)")
	tplPath := fs.String("template", "", "mẫu báo cáo `FILE.docx` thay cho mẫu có sẵn")
	fontDir := fs.String("font-dir", "", fontDirUsage)
	shardFlag := fs.String("shard", "", "chỉ xử lý phần `I/N` của các bộ dữ liệu (chia theo tên tệp; ghép bằng baocao batch merge)")
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
	var shard batch.Shard
	if *shardFlag != "" {
		var err error
		if shard, err = batch.ParseShard(*shardFlag); err != nil {
			fmt.Fprintf(stderr, "baocao: %v\n", err)
			return exitInvalid
		}
	}
	opts, code := renderOptions(*tplPath, *fontDir, &sf, stderr)
	// One login for the whole batch: every reporting date signs through the same session.
	defer sf.close()
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
	defer batch.PaceGC()()
	sum, err := batch.Run(files, batch.Options{Out: *out, Workers: *workers, Skipped: skipped, Render: opts, Force: sf.force, Progress: stderr, Live: isTerminal(stderr), Shard: shard})
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

// cmdBatchMerge joins the summaries of a batch's shards into one.
func cmdBatchMerge(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("batch")
	out := fs.String("o", "", "ghi tóm tắt chung vào `FILE` (mặc định: in ra màn hình)")
	if code, done := parseFlags(fs, args, stdout, stderr); done {
		return code
	}
	if fs.NArg() == 0 {
		return usageError(stderr, "batch", "batch merge: thiếu thư mục kết quả của các phần (OUT...)")
	}
	sum, err := batch.Merge(fs.Args())
	if err != nil {
		fmt.Fprintf(stderr, "baocao: %v\n", strings.ReplaceAll(err.Error(), "\n", "\nbaocao: "))
		return exitInvalid
	}
	js, err := json.MarshalIndent(sum, "", "  ")
	if err != nil {
		fmt.Fprintf(stderr, "baocao: %v\n", err)
		return exitInvalid
	}
	js = append(js, '\n')
	if *out == "" {
		stdout.Write(js)
	} else if err := outfile.Write(*out, js); err != nil {
		fmt.Fprintf(stderr, "baocao: %v\n", err)
		return exitInvalid
	}
	if sum.Failed > 0 {
		fmt.Fprintf(stderr, "baocao: %d/%d: %v\n", sum.Failed, sum.Datasets, batch.ErrFailed)
		return exitInvalid
	}
	return exitOK
}

// isTerminal reports whether w is a terminal, where batch redraws one progress line rather
// than print a line per dataset.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0 && os.Getenv("TERM") != "dumb"
}
