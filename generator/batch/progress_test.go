package batch

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestProgress(t *testing.T) {
	ok := &Entry{Dataset: "a.toml", Status: "ok"}
	bad := &Entry{Dataset: "b.toml", Status: "failed", Errors: []string{"b.toml:3: document.date: sai"}}
	tests := []struct {
		name string
		live bool
		want []string
		not  []string
	}{
		{"plain", false, []string{"[1/4] a.toml: xong\n", "[2/4] b.toml: LỖI\n    b.toml:3: document.date: sai\n", "[4/4] a.toml: xong\n"}, []string{"\r", "bộ/giây"}},
		{"live", true, []string{"\r\033[K[1/4] 2,0 bộ/giây, còn khoảng 2 giây", "\r\033[Kb.toml: LỖI\n    b.toml:3: document.date: sai\n", "[4/4] 2,0 bộ/giây\n"}, []string{"[3/4]", "a.toml: xong"}},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		clock := time.Unix(0, 0)
		p := newProgress(&buf, tt.live, 4)
		p.now = func() time.Time { return clock }
		p.start = clock
		for i, e := range []*Entry{ok, bad, ok, ok} {
			// Two a second; the third comes right after the second and is not redrawn.
			clock = clock.Add([]time.Duration{500, 500, 10, 990}[i] * time.Millisecond)
			p.finished(e)
		}
		p.close()
		for _, w := range tt.want {
			if !strings.Contains(buf.String(), w) {
				t.Errorf("%s: output lacks %q:\n%q", tt.name, w, buf.String())
			}
		}
		for _, w := range tt.not {
			if strings.Contains(buf.String(), w) {
				t.Errorf("%s: output has %q:\n%q", tt.name, w, buf.String())
			}
		}
	}
	for d, want := range map[time.Duration]string{7 * time.Second: "7 giây", 185 * time.Second: "3 phút 5 giây", 3720 * time.Second: "1 giờ 2 phút"} {
		if got := duration(d); got != want {
			t.Errorf("duration(%v) = %q, want %q", d, got, want)
		}
	}
}
