package serve

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"html/template"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/baocao-vn/baocao/generator"
	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/form"
	"github.com/baocao-vn/baocao/generator/outfile"
)

//go:embed assets
var assets embed.FS

// pages are parsed on first use, not when any baocao command starts.
var pages = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("").Funcs(template.FuncMap{
		"statusClass": statusClass,
		"fieldOf":     withProblems,
		"cardKey":     strconv.Itoa,
		"summary":     summary,
		"rows":        rows,
		"items":       items,
		"kindOf":      kindOf,
		"kindTitle":   func(c form.Card) string { k := kindOf(c); return strings.ToUpper(k[:1]) + k[1:] },
		// A text with a line break is edited in a textarea: an input would drop the break.
		"multiline": func(s string) bool { return strings.Contains(s, "\n") },
	}).ParseFS(assets, "assets/*.html"))
})

func (h *Handler) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /{$}", h.list)
	m.HandleFunc("GET /static/{file}", static)
	m.HandleFunc("GET /ky/{name}", h.page)
	m.HandleFunc("POST /api/xem/{name}", h.preview)
	m.HandleFunc("POST /api/luu/{name}", h.save)
	m.HandleFunc("POST /api/tai/{name}/{kind}", h.download)
	m.HandleFunc("POST /api/ky-moi/{name}", h.next)
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fail(w, r, http.StatusNotFound, "Không có trang này.")
	})
	h.mux = m
}

// static serves the embedded stylesheet and script, and nothing else.
func static(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	b, err := fs.ReadFile(assets, "assets/static/"+name)
	if err != nil || strings.Contains(name, "/") {
		fail(w, r, http.StatusNotFound, "Không có tệp này.")
		return
	}
	w.Header().Set("Content-Type", mime.TypeByExtension(path.Ext(name)))
	w.Write(b)
}

// listItem is one reporting date on the list page.
type listItem struct {
	Name       string
	Title      string
	Date       string
	Counts     form.Counts
	Errors     int
	Warnings   int
	FirstError string
	Valid      bool
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	names, refused, err := h.listFiles()
	if err != nil {
		fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	tooMany := 0
	if len(names) > MaxFiles {
		tooMany = len(names) - MaxFiles
		names = names[:MaxFiles]
	}
	items := make([]listItem, 0, len(names))
	for _, name := range names {
		it := listItem{Name: name, Title: name}
		src, err := h.readFile(name)
		var f *form.Form
		if err == nil {
			f, err = form.Open(name, src)
		}
		if err != nil {
			it.Errors, it.FirstError = 1, firstLine(err.Error())
			items = append(items, it)
			continue
		}
		v := f.View()
		it.Title, it.Date, it.Counts, it.Valid = v.Title, v.Date, v.Counts, v.Valid
		it.Errors = errorCount(v)
		it.Warnings = len(v.Problems) - it.Errors
		for _, p := range v.Problems {
			if !p.Warning {
				it.FirstError = p.Message
				break
			}
		}
		items = append(items, it)
	}
	render(w, "list", map[string]any{
		"Dir":       h.dir,
		"Items":     items,
		"Refused":   refused,
		"TooMany":   tooMany,
		"CSRF":      h.csrf,
		"PageTitle": "Các kỳ báo cáo",
	})
}

// errorCount is how many of a view's problems are errors rather than discrepancy warnings.
func errorCount(v *form.View) int {
	n := 0
	for _, p := range v.Problems {
		if !p.Warning {
			n++
		}
	}
	return n
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

func (h *Handler) page(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	src, f, ok := h.open(w, r, name)
	if !ok {
		return
	}
	v := f.View()
	prev := h.previousOf(name, f)
	var app, rep bytes.Buffer
	if err := f.PreviewWith(prev.options(), &app, &rep); err != nil {
		app.Reset()
		app.WriteString(template.HTMLEscapeString(err.Error()))
	}
	render(w, "page", map[string]any{
		"PageTitle": v.Title,
		"Name":      name,
		"Base":      digest(src),
		"CSRF":      h.csrf,
		"View":      v,
		"Placed":    place(v),
		"Previous":  prev,
		"Appendix":  template.HTML(app.String()), // generator/form escapes what it writes
		"Report":    template.HTML(rep.String()),
	})
}

// editRequest is what the page sends: the base it edits from and its edits since.
type editRequest struct {
	Base  string            `json:"base"`
	Edits map[string]string `json:"edits"`
	// NoPreview asks /api/xem for the view only, without the preview HTML.
	NoPreview bool `json:"no_preview,omitempty"`
}

// state is what the page is told after an edit or a save.
type state struct {
	Base     string            `json:"base"`    // SHA-256 of the file on disk now
	Changed  bool              `json:"changed"` // the file on disk is not the one the page loaded
	View     *form.View        `json:"view"`
	Placed   placed            `json:"placed"`
	Values   map[string]string `json:"values,omitempty"` // after a save: each field's value on disk
	Appendix string            `json:"appendix,omitempty"`
	Report   string            `json:"report,omitempty"`
	Message  string            `json:"message,omitempty"`
	Summary  string            `json:"summary"`
	Previous *previous         `json:"previous,omitempty"` // what the report is compared with
}

// preview applies the page's edits to the file as it is on disk and returns what the page
// shows: the view with its problems placed, and the preview HTML.
func (h *Handler) preview(w http.ResponseWriter, r *http.Request) {
	req, src, g, ok := h.edited(w, r)
	if !ok {
		return
	}
	v := g.View()
	prev := h.previousOf(r.PathValue("name"), g)
	var app, rep bytes.Buffer
	if !req.NoPreview {
		if err := g.PreviewWith(prev.options(), &app, &rep); err != nil {
			app.Reset()
			app.WriteString(template.HTMLEscapeString(err.Error()))
		}
	}
	base := digest(src)
	writeJSON(w, http.StatusOK, state{Base: base, Changed: base != req.Base, View: v, Placed: place(v), Summary: summary(v),
		Appendix: app.String(), Report: rep.String(), Previous: &prev})
}

// save writes the edits to the file, under the file's lock, when the file is still the one the
// page loaded. A dataset that does not validate is saved too — the clerk may stop half-way and
// come back — and the answer says it will not render until its problems are fixed.
func (h *Handler) save(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	req, ok := decode(w, r)
	if !ok {
		return
	}
	mu := h.lock(name)
	mu.Lock()
	defer mu.Unlock()
	src, f, ok := h.open(w, r, name)
	if !ok {
		return
	}
	if digest(src) != req.Base {
		fail(w, r, http.StatusConflict, name+": "+errConflict.Error()+".")
		return
	}
	g := f.Edit(req.Edits)
	out := g.Source()
	if !bytes.Equal(out, src) {
		if err := outfile.Write(filepath.Join(h.dir, name), out); err != nil {
			fail(w, r, http.StatusInternalServerError, name+": không ghi được: "+err.Error())
			return
		}
	}
	v := g.View()
	msg := "Đã lưu " + name + "."
	if bytes.Equal(out, src) {
		msg = "Không có gì thay đổi: " + name + " giữ nguyên."
	}
	if !v.Valid {
		msg += " Lưu ý: dữ liệu còn " + strconv.Itoa(errorCount(v)) + " lỗi; check và render sẽ từ chối tệp cho đến khi sửa xong."
	}
	writeJSON(w, http.StatusOK, state{Base: digest(out), View: v, Placed: place(v), Summary: summary(v), Values: values(v), Message: msg})
}

// download renders one document of the current state (the file on disk with the page's edits),
// unsigned.
func (h *Handler) download(w http.ResponseWriter, r *http.Request) {
	name, kind := r.PathValue("name"), r.PathValue("kind")
	_, _, g, ok := h.edited(w, r)
	if !ok {
		return
	}
	p := g.Prepared()
	if p == nil {
		fail(w, r, http.StatusUnprocessableEntity, "Dữ liệu còn lỗi (xem các thông báo trên trang): chưa xuất được văn bản.")
		return
	}
	stem := strings.TrimSuffix(name, ".toml")
	var data []byte
	var err error
	var file, ctype string
	switch kind {
	case "docx":
		// Compared with the previous reporting date, as a batch and render --previous do; the
		// appendix and the workbook do not depend on it.
		data, err = p.RenderReport(h.previousOf(name, g).options())
		file, ctype = generator.ReportFile, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case "pdf":
		data, err = p.RenderAppendix(generator.Options{})
		file, ctype = generator.AppendixFile, "application/pdf"
	case "xlsx":
		data, err = p.RenderWorkbook()
		file, ctype = generator.WorkbookFile, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	default:
		fail(w, r, http.StatusNotFound, "Không có loại văn bản "+quote(kind)+" (docx, pdf, xlsx).")
		return
	}
	if err != nil {
		fail(w, r, http.StatusUnprocessableEntity, err.Error())
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": stem + "-" + file}))
	w.Write(data)
}

// nextRequest asks for the next reporting date.
type nextRequest struct {
	Date string `json:"date"`
	AsOf string `json:"as_of"`
}

// next writes the next reporting date's dataset, DIR/<YYYY-MM-DD>.toml, from the file as saved
// (generator.Next), never over an existing file.
func (h *Handler) next(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	var req nextRequest
	if !decodeInto(w, r, &req) {
		return
	}
	var opt generator.NextOptions
	var err error
	if opt.Date, err = dataset.ParseDate(strings.TrimSpace(req.Date)); err != nil {
		fail(w, r, http.StatusBadRequest, "Ngày ban hành kỳ mới: "+err.Error())
		return
	}
	if s := strings.TrimSpace(req.AsOf); s != "" {
		if opt.AsOf, err = dataset.ParseDate(s); err != nil {
			fail(w, r, http.StatusBadRequest, "Ngày số liệu kỳ mới: "+err.Error())
			return
		}
	}
	src, err := h.readFile(name)
	if err != nil {
		fileFail(w, r, err)
		return
	}
	data, err := generator.Next(name, src, opt)
	if err != nil {
		fail(w, r, http.StatusUnprocessableEntity, err.Error())
		return
	}
	newName := opt.Date.ISO() + ".toml"
	if err := outfile.WriteNew(filepath.Join(h.dir, newName), data); err != nil {
		if errors.Is(err, outfile.ErrExists) {
			fail(w, r, http.StatusConflict, newName+": "+outfile.ErrExists.Error()+".")
			return
		}
		fail(w, r, http.StatusInternalServerError, newName+": không ghi được: "+err.Error())
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{
		"name":    newName,
		"url":     "/ky/" + newName,
		"message": "Đã tạo " + newName + ": số văn bản để trống, trạng thái và tiến độ chép từ " + name + " để cập nhật.",
	})
}

// open reads and opens the named file for a JSON request, answering the error itself.
func (h *Handler) open(w http.ResponseWriter, r *http.Request, name string) ([]byte, *form.Form, bool) {
	src, err := h.readFile(name)
	if err != nil {
		fileFail(w, r, err)
		return nil, nil, false
	}
	f, err := h.form(name, src)
	if err != nil {
		fail(w, r, http.StatusUnprocessableEntity, "Không mở được "+name+" để sửa (sửa tệp bằng trình soạn thảo trước):\n"+err.Error())
		return nil, nil, false
	}
	return src, f, true
}

// edited reads the page's request and returns the file named in the path as it is on disk, and
// the Form of it with the page's edits made.
func (h *Handler) edited(w http.ResponseWriter, r *http.Request) (req editRequest, src []byte, g *form.Form, ok bool) {
	if req, ok = decode(w, r); !ok {
		return req, nil, nil, false
	}
	src, f, ok := h.open(w, r, r.PathValue("name"))
	if !ok {
		return req, nil, nil, false
	}
	return req, src, f.Edit(req.Edits), true
}

func decode(w http.ResponseWriter, r *http.Request) (editRequest, bool) {
	var req editRequest
	ok := decodeInto(w, r, &req)
	return req, ok
}

// decodeInto reads a JSON body (already limited to MaxBodySize).
func decodeInto(w http.ResponseWriter, r *http.Request, v any) bool {
	d := json.NewDecoder(r.Body)
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			fail(w, r, http.StatusRequestEntityTooLarge, tooLarge)
			return false
		}
		fail(w, r, http.StatusBadRequest, "Yêu cầu không đọc được: "+jsonProblem(err)+".")
		return false
	}
	return true
}

// jsonProblem says in Vietnamese what is wrong with a request body; Go's own English message
// never reaches the page.
func jsonProblem(err error) string {
	var syntax *json.SyntaxError
	var kind *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return "JSON sai cú pháp hoặc lồng quá sâu ở byte " + strconv.FormatInt(syntax.Offset, 10)
	case errors.As(err, &kind):
		return "giá trị sai kiểu ở trường " + strconv.Quote(kind.Field)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "thân yêu cầu trống hoặc bị cắt giữa chừng"
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "có trường không dùng đến: " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	}
	return "không phải JSON hợp lệ"
}

// fileFail answers a file that cannot be read.
func fileFail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, errBadName), errors.Is(err, errNotFound), errors.Is(err, errNotFile):
		fail(w, r, http.StatusNotFound, err.Error())
	default:
		fail(w, r, http.StatusInternalServerError, err.Error())
	}
}

// fail answers an error: JSON {"error": msg} to the page's requests, a page otherwise.
func fail(w http.ResponseWriter, r *http.Request, code int, msg string) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeJSON(w, code, map[string]string{"error": msg})
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	pages().ExecuteTemplate(w, "error", map[string]any{"Code": code, "Message": msg})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		code, b = http.StatusInternalServerError, []byte(`{"error":"lỗi nội bộ"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	w.Write(b)
}

func render(w http.ResponseWriter, name string, data any) {
	var buf bytes.Buffer
	if err := pages().ExecuteTemplate(&buf, name, data); err != nil {
		http.Error(w, "lỗi nội bộ: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

// form opens src, the content of the named file, reusing the Form opened last for the same
// bytes: a Form is immutable and a function of the bytes alone, so this keeps nothing of any
// user's, and a keystroke's request need not parse and validate the file as loaded again.
func (h *Handler) form(name string, src []byte) (*form.Form, error) {
	d := digest(src)
	h.cacheMu.Lock()
	c, ok := h.cache[name]
	h.cacheMu.Unlock()
	if ok && c.digest == d {
		return c.form, nil
	}
	f, err := form.Open(name, src)
	if err != nil {
		return nil, err
	}
	h.cacheMu.Lock()
	h.cache[name] = cached{d, f} // at most one per file name, and names are files of the folder
	h.cacheMu.Unlock()
	return f, nil
}

// cached is the Form of one version of a file.
type cached struct {
	digest string
	form   *form.Form
}
