package sign

import (
	"bytes"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/baocao-vn/baocao/internal/testtool"
	"github.com/digitorus/pdfsign/verify"
	"github.com/digitorus/pkcs7"
)

// signed signs pdf with id at at and returns the output.
func signed(t testing.TB, pdf []byte, id *Identity, at time.Time) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := Sign(&out, pdf, id, at); err != nil {
		t.Fatalf("Sign: %v", err)
	}
	return out.Bytes()
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// pdfsig runs poppler's pdfsig in Vietnam time (a POSIX TZ string, so no tzdata is needed) and
// returns its report.
func pdfsig(t *testing.T, path string) string {
	t.Helper()
	t.Setenv("TZ", "ICT-7")
	return testtool.Run(t, "pdfsig", path)
}

// TestSignReadBack signs the appendix with RSA and ECDSA identities and reads the result back
// with poppler (pdfsig, pdftotext), qpdf, pdfsign's own verifier, digitorus/pkcs7 and Verify.
func TestSignReadBack(t *testing.T) {
	p := getPKI(t)
	rsaSpec, ecSpec := defaultLeaf(), defaultLeaf()
	ecSpec.ecdsa = true
	emailSpec := defaultLeaf()
	emailSpec.keyUsage = x509.KeyUsageContentCommitment
	emailSpec.extKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth, x509.ExtKeyUsageEmailProtection}
	tests := []struct {
		name string
		spec leafSpec
		at   time.Time
	}{
		{"rsa", rsaSpec, signAt},
		{"ecdsa", ecSpec, signAt},
		{"nonrepudiation and email usage", emailSpec, signAt},
		// The same instant given in UTC and with nanoseconds: the signature keeps the second.
		{"utc input", rsaSpec, signAt.UTC().Add(987 * time.Millisecond)},
	}
	in := appendixPDF(t, 20)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			id, err := LoadPKCS12(p.p12(t, tc.spec), testPassword)
			if err != nil {
				t.Fatal(err)
			}
			out := signed(t, in, id, tc.at)
			if !bytes.HasPrefix(out, in) {
				t.Fatal("the signature is not an incremental update: the original bytes changed")
			}
			path := writeTemp(t, "phu-luc-ky.pdf", out)

			rep := pdfsig(t, path)
			for _, want := range []string{
				"Signature Validation: Signature is Valid.",
				"Total document signed",
				"Signing Time: Sep 14 2022 15:04:05",
				"Signing Hash Algorithm: SHA-256",
				"Signer Certificate Common Name: Sở Ngoại vụ tỉnh Hà Tĩnh",
				"O=SỞ NGOẠI VỤ HÀ TĨNH",
			} {
				if !strings.Contains(rep, want) {
					t.Errorf("pdfsig lacks %q:\n%s", want, rep)
				}
			}
			if n := strings.Count(rep, "Signature #"); n != 1 {
				t.Errorf("pdfsig sees %d signatures, want 1", n)
			}

			if qc := testtool.Run(t, "qpdf", "--check", path); !strings.Contains(qc, "No syntax or stream encoding errors found") {
				t.Errorf("qpdf --check:\n%s", qc)
			}
			text := testtool.Run(t, "pdftotext", "-f", "1", "-l", "1", "-layout", path, "-")
			for _, line := range StampLines("80/BC-SNgV", signAt) {
				if !strings.Contains(text, line) {
					t.Errorf("page 1 no longer shows %q:\n%s", line, text)
				}
			}

			roots := x509.NewCertPool()
			roots.AddCert(p.root)
			res, err := Verify(out, roots)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if !res.OK() || len(res.Signatures) != 1 {
				t.Fatalf("Verify not OK: %+v %v", res.Signatures, res.Problems())
			}
			s := res.Signatures[0]
			if !s.WholeFile || s.ByteRange[0] != 0 || s.ByteRange[2]+s.ByteRange[3] != int64(len(out)) {
				t.Errorf("signature does not cover the whole file: %v of %d bytes", s.ByteRange, len(out))
			}
			want := tc.at.Truncate(time.Second)
			if !s.SigningTime.Equal(want) || s.SigningTime.Format(time.RFC3339) != "2022-09-14T15:04:05+07:00" {
				t.Errorf("signing time %v, want %v in +07:00", s.SigningTime, want)
			}
			if !s.ClaimedTime.Equal(want) {
				t.Errorf("/M %v, want %v", s.ClaimedTime, want)
			}
			if s.SignerName != "Sở Ngoại vụ tỉnh Hà Tĩnh" || s.Organization != "SỞ NGOẠI VỤ HÀ TĨNH" {
				t.Errorf("signer %q / %q", s.SignerName, s.Organization)
			}
			if len(s.Chain) != 3 || !s.Chain[2].Equal(p.root) {
				t.Errorf("chain has %d certificates, want leaf, intermediate, root", len(s.Chain))
			}
			if res.CertificationP != 2 || s.DocMDP != 2 {
				t.Errorf("not a certification signature with P=2: %d %d", res.CertificationP, s.DocMDP)
			}
			if r, err := Verify(out, x509.NewCertPool()); err != nil || r.Trust() != Untrusted || r.OK() || !r.Intact() {
				t.Errorf("Verify with an empty trust list: %v trust %v", err, r.Trust())
			}
			if r, err := Verify(out, nil); err != nil || r.Trust() != TrustNotChecked || r.OK() || !r.Intact() {
				t.Errorf("Verify without a trust list: %v trust %v", err, r.Trust())
			}

			// Independent readers: the CMS signing-time attribute itself, via digitorus/pkcs7...
			p7, err := pkcs7.Parse(mustContents(t, out, s.ByteRange))
			if err != nil {
				t.Fatal(err)
			}
			var cmsTime time.Time
			if err := p7.UnmarshalSignedAttribute(asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 5}, &cmsTime); err != nil {
				t.Fatal(err)
			}
			if !cmsTime.Equal(want) {
				t.Errorf("CMS signing-time %v, want %v", cmsTime, want)
			}
			p7.Content = append(append([]byte{}, out[:s.ByteRange[1]]...), out[s.ByteRange[2]:]...)
			if err := p7.Verify(); err != nil {
				t.Errorf("pkcs7 Verify: %v", err)
			}
			// ... and pdfsign's verifier.
			vr, err := verify.VerifyWithOptions(bytes.NewReader(out), int64(len(out)), &verify.VerifyOptions{AllowUntrustedRoots: true, TrustSignatureTime: true})
			if err != nil || len(vr.Signers) != 1 || !vr.Signers[0].ValidSignature {
				t.Errorf("pdfsign verify: %v %+v", err, vr)
			}
		})
	}
}

// mustContents returns the CMS bytes in the ByteRange gap.
func mustContents(t *testing.T, pdf []byte, br [4]int64) []byte {
	t.Helper()
	sd, err := parseSignedData(hexDecode(t, pdf[br[1]+1:br[2]-1]))
	if err != nil {
		t.Fatal(err)
	}
	der, err := sd.marshal()
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func hexDecode(t *testing.T, h []byte) []byte {
	t.Helper()
	out := make([]byte, len(h)/2)
	for i := range out {
		hi, lo := unhex(h[2*i]), unhex(h[2*i+1])
		if hi < 0 || lo < 0 {
			t.Fatalf("non-hex byte in /Contents at %d", 2*i)
		}
		out[i] = byte(hi<<4 | lo)
	}
	return out
}

func unhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// TestTamper flips one byte inside each part of the signed range; pdfsig must stop calling the
// signature valid and Verify must fail or report it not OK.
func TestTamper(t *testing.T) {
	p := getPKI(t)
	in := appendixPDF(t, 20)
	out := signed(t, in, p.identity(t), signAt)
	firstStream := bytes.Index(out, []byte("stream\n")) + len("stream\n") + 10
	mDate := bytes.LastIndex(out, []byte("/M (D:2022")) + len("/M (D:2022")
	tests := []struct {
		name string
		at   int
		to   byte
	}{
		{"content stream of page 1", firstStream, 0},
		{"signing date in the signature dictionary", mDate, '9'},
		{"PDF header version", len("%PDF-1."), '7'},
		{"last byte of the file", len(out) - 2, ' '},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bad := bytes.Clone(out)
			if tc.to == 0 {
				bad[tc.at] ^= 0x01
			} else {
				if bad[tc.at] == tc.to {
					t.Fatalf("byte %d is already %q", tc.at, tc.to)
				}
				bad[tc.at] = tc.to
			}
			rep := pdfsig(t, writeTemp(t, "tampered.pdf", bad))
			if strings.Contains(rep, "Signature is Valid.") {
				t.Errorf("pdfsig still says valid after changing byte %d:\n%s", tc.at, rep)
			}
			res, err := Verify(bad, nil)
			if err == nil && res.Intact() {
				t.Errorf("Verify says OK after changing byte %d", tc.at)
			}
			if err == nil && res.Signatures[0].DigestMatches {
				t.Errorf("Verify: digest still matches after changing byte %d", tc.at)
			}
		})
	}
}

// TestAppendedAfterSigning: bytes added after the signature (an unsigned incremental update) keep
// the signature intact but the file is no longer wholly signed.
func TestAppendedAfterSigning(t *testing.T) {
	p := getPKI(t)
	out := signed(t, appendixPDF(t, 3), p.identity(t), signAt)
	grown := append(bytes.Clone(out), []byte("\n% thêm sau khi ký\n")...)
	res, err := Verify(grown, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := res.Signatures[0]
	if !s.DigestMatches || !s.SignatureValid || s.WholeFile || res.Intact() {
		t.Errorf("want intact but partial: %+v Intact=%v", s, res.Intact())
	}
	if probs := strings.Join(res.Problems(), "\n"); !strings.Contains(probs, "không bao phủ toàn bộ tệp") {
		t.Errorf("problems do not say the file is partly unsigned: %q", probs)
	}
}

// TestSignStable: with an RSA key (deterministic PKCS#1 v1.5) the same input, key and time give
// the same bytes.
func TestSignStable(t *testing.T) {
	p := getPKI(t)
	id := p.identity(t)
	in := appendixPDF(t, 5)
	a, b := signed(t, in, id, signAt), signed(t, in, id, signAt)
	if !bytes.Equal(a, b) {
		t.Error("two signatures of the same bytes at the same time differ")
	}
	if c := signed(t, in, id, signAt.Add(time.Second)); bytes.Equal(a, c) {
		t.Error("a different signing time gave the same bytes")
	}
}

// TestVerifyRefuses: Verify's errors for inputs that hold no readable signature.
func TestVerifyRefuses(t *testing.T) {
	p := getPKI(t)
	in := appendixPDF(t, 2)
	out := signed(t, in, p.identity(t), signAt)
	br := bytes.LastIndex(out, []byte("/Contents<")) + len("/Contents<")
	broken := bytes.Clone(out)
	copy(broken[br:], "00000000") // the CMS header: unreadable, though outside the signed bytes
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"unsigned PDF", in, ErrNoSignature},
		{"not a PDF", []byte("PK\x03\x04 a zip"), ErrNotPDF},
		{"empty", nil, ErrNotPDF},
		{"CMS destroyed", broken, ErrMalformedSignature},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Verify(tc.in, nil)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Verify = %v, %v; want %v", res, err, tc.want)
			}
		})
	}
}

// BenchmarkSign signs a ~50 KB appendix with a 2048-bit RSA key.
func BenchmarkSign(b *testing.B) {
	p := getPKI(b)
	id := p.identity(b)
	in := appendixPDF(b, 175)
	b.SetBytes(int64(len(in)))
	var out bytes.Buffer
	for b.Loop() {
		out.Reset()
		if err := Sign(&out, in, id, signAt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(in)), "input-bytes")
}

// BenchmarkVerify verifies the signed ~50 KB appendix.
func BenchmarkVerify(b *testing.B) {
	p := getPKI(b)
	var out bytes.Buffer
	if err := Sign(&out, appendixPDF(b, 175), p.identity(b), signAt); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(out.Len()))
	for b.Loop() {
		if res, err := Verify(out.Bytes(), nil); err != nil || !res.Intact() {
			b.Fatal(err)
		}
	}
}
