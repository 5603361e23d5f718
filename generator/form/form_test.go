package form

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator"
	"github.com/baocao-vn/baocao/generator/score"
	"github.com/baocao-vn/baocao/internal/testtool"
)

const sample = "../../samples/2022-09-14.toml"

func openFile(t testing.TB, path string) *Form {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Open(path, src)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// card returns the card of a criterion or item id, failing when there is none.
func card(t testing.TB, v *View, id string) Card {
	t.Helper()
	for _, c := range v.Cards {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no card %s", id)
	return Card{}
}

// field returns the field of a card by its key.
func field(t testing.TB, c Card, key string) Field {
	t.Helper()
	for _, f := range c.Fields {
		if strings.HasSuffix(f.Path, "."+key) {
			return f
		}
	}
	t.Fatalf("card %s has no field %s", c.ID, key)
	return Field{}
}

// problemsAt returns the messages of the problems on path.
func problemsAt(v *View, path string) []string {
	var out []string
	for _, p := range v.Problems {
		if p.Path == path {
			out = append(out, p.Message)
		}
	}
	return out
}

// errorsOf returns the messages of the problems that are not warnings.
func errorsOf(v *View) []string {
	var out []string
	for _, p := range v.Problems {
		if !p.Warning {
			out = append(out, p.Message)
		}
	}
	return out
}

// changedLines compares two texts line by line and returns the lines of b that differ from a,
// numbered from 1; the texts must have the same number of lines.
func changedLines(t *testing.T, a, b []byte) map[int]string {
	t.Helper()
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	if len(la) != len(lb) {
		t.Fatalf("%d lines became %d", len(la), len(lb))
	}
	out := map[int]string{}
	for i := range la {
		if la[i] != lb[i] {
			out[i+1] = lb[i]
		}
	}
	return out
}

// The cards of every sample are the appendix's items, in its order: each field or criterion of
// the appendix's rows that lost points, depth first, then, with appendix.self_check, the
// self-check's shortcomings that carry a status; and the appendix prints each of them.
func TestCardsAreTheAppendixItems(t *testing.T) {
	for _, name := range testtool.Samples(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			f := openFile(t, name)
			v := f.View()
			if !v.Valid || len(errorsOf(v)) > 0 {
				t.Fatalf("sample does not validate: %v", errorsOf(v))
			}
			p := f.Prepared()
			var want []string
			var walk func(n *score.Node)
			walk = func(n *score.Node) {
				if !n.LostPoints() {
					return
				}
				want = append(want, n.Path)
				for _, ch := range n.Children {
					walk(ch)
				}
			}
			for _, n := range p.Scores.Rows {
				walk(n)
			}
			if p.Data.Appendix.SelfCheck {
				_, paths := score.SelfCheckItems(p.Data)
				want = append(want, paths...)
			}
			var got []string
			for _, c := range v.Cards {
				got = append(got, c.Path)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("cards\n%v\nwant the appendix's items\n%v", got, want)
			}
			// Each criterion's card is printed in the appendix as "Tiêu chí <id>", with the
			// card's score.
			var a strings.Builder
			if err := f.Preview(&a, nil); err != nil {
				t.Fatal(err)
			}
			text := htmlText(a.String())
			for _, c := range v.Cards {
				if strings.HasPrefix(c.Path, "report.") {
					if !strings.Contains(text, c.Title) {
						t.Errorf("the appendix does not print the shortcoming %q", c.Title)
					}
					continue
				}
				if !strings.Contains(text, "Tiêu chí "+c.ID+":") || !strings.Contains(text, c.Score+"/"+c.Max) {
					t.Errorf("the appendix does not print criterion %s at %s/%s", c.ID, c.Score, c.Max)
				}
				if c.Lost == "0,00" {
					t.Errorf("card %s lost no points", c.ID)
				}
			}
		})
	}
}

// A card shows its criterion's values as written, dates as dd/mm/yyyy and statuses by their
// labels, each field on the line the file writes it.
func TestCardFields(t *testing.T) {
	f := openFile(t, "../../samples/2022-12-15.toml")
	v := f.View()
	c := card(t, v, "7.2.6")
	src := strings.Split(string(f.Source()), "\n")
	for _, tt := range []struct{ key, value string }{
		{"status", "Đã hoàn thành"},
		{"done", "30/11/2022"},
		{"evidence", "Thông báo số 95/TB-SNgV ngày 30/11/2022"},
		{"note", ""},
	} {
		fl := field(t, c, tt.key)
		if fl.Value != tt.value {
			t.Errorf("%s = %q, want %q", fl.Path, fl.Value, tt.value)
		}
		if fl.Line > 0 && !strings.Contains(src[fl.Line-1], tt.key+" = ") {
			t.Errorf("%s: line %d is %q", fl.Path, fl.Line, src[fl.Line-1])
		}
		if tt.value == "" && fl.Line != 0 {
			t.Errorf("%s is absent but has line %d", fl.Path, fl.Line)
		}
	}
	if c.Status != "Đã hoàn thành" {
		t.Errorf("card status %q", c.Status)
	}
	if st := field(t, c, "status"); !slices.Equal(st.Options, []string{"Đã hoàn thành", "Đang thực hiện", "Chưa thực hiện", "Thực hiện thường xuyên"}) {
		t.Errorf("status options %v", st.Options)
	}
	// The self-check's section: its items as cards of their own.
	var self []Card
	for _, c := range v.Cards {
		if strings.HasPrefix(c.ID, "II.") {
			self = append(self, c)
		}
	}
	if len(self) != 6 || self[1].ID != "II.2" || self[1].Status != "Đã hoàn thành" || field(t, self[1], "done").Value != "20/11/2022" {
		t.Errorf("self-check cards: %+v", self)
	}
	if v.Title != "Báo cáo ngày 15/12/2022 (chưa có số)" && !strings.HasPrefix(v.Title, "Báo cáo số ") {
		t.Errorf("title %q", v.Title)
	}
}

// Changing an item's status and progress changes those two values in the text and nothing
// else; the result validates, is counted and previews with the new text.
func TestEditStatusAndProgress(t *testing.T) {
	f := openFile(t, sample)
	before := f.View()
	c := card(t, before, "1.6")
	status, progress := field(t, c, "status"), field(t, c, "progress")
	g := f.Edit(map[string]string{
		status.Path:   "Thực hiện thường xuyên",
		progress.Path: "Đã đăng 12 tin bài về CCHC trên Cổng TTĐT của Sở trong quý III.",
	})
	changed := changedLines(t, f.Source(), g.Source())
	want := map[int]string{
		status.Line:   `  status = "thực hiện thường xuyên"`,
		progress.Line: `  progress = "Đã đăng 12 tin bài về CCHC trên Cổng TTĐT của Sở trong quý III."`,
	}
	if fmt.Sprint(changed) != fmt.Sprint(want) {
		t.Errorf("changed lines\n%v\nwant\n%v", changed, want)
	}
	v := g.View()
	if !v.Valid || len(errorsOf(v)) > 0 {
		t.Fatalf("edited dataset: %v", errorsOf(v))
	}
	if got := card(t, v, "1.6").Status; got != "Thực hiện thường xuyên" {
		t.Errorf("card status %q", got)
	}
	if v.Counts.InProgress != before.Counts.InProgress-1 || v.Counts.Regular != before.Counts.Regular+1 || v.Counts.Total != before.Counts.Total {
		t.Errorf("counts %+v, were %+v", v.Counts, before.Counts)
	}
	var a, r strings.Builder
	if err := g.Preview(&a, &r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(htmlText(a.String()), "Thực hiện thường xuyên\nĐã đăng 12 tin bài về CCHC") {
		t.Errorf("the appendix preview does not show the new status and progress")
	}
	// It renders: the three documents, the appendix PDF read back by pdftotext showing the new
	// status and progress.
	files, err := g.Prepared().Render(generator.Options{})
	if err != nil || len(files) != 3 {
		t.Fatalf("render: %v", err)
	}
	pdf := filepath.Join(t.TempDir(), generator.AppendixFile)
	if err := os.WriteFile(pdf, files[1].Data, 0o644); err != nil {
		t.Fatal(err)
	}
	words := strings.Join(strings.Fields(testtool.Run(t, "pdftotext", "-q", pdf, "-")), " ")
	if !strings.Contains(words, "Thực hiện thường xuyên Đã đăng 12 tin bài về CCHC") {
		t.Errorf("the rendered appendix does not show the new status and progress")
	}
	// The original is unchanged.
	if string(f.Source()) == string(g.Source()) || card(t, f.View(), "1.6").Status != "Đang thực hiện" {
		t.Errorf("Edit changed the form it was called on")
	}
	// The same edits give the same text.
	again := f.Edit(map[string]string{progress.Path: "Đã đăng 12 tin bài về CCHC trên Cổng TTĐT của Sở trong quý III.", status.Path: "thực hiện thường xuyên"})
	if string(again.Source()) != string(g.Source()) {
		t.Errorf("the same edits gave another text")
	}
}

// A done date after appendix.as_of is the error `baocao check` gives, on the done field; fixing
// the date removes it.
func TestDoneAfterAsOf(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "2022-09-14.toml")
	src, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Open(name, src)
	if err != nil {
		t.Fatal(err)
	}
	c := card(t, f.View(), "1.6")
	done := field(t, c, "done")
	if done.Line != 0 || done.Value != "" {
		t.Fatalf("1.6 has a done date already: %+v", done)
	}
	late := f.Edit(map[string]string{field(t, c, "status").Path: "Đã hoàn thành", done.Path: "15/9/2022"})
	v := late.View()
	msgs := problemsAt(v, done.Path)
	if v.Valid || len(msgs) != 1 {
		t.Fatalf("valid %v, problems on %s: %v (all: %v)", v.Valid, done.Path, msgs, v.Problems)
	}
	line := field(t, card(t, v, "1.6"), "done").Line
	want := fmt.Sprintf("%s:%d: %s: ngày hoàn thành 15/9/2022 sau ngày cập nhật số liệu 14/9/2022 (appendix.as_of)", name, line, done.Path)
	if msgs[0] != want {
		t.Errorf("problem\n%s\nwant\n%s", msgs[0], want)
	}
	// The cards stay while the dataset does not validate, the field showing the date typed.
	if got := field(t, card(t, v, "1.6"), "done").Value; got != "15/09/2022" {
		t.Errorf("done shows %q", got)
	}
	var a strings.Builder
	if err := late.Preview(&a, nil); err != nil || !strings.Contains(a.String(), "bc-notice") {
		t.Errorf("preview of an invalid dataset: %v %q", err, a.String())
	}
	// `baocao check` on the same text says the same.
	if err := os.WriteFile(name, late.Source(), 0o644); err != nil {
		t.Fatal(err)
	}
	res := testtool.RunLimited(t, testtool.Limits{}, "check", name)
	if res.Code != 2 || !strings.Contains(res.Stderr, want) {
		t.Errorf("check: exit %d, stderr\n%s\nwant it to say\n%s", res.Code, res.Stderr, want)
	}

	fixed := f.Edit(map[string]string{field(t, c, "status").Path: "Đã hoàn thành", done.Path: "14/09/2022"})
	if v := fixed.View(); !v.Valid || len(problemsAt(v, done.Path)) > 0 || len(errorsOf(v)) > 0 {
		t.Errorf("the fixed date still fails: %v", v.Problems)
	}
	if !strings.Contains(string(fixed.Source()), "  done = 2022-09-14\n") {
		t.Errorf("the done date was not added as a TOML date")
	}
}

// A value typed in an impossible way is a problem on its field, worded in Vietnamese; the other
// edits of the request are still made.
func TestImpossibleValues(t *testing.T) {
	f := openFile(t, sample)
	c := card(t, f.View(), "1.7")
	progress := field(t, c, "progress").Path
	tests := []struct {
		name, path, value, want string
	}{
		{"no such day", field(t, c, "done").Path, "31/02/2023", "ngày không tồn tại: 31/02/2023"},
		{"not a date", field(t, c, "done").Path, "hôm qua", `ngày không hợp lệ: "hôm qua"`},
		{"year out of range", "document.date", "14/9/20222", "ngày không hợp lệ"},
		{"not a number", field(t, c, "score").Path, "abc", `cần một số (như 9,03 hoặc 9.03), không phải "abc"`},
		{"number too long", field(t, c, "score").Path, strings.Repeat("1", 40), "vượt giới hạn 30 (MaxNumberLen)"},
		{"unknown status", field(t, c, "status").Path, "xong rồi", `trạng thái "xong rồi" không có trong danh sách`},
		{"not a bool", "appendix.self_check", "có lẽ", `cần true hoặc false, không phải "có lẽ"`},
		{"not a form field", "fields[0].max", "12", "trường này không sửa được trong biểu mẫu"},
		{"not a key", "fields[0].criteria[3].secret", "x", "trường này không sửa được trong biểu mẫu"},
		{"no such criterion", "fields[0].criteria[40].status", "Đã hoàn thành", "không có phần tử fields[0].criteria[40]"},
		{"a value too long", field(t, c, "remedy").Path, strings.Repeat("ạ", MaxValueLen+1), "vượt giới hạn 100000 ký tự (MaxValueLen)"},
		{"not UTF-8", field(t, c, "remedy").Path, "a\xffb", "không phải văn bản UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := f.Edit(map[string]string{tt.path: tt.value, progress: "Đã có 01 sáng kiến cấp cơ sở."})
			v := g.View()
			msgs := problemsAt(v, tt.path)
			if len(msgs) != 1 || !strings.Contains(msgs[0], tt.want) || !strings.HasPrefix(msgs[0], sample+":") {
				t.Fatalf("problems on %s: %q, want one with %q", tt.path, msgs, tt.want)
			}
			if !strings.Contains(string(g.Source()), `progress = "Đã có 01 sáng kiến cấp cơ sở."`) {
				t.Errorf("the other edit was not made")
			}
			if !v.Valid {
				t.Errorf("the dataset no longer validates: %v", errorsOf(v))
			}
			if len(changedLines(t, f.Source(), g.Source())) != 1 {
				t.Errorf("the impossible value reached the text")
			}
			if len(tt.value) < 100 {
				for _, fl := range append(slices.Clone(v.Meta), card(t, v, "1.7").Fields...) {
					if fl.Path == tt.path && fl.Value != tt.value {
						t.Errorf("the field shows %q, not what was typed", fl.Value)
					}
				}
			}
		})
	}
}

// An edit of a key the file does not write adds it to its table, after the table's last key,
// and to an inline table (a self-check shortcoming) after its last key.
func TestAbsentKeyAdded(t *testing.T) {
	f := openFile(t, "../../samples/2022-12-15.toml")
	v := f.View()
	c := card(t, v, "1.6")
	var self Card
	for _, c := range v.Cards {
		if strings.HasPrefix(c.ID, "II.") && c.Status == "Đang thực hiện" {
			self = c
			break
		}
	}
	edits := map[string]string{
		field(t, c, "status").Path:      "Đã hoàn thành",
		field(t, c, "done").Path:        "2022-12-01",
		field(t, c, "evidence").Path:    "Kế hoạch số 120/KH-SNgV ngày 01/12/2022",
		field(t, self, "status").Path:   "Đã hoàn thành",
		field(t, self, "done").Path:     "10/12/2022",
		field(t, self, "evidence").Path: "Quyết định số 7/QĐ-SNgV",
	}
	g := f.Edit(edits)
	gv := g.View()
	if !gv.Valid || len(errorsOf(gv)) > 0 {
		t.Fatalf("edited dataset: %v", errorsOf(gv))
	}
	if n, m := strings.Count(string(f.Source()), "\n"), strings.Count(string(g.Source()), "\n"); m != n+2 {
		t.Errorf("%d lines became %d, want two added", n, m)
	}
	gc := card(t, gv, "1.6")
	for key, want := range map[string]string{"status": "Đã hoàn thành", "done": "01/12/2022", "evidence": "Kế hoạch số 120/KH-SNgV ngày 01/12/2022"} {
		if fl := field(t, gc, key); fl.Value != want || fl.Line == 0 {
			t.Errorf("%s = %q at line %d", fl.Path, fl.Value, fl.Line)
		}
	}
	// The two new lines follow the criterion's last key, before its next table.
	lines := strings.Split(string(g.Source()), "\n")
	d := field(t, gc, "done").Line
	if lines[d-1] != "  done = 2022-12-01" || lines[d] != `  evidence = "Kế hoạch số 120/KH-SNgV ngày 01/12/2022"` {
		t.Errorf("added lines: %q", lines[d-2:d+2])
	}
	if !strings.Contains(string(g.Source()), `status = "đã hoàn thành", done = 2022-12-10, evidence = "Quyết định số 7/QĐ-SNgV" },`) {
		t.Errorf("the self-check item was not completed in its inline table")
	}
	if gv.Counts.Done != v.Counts.Done+2 {
		t.Errorf("done count %d, was %d", gv.Counts.Done, v.Counts.Done)
	}
}

// A done date emptied is removed with its line; an empty field that is not written stays absent.
func TestClearDone(t *testing.T) {
	f := openFile(t, "../../samples/2022-12-15.toml")
	c := card(t, f.View(), "7.2.6")
	g := f.Edit(map[string]string{
		field(t, c, "status").Path:   "Đang thực hiện",
		field(t, c, "done").Path:     "",
		field(t, c, "evidence").Path: "",
		field(t, c, "note").Path:     "",
	})
	if v := g.View(); !v.Valid {
		t.Fatalf("problems: %v", errorsOf(v))
	}
	src := string(g.Source())
	if strings.Contains(src, "done = 2022-11-30") || !strings.Contains(src, "    evidence = \"\"\n") {
		t.Errorf("done not removed or evidence not emptied")
	}
	if n, m := strings.Count(string(f.Source()), "\n"), strings.Count(src, "\n"); m != n-1 {
		t.Errorf("%d lines became %d, want one removed", n, m)
	}
}

// A self-check shortcoming written as an inline table { … } is reopened: its done date cleared
// is removed from the table, the status changed, and nothing else of its line
// (the other keys, their order and quoting, the comma layout) nor of the file changes.
func TestClearDoneInline(t *testing.T) {
	f := openFile(t, "../../samples/2022-12-15.toml")
	var self Card
	for _, c := range f.View().Cards {
		if strings.HasPrefix(c.Title, "Chưa có bài báo tuyên truyền") {
			self = c
		}
	}
	if self.ID == "" {
		t.Fatal("no card for the self-check item done on 20/11/2022")
	}
	done := field(t, self, "done")
	g := f.Edit(map[string]string{
		field(t, self, "status").Path: "Đang thực hiện",
		done.Path:                     "",
	})
	v := g.View()
	if !v.Valid || len(v.Problems) > 0 {
		t.Fatalf("problems: %v", v.Problems)
	}
	const (
		before = `    { text = "Chưa có bài báo tuyên truyền về công tác cải cách hành chính trên các trang thông tin đại chúng.", status = "đã hoàn thành", done = 2022-11-20, evidence = "Bài đăng trên Báo Hà Tĩnh ngày 20/11/2022", progress = "Đã phối hợp Báo Hà Tĩnh đăng 01 bài tuyên truyền về CCHC." },`
		after  = `    { text = "Chưa có bài báo tuyên truyền về công tác cải cách hành chính trên các trang thông tin đại chúng.", status = "đang thực hiện", evidence = "Bài đăng trên Báo Hà Tĩnh ngày 20/11/2022", progress = "Đã phối hợp Báo Hà Tĩnh đăng 01 bài tuyên truyền về CCHC." },`
	)
	if got := changedLines(t, f.Source(), g.Source()); len(got) != 1 || !strings.Contains(string(f.Source()), before) || !strings.Contains(string(g.Source()), after) {
		t.Errorf("changed lines %v, want only the item's, as\n%s", got, after)
	}
	for _, fl := range card(t, v, self.ID).Fields {
		if fl.Path == done.Path && (fl.Value != "" || fl.Line != 0) {
			t.Errorf("%s = %q at line %d, want absent", fl.Path, fl.Value, fl.Line)
		}
	}
	if c := v.Counts; c.Done != f.View().Counts.Done-1 || c.InProgress != f.View().Counts.InProgress+1 {
		t.Errorf("counts %+v", c)
	}
}

// An edit that writes what the file already says (the same date written another way, the same
// status in capitals, the same number with a comma) changes nothing.
func TestSameValueNoChange(t *testing.T) {
	f := openFile(t, "../../samples/2022-12-15.toml")
	c := card(t, f.View(), "7.2.6")
	g := f.Edit(map[string]string{
		field(t, c, "status").Path: "ĐÃ HOÀN THÀNH",
		field(t, c, "done").Path:   "30/11/2022",
		"appendix.as_of":           "2022-12-15",
		"document.date":            "15/12/2022",
		"appendix.self_check":      "true",
		"fields[0].score":          "9,03",
	})
	if string(g.Source()) != string(f.Source()) {
		t.Errorf("the text changed: %v", changedLines(t, f.Source(), g.Source()))
	}
	if len(g.View().Problems) != len(f.View().Problems) {
		t.Errorf("problems %v", g.View().Problems)
	}
}

// The figures follow a score: criterion 1.6 at full marks raises field 1 by its 0,25 and
// criterion 1.2, recomputed from every other criterion, from 1,39 to 1,40.
func TestFiguresFollowScore(t *testing.T) {
	f := openFile(t, sample)
	figure := func(v *View, label string) Figure {
		for _, fg := range v.Figures {
			if strings.HasPrefix(fg.Label, label) {
				return fg
			}
		}
		t.Fatalf("no figure %q in %v", label, v.Figures)
		return Figure{}
	}
	before := f.View()
	g := f.Edit(map[string]string{field(t, card(t, before, "1.6"), "score").Path: "1,00"})
	after := g.View()
	for _, tt := range []struct{ label, before, after string }{
		{"Lĩnh vực 1:", "9,03/11", "9,29/11"},
		{"Tiêu chí 1.2:", "1,39/1,50", "1,40/1,50"},
		{"Tỷ lệ hoàn thành nhiệm vụ", "92,89%", "93,21%"},
		{"Tổng điểm lĩnh vực 1–7", "74,31/80,00", "74,57/80,00"},
		{"Lĩnh vực 2:", "9,50/10,25", "9,50/10,25"},
	} {
		if b, a := figure(before, tt.label).Value, figure(after, tt.label).Value; b != tt.before || a != tt.after {
			t.Errorf("%s: %s → %s, want %s → %s", tt.label, b, a, tt.before, tt.after)
		}
	}
	// A banded criterion shows the band its rate fell in, and names the rate the file states.
	if b := figure(after, "Tiêu chí 2.1.5 (tính theo quy tắc)"); b.Value != `16/19 = 84,21% → khung "80% – <100%" → 0,50` || b.Path != "fields[1].criteria[1].rule.stated_rate" {
		t.Errorf("2.1.5: %+v", b)
	}
	// 1.6 lost nothing now: its card is gone, as from the appendix.
	for _, c := range after.Cards {
		if c.ID == "1.6" {
			t.Errorf("card 1.6 still shown")
		}
	}
	// The stated field score 9.03 no longer adds up: a warning on the field's score, as check
	// words it.
	msgs := problemsAt(after, "fields[0].score")
	if len(msgs) != 1 || !strings.Contains(msgs[0], "tiêu chí 1: điểm ghi 9,03 nhưng tính được 9,29") {
		t.Errorf("warnings on fields[0].score: %v", msgs)
	}
	if figure(after, "Lĩnh vực 1:").Path != "fields[0].score" {
		t.Errorf("the field's figure does not name the stated score")
	}
	// The stated score is a field of the field's card: writing the computed score there
	// removes the warning.
	stated := field(t, card(t, after, "1"), "score")
	if stated.Path != "fields[0].score" || stated.Value != "9,03" || stated.Label != statedLabel {
		t.Errorf("field 1's stated score: %+v", stated)
	}
	fixed := f.Edit(map[string]string{field(t, card(t, before, "1.6"), "score").Path: "1,00", stated.Path: "9,29"})
	if msgs := problemsAt(fixed.View(), "fields[0].score"); len(msgs) != 0 {
		t.Errorf("warnings after the fix: %v", msgs)
	}
	if !strings.Contains(string(fixed.Source()), "\nscore = 9.29\n") {
		t.Errorf("the stated score was not written as a number")
	}
}

// A text that cannot be parsed at all does not open: the error says file:line:col.
func TestOpenUnparseable(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"unclosed string", "[document]\nnumber = \"27\ncode = \"BC\"\n", "x.toml:2:"},
		{"key twice", "[document]\nnumber = \"1\"\nnumber = \"2\"\n", "x.toml:3:"},
		{"not UTF-8", "[document]\nnumber = \"\xff\"\n", "x.toml:2:"},
		{"nesting", "a = " + strings.Repeat("[", 100) + strings.Repeat("]", 100) + "\n", "MaxDepth"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Open("x.toml", []byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Open: %v, %v; want an error with %q", f, err, tt.want)
			}
		})
	}
	// A dataset that parses but does not validate opens, with its problems.
	f, err := Open("x.toml", []byte("[document]\nnumber = \"1\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if v := f.View(); v.Valid || len(v.Problems) == 0 || !strings.Contains(v.Problems[0].Message, "x.toml") {
		t.Errorf("view of an invalid dataset: %+v", v)
	}
}

// The preview escapes what the user types: a <script> in a progress text or in the report's
// text is shown, never run.
func TestPreviewEscapes(t *testing.T) {
	f := openFile(t, "../../samples/2022-12-15.toml")
	v := f.View()
	var self Card
	for _, c := range v.Cards {
		if c.ID == "II.1" {
			self = c
			break
		}
	}
	g := f.Edit(map[string]string{
		field(t, card(t, v, "1.7"), "progress").Path: `<script>alert("x")</script> & <b>`,
		field(t, self, "text").Path:                  `Tồn tại <img src=x onerror=alert(1)>`,
	})
	if !g.View().Valid {
		t.Fatalf("problems: %v", g.View().Problems)
	}
	var a, r strings.Builder
	if err := g.Preview(&a, &r); err != nil {
		t.Fatal(err)
	}
	for name, html := range map[string]string{"appendix": a.String(), "report": r.String()} {
		if strings.Contains(html, "<script") || strings.Contains(html, "<img") || strings.Contains(html, "<b>") {
			t.Errorf("%s preview holds markup from the data", name)
		}
	}
	if !strings.Contains(a.String(), "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;") {
		t.Errorf("the appendix preview does not show the text escaped")
	}
	if !strings.Contains(r.String(), "Tồn tại &lt;img src=x onerror=alert(1)&gt;") {
		t.Errorf("the report preview does not show the text escaped")
	}
}

// Edits are bounded: more than MaxEdits are refused at once, none made.
func TestTooManyEdits(t *testing.T) {
	f := openFile(t, sample)
	edits := map[string]string{}
	for i := 0; i <= MaxEdits; i++ {
		edits[fmt.Sprintf("fields[0].criteria[%d].note", i)] = "x"
	}
	g := f.Edit(edits)
	v := g.View()
	if string(g.Source()) != string(f.Source()) {
		t.Errorf("edits were made")
	}
	if len(v.Problems) == 0 || !strings.Contains(v.Problems[0].Message, fmt.Sprintf("%d sửa đổi trong một lần, vượt giới hạn %d (MaxEdits)", MaxEdits+1, MaxEdits)) {
		t.Errorf("problems: %v", v.Problems)
	}
	// Values too big together: refused at once.
	big := strings.Repeat("x", MaxEditBytes/2+1)
	g = f.Edit(map[string]string{"document.subject": big, "signer.name": big})
	if string(g.Source()) != string(f.Source()) || len(g.View().Problems) == 0 || !strings.Contains(g.View().Problems[0].Message, "(MaxEditBytes); không sửa gì") {
		t.Errorf("MaxEditBytes: problems %.200v", g.View().Problems)
	}
	// A path too long, a date too long: refused without being quoted back whole.
	c := card(t, f.View(), "1.7")
	g = f.Edit(map[string]string{
		"fields[0]" + strings.Repeat(".criteria[0]", 100) + ".status": "Đã hoàn thành",
		field(t, c, "done").Path: strings.Repeat("1", 1<<20),
		field(t, c, "note").Path: "ghi chú",
	})
	v = g.View()
	if errs := errorsOf(v); len(errs) != 2 || !strings.Contains(errs[0], "(MaxPathLen)") || !strings.Contains(errs[1], "(MaxChoiceLen) của một ngày") {
		t.Errorf("problems %.300v", errs)
	}
	for _, p := range v.Problems {
		if len(p.Message) > 500 {
			t.Errorf("a message of %d bytes", len(p.Message))
		}
	}
	if !strings.Contains(string(g.Source()), `note = "ghi chú"`) {
		t.Errorf("the note was not added")
	}
	// At the limit, a text of MaxValueLen characters is written and still loads.
	long := strings.Repeat("ạ", MaxValueLen)
	h := f.Edit(map[string]string{field(t, card(t, f.View(), "1.7"), "remedy").Path: long})
	if !h.View().Valid || !strings.Contains(string(h.Source()), long) {
		t.Errorf("a text at the limit: %v", errorsOf(h.View()))
	}
}

// The metadata fields show the document's values; an edit of the date of issue moves the
// title and validates (as_of may not be after it).
func TestMeta(t *testing.T) {
	f := openFile(t, sample)
	v := f.View()
	got := map[string]string{}
	for _, m := range v.Meta {
		got[m.Path] = m.Value
	}
	for path, want := range map[string]string{"document.date": "14/09/2022", "appendix.as_of": "14/09/2022", "signer.name": "Lê Thị Khánh Cẩm", "document.code": "BC-SNgV"} {
		if got[path] != want {
			t.Errorf("%s = %q, want %q", path, got[path], want)
		}
	}
	g := f.Edit(map[string]string{"document.number": "07", "document.date": "15/9/2022"})
	if gv := g.View(); gv.Title != "Báo cáo số 07/BC-SNgV ngày 15/9/2022" || !gv.Valid {
		t.Errorf("title %q, problems %v", gv.Title, gv.Problems)
	}
	// Asking for the appendix's section II adds the self-check's shortcomings as cards.
	h := f.Edit(map[string]string{"appendix.self_check": "true"})
	self := 0
	for _, c := range h.View().Cards {
		if strings.HasPrefix(c.ID, "II.") {
			self++
		}
	}
	if self != 6 || len(h.View().Cards) != len(v.Cards)+6 || !strings.Contains(string(h.Source()), "\nself_check = true\n") {
		t.Errorf("self_check = true: %d self-check cards of %d", self, len(h.View().Cards))
	}
}

// The report preview holds the report's paragraphs as the DOCX renderer fills them, in order.
func TestReportPreviewParagraphs(t *testing.T) {
	f := openFile(t, sample)
	var r strings.Builder
	if err := f.Preview(nil, &r); err != nil {
		t.Fatal(err)
	}
	docx, err := f.Prepared().RenderReport(generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := docxParagraphs(t, docx)
	got := htmlParagraphs(r.String())
	if !slices.Equal(got, want) {
		t.Errorf("preview paragraphs\n%q\nwant the DOCX's\n%q", got, want)
	}
	html := r.String()
	for _, s := range []string{`<p class="bc-r-para bc-center"><span class="bc-bold">BÁO CÁO</span></p>`, `class="bc-r-para bc-justify bc-r-indent">Căn cứ`, `<span class="bc-italic">Hà Tĩnh, ngày 14 tháng 9 năm 2022</span>`} {
		if !strings.Contains(html, s) {
			t.Errorf("report preview lacks %s", s)
		}
	}
}

// A file that does not validate when it is opened still shows its cards, those of the
// dataset as read: the clerk fixes it in the form.
func TestOpenInvalidKeepsCards(t *testing.T) {
	valid := openFile(t, "../../samples/2022-12-15.toml")
	src := strings.Replace(string(valid.Source()), "as_of = 2022-12-15", "as_of = 2022-11-25", 1)
	f, err := Open("x.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	v := f.View()
	if v.Valid || f.Prepared() != nil {
		t.Fatal("a done date after as_of validates")
	}
	// 7.2.6 was done on 30/11/2022 and the self-check's second shortcoming on 20/11/2022: only
	// the first is after the new as_of.
	done := field(t, card(t, v, "7.2.6"), "done")
	want := fmt.Sprintf("x.toml:%d: %s: ngày hoàn thành 30/11/2022 sau ngày cập nhật số liệu 25/11/2022 (appendix.as_of)", done.Line, done.Path)
	if got := errorsOf(v); len(got) != 1 || got[0] != want {
		t.Errorf("problems %q, want %q", got, want)
	}
	if len(v.Cards) != len(valid.View().Cards) {
		t.Fatalf("%d cards, want %d", len(v.Cards), len(valid.View().Cards))
	}
	for i, c := range v.Cards {
		if w := valid.View().Cards[i]; c.Path != w.Path || c.Score != w.Score {
			t.Errorf("card %d: %s %s, want %s %s", i, c.Path, c.Score, w.Path, w.Score)
		}
	}
	if len(v.Figures) != 0 {
		t.Errorf("figures of a dataset that does not validate: %v", v.Figures)
	}
	// Fixing the date makes it valid.
	g := f.Edit(map[string]string{"fields[6].criteria[1].criteria[0].done": "25/11/2022"})
	if !g.View().Valid {
		t.Errorf("still invalid: %v", errorsOf(g.View()))
	}
}

// The appendix preview is the Document's table: its six headings, one <tr> per part, the TT
// cell spanning the row's parts.
func TestAppendixPreviewTable(t *testing.T) {
	f := openFile(t, "../../samples/2022-12-15.toml")
	doc := f.Prepared().Appendix()
	var a strings.Builder
	if err := f.Preview(&a, nil); err != nil {
		t.Fatal(err)
	}
	html := a.String()
	parts := 0
	for _, r := range doc.Rows {
		parts += len(r.Parts)
		if !strings.Contains(html, fmt.Sprintf(`<td class="bc-a-number bc-center" rowspan="%d">%s</td>`, len(r.Parts), r.Number)) {
			t.Errorf("row %s not spanning its %d parts", r.Number, len(r.Parts))
		}
	}
	if n := strings.Count(html, `<tr class="bc-a-part`); n != parts {
		t.Errorf("%d table rows, want %d parts", n, parts)
	}
	for i, h := range doc.Headers {
		want := fmt.Sprintf(`<th class="bc-a-col%d">%s</th>`, i+1, strings.ReplaceAll(h, "\n", "<br>"))
		if !strings.Contains(html, want) {
			t.Errorf("heading %d: want %s", i+1, want)
		}
	}
	text := htmlText(html)
	for _, s := range []string{"PHỤ LỤC\n", "Số liệu cập nhật đến ngày 15/12/2022\n", "Các tồn tại, hạn chế qua kết quả tự kiểm tra\n", "Đã hoàn thành ngày 20/11/2022\n(Bài đăng trên Báo Hà Tĩnh ngày 20/11/2022)\n"} {
		if !strings.Contains(text, s) {
			t.Errorf("the appendix preview does not show %q", s)
		}
	}
}

// The most a request may send (MaxEdits edits, MaxEditBytes in all) is handled with memory a
// few times its size: every edit refused or made, nothing panics.
func TestHostileEditsBounded(t *testing.T) {
	f := openFile(t, sample)
	c := card(t, f.View(), "1.7")
	edits := map[string]string{}
	per := MaxEditBytes/MaxEdits - 64
	for i := 0; len(edits) < MaxEdits-2; i++ {
		edits[fmt.Sprintf("fields[0].criteria[%d].note", i)] = strings.Repeat("đ", per/2)
	}
	edits[field(t, c, "remedy").Path] = strings.Repeat("ă", per/2)
	edits[field(t, c, "done").Path] = strings.Repeat("1", per)
	size := 0
	for k, v := range edits {
		size += len(k) + len(v)
	}
	if size > MaxEditBytes {
		t.Fatalf("the test sends %d bytes, over the limit", size)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	g := f.Edit(edits)
	v := g.View()
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8*uint64(size) {
		t.Errorf("allocated %d MB for %d MB of edits", alloc>>20, size>>20)
	}
	// criteria[0..3] exist: their notes are added; the others are not there.
	if n := len(errorsOf(v)); n != MaxEdits-2-4+1 {
		t.Errorf("%d problems, want one per missing criterion and the date", n)
	}
	if !strings.Contains(string(g.Source()), strings.Repeat("ă", per/2)) {
		t.Errorf("the remedy was not written")
	}
}

// A status is written the way the file writes the one it replaces.
func TestStatusWrittenLikeTheFile(t *testing.T) {
	for _, tt := range []struct{ old, typed, want string }{
		{"đang thực hiện", "Thực hiện thường xuyên", "thực hiện thường xuyên"},
		{"dang_thuc_hien", "Chưa thực hiện", "chua_thuc_hien"},
		{"Đang thực hiện", "chưa thực hiện", "Chưa thực hiện"},
	} {
		src := strings.Replace(string(openFile(t, sample).Source()), `  status = "đang thực hiện"`, `  status = "`+tt.old+`"`, 1)
		f, err := Open("x.toml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		g := f.Edit(map[string]string{"fields[0].criteria[1].status": tt.typed})
		if !strings.Contains(string(g.Source()), `  status = "`+tt.want+`"`) || !g.View().Valid {
			t.Errorf("%q typed over %q: %v", tt.typed, tt.old, changedLines(t, f.Source(), g.Source()))
		}
	}
}

// One Form serves concurrent requests (a server reuses the Form of unchanged bytes): each
// goroutine's edits give the same text as alone.
func TestConcurrentUse(t *testing.T) {
	f := openFile(t, sample)
	c := card(t, f.View(), "1.6")
	edits := func(i int) map[string]string {
		return map[string]string{field(t, c, "progress").Path: fmt.Sprintf("Tiến độ %d", i), field(t, c, "status").Path: "Chưa thực hiện"}
	}
	want := make([]string, 8)
	for i := range want {
		want[i] = string(f.Edit(edits(i)).Source())
	}
	errs := make(chan error, len(want))
	for i := range want {
		go func() {
			g := f.Edit(edits(i))
			g.View()
			var a, r strings.Builder
			err := g.Preview(&a, &r)
			if err == nil && string(g.Source()) != want[i] {
				err = fmt.Errorf("edit %d gave another text", i)
			}
			errs <- err
		}()
	}
	for range want {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// A problem names the line its field has in the edited text, after the lines the other edits
// added above it.
func TestProblemLineAfterAddedLines(t *testing.T) {
	f := openFile(t, sample)
	v := f.View()
	c16, c17 := card(t, v, "1.6"), card(t, v, "1.7")
	g := f.Edit(map[string]string{
		field(t, c16, "evidence").Path: "Công văn số 1/SNgV",
		field(t, c16, "note").Path:     "ghi chú",
		field(t, c17, "score").Path:    "abc",
	})
	score := field(t, card(t, g.View(), "1.7"), "score")
	if score.Line != field(t, c17, "score").Line+2 {
		t.Fatalf("1.7's score at line %d, was %d", score.Line, field(t, c17, "score").Line)
	}
	want := fmt.Sprintf("%s:%d: %s: cần một số", sample, score.Line, score.Path)
	if msgs := problemsAt(g.View(), score.Path); len(msgs) != 1 || !strings.HasPrefix(msgs[0], want) {
		t.Errorf("problems %q, want one starting %q", msgs, want)
	}
}

// A field and a criterion with criteria under it are headings: no finding of their own in the
// sample, so not items (no status, not counted); a status written on one makes it an item,
// shown and counted as `check` counts it.
func TestHeadings(t *testing.T) {
	f := openFile(t, "../../samples/2022-09-14.toml")
	v := f.View()
	for id, heading := range map[string]bool{"1": true, "7": true, "7.1": true, "7.2": true, "1.5": false, "7.2.6": false, "2.1.5": false} {
		c := card(t, v, id)
		if c.Heading != heading || c.Own || c.Item() == heading {
			t.Errorf("card %s: heading %v, own %v, item %v", id, c.Heading, c.Own, c.Item())
		}
	}
	items := 0
	for _, c := range v.Cards {
		if c.Item() && c.Status != "" {
			items++
		}
	}
	criteria := 0 // the appendix of this date has no section II: its cards are criteria
	for _, ft := range f.Prepared().Scores.Progress.Fields {
		criteria += ft.Total()
	}
	if items != criteria {
		t.Errorf("%d cards with a status, %d criteria counted", items, criteria)
	}
	h := card(t, v, "7")
	g := f.Edit(map[string]string{h.Path + ".status": "Đang thực hiện", h.Path + ".progress": "Rà soát chung cả lĩnh vực"})
	gv := g.View()
	gh := card(t, gv, "7")
	if !gv.Valid || !gh.Heading || !gh.Own || !gh.Item() || gh.Status != "Đang thực hiện" {
		t.Fatalf("field 7 with a status: %+v, problems %v", gh, gv.Problems)
	}
	want := g.Prepared().Scores.Progress.All
	if gv.Counts.InProgress != v.Counts.InProgress+1 || gv.Counts.InProgress != want.InProgress || gv.Counts.Total != want.Total() {
		t.Errorf("counts %+v, check counts %+v (was %+v)", gv.Counts, want, v.Counts)
	}
	if card(t, g.Edit(map[string]string{h.Path + ".progress": ""}).View(), "7").Own != true {
		t.Error("a heading with a status but no progress is not its own item")
	}
}
