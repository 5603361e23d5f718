// Package token signs with an organisation certificate whose private key stays on a PKCS#11
// token or HSM (a USB token, a network HSM, SoftHSM in tests): it opens the module, logs in once
// and hands generator/sign a sign.Identity whose key is the token's, plus the certificate and
// its chain read from the token (or from a PEM file when the token holds only the leaf). It also
// lists what a token holds, without any secret, so that a user can find the labels to give.
package token

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/ThalesGroup/crypto11"
	"github.com/miekg/pkcs11"

	"github.com/baocao-vn/baocao/generator/sign"
)

// Sentinel errors, Vietnamese because the command shows them as they are. None of them, nor
// any error of this package, ever contains the PIN.
var (
	// ErrModule: the PKCS#11 module cannot be loaded or initialised.
	ErrModule = errors.New("không nạp được thư viện PKCS#11 (module) của thiết bị ký số")
	// ErrTokenNotFound: no slot holds a token with the label or slot number given.
	ErrTokenNotFound = errors.New("không tìm thấy thiết bị ký số (token)")
	// ErrWrongPIN: the token refused the PIN.
	ErrWrongPIN = errors.New("sai mã PIN của thiết bị ký số")
	// ErrPINLocked: the token locked its PIN after too many wrong ones.
	ErrPINLocked = errors.New("mã PIN của thiết bị ký số đã bị khóa")
	// ErrKeyNotFound: no private key on the token has the label or id given.
	ErrKeyNotFound = errors.New("không tìm thấy khóa bí mật trên thiết bị ký số")
	// ErrCertNotFound: no certificate on the token has the key's id or label.
	ErrCertNotFound = errors.New("không tìm thấy chứng thư số của khóa trên thiết bị ký số")
	// ErrKeyMismatch: the certificate found for the key does not hold the key's public half.
	ErrKeyMismatch = errors.New("chứng thư số trên thiết bị không khớp với khóa bí mật")
	// ErrChainFile: the --chain file cannot be read as PEM certificates.
	ErrChainFile = errors.New("tệp chuỗi chứng thư (--chain) không đọc được")
	// ErrSelection: the token or key was not named exactly once.
	ErrSelection = errors.New("cần chỉ rõ thiết bị ký số và khóa")
)

// MaxChainSize is the largest --chain PEM file accepted, in bytes (a chain is a few KB).
const MaxChainSize = 1 << 20

// maxObjects bounds how many objects are read from a token, so that a module reporting
// millions of objects cannot exhaust memory; real tokens hold a handful.
const maxObjects = 4096

// Config names the module, the token, the key and the PIN.
type Config struct {
	Module     string // path of the PKCS#11 module (.so)
	TokenLabel string // the token's label; or
	Slot       *uint  // the slot's number (as listed by List)
	KeyLabel   string // the private key's CKA_LABEL; and/or
	KeyID      []byte // its CKA_ID
	PIN        string // the user PIN; never printed
	ChainPEM   []byte // optional issuers of the certificate, PEM, for a token holding only the leaf
}

// Token is an open, logged-in token. Its Identity signs through one PKCS#11 session (callers
// signing concurrently take turns), so a batch logs in once for every document.
type Token struct {
	ctx *crypto11.Context
	id  *sign.Identity
}

// Identity returns the identity to give sign.Sign or generator.Options.Signer.
func (t *Token) Identity() *sign.Identity { return t.id }

// Close logs out and unloads the module; the Identity must not be used afterwards.
func (t *Token) Close() error { return t.ctx.Close() }

// Open loads the module, finds the token, logs in with the PIN, finds the key and its
// certificate, and checks with a test signature that the key and the certificate belong
// together. Nothing is signed with a token that fails any of these steps.
func Open(cfg Config) (*Token, error) {
	if (cfg.TokenLabel == "") == (cfg.Slot == nil) {
		return nil, fmt.Errorf("%w: cho đúng một trong --token-label hoặc --slot", ErrSelection)
	}
	if cfg.KeyLabel == "" && len(cfg.KeyID) == 0 {
		return nil, fmt.Errorf("%w: cho --key-label hoặc --key-id", ErrSelection)
	}
	extra, err := parseChain(cfg.ChainPEM)
	if err != nil {
		return nil, err
	}
	// Certificates are public objects: they are read without logging in, before crypto11
	// takes the module over (it initialises the module itself and keeps it).
	slot, certs, err := scan(cfg)
	if err != nil {
		return nil, err
	}
	slotNum := int(slot)
	ctx, err := crypto11.Configure(&crypto11.Config{
		Path:       cfg.Module,
		SlotNumber: &slotNum,
		Pin:        cfg.PIN,
		// One session logged in and kept open, one session that every signature goes through.
		MaxSessions: 2,
	})
	if err != nil {
		return nil, classify(err, cfg)
	}
	t := &Token{ctx: ctx}
	if err := t.load(cfg, certs, extra); err != nil {
		ctx.Close()
		return nil, err
	}
	return t, nil
}

func (t *Token) load(cfg Config, certs []object, extra []*x509.Certificate) error {
	signer, err := t.ctx.FindKeyPair(cfg.KeyID, labelBytes(cfg.KeyLabel))
	var p11 pkcs11.Error
	if errors.As(err, &p11) {
		return fmt.Errorf("%w: %s: %v", ErrKeyNotFound, keyName(cfg), err)
	}
	// crypto11 answers a missing key with nil, or with an error of its own (English, no
	// sentinel) when the public half is missing too.
	if err != nil || signer == nil {
		return fmt.Errorf("%w: %s", ErrKeyNotFound, keyName(cfg))
	}
	// The certificate is the object that shares the key's CKA_ID (the PKCS#11 convention),
	// or else its label.
	var keyID, keyLabel []byte
	if a, err := t.ctx.GetAttributes(signer, []crypto11.AttributeType{crypto11.CkaId, crypto11.CkaLabel}); err == nil {
		if v := a[crypto11.CkaId]; v != nil {
			keyID = v.Value
		}
		if v := a[crypto11.CkaLabel]; v != nil {
			keyLabel = v.Value
		}
	}
	var leaf *x509.Certificate
	for _, c := range certs {
		if len(keyID) > 0 && bytes.Equal(c.id, keyID) {
			leaf = c.cert
			break
		}
	}
	for _, c := range certs {
		if leaf == nil && len(keyLabel) > 0 && bytes.Equal(c.label, keyLabel) {
			leaf = c.cert
		}
	}
	if leaf == nil {
		return fmt.Errorf("%w: %s (CKA_ID %s)", ErrCertNotFound, keyName(cfg), hexOrDash(keyID))
	}
	if err := probe(signer, leaf); err != nil {
		return fmt.Errorf("%w: chứng thư “%s”, %s: %v", ErrKeyMismatch, leaf.Subject.CommonName, keyName(cfg), err)
	}
	others := extra
	for _, c := range certs {
		if c.cert != leaf {
			others = append(others, c.cert)
		}
	}
	id, err := sign.NewIdentity(signer, leaf, others)
	if errors.Is(err, sign.ErrKeyMismatch) {
		return fmt.Errorf("%w: chứng thư “%s”, %s", ErrKeyMismatch, leaf.Subject.CommonName, keyName(cfg))
	}
	if err != nil {
		return err
	}
	t.id = id
	return nil
}

// probe signs a fixed digest with the token's key and verifies it with the certificate's public
// key: crypto11 may take a key's public half from the certificate itself, so comparing the two
// public keys alone would not notice a certificate stored under another key's id.
func probe(signer crypto.Signer, cert *x509.Certificate) error {
	digest := sha256.Sum256([]byte("baocao: kiểm tra khóa và chứng thư trên thiết bị ký số"))
	sig, err := signer.Sign(rand.Reader, digest[:], crypto.SHA256)
	if err != nil {
		return fmt.Errorf("ký thử thất bại: %v", err)
	}
	switch pub := cert.PublicKey.(type) {
	case *rsa.PublicKey:
		if rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], sig) != nil {
			return errors.New("chữ ký thử không khớp khóa công khai RSA của chứng thư")
		}
	case *ecdsa.PublicKey:
		if !ecdsa.VerifyASN1(pub, digest[:], sig) {
			return errors.New("chữ ký thử không khớp khóa công khai ECDSA của chứng thư")
		}
	default:
		return fmt.Errorf("%w: %T", sign.ErrUnsupportedKey, cert.PublicKey)
	}
	return nil
}

// classify maps what crypto11 and the module answer at login onto the sentinels.
func classify(err error, cfg Config) error {
	switch {
	case errors.Is(err, pkcs11.Error(pkcs11.CKR_PIN_INCORRECT)), errors.Is(err, pkcs11.Error(pkcs11.CKR_PIN_LEN_RANGE)),
		errors.Is(err, pkcs11.Error(pkcs11.CKR_PIN_INVALID)):
		return fmt.Errorf("%w (thiết bị %s)", ErrWrongPIN, tokenName(cfg))
	case errors.Is(err, pkcs11.Error(pkcs11.CKR_PIN_LOCKED)):
		return fmt.Errorf("%w (thiết bị %s)", ErrPINLocked, tokenName(cfg))
	}
	return fmt.Errorf("%w: %s: %v", ErrModule, cfg.Module, err)
}

func parseChain(b []byte) ([]*x509.Certificate, error) {
	if len(b) == 0 {
		return nil, nil
	}
	if len(b) > MaxChainSize {
		return nil, fmt.Errorf("%w: %d byte vượt giới hạn %d byte (MaxChainSize)", ErrChainFile, len(b), MaxChainSize)
	}
	certs, err := sign.ParseCertificates(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrChainFile, err)
	}
	return certs, nil
}

func labelBytes(s string) []byte {
	if s == "" {
		return nil
	}
	return []byte(s)
}

func keyName(cfg Config) string {
	var parts []string
	if cfg.KeyLabel != "" {
		parts = append(parts, fmt.Sprintf("nhãn khóa “%s”", cfg.KeyLabel))
	}
	if len(cfg.KeyID) > 0 {
		parts = append(parts, "mã khóa "+hex.EncodeToString(cfg.KeyID))
	}
	return strings.Join(parts, ", ")
}

func tokenName(cfg Config) string {
	if cfg.Slot != nil {
		return fmt.Sprintf("ở khe %d", *cfg.Slot)
	}
	return fmt.Sprintf("“%s”", cfg.TokenLabel)
}

func hexOrDash(b []byte) string {
	if len(b) == 0 {
		return "-"
	}
	return hex.EncodeToString(b)
}
