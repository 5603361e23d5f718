package workbook

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/decimal"
	"github.com/baocao-vn/baocao/generator/score"
)

// Columns of the score sheet.
const (
	colID     = "A"
	colName   = "B"
	colMax    = "C"
	colStated = "D"
	colScore  = "E"
	colDiff   = "F"
	colLost   = "G"
	colRate   = "H"
	colHow    = "I"
)

// The derivation block puts its label in the name column and its figure in the maximum column.
const (
	colLabel = colName
	colValue = colMax
	colNote  = colHow
)

var scoreHeaders = []string{"Mã", "Tiêu chí", "Điểm tối đa", "Điểm công bố", "Điểm tính lại",
	"Chênh lệch", "Bị trừ", "Tỷ lệ %", "Cách tính"}

func cell(col string, r int) string { return col + strconv.Itoa(r) }

// num is a constant figure.
func num(style int, d decimal.Dec) excelize.Cell {
	return excelize.Cell{StyleID: style, Value: d.Float64()}
}

// formula is a derived figure with the engine's result as its cached value.
func formula(style int, f string, cached decimal.Dec) excelize.Cell {
	return excelize.Cell{StyleID: style, Formula: f, Value: cached.Float64()}
}

func blank(style int) excelize.Cell { return excelize.Cell{StyleID: style} }

func str(style int, s string) excelize.Cell {
	if s == "" {
		return blank(style)
	}
	s, _ = clip(text(s))
	return excelize.Cell{StyleID: style, Value: s}
}

// sum is a SUM over the given rows of one column, consecutive rows as ranges. Arguments go in
// groups well under Excel's limit of 255 per function.
func sum(col string, rows []int) string {
	var refs []string
	for i := 0; i < len(rows); {
		j := i
		for j+1 < len(rows) && rows[j+1] == rows[j]+1 {
			j++
		}
		if j > i {
			refs = append(refs, cell(col, rows[i])+":"+cell(col, rows[j]))
		} else {
			refs = append(refs, cell(col, rows[i]))
		}
		i = j + 1
	}
	if len(refs) == 0 {
		return "0"
	}
	const group = 100
	if len(refs) <= group {
		return "SUM(" + strings.Join(refs, ",") + ")"
	}
	var parts []string
	for i := 0; i < len(refs); i += group {
		parts = append(parts, "SUM("+strings.Join(refs[i:min(i+group, len(refs))], ",")+")")
	}
	return "SUM(" + strings.Join(parts, ",") + ")"
}

func writeScores(sw *excelize.StreamWriter, st *styles, lay *layout, res *score.Result) error {
	// The header, node and total rows, and the derivation block's three cells a row.
	cells, texts := (len(lay.rows)+2)*len(scoreHeaders)+9*3, 0
	for _, r := range lay.rows {
		texts += len(r.n.ID) + len(r.n.Name) + len(r.n.Arithmetic)
	}
	sw.Grow(cells*cellBytes + texts + sheetExtraBytes)
	widths := scoreWidths(lay, res)
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := header(sw, st, scoreHeaders, widths); err != nil {
		return err
	}
	for _, r := range lay.rows {
		cells := nodeRow(st, lay, res, r)
		h := max(lines(r.n.Name, widths[1]-indent(r.depth)), lines(r.n.Arithmetic, widths[8]))
		if err := sw.SetRow(cell(colID, r.at), cells, excelize.RowOpts{Height: rowHeight(h)}); err != nil {
			return fmt.Errorf("row %d (tiêu chí %s): %w", r.at, r.n.ID, err)
		}
	}
	if err := totalRow(sw, st, lay, res); err != nil {
		return fmt.Errorf("row %d: %w", lay.total, err)
	}
	if lay.block.title != 0 {
		if err := completionBlock(sw, st, lay, res, widths); err != nil {
			return fmt.Errorf("row %d: %w", lay.block.title, err)
		}
	}
	return sw.Flush()
}

// cellBytes is about what a cell's XML takes beside its text (tags, reference, style, formula
// and cached value), and sheetExtraBytes what a sheet's views, columns and headers take, so
// that a sheet's stream buffer is sized once (StreamWriter.Grow) rather than doubled to its
// size, which allocates about twice what it holds: the sample's sheets need 15 and 17 KB,
// estimated about 19 and 18.
const (
	cellBytes       = 56
	sheetExtraBytes = 2 << 10
)

func frozenHeader() *excelize.Panes {
	return &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}
}

// header writes the bold header row, tall enough for its wrapped titles.
func header(sw *excelize.StreamWriter, st *styles, titles []string, widths []float64) error {
	cells := make([]any, len(titles))
	h := 1
	for i, t := range titles {
		cells[i] = str(st.header, t)
		h = max(h, lines(t, widths[i]))
	}
	return sw.SetRow("A1", cells, excelize.RowOpts{Height: rowHeight(h)})
}

// indent is the room a node's indentation takes from the name column.
func indent(depth int) float64 { return indentWidth * float64(indentStep*min(depth, maxIndent)) }

func scoreWidths(lay *layout, res *score.Result) []float64 {
	var ids, names, hows []string
	for _, r := range lay.rows {
		ids = append(ids, r.n.ID)
		// Indentation takes room from the name column.
		names = append(names, strings.Repeat(" ", int(math.Ceil(indent(r.depth))))+r.n.Name)
		hows = append(hows, r.n.Arithmetic)
	}
	if cp := res.Completion; cp != nil {
		hows = append(hows, completionNotes(res)...)
	}
	w := []float64{
		fitWidth(scoreHeaders[0], ids, 6, 14),
		fitWidth(scoreHeaders[1], names, 30, 60),
	}
	for _, h := range scoreHeaders[2:8] {
		w = append(w, fitWidth(h, nil, 10, 12))
	}
	return append(w, fitWidth(scoreHeaders[8], hows, 20, 55))
}

// nodeRow is one node: its figures, each derived one a formula over the cells it comes from.
func nodeRow(st *styles, lay *layout, res *score.Result, r *row) []any {
	n, at := r.n, r.at
	idStyle, numStyle := st.text, st.number
	if r.depth == 0 {
		idStyle, numStyle = st.textBold, st.numberBold
	}
	maxRef, scoreRef := cell(colMax, at), cell(colScore, at)
	out := []any{str(idStyle, n.ID), str(st.nameStyle(r.depth), n.Name), num(numStyle, n.Max),
		blank(numStyle), scoreCell(numStyle, lay, res, r), blank(numStyle),
		formula(numStyle, maxRef+"-"+scoreRef, n.Lost()), rateCell(numStyle, lay, res, n),
		str(st.text, n.Arithmetic)}
	if n.Stated != nil {
		out[3] = num(numStyle, *n.Stated)
		out[5] = formula(numStyle, cell(colStated, at)+"-"+scoreRef, n.Stated.Sub(n.Score))
	}
	return out
}

// scoreCell is the recomputed score: the maximum less what the children lost, the 1.2
// derivation's result, rate × maximum, or the figure the engine took as given.
func scoreCell(style int, lay *layout, res *score.Result, r *row) excelize.Cell {
	n, at := r.n, r.at
	switch {
	case len(n.Children) > 0:
		rows := make([]int, len(n.Children))
		for i, ch := range n.Children {
			rows[i] = lay.rowOf[ch].at
		}
		return formula(style, cell(colMax, at)+"-"+sum(colLost, rows), n.Score)
	case isCompletion(res, n) && lay.block.score != 0:
		return formula(style, cell(colValue, lay.block.score), n.Score)
	case ruleKind(n) == dataset.RuleProportional && n.Rate != nil:
		return formula(style, fmt.Sprintf("ROUND(%s*%s/100,2)", cell(colRate, at), cell(colMax, at)), n.Score)
	}
	return num(style, n.Score)
}

// rateCell is the rate a rule used: the derivation's for 1.2, count × 100 / total when the
// dataset gives counts, else the rate as stated.
func rateCell(style int, lay *layout, res *score.Result, n *score.Node) excelize.Cell {
	if n.Rate == nil {
		return blank(style)
	}
	if isCompletion(res, n) && lay.block.rate != 0 {
		return formula(style, cell(colValue, lay.block.rate), *n.Rate)
	}
	if rule := n.Source.Rule; rule != nil && rule.Count != nil && rule.Total != nil {
		return formula(style, fmt.Sprintf("%d*100/%d", *rule.Count, *rule.Total), *n.Rate)
	}
	return num(style, *n.Rate)
}

func ruleKind(n *score.Node) string {
	if n.Source == nil || n.Source.Rule == nil || n.Source.Rule.Kind == "" {
		return dataset.RuleStated
	}
	return n.Source.Rule.Kind
}

// fieldRows are the rows of the fields the total and criterion 1.2 count.
func fieldRows(lay *layout, res *score.Result) []int {
	var rows []int
	for _, f := range res.Fields {
		if res.Counts(f) {
			rows = append(rows, lay.rowOf[f].at)
		}
	}
	return rows
}

func totalRow(sw *excelize.StreamWriter, st *styles, lay *layout, res *score.Result) error {
	rows := fieldRows(lay, res)
	tmax, tscore := res.Total()
	at := lay.total
	cells := []any{blank(st.textBold), str(st.textBold, "Cộng lĩnh vực "+res.CountedLabel()),
		formula(st.numberBold, sum(colMax, rows), tmax), blank(st.numberBold),
		formula(st.numberBold, sum(colScore, rows), tscore), blank(st.numberBold),
		formula(st.numberBold, sum(colLost, rows), tmax.Sub(tscore)), blank(st.numberBold), blank(st.text)}
	return sw.SetRow(cell(colID, at), cells)
}

// completionNotes are the engine's own arithmetic for the derivation block, beside its
// formulas, in the order of the block's figures after its title.
func completionNotes(res *score.Result) []string {
	cp := res.Completion
	n := cp.Node
	return []string{
		"Tổng điểm tối đa các lĩnh vực " + res.CountedLabel(),
		"Điểm tối đa của tiêu chí " + n.ID,
		fmt.Sprintf("%s − %s = %s", score.Points(cp.MaxAll), score.Points(n.Max), score.Points(cp.AtStake)),
		"Tổng điểm bị trừ ở mọi tiêu chí khác của lĩnh vực " + res.CountedLabel(),
		fmt.Sprintf("%s − %s = %s", score.Points(cp.AtStake), score.Points(cp.LostElse), score.Points(cp.Obtained)),
		fmt.Sprintf("(%s*100)/%s = %s%%", score.Points(cp.Obtained), score.Points(cp.AtStake), score.Percent(cp.Rate)),
		n.Arithmetic,
	}
}

// completionBlock derives criterion 1.2 from every other criterion of the counted fields. Its "lost
// elsewhere" figure sums the leaves' lost points, 1.2's own excepted, so 1.2's score can refer
// to the block without a circular reference.
func completionBlock(sw *excelize.StreamWriter, st *styles, lay *layout, res *score.Result, widths []float64) error {
	cp, b := res.Completion, lay.block
	n := cp.Node
	own := lay.rowOf[n].at
	var leaves []int
	for _, r := range lay.rows {
		if len(r.n.Children) == 0 && res.Counts(r.field) && r.n != n {
			leaves = append(leaves, r.at)
		}
	}
	v := func(r int) string { return cell(colValue, r) }
	title := "Cách tính điểm tiêu chí " + n.ID + ": " + n.Name
	if n.Source != nil && n.Source.Rule != nil && n.Source.Rule.Description != "" {
		title += " (" + n.Source.Rule.Description + ")"
	}
	notes := completionNotes(res)
	// The factor of (rate × factor)/100: 1.2's maximum, or the rule's own factor.
	factorRef := v(b.maxOwn)
	if f := n.Source.Rule.Factor; f != nil {
		factorRef = f.String()
	}
	figures := []struct {
		at      int
		label   string
		formula string
		value   decimal.Dec
	}{
		{b.maxAll, "Tổng điểm tối đa lĩnh vực " + res.CountedLabel(), cell(colMax, lay.total), cp.MaxAll},
		{b.maxOwn, "Điểm tối đa tiêu chí " + n.ID, cell(colMax, own), n.Max},
		{b.atStake, "Điểm tối đa tính tỷ lệ (trừ tiêu chí " + n.ID + ")", v(b.maxAll) + "-" + v(b.maxOwn), cp.AtStake},
		{b.lostElse, "Điểm bị trừ ở các tiêu chí khác", sum(colLost, leaves), cp.LostElse},
		{b.obtained, "Điểm đạt (trừ tiêu chí " + n.ID + ")", v(b.atStake) + "-" + v(b.lostElse), cp.Obtained},
		{b.rate, "Tỷ lệ hoàn thành %", v(b.obtained) + "*100/" + v(b.atStake), cp.Rate},
		{b.score, "Điểm tiêu chí " + n.ID, fmt.Sprintf("ROUND(%s*%s/100,2)", v(b.rate), factorRef), n.Score},
	}
	if err := sw.SetRow(cell(colLabel, b.title), []any{str(st.title, title)}); err != nil {
		return err
	}
	for i, fig := range figures {
		h := max(lines(fig.label, widths[1]), lines(notes[i], widths[8]))
		cells := []any{str(st.text, fig.label), formula(st.number, fig.formula, fig.value)}
		// The note goes in the arithmetic column, past the empty score columns.
		for c := colValue[0] + 1; c < colNote[0]; c++ {
			cells = append(cells, nil)
		}
		cells = append(cells, str(st.text, notes[i]))
		if err := sw.SetRow(cell(colLabel, fig.at), cells, excelize.RowOpts{Height: rowHeight(h)}); err != nil {
			return fmt.Errorf("row %d: %w", fig.at, err)
		}
	}
	return nil
}
