package sign

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/digitorus/pdfsign/revocation"
	"github.com/digitorus/timestamp"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Timestamps (RFC 3161). The token certifies the signature value: the TSA signs, with its own
// clock, the SHA-256 of the SignerInfo's signature, and the token is kept as the unsigned
// attribute id-aa-timeStampToken. The page-1 stamp is drawn before the signature exists, so it
// cannot be drawn from the TSA's answer; SignTimestamped instead draws it with a second T just
// ahead, waits for the clock to reach T, signs and asks the TSA at once, and keeps the result
// only when the TSA's time falls within T: the stamp then shows the TSA's time to the second.

var (
	oidTimeStampToken     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 14}
	oidRevocationArchival = asn1.ObjectIdentifier{1, 2, 840, 113583, 1, 1, 8}
)

const (
	// MaxTimestampTokenSize is the room reserved in the signature for the TSA's token, and the
	// largest response accepted from a TSA, in bytes (real tokens, the TSA's chain included,
	// are 3–8 KB).
	MaxTimestampTokenSize = 16 << 10
	// MaxTimestampSkew is how far the TSA's time may lie from the signing time printed on page
	// 1 and put in the signature; a TSA answering later, or a --sign-time far from now, is
	// refused.
	MaxTimestampSkew = 2 * time.Minute
	// TSATimeout is how long the TSA is waited for, connection and answer together.
	TSATimeout = 30 * time.Second
	// MaxStampAttempts is how many times SignTimestamped draws the stamp with a new second and
	// asks the TSA again when the TSA's time falls in another second than the stamp's.
	MaxStampAttempts = 5
	// stampMargin is added to the time the last drawing took when choosing the stamp's second,
	// so that the drawing is done before the clock reaches it.
	stampMargin = 200 * time.Millisecond
)

// Errors of timestamping; Vietnamese, shown as they are.
var (
	// ErrTSA: the TSA did not answer, answered an HTTP error, refused, or answered garbage.
	ErrTSA = errors.New("không lấy được dấu thời gian từ máy chủ cấp dấu thời gian (TSA)")
	// ErrTimestampImprint: the token certifies another message than this signature.
	ErrTimestampImprint = errors.New("dấu thời gian của TSA không dành cho chữ ký này (mã băm không khớp)")
	// ErrTimestampTime: the TSA's time lies further than MaxTimestampSkew from the signing time,
	// or (SignTimestamped) never falls in the second the stamp shows.
	ErrTimestampTime = errors.New("thời gian của TSA không khớp thời điểm ký")
)

// TSA is an RFC 3161 timestamp authority reached over HTTP(S).
type TSA struct {
	URL     string
	Timeout time.Duration // zero: TSATimeout
}

// Options are the optional parts of a signature.
type Options struct {
	// TSA, when set, is asked for a timestamp token over the signature, embedded in it.
	TSA *TSA
	// EmbedRevocation fetches OCSP responses or CRLs for the chain (refusing a revoked
	// certificate) and embeds them (see fetchRevocation).
	EmbedRevocation bool

	// exact (SignTimestamped): sign once the clock reaches the signing time, and accept only a
	// TSA time within that second.
	exact bool
}

// stampMismatch is the TSA's time falling in another second than the stamp's (at), though
// within MaxTimestampSkew: SignTimestamped tries again with a new second. late is how far
// past at the clock was when the signature was made (the work before it overran the
// second: a slow drawing, fetching revocation data, pdfsign on a large file), which the next
// attempt leaves room for.
type stampMismatch struct {
	tsa, at time.Time
	late    time.Duration
}

func (e *stampMismatch) Error() string {
	return fmt.Sprintf("%v: TSA %s, trên trang 1 %s (lệch %s)", ErrTimestampTime, formatTime(e.tsa), formatTime(e.at), formatSkew(e.tsa.Sub(e.at)))
}

func (e *stampMismatch) Unwrap() error { return ErrTimestampTime }

// formatSkew renders d in seconds, signed, with a decimal comma: "+3,0 giây".
func formatSkew(d time.Duration) string {
	return strings.Replace(fmt.Sprintf("%+.1f giây", d.Seconds()), ".", ",", 1)
}

// SignTimestamped signs, with a timestamp from opts.TSA, the PDF that render draws with its
// page-1 stamp showing at (StampLines), so that the stamp shows the TSA's time to the second:
// it picks at as a whole second just ahead of the clock (leaving room for the drawing), draws,
// waits until the clock reaches at, signs (signing-time attribute at) and asks the TSA at once,
// and keeps the result only when the TSA's time, cut to the second, is at. Otherwise it draws
// again with a new second, at most MaxStampAttempts times, then refuses (ErrTimestampTime,
// naming both times and their difference). This costs up to about a second of waiting. An
// error of render is returned as it is; nothing is written on error.
func SignTimestamped(w io.Writer, id *Identity, opts Options, render func(at time.Time) ([]byte, error)) error {
	if opts.TSA == nil {
		return errors.New("sign: SignTimestamped without a TSA")
	}
	opts.exact = true
	drawing := time.Duration(0)
	var skews []string
	var last *stampMismatch
	for range MaxStampAttempts {
		at := time.Now().Add(drawing + stampMargin).Truncate(time.Second).Add(time.Second).In(Vietnam)
		start := time.Now()
		pdfData, err := render(at)
		if err != nil {
			return err
		}
		drawing = time.Since(start)
		signed, res, err := signBytes(pdfData, id, at, opts)
		if errors.As(err, &last) {
			skews = append(skews, formatSkew(last.tsa.Sub(last.at)))
			if last.late > 0 {
				// The work before signing overran the second: it all counts next time.
				drawing = max(drawing, last.at.Add(last.late).Sub(start))
			}
			continue
		}
		if err != nil {
			return err
		}
		// signBytes checked the TSA's time; this is the file as verify reads it.
		s := res.Signatures[len(res.Signatures)-1]
		if !s.SigningTime.Equal(at) || s.Timestamp == nil || !s.Timestamp.Time.Truncate(time.Second).Equal(at) {
			return fmt.Errorf("%w: sign: signing time %v, timestamp %+v, stamp %v", ErrWouldNotVerify, s.SigningTime, s.Timestamp, at)
		}
		if _, err := w.Write(signed); err != nil {
			return fmt.Errorf("sign: writing the signed PDF: %w", err)
		}
		return nil
	}
	return fmt.Errorf("%w: sau %d lần thử, thời gian của TSA không rơi vào đúng giây ghi trên trang 1 (TSA lệch lần lượt: %s); lần cuối TSA %s, trên trang 1 %s: đồng hồ của TSA (hoặc của máy này) sai lệch, hoặc TSA trả lời quá chậm",
		ErrTimestampTime, MaxStampAttempts, strings.Join(skews, "; "), formatTime(last.tsa), formatTime(last.at))
}

// request asks the TSA for a token over SHA-256(sig) and checks the answer: granted, a token
// whose own signature verifies, for this imprint and nonce, at a time within MaxTimestampSkew
// of at, and with exact within the very second at (else a *stampMismatch). It returns the
// token (DER ContentInfo).
func (t *TSA) request(sig []byte, at time.Time, exact bool) ([]byte, error) {
	digest := crypto.SHA256.New()
	digest.Write(sig)
	imprint := digest.Sum(nil)
	nonce, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 63))
	if err != nil {
		return nil, err
	}
	req, err := (&timestamp.Request{HashAlgorithm: crypto.SHA256, HashedMessage: imprint, Certificates: true, Nonce: nonce}).Marshal()
	if err != nil {
		return nil, err
	}
	timeout := t.Timeout
	if timeout == 0 {
		timeout = TSATimeout
	}
	client := &http.Client{Timeout: timeout}
	resp, err := client.Post(t.URL, "application/timestamp-query", bytes.NewReader(req))
	if err != nil {
		return nil, fmt.Errorf("%w: %s không trả lời: %v", ErrTSA, t.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxTimestampTokenSize+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %s: đọc câu trả lời: %v", ErrTSA, t.URL, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%w: %s trả lời lỗi HTTP %d", ErrTSA, t.URL, resp.StatusCode)
	}
	if len(body) > MaxTimestampTokenSize {
		return nil, fmt.Errorf("%w: %s: câu trả lời vượt %d byte (MaxTimestampTokenSize)", ErrTSA, t.URL, MaxTimestampTokenSize)
	}
	ts, err := parseTimestampResponse(body)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrTSA, t.URL, err)
	}
	if len(ts.Certificates) == 0 {
		return nil, fmt.Errorf("%w: %s: dấu thời gian không kèm chứng thư của TSA, không kiểm tra được", ErrTSA, t.URL)
	}
	if ts.HashAlgorithm != crypto.SHA256 || !bytes.Equal(ts.HashedMessage, imprint) {
		return nil, fmt.Errorf("%w (%s)", ErrTimestampImprint, t.URL)
	}
	if ts.Nonce == nil || ts.Nonce.Cmp(nonce) != 0 {
		return nil, fmt.Errorf("%w: %s: số dùng một lần (nonce) trong câu trả lời không khớp câu hỏi", ErrTSA, t.URL)
	}
	if d := ts.Time.Sub(at); d > MaxTimestampSkew || d < -MaxTimestampSkew {
		return nil, fmt.Errorf("%w: TSA %s, thời điểm ký %s (lệch %s), cho phép lệch %v (MaxTimestampSkew)",
			ErrTimestampTime, formatTime(ts.Time), formatTime(at), formatSkew(d), MaxTimestampSkew)
	}
	if exact && !ts.Time.Truncate(time.Second).Equal(at) {
		return nil, &stampMismatch{tsa: ts.Time, at: at}
	}
	return ts.RawToken, nil
}

// parseTimestampResponse parses a TSA's answer, turning a panic of the ASN.1/PKCS#7 libraries
// on hostile bytes into an error.
func parseTimestampResponse(b []byte) (ts *timestamp.Timestamp, err error) {
	defer func() {
		if r := recover(); r != nil {
			ts, err = nil, fmt.Errorf("câu trả lời không đọc được: %v", r)
		}
	}()
	ts, err = timestamp.ParseResponse(b)
	if err != nil {
		return nil, fmt.Errorf("câu trả lời không hợp lệ hoặc bị từ chối: %v", err)
	}
	return ts, nil
}

func parseTimestampToken(b []byte) (ts *timestamp.Timestamp, err error) {
	defer func() {
		if r := recover(); r != nil {
			ts, err = nil, fmt.Errorf("%v", r)
		}
	}()
	return timestamp.Parse(b)
}

// reserveTimestampRoom is given to pdfsign as its revocation hook (it is called before the
// /Contents placeholder is sized, and makes no request): it adds MaxTimestampTokenSize bytes of
// filler that widen the placeholder, and that setSigningTime removes again before the
// attributes are signed, leaving room for the TSA's token.
func reserveTimestampRoom(_, _ *x509.Certificate, ra *revocation.InfoArchival) error {
	if slices.ContainsFunc(ra.OCSP, func(v asn1.RawValue) bool { return isFiller(v.FullBytes) }) {
		return nil
	}
	filler, err := asn1.Marshal(make([]byte, MaxTimestampTokenSize))
	if err != nil {
		return err
	}
	ra.OCSP = append(ra.OCSP, asn1.RawValue{FullBytes: filler})
	return nil
}

// isFiller reports whether an "OCSP response" is the filler of reserveTimestampRoom.
func isFiller(b []byte) bool {
	var v []byte
	rest, err := asn1.Unmarshal(b, &v)
	return err == nil && len(rest) == 0 && len(v) == MaxTimestampTokenSize && !slices.ContainsFunc(v, func(c byte) bool { return c != 0 })
}

// dropAttr removes a signed attribute (before restamp signs the attributes again).
func (s *signedData) dropAttr(oid asn1.ObjectIdentifier) {
	var keep [][]byte
	for _, a := range s.attrs {
		if typ, _, ok := splitAttribute(a); !ok || !typ.Equal(oid) {
			keep = append(keep, a)
		}
	}
	s.attrs = keep
	s.attrsContent = bytes.Join(keep, nil)
}

// setTimestamp makes the token the SignerInfo's only unsigned attribute.
func (s *signedData) setTimestamp(token []byte) error {
	var b cryptobyte.Builder
	b.AddASN1(tagUnsignedAttrs, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(oidTimeStampToken)
			b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) { b.AddBytes(token) })
		})
	})
	u, err := b.Bytes()
	if err != nil {
		return fmt.Errorf("cms: timestamp attribute: %w", err)
	}
	s.unsigned = u
	return nil
}

// timestampToken returns the id-aa-timeStampToken unsigned attribute's value, if any.
func (s *signedData) timestampToken() ([]byte, bool) {
	if s.unsigned == nil {
		return nil, false
	}
	in := cryptobyte.String(s.unsigned)
	var attrs cryptobyte.String
	if !in.ReadASN1(&attrs, tagUnsignedAttrs) {
		return nil, false
	}
	for !attrs.Empty() {
		var a cryptobyte.String
		if !attrs.ReadASN1Element(&a, cbasn1.SEQUENCE) {
			return nil, false
		}
		if typ, val, ok := splitAttribute(a); ok && typ.Equal(oidTimeStampToken) {
			return val, true
		}
	}
	return nil, false
}

// Timestamp describes the RFC 3161 timestamp token of a signature.
type Timestamp struct {
	Time          time.Time         // the TSA's time (genTime), in Vietnam time
	Authority     string            // the TSA certificate's CN (else O, else the whole DN)
	AuthorityCert *x509.Certificate // the TSA's certificate
	// ImprintMatches: the token certifies the SHA-256 (or the hash it names) of this
	// signature's value, so the signature existed at Time.
	ImprintMatches bool
	// TokenValid: the token's own signature verifies with the TSA's certificate.
	TokenValid bool
	// Error says why the token could not be read (English detail), empty otherwise.
	Error string
	// Trusted: the TSA's certificate, valid at Time and for timestamping, chains to one of the
	// roots given to Verify; TrustError says why not.
	Trusted    bool
	TrustError string
}

// OK reports whether the token is readable, valid and for this signature.
func (t *Timestamp) OK() bool { return t.ImprintMatches && t.TokenValid }

// checkTimestamp reads the signature's timestamp token, if any.
func checkTimestamp(sd *signedData, roots *x509.CertPool) *Timestamp {
	raw, ok := sd.timestampToken()
	if !ok {
		return nil
	}
	out := &Timestamp{}
	ts, err := parseTimestampToken(raw)
	if err != nil {
		out.Error = err.Error()
		return out
	}
	out.Time = ts.Time.In(Vietnam)
	// timestamp.Parse checks the token's signature whenever it carries certificates.
	out.TokenValid = len(ts.Certificates) > 0
	if !out.TokenValid {
		out.Error = "the token carries no certificate to check its signature with"
	}
	if ts.HashAlgorithm.Available() {
		h := ts.HashAlgorithm.New()
		h.Write(sd.signature)
		out.ImprintMatches = bytes.Equal(h.Sum(nil), ts.HashedMessage)
	}
	var tsaCert *x509.Certificate
	for _, c := range ts.Certificates {
		for _, u := range c.ExtKeyUsage {
			if u == x509.ExtKeyUsageTimeStamping && tsaCert == nil {
				tsaCert = c
			}
		}
	}
	if tsaCert == nil && len(ts.Certificates) > 0 {
		tsaCert = ts.Certificates[0]
	}
	if tsaCert != nil {
		out.AuthorityCert, out.Authority = tsaCert, subjectName(tsaCert)
	}
	if roots != nil && tsaCert != nil {
		inter := x509.NewCertPool()
		for _, c := range ts.Certificates {
			inter.AddCert(c)
		}
		_, err := tsaCert.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: ts.Time,
			KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageTimeStamping}})
		out.Trusted = err == nil
		if err != nil {
			out.TrustError = err.Error()
		}
	} else if roots != nil {
		out.TrustError = "no TSA certificate"
	}
	return out
}
