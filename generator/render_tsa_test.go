package generator

import (
	"errors"
	"testing"
	"time"

	"github.com/baocao-vn/baocao/generator/sign"
	"github.com/baocao-vn/baocao/internal/testpki"
)

// TestRenderAppendixTimestamped: with a TSA the appendix's signing time is the TSA's second,
// and a signing time chosen by the caller is refused before anything is drawn or asked.
func TestRenderAppendixTimestamped(t *testing.T) {
	p, err := Prepare("2022-09-14.toml", readSample(t))
	if err != nil {
		t.Fatal(err)
	}
	ca := testpki.NewCA(t)
	id, err := sign.LoadPKCS12(ca.P12(t, testpki.Spec{}), testpki.Password)
	if err != nil {
		t.Fatal(err)
	}
	tsa := &sign.TSA{URL: ca.TSA(t, testpki.TSAGood)}
	pdf, err := p.RenderAppendix(Options{Signer: id, TSA: tsa})
	if err != nil {
		t.Fatal(err)
	}
	res, err := sign.Verify(pdf, nil)
	if err != nil || !res.Intact() {
		t.Fatalf("verify: %v %v", err, res.Problems())
	}
	s := res.Signatures[0]
	if s.Timestamp == nil || !s.Timestamp.Time.Truncate(time.Second).Equal(s.SigningTime) {
		t.Errorf("signing time %v, timestamp %+v", s.SigningTime, s.Timestamp)
	}

	if _, err := p.RenderAppendix(Options{Signer: id, TSA: tsa, SignTime: time.Now()}); !errors.Is(err, ErrSignTimeWithTSA) {
		t.Errorf("a chosen signing time with a TSA: %v", err)
	}
}
