package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/baocao-vn/baocao/generator/form"
	"github.com/baocao-vn/baocao/internal/testtool"
)

// startServer serves dir over HTTP on a loopback port, as baocao serve does.
func startServer(t *testing.T, dir string) (*httptest.Server, *Handler) {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	h, err := NewHandler(Options{Dir: dir, Addr: srv.Listener.Addr().String()})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = h
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, h
}

// newBrowser starts Debian's chromium, headless, with a profile of its own and nothing that
// reaches the network by itself.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	exe := testtool.Require(t, "chromium")
	actx, cancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1000),
	)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 4*time.Minute)
	t.Cleanup(cancel3)
	return ctx
}

// screenshot saves a full-page PNG of what the browser shows under the test's artifacts (go
// test -artifacts -outputdir DIR keeps them), and into $BAOCAO_SHOTS when set.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	// From the top, where the sticky toolbar belongs.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`)); err != nil {
		t.Fatal(err)
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	saveShot(t, name, png)
}

// saveShot writes a PNG under the test's artifacts and into $BAOCAO_SHOTS when set.
func saveShot(t *testing.T, name string, png []byte) {
	t.Helper()
	for _, dir := range []string{t.ArtifactDir(), os.Getenv("BAOCAO_SHOTS")} {
		if dir == "" {
			continue
		}
		os.MkdirAll(dir, 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func field(path string) chromedp.CSS { return chromedp.CSS(`[data-path="` + path + `"]`) }

func problemsOf(path string) string { return `[data-problems-for="` + path + `"]` }

// setValue sets a select's or input's value as a user's choice does, firing change.
func setValue(path, value string) chromedp.Action[chromedp.Void] {
	p, _ := json.Marshal(path)
	v, _ := json.Marshal(value)
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const el = document.querySelector('[data-path=' + JSON.stringify(%s) + ']');
		el.value = %s; el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true})); })()`, p, v))
}

// typeInto clears a field and types text into it key by key.
func typeInto(path, text string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(setValue(path, ""), chromedp.SendKeys(field(path), text))
}

// waitFor waits until the JavaScript expression is true.
func waitFor(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(20*time.Second), chromedp.WithPollingInterval(50*time.Millisecond))(ctx, t)
		if err != nil {
			return fmt.Errorf("waiting for %s: %w", expr, err)
		}
		return nil
	}))
}

// pickItem finds in the sample an item in progress whose status and progress are written on
// lines of their own, and whose done date is not written yet.
func pickItem(t *testing.T, src []byte) (card form.Card, status, done, evidence, progress string) {
	f, err := form.Open(sample, src)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range f.View().Cards {
		if !strings.EqualFold(c.Status, "đang thực hiện") || !strings.Contains(c.Path, "criteria") {
			continue
		}
		lines := map[string]int{}
		for _, fl := range c.Fields {
			lines[fl.Path[strings.LastIndexByte(fl.Path, '.')+1:]] = fl.Line
		}
		if lines["status"] > 0 && lines["progress"] > 0 && lines["done"] == 0 {
			return c, c.Path + ".status", c.Path + ".done", c.Path + ".evidence", c.Path + ".progress"
		}
	}
	t.Fatal("no item in progress in the sample")
	return
}

// TestBrowser drives a real browser through the clerk's work on the sample: the list, a
// reporting date, an edit with a validation error shown and fixed, a save that changes only
// the edited values, a save refused after a change on disk, the downloads read back, and the
// next reporting date.
func TestBrowser(t *testing.T) {
	ctx := newBrowser(t)
	dir := sampleDir(t)
	srv, _ := startServer(t, dir)
	path := filepath.Join(dir, sample)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	card, status, done, evidence, progress := pickItem(t, before)

	// The list.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("table.list"))); err != nil {
		t.Fatal(err)
	}
	list, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"14/09/2022", "15/12/2022", "15/03/2023", "Đã hoàn thành", "lien-ket.toml"} {
		if !strings.Contains(list, want) {
			t.Errorf("the list does not show %q:\n%s", want, list)
		}
	}
	screenshot(t, ctx, "danh-sach.png")

	// A reporting date, opened from the list.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[href="/ky/`+sample+`"]`)),
		chromedp.WaitVisible(chromedp.CSS("#app")),
		chromedp.WaitVisible(field(progress)),
	); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "ky-bao-cao.png")

	// A field is a heading over its criteria: its computed score, no status of its own and
	// no "chưa có trạng thái"; a status of its own is offered behind "Thêm trạng thái…", and
	// once given the field is an item, shown and counted; taken back, a heading again.
	heads, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('section.card.heading')].map(s => s.dataset.heading + ' | ' + s.innerText.replace(/\s+/g, ' ')).join('\n')`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"1 | 1 Chỉ đạo, điều hành công tác cải cách hành chính Điểm 9,03 / 11 · bị trừ 1,97", "Thêm trạng thái, tiến độ riêng cho cả lĩnh vực 1", "7.2 | "} {
		if !strings.Contains(heads, want) {
			t.Errorf("the headings do not show %q:\n%s", want, heads)
		}
	}
	if strings.Contains(heads, "chưa có trạng thái") {
		t.Errorf("a heading shows a missing status:\n%s", heads)
	}
	const head = `section.card.heading[data-heading="7"]`
	inProgress, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#c-progress")))
	more := map[string]string{"6": "7", "7": "8", "8": "9"}[inProgress]
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(head+" summary")),
		chromedp.WaitVisible(field("fields[6].status")),
		setValue("fields[6].status", "Đang thực hiện"),
		waitFor(`!document.querySelector('`+head+` [data-status]').hidden && document.getElementById('c-progress').textContent == '`+more+`'`),
	); err != nil {
		t.Fatalf("field 7 given a status (%s in progress before): %v", inProgress, err)
	}
	headShot, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(head)))
	if err != nil {
		t.Fatal(err)
	}
	saveShot(t, "tieu-de.png", headShot)
	if err := chromedp.Do(ctx,
		setValue("fields[6].status", ""),
		waitFor(`document.querySelector('`+head+` [data-status]').hidden && document.getElementById('c-progress').textContent == '`+inProgress+`'`),
	); err != nil {
		t.Fatal(err)
	}

	// Change the status and the progress; a done date after appendix.as_of (14/09/2022) is
	// refused next to its field as soon as it is typed, and the message goes once it is fixed.
	newProgress := "Đã ban hành văn bản hướng dẫn; kiểm tra ngày 30/8/2022 xác nhận hoàn thành"
	if err := chromedp.Do(ctx,
		setValue(status, "Đã hoàn thành"),
		typeInto(progress, newProgress),
		typeInto(evidence, "Công văn số 15/SNgV ngày 30/8/2022"),
		typeInto(done, "30/11/2022"),
		waitFor(`document.querySelectorAll('`+problemsOf(done)+` li.error').length > 0`),
	); err != nil {
		t.Fatal(err)
	}
	msg, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(problemsOf(done))))
	if !strings.Contains(msg, done) {
		t.Errorf("the message next to the done date does not name its field: %q", msg)
	}
	if jump, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#jumps"))); !strings.Contains(jump, card.ID+" · Ngày hoàn thành") {
		t.Errorf("the check panel does not link to the field in error: %q", jump)
	}
	screenshot(t, ctx, "ky-bao-cao-loi.png")
	cardShot, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(`section.card:has([data-path="`+done+`"])`)))
	if err != nil {
		t.Fatal(err)
	}
	saveShot(t, "the-loi.png", cardShot)
	if err := chromedp.Do(ctx,
		typeInto(done, "31/08/2022"),
		waitFor(`document.querySelectorAll('`+problemsOf(done)+` li').length == 0`),
		waitFor(`document.getElementById('validity').className == 'ok-text'`),
	); err != nil {
		t.Fatal(err)
	}
	badge, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-status]`)))
	_ = badge

	// Save: the file differs from before only in the edited values.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#save")),
		waitFor(`document.getElementById('message').textContent.includes('Đã lưu')`),
	); err != nil {
		t.Fatal(err)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	onlyEdited(t, string(before), string(after), map[string]string{
		"status": "đã hoàn thành", "progress": newProgress, "done": "2022-08-31", "evidence": "Công văn số 15/SNgV",
	})
	if dirty, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#dirty"))); dirty != "Chưa có thay đổi" {
		left, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify([...document.querySelectorAll('[data-path]')].filter(e => e.value !== e.dataset.initial).map(e => [e.dataset.path, e.value, e.dataset.initial]))`))
		t.Errorf("after the save the page says %q: %s", dirty, left)
	}

	// An unsaved edit, then the documents of the current state.
	unsaved := "Tiến độ mới chưa lưu: đã tổ chức tập huấn cho 25 công chức"
	if err := chromedp.Do(ctx, typeInto(progress, unsaved), waitFor(`document.getElementById('preview-appendix').textContent.includes('tập huấn cho 25')`)); err != nil {
		t.Fatal(err)
	}
	downloads := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: "allow", DownloadPath: downloads}); err != nil {
		t.Fatal(err)
	}
	stem := strings.TrimSuffix(sample, ".toml")
	for _, kind := range []string{"docx", "pdf", "xlsx"} {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#dl-"+kind))); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string]string{}
	for _, n := range []string{"bao-cao.docx", "phu-luc.pdf", "bang-diem.xlsx"} {
		files[n] = waitFile(t, filepath.Join(downloads, stem+"-"+n))
	}
	appendixText := squash(testtool.Run(t, "pdftotext", files["phu-luc.pdf"], "-"))
	if !inOrder(appendixText, unsaved) {
		t.Errorf("the appendix downloaded does not hold the edited progress %q:\n%s", unsaved, appendixText)
	}
	reportPDF := testtool.OfficeConvert(t, files["bao-cao.docx"], "pdf", t.TempDir())
	reportText := squash(testtool.Run(t, "pdftotext", reportPDF, "-"))
	for _, want := range []string{"BÁO CÁO", "SỞ NGOẠI VỤ", "Việc khắc phục tồn tại, hạn chế"} {
		if !strings.Contains(reportText, squash(want)) {
			t.Errorf("the report downloaded does not say %q", want)
		}
	}
	wb, err := excelize.OpenFile(files["bang-diem.xlsx"])
	if err != nil {
		t.Fatalf("the workbook downloaded does not open: %v", err)
	}
	var cells strings.Builder
	for _, sh := range wb.GetSheetList() {
		rows, _ := wb.GetRows(sh)
		for _, r := range rows {
			cells.WriteString(strings.Join(r, " ") + "\n")
		}
	}
	wb.Close()
	if !strings.Contains(cells.String(), card.Title) {
		t.Errorf("the workbook does not list the item %q", card.Title)
	}

	// The file changes on disk behind the page: the save is refused with the reason, the
	// file keeps the other change, and the edit stays in the page.
	changed := strings.Replace(string(after), "\n", "\n# sửa ở nơi khác\n", 1)
	if err := os.WriteFile(path, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#save")),
		waitFor(`document.getElementById('message').className.includes('error')`),
	); err != nil {
		t.Fatal(err)
	}
	refusal, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#message")))
	if !strings.Contains(refusal, "đã bị thay đổi trên đĩa") {
		t.Errorf("the refusal says %q", refusal)
	}
	if got, _ := chromedp.Run(ctx, chromedp.Value(field(progress))); got != unsaved {
		t.Errorf("after the refusal the progress reads %q, want the unsaved edit", got)
	}
	if now, _ := os.ReadFile(path); string(now) != changed {
		t.Error("the refused save wrote the file")
	}
	// Leaving the page now would lose the edit: the page asks first.
	asks, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e); return e.defaultPrevented; })()`))
	if err != nil || !asks {
		t.Errorf("leaving with unsaved edits does not ask: %v %v", asks, err)
	}
	acceptDialogs(t, ctx)

	// The next reporting date: an existing one is not overwritten; a new one is made and opens.
	// nextAfter asks 2023-03-15's page for the given next date and returns its answer.
	nextAfter := func(date string) string {
		t.Helper()
		if err := chromedp.Do(ctx,
			chromedp.Navigate(srv.URL+"/ky/2023-03-15.toml"),
			chromedp.WaitVisible(chromedp.CSS("#next")),
			chromedp.SendKeys(chromedp.CSS("#next-date"), date),
			chromedp.Click(chromedp.CSS("#next")),
			waitFor(`document.getElementById('next-result').textContent != ''`),
		); err != nil {
			t.Fatal(err)
		}
		got, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#next-result")))
		return got
	}
	if got := nextAfter("15/12/2022"); !strings.Contains(got, "phải sau") {
		t.Errorf("a next date before this one: %q", got)
	}
	if err := chromedp.Do(ctx,
		setValueByID("next-date", ""),
		chromedp.SendKeys(chromedp.CSS("#next-date"), "15/6/2023"),
		chromedp.Click(chromedp.CSS("#next")),
		chromedp.WaitVisible(chromedp.CSS("#next-link")),
		chromedp.Click(chromedp.CSS("#next-link")),
	); err != nil {
		t.Fatal(err)
	}
	waitLocation(t, ctx, srv.URL+"/ky/2023-06-15.toml")
	if title, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#title"))); err != nil || !strings.Contains(title, "15/6/2023") {
		t.Errorf("the new reporting date's page: %q %v", title, err)
	}
	made, err := os.ReadFile(filepath.Join(dir, "2023-06-15.toml"))
	if err != nil || !strings.Contains(string(made), "2023-06-15") {
		t.Errorf("the next reporting date: %v", err)
	}
	if got := nextAfter("15/6/2023"); !strings.Contains(got, "không ghi đè") {
		t.Errorf("the next reporting date again: %q", got)
	}
	if again, _ := os.ReadFile(filepath.Join(dir, "2023-06-15.toml")); string(again) != string(made) {
		t.Error("the existing next reporting date was overwritten")
	}
}

func setValueByID(id, value string) chromedp.Action[chromedp.Void] {
	v, _ := json.Marshal(value)
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.getElementById(%q).value = %s`, id, v))
}

// waitFile waits for a download to be complete.
func waitFile(t *testing.T, path string) string {
	t.Helper()
	for range 300 {
		if st, err := os.Stat(path); err == nil && st.Size() > 0 {
			if _, err := os.Stat(path + ".crdownload"); err != nil {
				return path
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	t.Fatalf("%s was not downloaded (folder: %v)", filepath.Base(path), entries)
	return ""
}

// squash removes all white space, so that text broken across lines by a layout compares.
func squash(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// onlyEdited checks that after differs from before only in lines that write one of the edited
// keys with its new value: every comment and every other line is kept, in order.
func onlyEdited(t *testing.T, before, after string, edited map[string]string) {
	t.Helper()
	b, a := strings.Split(before, "\n"), strings.Split(after, "\n")
	// Strip the common head and tail; what remains is the edited block.
	i := 0
	for i < len(b) && i < len(a) && b[i] == a[i] {
		i++
	}
	j := 0
	for j < len(b)-i && j < len(a)-i && b[len(b)-1-j] == a[len(a)-1-j] {
		j++
	}
	bm, am := b[i:len(b)-j], a[i:len(a)-j]
	if len(am) == 0 {
		t.Fatal("the save changed nothing")
	}
	isEdit := func(line string) (string, bool) {
		k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
		k = strings.TrimSpace(k)
		want, known := edited[k]
		return k, ok && known && strings.Contains(strings.ToLower(v), strings.ToLower(want))
	}
	seen := map[string]bool{}
	for _, l := range am {
		if slices.Contains(bm, l) {
			continue
		}
		k, ok := isEdit(l)
		if !ok {
			t.Errorf("the save changed or added a line that is not an edited value: %q", l)
		}
		seen[k] = true
	}
	for _, l := range bm {
		if slices.Contains(am, l) {
			continue
		}
		k, _, _ := strings.Cut(strings.TrimSpace(l), "=")
		if _, ok := edited[strings.TrimSpace(k)]; !ok {
			t.Errorf("the save removed a line that is not an edited value: %q", l)
		}
	}
	for k := range edited {
		if !seen[k] {
			t.Errorf("the edit of %s is not in the file", k)
		}
	}
	if strings.Count(before, "#") != strings.Count(after, "#") {
		t.Error("the save lost or added comments")
	}
}

// inOrder says whether the words of want appear in text in their order: a table cell's lines
// are read back between the other columns' lines.
func inOrder(text, want string) bool {
	for _, w := range strings.Fields(want) {
		i := strings.Index(text, w)
		if i < 0 {
			return false
		}
		text = text[i+len(w):]
	}
	return true
}

// waitLocation waits until the browser has navigated to url.
func waitLocation(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	for range 200 {
		if loc, err := chromedp.Run(ctx, chromedp.Location()); err == nil && loc == url {
			if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#app"))); err != nil {
				t.Fatal(err)
			}
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the browser did not open %s", url)
}

// acceptDialogs answers "leave" to the page's question before leaving with unsaved edits.
func acceptDialogs(t *testing.T, ctx context.Context) {
	dialogs := make(chan struct{}, 8)
	if err := chromedp.Listen(ctx, func(ev any) {
		if _, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			select {
			case dialogs <- struct{}{}:
			default:
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-dialogs:
				chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
			}
		}
	}()
}
