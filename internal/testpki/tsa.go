package testpki

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/digitorus/timestamp"
)

// TSAMode says how a test timestamp authority answers.
type TSAMode int

// The ways a test TSA answers.
const (
	TSAGood         TSAMode = iota // a granted token for the imprint and nonce asked
	TSAHTTPError                   // HTTP 500
	TSARejection                   // an RFC 3161 "rejection" status
	TSAGarbage                     // bytes that are no TimeStampResp
	TSAOtherImprint                // a granted token for another message
	TSALate                        // a granted token dated an hour after the request
	TSASilent                      // accepts the connection and never answers (until the test ends)
	TSAAhead                       // a granted token dated TSAAheadBy after the request (a fast clock)
)

// TSAAheadBy is how far the clock of a TSAAhead authority runs ahead: within
// sign.MaxTimestampSkew, yet never in the second the stamp shows.
const TSAAheadBy = 3 * time.Second

// TSAName is the common name of the test TSA's certificate.
const TSAName = "TSA thử nghiệm baocao"

// ekuTimeStamping is the DER of an ExtKeyUsage extension value holding id-kp-timeStamping.
var ekuTimeStamping, _ = asn1.Marshal([]asn1.ObjectIdentifier{{1, 3, 6, 1, 5, 5, 7, 3, 8}})

var (
	tsaOnce sync.Once
	tsaCert *x509.Certificate
	tsaKey  crypto.Signer
)

// TSA serves an RFC 3161 timestamp authority on 127.0.0.1, its certificate issued by NewCA for
// timestamping, answering as mode says, and returns its URL. The server stops with the test.
func (ca *CA) TSA(t testing.TB, mode TSAMode) string {
	t.Helper()
	tsaOnce.Do(func() {
		k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(7),
			Subject:      pkix.Name{CommonName: TSAName, Organization: []string{"Ban Cơ yếu (thử)"}},
			NotBefore:    time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
			NotAfter:     time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC),
			KeyUsage:     x509.KeyUsageDigitalSignature,
			// RFC 3161 §2.3: a TSA's certificate holds timeStamping as its only extended key
			// usage, critical (OpenSSL's ts -verify insists); Go writes it non-critical.
			ExtraExtensions: []pkix.Extension{{Id: asn1.ObjectIdentifier{2, 5, 29, 37}, Critical: true, Value: ekuTimeStamping}},
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, k.Public(), ca.Key)
		if err != nil {
			panic(err)
		}
		tsaCert, _ = x509.ParseCertificate(der)
		tsaKey = k
	})
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
		req, err := timestamp.ParseRequest(body)
		if err != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		ts := &timestamp.Timestamp{HashAlgorithm: req.HashAlgorithm, HashedMessage: req.HashedMessage,
			Time: time.Now().UTC().Truncate(time.Second), Nonce: req.Nonce, Policy: []int{1, 2, 3, 4, 1},
			Accuracy: time.Second, AddTSACertificate: true}
		var resp []byte
		switch mode {
		case TSAHTTPError:
			http.Error(w, "TSA down", http.StatusInternalServerError)
			return
		case TSARejection:
			resp, err = timestamp.CreateErrorResponse(timestamp.Rejection, timestamp.BadAlgorithm)
		case TSAGarbage:
			resp = []byte("<html>not a timestamp</html>")
		case TSAOtherImprint:
			other := sha256.Sum256([]byte("một văn bản khác"))
			ts.HashedMessage = other[:]
		case TSALate:
			ts.Time = ts.Time.Add(time.Hour)
		case TSAAhead:
			ts.Time = ts.Time.Add(TSAAheadBy)
		case TSASilent:
			select {
			case <-done:
			case <-r.Context().Done():
			}
			return
		}
		if resp == nil && err == nil {
			resp, err = ts.CreateResponseWithOpts(tsaCert, tsaKey, crypto.SHA256)
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/timestamp-reply")
		w.Write(resp)
	}))
	t.Cleanup(func() { close(done); srv.Close() })
	return srv.URL
}
