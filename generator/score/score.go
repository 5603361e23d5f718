// Package score recomputes the PAR-index figures of a dataset: every node's score from its
// children, rule-derived scores (proportional, banded, sum of parts), and criterion 1.2 from all
// the other criteria of fields 1–7. Every figure the dataset also states is compared with the
// computed one, so a report can only print figures that add up.
package score

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/decimal"
)

// Places is the number of decimal places a score is kept to, as the appraisal team keeps them.
const Places = 2

var hundred = decimal.New(100)

// Node is a criterion with its computed score.
type Node struct {
	ID   string
	Name string
	// Path is the criterion's key path in the dataset ("fields[0].criteria[1]").
	Path   string
	Max    decimal.Dec
	Stated *decimal.Dec // the score the dataset states, if any
	// Score is the computed score: a stated leaf's own score, a rule's result (kept to two
	// places), or for a node with children its maximum less the points they lost.
	Score    decimal.Dec
	Rate     *decimal.Dec // the rate (percent) a proportional, banded or completion rule used
	Band     string       // the band a banded rule chose
	Children []*Node
	// Arithmetic shows how Score (or a sum rule's total) was obtained, in the document's notation.
	Arithmetic string
	// Reason is the dataset's reason with the figures it quotes filled in from the computation.
	Reason string
	Source *dataset.Criterion
}

// Lost returns the points the node lost: Max − Score.
func (n *Node) Lost() decimal.Dec { return n.Max.Sub(n.Score) }

// LostPoints reports whether the node lost points at the precision scores are kept to.
func (n *Node) LostPoints() bool { return n.Score.Round(Places).Cmp(n.Max) < 0 }

// Check is one comparison of a figure the dataset states with the figure the engine computes.
type Check struct {
	CriterionID string
	Path        string // key path of the stated figure, e.g. "fields[0].criteria[0].rule.stated_rate"
	Line        int
	What        string // "điểm", "tỷ lệ", "tổng các điểm thành phần"
	Unit        string // "", "%"
	Stated      decimal.Dec
	Computed    decimal.Dec
	// Places is the precision of the comparison: the stated figure's own.
	Places     int
	Arithmetic string
	OK         bool
}

// Note is information for the reader that is not a discrepancy.
type Note struct {
	CriterionID string
	Path        string
	Line        int
	Text        string
}

// Completion is the derivation of criterion 1.2.
type Completion struct {
	Node     *Node
	MaxAll   decimal.Dec // maxima of fields 1–7
	AtStake  decimal.Dec // MaxAll less the maximum of 1.2
	LostElse decimal.Dec // points lost everywhere else in fields 1–7
	Obtained decimal.Dec // AtStake − LostElse
	Rate     decimal.Dec // exact percentage
}

// Result is the computed criteria tree of one dataset.
type Result struct {
	Fields     []*Node
	Completion *Completion // nil when the dataset has no completion rule
	Checks     []Check
	Notes      []Note
	// Counted are the ids of the fields the total and criterion 1.2 count: the completion
	// rule's fields, or dataset.DefaultCompletionFields.
	Counted []string
	// Rows are the appendix's numbered rows, in order: the nodes the dataset names
	// (appendix.rows), or every field, that lost points.
	Rows []*Node
	// Progress counts the remedied items by status, in total and per field.
	Progress Counts
	byID     map[string]*Node
}

// Node returns the node with the given id, or nil.
func (r *Result) Node(id string) *Node { return r.byID[id] }

// Discrepancies returns the checks that failed, in the order of the dataset.
func (r *Result) Discrepancies() []Check {
	var out []Check
	for _, c := range r.Checks {
		if !c.OK {
			out = append(out, c)
		}
	}
	return out
}

// Total returns the maximum and the computed score of the counted fields together.
func (r *Result) Total() (max, score decimal.Dec) {
	for _, f := range r.Fields {
		if r.Counts(f) {
			max, score = max.Add(f.Max), score.Add(f.Score)
		}
	}
	return max, score
}

// Counts reports whether the field counts towards the total and criterion 1.2.
func (r *Result) Counts(field *Node) bool { return slices.Contains(r.Counted, field.ID) }

// CountedLabel names the counted fields as the documents do: "1–7", "1–8", "1, 2, 4".
func (r *Result) CountedLabel() string {
	ids := r.Counted
	run := len(ids) > 1
	for i, id := range ids {
		if n, err := strconv.Atoi(id); err != nil || i > 0 && strconv.Itoa(n-1) != ids[i-1] {
			run = false
		}
	}
	if run {
		return ids[0] + "–" + ids[len(ids)-1]
	}
	return strings.Join(ids, ", ")
}

// Compute builds the scored tree of a validated dataset. Its error, if any, is a
// dataset.ErrorList naming the file, line and key path (a rule that cannot be applied, a reason
// that quotes an unknown figure).
func Compute(ds *dataset.Dataset) (*Result, error) {
	c := &computer{ds: ds, res: &Result{byID: map[string]*Node{}, Counted: dataset.DefaultCompletionFields}}
	for i := range ds.Fields {
		c.res.Fields = append(c.res.Fields, c.build(&ds.Fields[i], fmt.Sprintf("fields[%d]", i)))
	}
	if c.completion != nil {
		c.complete()
	}
	for _, f := range c.res.Fields {
		describeSums(f)
		c.check(f)
	}
	c.count()
	for _, f := range c.res.Fields {
		c.expandReasons(f)
	}
	c.rows()
	if len(c.errs) > 0 {
		return nil, c.errs
	}
	return c.res, nil
}

type computer struct {
	ds         *dataset.Dataset
	res        *Result
	completion *Node
	errs       dataset.ErrorList
}

func (c *computer) errorf(path, format string, args ...any) {
	c.errs = append(c.errs, &dataset.Error{File: c.ds.Name, Line: c.ds.Line(path), Path: path, Msg: fmt.Sprintf(format, args...)})
}

func (c *computer) build(src *dataset.Criterion, path string) *Node {
	n := &Node{ID: src.ID, Name: src.Name, Path: path, Max: src.Max, Stated: src.Score, Source: src}
	c.res.byID[n.ID] = n
	for i := range src.Criteria {
		n.Children = append(n.Children, c.build(&src.Criteria[i], fmt.Sprintf("%s.criteria[%d]", path, i)))
	}
	if len(n.Children) > 0 {
		c.sum(n)
		return n
	}
	rule := src.Rule
	kind := dataset.RuleStated
	if rule != nil && rule.Kind != "" {
		kind = rule.Kind
	}
	switch kind {
	case dataset.RuleStated, dataset.RuleSum:
		n.Score = n.Max // a field listed without a score lost nothing (fields 3 and 5 of the seed)
		if n.Stated != nil {
			n.Score = *n.Stated
		}
		if kind == dataset.RuleSum {
			c.sumParts(n)
		} else if rule != nil {
			c.statedReading(n)
		}
	case dataset.RuleProportional:
		rate, ok := c.rate(n)
		if !ok {
			return n
		}
		n.Score = rate.Mul(n.Max).Quo(hundred).Round(Places)
		n.Arithmetic = fmt.Sprintf("%s%% × %s = %s", pct(rate), pts(n.Max), pts(n.Score))
		if rule.Count != nil {
			n.Arithmetic = fmt.Sprintf("%s × %s = %s", counted(rule, pct(rate)+"%"), pts(n.Max), pts(n.Score))
		}
	case dataset.RuleBanded:
		c.banded(n)
	case dataset.RuleCompletion:
		// Scored last, from every other criterion; until then it loses nothing.
		n.Score = n.Max
		c.completion = n
		c.res.Counted = rule.CompletionFields()
	}
	return n
}

// rows picks the appendix's numbered rows and checks that every criterion that lost points
// lies in one of them, so the appendix leaves none out.
func (c *computer) rows() {
	ids := c.ds.Appendix.Rows
	if len(ids) == 0 {
		for _, f := range c.res.Fields {
			if f.LostPoints() {
				c.res.Rows = append(c.res.Rows, f)
			}
		}
		return
	}
	in := make(map[*Node]bool, len(ids))
	for _, id := range ids {
		if n := c.res.byID[id]; n != nil {
			in[n] = true
			if n.LostPoints() {
				c.res.Rows = append(c.res.Rows, n)
			}
		}
	}
	var walk func(n *Node, covered bool)
	walk = func(n *Node, covered bool) {
		covered = covered || in[n]
		if len(n.Children) == 0 && n.LostPoints() && !covered {
			c.errorf("appendix.rows", "tiêu chí %s bị trừ điểm nhưng không thuộc dòng nào của phụ lục: thêm %q hoặc một tiêu chí chứa nó vào rows", n.ID, n.ID)
		}
		for _, ch := range n.Children {
			walk(ch, covered)
		}
	}
	for _, f := range c.res.Fields {
		walk(f, false)
	}
}

// sum scores a node with children: its maximum less the points they lost.
func (c *computer) sum(n *Node) {
	lost := decimal.Dec{}
	for _, ch := range n.Children {
		lost = lost.Add(ch.Lost())
	}
	n.Score = n.Max.Sub(lost)
}

// describeSums writes the arithmetic of every node with children, once the scores are final.
func describeSums(n *Node) {
	if len(n.Children) == 0 {
		return
	}
	terms := []string{pts(n.Max)}
	for _, ch := range n.Children {
		describeSums(ch)
		if l := ch.Lost(); l.Sign() != 0 {
			terms = append(terms, pts(l)+" ("+ch.ID+")")
		}
	}
	n.Arithmetic = strings.Join(terms, " − ") + " = " + pts(n.Score)
}

// rate returns a rule's percentage: its rate, or count of total.
func (c *computer) rate(n *Node) (decimal.Dec, bool) {
	r := n.Source.Rule
	var rate decimal.Dec
	switch {
	case r.Count != nil && r.Total != nil && *r.Total > 0:
		// The counts are exact; a rate written beside them is checked against them.
		rate = decimal.Ratio(*r.Count*100, *r.Total)
	case r.Rate != nil:
		rate = *r.Rate
	default:
		return decimal.Dec{}, false
	}
	n.Rate = &rate
	return rate, true
}

func (c *computer) banded(n *Node) {
	r := n.Source.Rule
	rate, ok := c.rate(n)
	var chosen *dataset.Band
	if ok {
		chosen = dataset.FirstBand(r.Bands, rate)
	} else {
		for i := range r.Bands {
			if r.Bands[i].Label == r.Band {
				chosen = &r.Bands[i]
				break
			}
		}
	}
	path := n.Path + ".rule"
	if chosen == nil {
		if ok {
			c.errorf(path+".bands", "tiêu chí %s: tỷ lệ %s%% không thuộc khung nào", n.ID, pct(rate))
		} else {
			c.errorf(path+".band", "tiêu chí %s: không có khung %q trong bands", n.ID, r.Band)
		}
		return
	}
	n.Band = chosen.Label
	n.Score = chosen.Score
	if ok {
		how := pct(rate) + "%"
		if r.Count != nil {
			how = counted(r, how)
		}
		n.Arithmetic = fmt.Sprintf("%s → khung %q → %s", how, chosen.Label, pts(n.Score))
	} else {
		n.Arithmetic = fmt.Sprintf("khung %q → %s", chosen.Label, pts(n.Score))
	}
}

// statedReading notes what a proportional reading of a stated score's recorded inputs would
// give: the appraisal team gave no rule, so it is not a discrepancy, but a reader may ask
// (criterion 1.5 of the seed: 7 of 9 shortcomings fixed would give 0,78, the team gave 0,89).
func (c *computer) statedReading(n *Node) {
	rate, ok := c.rate(n)
	if !ok {
		return
	}
	reading := rate.Mul(n.Max).Quo(hundred).Round(Places)
	how := pct(rate) + "%"
	if r := n.Source.Rule; r.Count != nil {
		how = counted(r, how)
	}
	same := "trùng với điểm đã cho"
	if !reading.Equal(n.Score) {
		same = fmt.Sprintf("khác điểm %s Đoàn thẩm định đã cho; quy tắc chấm không được nêu nên không đối chiếu", pts(n.Score))
	}
	c.res.Notes = append(c.res.Notes, Note{CriterionID: n.ID, Path: n.Path + ".rule", Line: c.ds.Line(n.Path + ".rule"),
		Text: fmt.Sprintf("nếu tính theo tỷ lệ: %s × %s = %s, %s", how, pts(n.Max), pts(reading), same)})
}

// sumParts adds up the parts of an underlying assessment (the 15 marks of the web portal).
func (c *computer) sumParts(n *Node) {
	r := n.Source.Rule
	var total decimal.Dec
	terms := make([]string, len(r.Parts))
	for i, p := range r.Parts {
		total = total.Add(p)
		terms[i] = asWritten(p)
	}
	places := 0
	for _, p := range r.Parts {
		places = max(places, p.Places())
	}
	total = total.WithPlaces(places)
	n.Arithmetic = strings.Join(terms, " + ") + " = " + asWritten(total)
	if r.StatedTotal != nil {
		c.add(Check{CriterionID: n.ID, Path: n.Path + ".rule.stated_total", What: "tổng các điểm thành phần",
			Stated: *r.StatedTotal, Computed: total, Places: statedPlaces(*r.StatedTotal, places), Arithmetic: n.Arithmetic})
	}
}

// complete scores criterion 1.2: the completion rate of every other criterion of fields 1–7,
// times its maximum.
func (c *computer) complete() {
	n := c.completion
	cp := &Completion{Node: n}
	for _, f := range c.res.Fields {
		if c.res.Counts(f) {
			cp.MaxAll = cp.MaxAll.Add(f.Max)
			cp.LostElse = cp.LostElse.Add(f.Lost()) // 1.2 loses nothing yet
		}
	}
	cp.AtStake = cp.MaxAll.Sub(n.Max)
	cp.Obtained = cp.AtStake.Sub(cp.LostElse)
	if cp.AtStake.Sign() <= 0 {
		c.errorf(n.Path+".rule", "tiêu chí %s: tổng điểm tối đa các lĩnh vực %s (trừ tiêu chí %s) bằng 0", n.ID, c.res.CountedLabel(), n.ID)
		return
	}
	cp.Rate = cp.Obtained.Mul(hundred).Quo(cp.AtStake)
	n.Rate = &cp.Rate
	factor, how := n.Max, pts(n.Max)
	if f := n.Source.Rule.Factor; f != nil {
		factor, how = *f, asWritten(*f)
	}
	n.Score = cp.Rate.Mul(factor).Quo(hundred).Round(Places)
	n.Arithmetic = fmt.Sprintf("(%s*%s)/100 = %s", pct(cp.Rate), how, pts(n.Score))
	c.res.Completion = cp
	// The sums above 1.2 change now that it has lost points.
	for _, f := range c.res.Fields {
		c.resum(f)
	}
}

func (c *computer) resum(n *Node) {
	if len(n.Children) == 0 {
		return
	}
	for _, ch := range n.Children {
		c.resum(ch)
	}
	c.sum(n)
}

// check compares every figure the dataset states with the computed one.
func (c *computer) check(n *Node) {
	for _, ch := range n.Children {
		c.check(ch)
	}
	if n.Stated != nil {
		arith := n.Arithmetic
		if arith == "" {
			arith = "điểm do Đoàn thẩm định cho"
		}
		c.add(Check{CriterionID: n.ID, Path: n.Path + ".score", What: "điểm", Stated: *n.Stated,
			Computed: n.Score, Places: statedPlaces(*n.Stated, Places), Arithmetic: arith})
	}
	if r := n.Source.Rule; r != nil && r.Rate != nil && r.Count != nil && n.Rate != nil {
		// The rate the team wrote beside its counts, at the precision it was written with.
		c.add(Check{CriterionID: n.ID, Path: n.Path + ".rule.rate", What: "tỷ lệ", Unit: "%",
			Stated: *r.Rate, Computed: *n.Rate, Places: statedPlaces(*r.Rate, 0), Arithmetic: counted(r, pct(*n.Rate)+"%")})
	}
	if r := n.Source.Rule; r != nil && r.StatedRate != nil && n.Rate != nil {
		arith := pct(*n.Rate) + "%"
		switch {
		case c.res.Completion != nil && c.res.Completion.Node == n:
			cp := c.res.Completion
			arith = fmt.Sprintf("(%s*100)/%s = %s%%", pts(cp.Obtained), pts(cp.AtStake), pct(cp.Rate))
		case r.Count != nil:
			arith = counted(r, pct(*n.Rate)+"%")
		}
		c.add(Check{CriterionID: n.ID, Path: n.Path + ".rule.stated_rate", What: "tỷ lệ", Unit: "%",
			Stated: *r.StatedRate, Computed: *n.Rate, Places: statedPlaces(*r.StatedRate, 0), Arithmetic: arith})
	}
}

func (c *computer) add(k Check) {
	k.Line = c.ds.Line(k.Path)
	k.OK = k.Computed.Round(k.Places).Equal(k.Stated)
	c.res.Checks = append(c.res.Checks, k)
}

// statedPlaces is the precision at which a stated figure is compared: the places it was
// written with, and at least min (a score written "0.5" is still compared to the hundredth).
func statedPlaces(d decimal.Dec, min int) int {
	return max(d.Places(), min)
}

// counted writes how counts give a rate: "2052/6840 = 30%"; the one home of that notation.
func counted(r *dataset.Rule, rate string) string {
	return fmt.Sprintf("%d/%d = %s", *r.Count, *r.Total, rate)
}

// pts formats a score: two places, decimal comma.
func pts(d decimal.Dec) string { return d.Fixed(Places, ',') }

// pct formats a rate to two places with trailing zeros trimmed: 92,89; 85; 84,21.
func pct(d decimal.Dec) string {
	s := d.Fixed(2, ',')
	if strings.Contains(s, ",") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ",")
	}
	return s
}

// asWritten formats a figure with the places it was written with, decimal comma: 1,5; 95,5; 10.
func asWritten(d decimal.Dec) string {
	p := d.Places()
	if p < 0 {
		p = Places
	}
	return d.Fixed(p, ',')
}

// Points formats a score as the documents print it: "9,03".
func Points(d decimal.Dec) string { return pts(d) }

// MaxPoints formats a maximum as the appraisal team wrote it: "1", "11", "1,50", "0,5".
func MaxPoints(d decimal.Dec) string { return asWritten(d) }

// Percent formats a rate as the documents print it, without the sign: "92,89", "85".
func Percent(d decimal.Dec) string { return pct(d) }

// Quote formats a figure with the places it was written with: "90,0", "95,5".
func Quote(d decimal.Dec) string { return asWritten(d) }
