package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/baocao-vn/baocao/generator"
	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/report"
	"github.com/baocao-vn/baocao/generator/score"
)

func cmdCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "in kết quả dạng JSON")
	strict := fs.Bool("strict", false, "trả mã thoát 1 khi có chênh lệch số liệu")
	if err := fs.Parse(reorder(args, fs)); err != nil {
		return exitInvalid
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "baocao check: cần ít nhất một tệp dữ liệu .toml")
		return exitInvalid
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
			fmt.Fprintf(stderr, "baocao: %v\n", err)
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
			fmt.Fprintf(stderr, "baocao: %v\n", err)
			return exitInvalid
		}
	}
	return status
}

// printErr prints an error, one line per problem when it holds several.
func printErr(w io.Writer, err error) {
	for _, l := range errorLines(err) {
		fmt.Fprintln(w, l)
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
	return []string{err.Error()}
}
