package batch

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// MaxShards is the most slices a batch can be cut into: more runners than that would each
// render a handful of dates and spend their time starting up.
const MaxShards = 256

// Shard is the I-th (from 1) of N slices of a batch's datasets. A dataset's slice depends only
// on its file's base name, so adding files never moves the others to another slice. The zero
// value is the whole batch.
type Shard struct{ I, N int }

// ParseShard reads "I/N".
func ParseShard(s string) (Shard, error) {
	i, n, ok := strings.Cut(s, "/")
	a, err1 := strconv.Atoi(i)
	b, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("--shard %q: cần dạng I/N, ví dụ 2/4", s)
	}
	if b < 1 || b > MaxShards || a < 1 || a > b {
		return Shard{}, fmt.Errorf("--shard %q: cần 1 ≤ I ≤ N ≤ %d", s, MaxShards)
	}
	return Shard{a, b}, nil
}

// String is "I/N", or "" for the zero Shard.
func (s Shard) String() string {
	if s.N == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.I, s.N)
}

// Has reports whether the dataset in file belongs to the shard.
func (s Shard) Has(file string) bool {
	if s.N <= 1 {
		return true
	}
	h := fnv.New64a()
	h.Write([]byte(filepath.Base(file)))
	return int(h.Sum64()%uint64(s.N)) == s.I-1
}

// Select returns the files that belong to the shard, in their order.
func (s Shard) Select(files []string) []string {
	var out []string
	for _, f := range files {
		if s.Has(f) {
			out = append(out, f)
		}
	}
	return out
}

// Merge joins the summaries of the N shards of one batch, given as summary.json files or the
// output folders holding them, into the summary the whole batch would have written. It
// refuses a missing or repeated shard, shards of different cuts, and a dataset or output file
// found in two shards.
func Merge(paths []string) (*Summary, error) {
	var errs []error
	var sums []*Summary
	var from []string
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			p = filepath.Join(p, SummaryFile)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		var s Summary
		if err := json.Unmarshal(b, &s); err != nil {
			errs = append(errs, fmt.Errorf("%s: không đọc được tóm tắt: %w", p, err))
			continue
		}
		sums, from = append(sums, &s), append(from, p)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	n := 0
	seen := map[int]string{}
	for k, s := range sums {
		sh, err := ParseShard(s.Shard)
		if err != nil || s.Shard == "" {
			errs = append(errs, fmt.Errorf("%s: không phải tóm tắt của một phần (--shard I/N)", from[k]))
			continue
		}
		if n == 0 {
			n = sh.N
		}
		if sh.N != n {
			errs = append(errs, fmt.Errorf("%s: phần %s không cùng cách chia với %d phần", from[k], s.Shard, n))
			continue
		}
		if prev, dup := seen[sh.I]; dup {
			errs = append(errs, fmt.Errorf("%s: phần %s trùng với %s", from[k], s.Shard, prev))
			continue
		}
		seen[sh.I] = from[k]
	}
	for i := 1; i <= n; i++ {
		if _, ok := seen[i]; !ok && len(errs) == 0 {
			errs = append(errs, fmt.Errorf("thiếu phần %d/%d", i, n))
		}
	}
	merged := &Summary{}
	// An output file in two shards is an overlap too: two departments may share a date, but
	// never a folder and a date.
	byDataset, byFile := map[string]string{}, map[string]string{}
	for k, s := range sums {
		for _, e := range s.Entries {
			if prev, dup := byDataset[e.Dataset]; dup {
				errs = append(errs, fmt.Errorf("%s: bộ dữ liệu %s đã có trong %s", from[k], e.Dataset, prev))
				continue
			}
			byDataset[e.Dataset] = from[k]
			for _, o := range e.Outputs {
				if prev, dup := byFile[o.File]; dup && prev != from[k] {
					errs = append(errs, fmt.Errorf("%s: tệp %s đã có trong %s", from[k], o.File, prev))
				}
				byFile[o.File] = from[k]
			}
			merged.Entries = append(merged.Entries, e)
		}
		merged.Datasets += s.Datasets
		merged.Failed += s.Failed
		// Every shard saw the same inputs, so each lists the same skipped paths.
		for _, k := range s.Skipped {
			if !slices.Contains(merged.Skipped, k) {
				merged.Skipped = append(merged.Skipped, k)
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	slices.SortFunc(merged.Entries, func(a, b Entry) int { return strings.Compare(a.Dataset, b.Dataset) })
	return merged, nil
}
