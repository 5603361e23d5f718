package batch

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progress reports datasets as they finish: on a terminal one status line redrawn in place
// (count, rate, time left) with failures printed above it; elsewhere, as in CI logs, one
// plain line per dataset.
type progress struct {
	w     io.Writer
	live  bool
	total int
	now   func() time.Time

	start, drawn time.Time
	done         int
}

// redraw is how often at most the live line is redrawn: a batch finishes hundreds a second.
const redraw = 100 * time.Millisecond

func newProgress(w io.Writer, live bool, total int) *progress {
	p := &progress{w: w, live: live, total: total, now: time.Now}
	p.start = p.now()
	return p
}

// finished records that e is done; the caller serialises calls.
func (p *progress) finished(e *Entry) {
	p.done++
	status := "xong"
	if e.Status != "ok" {
		status = "LỖI"
	} else if n := len(e.Discrepancies); n > 0 {
		status = fmt.Sprintf("xong, %d chênh lệch", n)
	}
	if !p.live {
		fmt.Fprintf(p.w, "[%d/%d] %s: %s\n", p.done, p.total, e.Dataset, status)
		p.details(e)
		return
	}
	if e.Status != "ok" || len(e.Warnings) > 0 {
		fmt.Fprintf(p.w, "\r\033[K%s: %s\n", e.Dataset, status)
		p.details(e)
		p.drawn = time.Time{}
	}
	if t := p.now(); p.done == p.total || t.Sub(p.drawn) >= redraw {
		p.drawn = t
		fmt.Fprintf(p.w, "\r\033[K%s", p.status(t))
	}
}

// details prints e's errors and warnings, one a line.
func (p *progress) details(e *Entry) {
	for _, m := range e.Errors {
		fmt.Fprintf(p.w, "    %s\n", m)
	}
	for _, m := range e.Warnings {
		fmt.Fprintf(p.w, "    cảnh báo: %s\n", m)
	}
}

// status is "[done/total] rate, time left".
func (p *progress) status(t time.Time) string {
	s := fmt.Sprintf("[%d/%d]", p.done, p.total)
	el := t.Sub(p.start).Seconds()
	if el <= 0 {
		return s
	}
	rate := float64(p.done) / el
	s += " " + strings.Replace(fmt.Sprintf("%.1f", rate), ".", ",", 1) + " bộ/giây"
	if left := p.total - p.done; left > 0 && rate > 0 {
		s += ", còn khoảng " + duration(time.Duration(float64(left)/rate*float64(time.Second)))
	}
	return s
}

// close ends the live line.
func (p *progress) close() {
	if p.live && p.done > 0 {
		fmt.Fprintln(p.w)
	}
}

// duration writes d as "1 giờ 2 phút", "3 phút 5 giây" or "7 giây".
func duration(d time.Duration) string {
	sec := int(d.Round(time.Second) / time.Second)
	h, m, x := sec/3600, sec/60%60, sec%60
	switch {
	case h > 0:
		return fmt.Sprintf("%d giờ %d phút", h, m)
	case m > 0:
		return fmt.Sprintf("%d phút %d giây", m, x)
	}
	return fmt.Sprintf("%d giây", x)
}
