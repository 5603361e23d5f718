package score

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// WriteText prints the scored tree, the derivation of criterion 1.2 and every discrepancy, for
// a person reading a terminal (`baocao check`). name is the dataset's file name.
func (r *Result) WriteText(w io.Writer, name string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", name)
	fmt.Fprintf(&b, "%-12s %-52s %8s %8s %8s %8s\n", "Tiêu chí", "Tên", "Tối đa", "Công bố", "Tính lại", "Chênh")
	var walk func(n *Node, depth int)
	walk = func(n *Node, depth int) {
		stated, diff := "", ""
		if n.Stated != nil {
			stated = Quote(*n.Stated)
			if d := n.Stated.Sub(n.Score.Round(Places)); d.Sign() != 0 {
				diff = pts(d)
			}
		}
		id := strings.Repeat("  ", depth) + n.ID
		fmt.Fprintf(&b, "%s %s %8s %8s %8s %8s\n", pad(id, 12), pad(clip(n.Name, 52), 52), pts(n.Max), stated, pts(n.Score), diff)
		for _, ch := range n.Children {
			walk(ch, depth+1)
		}
	}
	for _, f := range r.Fields {
		walk(f, 0)
	}
	tmax, tscore := r.Total()
	fmt.Fprintf(&b, "%s %s %8s %8s %8s\n", pad("", 12), pad("Cộng lĩnh vực "+r.CountedLabel(), 52), pts(tmax), "", pts(tscore))

	if cp := r.Completion; cp != nil {
		n := cp.Node
		fmt.Fprintf(&b, "\nTiêu chí %s: tỷ lệ hoàn thành nhiệm vụ trên các lĩnh vực %s (trừ tiêu chí %s)\n", n.ID, r.CountedLabel(), n.ID)
		fmt.Fprintf(&b, "  điểm tối đa:  %s − %s = %s\n", pts(cp.MaxAll), pts(n.Max), pts(cp.AtStake))
		fmt.Fprintf(&b, "  điểm đạt:     %s − %s (bị trừ ở các tiêu chí khác) = %s\n", pts(cp.AtStake), pts(cp.LostElse), pts(cp.Obtained))
		fmt.Fprintf(&b, "  tỷ lệ:        (%s*100)/%s = %s%%\n", pts(cp.Obtained), pts(cp.AtStake), pct(cp.Rate))
		fmt.Fprintf(&b, "  điểm:         %s\n", n.Arithmetic)
	}

	var rules []*Node
	var collect func(n *Node)
	collect = func(n *Node) {
		if len(n.Children) == 0 && n.Arithmetic != "" && (r.Completion == nil || n != r.Completion.Node) {
			rules = append(rules, n)
		}
		for _, ch := range n.Children {
			collect(ch)
		}
	}
	for _, f := range r.Fields {
		collect(f)
	}
	if len(rules) > 0 {
		fmt.Fprintf(&b, "\nTiêu chí tính theo quy tắc\n")
		for _, n := range rules {
			fmt.Fprintf(&b, "  %-9s %s\n", n.ID, n.Arithmetic)
		}
	}

	if len(r.Notes) > 0 {
		fmt.Fprintf(&b, "\nGhi chú\n")
		for _, n := range r.Notes {
			fmt.Fprintf(&b, "  %-9s %s\n", n.CriterionID, n.Text)
		}
	}

	r.writeCounts(&b)

	d := r.Discrepancies()
	fmt.Fprintf(&b, "\nĐã đối chiếu %d số liệu; chênh lệch: %d\n", len(r.Checks), len(d))
	for _, k := range d {
		fmt.Fprintf(&b, "  %s\n", k.Message(name))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Message describes a failed check on one line: where the stated figure is, what it says and
// what the arithmetic gives.
func (k Check) Message(file string) string {
	loc := file
	if k.Line > 0 {
		loc = fmt.Sprintf("%s:%d", file, k.Line)
	}
	who := ""
	if k.CriterionID != "" {
		who = "tiêu chí " + k.CriterionID + ": "
	}
	return fmt.Sprintf("%s: %s: %s%s ghi %s%s nhưng tính được %s%s (%s)",
		loc, k.Path, who, k.What, Quote(k.Stated), k.Unit, k.Computed.Fixed(k.Places, ','), k.Unit, k.Arithmetic)
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// pad pads by runes, not bytes, so Vietnamese names line up.
func pad(s string, n int) string {
	if c := utf8.RuneCountInString(s); c < n {
		return s + strings.Repeat(" ", n-c)
	}
	return s
}
