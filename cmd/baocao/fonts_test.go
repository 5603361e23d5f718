package main

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/fonts"
	"github.com/baocao-vn/baocao/internal/testtool"
)

// fontDir writes faces under the given file names into a new folder. No Times New Roman is
// available to the tests, so Liberation Serif's files stand in for it.
func fontDir(t *testing.T, faces map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range faces {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestFontDir renders with faces from a folder and reads back, with pdffonts, that those
// files were embedded as subsets: the "regular" file there is Liberation Serif Bold, so the
// regular text is set in a font named LiberationSerif-Bold, which the shipped fonts never do.
func TestFontDir(t *testing.T) {
	testtool.Require(t, "pdffonts")
	dir := fontDir(t, map[string][]byte{
		"TIMES.TTF":                       fonts.Bold,
		"timesbd.ttf":                     fonts.Bold,
		"Times New Roman Italic.ttf":      fonts.Italic,
		"Times New Roman Bold Italic.ttf": fonts.BoldItalic,
	})
	for _, cmd := range []string{"render", "batch"} {
		out := t.TempDir()
		code, _, errOut := baocao(t, cmd, sample, "-o", out, "--font-dir", dir)
		if code != exitOK {
			t.Fatalf("%s --font-dir: exit %d: %s", cmd, code, errOut)
		}
		pdf := filepath.Join(out, "phu-luc.pdf")
		if cmd == "batch" {
			pdf = filepath.Join(out, "2022-09-14", "phu-luc.pdf")
		}
		list := testtool.Run(t, "pdffonts", pdf)
		if n := len(regexp.MustCompile(`(?m)^[A-Z]{6}\+LiberationSerif-Bold +CID TrueType +Identity-H +yes +yes +yes`).FindAllString(list, -1)); n != 2 {
			t.Errorf("%s: want the regular and the bold text each in an embedded subset of the folder's bold face, pdffonts says:\n%s", cmd, list)
		}
		if strings.Contains(list, "LiberationSerif ") {
			t.Errorf("%s: the shipped regular face was embedded although the folder has one:\n%s", cmd, list)
		}
		if text := testtool.Run(t, "pdftotext", pdf, "-"); !strings.Contains(text, "PHỤ LỤC") {
			t.Errorf("%s: the appendix's text cannot be extracted", cmd)
		}
	}
}

// glyphsOutside returns face with the loca entries of glyphs 61 to 89 pointing past the glyf
// table: a face that parses, and that subsetting used to crash on.
func glyphsOutside(t *testing.T, face []byte) []byte {
	t.Helper()
	b := bytes.Clone(face)
	var head, loca int
	for i := range int(binary.BigEndian.Uint16(b[4:])) {
		rec := b[12+16*i:]
		switch string(rec[:4]) {
		case "head":
			head = int(binary.BigEndian.Uint32(rec[8:]))
		case "loca":
			loca = int(binary.BigEndian.Uint32(rec[8:]))
		}
	}
	if head == 0 || loca == 0 {
		t.Fatal("test is broken: no head or loca table")
	}
	for g := 61; g < 90; g++ {
		if binary.BigEndian.Uint16(b[head+50:]) == 1 {
			binary.BigEndian.PutUint32(b[loca+4*g:], 0x7FFFFFF0)
		} else {
			binary.BigEndian.PutUint16(b[loca+2*g:], 0xFFF0)
		}
	}
	return b
}

func TestFontDirErrors(t *testing.T) {
	tests := []struct {
		name  string
		faces map[string][]byte
		want  []string
	}{
		{"not a font", map[string][]byte{"times.ttf": []byte("<html>not a font</html>"), "timesbd.ttf": fonts.Bold, "timesi.ttf": fonts.Italic, "timesbi.ttf": fonts.BoldItalic},
			[]string{`times.ttf: phông chữ kiểu thường: không phải tệp phông chữ TrueType (.ttf)`}},
		{"truncated, and a face missing", map[string][]byte{"times.ttf": fonts.Regular[:3000], "timesbd.ttf": fonts.Bold, "timesi.ttf": fonts.Italic},
			[]string{`times.ttf: phông chữ kiểu thường: tệp phông chữ TrueType bị cắt cụt`, `thiếu phông Times New Roman kiểu chữ đậm nghiêng (tệp timesbi.ttf hoặc "Times New Roman Bold Italic.ttf")`}},
		{"OpenType CFF", map[string][]byte{"times.ttf": append([]byte("OTTO"), make([]byte, 100)...), "timesbd.ttf": fonts.Bold, "timesi.ttf": fonts.Italic, "timesbi.ttf": fonts.BoldItalic},
			[]string{`times.ttf: phông chữ kiểu thường: phông OpenType dạng CFF (.otf) chưa dùng được`}},
		{"glyphs outside the glyf table", map[string][]byte{"times.ttf": glyphsOutside(t, fonts.Regular), "timesbd.ttf": fonts.Bold, "timesi.ttf": fonts.Italic, "timesbi.ttf": fonts.BoldItalic},
			[]string{`times.ttf: phông chữ kiểu thường: không đọc được phông TrueType: fpdf: malformed TrueType font: glyph 60 lies outside the glyf table`}},
		{"two regular faces", map[string][]byte{"times.ttf": fonts.Regular, "Times New Roman.ttf": fonts.Regular, "timesbd.ttf": fonts.Bold, "timesi.ttf": fonts.Italic, "timesbi.ttf": fonts.BoldItalic},
			[]string{`hai tệp cùng là kiểu chữ thường`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := fontDir(t, tt.faces)
			out := filepath.Join(t.TempDir(), "out")
			code, _, errOut := baocao(t, "render", sample, "-o", out, "--font-dir", dir)
			if code != exitInvalid {
				t.Errorf("exit %d, want %d", code, exitInvalid)
			}
			for _, w := range tt.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
			if strings.Contains(errOut, "panic") {
				t.Errorf("stderr shows a panic:\n%s", errOut)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Error("something was written although the fonts were refused")
			}
		})
	}
	code, _, errOut := baocao(t, "batch", sample, "-o", t.TempDir(), "--font-dir", filepath.Join(t.TempDir(), "missing"))
	if code != exitInvalid || !strings.Contains(errOut, "không đọc được thư mục phông chữ") {
		t.Errorf("batch with a missing font folder: exit %d, stderr:\n%s", code, errOut)
	}
}
