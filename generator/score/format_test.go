package score_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/decimal"
	"github.com/baocao-vn/baocao/generator/score"
)

// The banded criterion of field 2 in the sample (16 of 19 documents), with bands whose limits
// are inclusive or exclusive at either end.
const sampleBands = `    count = 16
    total = 19
    stated_rate = 84
    bands = [
      { label = "100%",        min = 100, score = 1.00 },
      { label = "80% – <100%", min = 80, max = 100, score = 0.50 },
      { label = "<80%",        min = 0,  max = 80,  score = 0 },
    ]`

const edgeBands = `    bands = [
      { label = "Đạt 100 %", min = 100, max = 100, max_inclusive = true, score = 1.00 },
      { label = "[90, 100)", min = 90, max = 100, score = 0.75 },
      { label = "[60, 90)",  min = 60, max = 90, score = 0.50 },
      { label = "(0, 60)",   min = 0, min_exclusive = true, max = 60, score = 0.25 },
      { label = "0 %",       min = 0, max = 0, max_inclusive = true, score = 0 },
    ]`

func TestBandLimits(t *testing.T) {
	for _, c := range []struct {
		count, total int
		band         string
	}{
		{19, 19, "Đạt 100 %"},
		{9999, 10000, "[90, 100)"}, // 99,99 %: not the single point
		{9, 10, "[90, 100)"},       // 90 % exactly: the lower limit is inclusive
		{59, 100, "(0, 60)"},
		{6, 10, "[60, 90)"}, // 60 %: (0, 60) excludes its upper limit
		{1, 1000, "(0, 60)"},
		{0, 19, "0 %"}, // 0 %: (0, 60) excludes its lower limit
	} {
		src := edit(t, readSample(t), sampleBands, "    count = "+strconv.Itoa(c.count)+"\n    total = "+strconv.Itoa(c.total)+"\n"+edgeBands)
		res := compute(t, src)
		n := res.Node("2.1.5")
		if n == nil {
			t.Fatal("no criterion 2.1.5")
		}
		if n.Band != c.band {
			t.Errorf("%d/%d: band %q, want %q (%s)", c.count, c.total, n.Band, c.band, n.Arithmetic)
		}
	}
}

// Band.Contains is the one rule; a table of its limits.
func TestBandContains(t *testing.T) {
	d := decimal.MustParse
	hundred, ninety, sixty, zero := d("100"), d("90"), d("60"), d("0")
	point := dataset.Band{Min: hundred, Max: &hundred, MaxInclusive: true}
	halfOpen := dataset.Band{Min: ninety, Max: &hundred}
	open := dataset.Band{Min: zero, Max: &sixty, MinExclusive: true}
	for _, c := range []struct {
		b    dataset.Band
		rate string
		want bool
	}{
		{point, "100", true}, {point, "99.999", false}, {point, "100.001", false},
		{halfOpen, "90", true}, {halfOpen, "99.99", true}, {halfOpen, "100", false}, {halfOpen, "89.99", false},
		{open, "0", false}, {open, "0.01", true}, {open, "59.99", true}, {open, "60", false},
	} {
		if got := c.b.Contains(d(c.rate)); got != c.want {
			t.Errorf("%s contains %s: %v, want %v", c.b.Interval(score.Quote), c.rate, got, c.want)
		}
	}
	if got := open.Interval(score.Quote); got != "(0; 60)" {
		t.Errorf("interval %q", got)
	}
}

// A rate written beside its counts is checked against them: agreeing at the precision it was
// written with, or a discrepancy naming file:line and key path.
func TestRateAndCounts(t *testing.T) {
	for _, c := range []struct {
		rate string
		ok   bool
	}{{"84", true}, {"84.2", true}, {"85", false}, {"84.3", false}} {
		src := edit(t, readSample(t), "    count = 16\n    total = 19\n", "    count = 16\n    total = 19\n    rate = "+c.rate+"\n")
		res := compute(t, src)
		var found bool
		for _, k := range res.Checks {
			if !strings.HasSuffix(k.Path, ".rule.rate") {
				continue
			}
			found = true
			if k.OK != c.ok {
				t.Errorf("rate %s against 16/19: ok = %v, want %v (%s)", c.rate, k.OK, c.ok, k.Message("sample.toml"))
			}
			if !c.ok {
				msg := k.Message("sample.toml")
				if !strings.Contains(msg, "sample.toml:") || !strings.Contains(msg, "16/19 = 84,21%") || k.Line == 0 {
					t.Errorf("message %q lacks file:line or the counts", msg)
				}
			}
		}
		if !found {
			t.Errorf("rate %s: no check of the written rate", c.rate)
		}
	}
}

// "{{" and "}}" in a reason print literal braces; placeholders still fill in.
func TestReasonBraces(t *testing.T) {
	old := `reason = "Theo kết quả thẩm định chỉ số CCHC năm 2020 có 9 tồn tại:`
	src := edit(t, readSample(t), old, `reason = "Mã {{mã cơ quan}} đạt {diem}/{toi_da} điểm}} {{x}}:`)
	res := compute(t, src)
	got := res.Node("1.5").Reason
	if want := "Mã {mã cơ quan} đạt 0,89/1,00 điểm} {x}:"; !strings.HasPrefix(got, want) {
		t.Errorf("reason %q, want it to start %q", got, want)
	}
}

// A maximum prints as the team wrote it: "1" stays "1", "1.50" stays "1,50".
func TestMaxAsWritten(t *testing.T) {
	src := edit(t, readSample(t), "  max = 1.00\n  score = 0.89", "  max = 1\n  score = 0.89")
	src = edit(t, src, `reason = "Theo kết quả`, `reason = "Đạt {diem}/{toi_da}. Theo kết quả`)
	res := compute(t, src)
	if got := score.MaxPoints(res.Node("1.5").Max); got != "1" {
		t.Errorf("max written 1 prints %q", got)
	}
	if got := res.Node("1.5").Reason; !strings.HasPrefix(got, "Đạt 0,89/1.") {
		t.Errorf("reason %q", got)
	}
	if got := score.MaxPoints(res.Node("1.2").Max); got != "1,50" {
		t.Errorf("max written 1.50 prints %q", got)
	}
}

// Criterion 1.2 counts the fields its rule names (here 1–8, field 8 losing 0,40 of 2,00) and
// multiplies by its factor: one set for the total, the derivation and the check output.
func TestCompletionFieldsAndFactor(t *testing.T) {
	src := edit(t, readSample(t), "    kind = \"completion\"\n", "    kind = \"completion\"\n    fields = [\"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\"]\n    factor = 1.0\n")
	src += "\n[[fields]]\nid = \"8\"\nname = \"Khảo sát\"\nmax = 2.00\n  [[fields.criteria]]\n  id = \"8.1\"\n  name = \"Hài lòng\"\n  max = 2.00\n  score = 1.60\n"
	res := compute(t, src)
	cp := res.Completion
	if got := score.Points(cp.MaxAll); got != "82,00" {
		t.Errorf("maxima of the counted fields %s, want 82,00", got)
	}
	if got := score.Points(cp.LostElse); got != "5,98" { // the seed's 5,58 and field 8's 0,40
		t.Errorf("lost elsewhere %s, want 5,98", got)
	}
	// (80,50 − 5,98)·100/80,50 = 92,57 %; × 1,0 / 100 = 0,93.
	if got := score.Points(cp.Node.Score); got != "0,93" || !strings.Contains(cp.Node.Arithmetic, "*1,0)/100") {
		t.Errorf("1.2 = %s (%s), want 0,93 with the factor 1,0", got, cp.Node.Arithmetic)
	}
	if got := res.CountedLabel(); got != "1–8" {
		t.Errorf("label %q", got)
	}
	var b strings.Builder
	if err := res.WriteText(&b, "x.toml"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Cộng lĩnh vực 1–8") || !strings.Contains(b.String(), "các lĩnh vực 1–8 (trừ tiêu chí 1.2)") {
		t.Errorf("check output does not name fields 1–8:\n%s", b.String())
	}
}
