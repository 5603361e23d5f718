package sign

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/baocao-vn/baocao/internal/testpki"
	"github.com/baocao-vn/baocao/internal/testtool"
)

// tsaIdentity is an organisation identity issued by testpki's CA, the CA that also issues the
// test TSA's certificate, with a trust list holding that CA.
func tsaIdentity(t *testing.T) (*Identity, *x509.CertPool) {
	t.Helper()
	ca := testpki.NewCA(t)
	id, err := LoadPKCS12(ca.P12(t, testpki.Spec{}), testpki.Password)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(ca.Cert)
	return id, roots
}

func TestTimestamped(t *testing.T) {
	id, roots := tsaIdentity(t)
	url := testpki.NewCA(t).TSA(t, testpki.TSAGood)
	pdf := appendixPDF(t, 3)
	at := time.Now().Truncate(time.Second)
	var out bytes.Buffer
	if err := SignWith(&out, pdf, id, at, Options{TSA: &TSA{URL: url}}); err != nil {
		t.Fatal(err)
	}
	res, err := Verify(out.Bytes(), roots)
	if err != nil {
		t.Fatal(err)
	}
	if !res.OK() {
		t.Fatalf("not OK: %v", res.Problems())
	}
	ts := res.Signatures[0].Timestamp
	if ts == nil {
		t.Fatal("no timestamp found")
	}
	if !ts.ImprintMatches || !ts.TokenValid || !ts.Trusted || ts.Authority != testpki.TSAName {
		t.Errorf("timestamp %+v", ts)
	}
	if d := ts.Time.Sub(at); d < -MaxTimestampSkew || d > MaxTimestampSkew {
		t.Errorf("TSA time %v, signing time %v", ts.Time, at)
	}
	// Without the CA the TSA is not trusted either.
	other := x509.NewCertPool()
	other.AddCert(testpki.ForgedCA(t).Cert)
	if res, _ := Verify(out.Bytes(), other); res.Trust() != Untrusted || res.Signatures[0].Timestamp.Trusted {
		t.Errorf("trusted against a foreign root")
	}

	testtool.Require(t, "pdfsig")
	path := writeTemp(t, "ts.pdf", out.Bytes())
	sig := pdfsig(t, path)
	for _, want := range []string{"Signature is Valid", "Total document signed"} {
		if !strings.Contains(sig, want) {
			t.Errorf("pdfsig lacks %q:\n%s", want, sig)
		}
	}
	testtool.Run(t, "qpdf", "--check", path)

	checkTokenWithOpenSSL(t, out.Bytes(), len(pdf))

	// A token moved from another signature: the file and the signed attributes are intact, but
	// the token certifies another signature value.
	var second bytes.Buffer
	if err := SignWith(&second, pdf, id, at.Add(time.Second), Options{TSA: &TSA{URL: url}}); err != nil {
		t.Fatal(err)
	}
	moved := transplantToken(t, out.Bytes(), second.Bytes(), len(pdf))
	res, err = Verify(moved, roots)
	if err != nil {
		t.Fatal(err)
	}
	if res.Intact() || res.Signatures[0].Timestamp.ImprintMatches || !res.Signatures[0].DigestMatches {
		t.Errorf("a transplanted token is accepted: %+v", res.Signatures[0].Timestamp)
	}
	if p := strings.Join(res.Problems(), "; "); !strings.Contains(p, "mã băm không khớp") {
		t.Errorf("problems: %s", p)
	}
}

// transplantToken puts the timestamp token of from's signature into to's signature.
func transplantToken(t *testing.T, to, from []byte, origLen int) []byte {
	t.Helper()
	out := append([]byte(nil), to...)
	contents := func(b []byte) ([]byte, *signedData) {
		br, err := appendedByteRange(b, origLen)
		if err != nil {
			t.Fatal(err)
		}
		h := b[br[1]+1 : br[2]-1]
		der := make([]byte, len(h)/2)
		hex.Decode(der, h)
		sd, err := parseSignedData(der)
		if err != nil {
			t.Fatal(err)
		}
		return h, sd
	}
	h, sd := contents(out)
	_, src := contents(from)
	sd.unsigned = src.unsigned
	der, err := sd.marshal()
	if err != nil {
		t.Fatal(err)
	}
	n := hex.Encode(h, der)
	for i := n; i < len(h); i++ {
		h[i] = '0'
	}
	return out
}

func TestTimestampRefusals(t *testing.T) {
	id, _ := tsaIdentity(t)
	ca := testpki.NewCA(t)
	pdf := appendixPDF(t, 1)
	now := time.Now().Truncate(time.Second)
	for _, tc := range []struct {
		name string
		tsa  *TSA
		at   time.Time
		want error
		text string
	}{
		{"no answer", &TSA{URL: ca.TSA(t, testpki.TSASilent), Timeout: 500 * time.Millisecond}, now, ErrTSA, "không trả lời"},
		{"nobody listening", &TSA{URL: "http://127.0.0.1:1/"}, now, ErrTSA, "không trả lời"},
		{"HTTP error", &TSA{URL: ca.TSA(t, testpki.TSAHTTPError)}, now, ErrTSA, "HTTP 500"},
		{"rejection", &TSA{URL: ca.TSA(t, testpki.TSARejection)}, now, ErrTSA, "từ chối"},
		{"garbage", &TSA{URL: ca.TSA(t, testpki.TSAGarbage)}, now, ErrTSA, "không hợp lệ"},
		{"another imprint", &TSA{URL: ca.TSA(t, testpki.TSAOtherImprint)}, now, ErrTimestampImprint, "mã băm"},
		{"an hour late", &TSA{URL: ca.TSA(t, testpki.TSALate)}, now, ErrTimestampTime, "MaxTimestampSkew"},
		{"signing time far from the TSA's", &TSA{URL: ca.TSA(t, testpki.TSAGood)}, now.Add(-time.Hour), ErrTimestampTime, "lệch"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			err := SignWith(&out, pdf, id, tc.at, Options{TSA: tc.tsa})
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) {
				t.Errorf("got %v, want %v with %q", err, tc.want, tc.text)
			}
			if out.Len() != 0 {
				t.Errorf("%d bytes written", out.Len())
			}
		})
	}
}

// checkTokenWithOpenSSL has OpenSSL verify the embedded token as an independent reader: its
// signature, its TSA's chain to the test CA, and that its imprint is the SHA-256 of the
// signature value.
func checkTokenWithOpenSSL(t *testing.T, signedPDF []byte, origLen int) {
	t.Helper()
	testtool.Require(t, "openssl")
	br, err := appendedByteRange(signedPDF, origLen)
	if err != nil {
		t.Fatal(err)
	}
	h := signedPDF[br[1]+1 : br[2]-1]
	der := make([]byte, len(h)/2)
	hex.Decode(der, h)
	sd, err := parseSignedData(der)
	if err != nil {
		t.Fatal(err)
	}
	token, ok := sd.timestampToken()
	if !ok {
		t.Fatal("no token")
	}
	dir := t.TempDir()
	tokenPath := filepath.Join(dir, "token.der")
	caPath := filepath.Join(dir, "ca.pem")
	os.WriteFile(tokenPath, token, 0o644)
	os.WriteFile(caPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: testpki.NewCA(t).Cert.Raw}), 0o644)
	digest := sha256.Sum256(sd.signature)
	out := testtool.Run(t, "openssl", "ts", "-verify", "-digest", hex.EncodeToString(digest[:]), "-token_in", "-in", tokenPath, "-CAfile", caPath)
	if !strings.Contains(out, "Verification: OK") {
		t.Errorf("openssl ts -verify:\n%s", out)
	}
	other := sha256.Sum256([]byte("khác"))
	bad, err := exec.Command("openssl", "ts", "-verify", "-digest", hex.EncodeToString(other[:]), "-token_in", "-in", tokenPath, "-CAfile", caPath).CombinedOutput()
	if err == nil || strings.Contains(string(bad), "Verification: OK") {
		t.Errorf("openssl accepts the token for another imprint:\n%s", bad)
	}
	text := testtool.Run(t, "openssl", "ts", "-reply", "-token_in", "-in", tokenPath, "-token_out", "-text")
	if !strings.Contains(text, "Time stamp:") || !strings.Contains(text, "Nonce:") {
		t.Errorf("openssl ts -reply -text:\n%s", text)
	}
}

// BenchmarkSignTimestamped measures signing the appendix with a timestamp from a TSA served on
// 127.0.0.1 (RSA-2048 signer, ECDSA P-256 TSA): the cost of the round trip and of checking
// the token, beside BenchmarkSign.
func BenchmarkSignTimestamped(b *testing.B) {
	ca := testpki.NewCA(b)
	id, err := LoadPKCS12(ca.P12(b, testpki.Spec{}), testpki.Password)
	if err != nil {
		b.Fatal(err)
	}
	tsa := &TSA{URL: ca.TSA(b, testpki.TSAGood)}
	pdf := appendixPDF(b, 20)
	b.ReportAllocs()
	var out bytes.Buffer
	for b.Loop() {
		out.Reset()
		if err := SignWith(&out, pdf, id, time.Now(), Options{TSA: tsa}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSignTimestampedStampShowsTSATime signs through SignTimestamped and reads the result back
// as its readers do: page 1 (pdftotext) shows, to the second and in +07:00, exactly the time
// of the embedded token, which is also the signature's signing time.
func TestSignTimestampedStampShowsTSATime(t *testing.T) {
	id, roots := tsaIdentity(t)
	url := testpki.NewCA(t).TSA(t, testpki.TSAGood)
	var drawn []time.Time
	var out bytes.Buffer
	err := SignTimestamped(&out, id, Options{TSA: &TSA{URL: url}}, func(at time.Time) ([]byte, error) {
		drawn = append(drawn, at)
		return appendixPDFAt(t, 3, at), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Verify(out.Bytes(), roots)
	if err != nil {
		t.Fatal(err)
	}
	if !res.OK() {
		t.Fatalf("not OK: %v", res.Problems())
	}
	s := res.Signatures[0]
	if s.Timestamp == nil || !s.Timestamp.OK() || !s.Timestamp.Trusted {
		t.Fatalf("timestamp %+v", s.Timestamp)
	}
	tsaSecond := s.Timestamp.Time.Truncate(time.Second)
	if last := drawn[len(drawn)-1]; !tsaSecond.Equal(last) || !s.SigningTime.Equal(last) {
		t.Errorf("TSA %v, signing time %v, stamp drawn with %v", s.Timestamp.Time, s.SigningTime, last)
	}
	if d := time.Since(tsaSecond); d < 0 || d > time.Minute {
		t.Errorf("the TSA's time %v is not now", s.Timestamp.Time)
	}

	testtool.Require(t, "pdftotext")
	path := writeTemp(t, "ts.pdf", out.Bytes())
	page := testtool.Run(t, "pdftotext", "-f", "1", "-l", "1", path, "-")
	want := "Thời gian ký: " + s.Timestamp.Time.In(Vietnam).Format("02/01/2006 15:04:05") + " +07:00"
	if !strings.Contains(nfc(page), nfc(want)) {
		t.Errorf("page 1 lacks %q:\n%.400s", want, page)
	}
	testtool.Require(t, "pdfsig")
	sig := pdfsig(t, path)
	for _, want := range []string{"Signature is Valid", "Total document signed"} {
		if !strings.Contains(sig, want) {
			t.Errorf("pdfsig lacks %q:\n%s", want, sig)
		}
	}
	checkTokenWithOpenSSL(t, out.Bytes(), len(appendixPDFAt(t, 3, drawn[len(drawn)-1])))
}

// TestSignTimestampedRefusals: a TSA whose clock is a few seconds off never answers in the
// stamp's second and is refused after MaxStampAttempts drawings, naming the difference; one
// far off is refused at once; a drawing's error is returned as it is. Nothing is written.
func TestSignTimestampedRefusals(t *testing.T) {
	id, _ := tsaIdentity(t)
	ca := testpki.NewCA(t)
	errDraw := errors.New("vẽ hỏng")
	for _, tc := range []struct {
		name      string
		mode      testpki.TSAMode
		drawErr   error
		want      error
		texts     []string
		drawnWant int
	}{
		{"clock 3 s ahead", testpki.TSAAhead, nil, ErrTimestampTime,
			[]string{"sau 5 lần thử", "+3,0 giây", "trên trang 1", "đồng hồ của TSA"}, MaxStampAttempts},
		{"an hour late", testpki.TSALate, nil, ErrTimestampTime, []string{"+3600,0 giây", "MaxTimestampSkew"}, 1},
		{"drawing fails", testpki.TSAGood, errDraw, errDraw, []string{"vẽ hỏng"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			drawn := 0
			var out bytes.Buffer
			err := SignTimestamped(&out, id, Options{TSA: &TSA{URL: ca.TSA(t, tc.mode)}}, func(at time.Time) ([]byte, error) {
				drawn++
				if tc.drawErr != nil {
					return nil, tc.drawErr
				}
				return appendixPDFAt(t, 1, at), nil
			})
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			for _, text := range tc.texts {
				if !strings.Contains(err.Error(), text) {
					t.Errorf("%q lacks %q", err, text)
				}
			}
			if drawn != tc.drawnWant {
				t.Errorf("drawn %d times, want %d", drawn, tc.drawnWant)
			}
			if out.Len() != 0 {
				t.Errorf("%d bytes written", out.Len())
			}
		})
	}
}

// TestSignTimestampedRetries: a drawing that overruns its second (2.5 s) gets a TSA time in a
// later second; the next attempt, drawn with a new second, is kept.
func TestSignTimestampedRetries(t *testing.T) {
	id, roots := tsaIdentity(t)
	url := testpki.NewCA(t).TSA(t, testpki.TSAGood)
	var drawn []time.Time
	var out bytes.Buffer
	err := SignTimestamped(&out, id, Options{TSA: &TSA{URL: url}}, func(at time.Time) ([]byte, error) {
		drawn = append(drawn, at)
		if len(drawn) == 1 {
			time.Sleep(2500 * time.Millisecond)
		}
		return appendixPDFAt(t, 1, at), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(drawn) != 2 || !drawn[1].After(drawn[0]) {
		t.Errorf("drawn with %v", drawn)
	}
	res, err := Verify(out.Bytes(), roots)
	if err != nil || !res.OK() {
		t.Fatalf("verify: %v %v", err, res.Problems())
	}
	if s := res.Signatures[0]; !s.Timestamp.Time.Truncate(time.Second).Equal(drawn[1]) || !s.SigningTime.Equal(drawn[1]) {
		t.Errorf("TSA %v, signing time %v, stamp %v", s.Timestamp.Time, s.SigningTime, drawn[1])
	}
}
