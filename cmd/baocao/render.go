package main

import (
	"bytes"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/baocao-vn/baocao/generator"
	"github.com/baocao-vn/baocao/generator/docxtpl"
	"github.com/baocao-vn/baocao/generator/outfile"
	"github.com/baocao-vn/baocao/generator/sign"
	"github.com/baocao-vn/baocao/generator/token"
	"github.com/baocao-vn/baocao/internal/gcpace"
)

// signFlags are the options shared by render, sign and batch.
type signFlags struct {
	p12, passwordFile, at string
	force                 bool
	pkcs11                pkcs11Flags
	tok                   *token.Token // open token, closed by close
	tsa                   string
	embedRevocation       bool
}

// timestamper returns the TSA named by --tsa, or nil.
func (s *signFlags) timestamper() (*sign.TSA, error) {
	if s.tsa == "" {
		return nil, nil
	}
	if !s.signing() {
		return nil, errors.New("--tsa chỉ dùng cùng --sign-p12 hoặc --sign-pkcs11")
	}
	if s.at != "" {
		return nil, errors.New("--sign-time không dùng cùng --tsa: thời điểm ký của chữ ký có dấu thời gian là thời gian do TSA xác nhận, không chọn được")
	}
	u, err := url.Parse(s.tsa)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("--tsa %q: cần địa chỉ http:// hoặc https:// của máy chủ cấp dấu thời gian", s.tsa)
	}
	return &sign.TSA{URL: s.tsa}, nil
}

// pkcs11Flags name the PKCS#11 module, token and key to sign with instead of a .p12.
type pkcs11Flags struct {
	module, tokenLabel, keyLabel, keyID, pinFile, chain, slot string
}

// close logs out of the token opened for signing, if any.
func (s *signFlags) close() {
	if s.tok != nil {
		s.tok.Close()
		s.tok = nil
	}
}

// signing reports whether a signing identity was asked for.
func (s *signFlags) signing() bool { return s.p12 != "" || s.pkcs11.module != "" }

func (s *signFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&s.p12, "sign-p12", "", "ký số phụ lục bằng chứng thư số `CERT.p12` của cơ quan ban hành")
	fs.StringVar(&s.passwordFile, "p12-password-file", "", "đọc mật khẩu tệp .p12 từ `FILE` (mặc định: biến môi trường BAOCAO_P12_PASSWORD)")
	fs.StringVar(&s.at, "sign-time", "", "thời điểm ký `T`, dạng RFC 3339 (2022-09-14T15:04:05+07:00); mặc định: bây giờ")
	fs.BoolVar(&s.force, "force", false, "cho phép ghi đè tệp đã ký số")
	fs.BoolVar(&s.embedRevocation, "embed-revocation", false, "lấy và nhúng phản hồi OCSP hoặc CRL của chuỗi chứng thư vào chữ ký (từ chối chứng thư đã bị thu hồi)")
	fs.StringVar(&s.tsa, "tsa", "", "xin dấu thời gian RFC 3161 cho chữ ký từ máy chủ `URL` (TSA)")
	p := &s.pkcs11
	fs.StringVar(&p.module, "sign-pkcs11", "", "ký số bằng thiết bị ký số (token/HSM) qua thư viện PKCS#11 `MODULE.so`")
	fs.StringVar(&p.tokenLabel, "token-label", "", "nhãn `T` của thiết bị ký số (xem: baocao tokens MODULE.so)")
	fs.StringVar(&p.slot, "slot", "", "số khe `N` của thiết bị ký số, thay cho --token-label")
	fs.StringVar(&p.keyLabel, "key-label", "", "nhãn `K` của khóa bí mật trên thiết bị")
	fs.StringVar(&p.keyID, "key-id", "", "mã `HEX` (CKA_ID) của khóa bí mật trên thiết bị")
	fs.StringVar(&p.pinFile, "pin-file", "", "đọc mã PIN của thiết bị từ `FILE` (mặc định: biến môi trường BAOCAO_PKCS11_PIN)")
	fs.StringVar(&p.chain, "chain", "", "chuỗi chứng thư cấp trên `FILE.pem` khi thiết bị chỉ giữ chứng thư của cơ quan")
}

// openToken opens the PKCS#11 token named by the flags. The PIN never comes from the command
// line, and no message repeats it.
func (s *signFlags) openToken() (*sign.Identity, error) {
	p := s.pkcs11
	if s.p12 != "" || s.passwordFile != "" {
		return nil, errors.New("--sign-pkcs11 không dùng cùng --sign-p12 hay --p12-password-file")
	}
	cfg := token.Config{Module: p.module, TokenLabel: p.tokenLabel, KeyLabel: p.keyLabel}
	if p.slot != "" {
		n, err := strconv.ParseUint(p.slot, 10, 0)
		if err != nil {
			return nil, fmt.Errorf("--slot %q: cần số khe, như baocao tokens MODULE.so in ra", p.slot)
		}
		slot := uint(n)
		cfg.Slot = &slot
	}
	if p.keyID != "" {
		id, err := hex.DecodeString(strings.TrimPrefix(strings.ReplaceAll(p.keyID, ":", ""), "0x"))
		if err != nil || len(id) == 0 {
			return nil, fmt.Errorf("--key-id %q: cần mã thập lục phân, ví dụ 01 hoặc a1b2", p.keyID)
		}
		cfg.KeyID = id
	}
	if p.chain != "" {
		b, err := readLimited(p.chain, token.MaxChainSize, "MaxChainSize")
		if err != nil {
			return nil, err
		}
		cfg.ChainPEM = b
	}
	pin, err := readPIN(p.pinFile)
	if err != nil {
		return nil, err
	}
	if pin == "" {
		return nil, fmt.Errorf("%s: thiếu mã PIN của thiết bị ký số: đặt biến môi trường BAOCAO_PKCS11_PIN hoặc dùng --pin-file", p.module)
	}
	cfg.PIN = pin
	tok, err := token.Open(cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.module, err)
	}
	s.tok = tok
	return tok.Identity(), nil
}

// maxPINFileSize bounds --pin-file: a PIN is a few characters.
const maxPINFileSize = 4096

// readPIN takes the token's PIN from --pin-file, else from BAOCAO_PKCS11_PIN; "" with no error
// when neither is given (a token that needs no login, and `baocao tokens` without keys).
func readPIN(pinFile string) (string, error) {
	if pinFile != "" {
		b, err := readLimited(pinFile, maxPINFileSize, "maxPINFileSize")
		if err != nil {
			return "", err
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
	return os.Getenv("BAOCAO_PKCS11_PIN"), nil
}

// identity loads the signing identity, or returns nil when no certificate was given. The
// password never comes from the command line, where other users of the machine could read it.
func (s *signFlags) identity() (*sign.Identity, time.Time, error) {
	var at time.Time
	if s.at != "" {
		t, err := time.Parse(time.RFC3339, s.at)
		if err != nil {
			return nil, at, fmt.Errorf("--sign-time %q: cần dạng RFC 3339, ví dụ 2022-09-14T15:04:05+07:00", s.at)
		}
		at = t
	}
	if s.pkcs11.module != "" {
		id, err := s.openToken()
		return id, at, err
	}
	if p := s.pkcs11; p.tokenLabel != "" || p.slot != "" || p.keyLabel != "" || p.keyID != "" || p.pinFile != "" || p.chain != "" {
		return nil, at, fmt.Errorf("--token-label, --slot, --key-label, --key-id, --pin-file và --chain chỉ dùng cùng --sign-pkcs11")
	}
	if s.p12 == "" {
		if s.passwordFile != "" || s.at != "" {
			return nil, at, fmt.Errorf("--p12-password-file và --sign-time chỉ dùng cùng --sign-p12 hoặc --sign-pkcs11")
		}
		return nil, at, nil
	}
	data, err := readLimited(s.p12, sign.MaxP12Size, "MaxP12Size")
	if err != nil {
		return nil, at, err
	}
	password, ok := os.LookupEnv("BAOCAO_P12_PASSWORD")
	if s.passwordFile != "" {
		b, err := os.ReadFile(s.passwordFile)
		if err != nil {
			return nil, at, err
		}
		password, ok = strings.TrimRight(string(b), "\r\n"), true
	}
	if !ok {
		return nil, at, fmt.Errorf("%s: thiếu mật khẩu: đặt biến môi trường BAOCAO_P12_PASSWORD hoặc dùng --p12-password-file", s.p12)
	}
	id, err := sign.LoadPKCS12(data, password)
	if err != nil {
		return nil, at, fmt.Errorf("%s: %w", s.p12, err)
	}
	return id, at, nil
}

func cmdRender(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("render")
	out := fs.String("o", "", "thư mục ghi kết quả `DIR` (tạo nếu chưa có)")
	tplPath := fs.String("template", "", "mẫu báo cáo `FILE.docx` thay cho mẫu có sẵn (xem baocao template)")
	fontDir := fs.String("font-dir", "", fontDirUsage)
	previous := fs.String("previous", "", "dữ liệu kỳ báo cáo trước `OLD.toml` của cùng cơ quan: báo cáo nêu những gì đã thay đổi từ kỳ đó")
	var sf signFlags
	sf.register(fs)
	if code, done := parseFlags(fs, args, stdout, stderr); done {
		return code
	}
	switch {
	case fs.NArg() == 0:
		return usageError(stderr, "render", "thiếu tệp dữ liệu .toml cần xuất")
	case fs.NArg() > 1:
		return usageError(stderr, "render", "mỗi lần chỉ xuất một tệp dữ liệu, có %d: %s (nhiều tệp: dùng baocao batch)", fs.NArg(), strings.Join(fs.Args(), " "))
	case *out == "":
		return usageError(stderr, "render", "thiếu thư mục ghi kết quả: thêm -o DIR (ví dụ: baocao render %s -o ket-qua)", fs.Arg(0))
	}
	var tpl *docxtpl.Template
	if *tplPath != "" {
		var err error
		if tpl, err = generator.ReadTemplate(*tplPath); err != nil {
			// A template whose only faults are its tags still looks its fields up in the
			// dataset, so that every mistake is reported at once.
			if tpl != nil {
				if p, lerr := generator.Load(fs.Arg(0)); lerr == nil {
					_, err = p.RenderReport(generator.Options{Template: tpl})
				} else {
					printErr(stderr, lerr)
				}
			}
			printErr(stderr, err)
			return exitInvalid
		}
	}
	opts, code := renderOptions("", *fontDir, &sf, stderr)
	defer sf.close()
	if code != exitOK {
		return code
	}
	opts.Template = tpl
	if st, err := os.Stat(fs.Arg(0)); err == nil && st.Size() <= smallDataset {
		gcpace.Set(renderGCPercent)
	}
	generator.Warm(opts)
	dest := openSet(*out, sf.force)
	defer dest.close()
	p, err := generator.Load(fs.Arg(0))
	<-dest.ready
	if dest.openErr != nil {
		printErr(stderr, dest.openErr)
		return exitInvalid
	}
	if err != nil {
		printErr(stderr, err)
		return exitInvalid
	}
	for _, k := range p.Scores.Discrepancies() {
		fmt.Fprintf(stderr, "cảnh báo: %s\n", k.Message(fs.Arg(0)))
	}
	if *previous != "" {
		prev, err := generator.Load(*previous)
		if err != nil {
			printErr(stderr, err)
			return exitInvalid
		}
		if prev.Data.Appendix.AsOf.Compare(p.Data.Appendix.AsOf) >= 0 {
			fmt.Fprintf(stderr, "baocao: --previous %s: số liệu đến ngày %s, không trước ngày %s của %s\n",
				*previous, prev.Data.Appendix.AsOf, p.Data.Appendix.AsOf, fs.Arg(0))
			return exitInvalid
		}
		opts.Previous = prev
		for _, w := range generator.Compare(prev, p).Warnings() {
			fmt.Fprintf(stderr, "cảnh báo: %s\n", w)
		}
	}
	if dest.beginErr != nil {
		printErr(stderr, dest.beginErr)
		return exitInvalid
	}
	if err := p.RenderTo(opts, dest.set.Add); err != nil {
		printErr(stderr, err)
		return exitInvalid
	}
	for _, w := range p.Warnings() {
		fmt.Fprintf(stderr, "cảnh báo: %s\n", w)
	}
	paths, err := dest.set.Commit()
	if err != nil {
		printErr(stderr, err)
		return exitInvalid
	}
	for _, p := range paths {
		fmt.Fprintln(stdout, p)
	}
	return exitOK
}

// outputSet is render's output folder, opened and its set begun on a goroutine of its own while
// the dataset loads. The folder is locked against other runs and cleaned of what killed runs
// left even when the run then stops on bad input; the set is begun before rendering, so that a
// signed set is refused before anything is signed and each output goes to the disk as soon as
// it is made (outfile.Pending).
type outputSet struct {
	ready    chan struct{} // closed once the fields below are set
	target   *outfile.Target
	set      *outfile.Pending
	openErr  error // the folder could not be opened: reported before the dataset's errors
	beginErr error // the set could not be begun (a signed set): reported after them
}

// openSet starts opening the output folder dir and beginning its set.
func openSet(dir string, force bool) *outputSet {
	o := &outputSet{ready: make(chan struct{})}
	go func() {
		defer close(o.ready)
		if o.target, o.openErr = outfile.OpenTarget(dir); o.openErr == nil {
			o.set, o.beginErr = o.target.Begin(generator.OutputNames(), force)
		}
	}()
	return o
}

// close gives up the set unless it was committed, and releases the folder.
func (o *outputSet) close() {
	<-o.ready
	if o.set != nil {
		o.set.Abort()
	}
	if o.target != nil {
		o.target.Close()
	}
}

// renderGCPercent is the garbage collector's target for rendering one dataset: the process
// lives for tens of milliseconds, the sample's heap stays under 10 MB, and at Go's default of
// 100 the collector ran four times and took a fifth of the instructions of a render
// (callgrind); at 400 it runs once or not at all, and the peak RSS does not change.
const renderGCPercent = 400

// smallDataset is the size up to which a dataset is read and rendered with renderGCPercent (the
// sample is 26 KB): such a file allocates a few MB at most. A larger one — a hostile file before
// the limits stop it, or thousands of pages of long texts — keeps Go's default, since at 400 %
// its heap would be let grow to five times what it holds live (an 8 MB dataset of long texts
// peaked at 199 MB instead of 193).
const smallDataset = 256 << 10

// fontDirUsage describes --font-dir, shared by render and batch.
const fontDirUsage = "nhúng phông Times New Roman (đã có bản quyền) từ thư mục `DIR`: times.ttf, timesbd.ttf, timesi.ttf, timesbi.ttf hoặc \"Times New Roman*.ttf\" (mặc định: Liberation Serif có sẵn)"

// renderOptions reads the template, the fonts and the signing identity named on the command line.
func renderOptions(tplPath, fontDir string, sf *signFlags, stderr io.Writer) (generator.Options, int) {
	var opts generator.Options
	if fontDir != "" {
		f, err := generator.LoadFonts(fontDir)
		if err != nil {
			fmt.Fprintf(stderr, "baocao: %v\n", strings.ReplaceAll(err.Error(), "\n", "\nbaocao: "))
			return opts, exitInvalid
		}
		opts.Fonts = f
	}
	if tplPath != "" {
		var err error
		if opts.Template, err = generator.ReadTemplate(tplPath); err != nil {
			printErr(stderr, err)
			return opts, exitInvalid
		}
	}
	tsa, err := sf.timestamper()
	if err != nil {
		fmt.Fprintf(stderr, "baocao: %v\n", err)
		return opts, exitInvalid
	}
	id, at, err := sf.identity()
	if err != nil {
		printErr(stderr, err)
		return opts, exitInvalid
	}
	if sf.embedRevocation && id == nil {
		fmt.Fprintln(stderr, "baocao: --embed-revocation chỉ dùng cùng --sign-p12 hoặc --sign-pkcs11")
		return opts, exitInvalid
	}
	opts.Signer, opts.SignTime, opts.TSA, opts.EmbedRevocation = id, at, tsa, sf.embedRevocation
	return opts, exitOK
}

func cmdSign(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("sign")
	out := fs.String("o", "", "tệp PDF đã ký `OUT.pdf`")
	var sf signFlags
	sf.register(fs)
	if code, done := parseFlags(fs, args, stdout, stderr); done {
		return code
	}
	switch {
	case fs.NArg() == 0:
		return usageError(stderr, "sign", "thiếu tệp PDF cần ký")
	case fs.NArg() > 1:
		return usageError(stderr, "sign", "mỗi lần chỉ ký một tệp PDF, có %d: %s", fs.NArg(), strings.Join(fs.Args(), " "))
	case *out == "":
		return usageError(stderr, "sign", "thiếu tệp ghi kết quả: thêm -o OUT.pdf")
	case !sf.signing():
		return usageError(stderr, "sign", "thiếu chứng thư số: thêm --sign-p12 CERT.p12 hoặc --sign-pkcs11 MODULE.so")
	}
	tsa, err := sf.timestamper()
	if err != nil {
		fmt.Fprintf(stderr, "baocao: %v\n", err)
		return exitInvalid
	}
	id, at, err := sf.identity()
	defer sf.close()
	if err != nil {
		printErr(stderr, err)
		return exitInvalid
	}
	if at.IsZero() {
		at = time.Now()
	}
	in, err := readLimited(fs.Arg(0), sign.MaxPDFSize, "MaxPDFSize")
	if err != nil {
		printErr(stderr, err)
		return exitInvalid
	}
	if err := outfile.Guard(*out, sf.force); err != nil {
		printErr(stderr, err)
		return exitInvalid
	}
	var buf bytes.Buffer
	if err := sign.SignWith(&buf, in, id, at, sign.Options{TSA: tsa, EmbedRevocation: sf.embedRevocation}); err != nil {
		printErr(stderr, fmt.Errorf("%s: %w", fs.Arg(0), err))
		return exitInvalid
	}
	if err := outfile.Write(*out, buf.Bytes()); err != nil {
		printErr(stderr, err)
		return exitInvalid
	}
	fmt.Fprintln(stdout, *out)
	return exitOK
}

func cmdVerify(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("verify")
	rootsPath := fs.String("roots", "", "chứng thư gốc tin cậy `ROOTS.pem` (PEM, một hoặc nhiều)")
	asJSON := fs.Bool("json", false, "in kết quả dạng JSON (cùng mã thoát)")
	if code, done := parseFlags(fs, args, stdout, stderr); done {
		return code
	}
	switch {
	case fs.NArg() == 0:
		return usageError(stderr, "verify", "thiếu tệp PDF cần kiểm tra")
	case fs.NArg() > 1:
		return usageError(stderr, "verify", "mỗi lần chỉ kiểm tra một tệp PDF, có %d: %s", fs.NArg(), strings.Join(fs.Args(), " "))
	}
	name := fs.Arg(0)
	var roots *x509.CertPool
	if *rootsPath != "" {
		var err error
		if roots, err = loadRoots(*rootsPath); err != nil {
			printErr(stderr, err)
			return exitInvalid
		}
	}
	data, err := readLimited(name, sign.MaxPDFSize, "MaxPDFSize")
	if err != nil {
		printErr(stderr, err)
		return exitInvalid
	}
	res, err := sign.Verify(data, roots)
	if err != nil {
		printErr(stderr, fmt.Errorf("%s: %w", name, err))
		if errors.Is(err, sign.ErrNotPDF) || errors.Is(err, sign.ErrLimit) {
			return exitInvalid
		}
		return exitDiscrepancy
	}
	if *asJSON {
		writeVerifyJSON(stdout, name, res)
		switch {
		case !res.Intact() || res.Trust() == sign.Untrusted:
			return exitDiscrepancy
		case res.Trust() == sign.TrustNotChecked:
			return exitTrustNotChecked
		}
		return exitOK
	}
	yes := map[bool]string{true: "có", false: "KHÔNG"}
	for i, s := range res.Signatures {
		fmt.Fprintf(stdout, "Chữ ký %d\n", i+1)
		fmt.Fprintf(stdout, "  người ký:             %s", s.SignerName)
		if s.Organization != "" && s.Organization != s.SignerName {
			fmt.Fprintf(stdout, " (%s)", s.Organization)
		}
		fmt.Fprintln(stdout)
		if !s.SigningTime.IsZero() {
			fmt.Fprintf(stdout, "  thời gian ký:         %s\n", s.SigningTime.In(sign.Vietnam).Format(time.RFC3339))
		}
		if s.DocMDP > 0 {
			fmt.Fprintf(stdout, "  loại chữ ký:          chứng thực (DocMDP P=%d)\n", s.DocMDP)
		}
		fmt.Fprintf(stdout, "  phủ toàn bộ tệp:      %s\n", yes[s.WholeFile])
		fmt.Fprintf(stdout, "  mã băm khớp:          %s\n", yes[s.DigestMatches])
		fmt.Fprintf(stdout, "  chữ ký hợp lệ:        %s\n", yes[s.SignatureValid])
		fmt.Fprintf(stdout, "  chứng thư còn hạn:    %s\n", yes[s.CertsValid])
		if roots != nil {
			fmt.Fprintf(stdout, "  dẫn tới gốc tin cậy:  %s\n", yes[s.Trusted])
		} else {
			fmt.Fprintf(stdout, "  dẫn tới gốc tin cậy:  CHƯA KIỂM TRA (không có --roots)\n")
		}
		printTimestamp(stdout, s.Timestamp, roots != nil, yes)
		printRevocation(stdout, s.Revocation)
	}
	switch {
	case !res.Intact() || res.Trust() == sign.Untrusted:
		for _, p := range res.Problems() {
			fmt.Fprintf(stderr, "baocao: %s: %s\n", name, p)
		}
		fmt.Fprintf(stdout, "KẾT LUẬN: chữ ký KHÔNG hợp lệ\n")
		return exitDiscrepancy
	case res.Trust() == sign.TrustNotChecked:
		fmt.Fprintf(stderr, "baocao: %s: chuỗi chứng thư CHƯA được đối chiếu với chứng thư gốc tin cậy nào (dùng --roots ROOTS.pem)\n", name)
		fmt.Fprintf(stdout, "KẾT LUẬN: tệp còn nguyên vẹn, chữ ký khớp, nhưng CHƯA kiểm tra chứng thư gốc tin cậy\n")
		return exitTrustNotChecked
	}
	fmt.Fprintf(stdout, "KẾT LUẬN: chữ ký hợp lệ, phủ toàn bộ tệp, dẫn tới chứng thư gốc tin cậy\n")
	return exitOK
}

// loadRoots reads the trusted root certificates from a PEM file.
func loadRoots(path string) (*x509.CertPool, error) {
	b, err := readLimited(path, maxRootsSize, "maxRootsSize")
	if err != nil {
		return nil, err
	}
	certs, err := sign.ParseCertificates(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	roots := x509.NewCertPool()
	for _, c := range certs {
		roots.AddCert(c)
	}
	return roots, nil
}

// maxRootsSize is the largest trust-list file read by verify --roots, in bytes.
const maxRootsSize = 4 << 20

// readLimited reads a regular file of at most limit bytes: a larger one, or a FIFO or device,
// is refused before it is read, naming the limit (limitName, the constant's name).
func readLimited(path string, limit int64, limitName string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: không phải tệp thông thường", path)
	}
	if fi.Size() > limit {
		return nil, fmt.Errorf("%s: tệp %d byte vượt giới hạn %d byte (%s)", path, fi.Size(), limit, limitName)
	}
	// Read into a buffer of the size announced, plus one byte to notice a file that grew.
	b := make([]byte, fi.Size()+1)
	n, err := io.ReadFull(f, b)
	switch {
	case err == io.ErrUnexpectedEOF || err == io.EOF:
		b = b[:n]
	case err != nil:
		return nil, err
	default:
		return nil, fmt.Errorf("%s: tệp thay đổi trong khi đọc", path)
	}
	return b, nil
}
