package appendix

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/score"
)

// vietnam is the time zone of the dates the documents print (UTC+07:00, no daylight saving).
var vietnam = time.FixedZone("+07", 7*3600)

// DefaultHeaders returns the standard column headings; the deadline's names the plan.
func DefaultHeaders(plan string) [6]string {
	deadline := "Thời hạn hoàn thành"
	if plan != "" {
		deadline += "\n(Theo " + plan + ")"
	}
	return [6]string{
		"TT",
		"Các tồn tại, hạn chế, các tiêu chí bị trừ điểm",
		"Giải pháp khắc phục cụ thể",
		deadline,
		"Tiến độ thực hiện\n(Đã hoàn thành hoặc chưa hoàn thành thì cập nhật rõ tiến độ)",
		"Ghi chú",
	}
}

// Build lays out the appendix of a scored dataset: one numbered row per node of
// res.Rows (each field that lost points, or the nodes the dataset names), in it each criterion that lost points with its figures (from the score engine, never
// typed), its reason, remedy, deadline, progress and notes level with it.
func Build(ds *dataset.Dataset, res *score.Result, numberAndCode string) *Document {
	doc := ds.Document
	typeName := []rune(strings.ToLower(doc.TypeName))
	if len(typeName) > 0 {
		typeName[0] = []rune(strings.ToUpper(string(typeName[0])))[0]
	}
	d := &Document{
		Heading:  "PHỤ LỤC",
		Title:    strings.ToUpper(ds.Appendix.Title),
		Subtitle: fmt.Sprintf("(Kèm theo %s số %s %s của %s)", string(typeName), numberAndCode, doc.Date.Long(), doc.IssuingBodyName),
		AsOf:     "Số liệu cập nhật đến ngày " + ds.Appendix.AsOf.String(),
		Headers:  DefaultHeaders(ds.Appendix.Plan),
		Created:  doc.Date.Time(vietnam),
		Author:   doc.IssuingBodyName,
		Subject:  ds.Appendix.Title,
	}
	if len(ds.Appendix.Headers) == 6 {
		copy(d.Headers[:], ds.Appendix.Headers)
	}
	for _, n := range res.Rows {
		row := Row{Number: strconv.Itoa(len(d.Rows) + 1)}
		if len(n.Children) == 0 {
			p := leafPart(n)
			p.Cells[0][0].Bold = true
			row.Parts = append(row.Parts, p)
		} else {
			row.Parts = append(row.Parts, headingPart(n, "Tiêu chí "+n.ID, true))
			addParts(&row, n)
		}
		d.Rows = append(d.Rows, row)
	}
	if ds.Appendix.SelfCheck {
		if row, ok := selfCheckRow(ds); ok {
			d.Rows = append(d.Rows, row)
		}
	}
	return d
}

// SelfCheckHeading opens the appendix's second section, the self-check's shortcomings.
const SelfCheckHeading = "Các tồn tại, hạn chế qua kết quả tự kiểm tra"

// selfCheckRow is section "II": the self-check's shortcomings that carry a status, in the
// criteria's columns (the text, then the progress column).
func selfCheckRow(ds *dataset.Dataset) (Row, bool) {
	items, paths := score.SelfCheckItems(ds)
	if len(items) == 0 {
		return Row{}, false
	}
	row := Row{Number: "II"}
	head := Part{KeepWithNext: true}
	head.Cells[0] = []Para{{Text: SelfCheckHeading, Bold: true}}
	row.Parts = append(row.Parts, head)
	for i, it := range items {
		p := Part{Item: paths[i]}
		p.Cells[0] = []Para{{Text: "- " + it.Text}}
		progressCell(&p, it.State, it.Progress)
		row.Parts = append(row.Parts, p)
	}
	return row, true
}

// progressCell fills the progress column: the status (bold) with its date, the evidence, then
// the progress text (dataset.State.Column).
func progressCell(p *Part, st dataset.State, progress string) {
	for i, l := range st.Column(progress) {
		p.Cells[3] = append(p.Cells[3], Para{Text: l, Bold: i == 0 && st.Status != dataset.StatusNone})
	}
}

// headingPart is the part that opens a node with children: "Tiêu chí 7.1: …: Đoàn thẩm định đánh
// giá đạt 7,78/8,50 điểm. Bị trừ các tiêu chí sau:".
func headingPart(n *score.Node, label string, bold bool) Part {
	lost := 0
	var count func(n *score.Node)
	count = func(n *score.Node) {
		for _, ch := range n.Children {
			if len(ch.Children) == 0 && ch.LostPoints() {
				lost++
			}
			count(ch)
		}
	}
	count(n)
	which := "tiêu chí cụ thể sau:"
	if lost > 1 {
		which = "các tiêu chí cụ thể sau:"
	}
	text := fmt.Sprintf("%s: %s: Đoàn thẩm định đánh giá đạt %s/%s điểm. Bị trừ %s",
		label, n.Name, score.Points(n.Score), score.MaxPoints(n.Max), which)
	p := Part{KeepWithNext: true, Item: n.Path}
	p.Cells[0] = []Para{{Text: text, Bold: bold}}
	fillActions(&p, n)
	return p
}

func addParts(row *Row, n *score.Node) {
	for _, ch := range n.Children {
		if !ch.LostPoints() {
			continue
		}
		if len(ch.Children) > 0 {
			row.Parts = append(row.Parts, headingPart(ch, "Tiêu chí "+ch.ID, false))
			addParts(row, ch)
			continue
		}
		row.Parts = append(row.Parts, leafPart(ch))
	}
}

// leafPart is a criterion without children that lost points: its figures, its reason and,
// level with them, its remedy, deadline, progress and notes.
func leafPart(ch *score.Node) Part {
	text := fmt.Sprintf("- Tiêu chí %s: %s đạt %s/%s điểm.", ch.ID, ch.Name, score.Points(ch.Score), score.MaxPoints(ch.Max))
	p := Part{Item: ch.Path}
	paras := []Para{{Text: text}}
	if ch.Reason != "" {
		lines := strings.Split(ch.Reason, "\n")
		paras[0].Text += " Lý do: " + lines[0]
		for _, l := range lines[1:] {
			paras = append(paras, Para{Text: l})
		}
	}
	p.Cells[0] = paras
	fillActions(&p, ch)
	return p
}

// fillActions puts a node's remedy, deadline, progress and notes level with it.
func fillActions(p *Part, n *score.Node) {
	src := n.Source
	for i, s := range []string{src.Remedy, src.Deadline, src.Progress, src.Note} {
		if i == 2 {
			progressCell(p, src.State, s)
			continue
		}
		if s == "" {
			continue
		}
		for _, l := range strings.Split(s, "\n") {
			p.Cells[i+1] = append(p.Cells[i+1], Para{Text: l, Center: i == 1})
		}
	}
}
