package serve

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// draftName is the file of sampleDir that does not validate.
const draftName = "ban-nhap.toml"

// testAddr is the address the handlers under test believe they listen on.
const testAddr = "127.0.0.1:8080"

// sampleDir copies the reporting dates of samples/ into a temporary folder, with, beside
// them, files the server must never serve: signing material, a link out, a hidden file.
func sampleDir(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	names, err := filepath.Glob("../../samples/*.toml")
	if err != nil || len(names) == 0 {
		t.Fatalf("no samples: %v", err)
	}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(n)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A draft a clerk left half-done: it parses but does not validate.
	seed, err := os.ReadFile(filepath.Join(dir, "2022-09-14.toml"))
	if err != nil {
		t.Fatal(err)
	}
	draft := strings.Replace(string(seed), "\n  status = \"đang thực hiện\"", "\n  status = \"đang làm dở\"", 1)
	if err := os.WriteFile(filepath.Join(dir, draftName), []byte(draft), 0o644); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(t.TempDir(), "outside.toml")
	for name, data := range map[string]string{
		"so.p12":      "SECRET-P12",
		"khoa.pem":    "-----BEGIN PRIVATE KEY-----SECRET",
		".an.toml":    "SECRET-HIDDEN",
		"ghi-chu.txt": "SECRET-TXT",
		outside:       "SECRET-OUTSIDE",
		"sub/x.toml":  "SECRET-SUB",
	} {
		p := name
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, name)
		}
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(outside, filepath.Join(dir, "lien-ket.toml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "so.p12"), filepath.Join(dir, "p12.toml")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func newHandler(t testing.TB, dir, token string) *Handler {
	t.Helper()
	h, err := NewHandler(Options{Dir: dir, Addr: testAddr, Token: token})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// do sends one request to h as the page would (right Host, the CSRF token on a POST) after
// mod has had its say.
func do(h *Handler, method, target string, body any, mod func(*http.Request)) *httptest.ResponseRecorder {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		rd = bytes.NewReader(j)
	}
	r := httptest.NewRequest(method, target, rd)
	r.Host = testAddr
	if method == http.MethodPost {
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set(csrfHeader, h.csrf)
		r.Header.Set("Origin", "http://"+testAddr)
		r.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	if mod != nil {
		mod(r)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func readJSON(t testing.TB, w *httptest.ResponseRecorder, v any) {
	t.Helper()
	if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
		t.Fatalf("answer is not JSON: %v\n%s", err, w.Body.String())
	}
}
