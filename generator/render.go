package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/baocao-vn/baocao/generator/appendix"
	"github.com/baocao-vn/baocao/generator/change"
	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/docxtpl"
	"github.com/baocao-vn/baocao/generator/outfile"
	"github.com/baocao-vn/baocao/generator/report"
	"github.com/baocao-vn/baocao/generator/sign"
	"github.com/baocao-vn/baocao/generator/workbook"
	"github.com/baocao-vn/baocao/internal/gostack"
	"github.com/baocao-vn/baocao/templates"
)

// Names of the files a reporting date produces.
const (
	ReportFile   = "bao-cao.docx"
	AppendixFile = "phu-luc.pdf"
	WorkbookFile = "bang-diem.xlsx"
)

// Options configures rendering. The zero value renders the embedded template, unsigned.
type Options struct {
	// Template is the report template; nil means the embedded templates/bao-cao.docx.
	Template *docxtpl.Template
	// Signer signs the appendix when set; SignTime is the signing time (zero: now; it must be
	// zero with TSA, whose clock sets the time).
	Signer   *sign.Identity
	SignTime time.Time
	// Fonts is the typeface embedded in the appendix; nil means the shipped Liberation Serif.
	Fonts *appendix.Fonts
	// TSA, when set with Signer, timestamps the signature (see sign.SignWith).
	TSA *sign.TSA
	// EmbedRevocation fetches and embeds the chain's OCSP responses or CRLs (see sign.Options).
	EmbedRevocation bool
	// Previous is the previous reporting date's dataset of the same department: the report
	// then says what changed since (the template's thay_doi and hoan_thanh_them); nil for none.
	Previous *Prepared
	// Change is the comparison with the previous reporting date when the caller has made it
	// already (a batch compares each date with its predecessor's change.Snapshot); it takes
	// the place of Previous.
	Change *change.Diff
}

var (
	defaultOnce sync.Once
	defaultTpl  *docxtpl.Template
	defaultErr  error
)

// DefaultTemplate returns the embedded report template, loaded once from its build-time parse.
func DefaultTemplate() (*docxtpl.Template, error) {
	defaultOnce.Do(func() {
		defaultTpl, defaultErr = docxtpl.Load("templates/bao-cao.docx", templates.BaoCao, templates.BaoCaoParsed)
	})
	return defaultTpl, defaultErr
}

// Warm starts, on other goroutines, the one-time work of a process's first Render — parsing
// the embedded template (when o.Template is nil), loading the appendix's faces and building a
// blank workbook — so that it overlaps reading the dataset. Render waits for whatever is not finished; a process
// rendering many datasets gains nothing from it.
func Warm(o Options) {
	workbook.Warm()
	if o.Template == nil {
		go DefaultTemplate()
	}
	if o.Fonts != nil {
		o.Fonts.Warm()
		return
	}
	go func() {
		if f, err := appendix.DefaultFonts(); err == nil {
			f.Warm()
		}
	}()
}

// ParseTemplate reads a report template edited by a clerk. When only its tags are wrong, the
// template comes back with the errors, able to check its fields against a dataset
// (RenderReport then reports both), so that every mistake is shown at once.
func ParseTemplate(name string, docx []byte) (*docxtpl.Template, error) {
	return docxtpl.Parse(name, docx)
}

// ReadTemplate reads and parses the template file at path, refusing anything but a regular
// file of at most docxtpl.MaxTemplateSize bytes before reading it.
func ReadTemplate(path string) (*docxtpl.Template, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fileError(path, err)
	}
	switch {
	case fi.IsDir():
		return nil, fmt.Errorf("%s: là một thư mục, không phải tệp mẫu .docx", path)
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("%s: không phải tệp thường (ống, thiết bị…), không đọc làm mẫu .docx", path)
	case fi.Size() > docxtpl.MaxTemplateSize:
		return nil, fmt.Errorf("%s: tệp mẫu %s MB, vượt giới hạn %d MB", path,
			strings.Replace(fmt.Sprintf("%.1f", float64(fi.Size())/(1<<20)), ".", ",", 1), docxtpl.MaxTemplateSize>>20)
	}
	// The file may grow while it is read: read one byte past the limit to notice.
	b, err := io.ReadAll(io.LimitReader(f, docxtpl.MaxTemplateSize+1))
	if err != nil {
		return nil, fileError(path, err)
	}
	return ParseTemplate(path, b)
}

// fileError says in Vietnamese why a file could not be read.
func fileError(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: không tìm thấy tệp", path)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%s: không có quyền đọc tệp", path)
	case errors.Is(err, syscall.EISDIR):
		return fmt.Errorf("%s: là một thư mục, không phải tệp", path)
	}
	return fmt.Errorf("%s: không đọc được tệp (%w)", path, err)
}

// RenderReport returns the report (BÁO CÁO) as .docx.
func (p *Prepared) RenderReport(o Options) ([]byte, error) {
	tpl := o.Template
	if tpl == nil {
		var err error
		if tpl, err = DefaultTemplate(); err != nil {
			return nil, err
		}
	}
	prev := o.Change
	if prev == nil && o.Previous != nil {
		prev = Compare(o.Previous, p)
	}
	return report.Render(tpl, p.Data, p.Scores, prev)
}

// Appendix returns the appendix laid out for printing, without a signature stamp.
func (p *Prepared) Appendix() *appendix.Document {
	return appendix.Build(p.Data, p.Scores, report.NumberAndCode(p.Data.Document))
}

// RenderAppendix returns the appendix (PHỤ LỤC) as PDF; signed, with the decree's stamp on
// page 1, when o.Signer is set. With o.TSA the stamp shows the TSA's time to the second (see
// sign.SignTimestamped: up to about a second of waiting), and o.SignTime must be zero.
func (p *Prepared) RenderAppendix(o Options) ([]byte, error) {
	if o.Signer == nil {
		return p.drawAppendix(o, time.Time{})
	}
	opts := sign.Options{TSA: o.TSA, EmbedRevocation: o.EmbedRevocation}
	var signed bytes.Buffer
	if o.TSA != nil {
		if !o.SignTime.IsZero() {
			return nil, ErrSignTimeWithTSA
		}
		if err := sign.SignTimestamped(&signed, o.Signer, opts, func(at time.Time) ([]byte, error) { return p.drawAppendix(o, at) }); err != nil {
			return nil, err
		}
		return signed.Bytes(), nil
	}
	at := o.SignTime
	if at.IsZero() {
		at = time.Now()
	}
	at = at.In(sign.Vietnam).Truncate(time.Second)
	pdf, err := p.drawAppendix(o, at)
	if err != nil {
		return nil, err
	}
	if err := sign.SignWith(&signed, pdf, o.Signer, at, opts); err != nil {
		return nil, err
	}
	return signed.Bytes(), nil
}

// ErrSignTimeWithTSA refuses a signing time chosen by the caller together with a TSA, whose
// clock alone sets the time of a timestamped signature.
var ErrSignTimeWithTSA = errors.New("không chọn được thời điểm ký khi xin dấu thời gian (--tsa): thời gian trên trang 1 là thời gian do TSA xác nhận; bỏ --sign-time")

// drawAppendix renders the appendix unsigned; with at set (signing), after checking that at
// is not backdated and that the certificate is usable then, with the decree's stamp showing at.
func (p *Prepared) drawAppendix(o Options, at time.Time) ([]byte, error) {
	doc := p.Appendix()
	if !at.IsZero() {
		if err := p.checkNotBackdated(at); err != nil {
			return nil, err
		}
		// Refuse an unusable certificate before anything is drawn.
		if err := o.Signer.CheckUsable(at); err != nil {
			return nil, err
		}
		doc.Stamp = sign.StampLines(report.NumberAndCode(p.Data.Document), at)
	}
	// The document's own buffer: writing it into another cost a copy of every byte, each a
	// fresh page in a short process.
	pdf, err := (appendix.Options{Fonts: o.Fonts}).Bytes(doc)
	if err != nil {
		return nil, fmt.Errorf("%s: phụ lục: %w", p.Data.Name, err)
	}
	return pdf, nil
}

// checkNotBackdated refuses a signing time before the document's date or the date its
// figures are as of: a signature cannot precede what it signs, and a backdated time would let
// an expired certificate sign (its validity is checked at the signing time given).
func (p *Prepared) checkNotBackdated(at time.Time) error {
	var msgs []string
	for _, d := range []struct {
		path, what string
		date       dataset.Date
	}{
		{"document.date", "ngày ban hành văn bản", p.Data.Document.Date},
		{"appendix.as_of", "ngày cập nhật số liệu của phụ lục", p.Data.Appendix.AsOf},
	} {
		if d.date.IsZero() || !at.Before(d.date.Time(sign.Vietnam)) {
			continue
		}
		loc := p.Data.Name
		if line := p.Data.Line(d.path); line > 0 {
			loc = fmt.Sprintf("%s:%d", loc, line)
		}
		msgs = append(msgs, fmt.Sprintf("%s: %s: thời điểm ký %s trước %s %s: không được ký lùi ngày",
			loc, d.path, at.In(sign.Vietnam).Format("02/01/2006 15:04:05 -07:00"), d.what, d.date))
	}
	if len(msgs) > 0 {
		return errors.New(strings.Join(msgs, "\n"))
	}
	return nil
}

// Render produces every output of the reporting date in memory, in the order of OutputNames:
// nothing is returned, and so nothing is written, unless all of them succeed.
func (p *Prepared) Render(o Options) ([]outfile.File, error) {
	names := OutputNames()
	files := make([]outfile.File, len(names))
	err := p.RenderTo(o, func(f outfile.File) {
		files[slices.Index(names, f.Name)] = f
	})
	if err != nil {
		return nil, err
	}
	return files, nil
}

// OutputNames returns the names of the files a reporting date produces, in the order Render
// returns them.
func OutputNames() []string { return []string{ReportFile, AppendixFile, WorkbookFile} }

// RenderTo renders the three outputs side by side and hands each to add as soon as it is made,
// from the goroutine that made it (add must be safe for concurrent use): a caller writing them
// to the disk starts on the first while the others are still being made. RenderTo returns once
// every output is made or has failed, with the first error in the order of OutputNames; the
// outputs handed over are then not a whole set.
func (p *Prepared) RenderTo(o Options, add func(outfile.File)) error {
	// The three outputs only read p: rendered side by side, a single render's wall time is
	// that of the slowest rather than the sum on a machine with a core to spare.
	var docxErr, xlsxErr error
	var wg sync.WaitGroup
	// Each output's goroutine grows its stack once (gostack), not once a doubling.
	wg.Go(func() {
		gostack.Grow()
		var xlsx []byte
		if xlsx, xlsxErr = p.RenderWorkbook(); xlsxErr == nil {
			add(outfile.File{Name: WorkbookFile, Data: xlsx})
		}
	})
	wg.Go(func() {
		gostack.Grow()
		var docx []byte
		if docx, docxErr = p.RenderReport(o); docxErr == nil {
			add(outfile.File{Name: ReportFile, Data: docx})
		}
	})
	pdf, pdfErr := p.RenderAppendix(o)
	if pdfErr == nil {
		add(outfile.File{Name: AppendixFile, Data: pdf})
	}
	wg.Wait()
	for _, err := range []error{docxErr, pdfErr, xlsxErr} {
		if err != nil {
			return err
		}
	}
	return nil
}

// Warnings returns what the outputs cannot hold as the dataset has it, each with file:line and
// key path: a text longer than an Excel cell holds is cut in the workbook (workbook.Clipped).
// Nothing here stops the outputs from being written.
func (p *Prepared) Warnings() []string { return workbook.Clipped(p.Data, p.Scores) }

// RenderWorkbook returns the score workbook (XLSX), its derived figures live formulas.
func (p *Prepared) RenderWorkbook() ([]byte, error) {
	b, err := workbook.Render(p.Data, p.Scores)
	if err != nil {
		return nil, fmt.Errorf("%s: bảng điểm: %w", p.Data.Name, err)
	}
	return b, nil
}
