package serve

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzPaths asks for any path, with any method of the page: nothing outside the folder's
// .toml files is ever served, nothing panics, and a 200 names a valid file of the folder.
func FuzzPaths(f *testing.F) {
	for _, s := range []string{
		"/ky/2022-09-14.toml", "/ky/so.p12", "/ky/..%2Fso.p12", "/ky/lien-ket.toml", "/static/app.js",
		"/static/..%2F..%2Fserve.go", "/api/tai/2022-09-14.toml/pdf", "/ky/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
		"//ky//2022-09-14.toml", "/ky/2022-09-14.toml%00", "/ky/.an.toml", "/ky/KHOA.PEM",
	} {
		f.Add(s)
	}
	dir := sampleDir(f)
	h, err := NewHandler(Options{Dir: dir, Addr: testAddr})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, target string) {
		if !strings.HasPrefix(target, "/") || strings.ContainsAny(target, " \t\r\n#?") {
			return
		}
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			r, err := http.NewRequest(method, "http://"+testAddr+target, strings.NewReader(`{"base":"","edits":{}}`))
			if err != nil {
				return
			}
			r.Host = testAddr
			r.Header.Set(csrfHeader, h.csrf)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			body := w.Body.String()
			if strings.Contains(body, "SECRET") || strings.Contains(body, "package serve") {
				t.Fatalf("%s %s served a file it must not: %.200s", method, target, body)
			}
			if w.Code == 200 && method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/ky/") {
				name := strings.TrimPrefix(r.URL.Path, "/ky/")
				if !validName(name) {
					t.Fatalf("GET %s: 200 for %q", target, name)
				}
			}
		}
	})
}
