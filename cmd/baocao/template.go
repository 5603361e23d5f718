package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/baocao-vn/baocao/generator"
	"github.com/baocao-vn/baocao/generator/outfile"
	"github.com/baocao-vn/baocao/generator/report"
	"github.com/baocao-vn/baocao/samples"
	"github.com/baocao-vn/baocao/templates"
)

func cmdTemplate(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("template")
	out := fs.String("o", "", "tệp `FILE.docx` sẽ ghi mẫu báo cáo vào")
	force := fs.Bool("force", false, "ghi đè khi tệp đã có")
	if code, done := parseFlags(fs, args, stdout, stderr); done {
		return code
	}
	switch {
	case fs.NArg() > 0:
		return usageError(stderr, "template", "không nhận tham số %s; tên tệp ghi ra đặt sau -o", strings.Join(fs.Args(), " "))
	case *out == "":
		return usageError(stderr, "template", "thiếu tệp ghi ra: thêm -o FILE.docx (ví dụ: -o bao-cao.docx)")
	}
	var err error
	if *force {
		err = outfile.Write(*out, templates.BaoCao)
	} else {
		err = outfile.WriteNew(*out, templates.BaoCao)
	}
	if err != nil {
		if errors.Is(err, outfile.ErrExists) {
			fmt.Fprintf(stderr, "baocao template: %v; --force để thay\n", err)
			return exitInvalid
		}
		printErr(stderr, err)
		return exitInvalid
	}
	fmt.Fprintf(stdout, "Đã ghi %s. Sửa trong Word hoặc LibreOffice (các trường: baocao fields), rồi: baocao render du-lieu.toml -o ket-qua --template %s\n", *out, *out)
	return exitOK
}

func cmdFields(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("fields")
	if code, done := parseFlags(fs, args, stdout, stderr); done {
		return code
	}
	var p *generator.Prepared
	var err error
	from := "samples/" + samples.SeedName
	switch fs.NArg() {
	case 0:
		p, err = generator.Prepare(from, samples.Seed)
	case 1:
		from = fs.Arg(0)
		p, err = generator.Load(from)
	default:
		return usageError(stderr, "fields", "chỉ nhận một tệp dữ liệu, có %d: %s", fs.NArg(), strings.Join(fs.Args(), " "))
	}
	if err != nil {
		printErr(stderr, err)
		return exitInvalid
	}
	ex := report.Examples(report.Data(p.Data, p.Scores))
	fmt.Fprintf(stdout, `Các trường của mẫu báo cáo. Trong mẫu, {truong} in giá trị của trường; {#truong}…{/truong}
lặp lại phần giữa cho mỗi phần tử của danh sách (hoặc chỉ in khi có giá trị); {^truong}…{/truong}
chỉ in khi trường trống.
Ví dụ lấy từ %s.
`, from)
	writeFields(stdout, report.Fields, ex, "", 0)
	return exitOK
}

// writeFields prints fields and, indented under a list, the fields of its items.
func writeFields(w io.Writer, fields []report.Field, ex map[string]string, prefix string, depth int) {
	ind := strings.Repeat("  ", depth)
	for _, f := range fields {
		path := prefix + f.Name
		tag := "{" + f.Name + "}"
		if len(f.Items) > 0 {
			tag = "{#" + f.Name + "}…{/" + f.Name + "}"
		}
		fmt.Fprintf(w, "\n%s%s  %s\n", ind, tag, f.Meaning)
		fmt.Fprintf(w, "%s    nguồn: %s\n", ind, f.Source)
		if v := ex[path]; v != "" {
			if len(f.Items) > 0 {
				fmt.Fprintf(w, "%s    ví dụ: %s\n", ind, v)
			} else {
				fmt.Fprintf(w, "%s    ví dụ: %q\n", ind, shorten(v))
			}
		} else {
			fmt.Fprintf(w, "%s    ví dụ: (trống)\n", ind)
		}
		writeFields(w, f.Items, ex, path+".", depth+1)
	}
}

// shorten puts a value on one line (a line break shown as " / ") of at most 80 characters.
func shorten(s string) string {
	s = strings.ReplaceAll(s, "\n", " / ")
	s = strings.ReplaceAll(s, "\u00a0", " ")
	if utf8.RuneCountInString(s) > 80 {
		s = string([]rune(s)[:79]) + "…"
	}
	return s
}
