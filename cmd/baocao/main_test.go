package main

import (
	"bytes"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/baocao-vn/baocao/generator/batch"
	"github.com/baocao-vn/baocao/internal/testpki"
	"github.com/baocao-vn/baocao/internal/testtool"
)

const sample = "../../samples/2022-09-14.toml"

// baocao runs the command in-process as a user would from the shell.
func baocao(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

func TestCheckSample(t *testing.T) {
	code, out, errOut := baocao(t, "check", sample)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	for _, want := range []string{
		"(72,92*100)/78,50 = 92,89%", "(92,89*1,50)/100 = 1,39",
		"9,03", "9,50", "9,00", "8,00", "7,78", "4,75", "= 95,5",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q", want)
		}
	}
	if !strings.Contains(errOut, "tỷ lệ ghi 90,0% nhưng tính được 92,9%") {
		t.Errorf("stderr does not flag the stated 90.0 %%:\n%s", errOut)
	}
	testtool.Golden(t, filepath.Join("testdata", "check.golden"), out)

	if code, _, _ := baocao(t, "check", "--strict", sample); code != exitDiscrepancy {
		t.Errorf("--strict: exit %d, want %d", code, exitDiscrepancy)
	}
	if code, _, _ := baocao(t, "check", "--strict", "../../samples/2023-03-15.toml"); code != exitOK {
		t.Errorf("--strict on a dataset without discrepancy: exit %d", code)
	}
}

func TestCheckJSON(t *testing.T) {
	code, out, _ := baocao(t, "check", "--json", sample)
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var r struct {
		Valid      bool
		Completion struct{ Rate, Score string }
		Fields     []struct{ ID, Computed string }
		Checks     []struct {
			Path string
			OK   bool
		}
		Discrepancies int
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if !r.Valid || r.Completion.Rate != "92.89" || r.Completion.Score != "1.39" || r.Discrepancies != 1 {
		t.Errorf("got %+v", r)
	}
	if len(r.Fields) != 7 || r.Fields[0].Computed != "9.03" {
		t.Errorf("fields %+v", r.Fields)
	}
}

func TestCheckInvalid(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.toml")
	src, _ := os.ReadFile(sample)
	s := strings.Replace(string(src), "score = 0.75\n  reason = \"Chưa thực hiện", "score = 1.75\n  reason = \"Chưa thực hiện", 1)
	s = strings.Replace(s, "deadline = \"Quý IV\"", "dealine = \"Quý IV\"", 1)
	if err := os.WriteFile(bad, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := baocao(t, "check", bad)
	if code != exitInvalid {
		t.Fatalf("exit %d, want %d", code, exitInvalid)
	}
	// Both errors, each with file:line and key path.
	for _, re := range []string{
		`bad\.toml:\d+(:\d+)?: fields\[0\]\.criteria\[2\]\.score: .*1,75`,
		`bad\.toml:\d+(:\d+)?: fields\[3\]\.criteria\[0\]\.dealine`,
	} {
		if !regexp.MustCompile(re).MatchString(errOut) {
			t.Errorf("stderr does not match %s:\n%s", re, errOut)
		}
	}
	out := filepath.Join(t.TempDir(), "out")
	if code, _, _ := baocao(t, "render", bad, "-o", out); code != exitInvalid {
		t.Errorf("render of invalid data: exit %d", code)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("render of invalid data created %s", out)
	}
}

func TestRenderIsReproducible(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if code, _, errOut := baocao(t, "render", sample, "-o", dir); code != exitOK {
			t.Fatalf("exit %d: %s", code, errOut)
		}
	}
	for _, name := range []string{"bao-cao.docx", "phu-luc.pdf"} {
		x, err1 := os.ReadFile(filepath.Join(a, name))
		y, err2 := os.ReadFile(filepath.Join(b, name))
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two renders of the same input", name)
		}
	}
}

// writeP12 writes a .p12 made at test time and returns its path.
func writeP12(t *testing.T, s testpki.Spec) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "cert.p12")
	if err := os.WriteFile(p, testpki.NewCA(t).P12(t, s), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// writeRoots writes a trust list (PEM) and returns its path.
func writeRoots(t *testing.T, certs ...*x509.Certificate) string {
	t.Helper()
	var b bytes.Buffer
	for _, c := range certs {
		pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
	}
	p := filepath.Join(t.TempDir(), "roots.pem")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRenderSignedAndVerify(t *testing.T) {
	testtool.Require(t, "pdfsig")
	t.Setenv("BAOCAO_P12_PASSWORD", testpki.Password)
	p12 := writeP12(t, testpki.Spec{})
	out := t.TempDir()
	const at = "2022-09-14T16:30:05+07:00"
	code, _, errOut := baocao(t, "render", sample, "-o", out, "--sign-p12", p12, "--sign-time", at)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	pdf := filepath.Join(out, "phu-luc.pdf")
	t.Setenv("TZ", "UTC") // pdfsig prints the signing time in the local zone
	sig := testtool.Run(t, "pdfsig", pdf)
	for _, want := range []string{"Signature Validation: Signature is Valid.", "Total document signed", "Sep 14 2022 09:30:05"} {
		if !strings.Contains(sig, want) {
			t.Errorf("pdfsig lacks %q:\n%s", want, sig)
		}
	}
	roots := writeRoots(t, testpki.NewCA(t).Cert)
	if code, out, _ := baocao(t, "verify", pdf, "--roots", roots); code != exitOK || !strings.Contains(out, "2022-09-14T16:30:05+07:00") {
		t.Errorf("verify: exit %d\n%s", code, out)
	}
	text := testtool.Run(t, "pdftotext", "-f", "1", "-l", "1", pdf, "-")
	if !strings.Contains(text, "14/09/2022 16:30:05 +07:00") || !strings.Contains(text, "/BC-SNgV") {
		t.Errorf("page 1 does not show the signing time and number:\n%.600s", text)
	}

	// A second render must not silently overwrite the signed appendix.
	before, _ := os.ReadFile(pdf)
	if code, _, errOut := baocao(t, "render", sample, "-o", out); code != exitInvalid || !strings.Contains(errOut, "ký số") {
		t.Errorf("overwrite of a signed file: exit %d, %s", code, errOut)
	}
	after, _ := os.ReadFile(pdf)
	if !bytes.Equal(before, after) {
		t.Error("the signed appendix was changed")
	}
	if code, _, errOut := baocao(t, "render", sample, "-o", out, "--force"); code != exitOK {
		t.Errorf("--force: exit %d %s", code, errOut)
	}

	// One changed byte: both verifiers fail.
	bad := append([]byte(nil), before...)
	i := bytes.Index(bad, []byte("/Producer"))
	bad[i+2] ^= 0x01
	badPath := filepath.Join(t.TempDir(), "tampered.pdf")
	os.WriteFile(badPath, bad, 0o644)
	if code, _, _ := baocao(t, "verify", badPath); code == exitOK {
		t.Error("verify accepted a tampered file")
	}
	if strings.Contains(testtool.Run(t, "pdfsig", badPath), "Signature is Valid.") {
		t.Error("pdfsig accepted a tampered file")
	}
}

func TestSignRefusals(t *testing.T) {
	src := t.TempDir()
	if code, _, e := baocao(t, "render", sample, "-o", src); code != exitOK {
		t.Fatal(e)
	}
	in := filepath.Join(src, "phu-luc.pdf")
	good := writeP12(t, testpki.Spec{})
	notPDF := filepath.Join(src, "x.pdf")
	os.WriteFile(notPDF, []byte("not a pdf"), 0o644)
	wrongPw := filepath.Join(src, "pw.txt")
	os.WriteFile(wrongPw, []byte("sai\n"), 0o600)
	for _, tc := range []struct {
		name string
		p12  string
		in   string
		pw   []string
		at   string
		want string
	}{
		{"wrong password", good, in, []string{"--p12-password-file", wrongPw}, "", "sai mật khẩu"},
		{"no private key", writeP12(t, testpki.Spec{NoPrivateKey: true}), in, nil, "", "không chứa khóa bí mật"},
		{"expired", good, in, nil, "2031-01-01T00:00:00+07:00", "hết hạn"},
		{"not yet valid", writeP12(t, testpki.Spec{NotBefore: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)}), in, nil, "2022-09-14T10:00:00+07:00", "chưa có hiệu lực"},
		{"key usage", writeP12(t, testpki.Spec{KeyUsage: x509.KeyUsageCertSign}), in, nil, "", "không được phép dùng để ký"},
		{"not a PDF", good, notPDF, nil, "", "không phải là tệp PDF"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("BAOCAO_P12_PASSWORD", testpki.Password)
			out := filepath.Join(t.TempDir(), "signed.pdf")
			args := append([]string{"sign", tc.in, "-o", out, "--sign-p12", tc.p12}, tc.pw...)
			if tc.at != "" {
				args = append(args, "--sign-time", tc.at)
			}
			code, _, errOut := baocao(t, args...)
			if code != exitInvalid || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, exitInvalid, tc.want)
			}
			if strings.Contains(errOut, testpki.Password) {
				t.Error("the password was printed")
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Error("an output file was written")
			}
		})
	}
}

func TestBatchTwiceIsIdentical(t *testing.T) {
	var sums [2]batch.Summary
	for i := range sums {
		out := t.TempDir()
		code, _, errOut := baocao(t, "batch", "../../samples", "-o", out, "-j", "2")
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if n := strings.Count(errOut, "\n"); n < 3 {
			t.Errorf("progress: %q", errOut)
		}
		b, err := os.ReadFile(filepath.Join(out, batch.SummaryFile))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &sums[i]); err != nil {
			t.Fatal(err)
		}
		for _, e := range sums[i].Entries {
			for _, o := range e.Outputs {
				if _, err := os.Stat(filepath.Join(out, o.File)); err != nil {
					t.Errorf("summary lists %s: %v", o.File, err)
				}
			}
		}
	}
	if len(sums[0].Entries) < 3 {
		t.Fatalf("%d datasets in samples/", len(sums[0].Entries))
	}
	a, _ := json.Marshal(sums[0])
	b, _ := json.Marshal(sums[1])
	if !bytes.Equal(a, b) {
		t.Errorf("two batch runs differ:\n%s\n%s", a, b)
	}
}

func TestBatchGoesOnPastBadDatasets(t *testing.T) {
	in := t.TempDir()
	src, _ := os.ReadFile(sample)
	os.WriteFile(filepath.Join(in, "a.toml"), src, 0o644)
	os.WriteFile(filepath.Join(in, "b.toml"), src, 0o644) // same reporting date as a.toml
	later := strings.ReplaceAll(string(src), "2022-09-14", "2022-12-20")
	os.WriteFile(filepath.Join(in, "c.toml"), []byte(later), 0o644)
	os.WriteFile(filepath.Join(in, "d.toml"), []byte("[document\n"), 0o644)
	out := t.TempDir()
	code, _, errOut := baocao(t, "batch", in, "-o", out)
	if code == exitOK {
		t.Fatal("batch with bad datasets exited 0")
	}
	b, _ := os.ReadFile(filepath.Join(out, batch.SummaryFile))
	var sum batch.Summary
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	status := map[string]string{}
	for _, e := range sum.Entries {
		status[filepath.Base(e.Dataset)] = e.Status
	}
	want := map[string]string{"a.toml": "failed", "b.toml": "failed", "c.toml": "ok", "d.toml": "failed"}
	for k, v := range want {
		if status[k] != v {
			t.Errorf("%s: %s, want %s", k, status[k], v)
		}
	}
	if !strings.Contains(errOut, "trùng") || !strings.Contains(errOut, "d.toml:") {
		t.Errorf("progress does not explain the failures:\n%s", errOut)
	}
	if _, err := os.Stat(filepath.Join(out, "2022-12-20", "phu-luc.pdf")); err != nil {
		t.Errorf("the good dataset was not rendered: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "2022-09-14")); !os.IsNotExist(err) {
		t.Error("a duplicated reporting date was rendered")
	}
}

// A signed batch: every appendix verifies, and a second run into the same folder refuses to
// overwrite the signed files.
func TestBatchSigned(t *testing.T) {
	t.Setenv("BAOCAO_P12_PASSWORD", testpki.Password)
	p12 := writeP12(t, testpki.Spec{})
	out := t.TempDir()
	code, _, errOut := baocao(t, "batch", "../../samples", "-o", out, "-j", "2", "--sign-p12", p12, "--sign-time", "2023-03-20T09:00:00+07:00")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	roots := writeRoots(t, testpki.NewCA(t).Cert)
	pdfs, _ := filepath.Glob(filepath.Join(out, "*", "phu-luc.pdf"))
	if len(pdfs) < 3 {
		t.Fatalf("%d signed appendices", len(pdfs))
	}
	for _, p := range pdfs {
		if code, vout, _ := baocao(t, "verify", p, "--roots", roots); code != exitOK || !strings.Contains(vout, "2023-03-20T09:00:00+07:00") {
			t.Errorf("%s: verify exit %d\n%s", p, code, vout)
		}
	}
	code, _, errOut = baocao(t, "batch", "../../samples", "-o", out)
	if code == exitOK || !strings.Contains(errOut, "ký số") {
		t.Errorf("second run over signed files: exit %d\n%s", code, errOut)
	}
}
