package sign

import (
	"bytes"
	"crypto/x509"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/baocao-vn/baocao/internal/testpki"
	"github.com/baocao-vn/baocao/internal/testtool"
	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

// revocationIdentity issues an organisation certificate naming the given OCSP and CRL
// addresses, with its CA, as an identity.
func revocationIdentity(t *testing.T, s testpki.Spec) (*Identity, *x509.Certificate) {
	t.Helper()
	ca := testpki.NewCA(t)
	key, cert := ca.Issue(t, s)
	p12, err := pkcs12.Modern.Encode(key, cert, []*x509.Certificate{ca.Cert}, testpki.Password)
	if err != nil {
		t.Fatal(err)
	}
	id, err := LoadPKCS12(p12, testpki.Password)
	if err != nil {
		t.Fatal(err)
	}
	return id, cert
}

func TestEmbedRevocation(t *testing.T) {
	ca := testpki.NewCA(t)
	ocspR, crlR := ca.OCSP(t), ca.CRL(t)
	roots := x509.NewCertPool()
	roots.AddCert(ca.Cert)
	pdf := appendixPDF(t, 2)
	now := time.Now().Truncate(time.Second)
	for _, tc := range []struct {
		name string
		spec testpki.Spec
		tsa  bool
		kind string
	}{
		{"OCSP", testpki.Spec{OCSPURL: ocspR.URL}, false, "OCSP"},
		{"CRL", testpki.Spec{CRLURL: crlR.URL}, false, "CRL"},
		{"OCSP and a timestamp", testpki.Spec{OCSPURL: ocspR.URL}, true, "OCSP"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id, _ := revocationIdentity(t, tc.spec)
			opts := Options{EmbedRevocation: true}
			if tc.tsa {
				opts.TSA = &TSA{URL: ca.TSA(t, testpki.TSAGood)}
			}
			var out bytes.Buffer
			if err := SignWith(&out, pdf, id, now, opts); err != nil {
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
			if len(s.Revocation) != 1 || s.Revocation[0].Kind != tc.kind || !s.Revocation[0].Valid ||
				s.Revocation[0].Revoked || s.Revocation[0].Status != "còn hiệu lực" {
				t.Errorf("revocation data %+v", s.Revocation)
			}
			if tc.tsa && (s.Timestamp == nil || !s.Timestamp.OK()) {
				t.Errorf("timestamp %+v", s.Timestamp)
			}
			testtool.Require(t, "pdfsig")
			sig := pdfsig(t, writeTemp(t, "ltv.pdf", out.Bytes()))
			if !strings.Contains(sig, "Signature is Valid") || !strings.Contains(sig, "Total document signed") {
				t.Errorf("pdfsig:\n%s", sig)
			}
		})
	}
}

func TestRevokedRefused(t *testing.T) {
	ca := testpki.NewCA(t)
	ocspR, crlR := ca.OCSP(t), ca.CRL(t)
	pdf := appendixPDF(t, 1)
	now := time.Now().Truncate(time.Second)
	byOCSP, c1 := revocationIdentity(t, testpki.Spec{OCSPURL: ocspR.URL})
	ocspR.Revoke(c1)
	byCRL, c2 := revocationIdentity(t, testpki.Spec{CRLURL: crlR.URL})
	crlR.Revoke(c2)
	none, _ := revocationIdentity(t, testpki.Spec{})
	down, _ := revocationIdentity(t, testpki.Spec{OCSPURL: "http://127.0.0.1:1/"})
	for _, tc := range []struct {
		name string
		id   *Identity
		want error
		text string
	}{
		{"revoked by OCSP", byOCSP, ErrRevoked, "bị thu hồi lúc"},
		{"revoked by CRL", byCRL, ErrRevoked, "theo CRL"},
		{"no address", none, ErrRevocation, "không ghi địa chỉ OCSP hay CRL"},
		{"responder down", down, ErrRevocation, "không trả lời"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			err := SignWith(&out, pdf, tc.id, now, Options{EmbedRevocation: true})
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) {
				t.Errorf("got %v, want %v with %q", err, tc.want, tc.text)
			}
			if out.Len() != 0 {
				t.Errorf("%d bytes written", out.Len())
			}
		})
	}
}
