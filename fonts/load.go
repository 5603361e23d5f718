package fonts

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// MaxFaceSize is the largest font file read: Times New Roman is about 1 MB a face, and the
// largest pan-Unicode serif faces about 20 MB; anything larger is not a font meant for this.
const MaxFaceSize = 32 << 20

// Face is one TrueType face: where it came from, for messages, and its bytes.
type Face struct {
	Path string
	Data []byte
}

// Set is a typeface's four faces, in the order regular, bold, italic, bold italic.
type Set [4]Face

// StyleNames name the faces of a Set in messages, in the Set's order.
var StyleNames = [4]string{"thường", "đậm", "nghiêng", "đậm nghiêng"}

// Embedded returns the shipped Liberation Serif.
func Embedded() Set {
	return Set{
		{Path: "LiberationSerif-Regular.ttf", Data: Regular},
		{Path: "LiberationSerif-Bold.ttf", Data: Bold},
		{Path: "LiberationSerif-Italic.ttf", Data: Italic},
		{Path: "LiberationSerif-BoldItalic.ttf", Data: BoldItalic},
	}
}

// windowsNames are the file names Windows gives the four faces of Times New Roman.
var windowsNames = [4]string{"times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf"}

// styleOfName returns the face a file name in a font folder stands for: Windows' times.ttf,
// timesbd.ttf, timesi.ttf, timesbi.ttf, or "Times New Roman[ Bold][ Italic].ttf" as other
// systems name them, in any case.
func styleOfName(name string) (int, bool) {
	n := strings.ToLower(name)
	for s, w := range windowsNames {
		if n == w {
			return s, true
		}
	}
	rest, ok := strings.CutPrefix(n, "times new roman")
	if !ok {
		return 0, false
	}
	rest, ok = strings.CutSuffix(rest, ".ttf")
	if !ok {
		return 0, false
	}
	s := 0
	for _, w := range strings.FieldsFunc(rest, func(r rune) bool { return r == ' ' || r == '-' || r == '_' }) {
		switch w {
		case "bold":
			s |= 1
		case "italic":
			s |= 2
		case "regular":
		default:
			return 0, false
		}
	}
	return s, true
}

// FromDir reads the four faces of Times New Roman from dir (see styleOfName). Every problem
// is reported at once.
func FromDir(dir string) (Set, error) {
	var set Set
	entries, err := os.ReadDir(dir)
	if err != nil {
		return set, fmt.Errorf("%s: không đọc được thư mục phông chữ: %w", dir, err)
	}
	var errs []error
	for _, e := range entries {
		s, ok := styleOfName(e.Name())
		if !ok || e.IsDir() {
			continue
		}
		path := filepath.Join(dir, e.Name())
		if set[s].Path != "" {
			errs = append(errs, fmt.Errorf("%s: hai tệp cùng là kiểu chữ %s: %s và %s", dir, StyleNames[s], filepath.Base(set[s].Path), e.Name()))
			continue
		}
		set[s].Path = path
	}
	for s := range set {
		if set[s].Path == "" {
			errs = append(errs, fmt.Errorf("%s: thiếu phông Times New Roman kiểu chữ %s (tệp %s hoặc \"Times New Roman%s.ttf\")",
				dir, StyleNames[s], windowsNames[s], [4]string{"", " Bold", " Italic", " Bold Italic"}[s]))
			continue
		}
		if set[s].Data, err = readFace(set[s].Path); err != nil {
			errs = append(errs, err)
		}
	}
	return set, errors.Join(errs...)
}

func readFace(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: không đọc được tệp phông chữ: %w", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFaceSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: không đọc được tệp phông chữ: %w", path, err)
	}
	if len(data) > MaxFaceSize {
		return nil, fmt.Errorf("%s: tệp phông chữ lớn hơn %d MB", path, MaxFaceSize>>20)
	}
	return data, nil
}

// Info is what a PDF needs to know about a face before embedding it.
type Info struct {
	PostScriptName string // name ID 6 of the name table, the PDF's BaseFont
	// Embeddable is false when the OS/2 table's fsType forbids embedding (restricted licence).
	Embeddable bool
}

// ReadInfo reads a TrueType face's table directory, its PostScript name and its embedding
// permission; its error says in Vietnamese what the file is instead.
func ReadInfo(data []byte) (Info, error) {
	var info Info
	if len(data) < 12 {
		return info, errors.New("không phải tệp phông chữ TrueType (.ttf): tệp quá ngắn")
	}
	switch tag := string(data[:4]); tag {
	case "\x00\x01\x00\x00", "true":
	case "OTTO":
		return info, errors.New("phông OpenType dạng CFF (.otf) chưa dùng được; cần phông TrueType (.ttf)")
	case "ttcf":
		return info, errors.New("tệp tập hợp nhiều phông (.ttc); cần từng phông TrueType (.ttf) riêng")
	default:
		return info, errors.New("không phải tệp phông chữ TrueType (.ttf)")
	}
	tables := map[string][]byte{}
	n := int(binary.BigEndian.Uint16(data[4:]))
	if 12+16*n > len(data) {
		return info, errors.New("tệp phông chữ TrueType bị cắt cụt (mục lục bảng vượt quá tệp)")
	}
	for i := range n {
		rec := data[12+16*i:]
		off, size := int64(binary.BigEndian.Uint32(rec[8:])), int64(binary.BigEndian.Uint32(rec[12:]))
		if off+size > int64(len(data)) {
			return info, fmt.Errorf("tệp phông chữ TrueType bị cắt cụt (bảng %q vượt quá tệp)", rec[:4])
		}
		tables[string(rec[:4])] = data[off : off+size]
	}
	for _, t := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap", "name", "post"} {
		if tables[t] == nil {
			return info, fmt.Errorf("tệp phông chữ TrueType thiếu bảng %q", t)
		}
	}
	info.Embeddable = true
	if os2 := tables["OS/2"]; len(os2) >= 10 {
		// fsType 2 is "restricted licence embedding"; bits 8–9 forbid embedding outlines.
		fsType := binary.BigEndian.Uint16(os2[8:])
		info.Embeddable = fsType&0x000f != 2 && fsType&0x0300 == 0
	}
	info.PostScriptName = postScriptName(tables["name"])
	if info.PostScriptName == "" {
		return info, errors.New("tệp phông chữ TrueType không có tên PostScript (bảng name, mục 6)")
	}
	return info, nil
}

// postScriptName returns name ID 6 from a name table, preferring the Windows Unicode record.
func postScriptName(t []byte) string {
	if len(t) < 6 {
		return ""
	}
	count, strOff := int(binary.BigEndian.Uint16(t[2:])), int(binary.BigEndian.Uint16(t[4:]))
	var mac string
	for i := range count {
		if 6+12*i+12 > len(t) {
			break
		}
		r := t[6+12*i:]
		platform, encoding, id := binary.BigEndian.Uint16(r), binary.BigEndian.Uint16(r[2:]), binary.BigEndian.Uint16(r[6:])
		length, off := int(binary.BigEndian.Uint16(r[8:])), int(binary.BigEndian.Uint16(r[10:]))
		if id != 6 || strOff+off+length > len(t) {
			continue
		}
		s := t[strOff+off : strOff+off+length]
		switch {
		case platform == 3 && (encoding == 1 || encoding == 0) || platform == 0:
			var b strings.Builder
			for j := 0; j+1 < len(s); j += 2 {
				b.WriteRune(rune(binary.BigEndian.Uint16(s[j:])))
			}
			return b.String()
		case platform == 1 && mac == "":
			mac = string(s)
		}
	}
	return mac
}
