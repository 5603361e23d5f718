// Package serve is baocao's local web application: the reporting dates of one folder listed
// with their counts, one page per reporting date where a clerk edits the items of the appendix,
// sees problems and figures as they type, previews and downloads the documents, saves the TOML
// back (format-preserving, atomically, refusing when the file changed on disk) and starts the
// next reporting date. The model of the form is generator/form; this package is the HTTP side:
// pages, security, files.
//
// The server keeps nothing per user: the page sends with every request the file's name, the
// SHA-256 of the bytes it loaded (its base) and the edits made since; the server re-reads the
// file, applies the edits and answers.
package serve

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// The limits of the server.
const (
	// MaxBodySize is the largest request body read, in bytes: the edits of a whole reporting
	// date (every progress text at dataset.MaxTextLen characters of Vietnamese is about 300 KB)
	// fit many times over; a bigger body is refused with 413 before it is read further.
	MaxBodySize = 4 << 20
	// MaxFiles is the most .toml files of the folder the list page reads, and among which a
	// page's previous reporting date is looked for; a department keeps a few per year, and
	// each costs a validation (and a kept snapshot of about 10 KB).
	MaxFiles = 500
)

// Timeouts of the http.Server: a slow or stalled client cannot hold a connection forever;
// a PDF or DOCX rendered for a download takes well under a second.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 60 * time.Second
	writeTimeout      = 2 * time.Minute
	idleTimeout       = 2 * time.Minute
)

// tokenBytes is the length of the generated access token and of the CSRF token.
const tokenBytes = 24

// Options configures a Server.
type Options struct {
	// Dir is the folder of the reporting dates' TOML files; only the .toml files directly in it
	// are read and written.
	Dir string
	// Addr is the address listened on, host:port (port 0 picks a free port).
	Addr string
	// Token, when not empty, is required on every request (?token= once, then a cookie). It
	// must be set when Addr's host is not a loopback address.
	Token string
}

// Server is a running baocao serve.
type Server struct {
	ln   net.Listener
	srv  *http.Server
	h    *Handler
	url  string
	done chan error
}

// Listen opens the listener and prepares the server; Serve then serves it. A host that is not
// loopback needs a token: when Options.Token is empty one is generated (Token says it).
func Listen(opt Options) (*Server, error) {
	host, _, err := net.SplitHostPort(opt.Addr)
	if err != nil {
		return nil, fmt.Errorf("--addr %q: địa chỉ phải có dạng máy:cổng, ví dụ 127.0.0.1:8080", opt.Addr)
	}
	if !isLoopback(host) && opt.Token == "" {
		if opt.Token, err = NewToken(); err != nil {
			return nil, err
		}
	}
	ln, err := net.Listen("tcp", opt.Addr)
	if err != nil {
		return nil, fmt.Errorf("không mở được cổng %s: %w", opt.Addr, err)
	}
	opt.Addr = ln.Addr().String()
	if host != "" && !net.ParseIP(host).IsUnspecified() {
		// Keep the name the user gave (localhost) in what is printed; the port is the real one.
		_, port, _ := net.SplitHostPort(opt.Addr)
		opt.Addr = net.JoinHostPort(host, port)
	}
	h, err := NewHandler(opt)
	if err != nil {
		ln.Close()
		return nil, err
	}
	s := &Server{ln: ln, h: h, done: make(chan error, 1)}
	s.srv = &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    64 << 10,
	}
	s.url = "http://" + opt.Addr + "/"
	if opt.Token != "" {
		s.url += "?token=" + opt.Token
	}
	return s, nil
}

// URL is the address to open in a browser, with the token when one is needed.
func (s *Server) URL() string { return s.url }

// Serve serves until Shutdown; it returns nil after a clean shutdown.
func (s *Server) Serve() error {
	err := s.srv.Serve(s.ln)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops accepting connections and waits for the requests under way (at most until
// ctx ends).
func (s *Server) Shutdown(ctx context.Context) error { return s.srv.Shutdown(ctx) }

// Handler is the web application over one folder, an http.Handler.
type Handler struct {
	dir     string
	token   string
	csrf    string
	hosts   map[string]bool // the Host headers accepted
	anyIP   bool            // listening on every interface: any IP literal is accepted as Host
	port    string
	mux     *http.ServeMux
	locksMu sync.Mutex
	locks   map[string]*sync.Mutex // one per file name: saves of the same file run one at a time
	cacheMu sync.Mutex
	cache   map[string]cached // by file name: the Form of the bytes last read
	datesMu sync.Mutex
	dates   map[string]dated // by file name: its reporting date, for the previous date's rule
}

// NewHandler returns the application over opt.Dir for a server listening on opt.Addr. It
// refuses a non-loopback address without a token.
func NewHandler(opt Options) (*Handler, error) {
	host, port, err := net.SplitHostPort(opt.Addr)
	if err != nil {
		return nil, fmt.Errorf("địa chỉ %q phải có dạng máy:cổng", opt.Addr)
	}
	if !isLoopback(host) && opt.Token == "" {
		return nil, errors.New("nghe trên địa chỉ không phải máy này (loopback) thì bắt buộc có mã truy cập (--token-file)")
	}
	st, err := os.Stat(opt.Dir)
	if err != nil {
		return nil, fmt.Errorf("%s: không mở được thư mục dữ liệu: %w", opt.Dir, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s: không phải thư mục; serve mở một thư mục chứa các tệp .toml", opt.Dir)
	}
	dir, err := filepath.Abs(opt.Dir)
	if err != nil {
		return nil, err
	}
	csrf, err := NewToken()
	if err != nil {
		return nil, err
	}
	h := &Handler{dir: dir, token: opt.Token, csrf: csrf, hosts: map[string]bool{}, port: port, locks: map[string]*sync.Mutex{}, cache: map[string]cached{}, dates: map[string]dated{}}
	for _, name := range []string{"localhost", "127.0.0.1", "::1", host} {
		if name == "" {
			continue
		}
		name = strings.ToLower(name)
		h.hosts[net.JoinHostPort(name, port)] = true
		if port == "80" {
			h.hosts[name] = true
			if ip := net.ParseIP(name); ip != nil && ip.To4() == nil {
				h.hosts["["+name+"]"] = true
			}
		}
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		h.anyIP = true
	}
	h.routes()
	return h, nil
}

// NewToken returns a random token (crypto/rand), as hex.
func NewToken() (string, error) {
	b := make([]byte, tokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("không tạo được mã ngẫu nhiên: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// isLoopback says whether host names this machine only.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// lock returns the mutex of the named file.
func (h *Handler) lock(name string) *sync.Mutex {
	h.locksMu.Lock()
	defer h.locksMu.Unlock()
	m := h.locks[name]
	if m == nil {
		m = new(sync.Mutex)
		h.locks[name] = m
	}
	return m
}

// Limits of a token file.
const (
	// MinTokenLen is the shortest access token accepted from --token-file, in characters: a
	// token is guessed over the network, so it must be long (a generated one has 48).
	MinTokenLen = 16
	// maxTokenFile is the largest token file read.
	maxTokenFile = 4096
)

// ReadToken reads an access token from a file: one line, at least MinTokenLen printable
// characters, no spaces.
func ReadToken(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("%s: không đọc được tệp mã truy cập: %w", path, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxTokenFile+1))
	if err != nil {
		return "", fmt.Errorf("%s: không đọc được tệp mã truy cập: %w", path, err)
	}
	if len(b) > maxTokenFile {
		return "", fmt.Errorf("%s: tệp mã truy cập quá lớn (tối đa %d byte, một dòng)", path, maxTokenFile)
	}
	tok := strings.TrimSpace(string(b))
	switch {
	case utf8.RuneCountInString(tok) < MinTokenLen:
		return "", fmt.Errorf("%s: mã truy cập phải dài ít nhất %d ký tự (MinTokenLen)", path, MinTokenLen)
	case strings.IndexFunc(tok, func(r rune) bool { return r <= ' ' || r == 0x7f || r > '~' }) >= 0:
		return "", fmt.Errorf("%s: mã truy cập chỉ gồm chữ, số và dấu ASCII in được, không có khoảng trắng, trên một dòng", path)
	}
	return tok, nil
}
