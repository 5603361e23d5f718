// Package trend writes the progress workbook of a batch (tien-do.xlsx): one row per item with its
// status at each reporting date, coloured by status, the counts by status per date, each field's
// score per date against its maximum, and native Excel charts of both.
package trend

import (
	"fmt"
	"io"
	"strings"

	"github.com/baocao-vn/baocao/internal/zipflate"
	"github.com/xuri/excelize/v2"

	"github.com/baocao-vn/baocao/generator/change"
	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/score"
)

// File is the name of the workbook in a batch's (or a department's) output folder.
const File = "tien-do.xlsx"

// Sheet names.
const (
	ItemsSheet  = "Tiến độ"
	CountsSheet = "Tổng hợp"
)

// Item is one item's status at one date.
type Item struct {
	Kind, Key, Label string
	Status           dataset.Status
}

// Field is one field's computed score at one date.
type Field struct {
	ID, Name   string
	Score, Max float64 // exact decimals rounded to two places, for the chart
}

// Snapshot is what the workbook needs of one reporting date: small, so a batch keeps one per
// dataset rather than the dataset itself.
type Snapshot struct {
	Date   dataset.Date
	Items  []Item
	Fields []Field
	Counts score.Tally
}

// Take records a scored dataset's snapshot. Its strings are copies: a batch keeps a snapshot
// per reporting date, and a string cut from the dataset's source would keep the whole source.
func Take(ds *dataset.Dataset, res *score.Result) *Snapshot {
	s := &Snapshot{Date: ds.Appendix.AsOf, Counts: res.Progress.All}
	for _, it := range change.Items(change.Dataset{Data: ds, Scores: res}) {
		if it.New.State.Status != dataset.StatusNone {
			key, label := strings.Clone(it.Key), it.Label()
			if label == it.Key {
				label = key
			} else {
				label = strings.Clone(label)
			}
			s.Items = append(s.Items, Item{Kind: it.Kind, Key: key, Label: label, Status: it.New.State.Status})
		}
	}
	for _, f := range res.Fields {
		s.Fields = append(s.Fields, Field{ID: strings.Clone(f.ID), Name: strings.Clone(f.Name), Score: f.Score.Round(2).Float64(), Max: f.Max.Float64()})
	}
	return s
}

// colours of the statuses (fill), as a reader expects them: done green, in progress amber, not
// started red, regular blue.
var colours = map[dataset.Status]string{
	dataset.StatusDone:       "C6EFCE",
	dataset.StatusInProgress: "FFEB9C",
	dataset.StatusNotStarted: "FFC7CE",
	dataset.StatusRegular:    "BDD7EE",
}

// Write writes the workbook of one department's reporting dates, given in date order.
func Write(w io.Writer, snaps []*Snapshot) error {
	f := excelize.NewFile()
	defer f.Close()
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return zipflate.NewOrdered(w, true) })
	if err := f.SetSheetName("Sheet1", ItemsSheet); err != nil {
		return err
	}
	if _, err := f.NewSheet(CountsSheet); err != nil {
		return err
	}
	set := func(sheet string, col, row int, v any) error {
		cell, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			return err
		}
		return f.SetCellValue(sheet, cell, v)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}

	// Sheet 1: items × dates. Items keep the order they first appear in.
	var keys []string
	labels := map[string]string{}
	status := map[string]map[int]dataset.Status{}
	for i, s := range snaps {
		for _, it := range s.Items {
			k := it.Kind + "\x00" + it.Key
			if status[k] == nil {
				keys = append(keys, k)
				labels[k] = it.Label
				status[k] = map[int]dataset.Status{}
			}
			status[k][i] = it.Status
		}
	}
	errs := []error{set(ItemsSheet, 1, 1, "TT"), set(ItemsSheet, 2, 1, "Nội dung")}
	for i, s := range snaps {
		errs = append(errs, set(ItemsSheet, 3+i, 1, s.Date.String()))
	}
	for r, k := range keys {
		errs = append(errs, set(ItemsSheet, 1, r+2, r+1), set(ItemsSheet, 2, r+2, labels[k]))
		for i := range snaps {
			if st := status[k][i]; st != dataset.StatusNone {
				errs = append(errs, set(ItemsSheet, 3+i, r+2, st.String()))
			}
		}
	}
	if err := join(errs); err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(2+len(snaps), 1)
	f.SetCellStyle(ItemsSheet, "A1", last, bold)
	f.SetColWidth(ItemsSheet, "B", "B", 70)
	if len(keys) > 0 && len(snaps) > 0 {
		from, _ := excelize.CoordinatesToCellName(3, 2)
		to, _ := excelize.CoordinatesToCellName(2+len(snaps), len(keys)+1)
		var rules []excelize.ConditionalFormatOptions
		for _, st := range dataset.Statuses {
			id, err := f.NewConditionalStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colours[st]}}})
			if err != nil {
				return err
			}
			rules = append(rules, excelize.ConditionalFormatOptions{Type: "cell", Criteria: "==", Format: &id, Value: `"` + st.String() + `"`})
		}
		if err := f.SetConditionalFormat(ItemsSheet, from+":"+to, rules); err != nil {
			return err
		}
	}

	// Sheet 2: counts per date (rows 1…), then fields' scores per date with their maxima.
	head := []string{"Ngày", "Đã hoàn thành", "Đang thực hiện", "Chưa thực hiện", "Thực hiện thường xuyên", "Tổng"}
	for c, h := range head {
		errs = append(errs, set(CountsSheet, c+1, 1, h))
	}
	for i, s := range snaps {
		t := s.Counts
		for c, v := range []any{s.Date.String(), t.Done, t.InProgress, t.NotStarted, t.Regular, t.Total()} {
			errs = append(errs, set(CountsSheet, c+1, i+2, v))
		}
	}
	top := len(snaps) + 3 // the fields' table starts below the counts, after a blank row
	errs = append(errs, set(CountsSheet, 1, top, "Lĩnh vực"), set(CountsSheet, 2, top, "Điểm tối đa"))
	for i, s := range snaps {
		errs = append(errs, set(CountsSheet, 3+i, top, "Điểm "+s.Date.String()))
	}
	var fields []Field
	if len(snaps) > 0 {
		fields = snaps[len(snaps)-1].Fields
	}
	for r, fl := range fields {
		errs = append(errs, set(CountsSheet, 1, top+1+r, fl.ID+". "+fl.Name), set(CountsSheet, 2, top+1+r, fl.Max))
		for i, s := range snaps {
			for _, g := range s.Fields {
				if g.ID == fl.ID {
					errs = append(errs, set(CountsSheet, 3+i, top+1+r, g.Score))
				}
			}
		}
	}
	if err := join(errs); err != nil {
		return err
	}
	f.SetColWidth(CountsSheet, "A", "A", 40)
	f.SetColWidth(CountsSheet, "B", "Z", 14)
	if len(snaps) == 0 {
		return writeTo(f, w)
	}

	sheet := "'" + CountsSheet + "'!"
	n := len(snaps)
	done := &excelize.Chart{Type: excelize.Line, Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Số nội dung đã hoàn thành"}}},
		Series: []excelize.ChartSeries{{Name: sheet + "$B$1", Categories: fmt.Sprintf("%s$A$2:$A$%d", sheet, n+1),
			Values: fmt.Sprintf("%s$B$2:$B$%d", sheet, n+1), Marker: excelize.ChartMarker{Symbol: "circle"}}},
		Legend: excelize.ChartLegend{Position: "bottom"}}
	if err := f.AddChart(CountsSheet, "I1", done); err != nil {
		return err
	}
	if len(fields) > 0 {
		cats := fmt.Sprintf("%s$A$%d:$A$%d", sheet, top+1, top+len(fields))
		scores := &excelize.Chart{Type: excelize.Col, Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Điểm từng lĩnh vực so với điểm tối đa"}}},
			Legend: excelize.ChartLegend{Position: "bottom"}}
		for c := 2; c <= 2+n; c++ {
			col, _ := excelize.ColumnNumberToName(c)
			scores.Series = append(scores.Series, excelize.ChartSeries{Name: fmt.Sprintf("%s$%s$%d", sheet, col, top), Categories: cats,
				Values: fmt.Sprintf("%s$%s$%d:$%s$%d", sheet, col, top+1, col, top+len(fields))})
		}
		if err := f.AddChart(CountsSheet, "I17", scores); err != nil {
			return err
		}
	}
	return writeTo(f, w)
}

func writeTo(f *excelize.File, w io.Writer) error {
	f.SetActiveSheet(0)
	_, err := f.WriteTo(w)
	return err
}

func join(errs []error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
