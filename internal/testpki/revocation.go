package testpki

import (
	"crypto/rand"
	"crypto/x509"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ocsp"
)

// Responder is an OCSP responder or a CRL server of the CA, served on 127.0.0.1; certificates
// whose serial numbers were passed to Revoke are answered as revoked.
type Responder struct {
	URL     string
	mu      sync.Mutex
	revoked map[string]bool
}

// Revoke marks a certificate as revoked from now on.
func (r *Responder) Revoke(c *x509.Certificate) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.revoked[c.SerialNumber.String()] = true
}

func (r *Responder) isRevoked(serial *big.Int) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.revoked[serial.String()]
}

var revokedAt = time.Date(2022, 6, 1, 0, 0, 0, 0, time.UTC)

// OCSP serves an OCSP responder answering for the CA with the CA's own key.
func (ca *CA) OCSP(t testing.TB) *Responder {
	t.Helper()
	r := &Responder{revoked: map[string]bool{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(req.Body, 1<<16))
		q, err := ocsp.ParseRequest(body)
		if err != nil {
			w.Write(ocsp.MalformedRequestErrorResponse)
			return
		}
		tmpl := ocsp.Response{Status: ocsp.Good, SerialNumber: q.SerialNumber,
			ThisUpdate: time.Now().Add(-time.Minute), NextUpdate: time.Now().Add(24 * time.Hour)}
		if r.isRevoked(q.SerialNumber) {
			tmpl.Status, tmpl.RevokedAt, tmpl.RevocationReason = ocsp.Revoked, revokedAt, ocsp.KeyCompromise
		}
		resp, err := ocsp.CreateResponse(ca.Cert, ca.Cert, tmpl, ca.Key)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/ocsp-response")
		w.Write(resp)
	}))
	t.Cleanup(srv.Close)
	r.URL = srv.URL
	return r
}

// CRL serves the CA's certificate revocation list, made afresh at each request.
func (ca *CA) CRL(t testing.TB) *Responder {
	t.Helper()
	r := &Responder{revoked: map[string]bool{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		tmpl := &x509.RevocationList{Number: big.NewInt(time.Now().UnixNano()),
			ThisUpdate: time.Now().Add(-time.Minute), NextUpdate: time.Now().Add(24 * time.Hour)}
		r.mu.Lock()
		for s := range r.revoked {
			n, _ := new(big.Int).SetString(s, 10)
			tmpl.RevokedCertificateEntries = append(tmpl.RevokedCertificateEntries,
				x509.RevocationListEntry{SerialNumber: n, RevocationTime: revokedAt})
		}
		r.mu.Unlock()
		der, err := x509.CreateRevocationList(rand.Reader, tmpl, ca.Cert, ca.Key)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/pkix-crl")
		w.Write(der)
	}))
	t.Cleanup(srv.Close)
	r.URL = srv.URL
	return r
}
