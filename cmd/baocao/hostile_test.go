package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/baocao-vn/baocao/generator/batch"
	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/internal/testtool"
)

// hostile writes a dataset made by gen into a temporary folder and returns its path; the
// generators write in pieces, so that a 20 MB input never sits in the test's memory.
func hostile(t *testing.T, name string, gen func(w *bufio.Writer)) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	gen(w)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

// repeat writes s n times, in pieces of about 64 KB.
func repeat(w *bufio.Writer, s string, n int) {
	per := max(1, 65536/len(s))
	chunk := strings.Repeat(s, per)
	for ; n >= per; n -= per {
		w.WriteString(chunk)
	}
	w.WriteString(strings.Repeat(s, n))
}

// sampleWith writes the seed sample with old replaced by new.
func sampleWith(t *testing.T, old, new string) func(w *bufio.Writer) {
	return func(w *bufio.Writer) {
		src, err := os.ReadFile(sample)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(src), old) {
			t.Fatalf("%q is not in the sample", old)
		}
		w.WriteString(strings.Replace(string(src), old, new, 1))
	}
}

// text returns n characters of Vietnamese prose, every letter with its marks.
func text(n int) string {
	words := []rune("Ủy ban nhân dân xã Đồng Lộc triển khai đầy đủ các nhiệm vụ cải cách hành chính; kết quả được ghi nhận ở quý IV. ")
	r := make([]rune, n)
	for i := range r {
		r[i] = words[i%len(words)]
	}
	r[n-1] = '.'
	return string(r)
}

// TestHostileDatasets runs the built binary on each hostile dataset under a memory ceiling and
// a timeout: every one ends in exit 2 and a Vietnamese message naming the file, the place and
// the limit, never in a crash, an out-of-memory kill or a hang. The ceilings are the README's
// "peak memory ≤ 6 × input + 32 MB", with the 32 MB the command needs on any input.
func TestHostileDatasets(t *testing.T) {
	long := text(dataset.MaxTextLen + 1)
	tests := []struct {
		name   string
		gen    func(w *bufio.Writer)
		memMB  int
		code   int
		want   string // in stderr, after the file's path
		render bool   // also run render, which must refuse the same way and write nothing
	}{
		{"10M nested [ in 20 MB", func(w *bufio.Writer) {
			w.WriteString("a = ")
			repeat(w, "[", 10_000_000)
			repeat(w, "]", 10_000_000)
		}, 64, exitInvalid, ": tệp dữ liệu lớn 19 MB, vượt giới hạn 16 MB (MaxFileSize)", true},
		{"8M nested [ in 16 MB", func(w *bufio.Writer) {
			n := (dataset.MaxFileSize - 8) / 2
			w.WriteString("a = ")
			repeat(w, "[", n)
			repeat(w, "]", n)
		}, 96, exitInvalid, ":1:68: a: bảng và mảng lồng nhau quá 64 cấp (giới hạn MaxDepth", true},
		{"100k nested [ in 200 KB", func(w *bufio.Writer) {
			w.WriteString("a = ")
			repeat(w, "[", 100_000)
			repeat(w, "]", 100_000)
		}, 32, exitInvalid, ":1:68: a: bảng và mảng lồng nhau quá 64 cấp", true},
		{"100k nested { in 400 KB", func(w *bufio.Writer) {
			w.WriteString("a = ")
			repeat(w, "{b=", 100_000)
			repeat(w, "}", 100_000)
		}, 32, exitInvalid, "bảng và mảng lồng nhau quá 64 cấp", false},
		{"100k-part table name", func(w *bufio.Writer) {
			w.WriteString("[")
			repeat(w, "a.", 100_000)
			w.WriteString("a]\n")
		}, 32, exitInvalid, "bảng và mảng lồng nhau quá 64 cấp", false},
		{"oversize file", func(w *bufio.Writer) {
			repeat(w, "# chú thích\n", dataset.MaxFileSize/14+1)
			sampleWith(t, "", "")(w)
		}, 32, exitInvalid, ": tệp dữ liệu lớn 16 MB, vượt giới hạn 16 MB (MaxFileSize)", true},
		{"oversize text value", sampleWith(t, `  deadline = "Quý IV"`, `  deadline = "`+long+`"`),
			32, exitInvalid, ": fields[3].criteria[0].deadline: văn bản dài 100001 ký tự, vượt giới hạn 100000 ký tự (MaxTextLen)", true},
		{"15 MB text value with escapes", func(w *bufio.Writer) {
			src, _ := os.ReadFile(sample)
			before, after, _ := strings.Cut(string(src), `  deadline = "Quý IV"`)
			w.WriteString(before + `  deadline = "`)
			repeat(w, `Ủy ban nhân dân xã Đồng Lộc triển khai\n`, 15_000_000/52)
			w.WriteString(`"` + after)
		}, 128, exitInvalid, ":265: fields[3].criteria[0].deadline: văn bản dài 11249979 ký tự, vượt giới hạn 100000 ký tự (MaxTextLen)", true},
		{"too many values in 4 MB", func(w *bufio.Writer) {
			w.WriteString("a = [")
			repeat(w, "1,", 2_000_000)
			w.WriteString("]\n")
		}, 64, exitInvalid, ":1:200003: a: tệp ghi quá 100000 giá trị", false},
		{"too many rows", func(w *bufio.Writer) {
			sampleWith(t, "", "")(w)
			for i := range dataset.MaxCriteria {
				fmt.Fprintf(w, "\n[[fields.criteria]]\nid = \"7.%d\"\nname = \"Tiêu chí\"\nmax = 0.001\nscore = 0\n", i+10)
			}
		}, 64, exitInvalid, ": fields[6].criteria[4980]: quá 5000 tiêu chí (kể cả lĩnh vực; giới hạn MaxCriteria)", true},
		{"as_of 0000-01-01", sampleWith(t, "as_of = 2022-09-14", "as_of = 0000-01-01"),
			32, exitInvalid, ": appendix.as_of: ngày 0000-01-01 nằm ngoài khoảng cho phép: năm phải từ 1900 đến 2999", true},
		{"CR-only line endings", func(w *bufio.Writer) {
			src, _ := os.ReadFile(sample)
			w.WriteString(strings.ReplaceAll(string(src), "\n", "\r"))
		}, 32, exitInvalid, ":1:", true},
		{"integer overflow", sampleWith(t, "max = 11\n", "max = 99999999999999999999\n"),
			32, exitInvalid, ": fields[0].max: lỗi cú pháp TOML: số nguyên 99999999999999999999 quá lớn", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := hostile(t, "bad.toml", tt.gen)
			r := testtool.RunLimited(t, testtool.Limits{MemoryMB: tt.memMB}, "check", in)
			if r.Code != tt.code || !strings.Contains(r.Stderr, in) || !strings.Contains(r.Stderr, tt.want) {
				t.Fatalf("exit %d, stderr:\n%.2000s\nwant exit %d and %q", r.Code, r.Stderr, tt.code, in+tt.want)
			}
			if tt.name == "CR-only line endings" && !strings.Contains(r.Stderr, "ký tự CR (0x0D) đứng một mình") {
				t.Errorf("stderr: %s", r.Stderr)
			}
			st, _ := os.Stat(in)
			t.Logf("check: input %d KB, peak %d MB", st.Size()>>10, r.MaxRSSMB)
			if !tt.render {
				return
			}
			out := filepath.Join(t.TempDir(), "out")
			r = testtool.RunLimited(t, testtool.Limits{MemoryMB: tt.memMB}, "render", in, "-o", out)
			if r.Code != tt.code || !strings.Contains(r.Stderr, in) || !strings.Contains(r.Stderr, tt.want) {
				t.Fatalf("render: exit %d, stderr:\n%.2000s", r.Code, r.Stderr)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("render of a refused dataset created %s", out)
			}
		})
	}
}

// TestLongestTextAccepted checks that a text at MaxTextLen passes check within the ceiling.
func TestLongestTextAccepted(t *testing.T) {
	long := text(dataset.MaxTextLen)
	in := hostile(t, "long.toml", sampleWith(t, `  deadline = "Quý IV"`, `  deadline = "`+long+`"`))
	r := testtool.RunLimited(t, testtool.Limits{MemoryMB: 32}, "check", in)
	if r.Code != exitDiscrepancy && r.Code != exitOK {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	t.Logf("check: peak %d MB", r.MaxRSSMB)
}

// TestRenderLongTexts renders a valid dataset of the longest texts the limits allow in every
// reason, remedy, progress, deadline and note (thousands of appendix pages) under the README's
// ceiling for render: what it holds grows with the pages it prints, ≤ 30 × the file + 32 MB.
func TestRenderLongTexts(t *testing.T) {
	long := text(dataset.MaxTextLen)
	value := regexp.MustCompile(`(?m)^(\s*(?:reason|remedy|progress|deadline|note)\s*)=\s*"[^"\n]*"`)
	in := hostile(t, "dai.toml", func(w *bufio.Writer) {
		src, err := os.ReadFile(sample)
		if err != nil {
			t.Fatal(err)
		}
		w.WriteString(value.ReplaceAllString(string(src), `$1= "`+long+`"`))
	})
	st, err := os.Stat(in)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	ceiling := 30*int(st.Size()>>20) + 32
	r := testtool.RunLimited(t, testtool.Limits{MemoryMB: ceiling, Timeout: 2 * time.Minute}, "render", in, "-o", out)
	if r.Code != exitOK && r.Code != exitDiscrepancy {
		t.Fatalf("exit %d: %.2000s", r.Code, r.Stderr)
	}
	pdf, err := os.Stat(filepath.Join(out, "phu-luc.pdf"))
	if err != nil || pdf.Size() < 1<<20 {
		t.Fatalf("the appendix: %v", err)
	}
	t.Logf("render: input %d KB, appendix %d KB, peak %d MB (ceiling %d MB)", st.Size()>>10, pdf.Size()>>10, r.MaxRSSMB, ceiling)
}

// TestBatchSkipsFIFO puts a FIFO named *.toml beside a dataset: the batch reports it, never
// opens it (which would wait forever for a writer), renders the dataset and finishes.
func TestBatchSkipsFIFO(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs")
	}
	in := t.TempDir()
	src, _ := os.ReadFile(sample)
	os.WriteFile(filepath.Join(in, "a.toml"), src, 0o644)
	fifo := filepath.Join(in, "b.toml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	r := testtool.RunLimited(t, testtool.Limits{MemoryMB: 512, Timeout: 60 * time.Second}, "batch", in, "-o", out)
	if r.Code != exitOK || !strings.Contains(r.Stderr, "bỏ qua: "+fifo+": không phải tệp dữ liệu thông thường (đường ống FIFO); bỏ qua, không đọc") {
		t.Fatalf("exit %d, stderr:\n%s", r.Code, r.Stderr)
	}
	b, err := os.ReadFile(filepath.Join(out, batch.SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var sum batch.Summary
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Datasets != 1 || sum.Failed != 0 || len(sum.Skipped) != 1 || !strings.Contains(sum.Skipped[0], "b.toml") {
		t.Errorf("summary %+v", sum)
	}
	// Named on the command line, alone, it is refused the same way by every command.
	t.Logf("batch: peak %d MB", r.MaxRSSMB)
	r = testtool.RunLimited(t, testtool.Limits{Timeout: 20 * time.Second}, "check", fifo)
	if r.Code != exitInvalid || !strings.Contains(r.Stderr, fifo+": không phải tệp dữ liệu thông thường (đường ống FIFO)") {
		t.Errorf("check FIFO: exit %d, stderr:\n%s", r.Code, r.Stderr)
	}
	r = testtool.RunLimited(t, testtool.Limits{MemoryMB: 512, Timeout: 20 * time.Second}, "batch", fifo, "-o", t.TempDir())
	if r.Code != exitInvalid || !strings.Contains(r.Stderr, "không có tệp .toml nào") {
		t.Errorf("batch FIFO alone: exit %d, stderr:\n%s", r.Code, r.Stderr)
	}
}

// TestBatchWorkersCapped: -j over WorkersPerCPU × cores is refused before anything is read.
func TestBatchWorkersCapped(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	r := testtool.RunLimited(t, testtool.Limits{MemoryMB: 64}, "batch", "../../samples", "-o", out, "-j", "1000")
	want := fmt.Sprintf("baocao batch: -j 1000 vượt giới hạn %d (4 × %d nhân CPU)", 4*runtime.NumCPU(), runtime.NumCPU())
	if r.Code != exitInvalid || !strings.Contains(r.Stderr, want) {
		t.Fatalf("exit %d, stderr:\n%s\nwant %q", r.Code, r.Stderr, want)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("-j 1000 created %s", out)
	}
	if r := testtool.RunLimited(t, testtool.Limits{MemoryMB: 64}, "batch", "../../samples", "-o", out, "-j", "-3"); r.Code != exitInvalid || !strings.Contains(r.Stderr, "phải là số dương") {
		t.Errorf("-j -3: exit %d, %s", r.Code, r.Stderr)
	}
}

// TestBatchMemoryFlat checks that a batch's peak memory does not grow with the number of
// datasets: each is rendered, written and let go; only its line of the summary stays.
func TestBatchMemoryFlat(t *testing.T) {
	src, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	peak := func(n int) int {
		in := t.TempDir()
		day := time.Date(2022, 9, 14, 0, 0, 0, 0, time.UTC)
		for i := range n {
			d := day.AddDate(0, 0, i).Format("2006-01-02")
			os.WriteFile(filepath.Join(in, d+".toml"), []byte(strings.ReplaceAll(string(src), "2022-09-14", d)), 0o644)
		}
		// GOGC=100: the command's own pace (batch.GCPercent) trades memory for speed, and its pacing would
		// hide what is being measured here.
		r := testtool.RunLimited(t, testtool.Limits{MemoryMB: 256, Timeout: 5 * time.Minute, Env: []string{"GOGC=100"}},
			"batch", in, "-o", filepath.Join(t.TempDir(), "out"), "-j", "2")
		if r.Code != exitOK {
			t.Fatalf("exit %d: %s", r.Code, r.Stderr)
		}
		return r.MaxRSSMB
	}
	// Ten datasets already bring two workers and the collector to their steady state (three
	// often end before the first collection, which made the comparison depend on timing);
	// six times as many must not need more.
	few, many := peak(10), peak(60)
	t.Logf("batch peak: 10 datasets %d MB, 60 datasets %d MB", few, many)
	if many > few+16 {
		t.Errorf("60 datasets peak at %d MB, 10 at %d MB: memory grows with the number of datasets", many, few)
	}
}
