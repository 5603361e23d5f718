package sign

import (
	"bytes"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"strings"
	"testing"
	"time"

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
