// Package decimal provides exact decimal numbers for scores and rates.
//
// Scores in the PAR index are decimals with two places. Binary floating point turns
// 11 − 0.11 − 0.11 − 0.25 − 1.5 into 9.029999…, so every figure is kept as an exact rational
// and rounded once, half away from zero, when it is printed.
package decimal

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// Dec is an exact decimal (or, after a division, rational) number. The zero value is 0.
// A Dec is immutable: every operation returns a new value.
type Dec struct {
	r *big.Rat
	// places is the number of decimal places the value was written with, or -1 when unknown
	// (a computed value). It decides the precision at which a stated figure is compared.
	places int
}

// ErrSyntax reports text that is not a decimal number.
var ErrSyntax = errors.New("not a decimal number")

var zero = new(big.Rat)

func (d Dec) rat() *big.Rat {
	if d.r == nil {
		return zero
	}
	return d.r
}

func mk(r *big.Rat) Dec { return Dec{r: r, places: -1} }

// New returns the integer n.
func New(n int64) Dec { return Dec{r: new(big.Rat).SetInt64(n), places: 0} }

// Ratio returns num/den exactly; den must not be zero.
func Ratio(num, den int64) Dec { return mk(big.NewRat(num, den)) }

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
	return Dec{r: new(big.Rat).SetFrac(n, den), places: len(frac)}, nil
}

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
	return Parse(strconv.FormatFloat(f, 'f', -1, 64))
}

// Places is the number of decimal places the value was written with, or -1 for a computed value.
func (d Dec) Places() int {
	if d.r == nil && d.places == 0 {
		return 0
	}
	return d.places
}

// WithPlaces returns d marked as written with p decimal places (as read from the source text).
func (d Dec) WithPlaces(p int) Dec { d.places = p; return d }

// Add returns d + e.
func (d Dec) Add(e Dec) Dec { return mk(new(big.Rat).Add(d.rat(), e.rat())) }

// Sub returns d − e.
func (d Dec) Sub(e Dec) Dec { return mk(new(big.Rat).Sub(d.rat(), e.rat())) }

// Mul returns d × e.
func (d Dec) Mul(e Dec) Dec { return mk(new(big.Rat).Mul(d.rat(), e.rat())) }

// Quo returns d / e; e must not be zero.
func (d Dec) Quo(e Dec) Dec { return mk(new(big.Rat).Quo(d.rat(), e.rat())) }

// Neg returns −d.
func (d Dec) Neg() Dec { return mk(new(big.Rat).Neg(d.rat())) }

// Abs returns |d|.
func (d Dec) Abs() Dec { return mk(new(big.Rat).Abs(d.rat())) }

// Cmp compares d and e: −1, 0 or +1.
func (d Dec) Cmp(e Dec) int { return d.rat().Cmp(e.rat()) }

// Sign returns −1, 0 or +1.
func (d Dec) Sign() int { return d.rat().Sign() }

// IsZero reports whether d is 0.
func (d Dec) IsZero() bool { return d.Sign() == 0 }

// Equal reports whether d and e are the same number.
func (d Dec) Equal(e Dec) bool { return d.Cmp(e) == 0 }

// Round returns d rounded to p decimal places, halves away from zero.
func (d Dec) Round(p int) Dec {
	if q, ok := d.roundInt(p); ok {
		return Dec{r: new(big.Rat).SetFrac64(q, pow10[p]), places: p}
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
	return Dec{r: new(big.Rat).SetFrac(q, scale), places: p}
}

// Float64 returns the nearest float64, for consumers that need one (spreadsheets).
func (d Dec) Float64() float64 {
	r := d.rat()
	// A numerator and denominator that float64 holds exactly (every score and rate) divide
	// to the nearest float64, correctly rounded as big.Rat's own conversion is, without its
	// allocations.
	if n, m := r.Num(), r.Denom(); n.IsInt64() && m.IsInt64() {
		if n, m := n.Int64(), m.Int64(); -maxExact <= n && n <= maxExact && m <= maxExact {
			return float64(n) / float64(m)
		}
	}
	f, _ := r.Float64()
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
	r := d.rat()
	if p < 0 || p >= len(pow10) || !r.Num().IsInt64() || !r.Denom().IsInt64() {
		return 0, false
	}
	num, den, scale := r.Num().Int64(), r.Denom().Int64(), pow10[p]
	neg := num < 0
	if neg {
		num = -num // num > MinInt64 below
	}
	const limit = 1 << 60
	if num < 0 || num > limit/scale/2 || den > limit/2 {
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
	if d.rat().IsInt() {
		return d.rat().Num().String()
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
