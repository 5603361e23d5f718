package main

import (
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/internal/testhsm"
	"github.com/baocao-vn/baocao/internal/testpki"
	"github.com/baocao-vn/baocao/internal/testtool"
)

// hsm makes a SoftHSM2 token "co-quan" holding an RSA-2048 key "rsa" (id 01) with the CA on the
// token, and an ECDSA P-256 key "ec" (id 02) whose CA is not on the token (given by --chain);
// a token "chi-la" holds a key "sai" stored with another key's certificate.
func hsm(t *testing.T) (module, chainPEM string) {
	t.Helper()
	mod := testhsm.Dir(t)
	ca := testpki.NewCA(t)
	testhsm.InitToken(t, "co-quan")
	rk, rc := ca.Issue(t, testpki.Spec{})
	ek, ec := ca.Issue(t, testpki.Spec{ECDSA: true})
	testhsm.Import(t, mod, "co-quan", testhsm.Key{Label: "rsa", ID: []byte{1}, Key: rk, Cert: rc, Extra: []*x509.Certificate{ca.Cert}})
	testhsm.Import(t, mod, "co-quan", testhsm.Key{Label: "ec", ID: []byte{2}, Key: ek, Cert: ec})
	testhsm.InitToken(t, "chi-la")
	other, _ := ca.Issue(t, testpki.Spec{})
	testhsm.Import(t, mod, "chi-la", testhsm.Key{Label: "sai", ID: []byte{3}, Key: other, Cert: rc})
	return mod, writeRoots(t, ca.Cert)
}

// noPIN fails when the PIN appears in the command's output or in any file under dirs.
func noPIN(t *testing.T, texts []string, dirs ...string) {
	t.Helper()
	for _, s := range texts {
		if strings.Contains(s, testhsm.PIN) {
			t.Errorf("the PIN is in the output:\n%s", s)
		}
	}
	for _, d := range dirs {
		filepath.WalkDir(d, func(p string, e fs.DirEntry, err error) error {
			if err == nil && !e.IsDir() {
				if b, _ := os.ReadFile(p); strings.Contains(string(b), testhsm.PIN) {
					t.Errorf("the PIN is in %s", p)
				}
			}
			return nil
		})
	}
}

// checkSigned reads a signed appendix back as its readers do: baocao verify against the CA,
// pdfsig, qpdf --check; and verify against another root fails.
func checkSigned(t *testing.T, pdf, roots string) {
	t.Helper()
	if code, out, errOut := baocao(t, "verify", pdf, "--roots", roots); code != exitOK {
		t.Errorf("verify --roots: exit %d\n%s%s", code, out, errOut)
	}
	forged := writeRoots(t, testpki.ForgedCA(t).Cert)
	if code, _, _ := baocao(t, "verify", pdf, "--roots", forged); code != exitDiscrepancy {
		t.Errorf("verify against roots without the chain's root: exit %d, want %d", code, exitDiscrepancy)
	}
	sig := testtool.Run(t, "pdfsig", pdf)
	for _, want := range []string{"Signature Validation: Signature is Valid.", "Total document signed"} {
		if !strings.Contains(sig, want) {
			t.Errorf("pdfsig lacks %q:\n%s", want, sig)
		}
	}
	testtool.Run(t, "qpdf", "--check", pdf)
}

func TestRenderThroughToken(t *testing.T) {
	testtool.Require(t, "pdfsig")
	mod, roots := hsm(t)
	t.Setenv("BAOCAO_PKCS11_PIN", testhsm.PIN)
	const at = "2022-09-14T16:30:05+07:00"
	for _, tc := range []struct {
		name string
		args []string
		alg  string
	}{
		{"RSA-2048, chain from the token", []string{"--token-label", "co-quan", "--key-label", "rsa"}, "RSA"},
		{"ECDSA P-256, chain from --chain", []string{"--token-label", "co-quan", "--key-id", "02", "--chain", roots}, "ECDSA"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			args := append([]string{"render", sample, "-o", out, "--sign-pkcs11", mod, "--sign-time", at}, tc.args...)
			code, stdout, errOut := baocao(t, args...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			pdf := filepath.Join(out, "phu-luc.pdf")
			checkSigned(t, pdf, roots)
			if sig := testtool.Run(t, "pdfsig", pdf); !strings.Contains(sig, tc.alg) {
				t.Errorf("pdfsig does not show an %s signature:\n%s", tc.alg, sig)
			}
			text := testtool.Run(t, "pdftotext", "-f", "1", "-l", "1", pdf, "-")
			if !strings.Contains(text, "14/09/2022 16:30:05 +07:00") {
				t.Errorf("page 1 does not show the signing time:\n%.600s", text)
			}
			noPIN(t, []string{stdout, errOut}, out)
		})
	}
}

func TestSignCommandThroughToken(t *testing.T) {
	testtool.Require(t, "pdfsig")
	mod, roots := hsm(t)
	in := filepath.Join(t.TempDir(), "in")
	if code, _, errOut := baocao(t, "render", sample, "-o", in); code != exitOK {
		t.Fatal(errOut)
	}
	pinFile := filepath.Join(t.TempDir(), "pin")
	os.WriteFile(pinFile, []byte(testhsm.PIN+"\n"), 0o600)
	t.Setenv("BAOCAO_PKCS11_PIN", "")
	outPDF := filepath.Join(t.TempDir(), "signed.pdf")
	code, stdout, errOut := baocao(t, "sign", filepath.Join(in, "phu-luc.pdf"), "-o", outPDF,
		"--sign-pkcs11", mod, "--token-label", "co-quan", "--key-label", "rsa", "--pin-file", pinFile)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	checkSigned(t, outPDF, roots)
	noPIN(t, []string{stdout, errOut}, filepath.Dir(outPDF))
}

func TestTokenRefusals(t *testing.T) {
	mod, _ := hsm(t)
	wrongPIN := filepath.Join(t.TempDir(), "pin")
	os.WriteFile(wrongPIN, []byte("111111"), 0o600)
	for _, tc := range []struct {
		name string
		pin  string // BAOCAO_PKCS11_PIN
		args []string
		want string
	}{
		{"wrong PIN", "999999", []string{"--token-label", "co-quan", "--key-label", "rsa"}, "sai mã PIN"},
		{"wrong PIN from a file", testhsm.PIN, []string{"--token-label", "co-quan", "--key-label", "rsa", "--pin-file", wrongPIN}, "sai mã PIN"},
		{"no PIN", "", []string{"--token-label", "co-quan", "--key-label", "rsa"}, "thiếu mã PIN"},
		{"missing token", testhsm.PIN, []string{"--token-label", "khong-co", "--key-label", "rsa"}, "không tìm thấy thiết bị ký số (token) “khong-co”"},
		{"missing key", testhsm.PIN, []string{"--token-label", "co-quan", "--key-label", "khong-co"}, "không tìm thấy khóa bí mật"},
		{"certificate of another key", testhsm.PIN, []string{"--token-label", "chi-la", "--key-label", "sai"}, "không khớp với khóa bí mật"},
		{"no token named", testhsm.PIN, []string{"--key-label", "rsa"}, "--token-label hoặc --slot"},
		{"bad key id", testhsm.PIN, []string{"--token-label", "co-quan", "--key-id", "xyz"}, "--key-id"},
		{"both .p12 and token", testhsm.PIN, []string{"--token-label", "co-quan", "--key-label", "rsa", "--sign-p12", "x.p12"}, "không dùng cùng"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("BAOCAO_PKCS11_PIN", tc.pin)
			out := t.TempDir()
			args := append([]string{"render", sample, "-o", out, "--sign-pkcs11", mod}, tc.args...)
			code, stdout, errOut := baocao(t, args...)
			if code != exitInvalid || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, exitInvalid, tc.want)
			}
			if entries, _ := os.ReadDir(out); len(entries) != 0 {
				t.Errorf("files written: %v", entries)
			}
			noPIN(t, []string{stdout, errOut}, out)
			if strings.Contains(errOut, "999999") || strings.Contains(errOut, "111111") {
				t.Errorf("the wrong PIN is echoed: %s", errOut)
			}
		})
	}
	if code, _, errOut := baocao(t, "render", sample, "-o", t.TempDir(), "--key-label", "rsa"); code != exitInvalid || !strings.Contains(errOut, "chỉ dùng cùng --sign-pkcs11") {
		t.Errorf("--key-label without --sign-pkcs11: exit %d %s", code, errOut)
	}
}

func TestBatchThroughOneToken(t *testing.T) {
	testtool.Require(t, "pdfsig")
	mod, roots := hsm(t)
	t.Setenv("BAOCAO_PKCS11_PIN", testhsm.PIN)
	in := t.TempDir()
	for _, name := range []string{"2022-09-14.toml", "2022-12-15.toml", "2023-03-15.toml"} {
		b, err := os.ReadFile(filepath.Join("../../samples", name))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(in, name), b, 0o644)
	}
	out := t.TempDir()
	code, stdout, errOut := baocao(t, "batch", in, "-o", out, "-j", "2", "--sign-pkcs11", mod, "--token-label", "co-quan", "--key-label", "ec")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var pdfs []string
	filepath.WalkDir(out, func(p string, e fs.DirEntry, err error) error {
		if err == nil && e.Name() == "phu-luc.pdf" {
			pdfs = append(pdfs, p)
		}
		return nil
	})
	if len(pdfs) != 3 {
		t.Fatalf("%d signed appendices, want 3", len(pdfs))
	}
	for _, p := range pdfs {
		checkSigned(t, p, roots)
	}
	noPIN(t, []string{stdout, errOut}, out)
}

func TestTokensCommand(t *testing.T) {
	mod, _ := hsm(t)
	t.Setenv("BAOCAO_PKCS11_PIN", "")
	code, out, errOut := baocao(t, "tokens", mod)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"thiết bị “co-quan”", "thiết bị “chi-la”", "chứng thư", "nhãn “rsa”, mã 01",
		"CN=Sở Ngoại vụ tỉnh Hà Tĩnh", "đến 2030-01-01 07:00:00 +07:00", "khóa công khai", "đăng nhập"} {
		if !strings.Contains(out, want) {
			t.Errorf("tokens lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "khóa bí mật  ") {
		t.Errorf("private keys listed without login:\n%s", out)
	}
	t.Setenv("BAOCAO_PKCS11_PIN", testhsm.PIN)
	code, out, errOut = baocao(t, "tokens", mod, "--json")
	if code != exitOK {
		t.Fatalf("--json: exit %d: %s", code, errOut)
	}
	noPIN(t, []string{out, errOut})
	var slots []struct {
		Slot     uint
		Label    string
		LoggedIn bool
		Objects  []struct{ Class, Label, ID, KeyType string }
	}
	if err := json.Unmarshal([]byte(out), &slots); err != nil {
		t.Fatal(err)
	}
	found := false
	var slot uint
	for _, s := range slots {
		if s.Label == "co-quan" {
			slot = s.Slot
		}
		for _, o := range s.Objects {
			if s.Label == "co-quan" && s.LoggedIn && o.Class == "khóa bí mật" && o.Label == "ec" && o.ID == "02" && o.KeyType == "EC" {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("--json with the PIN does not list the private key ec:\n%s", out)
	}
	// The slot number listed selects the token, the id listed selects the key.
	dir := t.TempDir()
	if code, _, errOut := baocao(t, "render", sample, "-o", dir, "--sign-pkcs11", mod, "--slot", fmt.Sprint(slot), "--key-id", "02"); code != exitOK {
		t.Errorf("render --slot %d --key-id 02: exit %d %s", slot, code, errOut)
	} else if code, out, _ := baocao(t, "verify", filepath.Join(dir, "phu-luc.pdf")); code != exitTrustNotChecked {
		t.Errorf("verify: exit %d\n%s", code, out)
	}
	t.Setenv("BAOCAO_PKCS11_PIN", "999999")
	if code, _, errOut := baocao(t, "tokens", mod); code != exitInvalid || !strings.Contains(errOut, "sai mã PIN") || strings.Contains(errOut, "999999") {
		t.Errorf("wrong PIN: exit %d %s", code, errOut)
	}
	if code, _, errOut := baocao(t, "tokens", "/khong/co.so"); code != exitInvalid || !strings.Contains(errOut, "PKCS#11") {
		t.Errorf("missing module: exit %d %s", code, errOut)
	}
}
