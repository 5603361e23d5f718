package main

import "io"

// command is one row of the command table: everything the usage, "baocao help" and
// "baocao help CMD" print about a command, except its flags, which each command registers on
// its flag set with their own description (see parseFlags).
type command struct {
	name     string
	synopsis string // the command line after "baocao "
	summary  string // what the command does, in one line
	example  string // a command line to copy, "baocao …"
	notes    string // anything else a user must know (optional)
	run      func(args []string, stdout, stderr io.Writer) int
}

// notesSigning is what render, sign and batch say about the signing secrets.
const notesSigning = "Mật khẩu tệp .p12 lấy từ biến môi trường BAOCAO_P12_PASSWORD hoặc --p12-password-file. " +
	"Ký bằng thiết bị ký số: --sign-pkcs11 MODULE.so (--token-label T | --slot N) (--key-label K | --key-id HEX) [--chain F.pem]; " +
	"mã PIN lấy từ biến môi trường BAOCAO_PKCS11_PIN hoặc --pin-file, không bao giờ từ dòng lệnh (xem: baocao tokens MODULE.so). " +
	"--tsa URL xin dấu thời gian RFC 3161 cho chữ ký từ máy chủ cấp dấu thời gian; " +
	"--embed-revocation lấy và nhúng phản hồi OCSP hoặc CRL của chuỗi chứng thư (chỉ hai tùy chọn này truy cập mạng)."

// commands is the command table, in the order "baocao help" lists them. It is filled in init
// because the commands' help reads it.
var commands []command

func init() {
	commands = []command{
		{
			name:     "init",
			synopsis: "init [--date NGÀY] FILE.toml",
			summary:  "tạo một tệp dữ liệu mới, có ghi chú, để điền (không ghi đè tệp đã có)",
			example:  "baocao init --date 14/9/2022 du-lieu.toml",
			notes:    "Tệp tạo ra hợp lệ ngay: mọi tiêu chí đang đạt điểm tối đa; sửa các chỗ \"…\" và điểm bị trừ.",
			run:      cmdInit,
		},
		{
			name:     "check",
			synopsis: "check [--json] [--strict] FILE.toml...",
			summary:  "kiểm tra dữ liệu, tính lại điểm, chỉ ra chênh lệch",
			example:  "baocao check du-lieu.toml",
			notes:    "Mã thoát: 0 hợp lệ (chênh lệch chỉ là cảnh báo); 1 khi có --strict và có chênh lệch; 2 dữ liệu sai.",
			run:      cmdCheck,
		},
		{
			name:     "render",
			synopsis: "render FILE.toml -o DIR [--template F.docx] [--font-dir DIR] [--previous OLD.toml] [--sign-p12 CERT.p12 [--p12-password-file F] | --sign-pkcs11 MODULE.so …] [--sign-time T] [--force]",
			summary:  "xuất DIR/bao-cao.docx, DIR/phu-luc.pdf (ký số khi có --sign-p12 hoặc --sign-pkcs11) và DIR/bang-diem.xlsx",
			example:  "baocao render du-lieu.toml -o ket-qua",
			notes:    notesSigning + " Với --previous (dữ liệu kỳ trước của cùng cơ quan), báo cáo nêu những gì đã thay đổi từ kỳ đó.",
			run:      cmdRender,
		},
		{
			name:     "sign",
			synopsis: "sign IN.pdf -o OUT.pdf (--sign-p12 CERT.p12 [--p12-password-file F] | --sign-pkcs11 MODULE.so …) [--sign-time T] [--force]",
			summary:  "ký số một tệp PDF làm ở nơi khác",
			example:  "baocao sign phu-luc.pdf -o phu-luc-da-ky.pdf --sign-p12 so.p12",
			notes:    notesSigning,
			run:      cmdSign,
		},
		{
			name:     "verify",
			synopsis: "verify FILE.pdf [--roots ROOTS.pem] [--json]",
			summary:  "kiểm tra chữ ký số: người ký, thời gian ký, dấu thời gian, có phủ toàn bộ tệp không, có tin cậy không",
			example:  "baocao verify ket-qua/phu-luc.pdf --roots goc-tin-cay.pem",
			notes:    "Mã thoát: 0 nguyên vẹn và mọi người ký nối tới chứng thư gốc đã cho; 1 không hợp lệ; 2 không đọc được, không phải PDF; 3 nguyên vẹn nhưng chưa kiểm tra độ tin cậy (thiếu --roots).",
			run:      cmdVerify,
		},
		{
			name:     "batch",
			synopsis: "batch DIR|FILE.toml... -o OUT [-j N] [--shard I/N] [--template F.docx] [--font-dir DIR] [--sign-p12 CERT.p12 … | --sign-pkcs11 MODULE.so …] | batch merge [-o summary.json] OUT...",
			summary:  "xuất mọi bộ dữ liệu vào OUT/<ngày báo cáo>/, ghi OUT/summary.json",
			example:  "baocao batch du-lieu -o ket-qua",
			notes:    "Bộ dữ liệu lỗi không làm dừng các bộ khác; mã thoát khác 0 khi có bộ lỗi. Với --sign-pkcs11, thiết bị ký số được đăng nhập một lần cho cả lô. Mỗi báo cáo được so với kỳ trước của cùng cơ quan; không có --shard thì OUT/tien-do.xlsx ghi trạng thái từng mục qua các kỳ.",
			run:      cmdBatch,
		},
		{
			name:     "next",
			synopsis: "next FILE.toml --date NGÀY [--as-of NGÀY] -o NEW.toml",
			summary:  "tạo dữ liệu kỳ báo cáo tiếp theo từ tệp kỳ trước (không ghi đè tệp đã có)",
			example:  "baocao next du-lieu/2023-03-15.toml --date 15/6/2023 -o du-lieu/2023-06-15.toml",
			notes:    "Số văn bản để trống, ngày ban hành và ngày số liệu đặt mới; ghi chú, thứ tự, cách trình bày, trạng thái và tiến độ giữ nguyên từng byte để cập nhật. Ngày mới phải sau ngày của kỳ trước.",
			run:      cmdNext,
		},
		{
			name:     "diff",
			synopsis: "diff OLD.toml NEW.toml [--json]",
			summary:  "so sánh hai kỳ báo cáo: trạng thái, tiến độ, điểm đã thay đổi, mục thêm/bớt, và một câu tóm tắt",
			example:  "baocao diff du-lieu/2022-09-14.toml du-lieu/2022-12-15.toml",
			notes:    "Tiêu chí so theo mã, tồn tại qua tự kiểm tra theo nội dung. Mã thoát: 0, hoặc 2 khi dữ liệu sai.",
			run:      cmdDiff,
		},
		{
			name:     "serve",
			synopsis: "serve DIR [--addr 127.0.0.1:8080] [--token-file F]",
			summary:  "mở trang web trên máy này để cập nhật tiến độ các kỳ báo cáo trong DIR, xem trước và tải văn bản, lưu lại tệp .toml",
			example:  "baocao serve du-lieu",
			notes:    "Chỉ nghe trên máy này (127.0.0.1) trừ khi --addr nêu địa chỉ khác; khi đó bắt buộc có mã truy cập (--token-file, hoặc tự tạo và in ra trong địa chỉ cần mở). Chỉ đọc và ghi các tệp .toml nằm ngay trong DIR. Lưu chỉ sửa các giá trị đã đổi, giữ nguyên ghi chú; tệp bị sửa ở nơi khác từ khi mở trang thì lưu bị từ chối. Ctrl-C để dừng.",
			run:      cmdServe,
		},
		{
			name:     "tokens",
			synopsis: "tokens MODULE.so [--pin-file F] [--json]",
			summary:  "liệt kê thiết bị ký số (token/HSM) của một thư viện PKCS#11: khe, nhãn, chứng thư, khóa",
			example:  "baocao tokens /usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
			notes:    "Không in bí mật nào. Khóa bí mật chỉ liệt kê được sau khi đăng nhập: mã PIN lấy từ biến môi trường BAOCAO_PKCS11_PIN hoặc --pin-file.",
			run:      cmdTokens,
		},
		{
			name:     "template",
			synopsis: "template -o FILE.docx [--force]",
			summary:  "ghi ra mẫu báo cáo Word có sẵn để sửa, rồi dùng với render --template",
			example:  "baocao template -o bao-cao.docx",
			run:      cmdTemplate,
		},
		{
			name:     "fields",
			synopsis: "fields [FILE.toml]",
			summary:  "liệt kê các trường của mẫu báo cáo, ý nghĩa và giá trị ví dụ",
			example:  "baocao fields du-lieu.toml",
			notes:    "Không có FILE.toml thì giá trị ví dụ lấy từ dữ liệu mẫu 2022-09-14.",
			run:      cmdFields,
		},
		{
			name:     "help",
			synopsis: "help [LỆNH]",
			summary:  "hướng dẫn sử dụng, hoặc của một lệnh",
			example:  "baocao help render",
			run:      cmdHelp,
		},
		{
			name:     "version",
			synopsis: "version",
			summary:  "in phiên bản (cũng là baocao --version)",
			example:  "baocao --version",
			run:      cmdVersion,
		},
	}
}
