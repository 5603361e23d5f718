// Command baocao produces the quarterly report on remedying the shortcomings found by the
// province's public-administration-reform appraisal: the report (BÁO CÁO) as DOCX, the appendix
// (PHỤ LỤC) as a signed landscape PDF and the score workbook as XLSX, from one TOML dataset per
// reporting date.
//
// Usage:
//
//	baocao check [--json] [--strict] FILE...
//	baocao render FILE -o DIR [--template FILE] [--sign-p12 CERT.p12 …]
//	baocao sign IN.pdf -o OUT.pdf --sign-p12 CERT.p12 [--p12-password-file F] [--sign-time T] [--force]
//	baocao verify FILE.pdf [--roots ROOTS.pem]
//	baocao batch DIR|FILE... -o OUT [-j N] [--sign-p12 …]
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// Exit statuses.
const (
	exitOK          = 0
	exitDiscrepancy = 1 // check --strict found figures that do not add up; verify: not valid
	exitInvalid     = 2 // bad input or usage
	// exitTrustNotChecked: verify found the file intact but was given no trusted root (--roots).
	exitTrustNotChecked = 3
)

// errUsage marks an error in the command line itself.
var errUsage = errors.New("usage")

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitInvalid
	}
	cmds := map[string]func([]string, io.Writer, io.Writer) int{
		"check":  cmdCheck,
		"render": cmdRender,
		"sign":   cmdSign,
		"verify": cmdVerify,
		"batch":  cmdBatch,
	}
	f, ok := cmds[args[0]]
	if !ok {
		if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
			usage(stdout)
			return exitOK
		}
		fmt.Fprintf(stderr, "baocao: không có lệnh %q\n", args[0])
		usage(stderr)
		return exitInvalid
	}
	return f(args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprint(w, `Cách dùng:
  baocao check [--json] [--strict] FILE...        kiểm tra dữ liệu, tính lại điểm, chỉ ra chênh lệch
  baocao render FILE -o DIR [--template F.docx]   xuất DIR/bao-cao.docx, DIR/phu-luc.pdf, DIR/bang-diem.xlsx
         [--sign-p12 CERT.p12 [--p12-password-file F] [--sign-time RFC3339] [--force]]
  baocao sign IN.pdf -o OUT.pdf --sign-p12 CERT.p12 [--p12-password-file F] [--sign-time T] [--force]
  baocao verify FILE.pdf [--roots ROOTS.pem]       kiểm tra chữ ký số (0 hợp lệ và tin cậy, 1 không hợp lệ,
                                                   2 tệp hỏng/vượt giới hạn, 3 nguyên vẹn nhưng chưa kiểm tra gốc tin cậy)
  baocao batch DIR|FILE... -o OUT [-j N] [--sign-p12 …]
Mật khẩu tệp .p12 lấy từ biến môi trường BAOCAO_P12_PASSWORD hoặc --p12-password-file.
`)
}
