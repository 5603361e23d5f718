package decimal

import (
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"testing"
)

// edgeValues are numbers at the int64 form's edges: zero, ±1, the overflow boundaries of the
// numerator and the denominator, and decimals with many places.
func edgeValues() []Dec {
	ds := []Dec{{}, New(0), New(1), New(-1), New(math.MaxInt64), New(-math.MaxInt64), New(math.MinInt64),
		New(1 << 62), New(-(1 << 62)), New(1<<32 - 1), New(3037000499), New(3037000500),
		Ratio(1, math.MaxInt64), Ratio(-1, math.MaxInt64), Ratio(math.MaxInt64, math.MaxInt64-1),
		Ratio(math.MinInt64, 2), Ratio(3, math.MinInt64), Ratio(math.MinInt64, math.MinInt64),
		Ratio(1, 3), Ratio(-2, 3), Ratio(7292*100, 7850), Ratio(1<<62, 3), Ratio(-(1 << 62), 1<<61+1)}
	for _, s := range []string{"9.03", "-9,035", "0.000000000000000001", "-0.000000000000000001", "999999999999999999",
		"-999999999999999999", "9999999999999999999", "99999999.9999999999", "0.5", "-0", "+0.00",
		"123456789012345678.9", "9223372036854775807", "-9223372036854775807", "-9223372036854775808",
		"9223372036854775808", "0.1234567890123456789", ".5", "-.25"} {
		ds = append(ds, MustParse(s))
	}
	return ds
}

// randomValue is a random Dec near the int64 form's limits or of a dataset's size.
func randomValue(r *rand.Rand) Dec {
	switch r.IntN(6) {
	case 0:
		return Ratio(r.Int64N(2_000_000)-1_000_000, r.Int64N(10_000)+1)
	case 1:
		return MustParse(strconv.FormatInt(r.Int64N(2_000_000)-1_000_000, 10) + "." + strconv.Itoa(r.IntN(1000)))
	case 2: // near the overflow boundary
		n := int64(r.Uint64() >> uint(r.IntN(64)))
		if r.IntN(2) == 0 {
			n = -n
		}
		return Ratio(n, int64(r.Uint64()>>uint(1+r.IntN(63)))|1)
	case 3:
		return New(int64(r.Uint64()))
	case 4: // past int64: big.Rat
		return mk(new(big.Rat).SetFrac(new(big.Int).Lsh(big.NewInt(r.Int64N(1000)-500), uint(60+r.IntN(10))), big.NewInt(r.Int64N(1000)+1)))
	}
	return New(r.Int64N(200) - 100)
}

// checkForm fails when d is held as a big.Rat although it fits the int64 form, or the int64
// form is not reduced: one number, one representation.
func checkForm(t testing.TB, what string, d Dec) {
	t.Helper()
	if d.r != nil {
		if n, m := d.r.Num(), d.r.Denom(); n.IsInt64() && m.IsInt64() && n.Int64() != math.MinInt64 {
			t.Fatalf("%s = %s held as a big.Rat", what, d.r)
		}
		return
	}
	if den := d.dm1 + 1; den <= 0 || d.n == math.MinInt64 || gcd(uabs(d.n), uint64(den)) != 1 {
		t.Fatalf("%s: bad int64 form %d/%d", what, d.n, den)
	}
}

// checkOps compares every operation on d and e with big.Rat's arithmetic.
func checkOps(t testing.TB, d, e Dec) {
	t.Helper()
	x, y := d.rat(), e.rat()
	for _, op := range []struct {
		name string
		got  Dec
		want *big.Rat
	}{
		{"+", d.Add(e), new(big.Rat).Add(x, y)},
		{"−", d.Sub(e), new(big.Rat).Sub(x, y)},
		{"×", d.Mul(e), new(big.Rat).Mul(x, y)},
		{"neg", d.Neg(), new(big.Rat).Neg(x)},
		{"abs", d.Abs(), new(big.Rat).Abs(x)},
	} {
		if op.got.rat().Cmp(op.want) != 0 || op.got.Places() != -1 {
			t.Fatalf("%s %s %s = %s (places %d), want %s", x, op.name, y, op.got.rat(), op.got.Places(), op.want)
		}
		checkForm(t, x.String()+" "+op.name+" "+y.String(), op.got)
	}
	if y.Sign() != 0 {
		q, want := d.Quo(e), new(big.Rat).Quo(x, y)
		if q.rat().Cmp(want) != 0 || q.Places() != -1 {
			t.Fatalf("%s / %s = %s, want %s", x, y, q.rat(), want)
		}
		checkForm(t, x.String()+" / "+y.String(), q)
	}
	if got, want := d.Cmp(e), x.Cmp(y); got != want {
		t.Fatalf("Cmp(%s, %s) = %d, want %d", x, y, got, want)
	}
	if got, want := d.Sign(), x.Sign(); got != want {
		t.Fatalf("Sign(%s) = %d, want %d", x, got, want)
	}
	if want, _ := x.Float64(); d.Float64() != want {
		t.Fatalf("Float64(%s) = %v, want %v", x, d.Float64(), want)
	}
	want := x.FloatString(6)
	if x.IsInt() {
		want = x.Num().String()
	}
	if got := d.WithPlaces(-1).String(); x.IsInt() && got != want {
		t.Fatalf("String(%s) = %q, want %q", x, got, want)
	}
	for _, p := range []int{0, 2, 6} {
		if got, want := d.Round(p), d.roundBig(p); got.rat().Cmp(want.rat()) != 0 || got.Places() != p {
			t.Fatalf("Round(%s, %d) = %s, want %s", x, p, got.rat(), want.rat())
		}
		if got, want := d.Fixed(p, ','), d.fixedBig(p, ','); got != want {
			t.Fatalf("Fixed(%s, %d) = %q, want %q", x, p, got, want)
		}
	}
}

// TestInt64FormAgainstBigRat: the int64 arithmetic gives big.Rat's exact result, in canonical
// form, for edge values (overflow boundaries, MinInt64, zero, many places) and random ones.
func TestInt64FormAgainstBigRat(t *testing.T) {
	ds := edgeValues()
	r := rand.New(rand.NewPCG(3, 4))
	for range 300 {
		ds = append(ds, randomValue(r))
	}
	for _, d := range ds {
		checkForm(t, "value", d)
		for _, e := range ds {
			checkOps(t, d, e)
		}
	}
}

// TestParseAgainstBigRat: Parse's int64 reading gives the value and places of the big.Int
// reading (parseBig), and the same error for what that refuses, for lengths around
// maxSmallDigits.
func TestParseAgainstBigRat(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	ins := []string{"", " ", "0", "-0", "+0", "00012.500", "1.", ".", "-.", "+", "-", ",5", ".5", "-.5", "1,2,3", "1.2.3", "1,2.3",
		"١٢", "1e5", " 7 ", "-+1", "- 1", "1 000", "999999999999999999", "9999999999999999999", "0.999999999999999999",
		"0.9999999999999999999", "-99999999999999999.9", "000000000000000000000001.5"}
	for range 20000 {
		ins = append(ins, randomText(r))
	}
	for _, s := range ins {
		checkParse(t, s)
	}
}

// randomText is a random number as a dataset might write one, or nearly.
func randomText(r *rand.Rand) string {
	b := []byte{}
	if r.IntN(3) == 0 {
		b = append(b, "-+ "[r.IntN(3)])
	}
	for range r.IntN(21) {
		b = append(b, byte('0'+r.IntN(10)))
	}
	if r.IntN(2) == 0 {
		b = append(b, ".,"[r.IntN(2)])
		for range r.IntN(21) {
			b = append(b, byte('0'+r.IntN(10)))
		}
	}
	if r.IntN(20) == 0 {
		b = append(b, "., x"[r.IntN(4)])
	}
	return string(b)
}

// checkParse compares Parse with parseBig on s.
func checkParse(t testing.TB, s string) {
	t.Helper()
	got, err := Parse(s)
	want, werr := parseBig(s)
	if (err == nil) != (werr == nil) || err != nil && err.Error() != werr.Error() {
		t.Fatalf("Parse(%q): error %v, parseBig's %v", s, err, werr)
	}
	if err != nil {
		return
	}
	if got.Cmp(want) != 0 || got.rat().Cmp(want.rat()) != 0 || got.Places() != want.Places() {
		t.Fatalf("Parse(%q) = %s places %d, want %s places %d", s, got.rat(), got.Places(), want.rat(), want.Places())
	}
	checkForm(t, s, got)
}

// TestFromFloatAgainstBigRat: FromFloat's reading of the shortest representation gives what
// Parse of it gives, for floats of every size.
func TestFromFloatAgainstBigRat(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	fs := []float64{0, math.Copysign(0, -1), 9.03, -72.92, 1e17, 1e18, 1e19, 1e300, 5e-324, math.MaxFloat64, 0.1, 123456789.123456789}
	for range 20000 {
		fs = append(fs, math.Float64frombits(r.Uint64()), float64(r.Int64N(2_000_000)-1_000_000)/float64(r.Int64N(1000)+1))
	}
	for _, f := range fs {
		checkFloat(t, f)
	}
}

func checkFloat(t testing.TB, f float64) {
	t.Helper()
	got, err := FromFloat(f)
	want, werr := parseBig(strconv.FormatFloat(f, 'f', -1, 64))
	if (err == nil) != (werr == nil) || err != nil && err.Error() != werr.Error() {
		t.Fatalf("FromFloat(%v): error %v, want %v", f, err, werr)
	}
	if err == nil && (got.rat().Cmp(want.rat()) != 0 || got.Places() != want.Places()) {
		t.Fatalf("FromFloat(%v) = %s places %d, want %s places %d", f, got.rat(), got.Places(), want.rat(), want.Places())
	}
	if err == nil {
		checkForm(t, "FromFloat", got)
	}
}

// FuzzArith compares the int64 form's arithmetic, Parse and FromFloat with big.Rat's on
// values built from the fuzzer's integers and texts.
func FuzzArith(f *testing.F) {
	f.Add(int64(903), int64(100), int64(-1), int64(3), "9,03", 0.1)
	f.Add(int64(math.MaxInt64), int64(1), int64(math.MinInt64), int64(math.MaxInt64), "999999999999999999.5", 1e300)
	f.Add(int64(1<<62), int64(3), int64(-(1 << 62)), int64(1<<61+1), "-0.000000000000000001", -0.0)
	f.Fuzz(func(t *testing.T, a, b, c, d int64, s string, x float64) {
		checkParse(t, s)
		checkFloat(t, x)
		var vs []Dec
		for _, p := range [][2]int64{{a, b}, {c, d}, {a, d}, {c, b}} {
			if p[1] != 0 {
				vs = append(vs, Ratio(p[0], p[1]))
			}
		}
		vs = append(vs, New(a), New(c))
		if v, err := Parse(s); err == nil {
			vs = append(vs, v)
		}
		for _, v := range vs {
			checkForm(t, "value", v)
			for _, w := range vs {
				checkOps(t, v, w)
			}
		}
	})
}
