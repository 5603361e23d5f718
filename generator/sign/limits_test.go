package sign

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/internal/testtool"
)

// smallPDF is a one-page PDF with a correct xref table whose fourth object is extra; patch,
// when set, edits the finished bytes (offsets stay as computed before).
func smallPDF(extra string, patch func([]byte) []byte) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n")
	var offs []int
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
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offs)+1, x)
	if patch != nil {
		return patch(b.Bytes())
	}
	return b.Bytes()
}

func deflate(s string) string {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

func objStm(content string, n, first int) string {
	z := deflate(content)
	return fmt.Sprintf("<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream", n, first, len(z), z)
}

// TestPrescanLimits: each way of making digitorus/pdf allocate by a declared number, recurse
// without bound or parse from inside a string is refused before the library sees the file.
func TestPrescanLimits(t *testing.T) {
	deep := strings.Repeat("[", MaxNesting+1) + strings.Repeat("]", MaxNesting+1)
	zeros := strings.Repeat("0", MaxObjectStreamBytes/16)
	tests := []struct {
		name string
		pdf  []byte
		want error
		msg  string
	}{
		{"within limits", smallPDF("[[1 2] << /A [3] >>]", nil), ErrNoSignature, ""},
		{"nesting at the limit", smallPDF(strings.Repeat("[", MaxNesting-1)+strings.Repeat("]", MaxNesting-1), nil), ErrNoSignature, ""},
		{"nested arrays", smallPDF(deep, nil), ErrLimit, "MaxNesting"},
		{"nested dictionaries", smallPDF(strings.Repeat("<< /A ", MaxNesting+1)+strings.Repeat(">>", MaxNesting+1), nil), ErrLimit, "MaxNesting"},
		{"nested object definitions", smallPDF(strings.Repeat("5 0 obj ", MaxNesting+1), nil), ErrLimit, "MaxNesting"},
		{"nesting inside a compressed object stream", smallPDF(objStm("5 0 "+deep, 1, 4), nil), ErrLimit, "MaxNesting"},
		{"object stream inflating past the limit", smallPDF(objStm("5 0 "+strings.Repeat(zeros+" ", 17), 1, 4), nil), ErrLimit, "MaxObjectStreamBytes"},
		{"object number in the header", smallPDF("null", func(b []byte) []byte { return bytes.Replace(b, []byte("4 0 obj"), []byte("67108864 0 obj"), 1) }), ErrLimit, "MaxObjectNumber"},
		{"object number in a reference", smallPDF("[67108864 0 R]", nil), ErrLimit, "MaxObjectNumber"},
		{"object number in an object stream", smallPDF(objStm("67108864 0 null", 1, 11), nil), ErrLimit, "MaxObjectNumber"},
		{"xref subsection", smallPDF("null", func(b []byte) []byte {
			return bytes.Replace(b, []byte("trailer"), []byte("67108864 1\n0000000009 00000 n \ntrailer"), 1)
		}), ErrLimit, "MaxObjectNumber"},
		{"trailer /Size", smallPDF("null", func(b []byte) []byte { return bytes.Replace(b, []byte("/Size 5"), []byte("/Size 67108864"), 1) }), ErrLimit, "MaxObjectNumber"},
		{"xref stream /Index", smallPDF("<< /Type /XRef /Size 5 /W [1 2 1] /Index [67108000 5] >>", nil), ErrLimit, "MaxObjectNumber"},
		{"xref stream /W", smallPDF("<< /Type /XRef /Size 5 /W [1 1000000000 1] >>", nil), ErrNotPDF, "/W"},
		{"predictor /Columns", smallPDF("<< /DecodeParms << /Predictor 12 /Columns 4000000000 >> >>", nil), ErrNotPDF, "/Columns"},
		{"indirect /Columns", smallPDF("<< /DecodeParms << /Predictor 12 /Columns 4 0 R >> >>", nil), ErrNotPDF, "gián tiếp"},
		{"indirect stream /Type", smallPDF("<< /Type 2 0 R /Length 1 >>\nstream\nx\nendstream", nil), ErrNotPDF, "gián tiếp"},
		{"object offset inside a string", smallPDF("(4 0 obj "+deep[:50]+" )", func(b []byte) []byte {
			at := bytes.Index(b, []byte("(4 0 obj")) + 1
			x := bytes.LastIndex(b, []byte("\n0000")) + 1 // the entry of object 4
			copy(b[x:], fmt.Sprintf("%010d", at))
			return b
		}), ErrNotPDF, "không phải đầu một đối tượng"},
		{"/Prev inside a string", smallPDF("(xref 0 1 0000000000 65535 f trailer <<>> )", func(b []byte) []byte {
			at := bytes.Index(b, []byte("(xref")) + 1
			return bytes.Replace(b, []byte("/Root 1 0 R"), []byte(fmt.Sprintf("/Root 1 0 R /Prev %d", at)), 1)
		}), ErrNotPDF, "/Prev"},
		// Found by FuzzVerify: a comment swallowed the "]"; the library then loops for ever.
		{"object ending inside an array", smallPDF("<< /FontBBox [-543 -303 % 1278 981] >>", nil), ErrNotPDF, "mảng chưa đóng trước endobj"},
		{"array open at the end of an object stream", smallPDF(objStm("5 0 [1 2", 1, 4), nil), ErrNotPDF, "mảng chưa đóng"},
		{"stream inside an array", smallPDF("[<< /Length 8 >> stream\n[[[[[[[[\nendstream]", nil), ErrNotPDF, "stream không đứng sau từ điển"},
		{"no %%EOF at the end", append(smallPDF("null", nil), bytes.Repeat([]byte("x "), 2000)...), ErrNotPDF, "%%EOF"},
		{"oversize", append([]byte("%PDF-1.7\n"), make([]byte, MaxPDFSize)...), ErrLimit, "MaxPDFSize"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Verify(tc.pdf, nil)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Verify: %v, want %v", err, tc.want)
			}
			if !strings.Contains(fmt.Sprint(err), tc.msg) {
				t.Errorf("message %q does not name %q", err, tc.msg)
			}
		})
	}
}

// TestSignObjectStreams: a PDF rewritten by qpdf with object streams and an xref stream (as
// many producers write) passes the pre-scan, signs, and verifies; the signed output reads back
// in pdfsig.
func TestSignObjectStreams(t *testing.T) {
	testtool.Require(t, "qpdf")
	dir := t.TempDir()
	in := writeTemp(t, "in.pdf", appendixPDF(t, 5))
	out := filepath.Join(dir, "os.pdf")
	if b, err := exec.Command("qpdf", "--object-streams=generate", in, out).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v %s", err, b)
	}
	data := readFile(t, out)
	if !bytes.Contains(data, []byte("/ObjStm")) {
		t.Fatal("qpdf wrote no object stream")
	}
	p := getPKI(t)
	signedOut := signed(t, data, p.identity(t), signAt)
	res, err := Verify(signedOut, nil)
	if err != nil || !res.Intact() {
		t.Fatalf("Verify: %v %v", err, res.Problems())
	}
	if rep := pdfsig(t, writeTemp(t, "os-signed.pdf", signedOut)); !strings.Contains(rep, "Signature is Valid.") {
		t.Errorf("pdfsig:\n%s", rep)
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
