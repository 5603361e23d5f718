package workbook

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/baocao-vn/baocao/generator/dataset"
)

// appendixHeaders are the appendix sheet's titles; the deadline's names the plan when the
// dataset gives one.
func appendixHeaders(ds *dataset.Dataset) []string {
	deadline := "Thời hạn hoàn thành"
	if p := strings.TrimSpace(ds.Appendix.Plan); p != "" {
		deadline += " (theo " + p + ")"
	}
	return []string{"Lĩnh vực", "Mã tiêu chí", "Tiêu chí bị trừ điểm", "Điểm đạt", "Điểm tối đa",
		"Lý do bị trừ điểm", "Giải pháp khắc phục", deadline, "Tiến độ thực hiện", "Ghi chú"}
}

// Bounds of the appendix columns' widths, in the order of appendixHeaders.
var appendixBounds = [][2]float64{{9, 10}, {9, 12}, {25, 45}, {9, 10}, {9, 10}, {25, 50}, {25, 50},
	{14, 20}, {25, 45}, {10, 30}}

// lostLeaves are the appendix rows: the leaves that lost points, in tree order.
func lostLeaves(lay *layout) []*row {
	var out []*row
	for _, r := range lay.rows {
		if len(r.n.Children) == 0 && r.n.LostPoints() {
			out = append(out, r)
		}
	}
	return out
}

// appendixTexts are the text columns of one appendix row, nil for the figures.
func appendixTexts(r *row) []string {
	n := r.n
	var src dataset.Criterion
	if n.Source != nil {
		src = *n.Source
	}
	return []string{r.field.ID, n.ID, n.Name, "", "", n.Reason, src.Remedy, src.Deadline, strings.Join(src.State.Column(src.Progress), "\n"), src.Note}
}

func writeAppendix(sw *excelize.StreamWriter, st *styles, lay *layout, ds *dataset.Dataset) error {
	titles := appendixHeaders(ds)
	rows := lostLeaves(lay)
	texts := make([][]string, len(rows))
	size := (len(rows)+1)*len(titles)*cellBytes + sheetExtraBytes
	for i, r := range rows {
		texts[i] = appendixTexts(r)
		for _, t := range texts[i] {
			size += len(t)
		}
	}
	sw.Grow(size)
	widths := make([]float64, len(titles))
	col := make([]string, len(rows))
	for i := range titles {
		for j := range rows {
			col[j] = texts[j][i]
		}
		widths[i] = fitWidth(titles[i], col, appendixBounds[i][0], appendixBounds[i][1])
		if err := sw.SetColWidth(i+1, i+1, widths[i]); err != nil {
			return err
		}
	}
	if err := header(sw, st, titles, widths); err != nil {
		return err
	}
	// The figures refer to the score sheet, so the appendix follows any correction made there.
	ref := func(col string, r int) string { return fmt.Sprintf("'%s'!%s", ScoresSheet, cell(col, r)) }
	for i, r := range rows {
		cells := make([]any, len(texts[i]))
		h := 1
		for c, t := range texts[i] {
			cells[c] = str(st.text, t)
			h = max(h, lines(t, widths[c]))
		}
		cells[3] = formula(st.number, ref(colScore, r.at), r.n.Score)
		cells[4] = formula(st.number, ref(colMax, r.at), r.n.Max)
		at := firstRow + i
		if err := sw.SetRow(cell("A", at), cells, excelize.RowOpts{Height: rowHeight(h)}); err != nil {
			return fmt.Errorf("row %d (tiêu chí %s): %w", at, r.n.ID, err)
		}
	}
	return sw.Flush()
}
