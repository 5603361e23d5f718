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
	"encoding/asn1"
	"fmt"
	"math/big"
	"sync"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"github.com/baocao-vn/baocao/fonts"
	"golang.org/x/text/unicode/norm"
	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

// testPassword has non-ASCII letters so that a leak through any encoding would be visible.
const testPassword = "Mật-khẩu#Sở2022"

// signAt is the test signing time, the date of the seed report's appendix.
var signAt = time.Date(2022, 9, 14, 15, 4, 5, 0, Vietnam)

// pki is a root CA, an intermediate CA and the organisation's key, made once per test binary
// because RSA key generation is slow.
type pki struct {
	rootKey, interKey, leafKey *rsa.PrivateKey
	ecKey                      *ecdsa.PrivateKey
	root, inter                *x509.Certificate
}

var (
	pkiOnce sync.Once
	testPKI pki
)

func getPKI(t testing.TB) *pki {
	t.Helper()
	pkiOnce.Do(func() {
		p := &testPKI
		p.rootKey = mustRSA(t)
		p.interKey = mustRSA(t)
		p.leafKey = mustRSA(t)
		ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		p.ecKey = ec
		p.root = mustCert(t, &x509.Certificate{
			SerialNumber:          big.NewInt(1),
			Subject:               pkix.Name{Country: []string{"VN"}, Organization: []string{"Ban Cơ yếu Chính phủ (thử nghiệm)"}, CommonName: "Root CA thử nghiệm"},
			NotBefore:             time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
			NotAfter:              time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC),
			KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
			BasicConstraintsValid: true, IsCA: true,
		}, nil, p.rootKey, nil)
		p.inter = mustCert(t, &x509.Certificate{
			SerialNumber:          big.NewInt(2),
			Subject:               pkix.Name{Country: []string{"VN"}, Organization: []string{"Ban Cơ yếu Chính phủ (thử nghiệm)"}, CommonName: "CA cấp 2 thử nghiệm"},
			NotBefore:             time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
			NotAfter:              time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC),
			KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
			BasicConstraintsValid: true, IsCA: true,
		}, p.root, p.interKey, p.rootKey)
	})
	return &testPKI
}

func mustRSA(t testing.TB) *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// mustCert issues tmpl for pub's key, signed by parent's key (self-signed when parent is nil).
func mustCert(t testing.TB, tmpl, parent *x509.Certificate, key crypto.Signer, parentKey crypto.Signer) *x509.Certificate {
	t.Helper()
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, key.Public(), parentKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// leafSpec varies the organisation certificate for the refusal tests.
type leafSpec struct {
	notBefore, notAfter time.Time
	keyUsage            x509.KeyUsage
	extKeyUsage         []x509.ExtKeyUsage
	unknownEKU          []asn1.ObjectIdentifier
	ecdsa               bool
}

func defaultLeaf() leafSpec {
	return leafSpec{
		notBefore: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC),
		notAfter:  time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC),
		keyUsage:  x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
	}
}

// leafCert issues the organisation certificate of the Sở Ngoại vụ Hà Tĩnh from the intermediate CA.
func (p *pki) leafCert(t testing.TB, s leafSpec) (*x509.Certificate, crypto.Signer) {
	var key crypto.Signer = p.leafKey
	if s.ecdsa {
		key = p.ecKey
	}
	c := mustCert(t, &x509.Certificate{
		SerialNumber: big.NewInt(1000 + s.notBefore.Unix()%1000),
		Subject: pkix.Name{Country: []string{"VN"}, Province: []string{"Hà Tĩnh"},
			Organization: []string{"SỞ NGOẠI VỤ HÀ TĨNH"}, CommonName: "Sở Ngoại vụ tỉnh Hà Tĩnh"},
		NotBefore: s.notBefore, NotAfter: s.notAfter,
		KeyUsage: s.keyUsage, ExtKeyUsage: s.extKeyUsage, UnknownExtKeyUsage: s.unknownEKU,
		BasicConstraintsValid: true,
	}, p.inter, key, p.interKey)
	return c, key
}

// p12 packs the leaf with its key and both CAs, the root first as some exporters do, so that
// the loader has to order the chain itself.
func (p *pki) p12(t testing.TB, s leafSpec) []byte {
	t.Helper()
	leaf, key := p.leafCert(t, s)
	data, err := pkcs12.Modern.Encode(key, leaf, []*x509.Certificate{p.root, p.inter}, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// identity loads the default organisation identity.
func (p *pki) identity(t testing.TB) *Identity {
	t.Helper()
	id, err := LoadPKCS12(p.p12(t, defaultLeaf()), testPassword)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// secretStrings are renderings of the key that must never show up in an error or a print-out.
func secretStrings(key *rsa.PrivateKey) []string {
	der, _ := x509.MarshalPKCS8PrivateKey(key)
	return []string{
		testPassword,
		fmt.Sprintf("%x", der[len(der)-32:]),
		fmt.Sprintf("%X", der[len(der)-32:]),
		key.D.String()[:24],
		fmt.Sprintf("%x", key.D.Bytes()[:16]),
		key.Primes[0].String()[:24],
	}
}

// appendixPDF renders an A4 landscape appendix-like PDF with Vietnamese text in the embedded
// Liberation Serif, the stamp at the top right of page 1, and rows rows of a table.
func appendixPDF(t testing.TB, rows int) []byte {
	t.Helper()
	return appendixPDFAt(t, rows, signAt)
}

// appendixPDFAt is appendixPDF with the page-1 stamp showing stampAt.
func appendixPDFAt(t testing.TB, rows int, stampAt time.Time) []byte {
	t.Helper()
	f := fpdf.New("L", "mm", "A4", "")
	f.SetCreationDate(signAt)
	f.SetModificationDate(signAt)
	f.SetCatalogSort(true)
	f.AddUTF8FontFromBytes(fonts.Family, "", fonts.Regular)
	f.AddUTF8FontFromBytes(fonts.Family, "B", fonts.Bold)
	f.SetMargins(20, 20, 15)
	f.AddPage()
	f.SetFont(fonts.Family, "", 10)
	for _, line := range StampLines("80/BC-SNgV", stampAt) {
		f.SetX(200)
		f.CellFormat(82, 5, line, "", 1, "L", false, 0, "")
	}
	f.SetFont(fonts.Family, "B", 14)
	f.CellFormat(0, 8, nfc("Phụ lục"), "", 1, "C", false, 0, "")
	f.CellFormat(0, 8, nfc("KẾT QUẢ KHẮC PHỤC TỒN TẠI, HẠN CHẾ CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2021"), "", 1, "C", false, 0, "")
	f.SetFont(fonts.Family, "", 12)
	for i := 1; i <= rows; i++ {
		f.MultiCell(0, 6, nfc(fmt.Sprintf("%d. Tiếp tục kiểm soát chất lượng các văn bản trước khi tham mưu Ban Giám đốc ban hành; "+
			"thường xuyên cập nhật chương trình, kế hoạch lên Cổng thông tin điện tử của Sở (điểm %d,5/10).", i, i%10)), "1", "L", false)
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func nfc(s string) string { return norm.NFC.String(s) }
