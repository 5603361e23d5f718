package docxtpl

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
)

// partEntry is one entry of the template's package as read: a templated part decompressed,
// any other entry as its compressed bytes, to be copied to the output unchanged.
type partEntry struct {
	name      string
	templated bool
	// comments: a part of the comments (comments.go), kept as read and as XML, since the
	// comments whose anchors a report leaves out are taken out of it.
	comments   bool
	text       string // templated and comment parts: the XML
	method     uint16
	crc        uint32
	compressed []byte
	size       uint64 // the decompressed size, as counted while checking the entry
}

// Signatures of the formats a clerk may pick by mistake instead of a .docx.
var (
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1} // Word 97–2003 .doc, .xls
	pdfMagic = []byte("%PDF-")
	zipMagic = []byte("PK")
)

// readPackage reads the zip package of a template within the limits: the entry count from
// the directory before it is loaded, every entry's decompressed size counted as it is
// inflated (a header's declared size is never trusted), per entry and in total. It also
// returns the paragraph ids (w14:paraId, w14:textId, …) of every XML part, which fresh ones
// must avoid.
func readPackage(name string, b []byte) ([]partEntry, map[uint32]bool, error) {
	bad := func(format string, args ...any) error {
		return ErrorList{{Template: name, Kind: ErrBadDocx, Msg: fmt.Sprintf(format, args...)}}
	}
	over := func(format string, args ...any) error {
		return ErrorList{{Template: name, Kind: ErrLimit, Msg: fmt.Sprintf(format, args...)}}
	}
	switch {
	case len(b) == 0:
		return nil, nil, bad("tệp rỗng, không phải tệp .docx")
	case len(b) > MaxTemplateSize:
		return nil, nil, over("tệp mẫu %s vượt giới hạn %s", mb(int64(len(b))), mb(MaxTemplateSize))
	case bytes.HasPrefix(b, oleMagic):
		return nil, nil, bad("không phải tệp .docx mà là tệp Word 97–2003 (.doc): mở bằng Word hoặc LibreOffice và lưu lại dạng .docx (Word Document)")
	case bytes.HasPrefix(b, pdfMagic):
		return nil, nil, bad("không phải tệp .docx mà là tệp PDF: cần mẫu Word dạng .docx")
	case !bytes.HasPrefix(b, zipMagic):
		return nil, nil, bad("không phải tệp .docx (tệp .docx là một gói nén zip; tệp này không phải)")
	}
	if n, size, ok := directoryRecords(b); ok && n > MaxEntries {
		return nil, nil, over("gói .docx có %d mục, vượt giới hạn %d mục", n, MaxEntries)
	} else if ok && size > MaxEntries*maxDirRecord {
		// archive/zip reads every record the directory holds, whatever the count says.
		return nil, nil, over("danh mục của gói .docx dài %s, quá dài cho %d mục", mb(int64(size)), MaxEntries)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, nil, bad("không phải tệp .docx: gói nén zip bị hỏng, không đọc được")
	}
	if len(zr.File) > MaxEntries {
		return nil, nil, over("gói .docx có %d mục, vượt giới hạn %d mục", len(zr.File), MaxEntries)
	}
	seen := make(map[string]bool, len(zr.File))
	hasBody, isODF := false, false
	for _, f := range zr.File {
		if seen[f.Name] {
			return nil, nil, bad("gói .docx có hai mục cùng tên %q", clip(f.Name))
		}
		seen[f.Name] = true
		hasBody = hasBody || f.Name == bodyPart
		isODF = isODF || f.Name == "content.xml"
	}
	switch {
	case !hasBody && isODF:
		return nil, nil, bad("không phải tệp .docx mà là tệp OpenDocument (.odt): mở bằng LibreOffice và lưu lại dạng Word (.docx)")
	case !hasBody:
		return nil, nil, bad("không phải tệp .docx: gói nén zip không có %s", bodyPart)
	}
	entries := make([]partEntry, 0, len(zr.File))
	taken := map[uint32]bool{}
	scan := &idScan{seen: taken}
	scanText := func(text string) {
		scan.reset()
		scan.ReadFrom(strings.NewReader(text))
	}
	var total int64
	for _, f := range zr.File {
		e := partEntry{name: f.Name, templated: f.Name == bodyPart || templatedPart().MatchString(f.Name), comments: isCommentPart(f.Name)}
		limit := min(int64(MaxPartSize), MaxTotalSize-total)
		var (
			n   int64
			err error
		)
		if e.templated {
			var buf chunks
			n, err = inflate(f, &buf, min(limit, MaxXMLSize))
			if err == nil {
				e.text = buf.String()
				scanText(e.text)
			}
		} else {
			var w io.Writer = io.Discard
			var buf chunks
			switch {
			case e.comments:
				w, limit = &buf, min(limit, MaxXMLSize)
			case strings.HasSuffix(f.Name, ".xml"):
				scan.reset()
				w = scan
			}
			n, err = inflate(f, w, limit)
			if err == nil && e.comments {
				e.text = buf.String()
				scanText(e.text)
			}
			if err == nil {
				e.compressed, err = rawBytes(f)
				e.method, e.crc = f.Method, f.CRC32
			}
		}
		total += n
		switch {
		case errors.Is(err, errTooBig) && e.templated && n > MaxXMLSize:
			return nil, nil, over("mục %s giải nén ra hơn %s, vượt giới hạn của một phần văn bản có thẻ", clip(f.Name), mb(MaxXMLSize))
		case errors.Is(err, errTooBig) && e.comments && n > MaxXMLSize:
			return nil, nil, over("mục %s giải nén ra hơn %s, vượt giới hạn của phần ghi chú (comment)", clip(f.Name), mb(MaxXMLSize))
		case errors.Is(err, errTooBig) && limit == MaxPartSize:
			return nil, nil, over("mục %s giải nén ra hơn %s, vượt giới hạn mỗi mục", clip(f.Name), mb(MaxPartSize))
		case errors.Is(err, errTooBig):
			return nil, nil, over("các mục của gói .docx giải nén ra hơn %s, vượt giới hạn tổng", mb(MaxTotalSize))
		case errors.Is(err, zip.ErrAlgorithm):
			return nil, nil, bad("mục %s nén bằng phương thức không hỗ trợ (chỉ đọc được Deflate hoặc không nén)", clip(f.Name))
		case err != nil:
			return nil, nil, bad("mục %s bị hỏng, không giải nén được: lưu lại tệp bằng Word hoặc LibreOffice", clip(f.Name))
		}
		e.size = uint64(n)
		entries = append(entries, e)
	}
	return entries, taken, nil
}

var errTooBig = errors.New("entry too big")

// inflate decompresses f into w, stopping with errTooBig as soon as more than limit bytes
// have come out. archive/zip checks the CRC and the declared size at the end.
func inflate(f *zip.File, w io.Writer, limit int64) (int64, error) {
	r, err := f.Open()
	if err != nil {
		return 0, err
	}
	defer r.Close()
	n, err := io.Copy(w, io.LimitReader(r, limit+1))
	if err != nil {
		return n, err
	}
	if n > limit {
		return n, errTooBig
	}
	return n, nil
}

// rawBytes returns the entry's compressed bytes (bounded by the file's own size).
func rawBytes(f *zip.File) ([]byte, error) {
	r, err := f.OpenRaw()
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

// maxDirRecord bounds the size of one record of the zip directory: 46 bytes and a name, an
// extra field and a comment (Word writes about 80).
const maxDirRecord = 1024

// directoryRecords reads the number of entries and the size of the directory the
// end-of-central-directory record declares, so that a package claiming millions of entries
// is refused before archive/zip allocates a record for each (0xFFFF, "see the zip64 record",
// is more than MaxEntries too).
func directoryRecords(b []byte) (n, size int, ok bool) {
	const eocdLen = 22
	lo := max(0, len(b)-eocdLen-0xFFFF)
	i := bytes.LastIndex(b[lo:], []byte("PK\x05\x06"))
	if i < 0 || lo+i+eocdLen > len(b) {
		return 0, 0, false
	}
	rec := b[lo+i:]
	return int(binary.LittleEndian.Uint16(rec[10:12])), int(binary.LittleEndian.Uint32(rec[12:16])), true
}

// mb writes a size in megabytes, the way a clerk reads it.
func mb(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return strings.Replace(fmt.Sprintf("%.1f MB", float64(n)/(1<<20)), ".", ",", 1)
}
