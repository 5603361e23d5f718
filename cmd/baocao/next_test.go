package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/internal/testtool"
)

// TestNext makes the next reporting date's dataset from each sample and checks what a clerk
// would: a line diff of the two files shows only the number and the two dates, and in those
// lines only the value; check accepts the new file; a second run refuses to overwrite it.
func TestNext(t *testing.T) {
	tests := []struct {
		src, date, asOf string
		wantDate        string // as written in the new file
	}{
		{"../../samples/2023-03-15.toml", "2023-06-15", "", "2023-06-15"},
		{"../../samples/2022-09-14.toml", "15/12/2022", "", "2022-12-15"},
		{"../../samples/so-tu-phap/2024-03-04.toml", "14/6/2024", "2024-06-10", "2024-06-14"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.src), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "X.toml")
			args := []string{"next", tt.src, "--date", tt.date, "-o", out}
			if tt.asOf != "" {
				args = append(args, "--as-of", tt.asOf)
			}
			code, stdout, stderr := baocao(t, args...)
			if code != exitOK {
				t.Fatalf("next: exit %d\n%s", code, stderr)
			}
			if !strings.Contains(stdout, "Đã ghi "+out) {
				t.Errorf("stdout: %q", stdout)
			}
			asOf := tt.wantDate
			if tt.asOf != "" {
				asOf = tt.asOf
			}
			before, _ := os.ReadFile(tt.src)
			after, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{"number": `""`, "date": tt.wantDate, "as_of": asOf}
			a, b := strings.Split(string(before), "\n"), strings.Split(string(after), "\n")
			if len(a) != len(b) {
				t.Fatalf("%d lines became %d", len(a), len(b))
			}
			changed := map[string]bool{}
			for i := range a {
				if a[i] == b[i] {
					continue
				}
				key, oldVal, ok := valueOf(a[i])
				newVal, ok2 := want[key]
				if !ok || !ok2 || changed[key] {
					t.Errorf("line %d changed:\n- %s\n+ %s", i+1, a[i], b[i])
					continue
				}
				changed[key] = true
				if exp := strings.Replace(a[i], "= "+oldVal, "= "+newVal, 1); b[i] != exp {
					t.Errorf("line %d: more than the value changed:\n- %s\n+ %s\nwant\n+ %s", i+1, a[i], b[i], exp)
				}
			}
			if len(changed) == 0 {
				t.Error("nothing changed")
			}
			if code, _, stderr := baocao(t, "check", out); code != exitOK {
				t.Errorf("check of the new file: exit %d\n%s", code, stderr)
			}
			code, _, stderr = baocao(t, args...)
			if code != exitInvalid || !strings.Contains(stderr, out+": tệp đã có; không ghi đè") {
				t.Errorf("second run: exit %d, %q", code, stderr)
			}
			if again, _ := os.ReadFile(out); string(again) != string(after) {
				t.Error("the second run changed the file")
			}
		})
	}
}

// valueOf splits `key = value # comment` into the key and the value's text.
func valueOf(line string) (key, value string, ok bool) {
	k, v, ok := strings.Cut(line, "=")
	if !ok {
		return "", "", false
	}
	v = strings.TrimLeft(v, " ")
	if strings.HasPrefix(v, `"`) {
		end := strings.IndexByte(v[1:], '"')
		return strings.TrimSpace(k), v[:end+2], end >= 0
	}
	value, _, _ = strings.Cut(v, " ")
	return strings.TrimSpace(k), value, true
}

func TestNextRefused(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "old.toml")
	os.WriteFile(existing, []byte("# của người dùng\n"), 0o644)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"date not after", []string{"next", "../../samples/2023-03-15.toml", "--date", "15/3/2023", "-o", filepath.Join(dir, "a.toml")},
			"2023-03-15.toml:28: document.date: ngày báo cáo mới 15/3/2023 phải sau ngày của báo cáo trước 15/3/2023"},
		{"as-of after date", []string{"next", "../../samples/2023-03-15.toml", "--date", "2023-06-15", "--as-of", "2023-06-16", "-o", filepath.Join(dir, "a.toml")},
			"ngày cập nhật số liệu 16/6/2023 sau ngày ban hành 15/6/2023"},
		{"bad date", []string{"next", "../../samples/2023-03-15.toml", "--date", "31/6/2023", "-o", filepath.Join(dir, "a.toml")},
			"--date: ngày không tồn tại: 31/6/2023"},
		{"existing file", []string{"next", "../../samples/2023-03-15.toml", "--date", "2023-06-15", "-o", existing},
			existing + ": tệp đã có; không ghi đè"},
		{"no date", []string{"next", "../../samples/2023-03-15.toml", "-o", filepath.Join(dir, "a.toml")}, "Cách dùng: baocao next"},
		{"invalid source", []string{"next", existing, "--date", "2023-06-15", "-o", filepath.Join(dir, "a.toml")}, "old.toml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := baocao(t, tt.args...)
			if code != exitInvalid || !strings.Contains(stderr, tt.want) {
				t.Fatalf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
			if _, err := os.Stat(filepath.Join(dir, "a.toml")); err == nil {
				t.Error("a file was written")
			}
		})
	}
	if b, _ := os.ReadFile(existing); string(b) != "# của người dùng\n" {
		t.Error("the existing file changed")
	}
}

// TestNextHostile runs the built binary's next on hostile datasets under the memory ceilings
// check has for them: each ends in exit 2 with the dataset's own message, and nothing written.
func TestNextHostile(t *testing.T) {
	tests := []struct {
		name  string
		gen   func(w *bufio.Writer)
		memMB int
		want  string
	}{
		{"8M nested [ in 16 MB", func(w *bufio.Writer) {
			n := (dataset.MaxFileSize - 8) / 2
			w.WriteString("a = ")
			repeat(w, "[", n)
			repeat(w, "]", n)
		}, 96, ":1:68: a: bảng và mảng lồng nhau quá 64 cấp (giới hạn MaxDepth"},
		{"too many values in 4 MB", func(w *bufio.Writer) {
			w.WriteString("a = [")
			repeat(w, "1,", 2_000_000)
			w.WriteString("]\n")
		}, 64, ":1:200003: a: tệp ghi quá 100000 giá trị"},
		{"too many keys in 3 MB", func(w *bufio.Writer) {
			for i := range 300_000 {
				fmt.Fprintf(w, "k%d = 1\n", i)
			}
		}, 64, ":100001:1: k100000: tệp ghi quá 100000 giá trị"},
		{"oversize file", func(w *bufio.Writer) {
			repeat(w, "# chú thích\n", dataset.MaxFileSize/14+1)
		}, 32, ": tệp dữ liệu lớn 16 MB, vượt giới hạn 16 MB (MaxFileSize)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := hostile(t, "bad.toml", tt.gen)
			out := filepath.Join(t.TempDir(), "X.toml")
			r := testtool.RunLimited(t, testtool.Limits{MemoryMB: tt.memMB}, "next", in, "--date", "2023-06-15", "-o", out)
			if r.Code != exitInvalid || !strings.Contains(r.Stderr, in+tt.want) {
				t.Fatalf("exit %d, stderr:\n%.2000s\nwant exit 2 and %q", r.Code, r.Stderr, in+tt.want)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("next of a refused dataset wrote %s", out)
			}
			t.Logf("next: peak %d MB", r.MaxRSSMB)
		})
	}
}
