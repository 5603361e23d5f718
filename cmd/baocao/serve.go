package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/baocao-vn/baocao/generator/serve"
)

// shutdownWait is how long Ctrl-C waits for the requests under way (a download being
// rendered) before the server stops anyway.
const shutdownWait = 10 * time.Second

func cmdServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve")
	addr := fs.String("addr", "127.0.0.1:8080", "địa chỉ `MÁY:CỔNG` để nghe; nếu không phải máy này (127.0.0.1, localhost) thì bắt buộc có mã truy cập")
	tokenFile := fs.String("token-file", "", "tệp `F` chứa mã truy cập (ít nhất 16 ký tự); không có thì tự tạo khi nghe ngoài máy này")
	if code, done := parseFlags(fs, args, stdout, stderr); done {
		return code
	}
	switch {
	case fs.NArg() == 0:
		return usageError(stderr, "serve", "thiếu thư mục chứa các tệp dữ liệu .toml")
	case fs.NArg() > 1:
		return usageError(stderr, "serve", "chỉ một thư mục, có %d: %s", fs.NArg(), strings.Join(fs.Args(), " "))
	}
	opt := serve.Options{Dir: fs.Arg(0), Addr: *addr}
	if *tokenFile != "" {
		tok, err := serve.ReadToken(*tokenFile)
		if err != nil {
			fmt.Fprintf(stderr, "baocao serve: %v\n", err)
			return exitInvalid
		}
		opt.Token = tok
	}
	s, err := serve.Listen(opt)
	if err != nil {
		fmt.Fprintf(stderr, "baocao serve: %v\n", err)
		return exitInvalid
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Fprintf(stdout, "baocao serve: mở %s trong trình duyệt để cập nhật các kỳ báo cáo trong %s (Ctrl-C để dừng)\n", s.URL(), opt.Dir)
	errc := make(chan error, 1)
	go func() { errc <- s.Serve() }()
	select {
	case err := <-errc:
		fmt.Fprintf(stderr, "baocao serve: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownWait)
	defer cancel()
	if err := s.Shutdown(sctx); err != nil {
		fmt.Fprintf(stderr, "baocao serve: dừng: %v\n", err)
	}
	<-errc
	fmt.Fprintln(stdout, "baocao serve: đã dừng.")
	return exitOK
}
