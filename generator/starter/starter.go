// Package starter makes the commented dataset "baocao init" writes: the embedded
// templates/khoi-tao.toml with the reporting date filled in. It is valid as written, every
// criterion at full marks, for the clerk to edit.
package starter

import (
	"bytes"
	"sync"
	"text/template"

	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/templates"
)

// tpl is parsed on first use: only baocao init needs it, and every other command would pay
// for parsing it at start.
var tpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("khoi-tao.toml").Option("missingkey=error").Parse(templates.Starter))
})

// Dataset returns the starter dataset for the reporting date d, which becomes both the date of
// issue and the date the figures are as of.
func Dataset(d dataset.Date) []byte {
	var buf bytes.Buffer
	err := tpl().Execute(&buf, struct {
		NgayISO, Ngay string
		Nam, NamTruoc int
	}{d.ISO(), d.String(), d.Year, d.Year - 1})
	if err != nil {
		panic(err) // the embedded text and this struct go together; a test executes them
	}
	return buf.Bytes()
}
