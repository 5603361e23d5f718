package serve

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator/form"
)

// TestList: every reporting date with its counts; a file that does not validate is listed
// with its first error; names the server will not open are listed as such.
func TestList(t *testing.T) {
	dir := sampleDir(t)
	// A file that is not even TOML: listed with the parser's file:line:col.
	os.WriteFile(filepath.Join(dir, "hong.toml"), []byte("[document]\nnumber = \n"), 0o644)
	h := newHandler(t, dir, "")
	w := do(h, "GET", "/", nil, nil)
	body := w.Body.String()
	if w.Code != 200 {
		t.Fatal(w.Code)
	}
	for _, want := range []string{
		`href="/ky/2022-09-14.toml"`, `href="/ky/2022-12-15.toml"`, `href="/ky/2023-03-15.toml"`, `href="/ky/` + draftName + `"`,
		"Không hợp lệ: 1 lỗi", "đang làm dở", "1 chênh lệch", "Hợp lệ",
		"lien-ket.toml</code>: là liên kết", "p12.toml</code>: là liên kết",
		`href="/ky/hong.toml"`, "hong.toml:2:",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the list does not show %q", want)
		}
	}
	// The counts are the form's, per file.
	src, _ := os.ReadFile("../../samples/2022-12-15.toml")
	f, err := form.Open("2022-12-15.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	c := f.View().Counts
	row := body[strings.Index(body, `href="/ky/2022-12-15.toml"`):]
	row = row[:strings.Index(row, "</tr>")]
	for _, n := range []int{c.Done, c.InProgress, c.NotStarted, c.Regular, c.Total} {
		if !strings.Contains(row, ">"+strconv.Itoa(n)+"<") {
			t.Errorf("the row of 2022-12-15 lacks the count %d: %s", n, row)
		}
	}
}

// TestSaveInvalid: a dataset that does not validate is saved (work in progress), with a
// warning; the file changes only in the edited value.
func TestSaveInvalid(t *testing.T) {
	dir := sampleDir(t)
	h := newHandler(t, dir, "")
	path := filepath.Join(dir, draftName)
	before, _ := os.ReadFile(path)
	w := do(h, "POST", "/api/luu/"+draftName, editRequest{Base: digest(before), Edits: map[string]string{"document.number": "42"}}, nil)
	var st state
	readJSON(t, w, &st)
	if w.Code != 200 || !strings.Contains(st.Message, "Đã lưu") || !strings.Contains(st.Message, "còn 1 lỗi") || st.View.Valid {
		t.Fatalf("%d %+v", w.Code, st.Message)
	}
	after, _ := os.ReadFile(path)
	if want := strings.Replace(string(before), `number = ""`, `number = "42"`, 1); string(after) != want {
		t.Errorf("the save changed more than the number")
	}
	if st.Base != digest(after) {
		t.Error("the new base is not the file's SHA-256")
	}
	// Its documents are refused while it has errors.
	w = do(h, "POST", "/api/tai/"+draftName+"/pdf", editRequest{Base: st.Base}, nil)
	if w.Code != 422 || !strings.Contains(w.Body.String(), "còn lỗi") {
		t.Errorf("download of an invalid dataset: %d %s", w.Code, w.Body.String())
	}
	// Fixing the status in the form makes it valid; the preview follows.
	w = do(h, "POST", "/api/xem/"+draftName, editRequest{Base: st.Base, Edits: map[string]string{}}, nil)
	readJSON(t, w, &st)
	var status string
	for _, ps := range st.Placed.Field {
		for _, p := range ps {
			if strings.Contains(p.Message, "đang làm dở") {
				status = p.Path
			}
		}
	}
	if status == "" {
		t.Fatalf("the bad status is not placed next to a field: %+v", st.Placed)
	}
	w = do(h, "POST", "/api/xem/"+draftName, editRequest{Base: st.Base, Edits: map[string]string{status: "Đang thực hiện"}}, nil)
	st = state{}
	readJSON(t, w, &st)
	if !st.View.Valid || len(st.Placed.Field[status]) != 0 || !strings.Contains(st.Appendix, "PHỤ LỤC") || !strings.Contains(st.Summary, "hợp lệ") {
		t.Errorf("after the fix: valid %v, %v, summary %q", st.View.Valid, st.Placed.Field[status], st.Summary)
	}
}

// TestConflict: a save from an old base is refused with 409 and the reason; the file is kept.
func TestConflict(t *testing.T) {
	dir := sampleDir(t)
	h := newHandler(t, dir, "")
	path := filepath.Join(dir, sample)
	before, _ := os.ReadFile(path)
	os.WriteFile(path, append(before, "# sửa tay\n"...), 0o644)
	w := do(h, "POST", "/api/luu/"+sample, editRequest{Base: digest(before), Edits: map[string]string{"document.number": "1"}}, nil)
	if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "đã bị thay đổi trên đĩa") {
		t.Errorf("%d %s", w.Code, w.Body.String())
	}
	if now, _ := os.ReadFile(path); string(now) != string(before)+"# sửa tay\n" {
		t.Error("the refused save wrote the file")
	}
	// The preview says the file changed, so that the page warns before the clerk saves.
	var st state
	readJSON(t, do(h, "POST", "/api/xem/"+sample, editRequest{Base: digest(before)}, nil), &st)
	if !st.Changed {
		t.Error("the preview does not say the file changed")
	}
	// No temporary file is left in the folder by a save.
	readJSON(t, do(h, "POST", "/api/luu/"+sample, editRequest{Base: st.Base, Edits: map[string]string{"document.number": "7"}}, nil), &st)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), "tmp") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// TestNext: the next reporting date is written once, never over an existing file.
func TestNext(t *testing.T) {
	dir := sampleDir(t)
	h := newHandler(t, dir, "")
	for _, tc := range []struct {
		date, asOf string
		code       int
		want       string
	}{
		{"15/12/2022", "", 409, "không ghi đè"},
		{"1/9/2022", "", 422, "phải sau"},
		{"31/02/2023", "", 400, "Ngày ban hành"},
		{"20/12/2022", "25/12/2022", 422, "sau ngày ban hành"},
		{"20/12/2022", "19/12/2022", 201, "2022-12-20.toml"},
		{"20/12/2022", "", 409, "không ghi đè"},
	} {
		w := do(h, "POST", "/api/ky-moi/"+sample, nextRequest{Date: tc.date, AsOf: tc.asOf}, nil)
		if w.Code != tc.code || !strings.Contains(w.Body.String(), tc.want) {
			t.Errorf("%s %s: %d %s", tc.date, tc.asOf, w.Code, w.Body.String())
		}
	}
	made, err := os.ReadFile(filepath.Join(dir, "2022-12-20.toml"))
	if err != nil || !strings.Contains(string(made), "as_of = 2022-12-19") {
		t.Errorf("the new file: %v", err)
	}
}

// TestPageBroken: a file that does not parse opens no form; the page says why, file:line:col.
func TestPageBroken(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "hong.toml"), []byte("[document]\nnumber = \n"), 0o644)
	h := newHandler(t, dir, "")
	w := do(h, "GET", "/ky/hong.toml", nil, nil)
	if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "hong.toml:2:") {
		t.Errorf("%d %s", w.Code, w.Body.String())
	}
	w = do(h, "POST", "/api/xem/hong.toml", editRequest{}, nil)
	if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "hong.toml:2:") {
		t.Errorf("%d %s", w.Code, w.Body.String())
	}
}
