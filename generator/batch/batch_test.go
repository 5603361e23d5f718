package batch

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/baocao-vn/baocao/generator"
)

// generate writes n datasets, one reporting date each, made from the seed sample.
func generate(tb testing.TB, n int) []string {
	tb.Helper()
	src, err := os.ReadFile("../../samples/2022-09-14.toml")
	if err != nil {
		tb.Fatal(err)
	}
	dir := tb.TempDir()
	files := make([]string, n)
	day := time.Date(2022, 9, 14, 0, 0, 0, 0, time.UTC)
	for i := range n {
		d := day.AddDate(0, 0, i).Format("2006-01-02")
		files[i] = filepath.Join(dir, d+".toml")
		if err := os.WriteFile(files[i], []byte(strings.ReplaceAll(string(src), "2022-09-14", d)), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return files
}

func TestExpand(t *testing.T) {
	files := generate(t, 3)
	dir := filepath.Dir(files[0])
	os.WriteFile(filepath.Join(dir, "notes.txt"), nil, 0o644)
	got, skipped, err := Expand([]string{dir, files[1]})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(files) || len(skipped) != 0 {
		t.Errorf("Expand = %v, %v, want %v", got, skipped, files)
	}
	if _, _, err := Expand([]string{filepath.Join(dir, "missing.toml")}); err == nil {
		t.Error("a missing file was accepted")
	}
}

func TestRunWritesEveryDate(t *testing.T) {
	files := generate(t, 5)
	out := t.TempDir()
	sum, err := Run(files, Options{Out: out, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Datasets != 5 || sum.Failed != 0 {
		t.Fatalf("%+v", sum)
	}
	for _, e := range sum.Entries {
		if len(e.Outputs) == 0 {
			t.Errorf("%s: no outputs", e.Dataset)
		}
		for _, o := range e.Outputs {
			st, err := os.Stat(filepath.Join(out, o.File))
			if err != nil || int(st.Size()) != o.Size {
				t.Errorf("%s: %v", o.File, err)
			}
		}
	}
}

// BenchmarkBatch500 renders 500 reporting dates (unsigned) and reports datasets per second;
// run with -cpu 1,2 to compare one worker per core. The collector runs at the batch's pace
// (PaceGC) unless GOGC is set. It also reports the process's CPU time
// (user + system) per dataset, which other jobs on a shared machine disturb less than the
// wall clock.
func BenchmarkBatch500(b *testing.B) {
	files := generate(b, 500)
	defer PaceGC()() // as baocao batch runs
	b.ResetTimer()
	for b.Loop() {
		out := b.TempDir()
		start, cpu := time.Now(), cpuTime()
		if _, err := Run(files, Options{Out: out}); err != nil {
			b.Fatal(err)
		}
		reportRate(b, len(files), start, cpu)
	}
}

// BenchmarkBatch500NoWrite is BenchmarkBatch500 without writing files: rendering alone.
func BenchmarkBatch500NoWrite(b *testing.B) {
	files := generate(b, 500)
	defer PaceGC()()
	b.ResetTimer()
	for b.Loop() {
		start, cpu := time.Now(), cpuTime()
		if _, err := run(files, Options{Out: b.TempDir(), Workers: runtime.GOMAXPROCS(0), dryRun: true}, nil); err != nil {
			b.Fatal(err)
		}
		reportRate(b, len(files), start, cpu)
	}
}

func reportRate(b *testing.B, n int, start time.Time, cpu time.Duration) {
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "datasets/s")
	b.ReportMetric(float64(cpuTime()-cpu)/float64(time.Millisecond)/float64(n), "cpu-ms/dataset")
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestHistoryWarnings: a self-check item done at one date and open at the next, and a done
// date before a report that still showed the item open, are warnings in summary.json; every
// entry carries its counts.
func TestHistoryWarnings(t *testing.T) {
	src, err := os.ReadFile("../../samples/2022-12-15.toml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	first := filepath.Join(dir, "2022-12-15.toml")
	os.WriteFile(first, src, 0o644)
	s := strings.ReplaceAll(string(src), "2022-12-15", "2023-03-15")
	// Item 3 of the self-check, done on 31/8/2022, open again; 1.6 done on 01/12/2022, when the
	// report of 15/12/2022 still showed it in progress.
	s = strings.Replace(s, `status = "đã hoàn thành", done = 2022-08-31, `, `status = "đang thực hiện", `, 1)
	s = strings.Replace(s, "status = \"đang thực hiện\"\n\n  [[fields.criteria]]\n  id = \"1.7\"",
		"status = \"đã hoàn thành\"\n  done = 2022-12-01\n\n  [[fields.criteria]]\n  id = \"1.7\"", 1)
	second := filepath.Join(dir, "2023-03-15.toml")
	os.WriteFile(second, []byte(s), 0o644)
	out := t.TempDir()
	sum, err := Run([]string{first, second}, Options{Out: out, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	// One progress workbook for the department.
	if st, err := os.Stat(filepath.Join(out, "tien-do.xlsx")); err != nil || st.Size() == 0 {
		t.Errorf("tien-do.xlsx: %v", err)
	}
	if w := sum.Entries[0].Warnings; len(w) != 0 {
		t.Errorf("the first date has warnings: %q", w)
	}
	w := strings.Join(sum.Entries[1].Warnings, "\n")
	// The lines of 1.6's status in both files.
	lineOf := func(text string) string {
		i := strings.Index(text, "id = \"1.6\"")
		i += strings.Index(text[i:], "status = ")
		return strconv.Itoa(strings.Count(text[:i], "\n") + 1)
	}
	for _, want := range []string{
		second + ":" + lineOf(s) + ": Tiêu chí 1.6: Công tác tuyên truyền CCHC: ngày hoàn thành 01/12/2022 không sau ngày 15/12/2022, nhưng báo cáo số liệu đến ngày đó (" + first + ":" + lineOf(string(src)) + ") ghi \"đang thực hiện\"",
		"Một số phòng, đơn vị thiếu danh mục tài liệu trong hồ sơ lưu trữ. Hồ sơ lưu trữ chưa khoa học nên gặp khó khăn khi cần tìm dữ liệu.: đã hoàn thành ngày 31/8/2022 theo báo cáo số liệu đến 15/12/2022",
	} {
		if !strings.Contains(w, want) {
			t.Errorf("warnings lack\n%s\n---\n%s", want, w)
		}
	}
	if c := sum.Entries[0].Counts; c == nil || c.Done != 4 || c.Total != 16 {
		t.Errorf("counts %+v", c)
	}
}

// TestReportsCompareWithPreviousDate: the batch compares each date with the previous one from
// the first pass's snapshot; its reports and warnings are those of rendering each date alone
// with the previous date's dataset loaded whole (render --previous), byte for byte.
func TestReportsCompareWithPreviousDate(t *testing.T) {
	dates := []string{"2022-09-14", "2022-12-15", "2023-03-15"}
	dir := t.TempDir()
	var in []string
	for _, d := range dates {
		src, err := os.ReadFile("../../samples/" + d + ".toml")
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, filepath.Join(dir, d+".toml"))
		if err := os.WriteFile(in[len(in)-1], src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := t.TempDir()
	sum, err := Run(in, Options{Out: out, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range in {
		p, err := generator.Load(f)
		if err != nil {
			t.Fatal(err)
		}
		var o generator.Options
		var warnings []string
		if i > 0 {
			if o.Previous, err = generator.Load(in[i-1]); err != nil {
				t.Fatal(err)
			}
			warnings = generator.Compare(o.Previous, p).Warnings()
		}
		want, err := p.RenderReport(o)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(out, dates[i], generator.ReportFile))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the batch's report differs from render --previous's", dates[i])
		}
		if i > 0 && !strings.Contains(documentXML(t, got), "So với báo cáo số liệu đến ngày") {
			t.Errorf("%s: no change sentence in the report", dates[i])
		}
		if w := append(p.Warnings(), warnings...); fmt.Sprint(w) != fmt.Sprint(sum.Entries[i].Warnings) {
			t.Errorf("%s: warnings %q, want %q", dates[i], sum.Entries[i].Warnings, w)
		}
	}
}

// documentXML returns a DOCX's word/document.xml.
func documentXML(t *testing.T, docx []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatal(err)
	}
	r, err := zr.Open("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPeekedDatesAsIfParsed: pass 1 peeks at dates without parsing, yet the run is the one of
// parsing every dataset first: a dataset that does not load claims no date (its twin with a
// good file renders, it fails with its own errors only) and is nobody's previous date (the
// next date compares with the one before it); two good datasets of one date both fail; a date
// written as a string ("14/12/2022", which only a parse reads) takes its place in the order.
func TestPeekedDatesAsIfParsed(t *testing.T) {
	read := func(date string) string {
		b, err := os.ReadFile("../../samples/" + date + ".toml")
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	first, second, third := read("2022-09-14"), read("2022-12-15"), read("2023-03-15")
	broken := strings.Replace(second, "[appendix]", "[appendix]\nunknown_key = = 1", 1)
	if strings.Contains(second, `as_of = 2022-12-15`) {
		second = strings.Replace(second, `as_of = 2022-12-15`, `as_of = "15/12/2022"`, 1)
	} else {
		t.Fatal("the sample 2022-12-15 does not write as_of = 2022-12-15")
	}
	twin := strings.ReplaceAll(first, "2022-09-14", "2022-10-01")
	dir := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	in := []string{
		write("a.toml", first),
		write("b-broken.toml", strings.ReplaceAll(broken, "2022-12-15", "2023-01-10")), // between b and c, does not load
		write("b.toml", second),
		write("c-broken-twin.toml", strings.ReplaceAll(broken, "2022-12-15", "2023-03-15")), // c's date, does not load
		write("c.toml", third),
		write("d1.toml", twin),
		write("d2.toml", twin),
	}
	out := t.TempDir()
	sum, err := Run(in, Options{Out: out, Workers: 2})
	if !errors.Is(err, ErrFailed) {
		t.Fatalf("err %v", err)
	}
	byName := map[string]Entry{}
	for _, e := range sum.Entries {
		byName[filepath.Base(e.Dataset)] = e
	}
	for name, want := range map[string]string{"a.toml": "ok", "b.toml": "ok", "c.toml": "ok", "b-broken.toml": "failed",
		"c-broken-twin.toml": "failed", "d1.toml": "failed", "d2.toml": "failed"} {
		if e := byName[name]; e.Status != want {
			t.Errorf("%s: %s %q, want %s", name, e.Status, e.Errors, want)
		}
	}
	for _, name := range []string{"b-broken.toml", "c-broken-twin.toml"} {
		if msg := strings.Join(byName[name].Errors, "\n"); strings.Contains(msg, "trùng") || !strings.Contains(msg, name) {
			t.Errorf("%s: errors %q, want its own errors only", name, msg)
		}
		if d := byName[name].Date; d != "" {
			t.Errorf("%s: reporting date %s in the summary, as if it loaded", name, d)
		}
	}
	for _, name := range []string{"d1.toml", "d2.toml"} {
		if msg := strings.Join(byName[name].Errors, "\n"); !strings.Contains(msg, "trùng") {
			t.Errorf("%s: errors %q, want a shared date", name, msg)
		}
	}
	// Each good date compares with the good one before it, as render --previous does.
	for _, c := range []struct{ file, prev, date string }{{"b.toml", "a.toml", "2022-12-15"}, {"c.toml", "b.toml", "2023-03-15"}} {
		p, err := generator.Load(filepath.Join(dir, c.file))
		if err != nil {
			t.Fatal(err)
		}
		var o generator.Options
		if o.Previous, err = generator.Load(filepath.Join(dir, c.prev)); err != nil {
			t.Fatal(err)
		}
		want, err := p.RenderReport(o)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(out, c.date, generator.ReportFile))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: the report is not the one compared with %s (%v)", c.file, c.prev, err)
		}
	}
}

// TestPaceGC: the batch's pace unless GOGC chooses one, and the previous pace restored.
func TestPaceGC(t *testing.T) {
	t.Setenv("GOGC", "")
	os.Unsetenv("GOGC")
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	restore := PaceGC()
	if got := debug.SetGCPercent(GCPercent); got != GCPercent {
		t.Errorf("pace %d, want %d", got, GCPercent)
	}
	restore()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("pace %d after restore, want 100", got)
	}
	t.Setenv("GOGC", "50")
	restore = PaceGC()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC set: pace changed to %d", got)
	}
	restore()
}

// TestNoFolderForAFailedDepartment: a department none of whose datasets loads gets no folder
// in the output, as when every dataset was parsed before any folder was made.
func TestNoFolderForAFailedDepartment(t *testing.T) {
	src, err := os.ReadFile("../../samples/2022-09-14.toml")
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	good, bad := filepath.Join(root, "so-a"), filepath.Join(root, "so-b")
	os.Mkdir(good, 0o755)
	os.Mkdir(bad, 0o755)
	os.WriteFile(filepath.Join(good, "2022-09-14.toml"), src, 0o644)
	// The date peeks, the file does not load.
	os.WriteFile(filepath.Join(bad, "2022-09-14.toml"), []byte(strings.Replace(string(src), "[appendix]", "[appendix]\nx = = 1", 1)), 0o644)
	out := t.TempDir()
	_, err = Run([]string{filepath.Join(good, "2022-09-14.toml"), filepath.Join(bad, "2022-09-14.toml")}, Options{Out: out, Workers: 2})
	if !errors.Is(err, ErrFailed) {
		t.Fatalf("err %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "so-a", "2022-09-14", generator.ReportFile)); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(filepath.Join(out, "so-b")); !os.IsNotExist(err) {
		t.Errorf("so-b: %v, want no folder", err)
	}
}

// TestGroupCommitSameOutput: a batch committing its sets with group commit writes the same
// files, byte for byte, as one fsyncing each set alone, and every file's SHA-256 read back from
// the disk is the one its summary lists.
func TestGroupCommitSameOutput(t *testing.T) {
	files := generate(t, 12)
	trees := map[bool]map[string]string{}
	for _, fsyncEach := range []bool{false, true} {
		out := t.TempDir()
		sum, err := Run(files, Options{Out: out, Workers: 2, fsyncEach: fsyncEach})
		if err != nil {
			t.Fatal(err)
		}
		tree := map[string]string{}
		err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			h := sha256.Sum256(b)
			rel, _ := filepath.Rel(out, p)
			tree[rel] = hex.EncodeToString(h[:])
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range sum.Entries {
			for _, o := range e.Outputs {
				n++
				if tree[filepath.FromSlash(o.File)] != o.SHA256 {
					t.Errorf("fsync each %v: %s on the disk is not the summary's %s", fsyncEach, o.File, o.SHA256)
				}
			}
		}
		if n != 3*len(files) {
			t.Errorf("fsync each %v: %d outputs in the summary, want %d", fsyncEach, n, 3*len(files))
		}
		trees[fsyncEach] = tree
	}
	if !maps.Equal(trees[false], trees[true]) {
		t.Errorf("group commit wrote %d files, fsync each %d, or their contents differ", len(trees[false]), len(trees[true]))
	}
}
