// Package templates embeds the Word templates the report is filled into.
package templates

import _ "embed"

//go:generate go run ./internal/mkdocx -o bao-cao.docx
//go:generate go run ./internal/mkparsed -dir .

// BaoCao is the template of the report (BÁO CÁO): A4 portrait, Times New Roman, laid out per
// Decree 30/2020/NĐ-CP, with the tags package docxtpl fills (see internal/mkdocx for the keys).
//
//go:embed bao-cao.docx
var BaoCao []byte

// BaoCaoParsed is BaoCao as package docxtpl parses it, written at build time by go generate
// (internal/mkparsed) and read by docxtpl.Load: a render does not parse the template again.
//
//go:embed bao-cao.parsed
var BaoCaoParsed string

// Geometry of the embedded template that the report's data depends on: the rules under the
// issuing body and under the subject are drawn to a length measured against the text above
// them, so the renderer needs the width those lines are set in and their size. Lengths in
// twentieths of a point (twips), sizes in points; internal/mkdocx builds the template from them.
const (
	// TextWidth is the width of the text block: A4 less margins of 30 mm (left) and 15 mm (right).
	TextWidth = 11906 - 1701 - 850
	// HeadLeftWidth is the header's left column (parent body, issuing body, number): 40 %.
	HeadLeftWidth = 3742
	// IssuingBodySize is the size of the issuing body's name (bold, upper case) and its rule.
	IssuingBodySize = 13
	// SubjectSize is the size of the subject (trích yếu, bold) and its rule.
	SubjectSize = 14
)

// Starter is the commented dataset "baocao init" writes for a clerk to fill: a text/template
// whose fields are the reporting date (see package generator/starter).
//
//go:embed khoi-tao.toml
var Starter string
