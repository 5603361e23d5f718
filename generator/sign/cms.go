package sign

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// The CMS (RFC 5652) SignedData that pdfsign embeds is read and rewritten here with cryptobyte,
// keeping every part we do not touch byte for byte. pdfsign (through digitorus/pkcs7) always
// puts time.Now() in the signing-time attribute; the decree wants the time printed on the page,
// so Sign replaces that attribute and signs the attributes again (see restamp).

var (
	oidSignedData      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidMessageDigest   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	oidSigningTime     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 5}
	oidSHA1            = asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}
	oidSHA256          = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSHA384          = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 2}
	oidSHA512          = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}
	tagCertificates    = cbasn1.Tag(0).Constructed().ContextSpecific()
	tagCRLs            = cbasn1.Tag(1).Constructed().ContextSpecific()
	tagSignedAttrs     = cbasn1.Tag(0).Constructed().ContextSpecific()
	tagUnsignedAttrs   = cbasn1.Tag(1).Constructed().ContextSpecific()
	tagExplicitContent = cbasn1.Tag(0).Constructed().ContextSpecific()
)

// signedData is a CMS SignedData with exactly one SignerInfo; raw fields are whole DER elements.
type signedData struct {
	length                     int // bytes of the DER ContentInfo; what follows is padding
	version, digestAlgs, encap []byte
	certsRaw, crlsRaw          []byte // optional [0] and [1] elements, nil when absent
	certs                      []*x509.Certificate

	siVersion, sid, digestAlg, sigAlg []byte
	attrs                             [][]byte // the signed attributes, each a whole Attribute element
	attrsContent                      []byte   // the signed attributes exactly as encoded, for verifying
	signature                         []byte
	unsigned                          []byte // optional [1] element of the SignerInfo
}

// parseSignedData reads a DER ContentInfo holding a SignedData; trailing bytes (the zero padding
// of a PDF /Contents) are ignored.
func parseSignedData(der []byte) (*signedData, error) {
	in := cryptobyte.String(der)
	var ci, wrap, sd cryptobyte.String
	var ctype asn1.ObjectIdentifier
	if !in.ReadASN1(&ci, cbasn1.SEQUENCE) || !ci.ReadASN1ObjectIdentifier(&ctype) {
		return nil, errors.New("cms: not a DER ContentInfo")
	}
	if !ctype.Equal(oidSignedData) {
		return nil, fmt.Errorf("cms: content type %v is not signedData", ctype)
	}
	if !ci.ReadASN1(&wrap, tagExplicitContent) || !wrap.ReadASN1(&sd, cbasn1.SEQUENCE) {
		return nil, errors.New("cms: missing SignedData")
	}
	s := &signedData{length: len(der) - len(in)}
	var v, da, enc cryptobyte.String
	if !sd.ReadASN1Element(&v, cbasn1.INTEGER) || !sd.ReadASN1Element(&da, cbasn1.SET) || !sd.ReadASN1Element(&enc, cbasn1.SEQUENCE) {
		return nil, errors.New("cms: malformed SignedData header")
	}
	s.version, s.digestAlgs, s.encap = v, da, enc
	if sd.PeekASN1Tag(tagCertificates) {
		var el, body cryptobyte.String
		if !sd.ReadASN1Element(&el, tagCertificates) {
			return nil, errors.New("cms: malformed certificates")
		}
		s.certsRaw = el
		if outer := el; !outer.ReadASN1(&body, tagCertificates) {
			return nil, errors.New("cms: malformed certificates")
		}
		certs, err := x509.ParseCertificates(body)
		if err != nil {
			return nil, fmt.Errorf("cms: certificates: %w", err)
		}
		s.certs = certs
	}
	if sd.PeekASN1Tag(tagCRLs) {
		var el cryptobyte.String
		if !sd.ReadASN1Element(&el, tagCRLs) {
			return nil, errors.New("cms: malformed crls")
		}
		s.crlsRaw = el
	}
	var infos, si cryptobyte.String
	if !sd.ReadASN1(&infos, cbasn1.SET) || !infos.ReadASN1(&si, cbasn1.SEQUENCE) {
		return nil, errors.New("cms: no SignerInfo")
	}
	if !infos.Empty() {
		return nil, errors.New("cms: more than one SignerInfo")
	}
	var siv, sid, dalg, attrs, salg, sig cryptobyte.String
	if !si.ReadASN1Element(&siv, cbasn1.INTEGER) || !si.ReadAnyASN1Element(&sid, nil) ||
		!si.ReadASN1Element(&dalg, cbasn1.SEQUENCE) || !si.ReadASN1(&attrs, tagSignedAttrs) ||
		!si.ReadASN1Element(&salg, cbasn1.SEQUENCE) || !si.ReadASN1(&sig, cbasn1.OCTET_STRING) {
		return nil, errors.New("cms: malformed SignerInfo (signed attributes are required)")
	}
	s.siVersion, s.sid, s.digestAlg, s.sigAlg, s.signature = siv, sid, dalg, salg, sig
	s.attrsContent = attrs
	for rest := attrs; !rest.Empty(); {
		var a cryptobyte.String
		if !rest.ReadASN1Element(&a, cbasn1.SEQUENCE) {
			return nil, errors.New("cms: malformed signed attribute")
		}
		s.attrs = append(s.attrs, a)
	}
	if !si.Empty() {
		var u cryptobyte.String
		if !si.ReadASN1Element(&u, tagUnsignedAttrs) || !si.Empty() {
			return nil, errors.New("cms: trailing data in SignerInfo")
		}
		s.unsigned = u
	}
	return s, nil
}

// attr returns the single value of the signed attribute with the given type, as a DER element.
func (s *signedData) attr(oid asn1.ObjectIdentifier) ([]byte, bool) {
	for _, a := range s.attrs {
		typ, val, ok := splitAttribute(a)
		if ok && typ.Equal(oid) {
			return val, true
		}
	}
	return nil, false
}

// splitAttribute returns an Attribute's type and its first value.
func splitAttribute(a []byte) (asn1.ObjectIdentifier, []byte, bool) {
	in := cryptobyte.String(a)
	var seq, set, val cryptobyte.String
	var typ asn1.ObjectIdentifier
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1ObjectIdentifier(&typ) ||
		!seq.ReadASN1(&set, cbasn1.SET) || !set.ReadAnyASN1Element(&val, nil) {
		return nil, nil, false
	}
	return typ, val, true
}

// signingTime reads the signing-time attribute (UTCTime or GeneralizedTime).
func (s *signedData) signingTime() (time.Time, bool) {
	v, ok := s.attr(oidSigningTime)
	if !ok {
		return time.Time{}, false
	}
	var t time.Time
	if rest, err := asn1.Unmarshal(v, &t); err != nil || len(rest) > 0 {
		return time.Time{}, false
	}
	return t, true
}

// messageDigest reads the messageDigest attribute: the digest of the signed PDF bytes.
func (s *signedData) messageDigest() ([]byte, bool) {
	v, ok := s.attr(oidMessageDigest)
	if !ok {
		return nil, false
	}
	var d []byte
	if rest, err := asn1.Unmarshal(v, &d); err != nil || len(rest) > 0 {
		return nil, false
	}
	return d, true
}

// hash maps the SignerInfo's digest algorithm to a crypto.Hash.
func (s *signedData) hash() (crypto.Hash, error) {
	in := cryptobyte.String(s.digestAlg)
	var seq cryptobyte.String
	var oid asn1.ObjectIdentifier
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1ObjectIdentifier(&oid) {
		return 0, errors.New("cms: malformed digest algorithm")
	}
	switch {
	case oid.Equal(oidSHA256):
		return crypto.SHA256, nil
	case oid.Equal(oidSHA384):
		return crypto.SHA384, nil
	case oid.Equal(oidSHA512):
		return crypto.SHA512, nil
	case oid.Equal(oidSHA1):
		return crypto.SHA1, nil
	}
	return 0, fmt.Errorf("cms: unsupported digest algorithm %v", oid)
}

// signerCertificate finds the certificate named by the SignerInfo's issuerAndSerialNumber.
func (s *signedData) signerCertificate() (*x509.Certificate, error) {
	in := cryptobyte.String(s.sid)
	var seq, issuer cryptobyte.String
	serial := new(big.Int)
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1Element(&issuer, cbasn1.SEQUENCE) || !seq.ReadASN1Integer(serial) {
		return nil, errors.New("cms: signer is not identified by issuer and serial number")
	}
	for _, c := range s.certs {
		if bytes.Equal(c.RawIssuer, issuer) && c.SerialNumber.Cmp(serial) == 0 {
			return c, nil
		}
	}
	return nil, errors.New("cms: the signer's certificate is not embedded")
}

// toBeSigned is what the signature covers: the signed attributes re-tagged as a SET (RFC 5652 §5.4).
func toBeSigned(attrsContent []byte) []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) { b.AddBytes(attrsContent) })
	return b.BytesOrPanic()
}

// checkSignature verifies the SignerInfo's signature over its signed attributes with cert's key.
func (s *signedData) checkSignature(cert *x509.Certificate) error {
	h, err := s.hash()
	if err != nil {
		return err
	}
	algs := map[crypto.Hash][2]x509.SignatureAlgorithm{
		crypto.SHA1:   {x509.SHA1WithRSA, x509.ECDSAWithSHA1},
		crypto.SHA256: {x509.SHA256WithRSA, x509.ECDSAWithSHA256},
		crypto.SHA384: {x509.SHA384WithRSA, x509.ECDSAWithSHA384},
		crypto.SHA512: {x509.SHA512WithRSA, x509.ECDSAWithSHA512},
	}[h]
	var alg x509.SignatureAlgorithm
	switch cert.PublicKey.(type) {
	case *rsa.PublicKey:
		alg = algs[0]
	case *ecdsa.PublicKey:
		alg = algs[1]
	default:
		return fmt.Errorf("cms: unsupported signer key %T", cert.PublicKey)
	}
	return cert.CheckSignature(alg, toBeSigned(s.attrsContent), s.signature)
}

// restamp sets the signing-time attribute to at and signs the attributes again with key; the
// messageDigest attribute, and so the PDF bytes covered, are unchanged.
func (s *signedData) restamp(at time.Time, key crypto.Signer) error {
	if s.unsigned != nil {
		// Unsigned attributes (a timestamp token) would certify the old signature value.
		return errors.New("cms: cannot restamp a SignerInfo with unsigned attributes")
	}
	val, err := asn1.Marshal(at.UTC())
	if err != nil {
		return fmt.Errorf("cms: signing time: %w", err)
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oidSigningTime)
		b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) { b.AddBytes(val) })
	})
	newAttr := b.BytesOrPanic()
	attrs := [][]byte{newAttr}
	for _, a := range s.attrs {
		if typ, _, ok := splitAttribute(a); ok && !typ.Equal(oidSigningTime) {
			attrs = append(attrs, a)
		}
	}
	// DER orders the members of a SET OF by their encodings.
	slices.SortFunc(attrs, bytes.Compare)
	s.attrs = attrs
	s.attrsContent = bytes.Join(attrs, nil)

	h, err := s.hash()
	if err != nil {
		return err
	}
	d := h.New()
	d.Write(toBeSigned(s.attrsContent))
	sig, err := key.Sign(rand.Reader, d.Sum(nil), h)
	if err != nil {
		return fmt.Errorf("cms: signing attributes: %w", err)
	}
	s.signature = sig
	return nil
}

// marshal encodes the ContentInfo back to DER.
func (s *signedData) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oidSignedData)
		b.AddASN1(tagExplicitContent, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddBytes(s.version)
				b.AddBytes(s.digestAlgs)
				b.AddBytes(s.encap)
				b.AddBytes(s.certsRaw)
				b.AddBytes(s.crlsRaw)
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddBytes(s.siVersion)
						b.AddBytes(s.sid)
						b.AddBytes(s.digestAlg)
						b.AddASN1(tagSignedAttrs, func(b *cryptobyte.Builder) { b.AddBytes(s.attrsContent) })
						b.AddBytes(s.sigAlg)
						b.AddASN1OctetString(s.signature)
						b.AddBytes(s.unsigned)
					})
				})
			})
		})
	})
	return b.Bytes()
}

var (
	oidData        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidContentType = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	oidRSA         = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidECPublicKey = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
)

// signatureOIDs are the signature algorithms a SignerInfo may name for each digest: RSA
// PKCS #1 v1.5 and ECDSA with that digest (rsaEncryption and id-ecPublicKey name the key alone).
var signatureOIDs = map[crypto.Hash][2]asn1.ObjectIdentifier{
	crypto.SHA1:   {{1, 2, 840, 113549, 1, 1, 5}, {1, 2, 840, 10045, 4, 1}},
	crypto.SHA256: {{1, 2, 840, 113549, 1, 1, 11}, {1, 2, 840, 10045, 4, 3, 2}},
	crypto.SHA384: {{1, 2, 840, 113549, 1, 1, 12}, {1, 2, 840, 10045, 4, 3, 3}},
	crypto.SHA512: {{1, 2, 840, 113549, 1, 1, 13}, {1, 2, 840, 10045, 4, 3, 4}},
}

// checkStructure checks the parts of the SignedData that the signature does not cover: its
// version, digest algorithms, encapsulated content type and the SignerInfo's version and
// algorithm identifiers. Verify reads only what it needs of them, so without this a file whose
// signature had another content type or algorithm parameter written in it (FuzzVerify found
// one) would still be found intact; each must be exactly what a signer of a PDF writes, in
// DER (RFC 5652 §5, ISO 32000's adbe.pkcs7.detached): version 1, the digest algorithm of the
// SignerInfo and no other, detached id-data content, matching the signed content-type
// attribute, and a signature algorithm of the signer's key and that digest.
func (s *signedData) checkStructure(cert *x509.Certificate) error {
	one := []byte{0x02, 0x01, 0x01}
	if !bytes.Equal(s.version, one) || !bytes.Equal(s.siVersion, one) {
		return errors.New("cms: version is not 1")
	}
	var data cryptobyte.Builder
	data.AddASN1ObjectIdentifier(oidData)
	dataOID := data.BytesOrPanic()
	var encap cryptobyte.Builder
	encap.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddBytes(dataOID) })
	if !bytes.Equal(s.encap, encap.BytesOrPanic()) {
		return errors.New("cms: the signed content is not detached data")
	}
	if ct, ok := s.attr(oidContentType); !ok || !bytes.Equal(ct, dataOID) {
		return errors.New("cms: the content-type attribute is not data")
	}
	var algs cryptobyte.Builder
	algs.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) { b.AddBytes(s.digestAlg) })
	if !bytes.Equal(s.digestAlgs, algs.BytesOrPanic()) {
		return errors.New("cms: the digest algorithms are not the signer's")
	}
	h, err := s.hash()
	if err != nil {
		return err
	}
	if _, ok := algorithm(s.digestAlg, true); !ok {
		return errors.New("cms: malformed digest algorithm")
	}
	sig, ok := algorithm(s.sigAlg, true)
	if !ok {
		return errors.New("cms: malformed signature algorithm")
	}
	named := signatureOIDs[h]
	switch cert.PublicKey.(type) {
	case *rsa.PublicKey:
		if sig.Equal(oidRSA) || sig.Equal(named[0]) {
			return nil
		}
	case *ecdsa.PublicKey:
		// ECDSA's identifiers take no parameters (RFC 5758 §3.2).
		if _, bare := algorithm(s.sigAlg, false); bare && (sig.Equal(oidECPublicKey) || sig.Equal(named[1])) {
			return nil
		}
	}
	return fmt.Errorf("cms: signature algorithm %v does not fit the key and the digest", sig)
}

// algorithm reads a DER AlgorithmIdentifier holding only an OID, or an OID and NULL when
// nullOK, and returns the OID; ok is false for anything else or anything not in DER.
func algorithm(der []byte, nullOK bool) (oid asn1.ObjectIdentifier, ok bool) {
	in := cryptobyte.String(der)
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !in.Empty() || !seq.ReadASN1ObjectIdentifier(&oid) {
		return nil, false
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oid)
		if !seq.Empty() {
			b.AddASN1NULL()
		}
	})
	if !seq.Empty() && (!nullOK || !seq.ReadASN1(new(cryptobyte.String), cbasn1.NULL) || !seq.Empty()) {
		return nil, false
	}
	canon, err := b.Bytes()
	return oid, err == nil && bytes.Equal(canon, der)
}
