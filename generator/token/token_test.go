package token

import (
	"bytes"
	"crypto/x509"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/baocao-vn/baocao/generator"
	"github.com/baocao-vn/baocao/generator/sign"
	"github.com/baocao-vn/baocao/internal/testhsm"
	"github.com/baocao-vn/baocao/internal/testpki"
)

const sample = "../../samples/2022-09-14.toml"

var signAt = time.Date(2022, 9, 14, 16, 30, 5, 0, sign.Vietnam)

// setup makes a token "baocao" holding an RSA-2048 key "rsa" (id 01) and an ECDSA P-256 key
// "ec" (id 02), each with its certificate, plus the CA; and a token "chi-la" holding an RSA key
// "sai" whose certificate is another key's (id 03).
func setup(t testing.TB) string {
	t.Helper()
	mod := testhsm.Dir(t)
	ca := testpki.NewCA(t)
	testhsm.InitToken(t, "baocao")
	rsaKey, rsaCert := ca.Issue(t, testpki.Spec{})
	ecKey, ecCert := ca.Issue(t, testpki.Spec{ECDSA: true})
	testhsm.Import(t, mod, "baocao", testhsm.Key{Label: "rsa", ID: []byte{1}, Key: rsaKey, Cert: rsaCert, Extra: []*x509.Certificate{ca.Cert}})
	testhsm.Import(t, mod, "baocao", testhsm.Key{Label: "ec", ID: []byte{2}, Key: ecKey, Cert: ecCert})
	testhsm.InitToken(t, "chi-la")
	other, _ := ca.Issue(t, testpki.Spec{})
	testhsm.Import(t, mod, "chi-la", testhsm.Key{Label: "sai", ID: []byte{3}, Key: other, Cert: rsaCert})
	testhsm.Import(t, mod, "chi-la", testhsm.Key{Label: "khong-chung-thu", ID: []byte{4}, Key: ecKey})
	return mod
}

// signSample renders the sample's appendix signed with id, as `baocao render` does.
func signSample(t testing.TB, id *sign.Identity) []byte {
	t.Helper()
	p, err := generator.Load(sample)
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := p.RenderAppendix(generator.Options{Signer: id, SignTime: signAt})
	if err != nil {
		t.Fatal(err)
	}
	return pdf
}

func TestSignThroughToken(t *testing.T) {
	mod := setup(t)
	roots := x509.NewCertPool()
	roots.AddCert(testpki.NewCA(t).Cert)
	for _, tc := range []struct {
		name string
		cfg  Config
		alg  x509.PublicKeyAlgorithm
	}{
		{"RSA by labels", Config{TokenLabel: "baocao", KeyLabel: "rsa"}, x509.RSA},
		{"ECDSA by id", Config{TokenLabel: "baocao", KeyID: []byte{2}}, x509.ECDSA},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.cfg.Module, tc.cfg.PIN = mod, testhsm.PIN
			tok, err := Open(tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer tok.Close()
			chain := tok.Identity().Chain()
			if len(chain) != 2 || chain[0].PublicKeyAlgorithm != tc.alg || !chain[1].Equal(testpki.NewCA(t).Cert) {
				t.Fatalf("chain from the token: %d certificates, leaf %v", len(chain), chain[0].PublicKeyAlgorithm)
			}
			pdf := signSample(t, tok.Identity())
			res, err := sign.Verify(pdf, roots)
			if err != nil {
				t.Fatal(err)
			}
			if !res.OK() {
				t.Fatalf("verify: %v", res.Problems())
			}
			if got := res.Signatures[0].SigningTime; !got.Equal(signAt) {
				t.Errorf("signing time %v", got)
			}
		})
	}
}

func TestRefusals(t *testing.T) {
	mod := setup(t)
	slot := uint(987654)
	for _, tc := range []struct {
		name string
		cfg  Config
		want error
		text string
	}{
		{"wrong PIN", Config{TokenLabel: "baocao", KeyLabel: "rsa", PIN: "999999"}, ErrWrongPIN, "sai mã PIN"},
		{"missing token", Config{TokenLabel: "khong-co", KeyLabel: "rsa", PIN: testhsm.PIN}, ErrTokenNotFound, "“baocao”"},
		{"missing slot", Config{Slot: &slot, KeyLabel: "rsa", PIN: testhsm.PIN}, ErrTokenNotFound, "khe 987654"},
		{"missing key", Config{TokenLabel: "baocao", KeyLabel: "khong-co", PIN: testhsm.PIN}, ErrKeyNotFound, "“khong-co”"},
		{"certificate of another key", Config{TokenLabel: "chi-la", KeyLabel: "sai", PIN: testhsm.PIN}, ErrKeyMismatch, "không khớp"},
		{"no certificate", Config{TokenLabel: "chi-la", KeyLabel: "khong-chung-thu", PIN: testhsm.PIN}, ErrCertNotFound, "04"},
		{"no key named", Config{TokenLabel: "baocao", PIN: testhsm.PIN}, ErrSelection, "--key-label"},
		{"bad chain file", Config{TokenLabel: "baocao", KeyLabel: "rsa", PIN: testhsm.PIN, ChainPEM: []byte("rác")}, ErrChainFile, "PEM"},
		{"no module", Config{Module: "/khong/co.so", TokenLabel: "baocao", KeyLabel: "rsa", PIN: testhsm.PIN}, ErrModule, "/khong/co.so"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.cfg.Module == "" {
				tc.cfg.Module = mod
			}
			tok, err := Open(tc.cfg)
			if err == nil {
				tok.Close()
				t.Fatal("opened")
			}
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) {
				t.Errorf("got %v, want %v containing %q", err, tc.want, tc.text)
			}
			if tc.cfg.PIN != "" && strings.Contains(err.Error(), tc.cfg.PIN) {
				t.Errorf("the PIN is in the message: %v", err)
			}
		})
	}
}

func TestList(t *testing.T) {
	mod := setup(t)
	slots, err := List(mod, "")
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	var certs, priv int
	for _, s := range slots {
		labels = append(labels, s.Label)
		for _, o := range s.Objects {
			switch o.Class {
			case "chứng thư":
				certs++
				if o.NotAfter.IsZero() || o.Subject == "" {
					t.Errorf("certificate without subject or expiry: %+v", o)
				}
			case "khóa bí mật":
				priv++
			}
		}
	}
	if got := strings.Join(labels, ","); !strings.Contains(got, "baocao") || !strings.Contains(got, "chi-la") {
		t.Errorf("token labels %q", got)
	}
	if certs != 4 || priv != 0 {
		t.Errorf("without login: %d certificates, %d private keys (want 4, 0)", certs, priv)
	}
	slots, err = List(mod, testhsm.PIN)
	if err != nil {
		t.Fatal(err)
	}
	priv = 0
	for _, s := range slots {
		for _, o := range s.Objects {
			if o.Class == "khóa bí mật" {
				priv++
			}
		}
	}
	if priv != 4 {
		t.Errorf("after login: %d private keys, want 4", priv)
	}
	if _, err := List(mod, "000000"); !errors.Is(err, ErrWrongPIN) {
		t.Errorf("wrong PIN: %v", err)
	}
}

// BenchmarkSignThroughToken measures signing the sample's appendix (already rendered) through
// SoftHSM2, one session, per document: two token signatures (pdfsign's, and the re-signed
// attributes carrying the signing time) plus the verification of the output.
func BenchmarkSignThroughToken(b *testing.B) {
	mod := setup(b)
	p, err := generator.Load(sample)
	if err != nil {
		b.Fatal(err)
	}
	unsigned, err := p.RenderAppendix(generator.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct{ name, key string }{{"RSA2048", "rsa"}, {"ECDSAP256", "ec"}} {
		b.Run(tc.name, func(b *testing.B) {
			tok, err := Open(Config{Module: mod, TokenLabel: "baocao", KeyLabel: tc.key, PIN: testhsm.PIN})
			if err != nil {
				b.Fatal(err)
			}
			defer tok.Close()
			b.ReportAllocs()
			var out bytes.Buffer
			for b.Loop() {
				out.Reset()
				if err := sign.Sign(&out, unsigned, tok.Identity(), signAt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
