package serve

import (
	"crypto/subtle"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// tokenCookie is the cookie that carries the access token after the first ?token= visit.
const tokenCookie = "baocao_token"

// csrfHeader and csrfField carry the CSRF token of a change: the header on the page's fetches,
// the field on its download forms.
const (
	csrfHeader = "X-CSRF-Token"
	csrfField  = "csrf"
)

// securityHeaders are set on every answer: nothing but the application's own files may load,
// no other site may frame it, no address leaks to another site.
var securityHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'",
	"X-Content-Type-Options":  "nosniff",
	"X-Frame-Options":         "DENY",
	"Referrer-Policy":         "no-referrer",
	"Cache-Control":           "no-store",
}

// ServeHTTP checks every request against the security rules, then routes it:
//   - Host must be an address this server answers on (DNS rebinding: a page of another site
//     whose name was made to point at 127.0.0.1 sends its own name);
//   - with a token, the token (?token= once, then the cookie);
//   - a change (POST) must come from the application's own page: same origin, with the CSRF
//     token;
//   - bodies are limited to MaxBodySize.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for k, v := range securityHeaders {
		w.Header().Set(k, v)
	}
	if !h.hostAllowed(r.Host) {
		fail(w, r, http.StatusForbidden, "Địa chỉ (Host) "+quote(r.Host)+" không phải địa chỉ của máy chủ này: hãy mở đúng địa chỉ baocao serve đã in ra.")
		return
	}
	if h.token != "" {
		if q := r.URL.Query().Get("token"); q != "" && r.Method == http.MethodGet {
			if !equal(q, h.token) {
				fail(w, r, http.StatusUnauthorized, "Mã truy cập không đúng: hãy mở đúng địa chỉ baocao serve đã in ra.")
				return
			}
			http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: h.token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
			// The token leaves the address bar and the history at once.
			u := *r.URL
			qs := u.Query()
			qs.Del("token")
			u.RawQuery = qs.Encode()
			http.Redirect(w, r, u.RequestURI(), http.StatusSeeOther)
			return
		}
		c, err := r.Cookie(tokenCookie)
		if err != nil || !equal(c.Value, h.token) {
			fail(w, r, http.StatusUnauthorized, "Cần mã truy cập: hãy mở đúng địa chỉ (có ?token=…) baocao serve đã in ra.")
			return
		}
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead:
	case http.MethodPost:
		r.Body = http.MaxBytesReader(w, r.Body, MaxBodySize)
		if msg := h.checkChange(r); msg != "" {
			fail(w, r, http.StatusForbidden, msg)
			return
		}
	default:
		w.Header().Set("Allow", "GET, HEAD, POST")
		fail(w, r, http.StatusMethodNotAllowed, "Phương thức "+r.Method+" không được hỗ trợ.")
		return
	}
	h.mux.ServeHTTP(w, r)
}

// checkChange says why a POST is refused, or "".
func (h *Handler) checkChange(r *http.Request) string {
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || u.Host != r.Host || u.Scheme != "http" {
			return "Yêu cầu thay đổi đến từ trang khác (" + quote(o) + "): bị từ chối."
		}
	}
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		return "Yêu cầu thay đổi đến từ trang khác: bị từ chối."
	}
	tok := r.Header.Get(csrfHeader)
	if tok == "" && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		if err := r.ParseForm(); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return tooLarge
			}
			return "Không đọc được biểu mẫu gửi lên."
		}
		tok = r.PostForm.Get(csrfField)
	}
	if tok == "" || !equal(tok, h.csrf) {
		return "Thiếu hoặc sai mã chống giả mạo (CSRF): hãy tải lại trang rồi làm lại."
	}
	return ""
}

// tooLarge is the message of a body over MaxBodySize.
const tooLarge = "Dữ liệu gửi lên quá lớn (giới hạn MaxBodySize 4 MB)."

// hostAllowed says whether the Host header names this server.
func (h *Handler) hostAllowed(host string) bool {
	if h.hosts[strings.ToLower(host)] {
		return true
	}
	if !h.anyIP {
		return false
	}
	// Listening on every interface: the machine's own addresses are not known in advance,
	// but a rebinding attack needs a name, so an IP literal on our port is accepted.
	name, port, err := net.SplitHostPort(host)
	if err != nil || port != h.port {
		return false
	}
	return net.ParseIP(name) != nil
}

// equal compares two secrets in constant time.
func equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

func quote(s string) string {
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return "«" + strings.ToValidUTF8(s, "?") + "»"
}
