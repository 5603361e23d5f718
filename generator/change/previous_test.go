package change

import (
	"slices"
	"testing"
)

func TestPredecessors(t *testing.T) {
	tests := []struct {
		name     string
		ds       []Dated
		order    []int
		pred     []int
		loads    []bool // nil: all load
		previous []int
	}{
		{"none", nil, nil, []int{}, nil, []int{}},
		{"one department out of order",
			[]Dated{{"a", "2023-03-15"}, {"a", "2022-09-14"}, {"a", "2022-12-15"}},
			[]int{1, 2, 0}, []int{2, -1, 1}, nil, []int{2, -1, 1}},
		{"undated first, unlinked",
			[]Dated{{"a", "2022-12-15"}, {"a", ""}, {"a", "2022-09-14"}},
			[]int{1, 2, 0}, []int{2, -1, -1}, nil, []int{2, -1, -1}},
		{"two departments",
			[]Dated{{"a", "2022-09-14"}, {"b", "2022-09-14"}, {"a", "2022-12-15"}, {"b", "2023-01-01"}},
			[]int{0, 1, 2, 3}, []int{-1, -1, 0, 1}, nil, []int{-1, -1, 0, 1}},
		{"a shared date is nobody's previous",
			[]Dated{{"a", "2022-09-14"}, {"a", "2022-12-15"}, {"a", "2022-12-15"}, {"a", "2023-03-15"}},
			[]int{0, 1, 2, 3}, []int{-1, 0, 0, 0}, nil, []int{-1, 0, 0, 0}},
		{"a date shared across departments is not shared",
			[]Dated{{"a", "2022-09-14"}, {"b", "2022-09-14"}, {"a", "2022-12-15"}},
			[]int{0, 1, 2}, []int{-1, -1, 0}, nil, []int{-1, -1, 0}},
		{"the latest earlier one that loads",
			[]Dated{{"a", "2022-09-14"}, {"a", "2022-12-15"}, {"a", "2023-03-15"}},
			[]int{0, 1, 2}, []int{-1, 0, 1}, []bool{true, false, true}, []int{-1, 0, 0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			order, pred := Predecessors(tc.ds)
			if !slices.Equal(order, tc.order) || !slices.Equal(pred, tc.pred) {
				t.Fatalf("order %v pred %v, want %v %v", order, pred, tc.order, tc.pred)
			}
			for i := range tc.ds {
				got := Previous(pred, i, func(j int) bool { return tc.loads == nil || tc.loads[j] })
				if got != tc.previous[i] {
					t.Errorf("Previous(%d) = %d, want %d", i, got, tc.previous[i])
				}
			}
		})
	}
}
