package sign

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/baocao-vn/baocao/internal/testpki"
	pdfsign "github.com/digitorus/pdfsign/sign"
	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

// selfSignedP12 is a .p12 whose only certificate is a self-signed organisation certificate
// allowed to sign documents.
func selfSignedP12(t testing.TB) []byte {
	t.Helper()
	p := getPKI(t)
	c := mustCert(t, &x509.Certificate{
		SerialNumber: big.NewInt(77),
		Subject:      pkix.Name{Country: []string{"VN"}, Organization: []string{"SỞ NGOẠI VỤ HÀ TĨNH"}, CommonName: "Sở Ngoại vụ tỉnh Hà Tĩnh (tự ký)"},
		NotBefore:    time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage: x509.KeyUsageDigitalSignature,
	}, nil, p.leafKey, nil)
	data, err := pkcs12.Modern.Encode(p.leafKey, c, nil, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestVerifySelfSigned: a file signed with a self-signed certificate verifies without a panic.
func TestVerifySelfSigned(t *testing.T) {
	id, err := LoadPKCS12(selfSignedP12(t), testPassword)
	if err != nil {
		t.Fatal(err)
	}
	out := signed(t, appendixPDF(t, 2), id, signAt)
	res, err := Verify(out, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Intact() || res.OK() || res.Trust() != TrustNotChecked {
		t.Errorf("self-signed without roots: intact %v OK %v trust %v %v", res.Intact(), res.OK(), res.Trust(), res.Problems())
	}
	roots := x509.NewCertPool()
	roots.AddCert(id.Certificate())
	if res, err := Verify(out, roots); err != nil || !res.OK() {
		t.Errorf("self-signed with itself as root: %v %v", err, res.Problems())
	}
}

// TestVerifyByteRangeOverflow: ByteRange numbers whose sum wraps around int64 are refused, not
// used to slice the file.
func TestVerifyByteRangeOverflow(t *testing.T) {
	p := getPKI(t)
	out := signed(t, appendixPDF(t, 2), p.identity(t), signAt)
	i := bytes.LastIndex(out, []byte("/ByteRange ["))
	const width = len("/ByteRange[0 ********** ********** **********]") // pdfsign's placeholder
	if i < 0 {
		t.Fatal("no ByteRange")
	}
	for _, tc := range []struct{ name, br string }{
		{"end near int64 max", "/ByteRange [0 100 200 9223372036854775000]"},
		{"end wraps past int64 max", "/ByteRange [0 100 9000 9223372036854775000]"},
		{"negative length", "/ByteRange [0 100 200 -50]"},
		{"gap reversed", "/ByteRange [0 900 200 50]"},
		{"start past the end", "/ByteRange [922337203685477 1 0 0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := bytes.Clone(out)
			copy(bad[i:i+width], tc.br+strings.Repeat(" ", width-len(tc.br)))
			res, err := Verify(bad, nil)
			if err == nil && (res.Intact() || res.OK()) {
				t.Errorf("Verify accepted ByteRange %s", tc.br)
			}
		})
	}
}

// TestForgedPage: the appendix certified with the real CA, then a page added by an incremental
// update and signed again by a certificate from a self-made CA with the same names. Each
// signature checks out on its own; the certification's P=2 forbids the page.
func TestForgedPage(t *testing.T) {
	ca := testpki.NewCA(t)
	id, err := LoadPKCS12(ca.P12(t, testpki.Spec{}), testpki.Password)
	if err != nil {
		t.Fatal(err)
	}
	certified := signed(t, appendixPDF(t, 3), id, signAt)
	key, chain := testpki.ForgedSigner(t)
	forged := testpki.SignApproval(t, testpki.AppendPage(t, certified), key, chain)

	roots := x509.NewCertPool()
	roots.AddCert(ca.Cert)
	for _, r := range []*x509.CertPool{roots, nil} {
		res, err := Verify(forged, r)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Signatures) != 2 || res.CertificationP != 2 {
			t.Fatalf("%d signatures, P=%d", len(res.Signatures), res.CertificationP)
		}
		if res.OK() || res.Intact() {
			t.Errorf("forged file accepted (roots %v)", r != nil)
		}
		probs := strings.Join(res.Problems(), "\n")
		t.Logf("roots %v:\n%s", r != nil, probs)
		for _, want := range []string{"tệp bị thay đổi sau chữ ký chứng thực (DocMDP P=2", "thêm trang mới", "sửa đối tượng /Pages"} {
			if !strings.Contains(probs, want) {
				t.Errorf("problems lack %q:\n%s", want, probs)
			}
		}
		if r != nil && res.Signatures[1].Trusted {
			t.Error("the forged signer chains to the real CA")
		}
	}
	// The same second signature without the added page is allowed by P=2.
	again := testpki.SignApproval(t, certified, key, chain)
	res, err := Verify(again, roots)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Violations) != 0 || !res.Intact() {
		t.Errorf("a second signature alone is a permitted change: %v", res.Problems())
	}
	if res.Trust() != Untrusted {
		t.Errorf("trust %v, want Untrusted (the second signer is forged)", res.Trust())
	}
	// baocao itself refuses to sign on top of the forged page.
	var out bytes.Buffer
	if err := Sign(&out, testpki.AppendPage(t, certified), id, signAt); !errors.Is(err, ErrWouldNotVerify) || out.Len() != 0 {
		t.Errorf("Sign over a forbidden change: %v", err)
	}
}

// TestKeyStrength: RSA under 2048 bits and curves under P-256 are refused at signing and found
// not intact at verification, the same rule at both ends.
func TestKeyStrength(t *testing.T) {
	rsa1024, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	p224, err := ecdsa.GenerateKey(elliptic.P224(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pdf := appendixPDF(t, 1)
	for _, tc := range []struct {
		name string
		key  crypto.Signer
		want string
	}{
		{"RSA-1024", rsa1024, "khóa RSA 1024 bit, cần ít nhất 2048 bit"},
		{"ECDSA P-224", p224, "đường cong ECDSA 224 bit, cần ít nhất 256 bit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cert := mustCert(t, &x509.Certificate{
				SerialNumber: big.NewInt(9), Subject: pkix.Name{CommonName: "Sở Ngoại vụ (khóa yếu)"},
				NotBefore: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC),
				KeyUsage: x509.KeyUsageDigitalSignature,
			}, nil, tc.key, nil)
			id := &Identity{key: tc.key, chain: []*x509.Certificate{cert}}
			var out bytes.Buffer
			err := Sign(&out, pdf, id, signAt)
			if !errors.Is(err, ErrWeakKey) || !strings.Contains(err.Error(), tc.want) || out.Len() != 0 {
				t.Errorf("Sign: %v (wrote %d bytes)", err, out.Len())
			}
			// Made anyway, by another program: verify finds the key too weak.
			rdr, err := openChecked(pdf)
			if err != nil {
				t.Fatal(err)
			}
			var raw bytes.Buffer
			if err := callPdfsign(pdf, &raw, rdr, pdfsign.SignData{
				Signature: pdfsign.SignDataSignature{CertType: pdfsign.ApprovalSignature, Info: pdfsign.SignDataSignatureInfo{Date: signAt}},
				Signer:    tc.key, DigestAlgorithm: crypto.SHA256, Certificate: cert,
			}); err != nil {
				t.Fatal(err)
			}
			res, err := Verify(raw.Bytes(), nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.Intact() || !strings.Contains(strings.Join(res.Problems(), "\n"), tc.want) {
				t.Errorf("Verify: intact %v, %v", res.Intact(), res.Problems())
			}
		})
	}
}

// TestUnsignedCMSFields: the parts of the signature's CMS that its signature does not cover —
// the versions, the digest algorithms, the encapsulated content type, the signature algorithm —
// changed in place, the file keeps its length and every byte the signature covers; Verify must
// not find it intact (FuzzVerify found the content type accepted).
func TestUnsignedCMSFields(t *testing.T) {
	unsigned := appendixPDF(t, 2)
	orig := signed(t, unsigned, fixedIdentity(t, unsigned), signAt)
	res, err := Verify(orig, nil)
	if err != nil || !res.Intact() {
		t.Fatalf("the signed file does not verify: %v", err)
	}
	br := res.Signatures[0].ByteRange
	hexAt := orig[br[1]+1 : br[2]-1]
	der, err := hex.DecodeString(string(hexAt))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, from, to string }{
		{"content type", "300b06092a864886f70d010701", "300b06092a864886f70d010702"},
		{"SignedData version", "020101310d", "020103310d"},
		{"digest algorithms", "310d300b0609608648016503040201", "310d300b0609608648016503040202"},
		{"signature algorithm", "300b06092a864886f70d01010b", "300b06092a864886f70d01010c"},
	} {
		from, _ := hex.DecodeString(tc.from)
		to, _ := hex.DecodeString(tc.to)
		if bytes.Count(der, from) != 1 {
			t.Fatalf("%s: %s found %d times in the CMS", tc.name, tc.from, bytes.Count(der, from))
		}
		spelled := hex.EncodeToString(bytes.Replace(der, from, to, 1))
		if !bytes.Equal(bytes.ToLower(hexAt), hexAt) {
			spelled = strings.ToUpper(spelled) // as the signer spelled it
		}
		data := bytes.Clone(orig)
		copy(data[br[1]+1:], spelled)
		res, err := Verify(data, nil)
		if err == nil && res.Intact() {
			t.Errorf("%s changed: Verify finds the file intact", tc.name)
		}
	}
}
