package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/internal/testtool"
)

// tplPackage is a minimal report template package around body, plus extra entries.
func tplPackage(t *testing.T, body string, extra ...testtool.ZipEntry) []byte {
	t.Helper()
	return testtool.Zip(t, append([]testtool.ZipEntry{
		{Name: "[Content_Types].xml", Data: []byte(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`)},
		{Name: "_rels/.rels", Data: []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`)},
		{Name: "word/document.xml", Data: []byte(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
			body + `<w:sectPr/></w:body></w:document>`)},
	}, extra...)...)
}

func para(text string) string {
	return `<w:p><w:r><w:t xml:space="preserve">` + text + `</w:t></w:r></w:p>`
}

func nestedMuc(depth int, inner string) string {
	return strings.Repeat(para("{#muc}"), depth) + inner + strings.Repeat(para("{/muc}"), depth)
}

// TestHostileTemplates runs the built binary on one bad template per case, under a memory
// ceiling and a timeout: exit 2, a Vietnamese message naming the file and the limit or the
// fault, nothing written, no crash, no hang. Peak memory is logged (go test -v).
func TestHostileTemplates(t *testing.T) {
	const mb = 1 << 20
	xmlMB := bytes.Repeat([]byte(`<w:p><w:r><w:t>x</w:t></w:r></w:p>`), mb/32)
	zeros := make([]byte, mb)
	tests := []struct {
		name  string
		make  func(t *testing.T) []byte
		want  []string
		memMB int
	}{
		{"1 GB document.xml in a 1 MB file", func(t *testing.T) []byte {
			return testtool.Zip(t, testtool.ZipEntry{Name: "word/document.xml", Data: xmlMB, Repeat: 1024})
		}, []string{"mục word/document.xml giải nén ra hơn 8 MB, vượt giới hạn của một phần văn bản có thẻ"}, 64},
		{"1 GB document.xml declared as 1 KB", func(t *testing.T) []byte {
			return testtool.Zip(t, testtool.ZipEntry{Name: "word/document.xml", Data: xmlMB, Repeat: 1024, DeclaredSize: 1000})
		}, []string{"mục word/document.xml bị hỏng, không giải nén được"}, 64},
		{"1 GB word/media/header-logo.png", func(t *testing.T) []byte {
			return tplPackage(t, para("{nguoi_ky}"), testtool.ZipEntry{Name: "word/media/header-logo.png", Data: zeros, Repeat: 1024})
		}, []string{"mục word/media/header-logo.png giải nén ra hơn 32 MB"}, 64},
		{"5000 entries", func(t *testing.T) []byte {
			var es []testtool.ZipEntry
			for i := range 5000 {
				es = append(es, testtool.ZipEntry{Name: "word/media/a" + strings.Repeat("b", i%50) + string(rune('a'+i%26)) + "/" + itoa(i), Data: []byte("x")})
			}
			return tplPackage(t, para("x"), es...)
		}, []string{"gói .docx có 5003 mục, vượt giới hạn 1000 mục"}, 64},
		{"a 40 MB file", func(t *testing.T) []byte { return append([]byte("PK\x03\x04"), make([]byte, 40*mb)...) },
			[]string{"vượt giới hạn 32 MB"}, 64},
		{"24 nested sections", func(t *testing.T) []byte { return tplPackage(t, nestedMuc(24, para("{tieu_de}"))) },
			[]string{`đoạn 17 "{#muc}": khối {#muc} lồng trong 16 khối khác, vượt giới hạn 16 tầng khối lồng nhau`}, 64},
		{"100 nested sections", func(t *testing.T) []byte { return tplPackage(t, nestedMuc(100, para("{tieu_de}"))) },
			[]string{"vượt giới hạn 16 tầng khối lồng nhau"}, 64},
		{"16 nested sections", func(t *testing.T) []byte { return tplPackage(t, nestedMuc(16, para("{tieu_de}"))) },
			[]string{"khối {#muc}: báo cáo điền từ mẫu vượt giới hạn 16 MB"}, 64},
		{"a 1 MB paragraph repeated", func(t *testing.T) []byte {
			return tplPackage(t, nestedMuc(4, para(strings.Repeat("chữ ", mb/4))))
		}, []string{"khối {#muc}: báo cáo điền từ mẫu vượt giới hạn 16 MB"}, 64},
		{"unknown field behind an unclosed section", func(t *testing.T) []byte {
			return tplPackage(t, para("{#muc}")+para("{so}. {tieu_de}")+para("{khong_co}")+para("{Nguoi_ky}"))
		}, []string{`đoạn 1 "{#muc}": khối {#muc} chưa đóng`, `đoạn 3 "{khong_co}": không có trường "khong_co" trong dữ liệu`,
			`đoạn 4 "{Nguoi_ky}": không có trường "Nguoi_ky" trong dữ liệu (có phải {nguoi_ky}?)`}, 64},
		{"a 1 MB tag", func(t *testing.T) []byte { return tplPackage(t, para("{"+strings.Repeat("a", mb)+" b}")) },
			[]string{`thẻ sai dạng "{aaaa`, `aaa…"`}, 64},
		{"Word 97–2003", func(t *testing.T) []byte {
			return append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, zeros[:4096]...)
		},
			[]string{"không phải tệp .docx mà là tệp Word 97–2003 (.doc)", "lưu lại dạng .docx"}, 64},
		{"PDF", func(t *testing.T) []byte { return []byte("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n") },
			[]string{"không phải tệp .docx mà là tệp PDF"}, 64},
		{"a zip without word/document.xml", func(t *testing.T) []byte {
			return testtool.Zip(t, testtool.ZipEntry{Name: "bao-cao.txt", Data: []byte("x")})
		}, []string{"không phải tệp .docx: gói nén zip không có word/document.xml"}, 64},
		{"an empty file", func(t *testing.T) []byte { return nil }, []string{"tệp rỗng, không phải tệp .docx"}, 64},
	}
	sampleAbs, err := filepath.Abs(sample)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			bad := filepath.Join(dir, "BAD.docx")
			if err := os.WriteFile(bad, tc.make(t), 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "out")
			r := testtool.RunLimited(t, testtool.Limits{MemoryMB: tc.memMB}, "render", sampleAbs, "-o", out, "--template", bad)
			t.Logf("peak RSS %d MB", r.MaxRSSMB)
			if r.Code != exitInvalid {
				t.Errorf("exit %d, want %d\n%s", r.Code, exitInvalid, r.Stderr)
			}
			if !strings.Contains(r.Stderr, bad+": ") {
				t.Errorf("the message does not name the template:\n%.2000s", r.Stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.Stderr, w) {
					t.Errorf("stderr lacks %q:\n%.2000s", w, r.Stderr)
				}
			}
			if n := len(r.Stderr); n > 4000 {
				t.Errorf("%d bytes of messages", n)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("output folder written: %v", err)
			}
		})
	}
}

func itoa(i int) string {
	s := ""
	for {
		s = string(rune('0'+i%10)) + s
		if i /= 10; i == 0 {
			return s
		}
	}
}
