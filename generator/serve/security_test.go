package serve

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

const sample = "2022-09-14.toml"

func sampleBase(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, sample))
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// TestHost: a Host header that does not name this server (a DNS-rebinding page sends its own
// name) is refused before anything else.
func TestHost(t *testing.T) {
	h := newHandler(t, sampleDir(t), "")
	for _, tc := range []struct {
		host string
		want int
	}{
		{"127.0.0.1:8080", 200},
		{"localhost:8080", 200},
		{"LOCALHOST:8080", 200},
		{"[::1]:8080", 200},
		{"evil.example:8080", 403},
		{"evil.example", 403},
		{"127.0.0.1:9999", 403},
		{"127.0.0.1", 403},
		{"", 403},
		{"192.168.1.5:8080", 403},
	} {
		for _, target := range []string{"/", "/ky/" + sample} {
			w := do(h, "GET", target, nil, func(r *http.Request) { r.Host = tc.host })
			if w.Code != tc.want {
				t.Errorf("Host %q %s: %d, want %d", tc.host, target, w.Code, tc.want)
			}
			if tc.want == 403 && !strings.Contains(w.Body.String(), "Host") {
				t.Errorf("Host %q: the refusal does not say why: %s", tc.host, w.Body.String())
			}
		}
	}
	// A POST with a foreign Host is refused too, CSRF token or not.
	w := do(h, "POST", "/api/xem/"+sample, editRequest{Base: "x"}, func(r *http.Request) { r.Host = "evil.example:8080" })
	if w.Code != 403 {
		t.Errorf("POST with a foreign Host: %d", w.Code)
	}
}

// TestCSRF: every change needs the page's CSRF token and the page's origin.
func TestCSRF(t *testing.T) {
	dir := sampleDir(t)
	h := newHandler(t, dir, "")
	base := sampleBase(t, dir)
	before, _ := os.ReadFile(filepath.Join(dir, sample))
	edit := editRequest{Base: base, Edits: map[string]string{"document.number": "99"}}
	for _, tc := range []struct {
		name string
		mod  func(*http.Request)
		want int
	}{
		{"the page's request", nil, 200},
		{"no token", func(r *http.Request) { r.Header.Del(csrfHeader) }, 403},
		{"wrong token", func(r *http.Request) { r.Header.Set(csrfHeader, strings.Repeat("0", 48)) }, 403},
		{"token one character short", func(r *http.Request) { r.Header.Set(csrfHeader, h.csrf[:len(h.csrf)-1]) }, 403},
		{"another origin", func(r *http.Request) { r.Header.Set("Origin", "http://evil.example") }, 403},
		{"origin null", func(r *http.Request) { r.Header.Set("Origin", "null") }, 403},
		{"origin on another port", func(r *http.Request) { r.Header.Set("Origin", "http://127.0.0.1:9999") }, 403},
		{"cross-site fetch", func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "cross-site") }, 403},
		{"same-site fetch", func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "same-site") }, 403},
		{"a form post without the field", func(r *http.Request) {
			r.Header.Del(csrfHeader)
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}, 403},
		{"no Origin, no Sec-Fetch-Site (an older client), with the token", func(r *http.Request) {
			r.Header.Del("Origin")
			r.Header.Del("Sec-Fetch-Site")
		}, 200},
	} {
		for _, target := range []string{"/api/xem/", "/api/luu/", "/api/tai/", "/api/ky-moi/"} {
			if tc.want == 200 && target != "/api/xem/" {
				continue // the allowed cases change files: see the other tests
			}
			url := target + sample
			if target == "/api/tai/" {
				url += "/pdf"
			}
			var body any = edit
			if target == "/api/ky-moi/" {
				body = nextRequest{Date: "15/12/2022"}
			}
			w := do(h, "POST", url, body, tc.mod)
			if w.Code != tc.want {
				t.Errorf("%s, %s: %d, want %d: %s", tc.name, target, w.Code, tc.want, w.Body.String())
			}
			if tc.want == 403 && !strings.Contains(w.Body.String(), "từ chối") && !strings.Contains(w.Body.String(), "CSRF") {
				t.Errorf("%s, %s: the refusal does not say why: %s", tc.name, target, w.Body.String())
			}
		}
	}
	after, _ := os.ReadFile(filepath.Join(dir, sample))
	if string(before) != string(after) {
		t.Error("a refused request changed the file")
	}
	if _, err := os.Stat(filepath.Join(dir, "2022-12-15.toml")); err != nil {
		t.Fatal(err)
	}
	// Methods other than GET, HEAD and POST are refused.
	for _, m := range []string{"PUT", "DELETE", "PATCH"} {
		if w := do(h, m, "/api/luu/"+sample, edit, nil); w.Code != 405 {
			t.Errorf("%s: %d, want 405", m, w.Code)
		}
	}
}

// TestPaths: nothing but a .toml file directly inside the folder, a regular file, is ever
// read or written; signing material, links and other folders are not served.
func TestPaths(t *testing.T) {
	dir := sampleDir(t)
	h := newHandler(t, dir, "")
	for _, target := range []string{
		"/ky/so.p12", "/ky/khoa.pem", "/ky/ghi-chu.txt", "/ky/.an.toml", "/ky/lien-ket.toml", "/ky/p12.toml",
		"/ky/..%2F" + filepath.Base(dir) + "%2F" + sample, "/ky/..%2F..%2Fetc%2Fpasswd", "/ky/sub%2Fx.toml",
		"/ky/sub/x.toml", "/ky/..", "/ky/%2e%2e", "/ky/" + sample + "%00.p12", "/ky/khong-co.toml",
		"/static/..%2Fserve.go", "/static/app.js%2F..%2F..%2Fserve.go", "/so.p12", "/khoa.pem",
		"/static/../../serve.go", "/ky/" + dir + "/" + sample, "/ky/%2F" + strings.TrimPrefix(dir, "/") + "%2F" + sample,
	} {
		w := do(h, "GET", target, nil, nil)
		if w.Code == 200 {
			t.Errorf("GET %s: 200, want a refusal", target)
		}
		if strings.Contains(w.Body.String(), "SECRET") || strings.Contains(w.Body.String(), "package serve") {
			t.Errorf("GET %s served a file it must not: %s", target, w.Body.String())
		}
	}
	// The same names through every POST endpoint: refused, nothing written.
	for _, name := range []string{"so.p12", "lien-ket.toml", "p12.toml", ".an.toml", "..%2Fx.toml", "moi.toml"} {
		for _, target := range []string{"/api/xem/", "/api/luu/", "/api/tai/", "/api/ky-moi/"} {
			url := target + name
			if target == "/api/tai/" {
				url += "/pdf"
			}
			var body any = editRequest{Base: "", Edits: map[string]string{"document.number": "1"}}
			if target == "/api/ky-moi/" {
				body = nextRequest{Date: "1/1/2030"}
			}
			w := do(h, "POST", url, body, nil)
			if w.Code == 200 || w.Code == 201 || strings.Contains(w.Body.String(), "SECRET") {
				t.Errorf("POST %s: %d %s", url, w.Code, w.Body.String())
			}
		}
	}
	if b, _ := os.ReadFile(filepath.Join(filepath.Dir(dir), "outside.toml")); len(b) > 0 && string(b) != "SECRET-OUTSIDE" {
		t.Error("the file behind the link was changed")
	}
	if _, err := os.Stat(filepath.Join(dir, "2030-01-01.toml")); err == nil {
		t.Error("a next period was made from a refused file")
	}
	// The list shows the refused names as such and never their content.
	w := do(h, "GET", "/", nil, nil)
	body := w.Body.String()
	if w.Code != 200 || !strings.Contains(body, "lien-ket.toml") || strings.Contains(body, "SECRET") || strings.Contains(body, "so.p12") {
		t.Errorf("list: %d\n%s", w.Code, body)
	}
	if w := do(h, "GET", "/ky/"+sample, nil, nil); w.Code != 200 {
		t.Errorf("the sample itself: %d", w.Code)
	}
}

// TestBodyLimit: a body over MaxBodySize is refused with 413, whatever the endpoint.
func TestBodyLimit(t *testing.T) {
	dir := sampleDir(t)
	h := newHandler(t, dir, "")
	big := `{"base":"` + strings.Repeat("a", MaxBodySize) + `"}`
	for _, target := range []string{"/api/xem/", "/api/luu/", "/api/tai/", "/api/ky-moi/"} {
		url := target + sample
		if target == "/api/tai/" {
			url += "/pdf"
		}
		w := do(h, "POST", url, big, nil)
		if w.Code != http.StatusRequestEntityTooLarge || !strings.Contains(w.Body.String(), "MaxBodySize") {
			t.Errorf("%s: %d %s", target, w.Code, w.Body.String())
		}
	}
	// A form-encoded body is limited before its CSRF field is looked for.
	w := do(h, "POST", "/api/luu/"+sample, "csrf="+strings.Repeat("a", MaxBodySize), func(r *http.Request) {
		r.Header.Del(csrfHeader)
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	})
	if w.Code != 403 || !strings.Contains(w.Body.String(), "MaxBodySize") {
		t.Errorf("form: %d %s", w.Code, w.Body.String())
	}
	// Just under the limit is read.
	ok := `{"base":"` + strings.Repeat("a", MaxBodySize-100) + `"}`
	if w := do(h, "POST", "/api/xem/"+sample, ok, nil); w.Code != 200 {
		t.Errorf("a body under the limit: %d %s", w.Code, w.Body.String())
	}
}

// TestBadBody: a body that is not the page's JSON — nested a million deep, of the wrong types,
// with fields the page never sends, empty or cut — is refused with 400 and a Vietnamese reason,
// never Go's English message.
func TestBadBody(t *testing.T) {
	dir := sampleDir(t)
	h := newHandler(t, dir, "")
	for _, tc := range []struct{ name, body, want string }{
		{"nested", `{"base":"x","edits":` + strings.Repeat("[", 1_000_000), "lồng quá sâu"},
		{"wrong type", `{"base":"x","edits":{"document.number":7}}`, "sai kiểu"},
		{"unknown field", `{"base":"x","extra":1}`, "không dùng đến"},
		{"empty", ``, "trống"},
		{"cut", `{"base":"x","edits":{"a":`, "bị cắt"},
	} {
		w := do(h, "POST", "/api/xem/"+sample, tc.body, nil)
		body := w.Body.String()
		if w.Code != http.StatusBadRequest || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d %s, want 400 saying %s", tc.name, w.Code, body, tc.want)
		}
		for _, english := range []string{"invalid character", "json:", "unexpected", "exceeded"} {
			if strings.Contains(body, english) {
				t.Errorf("%s: English in %s", tc.name, body)
			}
		}
	}
}

// TestToken: an address that is not loopback needs a token; with one, every request needs it.
func TestToken(t *testing.T) {
	dir := sampleDir(t)
	if _, err := NewHandler(Options{Dir: dir, Addr: "192.168.1.5:8080"}); err == nil || !strings.Contains(err.Error(), "mã truy cập") {
		t.Errorf("non-loopback without a token: %v", err)
	}
	if _, err := NewHandler(Options{Dir: dir, Addr: "0.0.0.0:8080"}); err == nil {
		t.Error("every interface without a token: accepted")
	}
	// Listen generates one for a non-loopback address, and prints it in the URL.
	s, err := Listen(Options{Dir: dir, Addr: "0.0.0.0:0"})
	if err != nil {
		t.Fatal(err)
	}
	s.ln.Close()
	if s.h.token == "" || len(s.h.token) != 2*tokenBytes || !strings.Contains(s.URL(), "?token="+s.h.token) {
		t.Errorf("generated token %q, URL %q", s.h.token, s.URL())
	}
	// Loopback needs none.
	s, err = Listen(Options{Dir: dir, Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	s.ln.Close()
	if s.h.token != "" || strings.Contains(s.URL(), "token") {
		t.Errorf("loopback: token %q, URL %q", s.h.token, s.URL())
	}

	tok := strings.Repeat("k", 20) + "SECRETtoken"
	h := newHandler(t, dir, tok)
	if w := do(h, "GET", "/", nil, nil); w.Code != 401 {
		t.Errorf("no token: %d", w.Code)
	}
	if w := do(h, "GET", "/?token=wrong", nil, nil); w.Code != 401 {
		t.Errorf("wrong token: %d", w.Code)
	}
	if w := do(h, "GET", "/", nil, func(r *http.Request) { r.AddCookie(&http.Cookie{Name: tokenCookie, Value: tok + "x"}) }); w.Code != 401 {
		t.Errorf("wrong cookie: %d", w.Code)
	}
	w := do(h, "GET", "/ky/"+sample+"?token="+tok, nil, nil)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/ky/"+sample {
		t.Fatalf("first visit: %d, Location %q", w.Code, w.Header().Get("Location"))
	}
	var cookie *http.Cookie
	for _, c := range w.Result().Cookies() {
		if c.Name == tokenCookie {
			cookie = c
		}
	}
	if cookie == nil || cookie.Value != tok || !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode {
		t.Fatalf("cookie: %+v", cookie)
	}
	withCookie := func(r *http.Request) { r.AddCookie(cookie) }
	if w := do(h, "GET", "/ky/"+sample, nil, withCookie); w.Code != 200 {
		t.Errorf("with the cookie: %d", w.Code)
	}
	if w := do(h, "POST", "/api/xem/"+sample, editRequest{Base: "x"}, nil); w.Code != 401 {
		t.Errorf("POST without the token (CSRF token given): %d", w.Code)
	}
	if w := do(h, "POST", "/api/xem/"+sample, editRequest{Base: "x"}, withCookie); w.Code != 200 {
		t.Errorf("POST with the cookie: %d", w.Code)
	}
	// A token in a POST's query does not stand for the cookie.
	if w := do(h, "POST", "/api/xem/"+sample+"?token="+tok, editRequest{Base: "x"}, nil); w.Code != 401 {
		t.Errorf("POST with ?token=: %d", w.Code)
	}
}

func TestReadToken(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		content string
		ok      bool
	}{
		{"abcdefghijklmnop\n", true},
		{"short\n", false},
		{"abcdefgh ijklmnopq", false},
		{"abcdefghijklmnopq\nsecond-line-here", false},
		{"mã-truy-cập-có-dấu-dài-lắm", false},
		{strings.Repeat("a", maxTokenFile+1), false},
	} {
		p := filepath.Join(dir, "t")
		os.WriteFile(p, []byte(tc.content), 0o600)
		tok, err := ReadToken(p)
		if (err == nil) != tc.ok {
			t.Errorf("%q: %q %v", tc.content, tok, err)
		}
		if err != nil && strings.Contains(err.Error(), strings.TrimSpace(tc.content)) && len(tc.content) > 5 {
			t.Errorf("the error prints the token: %v", err)
		}
	}
}

// TestHeaders: every answer, refusals included, carries the security headers.
func TestHeaders(t *testing.T) {
	h := newHandler(t, sampleDir(t), "")
	for _, tc := range []struct {
		target string
		mod    func(*http.Request)
	}{
		{"/", nil},
		{"/ky/" + sample, nil},
		{"/static/app.js", nil},
		{"/static/style.css", nil},
		{"/khong-co", nil},
		{"/", func(r *http.Request) { r.Host = "evil.example" }},
	} {
		w := do(h, "GET", tc.target, nil, tc.mod)
		for k, v := range map[string]string{
			"X-Content-Type-Options": "nosniff",
			"Referrer-Policy":        "no-referrer",
		} {
			if got := w.Header().Get(k); got != v {
				t.Errorf("%s: %s = %q", tc.target, k, got)
			}
		}
		csp := w.Header().Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", tc.target, csp)
		}
	}
	if ct := do(h, "GET", "/static/app.js", nil, nil).Header().Get("Content-Type"); !strings.Contains(ct, "javascript") {
		t.Errorf("app.js: Content-Type %q", ct)
	}
}

// TestSaveSerialized: two saves from the same base at once: one is written, the other is
// refused as a conflict, never both.
func TestSaveSerialized(t *testing.T) {
	dir := sampleDir(t)
	h := newHandler(t, dir, "")
	base := sampleBase(t, dir)
	codes := make([]int, 8)
	var wg sync.WaitGroup
	for i := range codes {
		wg.Go(func() {
			w := do(h, "POST", "/api/luu/"+sample, editRequest{Base: base, Edits: map[string]string{"document.number": "1" + strings.Repeat("0", i)}}, nil)
			codes[i] = w.Code
		})
	}
	wg.Wait()
	ok := 0
	for _, c := range codes {
		switch c {
		case 200:
			ok++
		case 409:
		default:
			t.Errorf("status %d", c)
		}
	}
	if ok != 1 {
		t.Errorf("%d saves from the same base were written, want 1 (%v)", ok, codes)
	}
}
