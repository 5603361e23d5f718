package serve

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

// benchEdit is one edit a clerk makes: an item's status.
func benchSetup(b *testing.B) (*Handler, editRequest) {
	dir := sampleDir(b)
	h := newHandler(b, dir, "")
	src, err := os.ReadFile(filepath.Join(dir, sample))
	if err != nil {
		b.Fatal(err)
	}
	return h, editRequest{Base: digest(src), Edits: map[string]string{"fields[0].criteria[2].status": "Chưa thực hiện"}}
}

// BenchmarkEdit is the round trip of a keystroke on the server: /api/xem reads the file,
// applies one edit, validates, recomputes and places the problems, and writes the preview
// HTML of the appendix and the report, as JSON.
func BenchmarkEdit(b *testing.B) {
	h, req := benchSetup(b)
	b.ReportAllocs()
	for b.Loop() {
		if w := do(h, http.MethodPost, "/api/xem/"+sample, req, nil); w.Code != 200 {
			b.Fatal(w.Code, w.Body.String())
		}
	}
}

// BenchmarkRecompute is the same without the preview: the figures and the problems only.
func BenchmarkRecompute(b *testing.B) {
	h, req := benchSetup(b)
	req.NoPreview = true
	b.ReportAllocs()
	for b.Loop() {
		if w := do(h, http.MethodPost, "/api/xem/"+sample, req, nil); w.Code != 200 {
			b.Fatal(w.Code, w.Body.String())
		}
	}
}

// BenchmarkPage is the first load of a reporting date's page.
func BenchmarkPage(b *testing.B) {
	h, _ := benchSetup(b)
	b.ReportAllocs()
	for b.Loop() {
		if w := do(h, http.MethodGet, "/ky/"+sample, nil, nil); w.Code != 200 {
			b.Fatal(w.Code)
		}
	}
}

// BenchmarkDownloadPDF renders the appendix of the edited state for a download.
func BenchmarkDownloadPDF(b *testing.B) {
	h, req := benchSetup(b)
	b.ReportAllocs()
	for b.Loop() {
		if w := do(h, http.MethodPost, "/api/tai/"+sample+"/pdf", req, nil); w.Code != 200 {
			b.Fatal(w.Code, w.Body.String())
		}
	}
}
