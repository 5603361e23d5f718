package main

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/docxtpl"
	"github.com/baocao-vn/baocao/generator/starter"
	"github.com/baocao-vn/baocao/internal/testtool"
	"github.com/baocao-vn/baocao/templates"
)

// user runs the built binary in dir, as a clerk does from a shell there. (RunLimited's
// address-space cap makes the runtime of these short runs fail to start now and then; they need
// no memory ceiling.)
func user(t *testing.T, dir string, args ...string) testtool.Result {
	t.Helper()
	cmd := exec.Command(testtool.Binary(t), args...)
	cmd.Dir = dir
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	r := testtool.Result{Stdout: o.String(), Stderr: e.String()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee) && ee.Exited():
		r.Code = ee.ExitCode()
	default:
		t.Fatalf("baocao %q: %v\n%s", args, err, r.Stderr)
	}
	if strings.Contains(r.Stderr, "goroutine ") {
		t.Fatalf("baocao %q: crashed\n%s", args, r.Stderr)
	}
	return r
}

// english holds fragments of Go's and the libraries' own messages, which must never reach a user.
var english = regexp.MustCompile(`(?i)flag provided|usage of|no such file|permission denied|not a directory|is a directory|invalid value|open |read |mkdir |panic|goroutine|zip: |not a valid|missing|header|asn1|pkcs12`)

// TestMessagesGolden records what a user sees for help, a typo and the common mistakes, exit
// status included, in testdata/cli/*.golden (go test -update to accept a change).
func TestMessagesGolden(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "thu-muc.toml"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "co-roi.toml"), []byte("# đã có\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "du-lieu.toml"), starter.Dataset(dataset.Date{Year: 2023, Month: 1, Day: 5}), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "khoa.toml"), []byte("# không đọc được\n"), 0o000); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"help", []string{"help"}, exitOK},
		{"help-render", []string{"help", "render"}, exitOK},
		{"render-help", []string{"render", "--help"}, exitOK},
		{"init-h", []string{"init", "-h"}, exitOK},
		{"version", []string{"--version"}, exitOK},
		{"rendr", []string{"rendr", "du-lieu.toml"}, exitInvalid},
		{"help-rendr", []string{"help", "rendr"}, exitInvalid},
		{"sing-p12", []string{"render", "du-lieu.toml", "-o", "ket-qua", "--sing-p12", "so.p12"}, exitInvalid},
		{"render-without-o", []string{"render", "du-lieu.toml"}, exitInvalid},
		{"render-o-without-value", []string{"render", "du-lieu.toml", "-o"}, exitInvalid},
		{"batch-bad-j", []string{"batch", ".", "-o", "ket-qua", "-j", "hai"}, exitInvalid},
		{"missing-file", []string{"check", "khong-co.toml"}, exitInvalid},
		{"directory-as-file", []string{"check", "thu-muc.toml"}, exitInvalid},
		{"unreadable-file", []string{"check", "khoa.toml"}, exitInvalid},
		{"not-a-directory", []string{"check", "co-roi.toml/du-lieu.toml"}, exitInvalid},
		{"output-folder-is-a-file", []string{"render", "du-lieu.toml", "-o", "co-roi.toml"}, exitInvalid},
		{"template-is-missing", []string{"render", "du-lieu.toml", "-o", "ket-qua", "--template", "mau.docx"}, exitInvalid},
		{"init-over-existing", []string{"init", "co-roi.toml"}, exitInvalid},
		{"init-bad-date", []string{"init", "--date", "31/2/2023", "moi.toml"}, exitInvalid},
		{"template-without-o", []string{"template"}, exitInvalid},
		{"fields", []string{"fields"}, exitOK},
		{"template-not-docx", []string{"render", "du-lieu.toml", "-o", "ket-qua", "--template", "du-lieu.toml"}, exitInvalid},
		{"verify-not-pdf", []string{"verify", "du-lieu.toml"}, exitInvalid},
		{"p12-not-p12", []string{"sign", "du-lieu.toml", "-o", "ky.pdf", "--sign-p12", "du-lieu.toml", "--p12-password-file", "du-lieu.toml"}, exitInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "unreadable-file" && os.Geteuid() == 0 {
				// root reads any file whatever its mode (CI runs as root); the directory given as
				// a file and the missing file above are the unreadable inputs there.
				t.Skip("running as root: file permissions do not apply")
			}
			r := user(t, dir, tc.args...)
			if r.Code != tc.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", r.Code, tc.code, r.Stdout, r.Stderr)
			}
			out, errOut := r.Stdout, r.Stderr
			if tc.name == "version" {
				if !regexp.MustCompile(`^baocao (v\S+|bản phát triển)(, commit [0-9a-f]{12} \(\S+\))?(, có thay đổi chưa commit)?, go1\.\S+\n$`).MatchString(out) {
					t.Errorf("version line %q", out)
				}
				out = "baocao PHIÊN_BẢN\n"
			}
			if english.MatchString(out + errOut) {
				t.Errorf("English reaches the user:\n%s%s", out, errOut)
			}
			if tc.code == exitOK && errOut != "" || tc.code != exitOK && out != "" {
				t.Errorf("help on the wrong stream: stdout %q, stderr %q", out, errOut)
			}
			got := fmt.Sprintf("$ baocao %s\nexit %d\n--- stdout\n%s--- stderr\n%s", strings.Join(tc.args, " "), r.Code, out, errOut)
			testtool.Golden(t, filepath.Join("testdata", "cli", tc.name+".golden"), got)
		})
	}

	// "help render" and "render --help" are the same text, from the same table.
	a, b := user(t, dir, "help", "render"), user(t, dir, "render", "--help")
	if a.Stdout != b.Stdout {
		t.Errorf("help render and render --help differ")
	}
	for _, c := range commands {
		r := user(t, dir, c.name, "--help")
		if r.Code != exitOK || !strings.Contains(r.Stdout, "baocao "+c.synopsis) || !strings.Contains(r.Stdout, c.example) {
			t.Errorf("%s --help: exit %d\n%s", c.name, r.Code, r.Stdout)
		}
	}
}

// TestClerkStartsFromNothing does what a clerk with only the binary does: makes a dataset,
// checks it, renders it, gets the Word template, edits it in LibreOffice and renders with it.
func TestClerkStartsFromNothing(t *testing.T) {
	dir := t.TempDir()
	day := dataset.Date{Year: 2023, Month: 1, Day: 5} // as the documents print it: Long, String
	r := user(t, dir, "init", "--date", "5/1/2023", "du-lieu.toml")
	if r.Code != exitOK || !strings.Contains(r.Stdout, "du-lieu.toml") {
		t.Fatalf("init: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	before, _ := os.ReadFile(filepath.Join(dir, "du-lieu.toml"))
	if r := user(t, dir, "init", "du-lieu.toml"); r.Code != exitInvalid || !strings.Contains(r.Stderr, "du-lieu.toml") {
		t.Errorf("init over an existing file: exit %d, %s", r.Code, r.Stderr)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "du-lieu.toml")); !bytes.Equal(before, after) {
		t.Error("init overwrote the dataset")
	}

	r = user(t, dir, "check", "du-lieu.toml")
	if r.Code != exitOK || r.Stderr != "" {
		t.Fatalf("check of a new dataset: exit %d\n%s", r.Code, r.Stderr)
	}
	if !strings.Contains(r.Stdout, "80,00") {
		t.Errorf("check does not show full marks:\n%s", r.Stdout)
	}

	r = user(t, dir, "render", "du-lieu.toml", "-o", "ket-qua")
	if r.Code != exitOK {
		t.Fatalf("render: exit %d\n%s", r.Code, r.Stderr)
	}
	docx := read(t, dir, "ket-qua/bao-cao.docx")
	text := reportText(t, docx)
	for _, want := range []string{"UBND TỈNH HÀ TĨNH", "Hà Tĩnh, " + day.Long(), "BÁO CÁO", "Đoàn thẩm định công tác CCHC năm 2022", "1. Đối với những tồn tại hạn chế", "2. Kiến nghị, đề xuất", "GIÁM ĐỐC"} {
		if !strings.Contains(text, want) {
			t.Errorf("the report lacks %q:\n%s", want, text)
		}
	}
	if testtool.Require(t, "pdftotext") != "" {
		pdf := testtool.Run(t, "pdftotext", filepath.Join(dir, "ket-qua", "phu-luc.pdf"), "-")
		if !strings.Contains(pdf, "PHỤ LỤC") || !strings.Contains(pdf, "Số liệu cập nhật đến ngày "+day.String()) {
			t.Errorf("appendix:\n%s", pdf)
		}
	}
	xlsx := read(t, dir, "ket-qua/bang-diem.xlsx")
	if _, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx))); err != nil {
		t.Errorf("the workbook is not a zip package: %v", err)
	}

	// The template, edited as a clerk does: opened and saved again by LibreOffice.
	if r := user(t, dir, "template", "-o", "mau.docx"); r.Code != exitOK {
		t.Fatalf("template: exit %d\n%s", r.Code, r.Stderr)
	}
	if !bytes.Equal(read(t, dir, "mau.docx"), templates.BaoCao) {
		t.Error("template wrote something else than the embedded template")
	}
	if r := user(t, dir, "template", "-o", "mau.docx"); r.Code != exitInvalid || !strings.Contains(r.Stderr, "mau.docx") || !strings.Contains(r.Stderr, "--force") {
		t.Errorf("template over an existing file: exit %d, %s", r.Code, r.Stderr)
	}
	if r := user(t, dir, "template", "-o", "mau.docx", "--force"); r.Code != exitOK {
		t.Errorf("template --force: exit %d, %s", r.Code, r.Stderr)
	}
	testtool.Require(t, "soffice")
	edited := filepath.Join(dir, "sua")
	testtool.Run(t, "soffice", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--convert-to", "docx", "--outdir", edited, filepath.Join(dir, "mau.docx"))
	if bytes.Equal(read(t, dir, "sua/mau.docx"), templates.BaoCao) {
		t.Fatal("LibreOffice returned the template unchanged; the test would prove nothing")
	}
	r = user(t, dir, "render", "du-lieu.toml", "-o", "ket-qua-2", "--template", "sua/mau.docx")
	if r.Code != exitOK {
		t.Fatalf("render --template: exit %d\n%s", r.Code, r.Stderr)
	}
	got, want := paragraphs(t, read(t, dir, "ket-qua-2/bao-cao.docx")), paragraphs(t, docx)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("with the re-saved template the report reads\n%q\nwith the embedded one\n%q", got, want)
	}
}

func TestFieldsShowsSampleValues(t *testing.T) {
	r := user(t, t.TempDir(), "fields")
	if r.Code != exitOK {
		t.Fatalf("exit %d\n%s", r.Code, r.Stderr)
	}
	for _, want := range []string{
		"{co_quan_chu_quan}", "document.parent_body", `ví dụ: "UBND TỈNH HÀ TĨNH"`,
		"{#muc}…{/muc}", "ví dụ: 3 phần tử", `ví dụ: "Lê Thị Khánh Cẩm"`,
		`ví dụ: "92,89%"`, "{bi_tru}",
	} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("fields lacks %q", want)
		}
	}
	// With a dataset, its values.
	dir := t.TempDir()
	user(t, dir, "init", "--date", "2023-01-05", "a.toml")
	day := dataset.Date{Year: 2023, Month: 1, Day: 5}
	if r := user(t, dir, "fields", "a.toml"); r.Code != exitOK || !strings.Contains(r.Stdout, `"Hà Tĩnh, `+day.Long()+`"`) {
		t.Errorf("fields a.toml: exit %d\n%s", r.Code, r.Stdout)
	}
}

func read(t *testing.T, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func paragraphs(t *testing.T, docx []byte) []string {
	t.Helper()
	p, err := docxtpl.Paragraphs(docx, "")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func reportText(t *testing.T, docx []byte) string {
	return strings.Join(paragraphs(t, docx), "\n")
}
