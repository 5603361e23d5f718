package change

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/score"
)

// state describes a status with its date and evidence: "đã hoàn thành ngày 30/11/2022 (Thông
// báo số 95/TB-SNgV ngày 30/11/2022)"; "(chưa ghi)" when none is stated.
func state(s dataset.State) string {
	if s.Status == dataset.StatusNone {
		return "(chưa ghi trạng thái)"
	}
	h := s.Status.String()
	if s.IsDone() && !s.Done.IsZero() {
		h += " ngày " + s.Done.String()
	}
	if s.Evidence != "" {
		h += " (" + s.Evidence + ")"
	}
	return h
}

// WriteText prints the changed items and the summary for a person reading a terminal
// (`baocao diff`).
func (d *Diff) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "So sánh %s (số liệu đến %s) với %s (số liệu đến %s)\n", d.OldName, d.OldAsOf, d.NewName, d.NewAsOf)
	changed := d.Changed()
	if len(changed) == 0 {
		b.WriteString("\nKhông có thay đổi.\n")
	}
	for _, it := range changed {
		label := it.Label()
		if it.Kind == KindSelfCheck {
			label = "Tồn tại qua tự kiểm tra: " + label
		}
		fmt.Fprintf(&b, "\n%s\n", label)
		switch {
		case it.Added():
			fmt.Fprintf(&b, "  mục mới (%s:%d): %s\n", d.NewName, it.New.Line, state(it.New.State))
			continue
		case it.Removed():
			fmt.Fprintf(&b, "  không còn trong %s (trước ở %s:%d)\n", d.NewName, d.OldName, it.Old.Line)
			continue
		}
		if it.StatusChanged() {
			fmt.Fprintf(&b, "  trạng thái: %s → %s\n", state(it.Old.State), state(it.New.State))
		}
		if it.ScoreChanged() {
			fmt.Fprintf(&b, "  điểm: %s → %s\n", it.Old.Score, it.New.Score)
		}
		if it.ProgressChanged() {
			fmt.Fprintf(&b, "  tiến độ: %q\n       → %q\n", it.Old.Progress, it.New.Progress)
		}
	}
	fmt.Fprintf(&b, "\n%s\n", d.Summary())
	_, err := io.WriteString(w, b.String())
	return err
}

// JSONSide is one side of an item in `baocao diff --json`.
type JSONSide struct {
	Status   string `json:"status"` // the ASCII key: da_hoan_thanh, …; "" when not stated
	Done     string `json:"done,omitempty"`
	Evidence string `json:"evidence,omitempty"`
	Progress string `json:"progress,omitempty"`
	Score    string `json:"score,omitempty"` // with a decimal point: "9.03"
	Line     int    `json:"line"`
}

// JSONItem is a changed item in `baocao diff --json`.
type JSONItem struct {
	Kind            string    `json:"kind"`
	Key             string    `json:"key"`
	Name            string    `json:"name"`
	Added           bool      `json:"added,omitempty"`
	Removed         bool      `json:"removed,omitempty"`
	StatusChanged   bool      `json:"status_changed,omitempty"`
	ProgressChanged bool      `json:"progress_changed,omitempty"`
	ScoreChanged    bool      `json:"score_changed,omitempty"`
	Completed       bool      `json:"completed,omitempty"`
	Old             *JSONSide `json:"old,omitempty"`
	New             *JSONSide `json:"new,omitempty"`
}

// JSONCounts are the counts by status at one date.
type JSONCounts struct {
	Done       int `json:"da_hoan_thanh"`
	InProgress int `json:"dang_thuc_hien"`
	NotStarted int `json:"chua_thuc_hien"`
	Regular    int `json:"thuong_xuyen"`
	Total      int `json:"tong_so"`
}

// CountsOf returns the counts in their JSON shape (diff --json, batch's summary.json).
func CountsOf(t score.Tally) JSONCounts {
	return JSONCounts{Done: t.Done, InProgress: t.InProgress, NotStarted: t.NotStarted, Regular: t.Regular, Total: t.Total()}
}

// JSONDiff is the whole comparison as `baocao diff --json` prints it; its shape is stable.
type JSONDiff struct {
	Old       string     `json:"old"`
	New       string     `json:"new"`
	OldAsOf   string     `json:"old_as_of"` // 2022-09-14
	NewAsOf   string     `json:"new_as_of"`
	OldCounts JSONCounts `json:"old_counts"`
	NewCounts JSONCounts `json:"new_counts"`
	Completed int        `json:"completed"`
	Summary   string     `json:"summary"`
	Changes   []JSONItem `json:"changes"`
}

// WriteJSON prints the comparison as indented JSON.
func (d *Diff) WriteJSON(w io.Writer) error {
	side := func(s *Side) *JSONSide {
		if s == nil {
			return nil
		}
		j := &JSONSide{Status: s.State.Status.Key(), Evidence: s.State.Evidence, Progress: s.Progress,
			Score: strings.ReplaceAll(s.Score, ",", "."), Line: s.Line}
		if !s.State.Done.IsZero() {
			j.Done = s.State.Done.ISO()
		}
		return j
	}
	out := JSONDiff{Old: d.OldName, New: d.NewName, OldAsOf: d.OldAsOf.ISO(), NewAsOf: d.NewAsOf.ISO(),
		OldCounts: CountsOf(d.OldCounts), NewCounts: CountsOf(d.NewCounts), Completed: len(d.Completed()), Summary: d.Summary(),
		Changes: []JSONItem{}}
	for _, it := range d.Changed() {
		out.Changes = append(out.Changes, JSONItem{Kind: it.Kind, Key: it.Key, Name: it.Name, Added: it.Added(), Removed: it.Removed(),
			StatusChanged: it.StatusChanged(), ProgressChanged: it.ProgressChanged(), ScoreChanged: it.ScoreChanged(),
			Completed: it.Completed(), Old: side(it.Old), New: side(it.New)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
