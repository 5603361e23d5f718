package score

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/decimal"
	"github.com/baocao-vn/baocao/generator/nd30"
)

// Tally counts items by status. An item without a status is counted in Unstated only and is
// not part of Total.
type Tally struct {
	Done, InProgress, NotStarted, Regular int
	Unstated                              int
}

// Total is the number of items that carry a status.
func (t Tally) Total() int { return t.Done + t.InProgress + t.NotStarted + t.Regular }

// Of returns the count of one status.
func (t Tally) Of(s dataset.Status) int {
	switch s {
	case dataset.StatusDone:
		return t.Done
	case dataset.StatusInProgress:
		return t.InProgress
	case dataset.StatusNotStarted:
		return t.NotStarted
	case dataset.StatusRegular:
		return t.Regular
	}
	return t.Unstated
}

func (t *Tally) add(s dataset.Status) {
	switch s {
	case dataset.StatusDone:
		t.Done++
	case dataset.StatusInProgress:
		t.InProgress++
	case dataset.StatusNotStarted:
		t.NotStarted++
	case dataset.StatusRegular:
		t.Regular++
	default:
		t.Unstated++
	}
}

// FieldTally is the count of one field's criteria, by status.
type FieldTally struct {
	ID, Name string
	Tally
}

// Counts are the remedied items by status: every criterion that states one, by field, and
// every shortcoming of the self-check that states one.
type Counts struct {
	All       Tally        // the criteria and the self-check together
	Fields    []FieldTally // one per field, in the dataset's order
	SelfCheck Tally        // the self-check's shortcomings
}

// Count pads a count as Decree 30 writes a number below 10 in a document: 5 → "05" (package
// nd30), so "đã hoàn thành 05/19 nội dung".
func Count(n int) string { return nd30.Number(strconv.Itoa(n)) }

// SelfCheckItems returns the self-check's shortcomings that carry a status, with their key
// paths: the report's bullet items written as tables with a status.
func SelfCheckItems(ds *dataset.Dataset) (items []*dataset.Item, paths []string) {
	for i := range ds.Report.Sections {
		s := &ds.Report.Sections[i]
		for j := range s.Blocks {
			b := &s.Blocks[j]
			for k := range b.Items {
				if b.Items[k].State.Status != dataset.StatusNone {
					items = append(items, &b.Items[k])
					paths = append(paths, fmt.Sprintf("report.sections[%d].blocks[%d].items[%d]", i, j, k))
				}
			}
		}
	}
	return items, paths
}

// count tallies the statuses and checks the counts the dataset states.
func (c *computer) count() {
	cs := &c.res.Progress
	for _, f := range c.res.Fields {
		ft := FieldTally{ID: f.ID, Name: f.Name}
		var walk func(n *Node)
		walk = func(n *Node) {
			if s := n.Source.State.Status; s != dataset.StatusNone {
				ft.add(s)
				cs.All.add(s)
			}
			for _, ch := range n.Children {
				walk(ch)
			}
		}
		walk(f)
		cs.Fields = append(cs.Fields, ft)
	}
	items, _ := SelfCheckItems(c.ds)
	for _, it := range items {
		cs.SelfCheck.add(it.State.Status)
		cs.All.add(it.State.Status)
	}
	a := c.ds.Appendix
	how := fmt.Sprintf("đếm theo trạng thái các mục: %d đã hoàn thành, %d đang thực hiện, %d chưa thực hiện, %d thực hiện thường xuyên",
		cs.All.Done, cs.All.InProgress, cs.All.NotStarted, cs.All.Regular)
	if a.StatedDone != nil {
		c.add(Check{Path: "appendix.stated_done", What: "số nội dung đã hoàn thành", Stated: decimal.New(*a.StatedDone),
			Computed: decimal.New(int64(cs.All.Done)), Arithmetic: how})
	}
	if a.StatedTotal != nil {
		path := "appendix.stated_total"
		if c.ds.Line(path) == 0 {
			path = "appendix.stated_done" // "05/19" states the total too
		}
		c.add(Check{Path: path, What: "tổng số nội dung", Stated: decimal.New(*a.StatedTotal),
			Computed: decimal.New(int64(cs.All.Total())), Arithmetic: how})
	}
}

// countPlaceholders are the counts a text may quote, padded as Decree 30 writes them ("05").
var countPlaceholders = map[string]func(t Tally) int{
	"da_hoan_thanh":  func(t Tally) int { return t.Done },
	"dang_thuc_hien": func(t Tally) int { return t.InProgress },
	"chua_thuc_hien": func(t Tally) int { return t.NotStarted },
	"thuong_xuyen":   func(t Tally) int { return t.Regular },
	"tong_so":        func(t Tally) int { return t.Total() },
}

// writeCounts prints the counts for `baocao check`.
func (r *Result) writeCounts(b *strings.Builder) {
	cs := r.Progress
	if cs.All.Total() == 0 {
		return
	}
	fmt.Fprintf(b, "\nTiến độ khắc phục (số mục theo trạng thái)\n")
	fmt.Fprintf(b, "  %s %s %s %s %s %s\n", pad("", 40), lpad("đã hoàn thành", 13), lpad("đang thực hiện", 14), lpad("chưa thực hiện", 14),
		lpad("thường xuyên", 12), lpad("tổng", 7))
	line := func(label string, t Tally) {
		fmt.Fprintf(b, "  %s %13d %14d %14d %12d %7d\n", pad(clip(label, 40), 40), t.Done, t.InProgress, t.NotStarted, t.Regular, t.Total())
	}
	for _, f := range cs.Fields {
		if f.Total() > 0 {
			line("Lĩnh vực "+f.ID+": "+f.Name, f.Tally)
		}
	}
	if cs.SelfCheck.Total() > 0 {
		line("Tồn tại qua tự kiểm tra", cs.SelfCheck)
	}
	line("Cộng", cs.All)
	fmt.Fprintf(b, "  đã hoàn thành %s/%s nội dung\n", Count(cs.All.Done), Count(cs.All.Total()))
}

// lpad pads on the left by runes, so Vietnamese headings line up over figures.
func lpad(s string, n int) string {
	if c := utf8.RuneCountInString(s); c < n {
		return strings.Repeat(" ", n-c) + s
	}
	return s
}
