package form

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"html/template"
	"io"
	"strings"
	"sync"

	"github.com/baocao-vn/baocao/generator"
	"github.com/baocao-vn/baocao/generator/appendix"
)

// Preview writes the HTML fragments of the appendix (a table of the same rows, parts and
// paragraphs that generator/appendix draws, with the same headings) and of the report (its
// paragraphs, as the DOCX renderer fills them: the embedded template filled, its body read
// back). Safe HTML: every text is escaped (html/template). When the dataset does not validate,
// it writes a short notice instead and returns no error. The classes are listed in the
// package's documentation.
func (f *Form) Preview(appendixHTML, reportHTML io.Writer) error {
	return f.PreviewWith(generator.Options{}, appendixHTML, reportHTML)
}

// PreviewWith is Preview with the report rendered with o, as the DOCX downloaded with o is:
// o.Previous or o.Change give it what changed since the previous reporting date.
func (f *Form) PreviewWith(o generator.Options, appendixHTML, reportHTML io.Writer) error {
	if f.prep == nil {
		for _, w := range []io.Writer{appendixHTML, reportHTML} {
			if w == nil {
				continue
			}
			if err := noticeTpl().Execute(w, len(f.problems)); err != nil {
				return err
			}
		}
		return nil
	}
	if appendixHTML != nil {
		if err := AppendixHTML(appendixHTML, f.prep.Appendix()); err != nil {
			return err
		}
	}
	if reportHTML != nil {
		return ReportHTML(reportHTML, f.prep, o)
	}
	return nil
}

// The page templates are parsed on first use, not when any baocao command starts.
var noticeTpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("notice").Parse(
		`<div class="bc-notice"><p>Dữ liệu còn {{.}} lỗi; sửa các lỗi được đánh dấu để xem trước phụ lục và báo cáo.</p></div>` + "\n"))
})

// AppendixHTML writes the appendix's Document as an HTML fragment: its headings and its
// table, each row's parts as table rows, the TT cell spanning them.
func AppendixHTML(w io.Writer, doc *appendix.Document) error {
	return appendixTpl().Execute(w, doc.Normalized())
}

var appendixTpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("appendix").Funcs(template.FuncMap{
		"lines": func(s string) []string { return strings.Split(s, "\n") },
		"inc":   func(i int) int { return i + 1 },
		"paraClass": func(p appendix.Para) string {
			c := "bc-a-para"
			if p.Bold {
				c += " bc-bold"
			}
			if p.Italic {
				c += " bc-italic"
			}
			if p.Center {
				c += " bc-center"
			}
			return c
		},
	}).Parse(`<div class="bc-appendix">
<p class="bc-a-heading bc-bold bc-center">{{.Heading}}</p>
<p class="bc-a-title bc-bold bc-center">{{range $i, $l := lines .Title}}{{if $i}}<br>{{end}}{{$l}}{{end}}</p>
<p class="bc-a-subtitle bc-italic bc-center">{{.Subtitle}}</p>
<p class="bc-a-asof bc-italic bc-center">{{.AsOf}}</p>
<table class="bc-a-table">
<thead><tr>{{range $i, $h := .Headers}}<th class="bc-a-col{{inc $i}}">{{range $j, $l := lines $h}}{{if $j}}<br>{{end}}{{$l}}{{end}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}{{$row := .}}{{range $i, $p := .Parts}}<tr class="bc-a-part{{if not $i}} bc-a-row{{end}}">{{if not $i}}<td class="bc-a-number bc-center" rowspan="{{len $row.Parts}}">{{$row.Number}}</td>{{end}}{{range $c, $cell := $p.Cells}}<td class="bc-a-cell bc-a-col{{inc (inc $c)}}">{{range $cell}}<p class="{{paraClass .}}">{{range $j, $l := lines .Text}}{{if $j}}<br>{{end}}{{$l}}{{end}}</p>{{end}}</td>{{end}}</tr>
{{end}}{{end}}</tbody>
</table>
</div>
`))
})

// ReportHTML writes the report as an HTML fragment: the DOCX the embedded template gives for
// p rendered with o, its body's tables and paragraphs with their alignment, bold, italic,
// underline and caps.
func ReportHTML(w io.Writer, p *generator.Prepared, o generator.Options) error {
	docx, err := p.RenderReport(o)
	if err != nil {
		return err
	}
	body, styles, err := parts(docx)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(`<div class="bc-report">` + "\n")
	if err := bodyHTML(&b, body, paraStyles(styles)); err != nil {
		return fmt.Errorf("%s: xem trước báo cáo: %w", p.Data.Name, err)
	}
	b.WriteString("</div>\n")
	_, err = io.WriteString(w, b.String())
	return err
}

// parts returns the body and the styles of a .docx.
func parts(docx []byte) (body, styles []byte, err error) {
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		return nil, nil, err
	}
	read := func(f *zip.File) ([]byte, error) {
		r, err := f.Open()
		if err != nil {
			return nil, err
		}
		defer r.Close()
		return io.ReadAll(r)
	}
	for _, f := range zr.File {
		switch f.Name {
		case "word/document.xml":
			body, err = read(f)
		case "word/styles.xml":
			styles, err = read(f)
		}
		if err != nil {
			return nil, nil, err
		}
	}
	if body == nil {
		return nil, nil, fmt.Errorf("thiếu word/document.xml")
	}
	return body, styles, nil
}

// pStyle is what a paragraph style sets that the preview shows.
type pStyle struct {
	align  string
	indent bool
}

// paraStyles reads the alignment and first-line indent of each paragraph style.
func paraStyles(styles []byte) map[string]pStyle {
	out := map[string]pStyle{}
	if styles == nil {
		return out
	}
	dec := xml.NewDecoder(bytes.NewReader(styles))
	id := ""
	for {
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Space != wML {
			continue
		}
		switch se.Name.Local {
		case "style":
			id = attr(se, "styleId")
		case "jc":
			s := out[id]
			s.align = attr(se, "val")
			out[id] = s
		case "ind":
			s := out[id]
			s.indent = attr(se, "firstLine") != "" && attr(se, "firstLine") != "0"
			out[id] = s
		}
	}
}

const wML = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// on reads a toggle property (<w:b/>, <w:b w:val="0"/>).
func on(se xml.StartElement) bool {
	switch attr(se, "val") {
	case "0", "false", "off", "none":
		return false
	}
	return true
}

// run is the formatting of a run of text.
type run struct{ bold, italic, underline, caps bool }

func (r run) class() string {
	var c []string
	for _, x := range []struct {
		on   bool
		name string
	}{{r.bold, "bc-bold"}, {r.italic, "bc-italic"}, {r.underline, "bc-underline"}, {r.caps, "bc-caps"}} {
		if x.on {
			c = append(c, x.name)
		}
	}
	return strings.Join(c, " ")
}

// para is a paragraph being read: its properties, then its runs as HTML.
type para struct {
	style  pStyle
	styled bool // a jc or ind of its own was read
	html   strings.Builder
}

func alignClass(jc string) string {
	switch jc {
	case "center":
		return " bc-center"
	case "right", "end":
		return " bc-right"
	case "both", "distribute":
		return " bc-justify"
	}
	return ""
}

// bodyHTML turns the body of a .docx into HTML: tables, rows and cells as such, paragraphs as
// <p>, runs as <span> with their formatting, line breaks as <br>.
func bodyHTML(b *strings.Builder, body []byte, styles map[string]pStyle) error {
	dec := xml.NewDecoder(bytes.NewReader(body))
	var (
		paras  []*para // nested: a paragraph inside a text box
		r      run
		inRPr  bool
		inPPr  bool
		inText bool
	)
	cur := func() *para {
		if len(paras) == 0 {
			return nil
		}
		return paras[len(paras)-1]
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != wML {
				continue
			}
			p := cur()
			switch t.Name.Local {
			case "tbl":
				b.WriteString(`<table class="bc-r-table">` + "\n")
			case "tr":
				b.WriteString(`<tr class="bc-r-row">`)
			case "tc":
				b.WriteString(`<td class="bc-r-cell">`)
			case "p":
				paras = append(paras, &para{})
			case "pPr":
				inPPr = true
			case "pStyle":
				if p != nil && inPPr {
					s := styles[attr(t, "val")]
					if !p.styled {
						p.style = s
					}
				}
			case "jc":
				if p != nil && inPPr && !inRPr {
					p.style.align, p.styled = attr(t, "val"), true
				}
			case "ind":
				if p != nil && inPPr && !inRPr {
					fl := attr(t, "firstLine")
					p.style.indent = fl != "" && fl != "0"
				}
			case "r":
				r = run{}
			case "rPr":
				inRPr = true
			case "b", "i", "u", "caps":
				if inRPr && !inPPr {
					switch t.Name.Local {
					case "b":
						r.bold = on(t)
					case "i":
						r.italic = on(t)
					case "u":
						r.underline = on(t)
					case "caps":
						r.caps = on(t)
					}
				}
			case "t":
				inText = true
			case "br", "cr":
				if p != nil {
					p.html.WriteString("<br>")
				}
			case "tab":
				if p != nil && !inPPr {
					p.html.WriteString("\t")
				}
			}
		case xml.EndElement:
			if t.Name.Space != wML {
				continue
			}
			switch t.Name.Local {
			case "tbl":
				b.WriteString("</table>\n")
			case "tr":
				b.WriteString("</tr>\n")
			case "tc":
				b.WriteString("</td>")
			case "p":
				p := cur()
				paras = paras[:len(paras)-1]
				class := "bc-r-para" + alignClass(p.style.align)
				if p.style.indent {
					class += " bc-r-indent"
				}
				fmt.Fprintf(b, `<p class="%s">%s</p>`+"\n", class, p.html.String())
			case "pPr":
				inPPr = false
			case "rPr":
				inRPr = false
			case "t":
				inText = false
			}
		case xml.CharData:
			if p := cur(); p != nil && inText && len(t) > 0 {
				if c := r.class(); c != "" {
					fmt.Fprintf(&p.html, `<span class="%s">%s</span>`, c, template.HTMLEscapeString(string(t)))
				} else {
					p.html.WriteString(template.HTMLEscapeString(string(t)))
				}
			}
		}
	}
}
