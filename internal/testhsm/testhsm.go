// Package testhsm makes, at test time, a SoftHSM2 token in a temporary directory and puts keys
// and certificates on it, as an agency's USB token or HSM holds them, so that signing through
// PKCS#11 is tested against a real module.
package testhsm

import (
	"crypto"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/miekg/pkcs11"

	"github.com/baocao-vn/baocao/internal/testtool"
)

// PIN is the user PIN of every token this package makes.
const PIN = "246810"

// soPIN is the security officer's PIN, used only to initialise tokens.
const soPIN = "135791"

// Module returns the path of the SoftHSM2 PKCS#11 module, skipping the test (failing under
// CI=true) when SoftHSM2 is not installed.
func Module(t testing.TB) string {
	t.Helper()
	testtool.Require(t, "softhsm2-util")
	for _, p := range []string{
		"/usr/lib/softhsm/libsofthsm2.so",
		"/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
		"/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
		"/usr/local/lib/softhsm/libsofthsm2.so",
	} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Fatal("softhsm2-util is installed but libsofthsm2.so was not found")
	return ""
}

// Dir makes an empty token directory and points SOFTHSM2_CONF at it for the rest of the test
// (so tests using it cannot run in parallel), returning the module's path.
func Dir(t testing.TB) string {
	t.Helper()
	mod := Module(t)
	dir := t.TempDir()
	tokens := filepath.Join(dir, "tokens")
	if err := os.Mkdir(tokens, 0o700); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "softhsm2.conf")
	if err := os.WriteFile(conf, []byte("directories.tokendir = "+tokens+"\nobjectstore.backend = file\nlog.level = ERROR\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if s, ok := t.(interface{ Setenv(string, string) }); ok {
		s.Setenv("SOFTHSM2_CONF", conf)
	} else {
		os.Setenv("SOFTHSM2_CONF", conf)
	}
	return mod
}

// InitToken initialises a new token labelled label with PIN in the directory made by Dir.
func InitToken(t testing.TB, label string) {
	t.Helper()
	run(t, "--init-token", "--free", "--label", label, "--so-pin", soPIN, "--pin", PIN)
}

// Key is a key pair and certificates to put on a token.
type Key struct {
	Label string
	ID    []byte
	Key   crypto.Signer       // nil: certificates only
	Cert  *x509.Certificate   // stored with the key's id and label
	Extra []*x509.Certificate // issuers, stored under their own ids
}

// Import puts k on the token labelled tokenLabel: the key pair through softhsm2-util (from a
// PKCS#8 file, as a user imports an existing key), the certificates through PKCS#11.
func Import(t testing.TB, module, tokenLabel string, k Key) {
	t.Helper()
	if k.Key != nil {
		der, err := x509.MarshalPKCS8PrivateKey(k.Key)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(t.TempDir(), "key.pem")
		if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
			t.Fatal(err)
		}
		run(t, "--import", p, "--token", tokenLabel, "--label", k.Label, "--id", hex.EncodeToString(k.ID), "--pin", PIN)
	}
	if k.Cert == nil && len(k.Extra) == 0 {
		return
	}
	ctx := pkcs11.New(module)
	if ctx == nil {
		t.Fatalf("cannot load %s", module)
	}
	defer ctx.Destroy()
	if err := ctx.Initialize(); err != nil {
		t.Fatal(err)
	}
	defer ctx.Finalize()
	slot := findSlot(t, ctx, tokenLabel)
	sess, err := ctx.OpenSession(slot, pkcs11.CKF_SERIAL_SESSION|pkcs11.CKF_RW_SESSION)
	if err != nil {
		t.Fatal(err)
	}
	defer ctx.CloseSession(sess)
	if err := ctx.Login(sess, pkcs11.CKU_USER, PIN); err != nil {
		t.Fatal(err)
	}
	defer ctx.Logout(sess)
	if k.Cert != nil {
		putCert(t, ctx, sess, k.ID, k.Label, k.Cert)
	}
	for i, c := range k.Extra {
		putCert(t, ctx, sess, []byte{0xCA, byte(i)}, "CA "+c.Subject.CommonName, c)
	}
}

func putCert(t testing.TB, ctx *pkcs11.Ctx, sess pkcs11.SessionHandle, id []byte, label string, c *x509.Certificate) {
	t.Helper()
	_, err := ctx.CreateObject(sess, []*pkcs11.Attribute{
		pkcs11.NewAttribute(pkcs11.CKA_CLASS, pkcs11.CKO_CERTIFICATE),
		pkcs11.NewAttribute(pkcs11.CKA_CERTIFICATE_TYPE, pkcs11.CKC_X_509),
		pkcs11.NewAttribute(pkcs11.CKA_TOKEN, true),
		pkcs11.NewAttribute(pkcs11.CKA_PRIVATE, false),
		pkcs11.NewAttribute(pkcs11.CKA_ID, id),
		pkcs11.NewAttribute(pkcs11.CKA_LABEL, label),
		pkcs11.NewAttribute(pkcs11.CKA_SUBJECT, c.RawSubject),
		pkcs11.NewAttribute(pkcs11.CKA_ISSUER, c.RawIssuer),
		pkcs11.NewAttribute(pkcs11.CKA_VALUE, c.Raw),
	})
	if err != nil {
		t.Fatalf("importing certificate %s: %v", label, err)
	}
}

func findSlot(t testing.TB, ctx *pkcs11.Ctx, label string) uint {
	t.Helper()
	slots, err := ctx.GetSlotList(true)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range slots {
		ti, err := ctx.GetTokenInfo(s)
		if err == nil && trim(ti.Label) == label {
			return s
		}
	}
	t.Fatalf("no token %q", label)
	return 0
}

func trim(s string) string {
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == 0) {
		s = s[:len(s)-1]
	}
	return s
}

func run(t testing.TB, args ...string) {
	t.Helper()
	out, err := exec.Command("softhsm2-util", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("softhsm2-util %v: %v\n%s", args[0], err, out)
	}
}
