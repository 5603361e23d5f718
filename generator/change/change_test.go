package change_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator"
	"github.com/baocao-vn/baocao/generator/change"
	"github.com/baocao-vn/baocao/generator/dataset"
)

func load(t testing.TB, date string) *generator.Prepared {
	t.Helper()
	p, err := generator.Load("../../samples/" + date + ".toml")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCompareSamples(t *testing.T) {
	d := generator.Compare(load(t, "2022-09-14"), load(t, "2022-12-15"))
	type row struct {
		key             string
		status, progres bool
		completed       bool
	}
	var got []row
	for _, it := range d.Changed() {
		got = append(got, row{it.Key[:min(len(it.Key), 20)], it.StatusChanged(), it.ProgressChanged(), it.Completed()})
	}
	want := []row{
		{"1.6", false, true, false},
		{"4.1.1", false, true, false},
		{"7.2.6", true, true, true},
		{"Chưa có bài báo tuy", true, true, true},
	}
	if len(got) != len(want) {
		t.Fatalf("changes %+v, want %+v", got, want)
	}
	for i := range want {
		if !strings.HasPrefix(want[i].key, got[i].key[:min(len(got[i].key), len(want[i].key))]) || got[i].status != want[i].status ||
			got[i].progres != want[i].progres || got[i].completed != want[i].completed {
			t.Errorf("change %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if s := d.Summary(); s != "so với 14/9/2022: hoàn thành thêm 2, còn 6 đang thực hiện, 2 chưa thực hiện" {
		t.Errorf("summary %q", s)
	}
	if s := d.Sentence(); s != "So với báo cáo số liệu đến ngày 14/9/2022: hoàn thành thêm 02 nội dung, còn 06 đang thực hiện, 02 chưa thực hiện." {
		t.Errorf("sentence %q", s)
	}
	var b bytes.Buffer
	if err := d.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "trạng thái: đang thực hiện → đã hoàn thành ngày 30/11/2022 (Thông báo số 95/TB-SNgV ngày 30/11/2022)") {
		t.Errorf("text:\n%s", b.String())
	}
}

// TestAddedRemovedScores: a criterion dropped, one added, a score moved.
func TestAddedRemovedScores(t *testing.T) {
	old, new := load(t, "2022-09-14"), load(t, "2022-12-15")
	src, err := generator.Load("../../samples/2022-12-15.toml")
	if err != nil {
		t.Fatal(err)
	}
	_ = src
	// Rename a criterion in the later tree: the old id is removed, the new one added.
	f := &new.Data.Fields[0].Criteria[3] // 1.7
	f.ID = "1.8"
	new.Scores.Fields[0].Children[3].ID = "1.8"
	new.Scores.Fields[0].Children[2].Score = new.Scores.Fields[0].Children[2].Max // 1.6 now full marks
	d := generator.Compare(old, new)
	var added, removed, scored []string
	for _, it := range d.Changed() {
		switch {
		case it.Added():
			added = append(added, it.Key)
		case it.Removed():
			removed = append(removed, it.Key)
		case it.ScoreChanged():
			scored = append(scored, it.Key+" "+it.Old.Score+" → "+it.New.Score)
		}
	}
	if strings.Join(added, ",") != "1.8" || strings.Join(removed, ",") != "1.7" || strings.Join(scored, ",") != "1.6 0,75 → 1,00" {
		t.Errorf("added %v removed %v scored %v", added, removed, scored)
	}
	if d.Items[len(d.Items)-1].Key != "1.7" {
		t.Errorf("removed items go last")
	}
	_ = dataset.StatusDone
	_ = change.KindCriterion
}

// BenchmarkDiff compares the two samples already loaded and writes the JSON.
func BenchmarkDiff(b *testing.B) {
	old, new := load(b, "2022-09-14"), load(b, "2022-12-15")
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := generator.Compare(old, new).WriteJSON(&buf); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDiffFiles is the whole of `baocao diff`: both files read, validated and scored,
// compared and printed.
func BenchmarkDiffFiles(b *testing.B) {
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		ps, errs := generator.LoadAll("../../samples/2022-09-14.toml", "../../samples/2022-12-15.toml")
		if errs[0] != nil || errs[1] != nil {
			b.Fatal(errs)
		}
		if err := generator.Compare(ps[0], ps[1]).WriteText(&buf); err != nil {
			b.Fatal(err)
		}
	}
}

func TestWarnings(t *testing.T) {
	old, new := load(t, "2022-09-14"), load(t, "2022-12-15")
	// 7.2.6 done on 30/11/2022 in the later dataset; move that date before 14/9/2022, when the
	// earlier report still showed it open.
	leaf := new.Scores.Node("7.2.6").Source
	leaf.State.Done = dataset.Date{Year: 2022, Month: 9, Day: 1}
	// A self-check item done in the earlier dataset and open again in the later one.
	items := new.Data.Report.Sections[1].Blocks[1].Items
	items[2].State = dataset.State{Status: dataset.StatusInProgress}
	w := generator.Compare(old, new).Warnings()
	if len(w) != 2 {
		t.Fatalf("warnings %q", w)
	}
	for i, want := range []string{
		"2022-12-15.toml:", // file:line
		"Tiêu chí 7.2.6: Việc sắp xếp và lưu trữ hồ sơ: ngày hoàn thành 01/9/2022 không sau ngày 14/9/2022, nhưng báo cáo số liệu đến ngày đó (../../samples/2022-09-14.toml:",
	} {
		_ = i
		if !strings.Contains(w[0], want) {
			t.Errorf("warning %q lacks %q", w[0], want)
		}
	}
	if !strings.Contains(w[1], "Một số phòng, đơn vị thiếu danh mục tài liệu") || !strings.Contains(w[1], `đã hoàn thành ngày 31/8/2022 theo báo cáo số liệu đến 14/9/2022`) ||
		!strings.Contains(w[1], `nhưng nay ghi "đang thực hiện"`) {
		t.Errorf("warning %q", w[1])
	}
	if w := generator.Compare(load(t, "2022-09-14"), load(t, "2022-12-15")).Warnings(); len(w) != 0 {
		t.Errorf("the samples' history adds up, got %q", w)
	}
}
