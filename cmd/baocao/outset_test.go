package main

// Tests of the outputs as a set: the built binary is run on a disk that fills up and killed at
// random points, and the output folder is checked to hold one whole set every time.

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/baocao-vn/baocao/generator/outfile"
	"github.com/baocao-vn/baocao/internal/testpki"
	"github.com/baocao-vn/baocao/internal/testtool"
)

// variants writes two datasets for the same reporting date whose three outputs all differ, so
// each output file tells which run wrote it.
func variants(t *testing.T, date string) (a, b string) {
	t.Helper()
	src, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(src), "2022-09-14", date)
	changed := strings.Replace(text, "number = \"\"", "number = \"123\"", 1)
	changed = strings.Replace(changed, "\"Chỉ đạo, điều hành công tác cải cách hành chính\"", "\"Chỉ đạo, điều hành công tác cải cách hành chính (bản sửa)\"", 1)
	if changed == text {
		t.Fatal("the sample changed: the variant is the same dataset")
	}
	dir := t.TempDir()
	a, b = filepath.Join(dir, "a", date+".toml"), filepath.Join(dir, "b", date+".toml")
	for p, s := range map[string]string{a: text, b: changed} {
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return a, b
}

// hashes returns the SHA-256 of every file in dir by name; nil when dir does not exist.
func hashes(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	h := map[string]string{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		s := sha256.Sum256(b)
		h[e.Name()] = hex.EncodeToString(s[:])
	}
	return h
}

// which names the set dir holds: "a", "b" or "" (no folder); it fails the test on anything
// else, a mix above all. extra names files of the user's that must be there, untouched.
func which(t *testing.T, dir string, sets map[string]map[string]string, extra map[string]string) string {
	t.Helper()
	got := hashes(t, dir)
	if got == nil {
		return ""
	}
	for name, h := range extra {
		if got[name] != h {
			t.Fatalf("%s: the user's file %s is gone or changed", dir, name)
		}
		delete(got, name)
	}
	for _, name := range slices.Sorted(maps.Keys(sets)) {
		if maps.Equal(got, sets[name]) {
			return name
		}
	}
	var desc []string
	for n, h := range got {
		from := "?"
		for s, set := range sets {
			if set[n] == h {
				from = s
			}
		}
		desc = append(desc, n+"←"+from)
	}
	slices.Sort(desc)
	t.Fatalf("%s holds no whole set: %v", dir, desc)
	return ""
}

// ourTemp matches every name this program gives its temporaries, staging folders and markers.
var ourTemp = regexp.MustCompile(`^\..*\.(baocao-[0-9a-f]{16}\.tmp|[0-9]+\.tmp)$|^\.baocao-[0-9a-f]{16}\.commit$`)

// temporaries lists the entries of ours left in the given folders.
func temporaries(t *testing.T, dirs ...string) []string {
	t.Helper()
	var left []string
	for _, d := range dirs {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			if ourTemp.MatchString(e.Name()) {
				left = append(left, filepath.Join(d, e.Name()))
			}
		}
	}
	return left
}

// runFor runs the binary, killing it with SIGKILL after delay; it reports whether the run
// finished by itself (successfully) first.
func runFor(t *testing.T, bin string, delay time.Duration, args ...string) (finished bool) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("baocao %q: %v", args, err)
		}
		return true
	case <-time.After(delay):
		cmd.Process.Signal(syscall.SIGKILL)
		if err := <-done; err == nil {
			return true // it ended between the timer and the signal
		}
		return false
	}
}

// duration is the median of three complete runs: kills are spread over it.
func duration(t *testing.T, bin string, args ...string) time.Duration {
	var d []time.Duration
	for range 3 {
		start := time.Now()
		if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
			t.Fatalf("baocao %q: %v\n%s", args, err, out)
		}
		d = append(d, time.Since(start))
	}
	slices.Sort(d)
	return d[1]
}

// killRuns kills runs of the binary at random points. Each run alternates the two datasets;
// after each, check is called with the index of the dataset the run was given, whether the
// run finished by itself, and reports whether the kill left work of ours behind (a kill during
// the write). Runs go on past minRuns until at least three kills landed during the write.
func killRuns(t *testing.T, bin string, args func(i int) []string, check func(i int, finished bool) (midWrite bool)) {
	const minRuns, maxRuns, wantMid = 30, 200, 3
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	t.Logf("seed %d", seed)
	span := duration(t, bin, args(0)...)
	var finished, killed, mid int
	i := 0
	for ; i < maxRuns && (i < minRuns || mid < wantMid); i++ {
		delay := time.Duration(rng.Int64N(int64(span) * 12 / 10))
		ok := runFor(t, bin, delay, args(i)...)
		if ok {
			finished++
		} else {
			killed++
		}
		if check(i, ok) {
			mid++
		}
	}
	t.Logf("%d runs over %v: %d killed (%d during the write), %d finished", i, span, killed, mid, finished)
	if mid == 0 {
		t.Errorf("no kill landed during the write in %d runs: the test did not exercise the commit", i)
	}
}

func TestRenderKilledKeepsWholeSet(t *testing.T) {
	for _, user := range []bool{false, true} {
		t.Run(map[bool]string{false: "own folder", true: "user folder"}[user], func(t *testing.T) {
			bin := testtool.Binary(t)
			data := make([]string, 2)
			data[0], data[1] = variants(t, "2022-09-14")
			sets := map[string]map[string]string{}
			for i, name := range []string{"a", "b"} {
				dir := filepath.Join(t.TempDir(), "ref")
				if out, err := exec.Command(bin, "render", data[i], "-o", dir).CombinedOutput(); err != nil {
					t.Fatalf("%v\n%s", err, out)
				}
				sets[name] = hashes(t, dir)
			}
			parent := t.TempDir()
			out := filepath.Join(parent, "out")
			extra := map[string]string{}
			if user {
				// A user's folder: the set is committed in place by the journal, and a kill
				// between two renames is finished by the next run's recovery.
				os.MkdirAll(out, 0o755)
				os.WriteFile(filepath.Join(out, "ghi-chu.txt"), []byte("của người dùng"), 0o644)
				extra = hashes(t, out)
			}
			prev := ""
			killRuns(t, bin, func(i int) []string {
				return []string{"render", data[i%2], "-o", out}
			}, func(i int, finished bool) bool {
				left := temporaries(t, parent, out)
				if user {
					f, err := outfile.Open(out) // what the next run does first
					if err != nil {
						t.Fatal(err)
					}
					f.Close()
				}
				got := which(t, out, sets, extra)
				want := []string{"a", "b"}[i%2]
				if finished && got != want || got != want && got != prev {
					t.Fatalf("run %d (%s, finished %v): the folder holds set %q, previous %q", i, want, finished, got, prev)
				}
				prev = got
				return len(left) > 0
			})
			if out, err := exec.Command(bin, "render", data[0], "-o", out).CombinedOutput(); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if got := which(t, out, sets, extra); got != "a" {
				t.Errorf("after a successful run: set %q", got)
			}
			if left := temporaries(t, parent, out); len(left) > 0 {
				t.Errorf("temporaries survived a successful run: %q", left)
			}
		})
	}
}

func TestBatchKilledKeepsWholeSets(t *testing.T) {
	bin := testtool.Binary(t)
	dates := []string{"2022-09-14", "2022-12-15", "2023-03-15"}
	inputs := []string{t.TempDir(), t.TempDir()}
	sets := map[string]map[string]map[string]string{} // date → a/b → hashes
	for _, d := range dates {
		a, b := variants(t, d)
		sets[d] = map[string]map[string]string{}
		for i, p := range []string{a, b} {
			src, _ := os.ReadFile(p)
			os.WriteFile(filepath.Join(inputs[i], d+".toml"), src, 0o644)
		}
	}
	for i, name := range []string{"a", "b"} {
		ref := filepath.Join(t.TempDir(), "ref")
		if out, err := exec.Command(bin, "batch", inputs[i], "-o", ref).CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		for _, d := range dates {
			sets[d][name] = hashes(t, filepath.Join(ref, d))
		}
	}
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	prev := map[string]string{}
	dirs := func() []string {
		ds := []string{parent, out}
		for _, d := range dates {
			ds = append(ds, filepath.Join(out, d))
		}
		return ds
	}
	killRuns(t, bin, func(i int) []string {
		return []string{"batch", inputs[i%2], "-o", out, "-j", "2"}
	}, func(i int, finished bool) bool {
		left := temporaries(t, dirs()...)
		want := []string{"a", "b"}[i%2]
		for _, d := range dates {
			got := which(t, filepath.Join(out, d), sets[d], nil)
			if finished && got != want || got != want && got != prev[d] {
				t.Fatalf("run %d (%s, finished %v): %s holds set %q, previous %q", i, want, finished, d, got, prev[d])
			}
			prev[d] = got
		}
		// summary.json is absent (no run finished yet) or whole, and names one set's files.
		if b, err := os.ReadFile(filepath.Join(out, "summary.json")); err == nil {
			var sum struct {
				Entries []struct {
					Date    string `json:"reporting_date"`
					Outputs []struct{ File, SHA256 string }
				}
			}
			if err := json.Unmarshal(b, &sum); err != nil || len(sum.Entries) != len(dates) {
				t.Fatalf("run %d: summary.json is not whole: %v\n%.300s", i, err, b)
			}
		} else if finished {
			t.Fatalf("run %d finished without summary.json", i)
		}
		return len(left) > 0
	})
	if o, err := exec.Command(bin, "batch", inputs[1], "-o", out).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, o)
	}
	for _, d := range dates {
		if got := which(t, filepath.Join(out, d), sets[d], nil); got != "b" {
			t.Errorf("%s after a successful run: set %q", d, got)
		}
	}
	if left := temporaries(t, dirs()...); len(left) > 0 {
		t.Errorf("temporaries survived a successful run: %q", left)
	}
}

// runBinary runs the built binary to its end and fails the test on a crash. (RunLimited's
// address-space cap makes the Go runtime fail to map memory now and then, at ~20 MB in use, in
// a batch; these tests are about the disk, not memory.)
func runBinary(t *testing.T, args ...string) testtool.Result {
	t.Helper()
	var o, e strings.Builder
	cmd := exec.Command(testtool.Binary(t), args...)
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	r := testtool.Result{Code: cmd.ProcessState.ExitCode(), Stdout: o.String(), Stderr: e.String()}
	if r.Code < 0 || strings.Contains(r.Stderr, "goroutine ") {
		t.Fatalf("baocao %q crashed: %v\n%.2000s", args, err, r.Stderr)
	}
	return r
}

// TestRenderDiskFull re-renders a changed dataset onto a disk with no room for a second set:
// the run fails with a Vietnamese message naming the file, and the folder keeps the old set.
func TestRenderDiskFull(t *testing.T) {
	bin := testtool.Binary(t)
	a, b := variants(t, "2022-09-14")
	disk := testtool.Tmpfs(t, 160) // one set takes ≈ 100 KiB
	out := filepath.Join(disk, "out")
	if o, err := exec.Command(bin, "render", a, "-o", out).CombinedOutput(); err != nil {
		t.Fatalf("first render: %v\n%s", err, o)
	}
	old := hashes(t, out)
	res := runBinary(t, "render", b, "-o", out)
	if res.Code == 0 {
		t.Fatal("a set that does not fit was reported written")
	}
	if !regexp.MustCompile(regexp.QuoteMeta(out) + `/[a-z-]+\.(docx|pdf|xlsx): không đủ chỗ trên đĩa`).MatchString(res.Stderr) {
		t.Errorf("stderr does not name the file and the full disk:\n%s", res.Stderr)
	}
	if got := hashes(t, out); !maps.Equal(got, old) {
		t.Errorf("the folder does not hold the old set: %v, want %v", got, old)
	}
	if left := temporaries(t, disk, out); len(left) > 0 {
		t.Errorf("temporaries left: %q", left)
	}
}

// TestBatchDiskFull: each reporting date that does not fit keeps its old set and is reported
// failed with the message; the summary says so.
func TestBatchDiskFull(t *testing.T) {
	bin := testtool.Binary(t)
	in := []string{t.TempDir(), t.TempDir()}
	for _, d := range []string{"2022-09-14", "2022-12-15"} {
		a, b := variants(t, d)
		for i, p := range []string{a, b} {
			src, _ := os.ReadFile(p)
			os.WriteFile(filepath.Join(in[i], d+".toml"), src, 0o644)
		}
	}
	disk := testtool.Tmpfs(t, 260) // two sets take ≈ 200 KiB
	out := filepath.Join(disk, "out")
	if o, err := exec.Command(bin, "batch", in[0], "-o", out, "-j", "1").CombinedOutput(); err != nil {
		t.Fatalf("first batch: %v\n%s", err, o)
	}
	old := map[string]map[string]string{}
	for _, d := range []string{"2022-09-14", "2022-12-15"} {
		old[d] = hashes(t, filepath.Join(out, d))
	}
	res := runBinary(t, "batch", in[1], "-o", out, "-j", "1")
	if res.Code == 0 {
		t.Fatal("sets that do not fit were reported written")
	}
	if !strings.Contains(res.Stderr, "không đủ chỗ trên đĩa") {
		t.Errorf("stderr does not say the disk is full:\n%.1500s", res.Stderr)
	}
	for d, h := range old {
		if got := hashes(t, filepath.Join(out, d)); !maps.Equal(got, h) {
			t.Errorf("%s: the folder does not hold the old set", d)
		}
	}
	if left := temporaries(t, disk, out, filepath.Join(out, "2022-09-14"), filepath.Join(out, "2022-12-15")); len(left) > 0 {
		t.Errorf("temporaries left: %q", left)
	}
}

// TestRenderSignedSetNeedsForce: a folder holding a signed appendix is left whole and untouched
// without --force (nothing written, not even the report); with --force the whole set is
// replaced at once by the new one.
func TestRenderSignedSetNeedsForce(t *testing.T) {
	t.Setenv("BAOCAO_P12_PASSWORD", testpki.Password)
	p12 := writeP12(t, testpki.Spec{})
	a, b := variants(t, "2022-09-14")
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	if code, _, e := baocao(t, "render", a, "-o", out, "--sign-p12", p12, "--sign-time", "2022-09-14T16:30:05+07:00"); code != exitOK {
		t.Fatalf("exit %d: %s", code, e)
	}
	signed := hashes(t, out)
	code, _, e := baocao(t, "render", b, "-o", out)
	if code != exitInvalid || !strings.Contains(e, "phu-luc.pdf: tệp đích đã được ký số") {
		t.Errorf("overwrite of a signed set: exit %d, %s", code, e)
	}
	if got := hashes(t, out); !maps.Equal(got, signed) {
		t.Error("the signed set was changed without --force")
	}
	if left := temporaries(t, parent, out); len(left) > 0 {
		t.Errorf("a refused run left %q", left)
	}
	ref := t.TempDir()
	if code, _, e := baocao(t, "render", b, "-o", ref); code != exitOK {
		t.Fatal(e)
	}
	if code, _, e := baocao(t, "render", b, "-o", out, "--force"); code != exitOK {
		t.Fatalf("--force: exit %d, %s", code, e)
	}
	if got, want := hashes(t, out), hashes(t, ref); !maps.Equal(got, want) {
		t.Errorf("--force did not replace the whole set: %v, want %v", got, want)
	}
	if left := temporaries(t, parent, out); len(left) > 0 {
		t.Errorf("temporaries left: %q", left)
	}
}

// TestRenderCleansStaleAtStart: what a killed run left — a staging folder beside the output
// folder, temporaries of this version and of earlier ones in it — is removed when the next run
// starts, even one that then stops on bad input; files that only look similar stay.
func TestRenderCleansStaleAtStart(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	stale := []string{
		".out.baocao-00112233445566ff.tmp/phu-luc.pdf",
		"out/.phu-luc.pdf.baocao-00112233445566ff.tmp",
		"out/..commit.baocao-00112233445566ff.tmp",
	}
	keep := []string{"out/bao-cao.docx", "out/ghi-chu.txt", "out/.ghi-chu.txt.baocao-00112233445566f.tmp", ".out.tmp"}
	for _, p := range append(stale, keep...) {
		p = filepath.Join(parent, p)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("x"), 0o644)
	}
	bad := filepath.Join(t.TempDir(), "bad.toml")
	os.WriteFile(bad, []byte("[document]\nnumber = 1\n"), 0o644)
	if code, _, _ := baocao(t, "render", bad, "-o", out); code != exitInvalid {
		t.Errorf("bad input: exit %d", code)
	}
	for _, p := range stale {
		if _, err := os.Stat(filepath.Join(parent, strings.Split(p, "/")[0])); err == nil && strings.HasPrefix(p, ".") {
			t.Errorf("%s survived", p)
		}
		if _, err := os.Stat(filepath.Join(parent, p)); err == nil {
			t.Errorf("%s survived", p)
		}
	}
	for _, p := range keep {
		if _, err := os.Stat(filepath.Join(parent, p)); err != nil {
			t.Errorf("%s was removed", p)
		}
	}
}

// stagedRender starts the binary rendering b into out, signed with a timestamp from a TSA that
// answers only when told (answer): the report and the workbook are made long before the
// appendix, which waits for the TSA. It returns once both are written into the run's staging
// folder (the set is staged, not committed), with the running command.
func stagedRender(t *testing.T, b, out string, answer chan int) *exec.Cmd {
	t.Helper()
	t.Setenv("BAOCAO_P12_PASSWORD", testpki.Password)
	p12 := writeP12(t, testpki.Spec{})
	tsa := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "TSA down", <-answer)
	}))
	t.Cleanup(tsa.Close)
	cmd := exec.Command(testtool.Binary(t), "render", b, "-o", out, "--sign-p12", p12, "--tsa", tsa.URL)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	staged := regexp.MustCompile(`^\.` + regexp.QuoteMeta(filepath.Base(out)) + `\.baocao-[0-9a-f]{16}\.tmp$`)
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		entries, _ := os.ReadDir(filepath.Dir(out))
		for _, e := range entries {
			if !staged.MatchString(e.Name()) {
				continue
			}
			written := 0
			for _, name := range []string{"bao-cao.docx", "bang-diem.xlsx"} {
				if st, err := os.Stat(filepath.Join(filepath.Dir(out), e.Name(), name)); err == nil && st.Size() > 0 {
					written++
				}
			}
			if written == 2 {
				return cmd
			}
		}
	}
	t.Fatalf("the report and the workbook were never staged; stderr:\n%s", stderr.String())
	return nil
}

// stagedRun is a render started over an old set (stagedOverOldSet).
type stagedRun struct {
	parent, out string
	next        string            // the dataset the staged run renders
	old         map[string]string // the old set's hashes
	answer      chan int          // the TSA's answer the staged run waits for
	cmd         *exec.Cmd
}

// stagedOverOldSet renders one variant of the sample into a fresh folder, then starts a render
// of the other over it that stages its report and workbook and waits for the TSA's answer
// (stagedRender).
func stagedOverOldSet(t *testing.T) stagedRun {
	t.Helper()
	a, b := variants(t, "2022-09-14")
	r := stagedRun{parent: t.TempDir(), next: b, answer: make(chan int, 1)}
	r.out = filepath.Join(r.parent, "out")
	if code, _, e := baocao(t, "render", a, "-o", r.out); code != exitOK {
		t.Fatal(e)
	}
	r.old = hashes(t, r.out)
	r.cmd = stagedRender(t, b, r.out, r.answer)
	return r
}

// TestRenderFailsAfterStaging: the appendix fails (the TSA refuses) after the report and the
// workbook were written to the disk: the run fails, the folder keeps its old set, and nothing
// of the new one is left beside or in it.
func TestRenderFailsAfterStaging(t *testing.T) {
	r := stagedOverOldSet(t)
	parent, out, old, answer, cmd := r.parent, r.out, r.old, r.answer, r.cmd
	answer <- http.StatusInternalServerError
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitInvalid {
		t.Fatalf("a failed appendix: %v, want exit %d", err, exitInvalid)
	}
	if got := hashes(t, out); !maps.Equal(got, old) {
		t.Errorf("the folder does not hold the old set: %v, want %v", got, old)
	}
	if left := temporaries(t, parent, out); len(left) > 0 {
		t.Errorf("a failed run left %q", left)
	}
}

// TestRenderKilledWhileStaged: a run killed after it staged part of its set, before the
// commit, leaves the old set; the next run removes the staging folder and commits its own set,
// byte for byte the one a run into a fresh folder writes.
func TestRenderKilledWhileStaged(t *testing.T) {
	r := stagedOverOldSet(t)
	parent, out, old, answer, cmd := r.parent, r.out, r.old, r.answer, r.cmd
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	answer <- http.StatusInternalServerError // let the TSA's handler return
	if got := hashes(t, out); !maps.Equal(got, old) {
		t.Errorf("the folder does not hold the old set: %v, want %v", got, old)
	}
	if left := temporaries(t, parent, out); len(left) != 1 {
		t.Fatalf("the killed run left %q, want its staging folder", left)
	}
	if code, _, e := baocao(t, "render", r.next, "-o", out); code != exitOK {
		t.Fatal(e)
	}
	ref := filepath.Join(t.TempDir(), "ref")
	if code, _, e := baocao(t, "render", r.next, "-o", ref); code != exitOK {
		t.Fatal(e)
	}
	if got, want := hashes(t, out), hashes(t, ref); !maps.Equal(got, want) {
		t.Errorf("the next run's set: %v, want %v", got, want)
	}
	if left := temporaries(t, parent, out); len(left) > 0 {
		t.Errorf("the next run left %q", left)
	}
}

// TestRenderBadInputBesideSet: the output set is begun while the dataset loads; when the
// dataset is bad its errors are what the run reports, even over a signed set, and the folder
// keeps its set with nothing of ours left beside it.
func TestRenderBadInputBesideSet(t *testing.T) {
	t.Setenv("BAOCAO_P12_PASSWORD", testpki.Password)
	p12 := writeP12(t, testpki.Spec{})
	bad := filepath.Join(t.TempDir(), "bad.toml")
	os.WriteFile(bad, []byte("[document]\nnumber = 1\n"), 0o644)
	for _, signed := range []bool{false, true} {
		t.Run(fmt.Sprint("signed ", signed), func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "out")
			args := []string{"render", sample, "-o", out}
			if signed {
				args = append(args, "--sign-p12", p12, "--sign-time", "2022-09-14T16:30:05+07:00")
			}
			if code, _, e := baocao(t, args...); code != exitOK {
				t.Fatal(e)
			}
			old := hashes(t, out)
			code, _, e := baocao(t, "render", bad, "-o", out)
			if code != exitInvalid || !strings.Contains(e, bad+":") || strings.Contains(e, "đã được ký số") {
				t.Errorf("exit %d, want %d with the dataset's errors only:\n%s", code, exitInvalid, e)
			}
			if got := hashes(t, out); !maps.Equal(got, old) {
				t.Error("the folder's set changed")
			}
			if left := temporaries(t, parent, out); len(left) > 0 {
				t.Errorf("left %q", left)
			}
		})
	}
}
