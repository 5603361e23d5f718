package gcpace

import (
	"runtime/debug"
	"testing"
)

// TestSet: the pace is set and restored, and left alone when GOGC chooses one.
func TestSet(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	for _, tc := range []struct {
		gogc string
		want int
	}{{"", 300}, {"50", 100}} {
		t.Setenv("GOGC", tc.gogc)
		restore := Set(300)
		if got := debug.SetGCPercent(100); got != tc.want {
			t.Errorf("GOGC=%q: pace %d after Set(300), want %d", tc.gogc, got, tc.want)
		}
		debug.SetGCPercent(tc.want)
		restore()
		if got := debug.SetGCPercent(100); got != 100 {
			t.Errorf("GOGC=%q: pace %d after restore, want 100", tc.gogc, got)
		}
	}
}
