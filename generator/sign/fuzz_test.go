package sign

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"math/big"
	"testing"
	"time"

	"github.com/baocao-vn/baocao/internal/testpki"
	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

// FuzzVerify feeds Verify the bytes of a real signed appendix, mutated, truncated and spliced:
// it must never panic, and must never find intact a file that differs from the signed one in
// any byte the signature covers or in the signature itself.
func FuzzVerify(f *testing.F) {
	// Every fuzzing worker is a process of its own that makes orig again: a fixed key, a
	// self-signed certificate and RSA PKCS#1 v1.5 make it the same file in all of them.
	unsigned := appendixPDF(f, 2)
	id := fixedIdentity(f, unsigned)
	orig := signed(f, unsigned, id, signAt)
	res, err := Verify(orig, nil)
	if err != nil || !res.Intact() {
		f.Fatalf("the seed does not verify: %v", err)
	}
	br := res.Signatures[0].ByteRange
	n := len(orig)
	f.Add(orig)
	f.Add(orig[:n/2])
	f.Add(orig[:n-1])
	f.Add(append(bytes.Clone(orig[:n/2]), orig[n/3:]...))
	f.Add(append(bytes.Clone(orig), orig[br[2]:]...))
	f.Add(testpki.AppendPage(f, orig))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Verify(data, nil)
		if err != nil || !res.Intact() {
			return
		}
		// The corpus kept from earlier runs holds appendices that earlier versions of the
		// renderer drew and this key really signed, each with the certificate made for its
		// own bytes; the fuzzer cannot sign, so only a file signed with this run's
		// certificate must be this run's file.
		if !res.Signatures[0].Certificate.Equal(id.chain[0]) {
			return
		}
		if !sameSignedFile(orig, data, br) {
			t.Fatalf("Verify finds a modified file intact (%d bytes)", len(data))
		}
	})
}

// fuzzKey is a throwaway RSA key for FuzzVerify, fixed so that every worker signs alike.
const fuzzKey = `-----BEGIN PRIVATE KEY-----
MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQCnH2Ktpbd8RzkZ
F2gY18JBJpLzGC2690QLcFfvyeyzamBZ6NJdD9Em7zLZ5M5CdFat1XoYFDklm3Ee
gp66CajEfD+ayE4rqaTqtdIvvaTuqhZMSt9unyrXvw09nSGqqaKnVhQYFCbdbEcP
kKRdtdEIVZPqg52GEhOGeQ3KMuezpXYuzGA3ieKCyuCXMmGRw9B8PLFnjSLsPthi
EkAxnXFVirsGl02cVzQTjLJkn9P2zVMmzPN3OZMhTLJxOw8IgbKudJ3vkMfL/qPh
gbdd3b0P4aZEL3sIdkp9jehtQay5is66NeMhEDPLp/TiJFoCruyJ4RJIOZa4mtjD
pF7b2ZPBAgMBAAECggEANrN8LhA+1YvOcZsKtI7ygzaoBK+WUEsc142nCtKSCku4
S9V7/X/u2oqSn2VX6cKAmJd2RilgZyHQzca9Q3Fj7yQoAXast3fohfaLXJr7QC8l
60Taiy/H6yQapl8nJOAvYAw5uYPnELSfMcYLNq0LRWoVZz47MiX6hBpdXCB7XH41
k9sBBupuT13rHkrk8BOcU1xMFzmOXhkCW5naeKYTmw4hV4prIVHagSXZhzL4bGpb
lwyaI7MQAbYLjUmkN25tOKwjiT4ngd8dbRiRQo9X1u7WsNKrA7O2Pfc5ffEmDGjv
lx5f9TbCmlbCOBynit5kZejMyEIgJStyveOIbKvMbQKBgQDUYWow2dCXR9RV9MS8
KUw/0daaAHNZ4fKO64bzz+TrpYRJ2nep5cMRQCiJRf5rFrmQdO7KYYHRH5T+i6JO
09EFHKdsuvdtR+ruJdRWUMhirDK5GywuzNuYvRSkEJsNvePd5bDaU0QZZ/+Vspj/
AUNq4TBl2FHE2+rgNrgFvqzDdwKBgQDJcmPz4xtLbHaZ9JhO3J2neOBgIqN5ifQQ
aRFj0H/LyZFEgbTYMN5MDu03cKj6/iRZVcT9MwOIC4z8txlMutiyi375H0nNqBMx
c8MSOW9/w5D54tXtDak0++Bfc1SAiELA2qd8yP29UD+YU/4qmCMupCccrWdIrNke
+XkkzdWAhwKBgQCCycbidJCPSS3LDWRGV8xcFPZqelKPDKUaPJMr/GAGejSgYoiE
uTjKm88a0l7eRe1at5gCS8/tH9zacNUwZCL5We8E95K92qcjp2o/CZqNoWvPMJuh
6ohlZDOc4ZkK+mCkWvnxSYvLdY8g+g5cI8QHwsvSPEgGykO3dhsXdpff+wKBgD3C
+YwjvBGSzoYDLNM45okbEUfINvCjcBW78N32ZcgYI5aqYcTKrs0I4ofV3akeVAyj
tEKg6ltCl1Y/2NziiF+tTx+YDSuldUT7Jfqna1zzm7ZRap9ESfV5p9/73xONM1In
d6RVhx4MxYKxdcKfZGH/aBJtw7XPcL4DZLX4+ZVvAoGBAKxFympH7GWz9w/Smttq
p8EdJRPYkm7ndZZAg5Z+OyKmU9Xaw4nBwA64QXqBLTKgdt9AtilH2o11PtNbieRO
uXK3sDXC/GiBmlp6VV8gQWRqRFswq6BLcoPq8KlKfLGWO8/KgVgoNGSV1WNsTaec
04lpbKgKyYAsH5i/d4+0iKDv
-----END PRIVATE KEY-----
`

// fixedIdentity is a self-signed organisation certificate on fuzzKey, its serial number made
// from the unsigned appendix it is to sign, so that each version of the appendix has its own.
func fixedIdentity(t testing.TB, unsigned []byte) *Identity {
	t.Helper()
	blk, _ := pem.Decode([]byte(fuzzKey))
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	key := k.(*rsa.PrivateKey)
	sum := sha256.Sum256(unsigned)
	cert := mustCert(t, &x509.Certificate{
		SerialNumber: new(big.Int).SetBytes(sum[:16]),
		Subject:      pkix.Name{Country: []string{"VN"}, Organization: []string{"SỞ NGOẠI VỤ HÀ TĨNH"}, CommonName: "Sở Ngoại vụ (thử nghiệm fuzz)"},
		NotBefore:    time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage: x509.KeyUsageDigitalSignature,
	}, nil, key, nil)
	return &Identity{key: key, chain: []*x509.Certificate{cert}}
}

// sameSignedFile reports whether data is orig up to the spelling of the /Contents hex.
func sameSignedFile(orig, data []byte, br [4]int64) bool {
	if len(orig) != len(data) || !bytes.Equal(orig[:br[1]], data[:br[1]]) || !bytes.Equal(orig[br[2]:], data[br[2]:]) {
		return false
	}
	a, err1 := hex.DecodeString(string(orig[br[1]+1 : br[2]-1]))
	b, err2 := hex.DecodeString(string(data[br[1]+1 : br[2]-1]))
	return err1 == nil && err2 == nil && bytes.Equal(a, b)
}

// FuzzLoadPKCS12 feeds the .p12 loader mutated files: it must return an identity or one of
// its errors, never panic; an identity it returns must be usable by the checks that follow.
func FuzzLoadPKCS12(f *testing.F) {
	p := getPKI(f)
	f.Add(p.p12(f, defaultLeaf()), testPassword)
	f.Add(p.p12(f, defaultLeaf()), "")
	store, err := pkcs12.EncodeTrustStore(rand.Reader, []*x509.Certificate{p.root}, testPassword)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(store, testPassword)
	legacy, err := pkcs12.Legacy.Encode(p.leafKey, p.root, nil, testPassword)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(legacy, testPassword)
	f.Add([]byte("-----BEGIN CERTIFICATE-----"), "x")
	f.Fuzz(func(t *testing.T, data []byte, password string) {
		id, err := LoadPKCS12(data, password)
		if err != nil {
			if id != nil {
				t.Fatal("an identity with an error")
			}
			return
		}
		if id.Certificate() == nil || len(id.Chain()) == 0 {
			t.Fatal("an identity without a certificate")
		}
		_ = id.CheckUsable(signAt)
		_ = id.String()
	})
}
