// Package sign signs the appendix PDF with the issuing body's organisation certificate, as
// Decree 30/2020 asks of an appendix issued as a separate file, and verifies such signatures.
//
// The signature is an invisible certification signature (CMS, adbe.pkcs7.detached, SHA-256)
// covering the whole file, with the signer's certificate chain embedded and the signing time
// chosen by the caller: the same instant the appendix renderer printed on page 1 with
// StampLines. The only network requests are the optional ones of Options: an RFC 3161
// timestamp (TSA) and the chain's OCSP responses or CRLs (EmbedRevocation).
package sign

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/digitorus/pdf"
	"github.com/digitorus/pdfsign/revocation"
	pdfsign "github.com/digitorus/pdfsign/sign"
)

// Sign writes to w pdfData followed by an incremental update holding the signature of id made
// at time at (kept to the second; pass the time given to StampLines). It first checks
// id.CheckUsable(at) and that pdfData is a PDF within the limits (ErrNotPDF, ErrLimit), and
// afterwards that Verify finds the result intact (ErrWouldNotVerify): nothing that verify would
// reject is ever produced. Nothing is written on error. With an RSA key the output is
// byte-identical for the same input, key and time; ECDSA signatures are randomised.
func Sign(w io.Writer, pdfData []byte, id *Identity, at time.Time) error {
	return SignWith(w, pdfData, id, at, Options{})
}

// SignWith is Sign with options: with opts.TSA, the signature carries a timestamp token from
// that authority over its value (errors ErrTSA, ErrTimestampImprint, ErrTimestampTime; nothing
// is written then); with opts.EmbedRevocation, the chain's revocation status is fetched and
// embedded, and a revoked certificate refused (ErrRevoked, ErrRevocation). These are the only
// network requests signing ever makes.
func SignWith(w io.Writer, pdfData []byte, id *Identity, at time.Time, opts Options) error {
	signed, _, err := signBytes(pdfData, id, at, opts)
	if err != nil {
		return err
	}
	if _, err := w.Write(signed); err != nil {
		return fmt.Errorf("sign: writing the signed PDF: %w", err)
	}
	return nil
}

// signBytes is SignWith returning the signed file and what Verify found in it.
func signBytes(pdfData []byte, id *Identity, at time.Time, opts Options) ([]byte, *Result, error) {
	if id == nil {
		return nil, nil, errors.New("sign: no identity")
	}
	at = at.Truncate(time.Second)
	if err := id.CheckUsable(at); err != nil {
		return nil, nil, err
	}
	rdr, err := openChecked(pdfData)
	if err != nil {
		return nil, nil, err
	}
	var out bytes.Buffer
	data := pdfsign.SignData{
		Signature: pdfsign.SignDataSignature{
			// A certification signature with DocMDP P=2: the content is frozen, but a later
			// signature (a receiving office's, an archive timestamp) stays allowed.
			CertType:   pdfsign.CertificationSignature,
			DocMDPPerm: pdfsign.AllowFillingExistingFormFieldsAndSignaturesPerms,
			// Name, Location, Reason and ContactInfo stay empty: pdfsign writes non-ASCII
			// there unescaped and corrupts the file; the signer is named by the certificate.
			Info: pdfsign.SignDataSignatureInfo{Date: at.In(Vietnam)},
		},
		Signer:            id.key,
		DigestAlgorithm:   crypto.SHA256,
		Certificate:       id.chain[0],
		CertificateChains: [][]*x509.Certificate{id.chain},
		// TSA.URL empty and no RevocationFunction that fetches: pdfsign makes no network request.
	}
	if opts.EmbedRevocation {
		info, err := fetchRevocation(id.chain, at)
		if err != nil {
			return nil, nil, err
		}
		data.RevocationData = info
	}
	if opts.TSA != nil {
		data.RevocationFunction = reserveTimestampRoom
	}
	if err := callPdfsign(pdfData, &out, rdr, data); err != nil {
		return nil, nil, fmt.Errorf("sign: pdfsign: %w", err)
	}
	signed := out.Bytes()
	if err := setSigningTime(signed, len(pdfData), at, id.key, opts.TSA, opts.exact, data.RevocationData); err != nil {
		if errors.Is(err, ErrTSA) || errors.Is(err, ErrTimestampImprint) || errors.Is(err, ErrTimestampTime) {
			return nil, nil, err
		}
		return nil, nil, fmt.Errorf("sign: %w", err)
	}
	// The same checks as verify's, so that signing and verification can never disagree (a
	// certified input that forbids another signature, a chain that does not hold together).
	res, err := Verify(signed, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrWouldNotVerify, err)
	}
	if !res.Intact() {
		return nil, nil, fmt.Errorf("%w: %s", ErrWouldNotVerify, strings.Join(res.Problems(), "; "))
	}
	return signed, res, nil
}

// callPdfsign runs pdfsign, turning a panic inside it (it indexes parsed objects freely) into
// an error.
func callPdfsign(in []byte, out io.Writer, rdr *pdf.Reader, data pdfsign.SignData) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrNotPDF, r)
		}
	}()
	return pdfsign.Sign(bytes.NewReader(in), out, rdr, int64(len(in)), data)
}

// openPDF checks the header and parses the cross-reference structure, turning a panic of the
// library into ErrNotPDF; callers go through openChecked, which applies the limits first.
func openPDF(data []byte) (rdr *pdf.Reader, err error) {
	// The header must open the file: the signature's ByteRange starts at byte 0, and a reader
	// that skips leading junk would show bytes that a strict one refuses.
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		return nil, fmt.Errorf("%w: missing %%PDF- header", ErrNotPDF)
	}
	defer func() {
		if r := recover(); r != nil {
			rdr, err = nil, fmt.Errorf("%w: %v", ErrNotPDF, r)
		}
	}()
	rdr, err = pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotPDF, err)
	}
	return rdr, nil
}

// setSigningTime rewrites, in place, the CMS that pdfsign put in the /Contents of the signature
// it appended after the first origLen bytes, so that its signing-time attribute is at; with a
// TSA, the room reserved by reserveTimestampRoom is freed and the TSA's token over the final
// signature value added.
//
// With exact (SignTimestamped), the attributes are signed only once the clock has reached at,
// and the TSA's time must fall within that very second.
func setSigningTime(signed []byte, origLen int, at time.Time, key crypto.Signer, tsa *TSA, exact bool, info revocation.InfoArchival) error {
	br, err := appendedByteRange(signed, origLen)
	if err != nil {
		return err
	}
	hexContents := signed[br[1]+1 : br[2]-1]
	der := make([]byte, hex.DecodedLen(len(hexContents)))
	if _, err := hex.Decode(der, hexContents); err != nil {
		return fmt.Errorf("reading /Contents: %w", err)
	}
	sd, err := parseSignedData(der)
	if err != nil {
		return err
	}
	if tsa != nil {
		// The filler goes; the revocation data fetched (if any) stays, without it.
		sd.dropAttr(oidRevocationArchival)
		info.OCSP = slices.DeleteFunc(info.OCSP, func(v asn1.RawValue) bool { return isFiller(v.FullBytes) })
		if len(info.OCSP)+len(info.CRL) > 0 {
			a, err := revocationAttr(info)
			if err != nil {
				return err
			}
			sd.attrs = append(sd.attrs, a)
		}
	}
	var late time.Duration // how far past at the clock already was (exact)
	if exact {
		// The signature must not predate the time it states.
		late = -time.Until(at)
		time.Sleep(-late)
	}
	if err := sd.restamp(at, key); err != nil {
		return err
	}
	if tsa != nil {
		token, err := tsa.request(sd.signature, at, exact)
		if m := (*stampMismatch)(nil); errors.As(err, &m) {
			m.late = max(late, 0)
		}
		if err != nil {
			return err
		}
		if err := sd.setTimestamp(token); err != nil {
			return err
		}
	}
	newDER, err := sd.marshal()
	if err != nil {
		return fmt.Errorf("cms: %w", err)
	}
	if hex.EncodedLen(len(newDER)) > len(hexContents) {
		return fmt.Errorf("re-signed CMS (%d bytes) does not fit the /Contents placeholder (%d bytes)", len(newDER), len(hexContents)/2)
	}
	n := hex.Encode(hexContents, newDER)
	for i := n; i < len(hexContents); i++ {
		hexContents[i] = '0'
	}
	return nil
}

// appendedByteRange reads the ByteRange of the signature dictionary pdfsign appended, and
// checks that its gap is exactly the <…> of /Contents and that it reaches the end of the file.
func appendedByteRange(signed []byte, origLen int) ([4]int, error) {
	var br [4]int
	i := bytes.LastIndex(signed, []byte("/ByteRange ["))
	if i < origLen {
		return br, errors.New("no ByteRange in the appended signature")
	}
	if _, err := fmt.Sscanf(string(signed[i:min(i+80, len(signed))]), "/ByteRange [%d %d %d %d]", &br[0], &br[1], &br[2], &br[3]); err != nil {
		return br, fmt.Errorf("reading ByteRange: %w", err)
	}
	n := len(signed)
	if br[0] != 0 || br[1] <= 0 || br[1] >= n || br[2] <= br[1]+1 || br[2] > n || br[3] != n-br[2] ||
		signed[br[1]] != '<' || signed[br[2]-1] != '>' {
		return br, fmt.Errorf("unexpected ByteRange %v for a file of %d bytes", br, len(signed))
	}
	return br, nil
}
