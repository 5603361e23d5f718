package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/baocao-vn/baocao/generator/sign"
	"github.com/baocao-vn/baocao/internal/testhsm"
	"github.com/baocao-vn/baocao/internal/testpki"
	"github.com/baocao-vn/baocao/internal/testtool"
)

// TestRenderTimestampedThroughToken signs the sample's appendix through SoftHSM2 with a
// timestamp from a TSA served on 127.0.0.1, and reads the token back with verify.
func TestRenderTimestampedThroughToken(t *testing.T) {
	testtool.Require(t, "pdfsig")
	mod, roots := hsm(t)
	t.Setenv("BAOCAO_PKCS11_PIN", testhsm.PIN)
	url := testpki.NewCA(t).TSA(t, testpki.TSAGood)
	out := t.TempDir()
	code, _, errOut := baocao(t, "render", sample, "-o", out, "--sign-pkcs11", mod, "--token-label", "co-quan", "--key-label", "rsa", "--tsa", url)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	pdf := filepath.Join(out, "phu-luc.pdf")
	checkSigned(t, pdf, roots)

	code, text, _ := baocao(t, "verify", pdf, "--roots", roots)
	if code != exitOK || !strings.Contains(text, "cấp bởi "+testpki.TSAName) || !strings.Contains(text, "khớp với chữ ký:    có") ||
		!strings.Contains(text, "TSA tin cậy:        có") {
		t.Errorf("verify: exit %d\n%s", code, text)
	}
	code, js, _ := baocao(t, "verify", pdf, "--roots", roots, "--json")
	var rep verifyReport
	if err := json.Unmarshal([]byte(js), &rep); err != nil || code != exitOK {
		t.Fatalf("--json: exit %d, %v\n%s", code, err, js)
	}
	ts := rep.Signatures[0].Timestamp
	if !rep.Valid || rep.Trust != "trusted" || ts == nil || !ts.ImprintMatches || !ts.TokenValid || ts.Trusted == nil || !*ts.Trusted {
		t.Fatalf("--json: %s", js)
	}
	stampIsTSATime(t, pdf, &rep)
	noPIN(t, []string{text, js}, out)

	// verify without --roots: intact, trust not checked (3), the JSON says so.
	if code, js, _ := baocao(t, "verify", pdf, "--json"); code != exitTrustNotChecked || !strings.Contains(js, `"trust": "not-checked"`) {
		t.Errorf("without --roots: exit %d\n%s", code, js)
	}
}

func TestTimestampRefusedNothingWritten(t *testing.T) {
	t.Setenv("BAOCAO_P12_PASSWORD", testpki.Password)
	p12 := writeP12(t, testpki.Spec{})
	ca := testpki.NewCA(t)
	for _, tc := range []struct {
		name string
		url  string
		want string
	}{
		{"HTTP error", ca.TSA(t, testpki.TSAHTTPError), "HTTP 500"},
		{"another imprint", ca.TSA(t, testpki.TSAOtherImprint), "mã băm không khớp"},
		{"garbage", ca.TSA(t, testpki.TSAGarbage), "không lấy được dấu thời gian"},
		{"late", ca.TSA(t, testpki.TSALate), "(lệch +3600,0 giây), cho phép lệch 2m0s"},
		{"clock 3 s ahead", ca.TSA(t, testpki.TSAAhead), "TSA lệch lần lượt: +3,0 giây; +3,0 giây"},
		{"not a URL", "ftp://127.0.0.1/", "--tsa"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			code, _, errOut := baocao(t, "render", sample, "-o", out, "--sign-p12", p12, "--tsa", tc.url)
			if code != exitInvalid || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, %q; want %d with %q", code, errOut, exitInvalid, tc.want)
			}
			if entries, _ := os.ReadDir(out); len(entries) != 0 {
				t.Errorf("files written: %v", entries)
			}
		})
	}
	if code, _, errOut := baocao(t, "render", sample, "-o", t.TempDir(), "--tsa", "http://127.0.0.1:1/"); code != exitInvalid || !strings.Contains(errOut, "chỉ dùng cùng") {
		t.Errorf("--tsa without signing: exit %d %s", code, errOut)
	}
	// A trusted time cannot be chosen.
	for _, cmd := range []string{"render", "batch"} {
		out := t.TempDir()
		src := sample
		if cmd == "batch" {
			src = "../../samples"
		}
		code, _, errOut := baocao(t, cmd, src, "-o", out, "--sign-p12", p12, "--sign-time", "2026-01-05T09:00:00+07:00", "--tsa", ca.TSA(t, testpki.TSAGood))
		if code != exitInvalid || !strings.Contains(errOut, "--sign-time không dùng cùng --tsa") {
			t.Errorf("%s --sign-time --tsa: exit %d %s", cmd, code, errOut)
		}
		if entries, _ := os.ReadDir(out); len(entries) != 0 {
			t.Errorf("%s --sign-time --tsa: files written: %v", cmd, entries)
		}
	}
}

// stampIsTSATime checks that the page-1 stamp of pdf (pdftotext) shows the TSA's time of rep's
// timestamp to the second, +07:00, and that this is the signature's signing time.
func stampIsTSATime(t *testing.T, pdf string, rep *verifyReport) {
	t.Helper()
	ts := rep.Signatures[0].Timestamp
	if ts == nil {
		t.Fatalf("%s: no timestamp", pdf)
	}
	tsaTime, err := time.Parse(time.RFC3339, ts.Time)
	if err != nil {
		t.Fatal(err)
	}
	page := testtool.Run(t, "pdftotext", "-f", "1", "-l", "1", pdf, "-")
	m := regexp.MustCompile(`\d\d/\d\d/\d{4} \d\d:\d\d:\d\d \+07:00`).FindString(page)
	stamped, err := time.ParseInLocation("02/01/2006 15:04:05 -07:00", m, sign.Vietnam)
	if err != nil {
		t.Fatalf("no time on page 1 (%q):\n%.600s", m, page)
	}
	if !tsaTime.Truncate(time.Second).Equal(stamped) {
		t.Errorf("%s: stamp %v, TSA %v", pdf, stamped, tsaTime)
	}
	if rep.Signatures[0].SigningTime != stamped.Format(time.RFC3339) {
		t.Errorf("%s: signing time %s, stamp %v", pdf, rep.Signatures[0].SigningTime, stamped)
	}
}

// TestBatchTimestamped: in a batch with --tsa every appendix's stamp shows its own token's time.
func TestBatchTimestamped(t *testing.T) {
	testtool.Require(t, "pdftotext")
	t.Setenv("BAOCAO_P12_PASSWORD", testpki.Password)
	p12 := writeP12(t, testpki.Spec{})
	ca := testpki.NewCA(t)
	out := t.TempDir()
	code, _, errOut := baocao(t, "batch", "../../samples", "-o", out, "-j", "2", "--sign-p12", p12, "--tsa", ca.TSA(t, testpki.TSAGood))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	roots := writeRoots(t, ca.Cert)
	pdfs, _ := filepath.Glob(filepath.Join(out, "*", "phu-luc.pdf"))
	if len(pdfs) < 3 {
		t.Fatalf("%d signed appendices", len(pdfs))
	}
	for _, p := range pdfs {
		code, js, _ := baocao(t, "verify", p, "--roots", roots, "--json")
		var rep verifyReport
		if err := json.Unmarshal([]byte(js), &rep); err != nil || code != exitOK {
			t.Fatalf("%s: exit %d, %v\n%s", p, code, err, js)
		}
		stampIsTSATime(t, p, &rep)
	}
}
