package main

import (
	"bufio"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/baocao-vn/baocao/internal/testtool"
)

// TestServeCommand runs baocao serve as a user does: it prints the address to open, answers
// there, and stops cleanly (exit 0) on Ctrl-C and on SIGTERM. A non-loopback address without
// --token-file gets a generated token, printed in the address and required.
func TestServeCommand(t *testing.T) {
	bin := testtool.Binary(t)
	dir := t.TempDir()
	src, err := os.ReadFile("../../samples/2022-09-14.toml")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "2022-09-14.toml"), src, 0o644)
	tokenFile := filepath.Join(t.TempDir(), "ma")
	os.WriteFile(tokenFile, []byte("ma-truy-cap-thu-nghiem-0123456789\n"), 0o600)
	urlRe := regexp.MustCompile(`http://[^ ]+`)
	for _, tc := range []struct {
		name  string
		args  []string
		sig   syscall.Signal
		token string // "" none; "*" generated
	}{
		{"loopback, Ctrl-C", []string{"--addr", "127.0.0.1:0"}, syscall.SIGINT, ""},
		{"loopback, SIGTERM", []string{"--addr", "localhost:0"}, syscall.SIGTERM, ""},
		{"every interface, generated token", []string{"--addr", "0.0.0.0:0"}, syscall.SIGINT, "*"},
		{"token file", []string{"--addr", "127.0.0.1:0", "--token-file", tokenFile}, syscall.SIGINT, "ma-truy-cap-thu-nghiem-0123456789"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(bin, append([]string{"serve", dir}, tc.args...)...)
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			r := bufio.NewReader(out)
			line, err := r.ReadString('\n')
			if err != nil {
				t.Fatalf("no start line: %v; stderr: %s", err, stderr.String())
			}
			if !strings.Contains(line, "trong trình duyệt") || !strings.Contains(line, "Ctrl-C") {
				t.Errorf("start line: %q", line)
			}
			addr := urlRe.FindString(line)
			switch tc.token {
			case "":
				if strings.Contains(addr, "token") {
					t.Errorf("a token on loopback: %q", addr)
				}
			case "*":
				if !regexp.MustCompile(`\?token=[0-9a-f]{48}$`).MatchString(addr) {
					t.Errorf("no generated token in %q", addr)
				}
			default:
				if !strings.HasSuffix(addr, "?token="+tc.token) {
					t.Errorf("the token file's token is not in %q", addr)
				}
			}
			// The address printed opens the list (the token, when there is one, in the URL).
			if tc.token == "*" {
				addr = strings.Replace(addr, "0.0.0.0", "127.0.0.1", 1)
			}
			jar, _ := cookiejar.New(nil)
			browser := &http.Client{Jar: jar} // the token's cookie is set on the first visit
			resp, err := browser.Get(addr)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !strings.Contains(string(body), "2022-09-14.toml") {
				t.Errorf("GET %s: %d\n%s", addr, resp.StatusCode, body)
			}
			if tc.token != "" {
				bare, _, _ := strings.Cut(addr, "?")
				if resp, err := http.Get(bare); err != nil || resp.StatusCode != 401 {
					t.Errorf("without the token: %v %v", resp.StatusCode, err)
				}
			}
			cmd.Process.Signal(tc.sig)
			done := make(chan error, 1)
			go func() { rest, _ := io.ReadAll(r); line += string(rest); done <- cmd.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("exit: %v; stderr: %s", err, stderr.String())
				}
			case <-time.After(15 * time.Second):
				t.Fatal("serve did not stop on the signal")
			}
			if !strings.Contains(line, "đã dừng") {
				t.Errorf("no stop line: %q", line)
			}
		})
	}
}

// TestServeUsage: the command's mistakes are said in Vietnamese, exit 2.
func TestServeUsage(t *testing.T) {
	dir := t.TempDir()
	short := filepath.Join(dir, "ngan")
	os.WriteFile(short, []byte("abc"), 0o600)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"serve"}, "thiếu thư mục"},
		{[]string{"serve", dir, dir}, "chỉ một thư mục"},
		{[]string{"serve", filepath.Join(dir, "khong-co")}, "không mở được thư mục"},
		{[]string{"serve", short}, "không phải thư mục"},
		{[]string{"serve", dir, "--addr", "8080"}, "máy:cổng"},
		{[]string{"serve", dir, "--token-file", short}, "ít nhất 16"},
		{[]string{"serve", dir, "--token-file", filepath.Join(dir, "khong-co")}, "không đọc được tệp mã truy cập"},
	} {
		var stdout, stderr strings.Builder
		code := run(tc.args, &stdout, &stderr)
		if code != exitInvalid || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", tc.args, code, stderr.String(), tc.want)
		}
	}
}
