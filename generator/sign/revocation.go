package sign

import (
	"bytes"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"strings"
	"time"

	"github.com/digitorus/pdfsign/revocation"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
	"golang.org/x/crypto/ocsp"
)

// Long-term validation: with Options.EmbedRevocation, signing fetches for every certificate of
// the chain but the root an OCSP response (from the certificate's OCSP address) or else a CRL
// (from its CRL distribution point), refuses a revoked certificate, and embeds the answers in
// the signed attribute adbe-revocationInfoArchival, where Acrobat and verify read them: the
// signature can then be checked after the certificate expires, without the network.

const (
	// MaxRevocationSize is the largest OCSP response or CRL accepted, in bytes.
	MaxRevocationSize = 1 << 20
	// RevocationTimeout is how long an OCSP responder or CRL server is waited for.
	RevocationTimeout = 30 * time.Second
)

var (
	// ErrRevoked: a certificate of the chain is revoked.
	ErrRevoked = errors.New("chứng thư số đã bị thu hồi")
	// ErrRevocation: the revocation status could not be fetched or read.
	ErrRevocation = errors.New("không lấy được thông tin thu hồi (OCSP/CRL) của chứng thư số")
)

// fetchRevocation asks for the status of every certificate of chain that has an issuer in it.
func fetchRevocation(chain []*x509.Certificate, at time.Time) (revocation.InfoArchival, error) {
	var info revocation.InfoArchival
	if len(chain) < 2 {
		return info, fmt.Errorf("%w: chứng thư “%s”: không có chứng thư của nơi cấp để hỏi", ErrRevocation, subjectName(chain[0]))
	}
	client := &http.Client{Timeout: RevocationTimeout}
	for i := 0; i+1 < len(chain); i++ {
		cert, issuer := chain[i], chain[i+1]
		switch {
		case len(cert.OCSPServer) > 0:
			raw, err := fetchOCSP(client, cert, issuer)
			if err != nil {
				return info, err
			}
			info.AddOCSP(raw)
		case len(cert.CRLDistributionPoints) > 0:
			raw, err := fetchCRL(client, cert, issuer)
			if err != nil {
				return info, err
			}
			info.AddCRL(raw)
		default:
			return info, fmt.Errorf("%w: chứng thư “%s” không ghi địa chỉ OCSP hay CRL", ErrRevocation, subjectName(cert))
		}
	}
	return info, nil
}

func get(client *http.Client, req *http.Request, what string) ([]byte, error) {
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%w: %s %s không trả lời: %v", ErrRevocation, what, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxRevocationSize+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("%w: %s %s: %v", ErrRevocation, what, req.URL, err)
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("%w: %s %s trả lời lỗi HTTP %d", ErrRevocation, what, req.URL, resp.StatusCode)
	case len(body) > MaxRevocationSize:
		return nil, fmt.Errorf("%w: %s %s: câu trả lời vượt %d byte (MaxRevocationSize)", ErrRevocation, what, req.URL, MaxRevocationSize)
	}
	return body, nil
}

func fetchOCSP(client *http.Client, cert, issuer *x509.Certificate) ([]byte, error) {
	q, err := ocsp.CreateRequest(cert, issuer, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrRevocation, err)
	}
	req, err := http.NewRequest(http.MethodPost, cert.OCSPServer[0], bytes.NewReader(q))
	if err != nil {
		return nil, fmt.Errorf("%w: OCSP %q: %v", ErrRevocation, cert.OCSPServer[0], err)
	}
	req.Header.Set("Content-Type", "application/ocsp-request")
	raw, err := get(client, req, "OCSP")
	if err != nil {
		return nil, err
	}
	r, err := ocsp.ParseResponseForCert(raw, cert, issuer)
	if err != nil {
		return nil, fmt.Errorf("%w: OCSP %s: câu trả lời không hợp lệ cho chứng thư “%s”: %v", ErrRevocation, req.URL, subjectName(cert), err)
	}
	switch r.Status {
	case ocsp.Good:
		return raw, nil
	case ocsp.Revoked:
		return nil, fmt.Errorf("%w: chứng thư “%s” (số sê-ri %s) bị thu hồi lúc %s (theo OCSP %s)",
			ErrRevoked, subjectName(cert), cert.SerialNumber.Text(16), formatTime(r.RevokedAt), req.URL)
	}
	return nil, fmt.Errorf("%w: OCSP %s không biết chứng thư “%s”", ErrRevocation, req.URL, subjectName(cert))
}

func fetchCRL(client *http.Client, cert, issuer *x509.Certificate) ([]byte, error) {
	url := cert.CRLDistributionPoints[0]
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: CRL %q: %v", ErrRevocation, url, err)
	}
	raw, err := get(client, req, "CRL")
	if err != nil {
		return nil, err
	}
	crl, err := x509.ParseRevocationList(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: CRL %s không đọc được: %v", ErrRevocation, url, err)
	}
	if err := crl.CheckSignatureFrom(issuer); err != nil {
		return nil, fmt.Errorf("%w: CRL %s không do “%s” ký: %v", ErrRevocation, url, subjectName(issuer), err)
	}
	for _, e := range crl.RevokedCertificateEntries {
		if e.SerialNumber.Cmp(cert.SerialNumber) == 0 {
			return nil, fmt.Errorf("%w: chứng thư “%s” (số sê-ri %s) bị thu hồi lúc %s (theo CRL %s)",
				ErrRevoked, subjectName(cert), cert.SerialNumber.Text(16), formatTime(e.RevocationTime), url)
		}
	}
	return raw, nil
}

// revocationAttr is the adbe-revocationInfoArchival signed attribute holding info.
func revocationAttr(info revocation.InfoArchival) ([]byte, error) {
	val, err := asn1.Marshal(info)
	if err != nil {
		return nil, err
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oidRevocationArchival)
		b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) { b.AddBytes(val) })
	})
	return b.Bytes()
}

// Revocation is one OCSP response or CRL embedded in a signature.
type Revocation struct {
	Kind     string    // "OCSP" or "CRL"
	Subject  string    // the certificate the OCSP response is about, or the CRL's issuer
	Status   string    // "còn hiệu lực", "BỊ THU HỒI" or "không rõ"
	Produced time.Time // OCSP producedAt, or CRL thisUpdate
	// Valid: signed by the issuer of a certificate of the chain (or its delegated responder).
	Valid   bool
	Revoked bool
}

// embeddedRevocation reads the revocation data of the signed attributes, checking each item
// against the chain.
func embeddedRevocation(sd *signedData, chain []*x509.Certificate) []Revocation {
	v, ok := sd.attr(oidRevocationArchival)
	if !ok {
		return nil
	}
	var info revocation.InfoArchival
	if _, err := asn1.Unmarshal(v, &info); err != nil {
		return []Revocation{{Kind: "?", Status: "không đọc được"}}
	}
	var out []Revocation
	for _, o := range info.OCSP {
		out = append(out, readOCSP(o.FullBytes, chain))
	}
	for _, c := range info.CRL {
		out = append(out, readCRL(c.FullBytes, chain))
	}
	return out
}

func readOCSP(raw []byte, chain []*x509.Certificate) (r Revocation) {
	r = Revocation{Kind: "OCSP", Status: "không rõ"}
	defer func() {
		if recover() != nil {
			r.Valid = false
		}
	}()
	for i := 0; i+1 < len(chain); i++ {
		resp, err := ocsp.ParseResponseForCert(raw, chain[i], chain[i+1])
		if err != nil || resp.SerialNumber == nil || resp.SerialNumber.Cmp(chain[i].SerialNumber) != 0 {
			continue
		}
		r.Subject, r.Produced, r.Valid = subjectName(chain[i]), resp.ProducedAt.In(Vietnam), true
		r.Status, r.Revoked = statusText(resp.Status)
		return r
	}
	if resp, err := ocsp.ParseResponse(raw, nil); err == nil {
		r.Produced = resp.ProducedAt.In(Vietnam)
		r.Subject = "số sê-ri " + hexSerial(resp.SerialNumber)
		r.Status, r.Revoked = statusText(resp.Status)
	}
	return r
}

func statusText(s int) (string, bool) {
	switch s {
	case ocsp.Good:
		return "còn hiệu lực", false
	case ocsp.Revoked:
		return "BỊ THU HỒI", true
	}
	return "không rõ", false
}

func hexSerial(n *big.Int) string {
	if n == nil {
		return "?"
	}
	return n.Text(16)
}

func readCRL(raw []byte, chain []*x509.Certificate) Revocation {
	r := Revocation{Kind: "CRL", Status: "không rõ"}
	crl, err := x509.ParseRevocationList(raw)
	if err != nil {
		return r
	}
	r.Produced = crl.ThisUpdate.In(Vietnam)
	r.Subject = strings.TrimSpace(crl.Issuer.CommonName)
	for i := 0; i+1 < len(chain); i++ {
		if crl.CheckSignatureFrom(chain[i+1]) != nil {
			continue
		}
		r.Valid, r.Status = true, "còn hiệu lực"
		for _, e := range crl.RevokedCertificateEntries {
			if e.SerialNumber.Cmp(chain[i].SerialNumber) == 0 {
				r.Status, r.Revoked = "BỊ THU HỒI", true
			}
		}
		r.Subject = subjectName(chain[i]) + " (CRL của " + subjectName(chain[i+1]) + ")"
		return r
	}
	return r
}
