// Package templates embeds the Word templates the report is filled into.
package templates

import _ "embed"

//go:generate go run ./internal/mkdocx -o bao-cao.docx

// BaoCao is the template of the report (BÁO CÁO): A4 portrait, Times New Roman, laid out per
// Decree 30/2020/NĐ-CP, with the tags package docxtpl fills (see internal/mkdocx for the keys).
//
//go:embed bao-cao.docx
var BaoCao []byte
