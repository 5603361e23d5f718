package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/baocao-vn/baocao/generator"
	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/report"
	"github.com/baocao-vn/baocao/generator/score"
)

func cmdCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check")
	asJSON := fs.Bool("json", false, "in kết quả dạng JSON")
	strict := fs.Bool("strict", false, "trả mã thoát 1 khi có chênh lệch số liệu")
	if code, done := parseFlags(fs, args, stdout, stderr); done {
		return code
	}
	if fs.NArg() == 0 {
		return usageError(stderr, "check", "thiếu tệp dữ liệu .toml cần kiểm tra")
	}
	status := exitOK
	var results []*score.JSONResult
	for i, name := range fs.Args() {
		p, err := generator.Load(name)
		if err != nil {
			status = exitInvalid
			printErr(stderr, err)
			if *asJSON {
				results = append(results, &score.JSONResult{File: name, Errors: errorLines(err)})
			}
			continue
		}
		d := p.Scores.Discrepancies()
		for _, k := range d {
			fmt.Fprintf(stderr, "cảnh báo: %s\n", k.Message(name))
		}
		if len(d) > 0 && *strict && status == exitOK {
			status = exitDiscrepancy
		}
		if *asJSON {
			results = append(results, p.Scores.JSON(name))
			continue
		}
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		if err := p.Scores.WriteText(stdout, name); err != nil {
			printErr(stderr, err)
			return exitInvalid
		}
		// The document's number and dates as the outputs print them (Decree 30's leading zeros).
		doc := p.Data.Document
		number := report.NumberAndCode(doc)
		if doc.Number == "" {
			number = "(chưa cấp số)/" + doc.Code
		}
		fmt.Fprintf(stdout, "Văn bản: Số: %s, %s; số liệu cập nhật đến ngày %s\n",
			number, doc.Date.Long(), p.Data.Appendix.AsOf)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		var v any = results
		if len(results) == 1 {
			v = results[0]
		}
		if err := enc.Encode(v); err != nil {
			printErr(stderr, err)
			return exitInvalid
		}
	}
	return status
}

// printErr prints an error, one line per problem when it holds several. A problem in a dataset
// or a template starts with its file name; any other is said by "baocao:", file-system errors
// in Vietnamese.
func printErr(w io.Writer, err error) {
	var list dataset.ErrorList
	if errors.As(err, &list) {
		for _, l := range errorLines(err) {
			fmt.Fprintln(w, l)
		}
		return
	}
	for _, l := range errorLines(err) {
		if strings.HasPrefix(l, "baocao") {
			fmt.Fprintln(w, l)
		} else {
			fmt.Fprintln(w, "baocao: "+l)
		}
	}
}

func errorLines(err error) []string {
	var list dataset.ErrorList
	if errors.As(err, &list) {
		out := make([]string, len(list))
		for i, e := range list {
			out[i] = e.Error()
		}
		return out
	}
	return strings.Split(userMessage(err), "\n")
}
