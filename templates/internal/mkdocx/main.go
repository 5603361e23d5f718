// Command mkdocx writes templates/bao-cao.docx, the Word template of the report (BÁO CÁO),
// laid out per Decree 30/2020/NĐ-CP, Appendix I, with the tags package docxtpl fills.
//
// Run from the repository root: go run ./templates/internal/mkdocx -o templates/bao-cao.docx
// (or go generate ./templates). The output is byte-identical from run to run.
package main

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/baocao-vn/baocao/templates"
)

// Page geometry in twentieths of a point (twips): A4, margins 20/20/30/15 mm.
const (
	pageW, pageH  = 11906, 16838        // templates.TextWidth follows from these and the margins
	marginTop     = 1134                // 20 mm
	marginBottom  = 1134                // 20 mm
	marginLeft    = 1701                // 30 mm
	marginRight   = 850                 // 15 mm
	headerDist    = 567                 // 10 mm: the page number sits in the top margin
	textW         = templates.TextWidth // pageW less the margins
	headLeftW     = templates.HeadLeftWidth
	headRightW    = textW - headLeftW
	signLeftW     = 4255
	signRightW    = textW - signLeftW
	firstLine     = 720  // 1.27 cm
	mottoTextW    = 3183 // "Độc lập - Tự do - Hạnh phúc", 13 pt bold, measured with Liberation Serif
	mottoSlack    = 120
	ruleLine      = 200 // a rule's paragraph: 10 pt, so the rule sits close under the text
	font          = "Times New Roman"
	wNS           = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	xmlDecl       = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	relsNS        = `xmlns="http://schemas.openxmlformats.org/package/2006/relationships"`
	officeRelType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
)

// rs is the formatting of a run: size in points, bold, italic, capitals.
type rs struct {
	pt      float64
	b, i, c bool
}

func (s rs) rPr() string {
	return s.rPrWith("")
}

// rPrWith is rPr with extra properties (an underline) before the size.
func (s rs) rPrWith(extra string) string {
	var b strings.Builder
	b.WriteString(`<w:rPr><w:rFonts w:ascii="` + font + `" w:hAnsi="` + font + `" w:eastAsia="` + font + `" w:cs="` + font + `"/>`)
	if s.b {
		b.WriteString(`<w:b/><w:bCs/>`)
	}
	if s.i {
		b.WriteString(`<w:i/><w:iCs/>`)
	}
	if s.c {
		b.WriteString(`<w:caps/>`)
	}
	b.WriteString(extra)
	hp := int(s.pt * 2)
	fmt.Fprintf(&b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr>`, hp, hp)
	return b.String()
}

func run(s rs, text string) string {
	return `<w:r>` + s.rPr() + `<w:t xml:space="preserve">` + esc(text) + `</w:t></w:r>`
}

// ruleRun is a run whose text, underlined figure spaces the renderer measures out, draws a
// rule 1/3–1/2 as long as the line above it (package report).
func ruleRun(s rs, tag string) string {
	return `<w:r>` + s.rPrWith(`<w:u w:val="single"/>`) + `<w:t xml:space="preserve">` + esc(tag) + `</w:t></w:r>`
}

func esc(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// ps is the formatting of a paragraph.
type ps struct {
	style         string
	keepNext      bool
	keepLines     bool   // never split the paragraph across pages
	border        string // "top" or "bottom": a solid rule
	before, after int
	line          int // 240 = single; 0 = style's
	exactLine     bool
	left, right   int
	first         int
	jc            string
}

func para(p ps, mark rs, runs ...string) string {
	var b strings.Builder
	b.WriteString(`<w:p><w:pPr>`)
	if p.style != "" {
		b.WriteString(`<w:pStyle w:val="` + p.style + `"/>`)
	}
	if p.keepNext {
		b.WriteString(`<w:keepNext/>`)
	}
	if p.keepLines {
		b.WriteString(`<w:keepLines/>`)
	}
	if p.border != "" {
		b.WriteString(`<w:pBdr><w:` + p.border + ` w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>`)
	}
	if p.style == "" {
		rule := "auto"
		if p.exactLine {
			rule = "exact"
		}
		line := p.line
		if line == 0 {
			line = 240
		}
		fmt.Fprintf(&b, `<w:spacing w:before="%d" w:after="%d" w:line="%d" w:lineRule="%s"/>`, p.before, p.after, line, rule)
	}
	if p.left != 0 || p.right != 0 || p.first != 0 {
		fmt.Fprintf(&b, `<w:ind w:left="%d" w:right="%d" w:firstLine="%d"/>`, p.left, p.right, p.first)
	}
	if p.jc != "" {
		b.WriteString(`<w:jc w:val="` + p.jc + `"/>`)
	}
	b.WriteString(mark.rPr())
	b.WriteString(`</w:pPr>`)
	for _, r := range runs {
		b.WriteString(r)
	}
	b.WriteString(`</w:p>`)
	return b.String()
}

// borderless returns a table without borders or side cell margins, with the given columns;
// top is the cells' top margin; rows holds each row's cells, each cell a run of paragraphs.
func borderless(widths []int, top int, rows ...[]string) string {
	var b strings.Builder
	total := 0
	for _, w := range widths {
		total += w
	}
	fmt.Fprintf(&b, `<w:tbl><w:tblPr><w:tblW w:w="%d" w:type="dxa"/><w:tblInd w:w="0" w:type="dxa"/>`, total)
	b.WriteString(`<w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>`)
	b.WriteString(`<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		fmt.Fprintf(&b, `<w:gridCol w:w="%d"/>`, w)
	}
	b.WriteString(`</w:tblGrid>`)
	for _, cells := range rows {
		b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		for i, c := range cells {
			fmt.Fprintf(&b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, widths[i])
			if top > 0 {
				fmt.Fprintf(&b, `<w:tcMar><w:top w:w="%d" w:type="dxa"/></w:tcMar>`, top)
			}
			fmt.Fprintf(&b, `</w:tcPr>%s</w:tc>`, c)
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl>`)
	return b.String()
}

func document() string {
	center := func(before, after int) ps { return ps{jc: "center", before: before, after: after} }
	r13 := rs{pt: 13}
	b13 := rs{pt: 13, b: true}
	b12 := rs{pt: 12, b: true}
	i14 := rs{pt: 14, i: true}
	b14 := rs{pt: 14, b: true}
	bc14 := rs{pt: 14, b: true, c: true}
	r14 := rs{pt: 14}
	r11 := rs{pt: 11}
	body := ps{style: "BodyVB"}
	heading := ps{style: "BodyVB", keepNext: true}
	// The closing paragraph stays whole and on the page of the signature block that follows,
	// so that the signer and "Nơi nhận" never stand alone on the last page.
	closing := ps{style: "BodyVB", keepNext: true, keepLines: true}
	recip := ps{jc: "both"}

	mottoIndent := (headRightW - mottoTextW - mottoSlack) / 2
	header := borderless([]int{headLeftW, headRightW}, 0,
		[]string{
			// A People's Committee has no parent body: its paragraph vanishes with the value.
			para(center(0, 0), r13, run(r13, "{#co_quan_chu_quan}")) +
				para(center(0, 0), r13, run(r13, "{co_quan_chu_quan}")) +
				para(center(0, 0), r13, run(r13, "{/co_quan_chu_quan}")) +
				para(center(0, 0), b13, run(b13, "{co_quan_ban_hanh}")) +
				para(ps{jc: "center", line: ruleLine, exactLine: true}, b13, ruleRun(b13, "{gach_co_quan}")),
			para(center(0, 0), b12, run(b12, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")) +
				para(ps{jc: "center", border: "bottom", left: mottoIndent, right: mottoIndent}, b13, run(b13, "Độc lập - Tự do - Hạnh phúc")),
		},
		[]string{
			para(center(120, 0), r13, run(r13, "Số: {so_ky_hieu}")),
			para(center(120, 0), i14, run(i14, "{dia_danh_ngay}")),
		})

	title := para(ps{jc: "center", before: 360, keepNext: true}, b14, run(b14, "{ten_loai}")) +
		para(ps{jc: "center", keepNext: true}, b14, run(b14, "{trich_yeu}")) +
		para(ps{jc: "center", line: ruleLine, exactLine: true, after: 240}, b14, ruleRun(b14, "{gach_trich_yeu}"))

	var main strings.Builder
	for _, p := range []string{
		para(body, r14, run(r14, "{can_cu}")),
		// What changed since the previous reporting date; nothing without one.
		para(body, r14, run(r14, "{#thay_doi}")),
		para(body, r14, run(r14, "{thay_doi}")),
		para(body, r14, run(r14, "{#hoan_thanh_them}")),
		para(body, r14, run(r14, "- {noi_dung}: {trang_thai}.")),
		para(body, r14, run(r14, "{/hoan_thanh_them}")),
		para(body, r14, run(r14, "{/thay_doi}")),
		para(body, r14, run(r14, "{#muc}")),
		para(heading, b14, run(b14, "{so}. {tieu_de}")),
		para(body, r14, run(r14, "{#khoi}")),
		para(body, r14, run(r14, "{#doan}")),
		para(body, r14, run(r14, "{doan}")),
		para(body, r14, run(r14, "{/doan}")),
		para(body, r14, run(r14, "{#y}")),
		para(body, r14, run(r14, "- {noi_dung}")),
		para(body, r14, run(r14, "{/y}")),
		para(body, r14, run(r14, "{/khoi}")),
		para(body, r14, run(r14, "{/muc}")),
		para(closing, r14, run(r14, "{ket_thuc}./.")),
	} {
		main.WriteString(p)
	}

	bi12 := rs{pt: 12, b: true, i: true}
	left := para(ps{}, bi12, run(bi12, "Nơi nhận:")) +
		para(recip, r11, run(r11, "{#noi_nhan}")) +
		para(recip, r11, run(r11, "- {ten};")) +
		para(recip, r11, run(r11, "{/noi_nhan}")) +
		para(recip, r11, run(r11, "- Lưu: {luu}."))
	right := para(center(0, 0), bc14, run(bc14, "{#ky_thay}")) +
		para(center(0, 0), bc14, run(bc14, "{ky_thay}")) +
		para(center(0, 0), bc14, run(bc14, "{/ky_thay}")) +
		para(ps{jc: "center"}, bc14, run(bc14, "{chuc_vu}"))
	for range 4 {
		right += para(center(0, 0), r14)
	}
	right += para(center(240, 0), b14, run(b14, "{nguoi_ky}"))
	// The space above the block is the cells' top margin, not a paragraph's: "Nơi nhận:" and
	// the first line on the right stay level whether or not {ky_thay} is shown.
	sign := borderless([]int{signLeftW, signRightW}, 240, []string{left, right})

	sect := `<w:sectPr><w:headerReference w:type="default" r:id="rIdHeaderDefault"/><w:headerReference w:type="first" r:id="rIdHeaderFirst"/>` +
		fmt.Sprintf(`<w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="%d" w:footer="%d" w:gutter="0"/>`,
			pageW, pageH, marginTop, marginRight, marginBottom, marginLeft, headerDist, headerDist) +
		`<w:cols w:space="720"/><w:titlePg/><w:docGrid w:linePitch="381"/></w:sectPr>`

	// A body must end in a paragraph; after the signature block it is 1 pt high, so that a block
	// ending at the page's foot does not push it onto a blank page of its own.
	end := para(ps{line: 20, exactLine: true}, rs{pt: 1})
	return xmlDecl + `<w:document ` + wNS + `><w:body>` + header + title + main.String() + sign +
		end + sect + `</w:body></w:document>`
}

func headerPart(withPage bool) string {
	r14 := rs{pt: 14}
	p := para(ps{style: "Header", jc: "center"}, r14)
	if withPage {
		p = para(ps{style: "Header", jc: "center"}, r14,
			`<w:r>`+r14.rPr()+`<w:fldChar w:fldCharType="begin"/></w:r>`,
			`<w:r>`+r14.rPr()+`<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>`,
			`<w:r>`+r14.rPr()+`<w:fldChar w:fldCharType="separate"/></w:r>`,
			run(r14, "2"),
			`<w:r>`+r14.rPr()+`<w:fldChar w:fldCharType="end"/></w:r>`)
	}
	return xmlDecl + `<w:hdr ` + wNS + `>` + p + `</w:hdr>`
}

func styles() string {
	fonts := `<w:rFonts w:ascii="` + font + `" w:hAnsi="` + font + `" w:eastAsia="` + font + `" w:cs="` + font + `"/>`
	return xmlDecl + `<w:styles ` + wNS + `>` +
		`<w:docDefaults><w:rPrDefault><w:rPr>` + fonts + `<w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
		`<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:rPr>` + fonts + `<w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>` +
		`<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>` +
		`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>` +
		`<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
		`<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>` +
		`<w:style w:type="paragraph" w:customStyle="1" w:styleId="BodyVB"><w:name w:val="Body VB"/><w:basedOn w:val="Normal"/><w:qFormat/>` +
		fmt.Sprintf(`<w:pPr><w:spacing w:before="120" w:after="120" w:line="288" w:lineRule="auto"/><w:ind w:firstLine="%d"/><w:jc w:val="both"/></w:pPr>`, firstLine) +
		`<w:rPr>` + fonts + `<w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>` +
		`<w:pPr><w:tabs><w:tab w:val="center" w:pos="4680"/><w:tab w:val="right" w:pos="9360"/></w:tabs><w:jc w:val="center"/></w:pPr>` +
		`<w:rPr>` + fonts + `<w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>` +
		`</w:styles>`
}

func settings() string {
	return xmlDecl + `<w:settings ` + wNS + `><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>` +
		`<w:characterSpacingControl w:val="doNotCompress"/>` +
		`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
		`</w:settings>`
}

func fontTable() string {
	return xmlDecl + `<w:fonts ` + wNS + `><w:font w:name="` + font + `"><w:panose1 w:val="02020603050405020304"/>` +
		`<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>`
}

func contentTypes() string {
	ct := "application/vnd.openxmlformats-officedocument.wordprocessingml."
	return xmlDecl + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/word/document.xml" ContentType="` + ct + `document.main+xml"/>` +
		`<Override PartName="/word/styles.xml" ContentType="` + ct + `styles+xml"/>` +
		`<Override PartName="/word/settings.xml" ContentType="` + ct + `settings+xml"/>` +
		`<Override PartName="/word/fontTable.xml" ContentType="` + ct + `fontTable+xml"/>` +
		`<Override PartName="/word/header1.xml" ContentType="` + ct + `header+xml"/>` +
		`<Override PartName="/word/header2.xml" ContentType="` + ct + `header+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
		`</Types>`
}

func rootRels() string {
	return xmlDecl + `<Relationships ` + relsNS + `>` +
		`<Relationship Id="rId1" Type="` + officeRelType + `officeDocument" Target="word/document.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
		`<Relationship Id="rId3" Type="` + officeRelType + `extended-properties" Target="docProps/app.xml"/>` +
		`</Relationships>`
}

func documentRels() string {
	return xmlDecl + `<Relationships ` + relsNS + `>` +
		`<Relationship Id="rIdStyles" Type="` + officeRelType + `styles" Target="styles.xml"/>` +
		`<Relationship Id="rIdSettings" Type="` + officeRelType + `settings" Target="settings.xml"/>` +
		`<Relationship Id="rIdFontTable" Type="` + officeRelType + `fontTable" Target="fontTable.xml"/>` +
		`<Relationship Id="rIdHeaderDefault" Type="` + officeRelType + `header" Target="header1.xml"/>` +
		`<Relationship Id="rIdHeaderFirst" Type="` + officeRelType + `header" Target="header2.xml"/>` +
		`</Relationships>`
}

func coreProps() string {
	return xmlDecl + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
		`xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>Báo cáo</dc:title><dc:creator>baocao</dc:creator><dc:language>vi-VN</dc:language></cp:coreProperties>`
}

func appProps() string {
	return xmlDecl + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" ` +
		`xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>baocao</Application></Properties>`
}

// build returns the .docx package.
func build() ([]byte, error) {
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes()},
		{"_rels/.rels", rootRels()},
		{"docProps/core.xml", coreProps()},
		{"docProps/app.xml", appProps()},
		{"word/document.xml", document()},
		{"word/styles.xml", styles()},
		{"word/settings.xml", settings()},
		{"word/fontTable.xml", fontTable()},
		{"word/header1.xml", headerPart(true)},
		{"word/header2.xml", headerPart(false)},
		{"word/_rels/document.xml.rels", documentRels()},
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, p := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, ModifiedDate: 1<<5 | 1})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.name, err)
		}
		if _, err := w.Write([]byte(p.body)); err != nil {
			return nil, fmt.Errorf("%s: %w", p.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func main() {
	out := flag.String("o", "bao-cao.docx", "where to write the template")
	flag.Parse()
	b, err := build()
	if err == nil {
		err = os.WriteFile(*out, b, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "mkdocx:", err)
		os.Exit(1)
	}
}
