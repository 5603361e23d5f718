package token

import (
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/miekg/pkcs11"
)

// Slot is one slot of a module and the token in it, as List reports them.
type Slot struct {
	ID           uint     `json:"slot"`
	Description  string   `json:"description"`
	Label        string   `json:"label"` // the token's label
	Manufacturer string   `json:"manufacturer"`
	Model        string   `json:"model"`
	Serial       string   `json:"serial"`
	Initialized  bool     `json:"initialized"` // a token never initialised (SoftHSM's free slot) holds nothing
	LoggedIn     bool     `json:"loggedIn"`    // private keys were listed, after logging in with the PIN
	Objects      []Object `json:"objects"`     // certificates and keys, never their secret values
}

// Object is a certificate or a key on a token, named and dated, without any secret value.
type Object struct {
	Class     string    `json:"class"` // "chứng thư", "khóa bí mật" or "khóa công khai"
	Label     string    `json:"label"`
	ID        string    `json:"id"`                // CKA_ID in hexadecimal, as --key-id takes it
	KeyType   string    `json:"keyType,omitempty"` // RSA or EC, for keys
	Subject   string    `json:"subject,omitempty"` // certificates only
	Issuer    string    `json:"issuer,omitempty"`
	NotBefore time.Time `json:"notBefore,omitzero"`
	NotAfter  time.Time `json:"notAfter,omitzero"`
}

// object is a certificate read from a token, with its PKCS#11 id and label.
type object struct {
	id, label []byte
	cert      *x509.Certificate
}

// module loads and initialises a PKCS#11 module for a short look; done finalises it, so that
// crypto11 can then load it afresh.
func module(path string) (ctx *pkcs11.Ctx, done func(), err error) {
	if _, err := os.Stat(path); err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrModule, err)
	}
	ctx = pkcs11.New(path)
	if ctx == nil {
		return nil, nil, fmt.Errorf("%w: %s: không phải thư viện PKCS#11", ErrModule, path)
	}
	if err := ctx.Initialize(); err != nil && !errors.Is(err, pkcs11.Error(pkcs11.CKR_CRYPTOKI_ALREADY_INITIALIZED)) {
		ctx.Destroy()
		return nil, nil, fmt.Errorf("%w: %s: %v", ErrModule, path, err)
	}
	return ctx, func() { ctx.Finalize(); ctx.Destroy() }, nil
}

// scan finds the slot of the token cfg names and reads the certificates on it.
func scan(cfg Config) (uint, []object, error) {
	ctx, done, err := module(cfg.Module)
	if err != nil {
		return 0, nil, err
	}
	defer done()
	slots, err := ctx.GetSlotList(true)
	if err != nil {
		return 0, nil, fmt.Errorf("%w: %s: %v", ErrModule, cfg.Module, err)
	}
	var seen []string
	for _, s := range slots {
		ti, err := ctx.GetTokenInfo(s)
		if err != nil {
			continue
		}
		label := trim(ti.Label)
		if ti.Flags&pkcs11.CKF_TOKEN_INITIALIZED != 0 {
			seen = append(seen, fmt.Sprintf("khe %d “%s”", s, label))
		}
		if (cfg.Slot != nil && *cfg.Slot == s) || (cfg.Slot == nil && label == cfg.TokenLabel) {
			certs, err := certificates(ctx, s)
			return s, certs, err
		}
	}
	have := "không có thiết bị nào"
	if len(seen) > 0 {
		have = "có: " + strings.Join(seen, ", ")
	}
	return 0, nil, fmt.Errorf("%w %s (%s)", ErrTokenNotFound, tokenName(cfg), have)
}

// certificates reads the X.509 certificates of the token in slot, without logging in.
func certificates(ctx *pkcs11.Ctx, slot uint) ([]object, error) {
	sess, err := ctx.OpenSession(slot, pkcs11.CKF_SERIAL_SESSION)
	if err != nil {
		return nil, fmt.Errorf("%w: mở phiên làm việc: %v", ErrModule, err)
	}
	defer ctx.CloseSession(sess)
	handles, err := find(ctx, sess, pkcs11.CKO_CERTIFICATE)
	if err != nil {
		return nil, err
	}
	var out []object
	for _, h := range handles {
		a, err := ctx.GetAttributeValue(sess, h, []*pkcs11.Attribute{
			pkcs11.NewAttribute(pkcs11.CKA_ID, nil),
			pkcs11.NewAttribute(pkcs11.CKA_LABEL, nil),
			pkcs11.NewAttribute(pkcs11.CKA_VALUE, nil),
		})
		if err != nil {
			continue
		}
		c, err := x509.ParseCertificate(a[2].Value)
		if err != nil {
			continue // not X.509: not ours to use
		}
		out = append(out, object{id: a[0].Value, label: a[1].Value, cert: c})
	}
	return out, nil
}

// find returns the handles of the objects of one class, at most maxObjects of them.
func find(ctx *pkcs11.Ctx, sess pkcs11.SessionHandle, class uint) ([]pkcs11.ObjectHandle, error) {
	if err := ctx.FindObjectsInit(sess, []*pkcs11.Attribute{pkcs11.NewAttribute(pkcs11.CKA_CLASS, class)}); err != nil {
		return nil, fmt.Errorf("%w: tìm đối tượng: %v", ErrModule, err)
	}
	defer ctx.FindObjectsFinal(sess)
	var all []pkcs11.ObjectHandle
	for len(all) < maxObjects {
		hs, _, err := ctx.FindObjects(sess, 64)
		if err != nil {
			return nil, fmt.Errorf("%w: tìm đối tượng: %v", ErrModule, err)
		}
		if len(hs) == 0 {
			break
		}
		all = append(all, hs...)
	}
	return all, nil
}

// List describes every slot of the module that holds a token: its label, model and serial, and
// its certificates and public keys; with a PIN (non-empty) it logs in to list private keys too.
// Nothing secret is read: no key value, no PIN in any error.
func List(path, pin string) ([]Slot, error) {
	ctx, done, err := module(path)
	if err != nil {
		return nil, err
	}
	defer done()
	ids, err := ctx.GetSlotList(true)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrModule, path, err)
	}
	var out []Slot
	for _, id := range ids {
		si, _ := ctx.GetSlotInfo(id)
		ti, err := ctx.GetTokenInfo(id)
		if err != nil {
			continue
		}
		s := Slot{ID: id, Description: trim(si.SlotDescription), Label: trim(ti.Label),
			Manufacturer: trim(ti.ManufacturerID), Model: trim(ti.Model), Serial: trim(ti.SerialNumber),
			Initialized: ti.Flags&pkcs11.CKF_TOKEN_INITIALIZED != 0}
		if !s.Initialized {
			out = append(out, s)
			continue
		}
		if err := listObjects(ctx, &s, pin); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func listObjects(ctx *pkcs11.Ctx, s *Slot, pin string) error {
	sess, err := ctx.OpenSession(s.ID, pkcs11.CKF_SERIAL_SESSION)
	if err != nil {
		return fmt.Errorf("%w: khe %d: mở phiên làm việc: %v", ErrModule, s.ID, err)
	}
	defer ctx.CloseSession(sess)
	if pin != "" {
		err := ctx.Login(sess, pkcs11.CKU_USER, pin)
		switch {
		case err == nil:
			s.LoggedIn = true
			defer ctx.Logout(sess)
		case errors.Is(err, pkcs11.Error(pkcs11.CKR_USER_ALREADY_LOGGED_IN)):
			s.LoggedIn = true
		case errors.Is(err, pkcs11.Error(pkcs11.CKR_PIN_INCORRECT)), errors.Is(err, pkcs11.Error(pkcs11.CKR_PIN_LEN_RANGE)):
			return fmt.Errorf("%w (thiết bị “%s”, khe %d)", ErrWrongPIN, s.Label, s.ID)
		case errors.Is(err, pkcs11.Error(pkcs11.CKR_PIN_LOCKED)):
			return fmt.Errorf("%w (thiết bị “%s”, khe %d)", ErrPINLocked, s.Label, s.ID)
		default:
			return fmt.Errorf("%w: khe %d: đăng nhập: %v", ErrModule, s.ID, err)
		}
	}
	certs, err := certificates(ctx, s.ID)
	if err != nil {
		return err
	}
	for _, c := range certs {
		s.Objects = append(s.Objects, Object{Class: "chứng thư", Label: string(c.label), ID: hex.EncodeToString(c.id),
			Subject: c.cert.Subject.String(), Issuer: c.cert.Issuer.String(),
			NotBefore: c.cert.NotBefore, NotAfter: c.cert.NotAfter})
	}
	for _, k := range []struct {
		class uint
		name  string
	}{{pkcs11.CKO_PRIVATE_KEY, "khóa bí mật"}, {pkcs11.CKO_PUBLIC_KEY, "khóa công khai"}} {
		hs, err := find(ctx, sess, k.class)
		if err != nil {
			return err
		}
		for _, h := range hs {
			// Only names: CKA_VALUE and the private components are never asked for.
			a, err := ctx.GetAttributeValue(sess, h, []*pkcs11.Attribute{
				pkcs11.NewAttribute(pkcs11.CKA_ID, nil),
				pkcs11.NewAttribute(pkcs11.CKA_LABEL, nil),
				pkcs11.NewAttribute(pkcs11.CKA_KEY_TYPE, nil),
			})
			if err != nil {
				continue
			}
			s.Objects = append(s.Objects, Object{Class: k.name, ID: hex.EncodeToString(a[0].Value), Label: string(a[1].Value), KeyType: keyType(a[2].Value)})
		}
	}
	return nil
}

func keyType(v []byte) string {
	var n uint64
	for i := len(v) - 1; i >= 0; i-- { // CK_ULONG in the host's (little-endian) order
		n = n<<8 | uint64(v[i])
	}
	switch n {
	case pkcs11.CKK_RSA:
		return "RSA"
	case pkcs11.CKK_EC:
		return "EC"
	}
	return fmt.Sprintf("loại %d", n)
}

func trim(s string) string { return strings.TrimRight(s, " \x00") }
