// Package decimal provides exact decimal numbers for scores and rates.
//
// Scores in the PAR index are decimals with two places. Binary floating point turns
// 11 − 0.11 − 0.11 − 0.25 − 1.5 into 9.029999…, so every figure is kept as an exact rational
// and rounded once, half away from zero, when it is printed.
package decimal

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"strconv"
	"strings"
)

// Dec is an exact decimal (or, after a division, rational) number. The zero value is 0.
// A Dec is immutable: every operation returns a new value.
//
// A value whose reduced numerator and denominator fit an int64 (every score, rate and figure a
// dataset writes) is kept as the two integers, and its arithmetic is int64 arithmetic with
// overflow checks: a big.Rat costs several allocations per operation, and the load path makes
// thousands. Any other value is a big.Rat. The form is canonical — int64s whenever they fit —
// so one number has one representation, and every result is the exact rational big.Rat gives.
type Dec struct {
	// n/(dm1+1) is the value when r is nil, reduced, with n ≠ MinInt64 (so that −n fits);
	// storing the denominator less one makes the zero Dec 0/1.
	n, dm1 int64
	r      *big.Rat // the value when it does not fit the int64s (then n and dm1 are 0)
	// places is the number of decimal places the value was written with, or -1 when unknown
	// (a computed value). It decides the precision at which a stated figure is compared.
	places int
}

// ErrSyntax reports text that is not a decimal number.
var ErrSyntax = errors.New("not a decimal number")

// rat returns d as a big.Rat, which the caller must not change.
func (d Dec) rat() *big.Rat {
	if d.r != nil {
		return d.r
	}
	return new(big.Rat).SetFrac64(d.n, d.dm1+1)
}

// small returns d's reduced numerator and denominator when d is held as int64s.
func (d Dec) small() (n, den int64, ok bool) { return d.n, d.dm1 + 1, d.r == nil }

// frac returns n/den reduced, for den > 0 and n ≠ MinInt64.
func frac(n, den int64, places int) Dec {
	if g := gcd(uabs(n), uint64(den)); g > 1 {
		n, den = n/int64(g), den/int64(g)
	}
	return Dec{n: n, dm1: den - 1, places: places}
}

// fromRat returns the value of r, in its int64 form when it fits; r is the Dec's alone.
func fromRat(r *big.Rat, places int) Dec {
	if num, den := r.Num(), r.Denom(); num.IsInt64() && den.IsInt64() {
		if n := num.Int64(); n != math.MinInt64 {
			return Dec{n: n, dm1: den.Int64() - 1, places: places}
		}
	}
	return Dec{r: r, places: places}
}

func mk(r *big.Rat) Dec { return fromRat(r, -1) }

// uabs is |x| as a uint64, right for MinInt64 too.
func uabs(x int64) uint64 {
	if x < 0 {
		return uint64(-x)
	}
	return uint64(x)
}

// gcd is the greatest common divisor (Stein's binary algorithm); gcd(0, b) = b.
func gcd(a, b uint64) uint64 {
	if a == 0 {
		return b
	}
	if b == 0 {
		return a
	}
	shift := bits.TrailingZeros64(a | b)
	a >>= bits.TrailingZeros64(a)
	for {
		b >>= bits.TrailingZeros64(b)
		if a > b {
			a, b = b, a
		}
		b -= a
		if b == 0 {
			return a << shift
		}
	}
}

// mul64 is x × y, ok false when the product is not in (MinInt64, MaxInt64].
func mul64(x, y int64) (int64, bool) {
	hi, lo := bits.Mul64(uabs(x), uabs(y))
	if hi != 0 || lo > math.MaxInt64 {
		return 0, false
	}
	if (x < 0) != (y < 0) {
		return -int64(lo), true
	}
	return int64(lo), true
}

// add64 is x + y, ok false when the sum is not in (MinInt64, MaxInt64].
func add64(x, y int64) (int64, bool) {
	s := x + y
	if x > 0 && y > 0 && s < 0 || x < 0 && y < 0 && s >= 0 || s == math.MinInt64 {
		return 0, false
	}
	return s, true
}

// New returns the integer n.
func New(n int64) Dec {
	if n == math.MinInt64 {
		return Dec{r: new(big.Rat).SetInt64(n), places: 0}
	}
	return Dec{n: n, places: 0}
}

// Ratio returns num/den exactly; den must not be zero.
func Ratio(num, den int64) Dec {
	if den == 0 || num == math.MinInt64 || den == math.MinInt64 {
		return mk(big.NewRat(num, den)) // big.NewRat panics on a zero denominator
	}
	if den < 0 {
		num, den = -num, -den
	}
	return frac(num, den, -1)
}

// MustParse is Parse that panics; for constants in code and tests.
func MustParse(s string) Dec {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Parse reads a decimal written with a point or a comma as separator ("9.03", "9,03", "-1",
// "95,5"). Thousands separators and exponents are not accepted.
func Parse(s string) (Dec, error) {
	if d, ok := parseSmall(strings.TrimSpace(s)); ok {
		return d, nil
	}
	return parseBig(s)
}

// parseBig is Parse in big.Int arithmetic, for any length; it also reports every error.
func parseBig(s string) (Dec, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return Dec{}, fmt.Errorf("%q: %w", s, ErrSyntax)
	}
	neg := false
	if t[0] == '-' || t[0] == '+' {
		neg = t[0] == '-'
		t = t[1:]
	}
	t = strings.Replace(t, ",", ".", 1)
	intPart, frac, hasDot := strings.Cut(t, ".")
	if intPart == "" && frac == "" || !digits(intPart) || !digits(frac) || hasDot && frac == "" {
		return Dec{}, fmt.Errorf("%q: %w", s, ErrSyntax)
	}
	n, ok := new(big.Int).SetString(intPart+frac, 10)
	if !ok {
		return Dec{}, fmt.Errorf("%q: %w", s, ErrSyntax)
	}
	if neg {
		n.Neg(n)
	}
	den := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(len(frac))), nil)
	return fromRat(new(big.Rat).SetFrac(n, den), len(frac)), nil
}

// maxSmallDigits is how many digits parseSmall reads into an int64: 10^18 − 1 < MaxInt64.
const maxSmallDigits = 18

// parseSmall reads what parseBig accepts — an optional sign, digits, and a point or a comma
// followed by digits — when it has at most maxSmallDigits digits, without allocating; ok is
// false for anything else (longer, ".5", or not a number), which parseBig then reads, or
// refuses, the long way.
func parseSmall[T string | []byte](t T) (Dec, bool) {
	i, neg := 0, false
	if len(t) > 0 && (t[0] == '-' || t[0] == '+') {
		neg, i = t[0] == '-', 1
	}
	var v int64
	nd, places, dot := 0, 0, false
	for ; i < len(t); i++ {
		c := t[i]
		switch {
		case c >= '0' && c <= '9':
			if nd++; nd > maxSmallDigits {
				return Dec{}, false
			}
			v = v*10 + int64(c-'0')
			if dot {
				places++
			}
		case (c == '.' || c == ',') && !dot:
			if nd == 0 {
				return Dec{}, false // "-.5", ".5": no integer part
			}
			dot = true
		default:
			return Dec{}, false
		}
	}
	if nd == 0 || dot && places == 0 {
		return Dec{}, false
	}
	if neg {
		v = -v
	}
	return frac(v, pow10x[places], places), true
}

// pow10x[p] is 10^p, for the places parseSmall reads.
var pow10x = [maxSmallDigits + 1]int64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// FromFloat converts a float64 read from TOML through its shortest decimal representation,
// so 9.03 becomes exactly 9.03, not 9.0299999999999993605.
func FromFloat(f float64) (Dec, error) {
	var buf [32]byte
	b := strconv.AppendFloat(buf[:0], f, 'f', -1, 64)
	if d, ok := parseSmall(b); ok {
		return d, nil
	}
	return Parse(string(b))
}

// Places is the number of decimal places the value was written with, or -1 for a computed value.
func (d Dec) Places() int { return d.places }

// WithPlaces returns d marked as written with p decimal places (as read from the source text).
func (d Dec) WithPlaces(p int) Dec { d.places = p; return d }

// Add returns d + e.
func (d Dec) Add(e Dec) Dec {
	if a, b, ok := d.small(); ok {
		if c, dd, ok := e.small(); ok {
			if s, ok := addSmall(a, b, c, dd); ok {
				return s
			}
		}
	}
	return mk(new(big.Rat).Add(d.rat(), e.rat()))
}

// Sub returns d − e.
func (d Dec) Sub(e Dec) Dec {
	if a, b, ok := d.small(); ok {
		if c, dd, ok := e.small(); ok {
			if s, ok := addSmall(a, b, -c, dd); ok { // −c fits: c ≠ MinInt64
				return s
			}
		}
	}
	return mk(new(big.Rat).Sub(d.rat(), e.rat()))
}

// addSmall is a/b + c/d in int64 arithmetic; ok is false on an overflow.
func addSmall(a, b, c, d int64) (Dec, bool) {
	if b == d {
		s, ok := add64(a, c)
		if !ok {
			return Dec{}, false
		}
		return frac(s, b, -1), true
	}
	// Over the least common multiple of the denominators: a·(d/g) + c·(b/g) over b·(d/g).
	g := int64(gcd(uint64(b), uint64(d)))
	x, ok1 := mul64(a, d/g)
	y, ok2 := mul64(c, b/g)
	den, ok3 := mul64(b, d/g)
	if !ok1 || !ok2 || !ok3 {
		return Dec{}, false
	}
	s, ok := add64(x, y)
	if !ok {
		return Dec{}, false
	}
	return frac(s, den, -1), true
}

// Mul returns d × e.
func (d Dec) Mul(e Dec) Dec {
	if a, b, ok := d.small(); ok {
		if c, dd, ok := e.small(); ok {
			if a == 0 || c == 0 {
				return Dec{places: -1}
			}
			// Cross-reduced first, the product is reduced: a/dd and c/b have no common factor left.
			g1, g2 := int64(gcd(uabs(a), uint64(dd))), int64(gcd(uabs(c), uint64(b)))
			n, ok1 := mul64(a/g1, c/g2)
			m, ok2 := mul64(b/g2, dd/g1)
			if ok1 && ok2 {
				return Dec{n: n, dm1: m - 1, places: -1}
			}
		}
	}
	return mk(new(big.Rat).Mul(d.rat(), e.rat()))
}

// Quo returns d / e; e must not be zero.
func (d Dec) Quo(e Dec) Dec {
	if a, b, ok := d.small(); ok {
		if c, dd, ok := e.small(); ok && c != 0 { // a zero divisor panics in big.Rat, as it always did
			if a == 0 {
				return Dec{places: -1}
			}
			if c < 0 {
				a, c = -a, -c
			}
			// (a/b) / (c/dd) = a·dd / b·c, cross-reduced.
			g1, g2 := int64(gcd(uabs(a), uint64(c))), int64(gcd(uint64(b), uint64(dd)))
			n, ok1 := mul64(a/g1, dd/g2)
			m, ok2 := mul64(b/g2, c/g1)
			if ok1 && ok2 {
				return Dec{n: n, dm1: m - 1, places: -1}
			}
		}
	}
	return mk(new(big.Rat).Quo(d.rat(), e.rat()))
}

// Neg returns −d.
func (d Dec) Neg() Dec {
	if n, den, ok := d.small(); ok {
		return Dec{n: -n, dm1: den - 1, places: -1}
	}
	return mk(new(big.Rat).Neg(d.rat()))
}

// Abs returns |d|.
func (d Dec) Abs() Dec {
	if n, den, ok := d.small(); ok {
		return Dec{n: int64(uabs(n)), dm1: den - 1, places: -1}
	}
	return mk(new(big.Rat).Abs(d.rat()))
}

// Cmp compares d and e: −1, 0 or +1.
func (d Dec) Cmp(e Dec) int {
	if a, b, ok := d.small(); ok {
		if c, dd, ok := e.small(); ok {
			if b == dd {
				return cmp.Compare(a, c)
			}
			// Signs first, then |a|·dd against |c|·b in 128 bits.
			if sa, sc := sign(a), sign(c); sa != sc || sa == 0 {
				return cmp.Compare(sa, sc)
			}
			h1, l1 := bits.Mul64(uabs(a), uint64(dd))
			h2, l2 := bits.Mul64(uabs(c), uint64(b))
			r := cmp.Compare(h1, h2)
			if r == 0 {
				r = cmp.Compare(l1, l2)
			}
			if a < 0 {
				r = -r
			}
			return r
		}
	}
	return d.rat().Cmp(e.rat())
}

func sign(x int64) int {
	switch {
	case x < 0:
		return -1
	case x > 0:
		return 1
	}
	return 0
}

// Sign returns −1, 0 or +1.
func (d Dec) Sign() int {
	if d.r == nil {
		return sign(d.n)
	}
	return d.r.Sign()
}

// IsZero reports whether d is 0.
func (d Dec) IsZero() bool { return d.Sign() == 0 }

// Equal reports whether d and e are the same number.
func (d Dec) Equal(e Dec) bool { return d.Cmp(e) == 0 }

// Round returns d rounded to p decimal places, halves away from zero.
func (d Dec) Round(p int) Dec {
	if q, ok := d.roundInt(p); ok {
		return frac(q, pow10[p], p)
	}
	return d.roundBig(p)
}

// roundBig is Round in big.Rat arithmetic, for numbers whose digits do not fit an int64.
func (d Dec) roundBig(p int) Dec {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(p)), nil)
	x := new(big.Rat).Mul(d.rat(), new(big.Rat).SetInt(scale))
	num, den := new(big.Int).Set(x.Num()), x.Denom()
	neg := num.Sign() < 0
	num.Abs(num)
	// floor(|x| + 1/2) = floor((2|num| + den) / 2den)
	q := new(big.Int).Mul(num, big.NewInt(2))
	q.Add(q, den)
	q.Quo(q, new(big.Int).Mul(den, big.NewInt(2)))
	if neg {
		q.Neg(q)
	}
	return fromRat(new(big.Rat).SetFrac(q, scale), p)
}

// Float64 returns the nearest float64, for consumers that need one (spreadsheets).
func (d Dec) Float64() float64 {
	// A numerator and denominator that float64 holds exactly (every score and rate) divide
	// to the nearest float64, correctly rounded as big.Rat's own conversion is, without its
	// allocations.
	if n, m, ok := d.small(); ok && -maxExact <= n && n <= maxExact && m <= maxExact {
		return float64(n) / float64(m)
	}
	f, _ := d.rat().Float64()
	return f
}

// maxExact is the largest integer below which float64 holds every integer.
const maxExact = 1 << 53

// pow10[p] is 10^p, for the places roundInt handles.
var pow10 = [...]int64{1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000}

// roundInt returns d × 10^p rounded to an integer, halves away from zero, as Round does, when
// d's numerator and denominator are small enough for int64 arithmetic (scores and rates
// always are): q = floor((2|num|·10^p + den) / 2den). ok is false otherwise.
func (d Dec) roundInt(p int) (q int64, ok bool) {
	num, den, small := d.small()
	if p < 0 || p >= len(pow10) || !small {
		return 0, false
	}
	scale := pow10[p]
	neg := num < 0
	if neg {
		num = -num // num > MinInt64 in the int64 form
	}
	const limit = 1 << 60
	if num > limit/scale/2 || den > limit/2 {
		return 0, false
	}
	q = (2*num*scale + den) / (2 * den)
	if neg {
		q = -q
	}
	return q, true
}

// Fixed formats d rounded to p places with the given decimal separator: Fixed(2, ',') → "9,03".
func (d Dec) Fixed(p int, sep byte) string {
	if q, ok := d.roundInt(p); ok {
		// The digits of q with a separator p places from the right, as big.Rat.FloatString
		// writes q/10^p: no sign for zero.
		neg := q < 0
		if neg {
			q = -q
		}
		digits := strconv.FormatInt(q, 10)
		if len(digits) <= p {
			digits = strings.Repeat("0", p+1-len(digits)) + digits
		}
		b := make([]byte, 0, len(digits)+2)
		if neg {
			b = append(b, '-')
		}
		b = append(b, digits[:len(digits)-p]...)
		if p > 0 {
			b = append(b, sep)
			b = append(b, digits[len(digits)-p:]...)
		}
		return string(b)
	}
	return d.fixedBig(p, sep)
}

// fixedBig is Fixed in big.Rat arithmetic, for numbers whose digits do not fit an int64.
func (d Dec) fixedBig(p int, sep byte) string {
	s := d.roundBig(p).rat().FloatString(p)
	if sep != '.' {
		s = strings.Replace(s, ".", string(sep), 1)
	}
	if s == "-0" || strings.HasPrefix(s, "-0") && strings.Trim(s[1:], "0.,") == "" {
		s = s[1:]
	}
	return s
}

// String formats d with the places it was written with (or exactly, trimmed, when computed),
// with a decimal point: for logs, JSON and tests.
func (d Dec) String() string {
	if p := d.Places(); p >= 0 {
		return d.Fixed(p, '.')
	}
	if n, den, ok := d.small(); ok && den == 1 {
		return strconv.FormatInt(n, 10)
	}
	if d.r != nil && d.r.IsInt() {
		return d.r.Num().String()
	}
	s := d.Fixed(6, '.')
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// MarshalText writes String(); a Dec in JSON reads as a string, exact.
func (d Dec) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalTOML accepts a TOML integer, float or a string such as "9,03".
func (d *Dec) UnmarshalTOML(v any) error {
	var err error
	switch x := v.(type) {
	case int64:
		*d = New(x)
	case float64:
		*d, err = FromFloat(x)
	case string:
		*d, err = Parse(x)
	default:
		err = fmt.Errorf("cần một số, không phải %T", v)
	}
	return err
}
