package main

import (
	"crypto/x509"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/internal/testpki"
	"github.com/baocao-vn/baocao/internal/testtool"
	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

// TestEmbedRevocationCommand signs the sample's appendix with the OCSP answer of a responder on
// 127.0.0.1 and a timestamp embedded, reads both back, and refuses a revoked certificate.
func TestEmbedRevocationCommand(t *testing.T) {
	testtool.Require(t, "pdfsig")
	t.Setenv("BAOCAO_P12_PASSWORD", testpki.Password)
	ca := testpki.NewCA(t)
	ocspR := ca.OCSP(t)
	roots := writeRoots(t, ca.Cert)
	leafOnly := func() string {
		key, cert := ca.Issue(t, testpki.Spec{OCSPURL: ocspR.URL})
		b, err := pkcs12.Modern.Encode(key, cert, nil, testpki.Password)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(t.TempDir(), "cert.p12")
		os.WriteFile(p, b, 0o600)
		return p
	}
	// A .p12 holding only the leaf: there is no issuer to ask the OCSP responder about it.
	out := t.TempDir()
	code, _, errOut := baocao(t, "render", sample, "-o", out, "--sign-p12", leafOnly(), "--embed-revocation", "--tsa", ca.TSA(t, testpki.TSAGood))
	if code != exitInvalid || !strings.Contains(errOut, "không có chứng thư của nơi cấp") {
		t.Fatalf("a leaf without its CA: exit %d %s", code, errOut)
	}

	withCA := func(revoked bool) string {
		key, cert := ca.Issue(t, testpki.Spec{OCSPURL: ocspR.URL})
		if revoked {
			ocspR.Revoke(cert)
		}
		p := filepath.Join(t.TempDir(), "cert.p12")
		os.WriteFile(p, mustP12(t, key, cert, ca), 0o600)
		return p
	}
	code, _, errOut = baocao(t, "render", sample, "-o", out, "--sign-p12", withCA(false), "--embed-revocation", "--tsa", ca.TSA(t, testpki.TSAGood))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	pdf := filepath.Join(out, "phu-luc.pdf")
	checkSigned(t, pdf, roots)
	code, text, _ := baocao(t, "verify", pdf, "--roots", roots)
	if code != exitOK || !strings.Contains(text, "dữ liệu thu hồi:      OCSP, Sở Ngoại vụ tỉnh Hà Tĩnh: còn hiệu lực") || !strings.Contains(text, "cấp bởi "+testpki.TSAName) {
		t.Errorf("verify: exit %d\n%s", code, text)
	}
	_, js, _ := baocao(t, "verify", pdf, "--roots", roots, "--json")
	var rep verifyReport
	if err := json.Unmarshal([]byte(js), &rep); err != nil {
		t.Fatal(err)
	}
	if rv := rep.Signatures[0].Revocation; len(rv) != 1 || rv[0].Kind != "OCSP" || rv[0].Revoked || !rv[0].Valid {
		t.Errorf("--json revocation: %s", js)
	}

	out2 := t.TempDir()
	code, _, errOut = baocao(t, "render", sample, "-o", out2, "--sign-p12", withCA(true), "--embed-revocation")
	if code != exitInvalid || !strings.Contains(errOut, "chứng thư số đã bị thu hồi") {
		t.Errorf("revoked: exit %d %s", code, errOut)
	}
	if entries, _ := os.ReadDir(out2); len(entries) != 0 {
		t.Errorf("files written: %v", entries)
	}
}

func mustP12(t *testing.T, key any, cert *x509.Certificate, ca *testpki.CA) []byte {
	t.Helper()
	b, err := pkcs12.Modern.Encode(key, cert, []*x509.Certificate{ca.Cert}, testpki.Password)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
