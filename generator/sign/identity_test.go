package sign

import (
	"bytes"
	"crypto/rand"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

// assertNoSecret fails when msg contains the password or a rendering of the private key.
func assertNoSecret(t *testing.T, msg string) {
	t.Helper()
	for _, s := range secretStrings(getPKI(t).leafKey) {
		if strings.Contains(msg, s) {
			t.Errorf("message leaks secret %q: %s", s, msg)
		}
	}
}

// TestRefusals: each unusable .p12 or input is refused before anything is signed, with its own
// error class and a message that names the problem without the password or key.
func TestRefusals(t *testing.T) {
	p := getPKI(t)
	pdf := appendixPDF(t, 2)
	good := p.p12(t, defaultLeaf())

	trustStore, err := pkcs12.EncodeTrustStore(rand.Reader, []*x509.Certificate{p.root, p.inter}, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	otherLeaf, _ := p.leafCert(t, defaultLeaf())
	mismatch, err := pkcs12.Modern.Encode(p.rootKey, otherLeaf, nil, testPassword) // root's key, leaf's certificate
	if err != nil {
		t.Fatal(err)
	}
	expired := defaultLeaf()
	expired.notBefore, expired.notAfter = time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2022, 9, 14, 8, 4, 4, 0, time.UTC)
	notYet := defaultLeaf()
	notYet.notBefore, notYet.notAfter = time.Date(2022, 9, 14, 8, 4, 6, 0, time.UTC), time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	certSignOnly := defaultLeaf()
	certSignOnly.keyUsage = x509.KeyUsageCertSign
	tlsOnly := defaultLeaf()
	tlsOnly.extKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}

	tests := []struct {
		name     string
		p12      []byte
		password string
		pdf      []byte
		want     error
		mention  string // a word the user-facing message must contain
	}{
		{"wrong password", good, "mat-khau-sai", pdf, ErrWrongPassword, "mật khẩu"},
		{"empty password", good, "", pdf, ErrWrongPassword, "mật khẩu"},
		{"no private key", trustStore, testPassword, pdf, ErrNoPrivateKey, "khóa bí mật"},
		{"not a p12", []byte("-----BEGIN CERTIFICATE-----"), testPassword, pdf, ErrMalformedP12, "PKCS#12"},
		{"key does not match certificate", mismatch, testPassword, pdf, ErrKeyMismatch, "không khớp"},
		{"expired one second before signing", p.p12(t, expired), testPassword, pdf, ErrExpired, "hết hạn"},
		{"valid one second after signing", p.p12(t, notYet), testPassword, pdf, ErrNotYetValid, "chưa có hiệu lực"},
		{"key usage certSign only", p.p12(t, certSignOnly), testPassword, pdf, ErrKeyUsage, "keyCertSign"},
		{"extended key usage TLS only", p.p12(t, tlsOnly), testPassword, pdf, ErrKeyUsage, "ký văn bản"},
		{"not a PDF", good, testPassword, []byte("<html>Phụ lục</html>"), ErrNotPDF, "PDF"},
		{"PDF header only", good, testPassword, []byte("%PDF-1.7\n% hỏng\n"), ErrNotPDF, "PDF"},
		{"truncated PDF", good, testPassword, pdf[:len(pdf)/2], ErrNotPDF, "PDF"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			id, err := LoadPKCS12(tc.p12, tc.password)
			if err == nil {
				err = Sign(&out, tc.pdf, id, signAt)
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if out.Len() != 0 {
				t.Errorf("%d bytes written despite the error", out.Len())
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.mention) {
				t.Errorf("message %q does not mention %q", msg, tc.mention)
			}
			assertNoSecret(t, msg)
			assertNoSecret(t, fmt.Sprintf("%+v %#v", err, err))
			var ce *CertificateError
			if isCert := errors.As(err, &ce); isCert != (tc.want == ErrExpired || tc.want == ErrNotYetValid || tc.want == ErrKeyUsage) {
				t.Errorf("errors.As(*CertificateError) = %v for %v", isCert, tc.want)
			} else if isCert && (ce.Subject != "Sở Ngoại vụ tỉnh Hà Tĩnh" || !ce.At.Equal(signAt)) {
				t.Errorf("CertificateError names %q at %v", ce.Subject, ce.At)
			}
		})
	}
}

// TestCertificateErrorMessage: validity errors give the dates in Vietnam time.
func TestCertificateErrorMessage(t *testing.T) {
	e := &CertificateError{Err: ErrExpired, Subject: "Sở Ngoại vụ tỉnh Hà Tĩnh",
		NotBefore: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2021, 12, 31, 17, 0, 0, 0, time.UTC), At: signAt}
	want := "chứng thư số đã hết hạn tại thời điểm ký: chứng thư “Sở Ngoại vụ tỉnh Hà Tĩnh” có hiệu lực từ " +
		"01/01/2019 07:00:00 +07:00 đến 01/01/2022 00:00:00 +07:00, thời điểm ký 14/09/2022 15:04:05 +07:00"
	if got := e.Error(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestUsageProblem covers the key-usage policy documented on usageProblem.
func TestUsageProblem(t *testing.T) {
	tests := []struct {
		name string
		ku   x509.KeyUsage
		eku  []x509.ExtKeyUsage
		ueku []asn1.ObjectIdentifier
		ok   bool
	}{
		{"no extensions", 0, nil, nil, true},
		{"digitalSignature", x509.KeyUsageDigitalSignature, nil, nil, true},
		{"contentCommitment", x509.KeyUsageContentCommitment, nil, nil, true},
		{"keyEncipherment only", x509.KeyUsageKeyEncipherment, nil, nil, false},
		{"certSign and cRLSign", x509.KeyUsageCertSign | x509.KeyUsageCRLSign, nil, nil, false},
		{"email protection", x509.KeyUsageDigitalSignature, []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection}, nil, true},
		{"any", x509.KeyUsageDigitalSignature, []x509.ExtKeyUsage{x509.ExtKeyUsageAny}, nil, true},
		{"serverAuth only", x509.KeyUsageDigitalSignature, []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, nil, false},
		{"clientAuth only", x509.KeyUsageDigitalSignature, []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, nil, false},
		{"timeStamping only", x509.KeyUsageDigitalSignature, []x509.ExtKeyUsage{x509.ExtKeyUsageTimeStamping}, nil, false},
		{"RFC 9336 documentSigning", x509.KeyUsageDigitalSignature, nil, []asn1.ObjectIdentifier{oidEKUDocumentSigning}, true},
		{"Adobe authentic documents", x509.KeyUsageDigitalSignature, []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, []asn1.ObjectIdentifier{oidEKUAdobeAuthenticDocs}, true},
		{"unknown usage only", x509.KeyUsageDigitalSignature, nil, []asn1.ObjectIdentifier{{1, 2, 3, 4}}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := &x509.Certificate{KeyUsage: tc.ku, ExtKeyUsage: tc.eku, UnknownExtKeyUsage: tc.ueku}
			if got := usageProblem(c) == ""; got != tc.ok {
				t.Errorf("usable = %v, want %v (%q)", got, tc.ok, usageProblem(c))
			}
		})
	}
}

// TestLoadPKCS12Chain: the chain is ordered leaf → intermediate → root whatever the file order,
// certificates outside the chain are dropped, and the leaf is found by its key.
func TestLoadPKCS12Chain(t *testing.T) {
	p := getPKI(t)
	leaf, key := p.leafCert(t, defaultLeaf())
	stranger := mustCert(t, &x509.Certificate{SerialNumber: leaf.SerialNumber, Subject: leaf.Subject,
		NotBefore: leaf.NotBefore, NotAfter: leaf.NotAfter, BasicConstraintsValid: true, IsCA: true}, nil, p.interKey, nil)
	tests := []struct {
		name  string
		first *x509.Certificate
		cas   []*x509.Certificate
	}{
		{"leaf first, root before intermediate", leaf, []*x509.Certificate{p.root, p.inter}},
		{"root first", p.root, []*x509.Certificate{p.inter, leaf}},
		{"with an unrelated CA", leaf, []*x509.Certificate{stranger, p.inter, p.root}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data, err := pkcs12.Legacy.Encode(key, tc.first, tc.cas, testPassword)
			if err != nil {
				t.Fatal(err)
			}
			id, err := LoadPKCS12(data, testPassword)
			if err != nil {
				t.Fatal(err)
			}
			chain := id.Chain()
			if len(chain) != 3 || !chain[0].Equal(leaf) || !chain[1].Equal(p.inter) || !chain[2].Equal(p.root) {
				var names []string
				for _, c := range chain {
					names = append(names, c.Subject.CommonName)
				}
				t.Fatalf("chain %q", names)
			}
			if !id.Certificate().Equal(leaf) {
				t.Error("Certificate() is not the leaf")
			}
			if err := id.CheckUsable(signAt); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestIdentityPrintsNoKey: printing an Identity in any verb shows the subject, never the key.
func TestIdentityPrintsNoKey(t *testing.T) {
	id := getPKI(t).identity(t)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		s := fmt.Sprintf(verb, id)
		if !strings.Contains(s, "Sở Ngoại vụ tỉnh Hà Tĩnh") {
			t.Errorf("%s = %q, want the subject", verb, s)
		}
		assertNoSecret(t, s)
	}
}
