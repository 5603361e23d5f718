package batch

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator/trend"
)

func TestParseShard(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Shard
		ok   bool
	}{
		{"1/1", Shard{1, 1}, true}, {"2/7", Shard{2, 7}, true}, {"256/256", Shard{256, 256}, true},
		{"0/3", Shard{}, false}, {"4/3", Shard{}, false}, {"1/257", Shard{}, false}, {"1", Shard{}, false}, {"a/b", Shard{}, false}, {"", Shard{}, false},
	} {
		got, err := ParseShard(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseShard(%q) = %v, %v", tt.in, got, err)
		}
	}
}

// files returns the SHA-256 of every output file under dir by its path there, summary aside.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == SummaryFile {
			return err
		}
		b, err := os.ReadFile(p)
		h := sha256.Sum256(b)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = hex.EncodeToString(h[:])
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestShardsMakeTheWholeBatch renders 50 dates whole and in N shards, each to its own folder:
// together the shards write the same files with the same bytes, none twice, and their merged
// summary is the whole batch's.
func TestShardsMakeTheWholeBatch(t *testing.T) {
	in := generate(t, 50)
	whole := t.TempDir()
	sum, err := Run(in, Options{Out: whole})
	if err != nil {
		t.Fatal(err)
	}
	want := files(t, whole)
	// The progress workbook needs every date of the department: only a batch without --shard
	// writes it.
	if _, ok := want[trend.File]; !ok {
		t.Errorf("the whole batch wrote no %s", trend.File)
	}
	delete(want, trend.File)
	if len(want) != 150 {
		t.Fatalf("the whole batch wrote %d files, want 150", len(want))
	}
	checkShards(t, in, want, sum, func(n int, outs []string) {
		if n == 3 {
			testMergeRefusals(t, outs)
		}
	})
}

// checkShards renders the datasets in as N shards for N = 1, 2, 3, 7, each to a folder of its
// own, and checks that together they write the whole batch's files (want, the progress
// workbooks left out) with the same bytes, none twice, and that their merged summary is the
// whole batch's (whole); then calls after with each N's folders.
func checkShards(t *testing.T, in []string, want map[string]string, whole *Summary, after func(n int, outs []string)) {
	t.Helper()
	wantJSON, _ := json.Marshal(whole)
	for _, n := range []int{1, 2, 3, 7} {
		got := map[string]string{}
		var outs []string
		for i := 1; i <= n; i++ {
			out := t.TempDir()
			if _, err := Run(in, Options{Out: out, Shard: Shard{i, n}}); err != nil && !errors.Is(err, ErrFailed) {
				t.Fatal(err)
			}
			outs = append(outs, out)
			for f, h := range files(t, out) {
				if _, dup := got[f]; dup {
					t.Errorf("N=%d: %s written by two shards", n, f)
				}
				got[f] = h
			}
		}
		if !reflect.DeepEqual(got, want) {
			for f := range want {
				if got[f] != want[f] {
					t.Errorf("N=%d: %s differs from the whole batch's", n, f)
				}
			}
			t.Errorf("N=%d: the shards wrote %d files, the whole batch %d", n, len(got), len(want))
		}
		merged, err := Merge(outs)
		if err != nil {
			t.Fatalf("N=%d: %v", n, err)
		}
		if js, _ := json.Marshal(merged); string(js) != string(wantJSON) {
			t.Errorf("N=%d: merged summary differs from the whole batch's", n)
		}
		if after != nil {
			after(n, outs)
		}
	}
}

// TestShardsMessyFolders: two departments whose folders hold what clerks leave in them — a
// dataset that does not load at a date of its own, two datasets claiming one date, a draft
// that does not load beside a dataset at the same date, a date written as text (not read from
// the line index) — rendered whole and in N shards: the shards, which parse only the datasets
// the previous-date rule needs, compare each report with the same previous date as the whole
// batch, so their files are the whole batch's, byte for byte, and so is their merged summary.
func TestShardsMessyFolders(t *testing.T) {
	in := generate(t, 24)
	dir := filepath.Dir(in[0])
	edit := func(i int, f func(string) string) {
		b, err := os.ReadFile(in[i])
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(in[i], []byte(f(string(b))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	broken := func(s string) string { return s + "\n[appendix]\nx = 1\n" } // a table defined twice
	edit(4, broken)
	copyAs := func(i int, name string, f func(string) string) {
		b, _ := os.ReadFile(in[i])
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(f(string(b))), 0o644); err != nil {
			t.Fatal(err)
		}
		in = append(in, p)
	}
	copyAs(8, "trung-ngay.toml", func(s string) string { return s })
	copyAs(12, "ban-nhap.toml", broken)
	edit(16, func(s string) string {
		d := strings.TrimSuffix(filepath.Base(in[16]), ".toml")
		return strings.Replace(s, "as_of = "+d, fmt.Sprintf("as_of = %q", d), 1)
	})
	other := filepath.Join(dir, "so-khac")
	os.Mkdir(other, 0o755)
	for _, i := range []int{1, 3, 5, 6} {
		b, _ := os.ReadFile(in[i])
		p := filepath.Join(other, filepath.Base(in[i]))
		os.WriteFile(p, b, 0o644)
		in = append(in, p)
	}
	edit(len(in)-2, broken)
	slices.Sort(in) // as Expand gives them

	whole := t.TempDir()
	sum, err := Run(in, Options{Out: whole})
	if !errors.Is(err, ErrFailed) {
		t.Fatalf("whole batch: %v, want some datasets failed", err)
	}
	if sum.Failed != 5 {
		t.Errorf("whole batch: %d failed, want 5 (two that do not load, the draft, two claiming one date)", sum.Failed)
	}
	want := files(t, whole)
	for k := range want {
		if filepath.Base(k) == trend.File {
			delete(want, k)
		}
	}
	checkShards(t, in, want, sum, nil)
}

func testMergeRefusals(t *testing.T, outs []string) {
	// A shard of 3/3 whose summary claims to be 2/3 repeats 2/3's slot and misses 3/3.
	fake := t.TempDir()
	b, _ := os.ReadFile(filepath.Join(outs[2], SummaryFile))
	os.WriteFile(filepath.Join(fake, SummaryFile), []byte(strings.Replace(string(b), `"shard": "3/3"`, `"shard": "2/3"`, 1)), 0o644)
	// A copy of 1/3 passed off as 3/3 holds the same datasets twice; renamed, the same files.
	overlap := t.TempDir()
	b, _ = os.ReadFile(filepath.Join(outs[0], SummaryFile))
	os.WriteFile(filepath.Join(overlap, SummaryFile), []byte(strings.Replace(string(b), `"shard": "1/3"`, `"shard": "3/3"`, 1)), 0o644)
	renamed := t.TempDir()
	os.WriteFile(filepath.Join(renamed, SummaryFile), []byte(strings.ReplaceAll(strings.Replace(string(b), `"shard": "1/3"`, `"shard": "3/3"`, 1), ".toml", ".old.toml")), 0o644)
	unsharded := t.TempDir()
	os.WriteFile(filepath.Join(unsharded, SummaryFile), []byte(`{"datasets":0,"failed":0,"entries":null}`), 0o644)
	for _, tt := range []struct {
		name string
		in   []string
		want string
	}{
		{"missing", outs[:2], "thiếu phần 3/3"},
		{"repeated", []string{outs[0], outs[1], fake}, "phần 2/3 trùng với"},
		{"same shard twice", []string{outs[0], outs[1], outs[1], outs[2]}, "trùng với"},
		{"overlap", []string{outs[0], outs[1], overlap}, "đã có trong"},
		{"same files", []string{outs[0], outs[1], renamed}, "/phu-luc.pdf đã có trong"},
		{"unsharded", []string{outs[0], outs[1], outs[2], unsharded}, "không phải tóm tắt của một phần"},
		{"other cut", []string{outs[0], outs[1], outs[2], filepath.Join(t.TempDir(), "none")}, "no such file"},
	} {
		if _, err := Merge(tt.in); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Merge error %v, want %q", tt.name, err, tt.want)
		}
	}
}

// TestShardStable checks that adding files never moves a dataset to another shard.
func TestShardStable(t *testing.T) {
	var names []string
	for i := range 300 {
		names = append(names, fmt.Sprintf("d/%04d.toml", i))
	}
	for _, n := range []int{2, 3, 7} {
		for k, name := range names {
			in := 0
			for i := 1; i <= n; i++ {
				if (Shard{i, n}).Has(name) {
					in++
				}
			}
			if in != 1 {
				t.Fatalf("%s is in %d of %d shards", name, in, n)
			}
			if a, b := (Shard{1, n}).Has(name), (Shard{1, n}).Has("other/"+filepath.Base(names[k])); a != b {
				t.Fatalf("the shard of %s depends on its folder", name)
			}
		}
	}
}

// TestMergeKeepsSkipped checks that the paths every shard skipped stay in the merged summary.
func TestMergeKeepsSkipped(t *testing.T) {
	var outs []string
	for i := 1; i <= 2; i++ {
		out := t.TempDir()
		js := fmt.Sprintf(`{"shard": "%d/2", "datasets": 0, "failed": 0, "skipped": ["d/fifo.toml: không phải tệp thông thường"], "entries": null}`, i)
		os.WriteFile(filepath.Join(out, SummaryFile), []byte(js), 0o644)
		outs = append(outs, out)
	}
	m, err := Merge(outs)
	if err != nil || len(m.Skipped) != 1 {
		t.Errorf("Merge = %+v, %v; want one skipped path", m, err)
	}
}
