package sign

import (
	"bytes"
	"cmp"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/digitorus/pdf"
)

// Trust is the outcome of checking the signers' certificates against trusted roots.
type Trust int

const (
	// TrustNotChecked: no trusted root was given, so nobody vouched for the signers.
	TrustNotChecked Trust = iota
	// Trusted: every signer's certificate chains to one of the given roots.
	Trusted
	// Untrusted: some signer's certificate does not chain to any given root.
	Untrusted
)

// Result is what Verify found in a PDF: one entry per signature, in the order they were
// applied (the one covering the most bytes last).
type Result struct {
	Signatures []Signature
	// CertificationP is the DocMDP permission (1, 2 or 3) of the first signature when it is a
	// certification signature, 0 otherwise.
	CertificationP int
	// Violations describes, in Vietnamese, each change that later revisions made in breach of
	// the certification's permission (empty when none).
	Violations []string
	// RootsGiven: Verify was given a trust list; without one, Trust is TrustNotChecked.
	RootsGiven bool
}

// Signature describes one signature of the PDF.
type Signature struct {
	SignerName   string              // subject CN of the signer's certificate
	Organization string              // subject O of the signer's certificate
	Certificate  *x509.Certificate   // the signer's certificate
	Chain        []*x509.Certificate // signer first, then its issuers (embedded, then the trusted root)
	SigningTime  time.Time           // CMS signing-time attribute, in Vietnam time; zero if absent
	ClaimedTime  time.Time           // the /M entry of the signature dictionary; zero if absent
	ByteRange    [4]int64
	DocMDP       int // the DocMDP permission this signature sets, 0 for an approval signature

	// WholeFile: the ByteRange starts at byte 0, ends at the end of the file and leaves out
	// exactly the <hex> of /Contents, so no byte outside the signature is unsigned.
	WholeFile bool
	// DigestMatches: the digest of the ByteRange bytes equals the CMS messageDigest attribute.
	DigestMatches bool
	// SignatureValid: the CMS signature over its signed attributes verifies with the signer's
	// key, and nothing but zero padding follows the CMS in /Contents.
	SignatureValid bool
	// CertsValid: every certificate of the chain was valid at SigningTime (the same rule as
	// Identity.CheckUsable at signing). CertError says why not (English detail).
	CertsValid bool
	CertError  string
	// KeyUsageOK: the signer's certificate allows signing documents (see Identity.CheckUsable).
	KeyUsageOK bool
	// KeyProblem says why the signer's key is too weak (see MinRSABits), empty when it is not.
	KeyProblem string
	// Trusted: the chain leads to one of the roots given to Verify; TrustError says why not.
	Trusted    bool
	TrustError string
	// Timestamp is the RFC 3161 timestamp token over the signature, nil when there is none.
	Timestamp *Timestamp
	// Revocation lists the OCSP responses and CRLs embedded in the signed attributes.
	Revocation []Revocation
}

// Intact reports whether the signature is unbroken and was made with a certificate usable at
// its signing time; it says nothing of trust.
func (s *Signature) Intact() bool {
	return s.DigestMatches && s.SignatureValid && s.CertsValid && s.KeyUsageOK && s.KeyProblem == "" && !s.SigningTime.IsZero() &&
		(s.Timestamp == nil || s.Timestamp.OK()) &&
		!slices.ContainsFunc(s.Revocation, func(r Revocation) bool { return r.Revoked || !r.Valid })
}

// Intact reports whether every signature is intact, the last one covers the whole file and
// no later revision broke the certification's permission.
func (r *Result) Intact() bool {
	if len(r.Signatures) == 0 || len(r.Violations) > 0 {
		return false
	}
	for i := range r.Signatures {
		if !r.Signatures[i].Intact() {
			return false
		}
	}
	return r.Signatures[len(r.Signatures)-1].WholeFile
}

// Trust reports whether the signers were checked against the given roots, and the outcome.
func (r *Result) Trust() Trust {
	if !r.RootsGiven {
		return TrustNotChecked
	}
	for i := range r.Signatures {
		s := &r.Signatures[i]
		if !s.Trusted || (s.Timestamp != nil && !s.Timestamp.Trusted) {
			return Untrusted
		}
	}
	return Trusted
}

// OK reports whether the file is intact and every signer chains to a given root: the only
// result that may be called valid.
func (r *Result) OK() bool { return r.Intact() && r.Trust() == Trusted }

// Problems lists, in Vietnamese for the user, what makes the result not OK (empty when OK).
func (r *Result) Problems() []string {
	var out []string
	out = append(out, r.Violations...)
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
		if !s.CertsValid {
			out = append(out, p+"chứng thư số không có hiệu lực tại thời điểm ký: "+s.CertError)
		}
		if !s.KeyUsageOK {
			out = append(out, p+"chứng thư số không được phép dùng để ký văn bản")
		}
		if s.KeyProblem != "" {
			out = append(out, p+s.KeyProblem)
		}
		if r.RootsGiven && !s.Trusted {
			out = append(out, p+"chứng thư số không dẫn tới chứng thư gốc tin cậy nào đã cho (--roots): "+s.TrustError)
		}
		for _, rv := range s.Revocation {
			switch {
			case rv.Revoked:
				out = append(out, p+rv.Kind+": chứng thư "+rv.Subject+" BỊ THU HỒI")
			case !rv.Valid:
				out = append(out, p+"dữ liệu thu hồi "+rv.Kind+" nhúng trong chữ ký không hợp lệ với chuỗi chứng thư")
			}
		}
		if ts := s.Timestamp; ts != nil {
			switch {
			case ts.Error != "":
				out = append(out, p+"dấu thời gian không đọc hoặc không kiểm tra được: "+ts.Error)
			case !ts.ImprintMatches:
				out = append(out, p+"dấu thời gian không dành cho chữ ký này (mã băm không khớp)")
			}
			if r.RootsGiven && !ts.Trusted && ts.Error == "" {
				out = append(out, p+"chứng thư của máy chủ cấp dấu thời gian không dẫn tới chứng thư gốc tin cậy nào đã cho: "+ts.TrustError)
			}
		}
	}
	if n := len(r.Signatures); n > 0 && !r.Signatures[n-1].WholeFile {
		out = append(out, "chữ ký cuối cùng không bao phủ toàn bộ tệp (có phần được thêm vào sau khi ký)")
	}
	return out
}

// Verify reads every signature of a PDF and checks it against the file's bytes, its embedded
// certificates and, when roots is not nil, the trusted roots: a root embedded in the file is
// never trusted for being there. Nothing is fetched from the network. A modified file gives a
// Result that is not Intact, or an error when the modification breaks the PDF or the signature
// structure. Errors match ErrNotPDF, ErrLimit, ErrNoSignature or ErrMalformedSignature.
func Verify(pdfData []byte, roots *x509.CertPool) (*Result, error) {
	rdr, err := openChecked(pdfData)
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
	res := &Result{RootsGiven: roots != nil}
	for _, d := range dicts {
		s, err := verifyOne(pdfData, d, roots)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrMalformedSignature, err)
		}
		res.Signatures = append(res.Signatures, *s)
	}
	slices.SortStableFunc(res.Signatures, func(a, b Signature) int {
		return cmp.Compare(rangeEnd(a.ByteRange), rangeEnd(b.ByteRange))
	})
	if first := res.Signatures[0]; first.DocMDP > 0 {
		res.CertificationP = first.DocMDP
		res.Violations = certificationViolations(pdfData, rdr, first)
	}
	return res, nil
}

// rangeEnd is where a ByteRange ends, saturating instead of wrapping around.
func rangeEnd(br [4]int64) int64 {
	if br[2] < 0 || br[3] < 0 || br[2] > math.MaxInt64-br[3] {
		return math.MaxInt64
	}
	return br[2] + br[3]
}

// sigDict is what Verify needs from a signature dictionary.
type sigDict struct {
	byteRange [4]int64
	contents  []byte
	m         string
	docMDP    int
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
		if brv.Kind() != pdf.Array || brv.Len() != 4 {
			return nil, fmt.Errorf("%w: ByteRange has %d numbers", ErrMalformedSignature, brv.Len())
		}
		var d sigDict
		for i := range d.byteRange {
			if brv.Index(i).Kind() != pdf.Integer {
				return nil, fmt.Errorf("%w: ByteRange holds %v", ErrMalformedSignature, brv.Index(i))
			}
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
		refs := v.Key("Reference")
		for i := 0; i < refs.Len(); i++ {
			ref := refs.Index(i)
			if ref.Key("TransformMethod").Name() != "DocMDP" {
				continue
			}
			d.docMDP = 2 // the default when /P is absent
			if p := ref.Key("TransformParams").Key("P"); p.Kind() == pdf.Integer && p.Int64() >= 1 && p.Int64() <= 3 {
				d.docMDP = int(p.Int64())
			}
		}
		out = append(out, d)
	}
	return out, nil
}

// verifyOne checks one signature; an error means its CMS cannot be read at all.
func verifyOne(file []byte, d sigDict, roots *x509.CertPool) (*Signature, error) {
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
		DocMDP:      d.docMDP,
	}
	if len(cert.Subject.Organization) > 0 {
		s.Organization = cert.Subject.Organization[0]
	}
	if t, ok := sd.signingTime(); ok {
		s.SigningTime = t.In(Vietnam)
	}

	if lo, gap, hi, ok := splitByteRange(file, d.byteRange); ok {
		s.WholeFile = d.byteRange[0] == 0 && rangeEnd(d.byteRange) == int64(len(file)) && gapIsContents(gap, d.contents)
		h, err := sd.hash()
		want, ok := sd.messageDigest()
		if err == nil && ok {
			dg := h.New()
			dg.Write(lo)
			dg.Write(hi)
			s.DigestMatches = bytes.Equal(dg.Sum(nil), want)
		}
	}
	s.SignatureValid = sd.checkSignature(cert) == nil && onlyZeros(d.contents[sd.length:]) && sd.checkStructure(cert) == nil

	var others []*x509.Certificate
	for _, c := range sd.certs {
		if c != cert {
			others = append(others, c)
		}
	}
	s.Chain = buildChain(cert, others)
	s.CertsValid, s.CertError = true, ""
	if s.SigningTime.IsZero() {
		s.CertsValid, s.CertError = false, "no signing time to check the certificates at"
	}
	for _, c := range s.Chain {
		if err := validityProblem(c, s.SigningTime); err != nil && s.CertsValid {
			s.CertsValid, s.CertError = false, err.Error()
		}
	}
	s.KeyUsageOK = usageProblem(cert) == ""
	s.KeyProblem = keyProblem(cert.PublicKey)
	if roots != nil {
		s.Trusted, s.TrustError = checkTrust(s, others, roots)
	}
	s.Timestamp = checkTimestamp(sd, roots)
	s.Revocation = embeddedRevocation(sd, s.Chain)
	return s, nil
}

// splitByteRange returns the two signed parts and the gap between them, or ok=false when the
// four numbers do not describe ranges inside the file. No sum is formed before each part is
// known to fit, so numbers near the int64 maximum cannot wrap around.
func splitByteRange(file []byte, br [4]int64) (lo, gap, hi []byte, ok bool) {
	n := int64(len(file))
	for _, x := range br {
		if x < 0 || x > n {
			return nil, nil, nil, false
		}
	}
	if br[1] > n-br[0] || br[2] < br[0]+br[1] || br[3] > n-br[2] {
		return nil, nil, nil, false
	}
	return file[br[0] : br[0]+br[1]], file[br[0]+br[1] : br[2]], file[br[2] : br[2]+br[3]], true
}

func onlyZeros(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// checkTrust verifies the signer's chain at the signing time against roots, building it from
// the certificates embedded in the CMS; the embedded ones are only ever intermediates.
func checkTrust(s *Signature, embedded []*x509.Certificate, roots *x509.CertPool) (bool, string) {
	if s.SigningTime.IsZero() {
		return false, "no signing time"
	}
	inter := x509.NewCertPool()
	for _, c := range embedded {
		inter.AddCert(c)
	}
	chains, err := s.Certificate.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter,
		CurrentTime: s.SigningTime, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}})
	if err != nil {
		return false, err.Error()
	}
	s.Chain = chains[0]
	return true, ""
}

// gapIsContents reports whether the unsigned gap of the ByteRange is exactly "<hex of contents>".
func gapIsContents(gap, contents []byte) bool {
	if len(gap) < 2 || gap[0] != '<' || gap[len(gap)-1] != '>' {
		return false
	}
	raw, err := hex.DecodeString(string(gap[1 : len(gap)-1]))
	return err == nil && bytes.Equal(raw, contents)
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
