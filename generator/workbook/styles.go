package workbook

import (
	"github.com/xuri/excelize/v2"
)

// scoreFormat shows scores and rates to the two places they are kept to.
const scoreFormat = "0.00"

// styles holds the style ids of the workbook, created in a fixed order so the styles part is
// the same on every run.
type styles struct {
	header     int
	text       int     // wrapped text, top-aligned
	textBold   int     // a field's id, the total's label
	name       [][]int // [depth][bold]: a criterion's name, indented by its depth
	number     int
	numberBold int
	title      int // the heading of the 1.2 derivation block
}

// maxIndent bounds the indentation: deeper nodes share the last level.
const maxIndent = 6

// indentStep is the indent levels per depth of the tree.
const indentStep = 2

// fontName is the decree's typeface; LibreOffice substitutes the metric-compatible Liberation
// Serif where Times New Roman is not installed.
const fontName = "Times New Roman"

// font is named and sized in every style: a style without them falls back to the viewer's
// default font, not the workbook's.
func font(bold bool) *excelize.Font {
	return &excelize.Font{Family: fontName, Size: 11, Bold: bold}
}

func newStyles(f *excelize.File) (*styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "808080", Style: 1},
		{Type: "top", Color: "808080", Style: 1},
		{Type: "right", Color: "808080", Style: 1},
		{Type: "bottom", Color: "808080", Style: 1},
	}
	format := scoreFormat
	regular, bold := font(false), font(true)
	var err error
	st := &styles{}
	mk := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(s)
		return id
	}
	st.header = mk(&excelize.Style{
		Font:      bold,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Border:    border,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
	})
	st.text = mk(&excelize.Style{Font: regular, Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	st.textBold = mk(&excelize.Style{Font: bold, Border: border,
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	for depth := 0; depth <= maxIndent; depth++ {
		var pair []int
		for _, f := range []*excelize.Font{regular, bold} {
			// LibreOffice indents only text aligned left explicitly.
			pair = append(pair, mk(&excelize.Style{Font: f, Border: border, Alignment: &excelize.Alignment{
				Horizontal: "left", Vertical: "top", WrapText: true, Indent: depth * indentStep}}))
		}
		st.name = append(st.name, pair)
	}
	st.number = mk(&excelize.Style{Font: regular, Border: border, CustomNumFmt: &format,
		Alignment: &excelize.Alignment{Vertical: "top"}})
	st.numberBold = mk(&excelize.Style{Font: bold, Border: border, CustomNumFmt: &format,
		Alignment: &excelize.Alignment{Vertical: "top"}})
	st.title = mk(&excelize.Style{Font: bold})
	return st, err
}

// nameStyle is the style of a node's name at the given depth; fields are bold.
func (st *styles) nameStyle(depth int) int {
	bold := 0
	if depth == 0 {
		bold = 1
	}
	return st.name[min(depth, maxIndent)][bold]
}
