// Package change compares two reporting dates' datasets of one department: per criterion and
// per self-check shortcoming, the status that moved (and when), the progress text that changed,
// the score that changed, and the items added or removed; and the one-line summary the report
// quotes ("so với 14/9/2022: hoàn thành thêm 2, còn 6 đang thực hiện").
package change

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/score"
)

// Kinds of item.
const (
	KindCriterion = "tieu_chi"    // a criterion of the tree
	KindSelfCheck = "tu_kiem_tra" // a shortcoming of the self-check
)

// Side is one item as one dataset has it.
type Side struct {
	State    dataset.State
	Progress string
	Score    string // the computed score, "9,03"; "" for a self-check item
	Line     int    // the line of the item's status in its file (its id when it has none)
}

// Item is one criterion or self-check shortcoming, compared. Old or New is nil when the item
// is only in the other dataset.
type Item struct {
	Kind string
	// Key identifies the item across dates: a criterion's id, a shortcoming's text.
	Key      string
	Name     string // the criterion's name, or the shortcoming's text
	Old, New *Side
}

// Added reports whether the item is new in the later dataset.
func (it *Item) Added() bool { return it.Old == nil }

// Removed reports whether the item is gone from the later dataset.
func (it *Item) Removed() bool { return it.New == nil }

// StatusChanged reports whether the item's status, done date or evidence moved.
func (it *Item) StatusChanged() bool {
	return it.Old != nil && it.New != nil && it.Old.State != it.New.State
}

// ProgressChanged reports whether the progress text changed.
func (it *Item) ProgressChanged() bool {
	return it.Old != nil && it.New != nil && it.Old.Progress != it.New.Progress
}

// ScoreChanged reports whether the computed score changed.
func (it *Item) ScoreChanged() bool {
	return it.Old != nil && it.New != nil && it.Old.Score != it.New.Score
}

// Completed reports whether the item is done in the later dataset and was not in the earlier
// one (or was not listed in it).
func (it *Item) Completed() bool {
	return it.New != nil && it.New.State.IsDone() && (it.Old == nil || !it.Old.State.IsDone())
}

// Changed reports whether anything about the item differs.
func (it *Item) Changed() bool {
	return it.Added() || it.Removed() || it.StatusChanged() || it.ProgressChanged() || it.ScoreChanged()
}

// Label names the item as a reader finds it: "Tiêu chí 7.2.6: …" or the shortcoming's text.
func (it *Item) Label() string {
	if it.Kind == KindCriterion {
		return "Tiêu chí " + it.Key + ": " + it.Name
	}
	return it.Name
}

// Dataset is one side of a comparison: a scored dataset.
type Dataset struct {
	Data   *dataset.Dataset
	Scores *score.Result
}

// Diff is the comparison of an earlier reporting date's dataset with a later one.
type Diff struct {
	OldName, NewName string
	OldAsOf, NewAsOf dataset.Date
	// Items are every item of either dataset in the later dataset's order, removed items
	// after them in the earlier one's order.
	Items                []*Item
	OldCounts, NewCounts score.Tally
}

// Compare compares two datasets of one department.
func Compare(old, new Dataset) *Diff { return Take(old).Compare(new) }

// Snapshot is what a comparison needs of the earlier dataset — its name, date, counts and
// items — without the dataset: a batch keeps one per reporting date from its first pass, to
// compare the next date with, rather than parsing the dataset again. Its strings are copies,
// so that it does not keep the dataset's source alive.
type Snapshot struct {
	Name   string
	AsOf   dataset.Date
	Counts score.Tally
	Items  []*Item // as New sides, in the dataset's order (Items)
}

// Take records what Compare needs of a dataset.
func Take(ds Dataset) *Snapshot {
	s := &Snapshot{Name: strings.Clone(ds.Data.Name), AsOf: ds.Data.Appendix.AsOf, Counts: ds.Scores.Progress.All, Items: Items(ds)}
	for _, it := range s.Items {
		same := it.Name == it.Key
		it.Key = strings.Clone(it.Key)
		if it.Name = strings.Clone(it.Name); same {
			it.Name = it.Key
		}
		it.New.Progress = strings.Clone(it.New.Progress)
		it.New.State.Evidence = strings.Clone(it.New.State.Evidence)
	}
	return s
}

// Compare compares the snapshot's dataset, the earlier, with a later one. The snapshot is
// only read: it may serve several comparisons.
func (s *Snapshot) Compare(new Dataset) *Diff {
	d := &Diff{OldName: s.Name, NewName: new.Data.Name, OldAsOf: s.AsOf, NewAsOf: new.Data.Appendix.AsOf,
		OldCounts: s.Counts, NewCounts: new.Scores.Progress.All}
	olds := make(map[string]*Item, len(s.Items))
	for _, it := range s.Items {
		olds[it.Kind+"\x00"+it.Key] = it
	}
	news, newOrder := sides(new)
	for _, k := range newOrder {
		it := news[k]
		if o := olds[k]; o != nil {
			it.Old = o.New
		}
		d.Items = append(d.Items, it)
	}
	for _, o := range s.Items {
		if news[o.Kind+"\x00"+o.Key] == nil {
			d.Items = append(d.Items, &Item{Kind: o.Kind, Key: o.Key, Name: o.Name, Old: o.New})
		}
	}
	return d
}

// Items lists a dataset's items (as New sides) in the dataset's order: every criterion, then
// every self-check shortcoming that carries a status.
func Items(ds Dataset) []*Item {
	m, order := sides(ds)
	out := make([]*Item, len(order))
	for i, k := range order {
		out[i] = m[k]
	}
	return out
}

// sides lists a dataset's items (as New sides) by key, in the dataset's order: every
// criterion, then every self-check shortcoming that carries a status.
func sides(ds Dataset) (map[string]*Item, []string) {
	m := map[string]*Item{}
	var order []string
	add := func(it *Item) {
		k := it.Kind + "\x00" + it.Key
		if m[k] == nil {
			order = append(order, k)
		}
		m[k] = it
	}
	var walk func(n *score.Node)
	walk = func(n *score.Node) {
		src := n.Source
		line := ds.Data.Line(n.Path + ".status") // where a reader fixes a status
		if line == 0 {
			line = ds.Data.Line(n.Path + ".id")
		}
		add(&Item{Kind: KindCriterion, Key: n.ID, Name: n.Name, New: &Side{State: src.State, Progress: src.Progress,
			Score: score.Points(n.Score), Line: line}})
		for _, ch := range n.Children {
			walk(ch)
		}
	}
	for _, f := range ds.Scores.Fields {
		walk(f)
	}
	items, paths := score.SelfCheckItems(ds.Data)
	for i, it := range items {
		line := ds.Data.Line(paths[i] + ".text")
		if line == 0 {
			line = ds.Data.Line(paths[i])
		}
		add(&Item{Kind: KindSelfCheck, Key: it.Text, Name: it.Text, New: &Side{State: it.State, Progress: it.Progress, Line: line}})
	}
	return m, order
}

// Changed returns the items that differ, in order.
func (d *Diff) Changed() []*Item {
	var out []*Item
	for _, it := range d.Items {
		if it.Changed() {
			out = append(out, it)
		}
	}
	return out
}

// Completed returns the items done since the earlier date.
func (d *Diff) Completed() []*Item {
	var out []*Item
	for _, it := range d.Items {
		if it.Completed() {
			out = append(out, it)
		}
	}
	return out
}

// Summary is the one line that says what moved: "so với 14/9/2022: hoàn thành thêm 2, còn 6
// đang thực hiện, 2 chưa thực hiện" (the earlier data-as-of date, per Decree 30).
func (d *Diff) Summary() string {
	return "so với " + d.OldAsOf.String() + ": " + d.counts(strconv.Itoa, "")
}

// Sentence is the summary as the report writes it, counts padded as Decree 30 writes a number
// below 10: "So với báo cáo số liệu đến ngày 14/9/2022: hoàn thành thêm 02 nội dung, còn 06
// đang thực hiện, 02 chưa thực hiện."
func (d *Diff) Sentence() string {
	return "So với báo cáo số liệu đến ngày " + d.OldAsOf.String() + ": " + d.counts(score.Count, " nội dung") + "."
}

func (d *Diff) counts(num func(int) string, noun string) string {
	parts := []string{fmt.Sprintf("hoàn thành thêm %s%s", num(len(d.Completed())), noun)}
	rest := fmt.Sprintf("còn %s đang thực hiện", num(d.NewCounts.InProgress))
	if d.NewCounts.NotStarted > 0 {
		rest += fmt.Sprintf(", %s chưa thực hiện", num(d.NewCounts.NotStarted))
	}
	return strings.Join(append(parts, rest), ", ")
}

// Warnings are the history that does not add up between the two dates, each with the later
// file's name and line: an item done at the earlier date and not done at the later one; an
// item whose done date is before the earlier date although the earlier report showed it open.
func (d *Diff) Warnings() []string {
	var out []string
	for _, it := range d.Items {
		if it.Old == nil || it.New == nil {
			continue
		}
		where := fmt.Sprintf("%s:%d", d.NewName, it.New.Line)
		o, n := it.Old.State, it.New.State
		switch {
		case o.IsDone() && !n.IsDone():
			out = append(out, fmt.Sprintf("%s: %s: đã hoàn thành ngày %s theo báo cáo số liệu đến %s (%s:%d) nhưng nay ghi %q",
				where, it.Label(), o.Done, d.OldAsOf, d.OldName, it.Old.Line, n.Status.String()))
		case n.IsDone() && !o.IsDone() && !n.Done.IsZero() && n.Done.Compare(d.OldAsOf) <= 0:
			was := o.Status.String()
			if was == "" {
				was = "chưa ghi trạng thái"
			}
			out = append(out, fmt.Sprintf("%s: %s: ngày hoàn thành %s không sau ngày %s, nhưng báo cáo số liệu đến ngày đó (%s:%d) ghi %q",
				where, it.Label(), n.Done, d.OldAsOf, d.OldName, it.Old.Line, was))
		}
	}
	return out
}
