package decimal

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

func TestParseAndFormat(t *testing.T) {
	for _, tc := range []struct {
		in     string
		places int
		fixed2 string
		str    string
	}{
		{"9.03", 2, "9,03", "9.03"},
		{"9,03", 2, "9,03", "9.03"},
		{"90.0", 1, "90,00", "90.0"},
		{"11", 0, "11,00", "11"},
		{"-0.5", 1, "-0,50", "-0.5"},
		{"+1.5", 1, "1,50", "1.5"},
	} {
		d, err := Parse(tc.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.in, err)
		}
		if d.Places() != tc.places || d.Fixed(2, ',') != tc.fixed2 || d.String() != tc.str {
			t.Errorf("Parse(%q): places %d, Fixed %q, String %q", tc.in, d.Places(), d.Fixed(2, ','), d.String())
		}
	}
	for _, bad := range []string{"", " ", "9.", ".", "1e3", "9,0,3", "1 000", "abc", "--1"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

func TestFromFloatIsExact(t *testing.T) {
	// 9.03 as a float64 is 9.0299999999999993605…; the shortest representation gives it back.
	for _, f := range []float64{9.03, 0.1, 1.39, 10.25, 95.5} {
		d, err := FromFloat(f)
		if err != nil {
			t.Fatal(err)
		}
		want := MustParse(d.String())
		if !d.Equal(want) || d.Float64() != f {
			t.Errorf("FromFloat(%v) = %s", f, d)
		}
	}
	if got := New(11).Sub(MustParse("0.11")).Sub(MustParse("0.11")).Sub(MustParse("0.25")).Sub(MustParse("1.5")); !got.Equal(MustParse("9.03")) {
		t.Errorf("11 − 0.11 − 0.11 − 0.25 − 1.5 = %s", got)
	}
}

func TestRoundHalfAwayFromZero(t *testing.T) {
	for _, tc := range []struct {
		in   Dec
		p    int
		want string
	}{
		{MustParse("1.005"), 2, "1.01"},
		{MustParse("1.0049999"), 2, "1.00"},
		{MustParse("-1.005"), 2, "-1.01"},
		{Ratio(7292*100, 7850), 2, "92.89"},  // 92.8917…
		{Ratio(1393376, 1000000), 2, "1.39"}, // 1.393376
		{MustParse("84.21"), 0, "84"},
		{MustParse("92.89"), 1, "92.9"},
		{MustParse("0.5"), 0, "1"},
	} {
		if got := tc.in.Round(tc.p).String(); got != tc.want {
			t.Errorf("Round(%s, %d) = %s, want %s", tc.in, tc.p, got, tc.want)
		}
	}
}

func TestZeroValue(t *testing.T) {
	var z Dec
	if !z.IsZero() || z.String() != "0" || z.Fixed(2, ',') != "0,00" || z.Add(New(1)).String() != "1" {
		t.Errorf("zero value: %q %q", z.String(), z.Fixed(2, ','))
	}
	if got := MustParse("-0.001").Fixed(2, ','); got != "0,00" {
		t.Errorf("negative zero printed as %q", got)
	}
}

// TestFixedFastPath: the int64 rounding gives the digits and the rounded value the big.Rat
// arithmetic gives, for halves, negatives, zeros, ratios and numbers too large for int64.
func TestFixedFastPath(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var ds []Dec
	for _, s := range []string{"0", "-0", "0.005", "-0.005", "0.004999", "-0.0049", "9.03", "-9.035", "1.5", "-1.5", "2.5", "0.5", "-0.5",
		"123456789.125", "99999999999999999999.995", "-99999999999999999999.995", "0.0000001", "1152921504606846975", "-1152921504606846976"} {
		ds = append(ds, MustParse(s))
	}
	ds = append(ds, Ratio(2, 3), Ratio(-2, 3), Ratio(1, 7), Ratio(7292, 7850), Ratio(1<<62, 3), Ratio(-(1<<62), 1<<61+1))
	for range 20000 {
		den := r.Int64N(1_000_000) + 1
		if r.IntN(4) == 0 {
			den = []int64{1, 2, 4, 8, 10, 20, 40, 100, 200, 1000}[r.IntN(10)]
		}
		ds = append(ds, Ratio(r.Int64N(2_000_000_000)-1_000_000_000, den))
	}
	for _, d := range ds {
		for p := range 10 {
			if got, want := d.Fixed(p, ','), d.fixedBig(p, ','); got != want {
				t.Fatalf("%v.Fixed(%d) = %q, want %q", d.rat(), p, got, want)
			}
			if got, want := d.Round(p).Fixed(p, '.'), d.fixedBig(p, '.'); got != want {
				t.Fatalf("%v.Round(%d) = %q, want %q", d.rat(), p, got, want)
			}
		}
	}
}

// TestFloat64: the int64 division gives big.Rat's nearest float64, for decimals as datasets
// write them, quotients of them, and numbers past what float64 holds exactly.
func TestFloat64(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	var ds []Dec
	for _, s := range []string{"0", "-0", "1.39", "-72.92", "92.8917197452229", "9007199254740993", "-9007199254740993", "12345678901234567890.5", "0.000000000000000000001"} {
		d, err := Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		ds = append(ds, d)
	}
	for range 20000 {
		a, err := Parse(strconv.FormatInt(rnd.Int64N(2_000_000)-1_000_000, 10) + "." + strconv.Itoa(rnd.IntN(1000)))
		if err != nil {
			t.Fatal(err)
		}
		b, err := Parse(strconv.Itoa(rnd.IntN(100000)+1) + "." + strconv.Itoa(rnd.IntN(100)))
		if err != nil {
			t.Fatal(err)
		}
		ds = append(ds, a, a.Mul(New(100)).Quo(b))
	}
	for _, d := range ds {
		want, _ := d.rat().Float64()
		if got := d.Float64(); got != want {
			t.Errorf("%s: Float64 %v, big.Rat %v", d.rat().String(), got, want)
		}
	}
}
