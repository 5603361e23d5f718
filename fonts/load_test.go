package fonts

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
)

func TestStyleOfName(t *testing.T) {
	tests := []struct {
		name  string
		style int
		ok    bool
	}{
		{"times.ttf", 0, true},
		{"TIMESBD.TTF", 1, true},
		{"timesi.ttf", 2, true},
		{"timesbi.ttf", 3, true},
		{"Times New Roman.ttf", 0, true},
		{"Times New Roman Regular.ttf", 0, true},
		{"Times New Roman Bold.ttf", 1, true},
		{"Times New Roman Italic.ttf", 2, true},
		{"Times New Roman Bold Italic.ttf", 3, true},
		{"times new roman_bold_italic.TTF", 3, true},
		{"Times New Roman Condensed.ttf", 0, false},
		{"Times New Roman.otf", 0, false},
		{"arial.ttf", 0, false},
		{"times.ttc", 0, false},
	}
	for _, tt := range tests {
		s, ok := styleOfName(tt.name)
		if ok != tt.ok || ok && s != tt.style {
			t.Errorf("styleOfName(%q) = %d, %v; want %d, %v", tt.name, s, ok, tt.style, tt.ok)
		}
	}
}

// withFsType returns a copy of a face whose OS/2 fsType is v.
func withFsType(t *testing.T, face []byte, v uint16) []byte {
	t.Helper()
	out := bytes.Clone(face)
	n := int(binary.BigEndian.Uint16(out[4:]))
	for i := range n {
		rec := out[12+16*i:]
		if string(rec[:4]) == "OS/2" {
			binary.BigEndian.PutUint16(out[binary.BigEndian.Uint32(rec[8:])+8:], v)
			return out
		}
	}
	t.Fatal("no OS/2 table")
	return nil
}

func TestReadInfo(t *testing.T) {
	tests := []struct {
		name       string
		data       []byte
		ps         string
		embeddable bool
		err        string
	}{
		{"regular", Regular, "LiberationSerif", true, ""},
		{"bold italic", BoldItalic, "LiberationSerif-BoldItalic", true, ""},
		{"editable embedding", withFsType(t, Bold, 8), "LiberationSerif-Bold", true, ""},
		{"restricted licence", withFsType(t, Bold, 2), "LiberationSerif-Bold", false, ""},
		{"no subsetting", withFsType(t, Bold, 0x100), "LiberationSerif-Bold", false, ""},
		{"empty", nil, "", false, "tệp quá ngắn"},
		{"CFF", append([]byte("OTTO"), make([]byte, 20)...), "", false, "OpenType dạng CFF"},
		{"collection", append([]byte("ttcf"), make([]byte, 20)...), "", false, ".ttc"},
		{"text", []byte("this is not a font file"), "", false, "không phải tệp phông chữ TrueType"},
		{"truncated", bytes.Clone(Regular[:4000]), "", false, "bị cắt cụt"},
	}
	for _, tt := range tests {
		info, err := ReadInfo(tt.data)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil || info.PostScriptName != tt.ps || info.Embeddable != tt.embeddable {
			t.Errorf("%s: %+v, %v; want %q, embeddable %v", tt.name, info, err, tt.ps, tt.embeddable)
		}
	}
}
