// Package testpki makes, at test time, the certificates a signing test needs: a CA and an
// organisation certificate issued by it, packed in a PKCS#12 file, plus the broken variants
// (expired, not yet valid, wrong key usage, no private key) that signing must refuse.
package testpki

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"sync"
	"testing"
	"time"

	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

// Password is the password of every .p12 this package makes.
const Password = "mật-khẩu-thử 123"

// CA is a test certification authority.
type CA struct {
	Cert *x509.Certificate
	Key  *rsa.PrivateKey
}

var (
	once   sync.Once
	shared *CA
)

// NewCA returns a CA valid from 2020 to 2040, made once per test binary (RSA keys are slow).
func NewCA(t testing.TB) *CA {
	t.Helper()
	once.Do(func() { shared = newCA() })
	return shared
}

var (
	forgedOnce sync.Once
	forged     *CA
)

// ForgedCA returns a CA that anybody could make: the same names as NewCA's, another key. A
// certificate it issues looks like the real one by name only.
func ForgedCA(t testing.TB) *CA {
	t.Helper()
	forgedOnce.Do(func() { forged = newCA() })
	return forged
}

func newCA() *CA {
	key := newKey(2048)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "CA thử nghiệm baocao", Organization: []string{"Ban Cơ yếu (thử)"}},
		NotBefore:             time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:              time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		panic(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &CA{Cert: cert, Key: key}
}

func newKey(bits int) *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		panic(err)
	}
	return k
}

// Spec describes the organisation certificate to make; the zero value is a good one valid
// from 2022 to 2030 for signing documents.
type Spec struct {
	NotBefore, NotAfter time.Time
	KeyUsage            x509.KeyUsage // zero: DigitalSignature | ContentCommitment
	NoPrivateKey        bool          // a trust store: certificates only
	LeafOnly            bool          // the organisation certificate and key, without the CA
	SelfSigned          bool          // the organisation certificate signs itself (no CA)
	RSABits             int           // zero: 2048
	ECDSA               bool          // an ECDSA P-256 key instead of RSA
	OCSPURL, CRLURL     string        // the revocation addresses written in the certificate
}

// Issue returns an organisation certificate made as s says (issued by the CA unless
// s.SelfSigned) and its private key, for tests that store them elsewhere than in a .p12 (a
// PKCS#11 token).
func (ca *CA) Issue(t testing.TB, s Spec) (crypto.Signer, *x509.Certificate) {
	t.Helper()
	if s.NotBefore.IsZero() {
		s.NotBefore = time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if s.NotAfter.IsZero() {
		s.NotAfter = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if s.KeyUsage == 0 {
		s.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment
	}
	bits := s.RSABits
	if bits == 0 {
		bits = 2048
	}
	var key crypto.Signer
	if s.ECDSA {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		key = k
	} else {
		key = newKey(bits)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "Sở Ngoại vụ tỉnh Hà Tĩnh", Organization: []string{"UBND tỉnh Hà Tĩnh"}, Country: []string{"VN"}},
		NotBefore:    s.NotBefore,
		NotAfter:     s.NotAfter,
		KeyUsage:     s.KeyUsage,
	}
	if s.OCSPURL != "" {
		tmpl.OCSPServer = []string{s.OCSPURL}
	}
	if s.CRLURL != "" {
		tmpl.CRLDistributionPoints = []string{s.CRLURL}
	}
	var parent *x509.Certificate = ca.Cert
	var parentKey crypto.Signer = ca.Key
	if s.SelfSigned {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, key.Public(), parentKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return key, cert
}

// P12 returns an organisation certificate issued by the CA, with its key and the CA, packed in
// a PKCS#12 file protected by Password.
func (ca *CA) P12(t testing.TB, s Spec) []byte {
	t.Helper()
	key, cert := ca.Issue(t, s)
	var err error
	var p12 []byte
	switch {
	case s.SelfSigned || s.LeafOnly:
		p12, err = pkcs12.Modern.Encode(key, cert, nil, Password)
	case s.NoPrivateKey:
		p12, err = pkcs12.Modern.EncodeTrustStore([]*x509.Certificate{cert, ca.Cert}, Password)
	default:
		p12, err = pkcs12.Modern.Encode(key, cert, []*x509.Certificate{ca.Cert}, Password)
	}
	if err != nil {
		t.Fatal(err)
	}
	return p12
}
