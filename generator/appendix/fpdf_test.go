package appendix

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/baocao-vn/baocao/fonts"
	"github.com/baocao-vn/baocao/internal/testtool"
)

// fpdfPatchedFor is the fpdf release that third_party/fpdf and third_party/fpdf.patch are
// made from: moving to another release means redoing the patch, not just bumping go.mod.
const fpdfPatchedFor = "v0.12.0"

// TestFpdfVersion fails when go.mod requires another fpdf than the one the patch was made for,
// or no longer builds the patched copy.
func TestFpdfVersion(t *testing.T) {
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^\s*codeberg\.org/go-pdf/fpdf ` + regexp.QuoteMeta(fpdfPatchedFor) + `\s*$`).Match(mod) {
		t.Errorf("go.mod does not require codeberg.org/go-pdf/fpdf %s, the release third_party/fpdf.patch is made for", fpdfPatchedFor)
	}
	if !regexp.MustCompile(`(?m)^replace codeberg\.org/go-pdf/fpdf => \./third_party/fpdf\s*$`).Match(mod) {
		t.Error("go.mod does not replace codeberg.org/go-pdf/fpdf by ./third_party/fpdf")
	}
	patch, err := os.ReadFile("../../third_party/fpdf.patch")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(patch, []byte("codeberg.org/go-pdf/fpdf "+fpdfPatchedFor)) {
		t.Errorf("third_party/fpdf.patch does not say it is made for fpdf %s", fpdfPatchedFor)
	}
	// What the build actually uses, as go list resolves it.
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Version}} {{with .Replace}}{{.Path}}{{end}}", "codeberg.org/go-pdf/fpdf").Output()
	if err != nil {
		t.Fatalf("go list -m codeberg.org/go-pdf/fpdf: %v", err)
	}
	if got, want := strings.TrimSpace(string(out)), fpdfPatchedFor+" ./third_party/fpdf"; got != want {
		t.Errorf("the build uses fpdf %q, want %q", got, want)
	}
}

// TestFpdfPatch checks that third_party/fpdf is exactly the published release with
// third_party/fpdf.patch applied, so that the patch sent upstream is what baocao runs.
func TestFpdfPatch(t *testing.T) {
	testtool.Require(t, "patch")
	cmd := exec.Command("go", "mod", "download", "-json", "codeberg.org/go-pdf/fpdf@"+fpdfPatchedFor)
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	out, err := cmd.Output()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("go mod download fpdf %s: %v", fpdfPatchedFor, err)
		}
		t.Skipf("fpdf %s cannot be downloaded here: %v", fpdfPatchedFor, err)
	}
	m := regexp.MustCompile(`"Dir": "([^"]+)"`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("go mod download printed no Dir:\n%s", out)
	}
	work := t.TempDir()
	ours, _ := filepath.Glob("../../third_party/fpdf/*.go")
	for _, f := range ours {
		src, err := os.ReadFile(filepath.Join(string(m[1]), filepath.Base(f)))
		if os.IsNotExist(err) {
			continue // a file the patch adds
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(work, filepath.Base(f)), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	patch, err := os.Open("../../third_party/fpdf.patch")
	if err != nil {
		t.Fatal(err)
	}
	defer patch.Close()
	apply := exec.Command("patch", "-p1", "--quiet", "--no-backup-if-mismatch")
	apply.Dir, apply.Stdin = work, patch
	if out, err := apply.CombinedOutput(); err != nil {
		t.Fatalf("third_party/fpdf.patch does not apply to fpdf %s: %v\n%s", fpdfPatchedFor, err, out)
	}
	for _, f := range ours {
		want, _ := os.ReadFile(f)
		got, err := os.ReadFile(filepath.Join(work, filepath.Base(f)))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s differs from fpdf %s with the patch applied: run third_party/update-fpdf-patch", f, fpdfPatchedFor)
		}
	}
}

// fpdfDoc writes a page of Vietnamese text in a face added by add.
func fpdfDoc(t *testing.T, add func(pdf *fpdf.Fpdf)) []byte {
	t.Helper()
	pdf := fpdf.New("L", "mm", "A4", "")
	pdf.SetCatalogSort(true)
	at := time.Date(2022, 9, 14, 0, 0, 0, 0, time.UTC)
	pdf.SetCreationDate(at)
	pdf.SetModificationDate(at)
	add(pdf)
	pdf.SetFont("serif", "", 12)
	pdf.AddPage()
	pdf.Text(20, 20, "Kết quả khắc phục đối với các tồn tại, hạn chế — 1.234,56 điểm")
	pdf.Text(20, 30, vietnamese)
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestParsedFont checks the patch's promise: a face parsed once gives the same bytes as the
// face parsed for the document, from any number of goroutines at once.
func TestParsedFont(t *testing.T) {
	want := fpdfDoc(t, func(pdf *fpdf.Fpdf) { pdf.AddUTF8FontFromBytes("serif", "", fonts.Regular) })
	face, err := fpdf.ParseUTF8Font(fonts.Regular)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 3 {
				got := fpdfDoc(t, func(pdf *fpdf.Fpdf) { pdf.AddUTF8FontFromParsed("serif", "", face) })
				if !bytes.Equal(got, want) {
					t.Error("a parsed face gives other bytes than AddUTF8FontFromBytes")
					return
				}
			}
		})
	}
	wg.Wait()
	for _, bad := range [][]byte{nil, []byte("not a font"), bytes.Clone(fonts.Regular[:5000])} {
		if _, err := fpdf.ParseUTF8Font(bad); err == nil {
			t.Errorf("ParseUTF8Font accepted %d bytes that are no font", len(bad))
		}
	}
	if !strings.Contains(string(want), "/CIDToGIDMap") {
		t.Error("no CIDToGIDMap in the document")
	}
}

// TestSymbolWidth checks the patch's UTF8Font.SymbolWidth against fpdf's own measure of the
// face selected in a document, for every face and for letters the face lacks.
func TestSymbolWidth(t *testing.T) {
	texts := []string{"", " ", "Kết quả khắc phục", vietnamese, "1.234,56 (điểm)", "中文 😀 \ufffd", string([]byte{0xff, 'a'})}
	for s, data := range fonts.Embedded() {
		face, err := fpdf.ParseUTF8Font(data.Data)
		if err != nil {
			t.Fatal(err)
		}
		pdf := fpdf.New("L", "mm", "A4", "")
		pdf.AddUTF8FontFromParsed("serif", "", face)
		pdf.SetFont("serif", "", 12)
		for _, text := range texts {
			if got, want := face.SymbolWidth(text), pdf.GetStringSymbolWidth(text); got != want {
				t.Errorf("face %d: SymbolWidth(%q) = %d, fpdf measures %d", s, text, got, want)
			}
		}
	}
}
