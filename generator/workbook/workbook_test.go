package workbook

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/decimal"
	"github.com/baocao-vn/baocao/generator/score"
	"github.com/baocao-vn/baocao/internal/testtool"
)

const samplePath = "../../samples/2022-09-14.toml"

func write(t testing.TB, ds *dataset.Dataset, res *score.Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, ds, res); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

// TestRenderIsWrite: Render returns the bytes Write writes; both refuse a missing dataset.
func TestRenderIsWrite(t *testing.T) {
	ds, res := sample(t)
	got, err := Render(ds, res)
	if err != nil {
		t.Fatal(err)
	}
	if want := write(t, ds, res); !bytes.Equal(got, want) {
		t.Errorf("Render gives %d bytes, Write %d, not the same", len(got), len(want))
	}
	if _, err := Render(nil, res); err == nil {
		t.Error("Render without a dataset did not fail")
	}
}

// sample loads the real seed dataset the way the command does: load, validate, score.
func sample(t testing.TB) (*dataset.Dataset, *score.Result) {
	t.Helper()
	ds, err := dataset.Load(samplePath)
	if err != nil {
		t.Fatalf("dataset.Load: %v", err)
	}
	res, err := score.Compute(ds)
	if err != nil {
		t.Fatalf("score.Compute: %v", err)
	}
	return ds, res
}

// shown is a figure as the sheet's "0.00" format shows it.
func shown(d decimal.Dec) string { return d.Fixed(2, '.') }

// asShown reads a figure from LibreOffice's CSV in whichever decimal separator its locale uses.
func asShown(s string) string { return strings.ReplaceAll(s, ",", ".") }

// walk visits the tree in the order the sheet lists it.
func walk(res *score.Result, visit func(n *score.Node, depth int)) {
	var rec func(n *score.Node, depth int)
	rec = func(n *score.Node, depth int) {
		visit(n, depth)
		for _, ch := range n.Children {
			rec(ch, depth+1)
		}
	}
	for _, f := range res.Fields {
		rec(f, 0)
	}
}

// byLabel finds the rows of a CSV sheet by the text in a column.
func byLabel(rows [][]string, col int) map[string][]string {
	m := map[string][]string{}
	for _, r := range rows {
		if col < len(r) && r[col] != "" {
			m[r[col]] = r
		}
	}
	return m
}

func at(r []string, col int) string {
	if col < len(r) {
		return r[col]
	}
	return ""
}

// matchesEngine checks that the figures LibreOffice computed from the formulas are the
// engine's, cell by cell: both sheets, the total and the derivation of criterion 1.2.
// With texts false the engine's prose (arithmetic, reasons) is not compared: a correction made
// in the workbook changes the figures but not the text the engine wrote beside them.
func matchesEngine(t *testing.T, sheets map[string][][]string, res *score.Result, texts bool) {
	t.Helper()
	rows := sheets[ScoresSheet]
	if len(rows) == 0 || strings.Join(rows[0], "|") != strings.Join(scoreHeaders, "|") {
		t.Fatalf("score sheet header = %q", rows[0])
	}
	check := func(where, got, want string) {
		t.Helper()
		if asShown(got) != want {
			t.Errorf("%s = %q, want %q", where, got, want)
		}
	}
	i := 1
	walk(res, func(n *score.Node, depth int) {
		r := rows[i]
		i++
		if r[0] != n.ID || r[1] != n.Name {
			t.Errorf("row %d = %q %q, want node %s %q in tree order", i, r[0], r[1], n.ID, n.Name)
			return
		}
		check(n.ID+" Điểm tối đa", at(r, 2), shown(n.Max))
		check(n.ID+" Điểm tính lại", at(r, 4), shown(n.Score))
		check(n.ID+" Bị trừ", at(r, 6), shown(n.Lost()))
		if n.Stated != nil {
			check(n.ID+" Điểm công bố", at(r, 3), shown(*n.Stated))
			check(n.ID+" Chênh lệch", at(r, 5), shown(n.Stated.Sub(n.Score)))
		} else {
			check(n.ID+" Điểm công bố", at(r, 3), "")
			check(n.ID+" Chênh lệch", at(r, 5), "")
		}
		if n.Rate != nil {
			check(n.ID+" Tỷ lệ %", at(r, 7), shown(*n.Rate))
		}
		if texts && at(r, 8) != n.Arithmetic {
			t.Errorf("%s Cách tính = %q, want %q", n.ID, at(r, 8), n.Arithmetic)
		}
	})
	labels := byLabel(rows, 1)
	tmax, tscore := res.Total()
	total := labels["Cộng lĩnh vực 1–7"]
	check("Cộng Điểm tối đa", at(total, 2), shown(tmax))
	check("Cộng Điểm tính lại", at(total, 4), shown(tscore))
	check("Cộng Bị trừ", at(total, 6), shown(tmax.Sub(tscore)))
	if cp := res.Completion; cp != nil {
		id := cp.Node.ID
		for label, want := range map[string]decimal.Dec{
			"Tổng điểm tối đa lĩnh vực 1–7":                    cp.MaxAll,
			"Điểm tối đa tiêu chí " + id:                       cp.Node.Max,
			"Điểm tối đa tính tỷ lệ (trừ tiêu chí " + id + ")": cp.AtStake,
			"Điểm bị trừ ở các tiêu chí khác":                  cp.LostElse,
			"Điểm đạt (trừ tiêu chí " + id + ")":               cp.Obtained,
			"Tỷ lệ hoàn thành %":                               cp.Rate,
			"Điểm tiêu chí " + id:                              cp.Node.Score,
		} {
			r, ok := labels[label]
			if !ok {
				t.Errorf("derivation of %s: no row %q", id, label)
				continue
			}
			check(label, at(r, 2), shown(want))
		}
	}

	app := sheets[AppendixSheet]
	var lost []*score.Node
	fieldOf := map[*score.Node]string{}
	for _, f := range res.Fields {
		var rec func(n *score.Node)
		rec = func(n *score.Node) {
			fieldOf[n] = f.ID
			if len(n.Children) == 0 && n.LostPoints() {
				lost = append(lost, n)
			}
			for _, ch := range n.Children {
				rec(ch)
			}
		}
		rec(f)
	}
	if len(app) != len(lost)+1 {
		t.Fatalf("appendix sheet has %d rows, want a header and %d criteria that lost points", len(app), len(lost))
	}
	for i, n := range lost {
		r := app[i+1]
		if at(r, 0) != fieldOf[n] || at(r, 1) != n.ID || at(r, 2) != n.Name {
			t.Errorf("appendix row %d = %q, want field %s criterion %s", i+2, r[:3], fieldOf[n], n.ID)
		}
		check("appendix "+n.ID+" Điểm đạt", at(r, 3), shown(n.Score))
		check("appendix "+n.ID+" Điểm tối đa", at(r, 4), shown(n.Max))
		if texts && at(r, 5) != n.Reason {
			t.Errorf("appendix %s reason = %q, want %q", n.ID, at(r, 5), n.Reason)
		}
		src := n.Source
		for col, want := range map[int]string{6: src.Remedy, 7: src.Deadline, 8: strings.Join(src.State.Column(src.Progress), "\n"), 9: src.Note} {
			if at(r, col) != want {
				t.Errorf("appendix %s column %d = %q, want %q", n.ID, col+1, at(r, col), want)
			}
		}
	}
}

// seedFigures are the figures of the seed report's appendix (scoring.md), as LibreOffice must
// show them after recomputing the workbook.
func seedFigures(t *testing.T, sheets map[string][][]string) {
	t.Helper()
	rows := byLabel(sheets[ScoresSheet], 0)
	for id, want := range map[string]string{"1.2": "1.39", "1": "9.03", "2": "9.50", "4": "9.00",
		"6": "8.00", "7.1": "7.78", "7.2": "4.75"} {
		if got := asShown(at(rows[id], 4)); got != want {
			t.Errorf("criterion %s: LibreOffice computes %q, the seed says %s", id, got, want)
		}
	}
	if got := asShown(at(rows["1.2"], 7)); got != "92.89" {
		t.Errorf("criterion 1.2: rate %q, want 92.89", got)
	}
	if got := asShown(at(byLabel(sheets[ScoresSheet], 1)["Tỷ lệ hoàn thành %"], 2)); got != "92.89" {
		t.Errorf("derivation block: rate %q, want 92.89", got)
	}
}

// TestLibreOfficeRecomputes opens the workbook in LibreOffice and checks every figure it
// computes from the formulas against the engine's. The spoiled variant holds wrong cached
// results, so it passes only if LibreOffice really recalculated.
func TestLibreOfficeRecomputes(t *testing.T) {
	ds, res := seed(t)
	xlsx := write(t, ds, res)
	// The survey (field 8) counts neither in the total of fields 1–7 nor in criterion 1.2.
	survey := seedDataset()
	s81 := dataset.Criterion{ID: "8.1", Name: "Mức độ hài lòng của người dân", Max: decimal.MustParse("20"),
		Score: ptr(decimal.MustParse("17.25")), Reason: "Khảo sát xã hội học."}
	survey.Fields = append(survey.Fields, dataset.Criterion{ID: "8", Name: "Khảo sát", Max: decimal.MustParse("20"),
		Criteria: []dataset.Criterion{s81}})
	surveyRes, err := score.Compute(survey)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		file   []byte
		res    *score.Result
		recalc bool
	}{
		{"as written, LibreOffice defaults", xlsx, res, cachedResults},
		{"as written, recalculated", xlsx, res, recalcAlways},
		{"cached results spoiled, recalculated", spoilCache(t, xlsx), res, recalcAlways},
		{"with field 8, cached results spoiled", spoilCache(t, write(t, survey, surveyRes)), surveyRes, recalcAlways},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sheets := recalculated(t, tc.file, tc.recalc)
			matchesEngine(t, sheets, tc.res, true)
			seedFigures(t, sheets)
		})
	}
}

func ptr[T any](v T) *T { return &v }

// TestSample renders the real sample through the loader and checks it as above.
func TestSample(t *testing.T) {
	ds, res := sample(t)
	sheets := recalculated(t, spoilCache(t, write(t, ds, res)), recalcAlways)
	matchesEngine(t, sheets, res, true)
	seedFigures(t, sheets)
}

// TestCorrectionPropagates plays a reviewer who corrects one appraised score in the workbook:
// every figure that depends on it (its field, the total, criterion 1.2 and the appendix) must
// follow, and agree with the engine run on the corrected dataset.
func TestCorrectionPropagates(t *testing.T) {
	ds, res := seed(t)
	f, err := excelize.OpenReader(bytes.NewReader(write(t, ds, res)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	row := rowOf(t, f, "1.7")
	for _, col := range []string{colStated, colScore} {
		if err := f.SetCellFloat(ScoresSheet, cell(col, row), 1.0, 2, 64); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}

	corrected := seedDataset()
	one := decimal.MustParse("1.00")
	corrected.Fields[0].Criteria[3].Score = &one // 1.7
	want, err := score.Compute(corrected)
	if err != nil {
		t.Fatal(err)
	}
	if want.Node("1.2").Score.Equal(res.Node("1.2").Score) {
		t.Fatal("the correction must change criterion 1.2 for this test to mean anything")
	}
	matchesEngine(t, recalculated(t, buf.Bytes(), recalcAlways), want, false)
}

// rowOf finds the row of a criterion on the score sheet by its id.
func rowOf(t *testing.T, f *excelize.File, id string) int {
	t.Helper()
	rows, err := f.GetRows(ScoresSheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 0 && r[0] == id {
			return i + 1
		}
	}
	t.Fatalf("no row for criterion %s", id)
	return 0
}

var rangeRef = regexp.MustCompile(`([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?`)

// refersTo reports whether a formula refers to the cell, directly or inside a range.
func refersTo(formula, col string, row int) bool {
	for _, m := range rangeRef.FindAllStringSubmatch(formula, -1) {
		from, _ := strconv.Atoi(m[2])
		to := from
		if m[3] != "" {
			to, _ = strconv.Atoi(m[4])
		}
		if m[1] == col && from <= row && row <= to {
			return true
		}
	}
	return false
}

// TestReadBack reopens the workbook as a program would and checks what a reviewer relies on:
// derived cells are formulas, given figures are not, the header is bold and frozen, scores
// show two places, names wrap and indent with depth.
func TestReadBack(t *testing.T) {
	ds, res := seed(t)
	f, err := excelize.OpenReader(bytes.NewReader(write(t, ds, res)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); strings.Join(got, "|") != ScoresSheet+"|"+AppendixSheet {
		t.Fatalf("sheets = %q", got)
	}
	style := func(sheet, ref string) *excelize.Style {
		t.Helper()
		id, err := f.GetCellStyle(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		s, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	formulaOf := func(ref string) string {
		t.Helper()
		s, err := f.GetCellFormula(ScoresSheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}

	for _, sheet := range []string{ScoresSheet, AppendixSheet} {
		cols, err := f.GetCols(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for c := range cols {
			ref, _ := excelize.CoordinatesToCellName(c+1, 1)
			if s := style(sheet, ref); s.Font == nil || !s.Font.Bold {
				t.Errorf("%s!%s: header not bold", sheet, ref)
			}
		}
		p, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Freeze || p.YSplit != 1 || p.TopLeftCell != "A2" {
			t.Errorf("%s: panes = %+v, want the header row frozen", sheet, p)
		}
	}

	completion := res.Completion.Node
	row := 1
	var blockScore, blockRate, lostElse int
	rows, _ := f.GetRows(ScoresSheet)
	for i, r := range rows {
		switch at(r, 1) {
		case "Điểm tiêu chí " + completion.ID:
			blockScore = i + 1
		case "Tỷ lệ hoàn thành %":
			blockRate = i + 1
		case "Điểm bị trừ ở các tiêu chí khác":
			lostElse = i + 1
		}
	}
	if blockScore == 0 || blockRate == 0 || lostElse == 0 {
		t.Fatalf("derivation block incomplete: rows %d, %d, %d", blockScore, blockRate, lostElse)
	}
	rowOfNode := map[*score.Node]int{}
	walk(res, func(n *score.Node, _ int) { rowOfNode[n] = firstRow + len(rowOfNode) })
	prevIndent := map[int]int{}
	walk(res, func(n *score.Node, depth int) {
		row++
		kind := ruleKindOf(n)
		derived := len(n.Children) > 0 || n == completion || kind == dataset.RuleProportional
		got := formulaOf(cell(colScore, row))
		if derived != (got != "") {
			t.Errorf("%s (%s): score formula %q, derived = %v", n.ID, kind, got, derived)
		}
		for _, ch := range n.Children {
			if !refersTo(got, colLost, rowOfNode[ch]) {
				t.Errorf("%s: score %q does not count the points %s lost (G%d)", n.ID, got, ch.ID, rowOfNode[ch])
			}
		}
		if formulaOf(cell(colLost, row)) != fmt.Sprintf("C%d-E%d", row, row) {
			t.Errorf("%s: Bị trừ = %q", n.ID, formulaOf(cell(colLost, row)))
		}
		if (n.Stated != nil) != (formulaOf(cell(colDiff, row)) != "") {
			t.Errorf("%s: Chênh lệch formula %q with stated %v", n.ID, formulaOf(cell(colDiff, row)), n.Stated)
		}
		if n == completion {
			if !refersTo(got, colValue, blockScore) || !refersTo(formulaOf(cell(colRate, row)), colValue, blockRate) {
				t.Errorf("%s: score %q / rate %q do not refer to the derivation block", n.ID, got, formulaOf(cell(colRate, row)))
			}
			if refersTo(formulaOf(cell(colValue, lostElse)), colLost, row) {
				t.Errorf("lost elsewhere %q counts %s itself: circular", formulaOf(cell(colValue, lostElse)), n.ID)
			}
		}
		s := style(ScoresSheet, cell(colName, row))
		if s.Alignment == nil || !s.Alignment.WrapText {
			t.Errorf("%s: name does not wrap", n.ID)
		} else if ind := s.Alignment.Indent; depth > 0 && ind <= prevIndent[depth-1] {
			t.Errorf("%s: indent %d at depth %d, not deeper than its parent's %d", n.ID, ind, depth, prevIndent[depth-1])
		} else {
			prevIndent[depth] = ind
		}
		if s := style(ScoresSheet, cell(colScore, row)); s.CustomNumFmt == nil || *s.CustomNumFmt != scoreFormat {
			t.Errorf("%s: score cell format %v, want %q", n.ID, s.CustomNumFmt, scoreFormat)
		}
	})
	for r := lostElse - 3; r <= blockScore; r++ {
		if formulaOf(cell(colValue, r)) == "" {
			t.Errorf("derivation row %d (%q): no formula", r, at(rows[r-1], 1))
		}
	}

	w, err := f.GetColWidth(ScoresSheet, colName)
	if err != nil || w < 30 {
		t.Errorf("name column width %v (%v), want a wide column", w, err)
	}
	w, _ = f.GetColWidth(ScoresSheet, colID)
	if w < float64(len("7.1.1.4")+1) {
		t.Errorf("id column width %v does not fit 7.1.1.4", w)
	}
	calc, err := f.GetCalcProps()
	if err != nil || calc.FullCalcOnLoad == nil || !*calc.FullCalcOnLoad {
		t.Errorf("calc props %+v (%v): want full calculation on load", calc, err)
	}
	for _, sheet := range []string{ScoresSheet, AppendixSheet} {
		pl, err := f.GetPageLayout(sheet)
		if err != nil || pl.Orientation == nil || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth != 1 {
			t.Errorf("%s: page layout %+v (%v), want landscape, one page wide", sheet, pl, err)
		}
	}
	props, err := f.GetDocProps()
	if err != nil || props.Created != "2022-09-14T00:00:00Z" || props.Modified != props.Created {
		t.Errorf("doc props %+v (%v): want the report's date", props, err)
	}
	app, _ := f.GetRows(AppendixSheet)
	for i := 1; i < len(app); i++ {
		for _, col := range []string{"D", "E"} {
			if fm, _ := f.GetCellFormula(AppendixSheet, cell(col, i+1)); !strings.HasPrefix(fm, "'"+ScoresSheet+"'!") {
				t.Errorf("appendix %s%d = %q, want a reference to the score sheet", col, i+1, fm)
			}
		}
	}
}

func ruleKindOf(n *score.Node) string {
	if n.Source.Rule == nil || n.Source.Rule.Kind == "" {
		return dataset.RuleStated
	}
	return n.Source.Rule.Kind
}

// TestDeterministic writes the same input several times, each from its own computation, and
// wants the same bytes every time: excelize keeps streamed sheets in a map, so one pair of
// writes could agree by chance.
func TestDeterministic(t *testing.T) {
	ds, res := seed(t)
	first := write(t, ds, res)
	for i := range 10 {
		ds, res := seed(t)
		if again := write(t, ds, res); !bytes.Equal(first, again) {
			t.Fatalf("write %d differs from the first (%d and %d bytes)", i+2, len(first), len(again))
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(first), int64(len(first)))
	if err != nil {
		t.Fatal(err)
	}
	if n := zr.File[0].Name; n != "[Content_Types].xml" {
		t.Errorf("first part %s, want [Content_Types].xml", n)
	}
	for _, f := range zr.File {
		if !f.Modified.IsZero() && f.Modified.Year() > 1980 {
			t.Errorf("part %s carries a time: %v", f.Name, f.Modified)
		}
	}
}

// TestWarm: the blank workbook Warm builds ahead is taken by the next Write only, and the
// workbooks written before, from it and after it are the same bytes, with the dataset's own
// document properties.
func TestWarm(t *testing.T) {
	ds, res := seed(t)
	before := write(t, ds, res)
	Warm()
	Warm() // a second call builds nothing more
	warmed := write(t, ds, res)
	if !warm.taken.Load() {
		t.Fatal("Write did not take the warmed workbook")
	}
	after := write(t, ds, res)
	for name, got := range map[string][]byte{"from the warmed workbook": warmed, "after it": after} {
		if !bytes.Equal(got, before) {
			t.Errorf("workbook written %s differs from one without Warm (%d and %d bytes)", name, len(got), len(before))
		}
	}
	other := *ds
	other.Document.IssuingBodyName = "Sở Tư pháp"
	if bytes.Equal(write(t, &other, res), before) {
		t.Error("another issuing body gives the same workbook: document properties not set")
	}
}

// TestNFC feeds decomposed Vietnamese (as some editors save it) and wants composed text in the
// cells: a reviewer's search for "Cải cách" must find it.
func TestNFC(t *testing.T) {
	ds := seedDataset()
	ds.Fields[1].Name = norm.NFD.String("Cải cách thể chế")
	ds.Fields[1].Criteria[0].Reason = norm.NFD.String("Lấy ý kiến chưa đủ thời gian.")
	res, err := score.Compute(ds)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(write(t, ds, res)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, s := range append([]string{ScoresSheet, AppendixSheet}, scoreHeaders...) {
		if !norm.NFC.IsNormalString(s) {
			t.Errorf("%q is not NFC", s)
		}
	}
	for _, c := range []struct{ sheet, want string }{
		{ScoresSheet, "Cải cách thể chế"},
		{AppendixSheet, "Lấy ý kiến chưa đủ thời gian."},
	} {
		cells, err := f.SearchSheet(c.sheet, c.want)
		if err != nil || len(cells) == 0 {
			t.Errorf("%s: %q (NFC) not found: %v", c.sheet, c.want, err)
		}
		for _, ref := range cells {
			v, _ := f.GetCellValue(c.sheet, ref)
			if !norm.NFC.IsNormalString(v) {
				t.Errorf("%s!%s is not NFC", c.sheet, ref)
			}
		}
	}
}

type failingWriter struct{}

var errDisk = errors.New("disk full")

func (failingWriter) Write([]byte) (int, error) { return 0, errDisk }

func TestWriteErrors(t *testing.T) {
	ds, res := seed(t)
	for _, tc := range []struct {
		name string
		err  func(error) bool
		call func() error
	}{
		{"nil scores", func(err error) bool { return err != nil }, func() error { return Write(&bytes.Buffer{}, ds, nil) }},
		{"nil dataset", func(err error) bool { return err != nil }, func() error { return Write(&bytes.Buffer{}, nil, res) }},
		{"writer fails", func(err error) bool { return errors.Is(err, errDisk) }, func() error { return Write(failingWriter{}, ds, res) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.call(); !tc.err(err) {
				t.Errorf("Write = %v", err)
			}
		})
	}
}

func TestSum(t *testing.T) {
	many := make([]int, 250)
	for i := range many {
		many[i] = 2 * i // no two consecutive: 250 single references
	}
	for _, tc := range []struct {
		name string
		rows []int
		want string
	}{
		{"none", nil, "0"},
		{"one", []int{5}, "SUM(G5)"},
		{"run", []int{3, 4, 5, 6}, "SUM(G3:G6)"},
		{"runs and gaps", []int{3, 5, 6, 9, 12, 13, 14}, "SUM(G3,G5:G6,G9,G12:G14)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := sum("G", tc.rows); got != tc.want {
				t.Errorf("sum(%v) = %q, want %q", tc.rows, got, tc.want)
			}
		})
	}
	got := sum("G", many)
	if strings.Count(got, "SUM(") != 4 || !strings.HasPrefix(got, "SUM(SUM(G0,") || !strings.Contains(got, "G498") {
		t.Errorf("sum of 250 references not grouped under Excel's 255-argument limit: %.80s…", got)
	}
}

func TestLines(t *testing.T) {
	for _, tc := range []struct {
		text  string
		width float64
		want  int
	}{
		{"", 20, 1},
		{"ngắn", 20, 1},
		{strings.Repeat("x", 19), 20, 1},
		{strings.Repeat("x", 20), 20, 2},
		{"a\nb\nc", 20, 3},
		{strings.Repeat("ệ", 38) + "\nb", 20, 3}, // runes, not bytes
	} {
		if got := lines(tc.text, tc.width); got != tc.want {
			t.Errorf("lines(%q, %v) = %d, want %d", tc.text, tc.width, got, tc.want)
		}
	}
	// The one-pass count is the paragraph-by-paragraph, word-by-word one it replaced.
	pieces := []string{"a", "ệ", "chữ", "Việt", " ", "  ", "\n", "\t", "\r", "\u00a0", "\u2003", "\u0085", strings.Repeat("x", 25), strings.Repeat("ộ", 9)}
	rnd := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		var b strings.Builder
		for range rnd.IntN(30) {
			b.WriteString(pieces[rnd.IntN(len(pieces))])
		}
		width := float64(rnd.IntN(30)) + rnd.Float64()
		if got, want := lines(b.String(), width), linesByWords(b.String(), width); got != want {
			t.Fatalf("lines(%q, %v) = %d, word by word %d", b.String(), width, got, want)
		}
	}
}

// linesByWords is lines as it was written first: paragraph by paragraph, word by word.
func linesByWords(s string, width float64) int {
	perLine := max(int(width-1), 1)
	n := 0
	for para := range strings.SplitSeq(s, "\n") {
		n++
		used := 0
		for word := range strings.FieldsSeq(para) {
			w := utf8.RuneCountInString(word)
			switch {
			case used == 0:
			case used+1+w <= perLine:
				used++
			default:
				n++
				used = 0
			}
			for w > perLine-used {
				w -= perLine - used
				n++
				used = 0
			}
			used += w
		}
	}
	return n
}

// TestGolden lists every cell of both sheets with its formula and cached value, so a change
// of layout or formula shows in review. Run with -update to accept a change.
func TestGolden(t *testing.T) {
	ds, res := seed(t)
	f, err := excelize.OpenReader(bytes.NewReader(write(t, ds, res)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		fmt.Fprintf(&b, "== %s\n", sheet)
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range rows {
			for c, v := range r {
				ref, _ := excelize.CoordinatesToCellName(c+1, i+1)
				fm, _ := f.GetCellFormula(sheet, ref)
				if v == "" && fm == "" {
					continue
				}
				if fm != "" {
					fmt.Fprintf(&b, "%s\t=%s\t%s\n", ref, fm, v)
				} else {
					fmt.Fprintf(&b, "%s\t%q\n", ref, v)
				}
			}
		}
	}
	testtool.Golden(t, filepath.Join("testdata", "seed.golden"), b.String())
}

func BenchmarkWrite(b *testing.B) {
	ds, res := sample(b)
	b.ReportAllocs()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := Write(&buf, ds, res); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}
