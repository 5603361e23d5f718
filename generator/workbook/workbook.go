// Package workbook writes the score workbook (XLSX) that reviewers open in Excel or LibreOffice
// to check the arithmetic: every node of the criteria tree with its maximum, stated and
// recomputed score, where every derived figure is a live formula over the cells it depends on,
// the derivation of criterion 1.2, and the appendix rows (criteria that lost points).
//
// Each formula cell also carries the engine's result as its cached value, so a viewer that does
// not recalculate still shows the numbers. The workbook asks for a full recalculation on load,
// which Excel honours; LibreOffice (7.4) ignores the flag and shows the cached results unless
// it is set to recalculate Excel files on load (Tools ▸ Options ▸ Calc ▸ Formula).
package workbook

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"sync/atomic"

	"github.com/baocao-vn/baocao/internal/zipflate"
	"github.com/xuri/excelize/v2"

	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/score"
	"github.com/baocao-vn/baocao/internal/gostack"
	"github.com/baocao-vn/baocao/internal/nfc"
)

// Sheet names, as reviewers see them on the tabs.
const (
	ScoresSheet   = "Bảng điểm"
	AppendixSheet = "Phụ lục"
)

// Write renders the workbook of a scored dataset to w. The same dataset and result always give
// the same bytes.
func Write(w io.Writer, ds *dataset.Dataset, res *score.Result) error {
	if ds == nil || res == nil {
		return fmt.Errorf("workbook: missing dataset or scores")
	}
	return writeFrom(w, take(), ds, res)
}

// Render returns the workbook Write writes, without copying it into a writer.
func Render(ds *dataset.Dataset, res *score.Result) ([]byte, error) {
	if ds == nil || res == nil {
		return nil, fmt.Errorf("workbook: missing dataset or scores")
	}
	buf, err := build(take(), ds, res)
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeFrom is Write starting from the blank workbook b.
func writeFrom(w io.Writer, b blankWorkbook, ds *dataset.Dataset, res *score.Result) error {
	buf, err := build(b, ds, res)
	if err != nil {
		return err
	}
	if _, err := buf.WriteTo(w); err != nil {
		return fmt.Errorf("workbook: writing: %w", err)
	}
	return nil
}

// build writes the workbook of a scored dataset from the blank workbook b.
func build(b blankWorkbook, ds *dataset.Dataset, res *score.Result) (*bytes.Buffer, error) {
	if b.f != nil {
		defer b.f.Close()
	}
	if b.err != nil {
		return nil, fmt.Errorf("workbook: %w", b.err)
	}
	f, st := b.f, b.st
	if err := setDocProps(f, docProps(ds)); err != nil {
		return nil, fmt.Errorf("workbook: %w", err)
	}
	lay := plan(res)
	if err := writeScores(b.scores, st, lay, res); err != nil {
		return nil, fmt.Errorf("workbook: sheet %q: %w", ScoresSheet, err)
	}
	if err := writeAppendix(b.appendix, st, lay, ds); err != nil {
		return nil, fmt.Errorf("workbook: sheet %q: %w", AppendixSheet, err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("workbook: writing: %w", err)
	}
	return buf, nil
}

// blankWorkbook is what every workbook starts from, whatever the dataset: excelize's new file
// with our sheets, page setup, font, recalculation flag and styles, and each sheet's stream
// writer started, its header row frozen.
type blankWorkbook struct {
	f                *excelize.File
	st               *styles
	scores, appendix *excelize.StreamWriter
	err              error
}

// warm holds the blank workbook Warm builds ahead of the first Write.
var warm struct {
	started, taken atomic.Bool
	ready          chan blankWorkbook
}

func init() { warm.ready = make(chan blankWorkbook, 1) }

// Warm builds a blank workbook on another goroutine for the process's next Write to take: a
// `baocao render` builds it while the dataset is read and checked, so that the workbook, the
// slowest of the three outputs (excelize parses its template parts for every new file), does
// not start from nothing once the scores are known. Later calls do nothing.
func Warm() {
	if warm.started.CompareAndSwap(false, true) {
		go func() {
			gostack.Grow() // excelize runs deep: the stack grown once, not once a doubling
			warm.ready <- newBlank()
		}()
	}
}

// take returns the blank workbook Warm built (waiting for it if it is still being built), or a
// new one when Warm was not called or its workbook was already taken.
func take() blankWorkbook {
	if warm.started.Load() && warm.taken.CompareAndSwap(false, true) {
		return <-warm.ready
	}
	return newBlank()
}

// newBlank builds a blank workbook. Its styles part is the one built at build time
// (stylesXML): excelize never decodes it, adds styles to it nor encodes it again; and the
// parts no dataset changes are written as they were built, compressed, at build time
// (prebuiltParts).
func newBlank() blankWorkbook {
	f := excelize.NewFile()
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return zipflate.NewOrdered(w, false) })
	if err := setup(f); err != nil {
		return blankWorkbook{f: f, err: err}
	}
	f.Pkg.Store(stylesPath, stylesXML)
	st := prebuiltStyles
	b := blankWorkbook{f: f, st: &st}
	if b.err = startSheets(&b); b.err == nil {
		usePrebuiltParts(f)
	}
	return b
}

// startSheets starts the stream writer of each sheet of b, its header row frozen. Starting one
// reads the workbook's sheet list; after that, nothing a workbook is written with changes its
// workbook part, content types or relationships.
func startSheets(b *blankWorkbook) error {
	for _, s := range []struct {
		name string
		sw   **excelize.StreamWriter
	}{{ScoresSheet, &b.scores}, {AppendixSheet, &b.appendix}} {
		sw, err := b.f.NewStreamWriter(s.name)
		if err != nil {
			return fmt.Errorf("sheet %q: %w", s.name, err)
		}
		if err := sw.SetPanes(frozenHeader()); err != nil {
			return fmt.Errorf("sheet %q: %w", s.name, err)
		}
		*s.sw = sw
	}
	return nil
}

// setup names the sheets and fixes what excelize would otherwise take from its template or
// leave to the viewer: the page setup and the recalculation on load (the font is in the styles
// part, stylesXML).
func setup(f *excelize.File) error {
	if err := f.SetSheetName(f.GetSheetName(0), ScoresSheet); err != nil {
		return err
	}
	if _, err := f.NewSheet(AppendixSheet); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	for _, sheet := range []string{ScoresSheet, AppendixSheet} {
		if err := pageSetup(f, sheet); err != nil {
			return fmt.Errorf("sheet %q: %w", sheet, err)
		}
	}
	yes := true
	return f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &yes})
}

// docProps are the document properties, dated by the report, not the clock.
func docProps(ds *dataset.Dataset) *excelize.DocProperties {
	props := &excelize.DocProperties{
		Creator:  text(ds.Document.IssuingBodyName),
		Title:    text("Bảng điểm Chỉ số CCHC – " + ds.Document.IssuingBodyName),
		Subject:  text(strings.Join(strings.Fields(ds.Document.Subject), " ")),
		Language: "vi-VN",
	}
	if !ds.Document.Date.IsZero() {
		// The template's own fixed date stays when the dataset has none: never the clock.
		props.Created = ds.Document.Date.ISO() + "T00:00:00Z"
		props.Modified = props.Created
	}
	return props
}

// setDocProps sets the document properties p as excelize's SetDocProps does, which decodes
// its template's part and encodes the whole part again by reflection for every workbook: for
// the dated properties docProps gives, coreXML writes the same bytes (TestCoreXML) directly.
func setDocProps(f *excelize.File, p *excelize.DocProperties) error {
	ours := excelize.DocProperties{Creator: p.Creator, Title: p.Title, Subject: p.Subject,
		Language: p.Language, Created: p.Created, Modified: p.Modified}
	if *p != ours || p.Created == "" || p.Modified == "" {
		return f.SetDocProps(p)
	}
	f.Pkg.Store(corePath, coreXML(p))
	return nil
}

// corePath is the document properties' part.
const corePath = "docProps/core.xml"

// coreXML is the document properties' part for p, which sets no more than the creator,
// title, subject, language and both dates, as excelize's SetDocProps encodes it.
func coreXML(p *excelize.DocProperties) []byte {
	var b bytes.Buffer
	b.Grow(600 + len(p.Creator) + len(p.Title) + len(p.Subject) + len(p.Language))
	b.WriteString(xml.Header + `<coreProperties xmlns="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
		`xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	element := func(name, attrs, text string, always bool) {
		if text == "" && !always {
			return
		}
		b.WriteString("<" + name + attrs + ">")
		xml.EscapeText(&b, []byte(text))
		b.WriteString("</" + name + ">")
	}
	const w3c = ` xsi:type="dcterms:W3CDTF"`
	element("dc:title", "", p.Title, false)
	element("dc:subject", "", p.Subject, false)
	element("dc:creator", "", p.Creator, true)
	element("lastModifiedBy", "", "", true)
	element("dc:language", "", p.Language, false)
	element("dcterms:created", w3c, p.Created, true)
	element("dcterms:modified", w3c, p.Modified, true)
	b.WriteString("</coreProperties>")
	return b.Bytes()
}

// pageSetup prints a sheet on A4 landscape, as wide as one page, the header row on every page.
// It must run before the sheet's stream writer, which keeps these settings.
func pageSetup(f *excelize.File, sheet string) error {
	a4, landscape, wide, tall := 9, "landscape", 1, 0
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &a4, Orientation: &landscape,
		FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet,
		RefersTo: fmt.Sprintf("'%s'!$1:$1", sheet)})
}

// text is how every string reaches a cell: NFC, so Vietnamese letters are single code points.
// A dataset's strings are NFC already, and so are most texts built from them; nfc.String
// checks that faster than the normaliser does.
func text(s string) string { return nfc.String(s) }

// layout places every node of the tree on a row of the score sheet.
type layout struct {
	rows  []*row // node rows, in tree order
	rowOf map[*score.Node]*row
	total int // the row totalling the counted fields
	// Rows of the derivation block of criterion 1.2; zero when the dataset has no completion rule.
	block derivation
}

type row struct {
	n     *score.Node
	field *score.Node // the top-level field the node belongs to
	depth int
	at    int // 1-based sheet row
}

type derivation struct {
	title, maxAll, maxOwn, atStake, lostElse, obtained, rate, score int
}

const firstRow = 2 // row 1 is the header

func plan(res *score.Result) *layout {
	l := &layout{rowOf: map[*score.Node]*row{}}
	var walk func(n, field *score.Node, depth int)
	walk = func(n, field *score.Node, depth int) {
		r := &row{n: n, field: field, depth: depth, at: firstRow + len(l.rows)}
		l.rows = append(l.rows, r)
		l.rowOf[n] = r
		for _, ch := range n.Children {
			walk(ch, field, depth+1)
		}
	}
	for _, f := range res.Fields {
		walk(f, f, 0)
	}
	l.total = firstRow + len(l.rows)
	if cp := res.Completion; cp != nil && l.rowOf[cp.Node] != nil {
		at := l.total + 2 // one blank row between the table and the block
		next := func() int { at++; return at - 1 }
		l.block = derivation{title: next(), maxAll: next(), maxOwn: next(), atStake: next(),
			lostElse: next(), obtained: next(), rate: next(), score: next()}
	}
	return l
}

// isCompletion reports whether the node is the criterion scored from all the others (1.2).
func isCompletion(res *score.Result, n *score.Node) bool {
	return res.Completion != nil && res.Completion.Node == n
}
