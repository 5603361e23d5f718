package main

import (
	"bufio"
	"bytes"
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/baocao-vn/baocao/internal/testpki"
	"github.com/baocao-vn/baocao/internal/testtool"
	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

// The signing and verification cases of hostile input, each run as the built binary under a
// memory ceiling: exit status, message, and nothing written where nothing should be.

// memCeilingMB is the peak resident memory allowed for sign and verify on these inputs (the
// largest is a 10 MB file). The process itself runs under RunLimited's 1 GB ceiling: below
// about 2 GB of address space (the ceiling plus 1 GB) the Go runtime on the project's machines
// fails to start now and then, whatever the program does.
const memCeilingMB = 150

var passwordEnv = []string{"BAOCAO_P12_PASSWORD=" + testpki.Password}

func limited(t *testing.T, args ...string) testtool.Result {
	t.Helper()
	r := testtool.RunLimited(t, testtool.Limits{MemoryMB: 1024, Env: passwordEnv}, args...)
	t.Logf("baocao %s: exit %d, peak %d MB", args[0], r.Code, r.MaxRSSMB)
	if r.MaxRSSMB > memCeilingMB {
		t.Errorf("baocao %q: peak memory %d MB over %d MB", args, r.MaxRSSMB, memCeilingMB)
	}
	return r
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// signedAppendix renders the sample signed with the .p12 made from spec and returns the path
// of the appendix.
func signedAppendix(t *testing.T, spec testpki.Spec) (pdf string, p12 []byte) {
	t.Helper()
	p12 = testpki.NewCA(t).P12(t, spec)
	p12Path := writeFile(t, "cert.p12", p12)
	out := t.TempDir()
	r := limited(t, "render", sample, "-o", out, "--sign-p12", p12Path, "--sign-time", "2022-09-14T16:30:05+07:00")
	if r.Code != exitOK {
		t.Fatalf("render: exit %d\n%s", r.Code, r.Stderr)
	}
	return filepath.Join(out, "phu-luc.pdf"), p12
}

func wantRun(t *testing.T, r testtool.Result, code int, msgs ...string) {
	t.Helper()
	if r.Code != code {
		t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", r.Code, code, r.Stdout, r.Stderr)
	}
	for _, m := range msgs {
		if !strings.Contains(r.Stdout+r.Stderr, m) {
			t.Errorf("output lacks %q\nstdout: %s\nstderr: %s", m, r.Stdout, r.Stderr)
		}
	}
}

// TestVerifyTrustExit: without --roots the answer is "intact, trust not checked" (3); with the
// wrong root, invalid (1); with the right one, valid (0).
func TestVerifyTrustExit(t *testing.T) {
	pdf, _ := signedAppendix(t, testpki.Spec{})
	wantRun(t, limited(t, "verify", pdf), exitTrustNotChecked, "CHƯA được đối chiếu với chứng thư gốc tin cậy nào", "CHƯA kiểm tra chứng thư gốc tin cậy")
	wrong := writeRoots(t, testpki.ForgedCA(t).Cert)
	wantRun(t, limited(t, "verify", pdf, "--roots", wrong), exitDiscrepancy, "không dẫn tới chứng thư gốc tin cậy", "KHÔNG hợp lệ")
	right := writeRoots(t, testpki.NewCA(t).Cert)
	wantRun(t, limited(t, "verify", pdf, "--roots", right), exitOK, "KẾT LUẬN: chữ ký hợp lệ, phủ toàn bộ tệp, dẫn tới chứng thư gốc tin cậy")
	notPEM := writeFile(t, "roots.pem", []byte("không phải PEM"))
	wantRun(t, limited(t, "verify", pdf, "--roots", notPEM), exitInvalid, "roots.pem: không có chứng thư nào dạng PEM")
}

// p12Cert returns the certificate packed in a .p12.
func p12Cert(t *testing.T, p12 []byte) *x509.Certificate {
	t.Helper()
	_, c, _, err := pkcs12.DecodeChain(p12, testpki.Password)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestSelfSignedAndLeafOnly: a self-signed certificate and a .p12 without its CA both sign,
// and verify applies the same rule to the results: intact, trusted only when the root that
// vouches for them is given (the self-signed certificate itself, or the CA).
func TestSelfSignedAndLeafOnly(t *testing.T) {
	for _, tc := range []struct {
		name string
		spec testpki.Spec
		root func(p12 []byte) *x509.Certificate
	}{
		{"self-signed", testpki.Spec{SelfSigned: true}, func(p12 []byte) *x509.Certificate { return p12Cert(t, p12) }},
		{"leaf only", testpki.Spec{LeafOnly: true}, func([]byte) *x509.Certificate { return testpki.NewCA(t).Cert }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pdf, p12 := signedAppendix(t, tc.spec)
			wantRun(t, limited(t, "verify", pdf), exitTrustNotChecked, "chứng thư còn hạn:    có", "CHƯA được đối chiếu")
			wantRun(t, limited(t, "verify", pdf, "--roots", writeRoots(t, tc.root(p12))), exitOK, "chữ ký hợp lệ")
			wantRun(t, limited(t, "verify", pdf, "--roots", writeRoots(t, testpki.ForgedCA(t).Cert)), exitDiscrepancy, "không dẫn tới chứng thư gốc tin cậy")
		})
	}
}

// TestForgedPageCommand: the certified appendix with a page added afterwards and signed by a
// self-made CA with the same names. verify refuses it with or without the real root and names
// the change; pdfsig agrees that the certified signature no longer covers the document.
func TestForgedPageCommand(t *testing.T) {
	testtool.Require(t, "pdfsig")
	pdf, _ := signedAppendix(t, testpki.Spec{})
	certified, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	key, chain := testpki.ForgedSigner(t)
	forged := writeFile(t, "gia-mao.pdf", testpki.SignApproval(t, testpki.AppendPage(t, certified), key, chain))
	if text := testtool.Run(t, "pdftotext", forged, "-"); !strings.Contains(text, "TRANG GIA MAO") {
		t.Fatalf("the forged page is not in the file:\n%.300s", text)
	}

	const change = "tệp bị thay đổi sau chữ ký chứng thực (DocMDP P=2"
	right := writeRoots(t, testpki.NewCA(t).Cert)
	r := limited(t, "verify", forged, "--roots", right)
	wantRun(t, r, exitDiscrepancy, change, "thêm trang mới", "KẾT LUẬN: chữ ký KHÔNG hợp lệ")
	r = limited(t, "verify", forged)
	wantRun(t, r, exitDiscrepancy, change, "thêm trang mới", "KẾT LUẬN: chữ ký KHÔNG hợp lệ")
	if strings.Contains(r.Stdout, "chữ ký hợp lệ,") {
		t.Errorf("verify without roots calls the forged file valid:\n%s", r.Stdout)
	}

	t.Setenv("TZ", "UTC")
	sig := testtool.Run(t, "pdfsig", forged)
	parts := strings.SplitN(sig, "Signature #2", 2)
	if len(parts) != 2 {
		t.Fatalf("pdfsig does not see two signatures:\n%s", sig)
	}
	// pdfsig exits 0 whatever it finds: its text says that signature #1, the certification,
	// covers only part of the file now.
	if !strings.Contains(parts[0], "Not total document signed") || strings.Contains(parts[0], "- Total document signed") {
		t.Errorf("pdfsig does not report the change after the certification:\n%s", sig)
	}
}

// TestSignRefusesWeakKey: an RSA-1024 certificate is refused by sign and render; nothing is
// written.
func TestSignRefusesWeakKey(t *testing.T) {
	p12 := writeFile(t, "weak.p12", testpki.NewCA(t).P12(t, testpki.Spec{RSABits: 1024}))
	src := t.TempDir()
	if r := limited(t, "render", sample, "-o", src); r.Code != exitOK {
		t.Fatal(r.Stderr)
	}
	out := filepath.Join(t.TempDir(), "signed.pdf")
	wantRun(t, limited(t, "sign", filepath.Join(src, "phu-luc.pdf"), "-o", out, "--sign-p12", p12, "--sign-time", "2022-09-14T16:30:05+07:00"),
		exitInvalid, "khóa của chứng thư số quá yếu: khóa RSA 1024 bit, cần ít nhất 2048 bit")
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("a signed file was written")
	}
	dir := filepath.Join(t.TempDir(), "out")
	wantRun(t, limited(t, "render", sample, "-o", dir, "--sign-p12", p12), exitInvalid, "quá yếu")
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Error("render wrote outputs")
	}
}

// TestRenderRefusesBackdating: a signing time before the document's date and its as_of date is
// refused, naming both; an expired certificate cannot hide behind such a time.
func TestRenderRefusesBackdating(t *testing.T) {
	for _, tc := range []struct {
		name, at string
		spec     testpki.Spec
	}{
		{"day before", "2022-09-13T10:00:00+07:00", testpki.Spec{}},
		{"expired certificate, time inside its validity", "2022-05-01T09:00:00+07:00",
			testpki.Spec{NotBefore: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2022, 6, 1, 0, 0, 0, 0, time.UTC)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p12 := writeFile(t, "cert.p12", testpki.NewCA(t).P12(t, tc.spec))
			dir := filepath.Join(t.TempDir(), "out")
			r := limited(t, "render", sample, "-o", dir, "--sign-p12", p12, "--sign-time", tc.at)
			wantRun(t, r, exitInvalid, "2022-09-14.toml:", "document.date: thời điểm ký", "trước ngày ban hành văn bản 14/9/2022",
				"appendix.as_of: thời điểm ký", "trước ngày cập nhật số liệu của phụ lục 14/9/2022", "không được ký lùi ngày")
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Error("render wrote outputs")
			}
		})
	}
}

// minimalPDF is a one-page PDF with a correct xref table; extra is put in object 4 and extraXref
// is appended to the xref table.
func minimalPDF(extra, extraXref string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n")
	offs := []int{}
	for _, o := range []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] >>",
		extra,
	} {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offs), o)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	b.WriteString(extraXref)
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offs)+1, x)
	return b.Bytes()
}

// writePieces writes doc to path with its first mark replaced by n copies of open then n of
// close, without holding them in memory.
func writePieces(t *testing.T, path string, doc []byte, mark, open, close string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	i := bytes.Index(doc, []byte(mark))
	w := bufio.NewWriter(f)
	w.Write(doc[:i])
	for _, s := range []string{open, close} {
		chunk := strings.Repeat(s, 4096)
		for k := 0; k < n; k += 4096 {
			w.WriteString(chunk[:len(s)*min(4096, n-k)])
		}
	}
	w.Write(doc[i+len(mark):]) // the xref offsets after object 4 are off: the limit is hit first
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
}

// TestPDFBombs: inputs built to exhaust memory or the stack are refused by verify and sign
// with the limit named, exit 2, within the memory ceiling.
func TestPDFBombs(t *testing.T) {
	p12 := writeFile(t, "cert.p12", testpki.NewCA(t).P12(t, testpki.Spec{}))
	// 2^26: a 73 KB file whose xref table declares object 67108864 (4 GB of table before).
	huge := minimalPDF("(padding)"+strings.Repeat(" ", 73<<10), "67108864 1\n0000000009 00000 n \n")
	// Ten million brackets in object 4; written in pieces so that this test process stays small
	// (a child's peak memory is measured from the parent's at the time it starts).
	nested := filepath.Join(t.TempDir(), "long-nhau.pdf")
	writePieces(t, nested, minimalPDF("@", ""), "@", "[", "]", 10_000_000)
	oversize := filepath.Join(t.TempDir(), "lon.pdf")
	if err := os.WriteFile(oversize, []byte("%PDF-1.7\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(oversize, 64<<20+1); err != nil { // sparse: nothing is really written
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, path, want string
	}{
		{"object number 2^26", writeFile(t, "so-hieu.pdf", huge), "số hiệu đối tượng trong bảng xref 67108864 vượt giới hạn 524288 (MaxObjectNumber)"},
		{"10 million nested [", nested, "độ lồng nhau của mảng, từ điển và đối tượng 101 vượt giới hạn 100 (MaxNesting)"},
		{"oversize", oversize, "vượt giới hạn 67108864 byte (MaxPDFSize)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			name := filepath.Base(tc.path)
			r := limited(t, "verify", tc.path)
			wantRun(t, r, exitInvalid, name, tc.want)
			out := filepath.Join(t.TempDir(), "ky.pdf")
			r = limited(t, "sign", tc.path, "-o", out, "--sign-p12", p12, "--sign-time", "2022-09-14T16:30:05+07:00")
			wantRun(t, r, exitInvalid, name, tc.want)
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Error("sign wrote an output")
			}
		})
	}
}

// TestVerifyHostileByteRange: baocao's own signature with its ByteRange rewritten to numbers
// whose sum passes the int64 maximum: refused, no panic.
func TestVerifyHostileByteRange(t *testing.T) {
	pdf, _ := signedAppendix(t, testpki.Spec{})
	data, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.LastIndex(data, []byte("/ByteRange ["))
	const width = len("/ByteRange[0 ********** ********** **********]")
	br := "/ByteRange [0 100 9000 9223372036854775000]"
	copy(data[i:i+width], br+strings.Repeat(" ", width-len(br)))
	r := limited(t, "verify", writeFile(t, "byterange.pdf", data))
	wantRun(t, r, exitDiscrepancy, "nội dung tệp đã bị thay đổi sau khi ký", "KẾT LUẬN: chữ ký KHÔNG hợp lệ")
}
