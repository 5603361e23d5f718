package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBatchShardAndMerge(t *testing.T) {
	whole := t.TempDir()
	if code, _, errOut := baocao(t, "batch", sample, "-o", whole); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	a, b := t.TempDir(), t.TempDir()
	for i, out := range []string{a, b} {
		if code, _, errOut := baocao(t, "batch", sample, "-o", out, "--shard", []string{"1/2", "2/2"}[i]); code != exitOK {
			t.Fatalf("shard %d: exit %d: %s", i+1, code, errOut)
		}
	}
	merged := filepath.Join(t.TempDir(), "summary.json")
	if code, _, errOut := baocao(t, "batch", "merge", "-o", merged, a, b); code != exitOK {
		t.Fatalf("merge: exit %d: %s", code, errOut)
	}
	got, _ := os.ReadFile(merged)
	want, _ := os.ReadFile(filepath.Join(whole, "summary.json"))
	if string(got) != string(want) {
		t.Errorf("merged summary:\n%s\nwant the whole batch's:\n%s", got, want)
	}
	if code, _, errOut := baocao(t, "batch", "merge", a); code != exitInvalid || !strings.Contains(errOut, "thiếu phần") {
		t.Errorf("merge of one shard of two: exit %d, stderr %s", code, errOut)
	}
	if code, _, errOut := baocao(t, "batch", sample, "-o", t.TempDir(), "--shard", "3/2"); code != exitInvalid || !strings.Contains(errOut, "--shard") {
		t.Errorf("--shard 3/2: exit %d, stderr %s", code, errOut)
	}
}
