package sign

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"time"

	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

// Identity is an organisation's signing identity loaded from a PKCS#12 file: its private key,
// its certificate and the issuing chain found in the same file.
type Identity struct {
	key   crypto.Signer
	chain []*x509.Certificate // leaf first, each certificate followed by its issuer
}

// MaxP12Size is the largest .p12/.pfx file accepted, in bytes (real ones are a few KB).
const MaxP12Size = 1 << 20

// LoadPKCS12 reads a .p12/.pfx file. Errors match ErrWrongPassword, ErrNoPrivateKey,
// ErrMalformedP12, ErrUnsupportedKey or ErrKeyMismatch with errors.Is; none contains the password.
func LoadPKCS12(data []byte, password string) (*Identity, error) {
	if len(data) > MaxP12Size {
		return nil, fmt.Errorf("%w: %d byte vượt giới hạn %d byte (MaxP12Size)", ErrMalformedP12, len(data), MaxP12Size)
	}
	key, cert, cas, err := pkcs12.DecodeChain(data, password)
	if err != nil {
		return nil, classifyP12Error(data, password, err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("%w: %T", ErrUnsupportedKey, key)
	}
	return NewIdentity(signer, cert, cas)
}

// NewIdentity makes an identity from a private key kept elsewhere (a PKCS#11 token) and the
// certificates found with it: the leaf is the one holding key's public half, whichever
// position it has in certs, and the chain follows issuer signatures among the others. Errors
// match ErrUnsupportedKey or ErrKeyMismatch.
func NewIdentity(key crypto.Signer, cert *x509.Certificate, others []*x509.Certificate) (*Identity, error) {
	switch key.Public().(type) {
	case *rsa.PublicKey, *ecdsa.PublicKey:
	default:
		return nil, fmt.Errorf("%w: %T", ErrUnsupportedKey, key.Public())
	}
	// DecodeChain calls the first certificate the leaf, but files exported by some tools put
	// the CA first: the leaf is the certificate that holds our public key.
	all := append([]*x509.Certificate{cert}, others...)
	leaf := -1
	for i, c := range all {
		if c == nil {
			continue
		}
		if pub, ok := c.PublicKey.(interface{ Equal(crypto.PublicKey) bool }); ok && pub.Equal(key.Public()) {
			leaf = i
			break
		}
	}
	if leaf < 0 {
		return nil, ErrKeyMismatch
	}
	var rest []*x509.Certificate
	for i, c := range all {
		if i != leaf && c != nil {
			rest = append(rest, c)
		}
	}
	return &Identity{key: key, chain: buildChain(all[leaf], rest)}, nil
}

// classifyP12Error maps go-pkcs12's errors onto our sentinels. go-pkcs12 has no sentinel for a
// file without a key, so that case is recognised by its message or by the file decoding as a
// trust store (certificates only).
func classifyP12Error(data []byte, password string, err error) error {
	switch {
	case errors.Is(err, pkcs12.ErrIncorrectPassword), errors.Is(err, pkcs12.ErrDecryption):
		return ErrWrongPassword
	case strings.Contains(err.Error(), "private key missing"):
		return ErrNoPrivateKey
	}
	if certs, terr := pkcs12.DecodeTrustStore(data, password); terr == nil && len(certs) > 0 {
		return ErrNoPrivateKey
	}
	return fmt.Errorf("%w: %w", ErrMalformedP12, err)
}

// buildChain orders the certificates from leaf to root by following issuer signatures; the
// certificates that are not ancestors of the leaf are dropped, since a CMS signer chain must
// only hold the signer's issuers (pdfsign checks that each one signed the one before).
func buildChain(leaf *x509.Certificate, pool []*x509.Certificate) []*x509.Certificate {
	chain := []*x509.Certificate{leaf}
	used := make([]bool, len(pool))
	for cur := leaf; !isSelfSigned(cur); {
		next := -1
		for i, c := range pool {
			if !used[i] && bytes.Equal(c.RawSubject, cur.RawIssuer) && cur.CheckSignatureFrom(c) == nil {
				next = i
				break
			}
		}
		if next < 0 {
			break
		}
		used[next] = true
		cur = pool[next]
		chain = append(chain, cur)
	}
	return chain
}

func isSelfSigned(c *x509.Certificate) bool {
	return bytes.Equal(c.RawSubject, c.RawIssuer) && c.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature) == nil
}

// Certificate returns the signer's (leaf) certificate.
func (id *Identity) Certificate() *x509.Certificate { return id.chain[0] }

// Chain returns the leaf and its issuers found in the file, leaf first.
func (id *Identity) Chain() []*x509.Certificate { return append([]*x509.Certificate{}, id.chain...) }

// String names the identity without any key material, so that printing it is safe.
func (id *Identity) String() string { return "sign.Identity{" + subjectName(id.chain[0]) + "}" }

// GoString keeps %#v from dumping the private key.
func (id *Identity) GoString() string { return id.String() }

// Minimum key strength of a signer, applied at signing (CheckUsable) and at verification alike.
const (
	// MinRSABits is the smallest RSA modulus accepted, in bits.
	MinRSABits = 2048
	// MinECDSABits is the smallest elliptic curve accepted (P-256), in bits.
	MinECDSABits = 256
)

// keyProblem says, in Vietnamese, why a signer's public key is too weak; "" when it is not.
func keyProblem(pub crypto.PublicKey) string {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if n := k.N.BitLen(); n < MinRSABits {
			return fmt.Sprintf("%v: khóa RSA %d bit, cần ít nhất %d bit", ErrWeakKey, n, MinRSABits)
		}
	case *ecdsa.PublicKey:
		if k.Curve == nil {
			return ErrWeakKey.Error()
		}
		if n := k.Curve.Params().BitSize; n < MinECDSABits {
			return fmt.Sprintf("%v: đường cong ECDSA %d bit, cần ít nhất %d bit (P-256)", ErrWeakKey, n, MinECDSABits)
		}
	default:
		return fmt.Sprintf("%v: loại khóa %T", ErrUnsupportedKey, pub)
	}
	return ""
}

// CheckUsable reports whether the identity may sign at time at: every certificate of the chain
// must be valid at that instant (ErrExpired, ErrNotYetValid), the leaf's usages must allow
// document signing (ErrKeyUsage): KeyUsage, when present, holds digitalSignature or
// contentCommitment; ExtKeyUsage, when present, holds any, emailProtection, codeSigning or a
// document-signing usage (RFC 9336, Adobe, Microsoft); and its key must be strong enough
// (ErrWeakKey). Errors are *CertificateError. Verify applies the same rules.
func (id *Identity) CheckUsable(at time.Time) error {
	if p := keyProblem(id.chain[0].PublicKey); p != "" {
		leaf := id.chain[0]
		return &CertificateError{Err: ErrWeakKey, Subject: subjectName(leaf), NotBefore: leaf.NotBefore,
			NotAfter: leaf.NotAfter, At: at, Detail: p}
	}
	for _, c := range id.chain {
		if err := validityProblem(c, at); err != nil {
			return err
		}
	}
	leaf := id.chain[0]
	if detail := usageProblem(leaf); detail != "" {
		return &CertificateError{Err: ErrKeyUsage, Subject: subjectName(leaf),
			NotBefore: leaf.NotBefore, NotAfter: leaf.NotAfter, At: at, Detail: detail}
	}
	return nil
}

func validityProblem(c *x509.Certificate, at time.Time) error {
	var kind error
	switch {
	case at.Before(c.NotBefore):
		kind = ErrNotYetValid
	case at.After(c.NotAfter):
		kind = ErrExpired
	default:
		return nil
	}
	return &CertificateError{Err: kind, Subject: subjectName(c), NotBefore: c.NotBefore, NotAfter: c.NotAfter, At: at}
}

// Extended key usages that document-signing software accepts in a signer's certificate, beyond
// anyExtendedKeyUsage and emailProtection: RFC 9336 documentSigning, Adobe Authentic Documents
// Trust and Microsoft Document Signing. codeSigning is in Acrobat's list too, so it is kept.
var (
	oidEKUDocumentSigning      = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 36}
	oidEKUAdobeAuthenticDocs   = asn1.ObjectIdentifier{1, 2, 840, 113583, 1, 1, 5}
	oidEKUMicrosoftDocSigning  = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 10, 3, 12}
	acceptedUnknownExtKeyUsage = []asn1.ObjectIdentifier{oidEKUDocumentSigning, oidEKUAdobeAuthenticDocs, oidEKUMicrosoftDocSigning}
)

// usageProblem returns why the certificate must not sign a document, or "" when it may.
// Rules, as Adobe Acrobat applies them to a signer: when the KeyUsage extension is present it
// must hold digitalSignature or contentCommitment (nonRepudiation); when the ExtKeyUsage
// extension is present it must hold anyExtendedKeyUsage, emailProtection, codeSigning or one of
// the document-signing usages above. A certificate made for TLS only (serverAuth/clientAuth) or
// for a CA only (certSign) is refused.
func usageProblem(c *x509.Certificate) string {
	if c.KeyUsage != 0 && c.KeyUsage&(x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment) == 0 {
		return fmt.Sprintf("KeyUsage %s lacks digitalSignature and contentCommitment", keyUsageNames(c.KeyUsage))
	}
	if len(c.ExtKeyUsage) == 0 && len(c.UnknownExtKeyUsage) == 0 {
		return ""
	}
	for _, u := range c.ExtKeyUsage {
		switch u {
		case x509.ExtKeyUsageAny, x509.ExtKeyUsageEmailProtection, x509.ExtKeyUsageCodeSigning:
			return ""
		}
	}
	for _, u := range c.UnknownExtKeyUsage {
		for _, ok := range acceptedUnknownExtKeyUsage {
			if u.Equal(ok) {
				return ""
			}
		}
	}
	return "ExtKeyUsage has no document-signing usage"
}

func keyUsageNames(u x509.KeyUsage) string {
	names := []string{"digitalSignature", "contentCommitment", "keyEncipherment", "dataEncipherment",
		"keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"}
	var out []string
	for i, n := range names {
		if u&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return "[" + strings.Join(out, ",") + "]"
}

// subjectName names a certificate for a message: its CN, else its organisation, else the full DN.
func subjectName(c *x509.Certificate) string {
	switch {
	case c.Subject.CommonName != "":
		return c.Subject.CommonName
	case len(c.Subject.Organization) > 0:
		return c.Subject.Organization[0]
	}
	return c.Subject.String()
}

// ParseCertificates reads the certificates of a PEM file (a chain, a trust list), in order;
// other PEM blocks are passed over. A file with none is an error.
func ParseCertificates(b []byte) ([]*x509.Certificate, error) {
	var out []*x509.Certificate
	for rest := b; ; {
		var blk *pem.Block
		blk, rest = pem.Decode(rest)
		if blk == nil {
			break
		}
		if blk.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			return nil, fmt.Errorf("chứng thư thứ %d không đọc được: %v", len(out)+1, err)
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, errors.New("không có chứng thư nào dạng PEM (-----BEGIN CERTIFICATE-----)")
	}
	return out, nil
}
