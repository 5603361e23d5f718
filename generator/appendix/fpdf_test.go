package appendix

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/baocao-vn/baocao/fonts"
)

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

// FuzzParsedFont mutates the shipped regular face, as a clerk's font folder might hold a
// damaged one: fpdf.ParseUTF8Font either refuses it, or gives a face a page of Vietnamese can
// be written in (or fail with an error) without a panic.
func FuzzParsedFont(f *testing.F) {
	f.Add(fonts.Regular)
	f.Fuzz(func(t *testing.T, b []byte) {
		face, err := fpdf.ParseUTF8Font(b)
		if err != nil {
			return
		}
		pdf := fpdf.New("L", "mm", "A4", "")
		pdf.AddUTF8FontFromParsed("f", "", face)
		pdf.SetFont("f", "", 12)
		pdf.AddPage()
		pdf.Text(10, 10, vietnamese)
		_ = pdf.GetStringWidth("Kết quả khắc phục — 1.234,56")
		var out bytes.Buffer
		_ = pdf.Output(&out)
	})
}
