package score

// JSONNode is a node of the tree as `baocao check --json` prints it; figures are strings with
// a decimal point, exact to the places they are kept to.
type JSONNode struct {
	ID         string      `json:"id"`
	Name       string      `json:"name"`
	Max        string      `json:"max"`
	Stated     *string     `json:"stated,omitempty"`
	Computed   string      `json:"computed"`
	Rate       *string     `json:"rate,omitempty"`
	Arithmetic string      `json:"arithmetic,omitempty"`
	Children   []*JSONNode `json:"children,omitempty"`
}

// JSONCheck is a comparison as `baocao check --json` prints it.
type JSONCheck struct {
	Criterion  string `json:"criterion"`
	Path       string `json:"path"`
	Line       int    `json:"line"`
	What       string `json:"what"`
	Stated     string `json:"stated"`
	Computed   string `json:"computed"`
	Arithmetic string `json:"arithmetic"`
	OK         bool   `json:"ok"`
	Message    string `json:"message,omitempty"`
}

// JSONCompletion is the derivation of criterion 1.2.
type JSONCompletion struct {
	Criterion string `json:"criterion"`
	MaxAll    string `json:"max_fields_1_7"`
	AtStake   string `json:"at_stake"`
	LostElse  string `json:"lost_elsewhere"`
	Obtained  string `json:"obtained"`
	Rate      string `json:"rate"`
	Score     string `json:"score"`
}

// JSONResult is the whole result of one dataset.
type JSONResult struct {
	File          string          `json:"file"`
	Valid         bool            `json:"valid"`
	Errors        []string        `json:"errors,omitempty"`
	Fields        []*JSONNode     `json:"fields,omitempty"`
	TotalMax      string          `json:"total_max,omitempty"`
	Total         string          `json:"total,omitempty"`
	Completion    *JSONCompletion `json:"completion,omitempty"`
	Checks        []JSONCheck     `json:"checks,omitempty"`
	Notes         []string        `json:"notes,omitempty"`
	Discrepancies int             `json:"discrepancies"`
}

// JSON returns the result in the shape `baocao check --json` prints.
func (r *Result) JSON(file string) *JSONResult {
	out := &JSONResult{File: file, Valid: true}
	var conv func(n *Node) *JSONNode
	conv = func(n *Node) *JSONNode {
		j := &JSONNode{ID: n.ID, Name: n.Name, Max: n.Max.Fixed(Places, '.'), Computed: n.Score.Fixed(Places, '.'), Arithmetic: n.Arithmetic}
		if n.Stated != nil {
			s := n.Stated.String()
			j.Stated = &s
		}
		if n.Rate != nil {
			s := n.Rate.Fixed(2, '.')
			j.Rate = &s
		}
		for _, ch := range n.Children {
			j.Children = append(j.Children, conv(ch))
		}
		return j
	}
	for _, f := range r.Fields {
		out.Fields = append(out.Fields, conv(f))
	}
	tmax, t := r.Total()
	out.TotalMax, out.Total = tmax.Fixed(Places, '.'), t.Fixed(Places, '.')
	if cp := r.Completion; cp != nil {
		out.Completion = &JSONCompletion{Criterion: cp.Node.ID, MaxAll: cp.MaxAll.Fixed(2, '.'), AtStake: cp.AtStake.Fixed(2, '.'),
			LostElse: cp.LostElse.Fixed(2, '.'), Obtained: cp.Obtained.Fixed(2, '.'), Rate: cp.Rate.Fixed(2, '.'), Score: cp.Node.Score.Fixed(2, '.')}
	}
	for _, k := range r.Checks {
		jc := JSONCheck{Criterion: k.CriterionID, Path: k.Path, Line: k.Line, What: k.What, Stated: k.Stated.String(),
			Computed: k.Computed.Fixed(k.Places, '.'), Arithmetic: k.Arithmetic, OK: k.OK}
		if !k.OK {
			jc.Message = k.Message(file)
			out.Discrepancies++
		}
		out.Checks = append(out.Checks, jc)
	}
	for _, n := range r.Notes {
		out.Notes = append(out.Notes, "tiêu chí "+n.CriterionID+": "+n.Text)
	}
	return out
}
