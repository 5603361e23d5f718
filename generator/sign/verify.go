package sign

import (
	"bytes"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/digitorus/pdf"
)

// Result is what Verify found in a PDF: one entry per signature, in the order they were
// applied (the one covering the most bytes last).
type Result struct {
	Signatures []Signature
}

// Signature describes one signature of the PDF.
type Signature struct {
	SignerName   string              // subject CN of the signer's certificate
	Organization string              // subject O of the signer's certificate
	Certificate  *x509.Certificate   // the signer's certificate
	Chain        []*x509.Certificate // signer first, then the issuers embedded in the CMS
	SigningTime  time.Time           // CMS signing-time attribute, in Vietnam time; zero if absent
	ClaimedTime  time.Time           // the /M entry of the signature dictionary; zero if absent
	ByteRange    [4]int64

	// WholeFile: the ByteRange starts at byte 0, ends at the end of the file and leaves out
	// exactly the <hex> of /Contents, so no byte outside the signature is unsigned.
	WholeFile bool
	// DigestMatches: the digest of the ByteRange bytes equals the CMS messageDigest attribute.
	DigestMatches bool
	// SignatureValid: the CMS signature over its signed attributes verifies with the signer's key.
	SignatureValid bool
	// ChainValid: the embedded certificates form a chain from the signer to a self-signed root,
	// each valid at SigningTime. Whether that root is trusted is the caller's decision (VerifyTrust).
	ChainValid bool
	ChainError string // why ChainValid is false (English detail)
	// KeyUsageOK: the signer's certificate allows signing documents (see Identity.CheckUsable).
	KeyUsageOK bool
}

// OK reports whether the signature is intact and made with a certificate that was usable.
func (s *Signature) OK() bool {
	return s.DigestMatches && s.SignatureValid && s.ChainValid && s.KeyUsageOK && !s.SigningTime.IsZero()
}

// OK reports whether every signature is OK and the last one covers the whole file.
func (r *Result) OK() bool {
	if len(r.Signatures) == 0 {
		return false
	}
	for i := range r.Signatures {
		if !r.Signatures[i].OK() {
			return false
		}
	}
	return r.Signatures[len(r.Signatures)-1].WholeFile
}

// Problems lists, in Vietnamese for the user, what makes the result not OK (empty when OK).
func (r *Result) Problems() []string {
	var out []string
	for i, s := range r.Signatures {
		p := fmt.Sprintf("chữ ký %d (%s): ", i+1, s.SignerName)
		if !s.DigestMatches {
			out = append(out, p+"nội dung tệp đã bị thay đổi sau khi ký")
		}
		if !s.SignatureValid {
			out = append(out, p+"giá trị chữ ký không hợp lệ")
		}
		if s.SigningTime.IsZero() {
			out = append(out, p+"không có thời gian ký")
		}
		if !s.ChainValid {
			out = append(out, p+"chuỗi chứng thư số không hợp lệ tại thời điểm ký: "+s.ChainError)
		}
		if !s.KeyUsageOK {
			out = append(out, p+"chứng thư số không được phép dùng để ký văn bản")
		}
	}
	if n := len(r.Signatures); n > 0 && !r.Signatures[n-1].WholeFile {
		out = append(out, "chữ ký cuối cùng không bao phủ toàn bộ tệp (có phần được thêm vào sau khi ký)")
	}
	return out
}

// VerifyTrust checks that the signer's chain leads, at the signing time, to one of roots.
func (s *Signature) VerifyTrust(roots *x509.CertPool) error {
	inter := x509.NewCertPool()
	for _, c := range s.Chain[1:] {
		inter.AddCert(c)
	}
	_, err := s.Certificate.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter,
		CurrentTime: s.SigningTime, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}})
	return err
}

// Verify reads every signature of a PDF and checks it against the file's bytes and its embedded
// certificates; nothing is fetched from the network. A modified file gives a Result that is not
// OK, or an error when the modification breaks the PDF or the signature structure. Errors match
// ErrNotPDF, ErrNoSignature or ErrMalformedSignature.
func Verify(pdfData []byte) (*Result, error) {
	rdr, err := openPDF(pdfData)
	if err != nil {
		return nil, err
	}
	dicts, err := signatureDicts(rdr)
	if err != nil {
		return nil, err
	}
	if len(dicts) == 0 {
		return nil, ErrNoSignature
	}
	res := &Result{}
	for _, d := range dicts {
		s, err := verifyOne(pdfData, d)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrMalformedSignature, err)
		}
		res.Signatures = append(res.Signatures, *s)
	}
	slices.SortStableFunc(res.Signatures, func(a, b Signature) int {
		return int((a.ByteRange[2] + a.ByteRange[3]) - (b.ByteRange[2] + b.ByteRange[3]))
	})
	return res, nil
}

// sigDict is what Verify needs from a signature dictionary.
type sigDict struct {
	byteRange [4]int64
	contents  []byte
	m         string
}

// signatureDicts finds the signature dictionaries among the objects of the PDF.
func signatureDicts(rdr *pdf.Reader) (out []sigDict, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("%w: %v", ErrNotPDF, r)
		}
	}()
	seen := map[[4]int64]bool{}
	for _, x := range rdr.Xref() {
		v := rdr.Resolve(x.Ptr(), x.Ptr())
		if v.Kind() != pdf.Dict || (v.Key("Type").Name() != "Sig" && v.Key("Filter").Name() != "Adobe.PPKLite") {
			continue
		}
		brv := v.Key("ByteRange")
		if brv.Len() != 4 {
			return nil, fmt.Errorf("%w: ByteRange has %d numbers", ErrMalformedSignature, brv.Len())
		}
		var d sigDict
		for i := range d.byteRange {
			d.byteRange[i] = brv.Index(i).Int64()
		}
		if seen[d.byteRange] {
			continue
		}
		seen[d.byteRange] = true
		d.contents = []byte(v.Key("Contents").RawString())
		if m := v.Key("M"); m.Kind() == pdf.String {
			d.m = m.RawString()
		}
		out = append(out, d)
	}
	return out, nil
}

// verifyOne checks one signature; an error means its CMS cannot be read at all.
func verifyOne(file []byte, d sigDict) (*Signature, error) {
	sd, err := parseSignedData(d.contents)
	if err != nil {
		return nil, err
	}
	cert, err := sd.signerCertificate()
	if err != nil {
		return nil, err
	}
	s := &Signature{
		SignerName:  cert.Subject.CommonName,
		Certificate: cert,
		ByteRange:   d.byteRange,
		ClaimedTime: parsePDFDate(d.m),
	}
	if len(cert.Subject.Organization) > 0 {
		s.Organization = cert.Subject.Organization[0]
	}
	if t, ok := sd.signingTime(); ok {
		s.SigningTime = t.In(Vietnam)
	}

	br := d.byteRange
	inBounds := br[0] >= 0 && br[1] >= 0 && br[2] >= br[0]+br[1] && br[3] >= 0 && br[2]+br[3] <= int64(len(file))
	if inBounds {
		s.WholeFile = br[0] == 0 && br[2]+br[3] == int64(len(file)) && gapIsContents(file[br[1]:br[2]], d.contents)
		h, err := sd.hash()
		want, ok := sd.messageDigest()
		if err == nil && ok {
			dg := h.New()
			dg.Write(file[br[0] : br[0]+br[1]])
			dg.Write(file[br[2] : br[2]+br[3]])
			s.DigestMatches = bytes.Equal(dg.Sum(nil), want)
		}
	}
	s.SignatureValid = sd.checkSignature(cert) == nil

	var others []*x509.Certificate
	for _, c := range sd.certs {
		if c != cert {
			others = append(others, c)
		}
	}
	s.Chain = buildChain(cert, others)
	s.ChainValid, s.ChainError = checkEmbeddedChain(s.Chain, s.SigningTime)
	s.KeyUsageOK = usageProblem(cert) == ""
	return s, nil
}

// gapIsContents reports whether the unsigned gap of the ByteRange is exactly "<hex of contents>".
func gapIsContents(gap, contents []byte) bool {
	if len(gap) < 2 || gap[0] != '<' || gap[len(gap)-1] != '>' {
		return false
	}
	raw, err := hex.DecodeString(string(gap[1 : len(gap)-1]))
	return err == nil && bytes.Equal(raw, contents)
}

// checkEmbeddedChain verifies the chain against its own last certificate as the only root.
func checkEmbeddedChain(chain []*x509.Certificate, at time.Time) (bool, string) {
	if at.IsZero() {
		return false, "no signing time to check the certificates at"
	}
	root := chain[len(chain)-1]
	if !isSelfSigned(root) {
		return false, fmt.Sprintf("the issuer of %q is not embedded", subjectName(root))
	}
	roots, inter := x509.NewCertPool(), x509.NewCertPool()
	roots.AddCert(root)
	for _, c := range chain[1 : len(chain)-1] {
		inter.AddCert(c)
	}
	_, err := chain[0].Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: at,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}})
	if err != nil {
		return false, err.Error()
	}
	return true, ""
}

// parsePDFDate reads a PDF date "D:YYYYMMDDHHmmSS+HH'mm'" (the forms pdfsign and most writers
// use); it returns the zero time when s is absent or not in that form.
func parsePDFDate(s string) time.Time {
	s = strings.TrimPrefix(s, "D:")
	if len(s) < 14 {
		return time.Time{}
	}
	t, err := time.Parse("20060102150405", s[:14])
	if err != nil {
		return time.Time{}
	}
	tz := strings.ReplaceAll(s[14:], "'", "")
	switch {
	case tz == "" || tz == "Z":
		return t
	case len(tz) == 5 && (tz[0] == '+' || tz[0] == '-'):
		h, err1 := strconv.Atoi(tz[1:3])
		m, err2 := strconv.Atoi(tz[3:5])
		if err1 != nil || err2 != nil {
			return time.Time{}
		}
		off := h*3600 + m*60
		if tz[0] == '-' {
			off = -off
		}
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.FixedZone("", off))
	}
	return time.Time{}
}
