package serve

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/baocao-vn/baocao/generator"
	"github.com/baocao-vn/baocao/generator/change"
	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/form"
)

// previous is the reporting date a page's report is compared with: the dataset of the
// folder's latest earlier date that loads, found by the rule `baocao batch` uses
// (change.Predecessors), so that the report downloaded here is the batch's and
// `render --previous`'s.
type previous struct {
	Name string `json:"name,omitempty"` // its file; "" for none
	// Note says on the page which file the report is compared with, or that there is none.
	Note string `json:"note"`
	// Warnings are the history that does not add up against it (change.Diff.Warnings), as
	// the batch records them and render --previous prints them.
	Warnings []string `json:"warnings,omitempty"`
	diff     *change.Diff
}

// options are the rendering options of the report compared with it.
func (p previous) options() generator.Options { return generator.Options{Change: p.diff} }

// dated is what the rule needs of one file of the folder, kept while the file does not change.
type dated struct {
	stat   os.FileInfo
	digest string           // of the bytes it was read from
	date   string           // appendix.as_of, ISO; "" when the dataset does not load
	snap   *change.Snapshot // what the comparison needs of it; nil when it does not score
}

// previousOf finds the previous reporting date of the named file as the page has it (g, with
// its edits: the as-of date may be one of them) among the folder's other files.
func (h *Handler) previousOf(name string, g *form.Form) previous {
	asOf, ok := viewAsOf(g.View())
	if !ok {
		return previous{Note: "Chưa so sánh được với kỳ trước: ngày cập nhật số liệu (appendix.as_of) chưa hợp lệ."}
	}
	names, _, err := h.listFiles()
	if err != nil {
		return previous{Note: "Chưa so sánh được với kỳ trước: " + err.Error()}
	}
	if len(names) > MaxFiles {
		names = names[:MaxFiles]
	}
	var files []string
	var ds []change.Dated
	var snaps []*change.Snapshot
	for _, n := range names {
		if n == name {
			continue // its version on the page stands for it
		}
		d := h.dateOf(n)
		files = append(files, n)
		ds = append(ds, change.Dated{Date: d.date})
		snaps = append(snaps, d.snap)
	}
	cur := len(ds)
	ds = append(ds, change.Dated{Date: asOf.ISO()})
	// A date two files of the folder claim is refused for both by `baocao batch`: say so here,
	// where the clerk can still change it, rather than when the batch runs.
	var same []string
	for k, d := range ds[:cur] {
		if d.Date == ds[cur].Date {
			same = append(same, files[k])
		}
	}
	clash := func(p previous) previous {
		if len(same) > 0 {
			p.Warnings = append([]string{fmt.Sprintf("%s cũng có ngày cập nhật số liệu %s: baocao batch từ chối mọi tệp trùng ngày báo cáo; sửa ngày (appendix.as_of) của một trong các tệp.",
				strings.Join(same, ", "), asOf)}, p.Warnings...)
		}
		return p
	}
	_, pred := change.Predecessors(ds)
	// Only the files that load have a date: the first one linked loads.
	j := change.Previous(pred, cur, func(int) bool { return true })
	if j < 0 {
		return clash(previous{Note: "Không có kỳ báo cáo trước (tệp .toml có ngày cập nhật số liệu trước " + asOf.String() +
			") trong thư mục: báo cáo không có phần so sánh với kỳ trước."})
	}
	p := previous{Name: files[j]}
	if snaps[j] == nil {
		p.Note = fmt.Sprintf("Kỳ trước là %s nhưng tệp đó còn lỗi điểm số: không so sánh được, báo cáo không có phần so sánh với kỳ trước.", files[j])
		return clash(p)
	}
	prep := g.Prepared()
	p.Note = fmt.Sprintf("So sánh với kỳ trước: %s (số liệu đến ngày %s).", files[j], snaps[j].AsOf)
	if prep != nil {
		p.diff = snaps[j].Compare(prep.Dated())
		p.Warnings = p.diff.Warnings()
	}
	return clash(p)
}

// viewAsOf is the as-of date the page shows, when it is a date.
func viewAsOf(v *form.View) (dataset.Date, bool) {
	path := dataset.At(dataset.KeyAppendix, dataset.KeyAsOf)
	for _, f := range v.Meta {
		if f.Path == path {
			d, err := dataset.ParseDate(f.Value)
			return d, err == nil
		}
	}
	return dataset.Date{}, false
}

// dateOf returns the named file's reporting date and snapshot, parsed again only when the file
// changed: the same inode, size and modification time, that time more than a second ago, say
// it did not; else its bytes are read and compared (a write within the clock's granularity may
// leave the time as it was).
func (h *Handler) dateOf(name string) dated {
	st, err := os.Lstat(filepath.Join(h.dir, name))
	if err != nil {
		return dated{}
	}
	h.datesMu.Lock()
	d, ok := h.dates[name]
	h.datesMu.Unlock()
	if ok && os.SameFile(d.stat, st) && d.stat.Size() == st.Size() && d.stat.ModTime().Equal(st.ModTime()) &&
		time.Since(st.ModTime()) > time.Second {
		return d
	}
	src, err := h.readFile(name)
	if err != nil {
		return dated{}
	}
	sum := digest(src)
	if !ok || d.digest != sum {
		d = dated{digest: sum}
		if ds, err := dataset.Parse(name, src); err == nil {
			d.date = ds.Appendix.AsOf.ISO()
			if p, err := generator.Score(ds); err == nil {
				d.snap = p.Snapshot()
			}
		}
	}
	d.stat = st
	h.datesMu.Lock()
	h.dates[name] = d // at most one per file name, and names are files of the folder
	h.datesMu.Unlock()
	return d
}
