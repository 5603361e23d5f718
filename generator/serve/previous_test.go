package serve

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator"
	"github.com/baocao-vn/baocao/generator/batch"
	"github.com/baocao-vn/baocao/internal/testtool"
)

// changeSentence is what the report of 2022-12-15 says of 14/9/2022 (render --previous).
const changeSentence = "So với báo cáo số liệu đến ngày 14/9/2022: hoàn thành thêm 02 nội dung, còn 06 đang thực hiện, 02 chưa thực hiện."

// downloadDocx downloads the report of the named file as the page does, with edits.
func downloadDocx(t *testing.T, h *Handler, name string, edits map[string]string) []byte {
	t.Helper()
	w := do(h, "POST", "/api/tai/"+name+"/docx", map[string]any{"base": "", "edits": edits}, nil)
	if w.Code != 200 {
		t.Fatalf("%s: download: %d %s", name, w.Code, w.Body.String())
	}
	return w.Body.Bytes()
}

// TestReportComparesWithPrevious: the report downloaded from serve, and its preview, say what
// changed since the previous reporting date: the DOCX is byte for byte the one
// `render --previous` writes for the same two files, and LibreOffice reads the sentence in it.
func TestReportComparesWithPrevious(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"2022-09-14.toml", "2022-12-15.toml"} {
		b, err := os.ReadFile("../../samples/" + n)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	h := newHandler(t, dir, "")
	got := downloadDocx(t, h, "2022-12-15.toml", nil)

	// What `baocao render 2022-12-15.toml --previous 2022-09-14.toml` writes as bao-cao.docx.
	ps, errs := generator.LoadAll(filepath.Join(dir, "2022-12-15.toml"), filepath.Join(dir, "2022-09-14.toml"))
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	want, err := ps[0].RenderReport(generator.Options{Previous: ps[1]})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the DOCX downloaded differs from render --previous's (%d and %d bytes)", len(got), len(want))
	}
	t.Run("soffice", func(t *testing.T) {
		testtool.Require(t, "soffice")
		path := filepath.Join(t.TempDir(), "bao-cao.docx")
		os.WriteFile(path, got, 0o644)
		out := testtool.OfficeConvert(t, path, "txt:Text (encoded):UTF8", t.TempDir())
		text, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(text), changeSentence) {
			t.Errorf("LibreOffice does not read the change sentence in the downloaded report:\n%s", text)
		}
	})

	// The page says which file it is compared with, and its preview has the sentence.
	page := do(h, "GET", "/ky/2022-12-15.toml", nil, nil).Body.String()
	for _, want := range []string{"So sánh với kỳ trước: 2022-09-14.toml (số liệu đến ngày 14/9/2022).", changeSentence} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	var st state
	readJSON(t, do(h, "POST", "/api/xem/2022-12-15.toml", map[string]any{"base": "", "edits": map[string]string{}}, nil), &st)
	if !strings.Contains(st.Report, changeSentence) || st.Previous == nil || st.Previous.Name != "2022-09-14.toml" {
		t.Errorf("the preview does not compare with 2022-09-14.toml: %+v", st.Previous)
	}
	// The previous file changed on disk (no longer loads): the next request follows it.
	os.WriteFile(filepath.Join(dir, "2022-09-14.toml"), []byte("[document]\nnumber = 1\n"), 0o644)
	st = state{}
	readJSON(t, do(h, "POST", "/api/xem/2022-12-15.toml", map[string]any{"base": "", "edits": map[string]string{}}, nil), &st)
	if strings.Contains(st.Report, changeSentence) || st.Previous == nil || st.Previous.Name != "" {
		t.Errorf("the preview still compares with the file changed on disk: %+v", st.Previous)
	}
	os.WriteFile(filepath.Join(dir, "2022-09-14.toml"), mustRead(t, "../../samples/2022-09-14.toml"), 0o644)

	// The earlier date has none, and says so.
	page = do(h, "GET", "/ky/2022-09-14.toml", nil, nil).Body.String()
	if !strings.Contains(page, "Không có kỳ báo cáo trước") || strings.Contains(page, "So với báo cáo số liệu") {
		t.Error("the page of 2022-09-14 does not say it has no previous date")
	}
}

// TestPreviousAsBatch: over a folder with a draft that does not load sharing a date, a broken
// file, and three dates, every report downloaded is the one `baocao batch` writes for the
// folder (the same rule, change.Predecessors), and an edited as-of date moves the comparison.
func TestPreviousAsBatch(t *testing.T) {
	dir := sampleDir(t)
	// 2023-03-15's previous date does not load: it is compared with 2022-09-14, as in a batch.
	broken := filepath.Join(dir, "2022-12-15.toml")
	src, _ := os.ReadFile(broken)
	os.WriteFile(broken, bytes.Replace(src, []byte("as_of ="), []byte("as_of = 2022-12-15\nas_of ="), 1), 0o644)
	if _, err := generator.Load(broken); err == nil {
		t.Fatal("the broken file loads")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.toml"))
	var regular []string
	for _, f := range files {
		if st, err := os.Lstat(f); err == nil && st.Mode().IsRegular() {
			regular = append(regular, f)
		}
	}
	out := t.TempDir()
	if _, err := batch.Run(regular, batch.Options{Out: out, Workers: 2}); err == nil {
		t.Fatal("the batch did not fail on the broken files")
	}
	h := newHandler(t, dir, "")
	for date, prev := range map[string]string{"2022-09-14": "", "2023-03-15": "2022-09-14.toml"} {
		want, err := os.ReadFile(filepath.Join(out, date, generator.ReportFile))
		if err != nil {
			t.Fatal(err)
		}
		if got := downloadDocx(t, h, date+".toml", nil); !bytes.Equal(got, want) {
			t.Errorf("%s: the DOCX downloaded differs from the batch's", date)
		}
		var st state
		readJSON(t, do(h, "POST", "/api/xem/"+date+".toml", map[string]any{"base": "", "edits": map[string]string{}}, nil), &st)
		if st.Previous == nil || st.Previous.Name != prev {
			t.Errorf("%s: compared with %+v, want %q", date, st.Previous, prev)
		}
	}
	// The as-of date as edited on the page chooses the previous date: moved to 14/9/2022, no
	// earlier date loads.
	var st state
	readJSON(t, do(h, "POST", "/api/xem/2023-03-15.toml", map[string]any{"base": "", "edits": map[string]string{"appendix.as_of": "14/09/2022"}}, nil), &st)
	if st.Previous == nil || st.Previous.Name != "" || !strings.Contains(st.Previous.Note, "Không có kỳ báo cáo trước") {
		t.Errorf("with as_of 14/9/2022: %+v", st.Previous)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSharedDateWarned: a file whose reporting date another file of the folder that loads
// also claims (which `baocao batch` refuses for both) says so on its page and as it is edited,
// and stops saying so once the date is changed.
func TestSharedDateWarned(t *testing.T) {
	dir := t.TempDir()
	src := mustRead(t, "../../samples/2022-09-14.toml")
	for _, n := range []string{"2022-09-14.toml", "ban-sao.toml"} {
		if err := os.WriteFile(filepath.Join(dir, n), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	h := newHandler(t, dir, "")
	const warning = "ban-sao.toml cũng có ngày cập nhật số liệu 14/9/2022: baocao batch từ chối mọi tệp trùng ngày báo cáo"
	if page := do(h, "GET", "/ky/2022-09-14.toml", nil, nil).Body.String(); !strings.Contains(page, warning) {
		t.Errorf("the page does not warn of the shared date %q", warning)
	}
	var st state
	readJSON(t, do(h, "POST", "/api/xem/2022-09-14.toml", map[string]any{"base": "", "edits": map[string]string{"appendix.as_of": "2022-09-15"}}, nil), &st)
	if st.Previous == nil || st.Previous.Name != "ban-sao.toml" {
		t.Fatalf("with its date moved after the copy's, the page does not compare with it: %+v", st.Previous)
	}
	for _, w := range st.Previous.Warnings {
		if strings.Contains(w, "cũng có ngày") {
			t.Errorf("the date moved, still warned: %s", w)
		}
	}
}
