package main

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/baocao-vn/baocao/generator/sign"
	"github.com/baocao-vn/baocao/generator/token"
)

// cmdTokens lists the slots, tokens, certificates and keys a PKCS#11 module offers, so that a
// user can find the --token-label and --key-label to sign with. Nothing secret is shown; the
// token is logged into (to list private keys) only when a PIN is given as for signing.
func cmdTokens(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("tokens")
	asJSON := fs.Bool("json", false, "in kết quả dạng JSON")
	pinFile := fs.String("pin-file", "", "đọc mã PIN từ `FILE` để liệt kê cả khóa bí mật (mặc định: biến môi trường BAOCAO_PKCS11_PIN)")
	if code, done := parseFlags(fs, args, stdout, stderr); done {
		return code
	}
	switch {
	case fs.NArg() == 0:
		return usageError(stderr, "tokens", "thiếu thư viện PKCS#11 (MODULE.so) của thiết bị ký số")
	case fs.NArg() > 1:
		return usageError(stderr, "tokens", "mỗi lần chỉ liệt kê một thư viện PKCS#11, có %d", fs.NArg())
	}
	pin, err := readPIN(*pinFile)
	if err != nil {
		fmt.Fprintf(stderr, "baocao: %v\n", err)
		return exitInvalid
	}
	slots, err := token.List(fs.Arg(0), pin)
	if err != nil {
		fmt.Fprintf(stderr, "baocao: %s: %v\n", fs.Arg(0), err)
		return exitInvalid
	}
	if *asJSON {
		if slots == nil {
			slots = []token.Slot{}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(slots)
		return exitOK
	}
	if len(slots) == 0 {
		fmt.Fprintf(stdout, "%s: không có thiết bị ký số nào được cắm\n", fs.Arg(0))
	}
	for _, s := range slots {
		if !s.Initialized {
			fmt.Fprintf(stdout, "Khe %d (%s): thiết bị chưa được khởi tạo\n", s.ID, s.Description)
			continue
		}
		fmt.Fprintf(stdout, "Khe %d (%s): thiết bị “%s” — %s %s, số sê-ri %s\n", s.ID, s.Description, s.Label, s.Manufacturer, s.Model, s.Serial)
		for _, o := range s.Objects {
			fmt.Fprintf(stdout, "  %-15s nhãn “%s”, mã %s", o.Class, o.Label, o.ID)
			if o.KeyType != "" {
				fmt.Fprintf(stdout, ", %s", o.KeyType)
			}
			fmt.Fprintln(stdout)
			if o.Subject != "" {
				fmt.Fprintf(stdout, "                  chủ thể:   %s\n", o.Subject)
				fmt.Fprintf(stdout, "                  cấp bởi:   %s\n", o.Issuer)
				fmt.Fprintf(stdout, "                  hiệu lực:  %s đến %s\n", o.NotBefore.In(sign.Vietnam).Format(time.DateTime+" -07:00"), o.NotAfter.In(sign.Vietnam).Format(time.DateTime+" -07:00"))
			}
		}
		if !s.LoggedIn {
			fmt.Fprintln(stdout, "  (khóa bí mật chỉ liệt kê được sau khi đăng nhập: đặt BAOCAO_PKCS11_PIN hoặc dùng --pin-file)")
		}
	}
	return exitOK
}
