package sign

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors. Their text is Vietnamese because the command shows it to the user as is;
// wrapped detail from the libraries (English) may follow after a colon. No error built by this
// package ever contains the password or any key material.
var (
	// ErrWrongPassword: the PKCS#12 MAC or the key bag does not decrypt with the password given.
	ErrWrongPassword = errors.New("sai mật khẩu của tệp chứng thư số (.p12)")
	// ErrNoPrivateKey: the .p12 holds certificates only, so nothing can be signed with it.
	ErrNoPrivateKey = errors.New("tệp chứng thư số (.p12) không chứa khóa bí mật, không dùng để ký được")
	// ErrMalformedP12: the data is not a PKCS#12 file this package can read.
	ErrMalformedP12 = errors.New("tệp chứng thư số không đúng định dạng PKCS#12 (.p12/.pfx)")
	// ErrUnsupportedKey: the private key is neither RSA nor ECDSA.
	ErrUnsupportedKey = errors.New("loại khóa của chứng thư số không được hỗ trợ (chỉ hỗ trợ RSA và ECDSA)")
	// ErrKeyMismatch: no certificate in the .p12 carries the public half of its private key.
	ErrKeyMismatch = errors.New("khóa bí mật trong tệp .p12 không khớp với chứng thư số nào trong tệp")
	// ErrExpired: a certificate of the chain ended its validity before the signing time.
	ErrExpired = errors.New("chứng thư số đã hết hạn tại thời điểm ký")
	// ErrNotYetValid: a certificate of the chain starts its validity after the signing time.
	ErrNotYetValid = errors.New("chứng thư số chưa có hiệu lực tại thời điểm ký")
	// ErrKeyUsage: the certificate's key usage or extended key usage forbids signing documents.
	ErrKeyUsage = errors.New("chứng thư số không được phép dùng để ký văn bản (mục đích sử dụng khóa không phù hợp)")
	// ErrWeakKey: the signer's key is shorter than MinRSABits or on a curve under MinECDSABits.
	ErrWeakKey = errors.New("khóa của chứng thư số quá yếu")
	// ErrWouldNotVerify: the signed output would be rejected by Verify, so it is not written.
	ErrWouldNotVerify = errors.New("tệp sau khi ký sẽ không được kiểm tra chữ ký (verify) chấp nhận")
	// ErrNotPDF: the input has no %PDF- header or cannot be parsed as a PDF.
	ErrNotPDF = errors.New("dữ liệu đầu vào không phải là tệp PDF hợp lệ")
	// ErrNoSignature: Verify found no signature dictionary in the PDF.
	ErrNoSignature = errors.New("tệp PDF không có chữ ký số")
	// ErrMalformedSignature: a signature dictionary is present but its ByteRange or CMS cannot be read.
	ErrMalformedSignature = errors.New("chữ ký số trong tệp PDF bị hỏng, không đọc được")
)

// CertificateError tells which certificate is unusable at which time; errors.Is(err, ErrExpired)
// (or ErrNotYetValid, ErrKeyUsage) matches it through Unwrap.
type CertificateError struct {
	Err       error     // one of ErrExpired, ErrNotYetValid, ErrKeyUsage
	Subject   string    // common name (or full subject) of the certificate at fault
	NotBefore time.Time // validity of that certificate
	NotAfter  time.Time
	At        time.Time // the signing time that was checked
	Detail    string    // extra English detail, e.g. the offending usages
}

// Error renders the problem for the user, dates in Vietnam time.
func (e *CertificateError) Error() string {
	switch e.Err {
	case ErrExpired, ErrNotYetValid:
		return fmt.Sprintf("%v: chứng thư “%s” có hiệu lực từ %s đến %s, thời điểm ký %s",
			e.Err, e.Subject, formatTime(e.NotBefore), formatTime(e.NotAfter), formatTime(e.At))
	}
	if e.Err == ErrWeakKey {
		return fmt.Sprintf("%s: chứng thư “%s”", e.Detail, e.Subject)
	}
	if e.Detail != "" {
		return fmt.Sprintf("%v: chứng thư “%s” (%s)", e.Err, e.Subject, e.Detail)
	}
	return fmt.Sprintf("%v: chứng thư “%s”", e.Err, e.Subject)
}

// Unwrap exposes the sentinel for errors.Is.
func (e *CertificateError) Unwrap() error { return e.Err }
