package change

import (
	"slices"
	"strings"
)

// Dated is one dataset as the rule for the previous reporting date sees it: a department's
// datasets are compared each with the one of the department's latest earlier date that loads
// (`baocao batch`, `baocao serve`).
type Dated struct {
	Dept string // the department: the folder of the dataset's file
	// Date is the reporting date (appendix.as_of) as ISO text; "" when the dataset claims none
	// (it did not load): it then has no previous date and is nobody's.
	Date string
}

// Predecessors orders ds by reporting date — the datasets without a date first, in ds's order,
// then the others by date, stably — and links each dataset to the one of its department's
// latest earlier date (pred[i], −1 for none). A date that several datasets of a department
// claim is nobody's previous date (a batch refuses them all); the datasets at that date are
// still linked to the date before. Whether a linked dataset loads is Previous's question.
func Predecessors(ds []Dated) (order, pred []int) {
	pred = make([]int, len(ds))
	var dated []int
	for i := range ds {
		pred[i] = -1
		if ds[i].Date == "" {
			order = append(order, i)
		} else {
			dated = append(dated, i)
		}
	}
	slices.SortStableFunc(dated, func(a, b int) int { return strings.Compare(ds[a].Date, ds[b].Date) })
	claims := map[Dated]int{}
	for _, i := range dated {
		claims[ds[i]]++
	}
	// By department: its latest date so far (at), the dataset at it (last), and the dataset
	// that date's datasets link to (prev).
	type latest struct {
		at         string
		last, prev int
	}
	by := map[string]*latest{}
	for _, i := range dated {
		d := ds[i]
		l := by[d.Dept]
		if l == nil {
			l = &latest{last: -1, prev: -1}
			by[d.Dept] = l
		}
		if d.Date != l.at {
			if l.at != "" && claims[Dated{d.Dept, l.at}] == 1 {
				l.prev = l.last
			}
			l.at, l.last = d.Date, i
		}
		pred[i] = l.prev
	}
	return append(order, dated...), pred
}

// Previous follows pred (Predecessors') from dataset i back to the first dataset that loads —
// loads(j) is asked latest first — and returns it: i's previous reporting date, −1 for none.
func Previous(pred []int, i int, loads func(j int) bool) int {
	for j := pred[i]; j >= 0; j = pred[j] {
		if loads(j) {
			return j
		}
	}
	return -1
}
