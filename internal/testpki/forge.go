package testpki

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/digitorus/pdf"
	pdfsign "github.com/digitorus/pdfsign/sign"
)

// AppendPage returns signed followed by a hand-made incremental update that adds a page
// saying "TRANG GIA MAO" at the end of the document: new page, content stream and font objects,
// the page tree replaced, a new xref section and a trailer whose /Prev is the last one. The
// signatures already in the file stay intact; they just no longer cover the whole file.
func AppendPage(t testing.TB, signed []byte) []byte {
	t.Helper()
	rdr, err := pdf.NewReader(bytes.NewReader(signed), int64(len(signed)))
	if err != nil {
		t.Fatal(err)
	}
	tr := rdr.Trailer()
	root := tr.Key("Root")
	rootPtr := root.GetPtr()
	pages := root.Key("Pages")
	pagesPtr := pages.GetPtr()
	size := tr.Key("Size").Int64()
	kids := pages.Key("Kids")
	page, content, font := size, size+1, size+2

	var b bytes.Buffer
	b.Write(signed)
	if !bytes.HasSuffix(signed, []byte("\n")) {
		b.WriteByte('\n')
	}
	offs := map[int64]int{}
	obj := func(id int64, body string) {
		offs[id] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", id, body)
	}
	var k bytes.Buffer
	for i := 0; i < kids.Len(); i++ {
		p := kids.Index(i).GetPtr()
		fmt.Fprintf(&k, "%d %d R ", p.GetID(), p.GetGen())
	}
	fmt.Fprintf(&k, "%d 0 R", page)
	obj(int64(pagesPtr.GetID()), fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", k.String(), kids.Len()+1))
	obj(page, fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 842 595] /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>", pagesPtr.GetID(), font, content))
	text := "BT /F1 28 Tf 120 300 Td (TRANG GIA MAO) Tj ET"
	offs[content] = b.Len()
	fmt.Fprintf(&b, "%d 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n", content, len(text), text)
	obj(font, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")

	xref := b.Len()
	b.WriteString("xref\n0 1\n0000000000 65535 f \n")
	fmt.Fprintf(&b, "%d 1\n%010d 00000 n \n", pagesPtr.GetID(), offs[int64(pagesPtr.GetID())])
	fmt.Fprintf(&b, "%d 3\n", page)
	for _, id := range []int64{page, content, font} {
		fmt.Fprintf(&b, "%010d 00000 n \n", offs[id])
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d %d R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n",
		size+3, rootPtr.GetID(), rootPtr.GetGen(), rdr.XrefInformation.StartPos, xref)
	return b.Bytes()
}

// ForgedSigner returns a key and a certificate issued by ForgedCA with the organisation's
// names, and the chain to embed (the forged CA too, as a forger would).
func ForgedSigner(t testing.TB) (crypto.Signer, []*x509.Certificate) {
	t.Helper()
	ca := ForgedCA(t)
	key := newKey(2048)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(4242),
		Subject:      pkix.Name{CommonName: "Sở Ngoại vụ tỉnh Hà Tĩnh", Organization: []string{"UBND tỉnh Hà Tĩnh"}, Country: []string{"VN"}},
		NotBefore:    time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:     time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, &key.PublicKey, ca.Key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return key, []*x509.Certificate{cert, ca.Cert}
}

// SignApproval adds an approval signature to in with pdfsign directly, as any other signing
// program would: it does not refuse a file whose certification forbids the change.
func SignApproval(t testing.TB, in []byte, key crypto.Signer, chain []*x509.Certificate) []byte {
	t.Helper()
	rdr, err := pdf.NewReader(bytes.NewReader(in), int64(len(in)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err = pdfsign.Sign(bytes.NewReader(in), &out, rdr, int64(len(in)), pdfsign.SignData{
		Signature: pdfsign.SignDataSignature{
			CertType: pdfsign.ApprovalSignature,
			Info:     pdfsign.SignDataSignatureInfo{Date: time.Now()},
		},
		Signer:            key,
		DigestAlgorithm:   crypto.SHA256,
		Certificate:       chain[0],
		CertificateChains: [][]*x509.Certificate{chain},
	})
	if err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
