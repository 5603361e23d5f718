// Package form opens one reporting date's TOML dataset for editing in a form (the model behind
// `baocao serve`): the view a page shows (the document's metadata, one card per appendix item,
// the recomputed figures, the problems as `check` words them), edits made through
// generator/tomledit so that only the edited values change in the text, and an HTML preview of
// the appendix and of the report. Bytes in, bytes and structs out: no HTTP, no files.
//
// A Form is immutable: Edit returns a new one. The server keeps nothing per user; the browser
// sends the map of its edits (path → value as typed) with every request, and the server opens
// the file again and applies them.
//
// # Paths
//
// A Field's Path is the dataset's own key path, the one its error messages use
// ("fields[0].criteria[1].status", "report.sections[1].blocks[0].items[2].done"), so that a
// Problem's Path names the field it belongs to. A card's fields are listed whether or not their
// key is written; editing an absent key adds it to its table.
//
// # Edits
//
// A value is typed as a person writes it: a date "30/11/2022" or "2022-11-30", a status by
// its label in any case ("Đã hoàn thành") or its ASCII key, a number with a decimal comma or
// point, true/false. It is written the way the file writes that key already (a TOML date stays
// a date, "15/03/2023" keeps its form, a status written as its ASCII key stays a key), and a
// value equal to the one written (the same date written another way) changes nothing. A date
// or a number emptied removes its key's line; an empty field whose key is absent stays absent.
// A key a self-check shortcoming's inline table { … } lacks is added inside it, and a date
// emptied there is removed from it, the rest of its line as it was. The limits of
// one Edit (MaxEdits, MaxEditBytes, MaxPathLen, MaxValueLen, MaxChoiceLen) are listed in the
// README's "Limits"; an edit over one becomes a Problem.
//
// # Preview classes
//
// Preview writes HTML fragments whose elements carry these classes, for a stylesheet:
//
//	bc-appendix            the appendix fragment (a <div>)
//	bc-a-heading           "PHỤ LỤC" (<p>, bold, centred)
//	bc-a-title             the title in capitals (<p>, bold, centred)
//	bc-a-subtitle          "(Kèm theo Báo cáo số …)" (<p>, italic, centred)
//	bc-a-asof              "Số liệu cập nhật đến ngày …" (<p>, italic, centred)
//	bc-a-table             the six-column table (<table>); its <th> carry bc-a-col1 … bc-a-col6
//	bc-a-row               the <tr> of a row's first part (a numbered row: a field, "II")
//	bc-a-part              every <tr> of a part (a criterion and its remedy, deadline, progress, note)
//	bc-a-number            the TT cell (spans the row's parts)
//	bc-a-cell              a cell of columns 2–6; also bc-a-col2 … bc-a-col6
//	bc-a-para              a paragraph in a cell (<p>)
//	bc-report              the report fragment (a <div>)
//	bc-r-table, bc-r-row, bc-r-cell   a table of the report (the heading block, the signature block)
//	bc-r-para              a paragraph of the report (<p>); bc-r-indent when its first line is indented
//	bc-bold, bc-italic, bc-underline, bc-caps   on a paragraph or a run (<span>) so printed
//	bc-center, bc-right, bc-justify             a paragraph's alignment
//	bc-notice              the notice written instead when the dataset does not validate
//
// Texts keep their runs of spaces and their tabs, as the documents print them: a stylesheet
// shows them with white-space: pre-wrap on bc-a-para and bc-r-para.
package form

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/baocao-vn/baocao/generator"
	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/score"
	"github.com/baocao-vn/baocao/generator/tomledit"
)

// The kinds of field, the widget the page shows for it.
const (
	KindText      = "text"
	KindMultiline = "multiline"
	KindDate      = "date"
	KindStatus    = "status"
	KindNumber    = "number"
	KindBool      = "bool"
)

// Form is one reporting date's TOML text opened for editing, validated and scored.
type Form struct {
	name string
	src  []byte
	doc  *tomledit.Doc
	prep *generator.Prepared
	// problems are the dataset's errors, the edits that could not be made and the
	// discrepancies, in that order.
	problems []Problem
	// cards is the layout of the cards: the appendix's items of the last state that validated
	// (this one's, or the form's it was edited from), so that the page keeps its cards while
	// an edit makes the dataset invalid.
	cards []cardDef
	// typed holds the values of edits that could not be made, shown in their fields as typed.
	typed map[string]string

	viewOnce sync.Once
	view     *View
}

// View is what the page shows.
type View struct {
	Name     string    // the file's name
	Title    string    // "Báo cáo số 07/BC-SNgV ngày 14/9/2022", or "Báo cáo ngày 14/9/2022 (chưa có số)"
	Date     string    // document.date, dd/mm/yyyy
	Meta     []Field   // document metadata a clerk edits: number, date, as_of, signer name …
	Cards    []Card    // one per appendix item (criterion that lost points; self-check item)
	Figures  []Figure  // field totals, criterion 1.2, total, rate, counts by status
	Problems []Problem // errors (as `check` words them) and discrepancy warnings
	Valid    bool
	Counts   Counts // done / in progress / not started / regular / total
}

// Field is one editable value of the form.
type Field struct {
	Path     string   // tomledit/dataset path, e.g. "fields[0].criteria[1].status"
	Label    string   // Vietnamese label for the form
	Kind     string   // "text", "multiline", "date", "status", "number", "bool"
	Value    string   // as shown (a date as dd/mm/yyyy, a status as its Vietnamese label)
	Options  []string // for "status": the Vietnamese labels
	Line     int      // line in the TOML (0 when the key is absent)
	ReadOnly bool
}

// Card is one item of the appendix: a criterion that lost points, or a shortcoming of the
// self-check (ID "II.1", "II.2", … in the appendix's section II; no scores). A criterion's
// score is a field when the appraisal team states it (no rule computes it), and when the file
// states a score that the program computes (a field's, 1.2's), which is checked against it.
//
// A field, or a criterion with criteria under it, is a Heading: the appendix opens its
// criteria with its title and computed score ("Tiêu chí 1: …: Đoàn thẩm định đánh giá đạt
// 9,03/11 điểm. Bị trừ các tiêu chí cụ thể sau:"), and it is an item to remedy — shown with a
// status, counted — only when the file gives it a finding of its own (Own).
type Card struct {
	ID, Title        string // criterion id "2.3" and its title
	Max, Score, Lost string // computed, formatted as the documents print them ("1,50")
	Status           string // Vietnamese label
	Path             string // the item's own path: "fields[1].criteria[2]", "report.sections[1].blocks[0].items[3]"
	Fields           []Field
	Heading          bool // a field or a criterion with criteria under it
	// Own is, for a Heading, whether the file writes a finding of its own on it: a status,
	// done date, evidence, progress, reason, remedy, deadline or note that is not empty.
	Own bool
}

// Item reports whether the card is an item of its own to remedy: not a bare heading.
func (c Card) Item() bool { return !c.Heading || c.Own }

// Figure is one computed figure; Path is the key path of the stated figure it checks, if any.
type Figure struct{ Label, Value, Path string }

// Problem is an error of the dataset, an edit that could not be made, or a discrepancy.
type Problem struct {
	Path    string // the field it belongs to ("" for the whole file)
	Line    int
	Message string // the full message as `check` prints it (file:line:col: path: what)
	Warning bool   // a discrepancy (stated figure ≠ computed) rather than an error
}

// Counts are the items by status.
type Counts struct{ Done, InProgress, NotStarted, Regular, Total int }

// Open reads one reporting date's TOML for editing. name is used in messages (the path).
// It fails only when the TOML cannot be parsed at all (then the error says file:line:col);
// a dataset that parses but does not validate still opens, with its Problems.
func Open(name string, src []byte) (*Form, error) {
	if len(src) > dataset.MaxFileSize {
		return nil, dataset.CheckText(name, src) // refused on its size, before anything reads it
	}
	src = slices.Clone(src)
	doc := index(name, src)
	f, decoded, err := build(name, src, nil)
	d := <-doc
	switch {
	case !decoded:
		// The loader's message (a syntax error with the key it is in, a limit): nothing to edit.
		return nil, err
	case d.err != nil:
		return nil, d.err
	}
	f.doc = d.doc
	return f, nil
}

// indexed is the editor's index of a text, or why it could not be made.
type indexed struct {
	doc *tomledit.Doc
	err error
}

// index parses the text for the editor on its own goroutine: the view needs it, and it does
// not depend on the validation and scoring that run meanwhile.
func index(name string, src []byte) <-chan indexed {
	ch := make(chan indexed, 1)
	go func() {
		doc, err := tomledit.Parse(name, src)
		ch <- indexed{doc, err}
	}()
	return ch
}

// build validates and scores src and lays out its cards; inherited is the layout to keep when
// src does not validate and cannot be scored as read. decoded is false when the text cannot
// be read at all (a syntax error, a limit). The error is the loader's or the score engine's.
func build(name string, src []byte, inherited []cardDef) (f *Form, decoded bool, err error) {
	f = &Form{name: name, src: src}
	ds, err := dataset.ParseInvalid(name, src)
	if ds == nil {
		f.problems, f.cards = problemsOf(err), inherited
		return f, false, err
	}
	if err != nil {
		f.problems = problemsOf(err)
		if f.cards = invalidCards(ds); f.cards == nil {
			f.cards = inherited
		}
		return f, true, err
	}
	prep, err := generator.Score(ds)
	if err != nil {
		f.problems, f.cards = problemsOf(err), inherited
		return f, true, err
	}
	f.prep = prep
	f.cards = cardsOf(prep)
	for _, k := range prep.Scores.Discrepancies() {
		f.problems = append(f.problems, Problem{Path: k.Path, Line: k.Line, Message: k.Message(name), Warning: true})
	}
	return f, true, nil
}

// problemsOf turns the loader's or the score engine's errors into problems.
func problemsOf(err error) []Problem {
	var l dataset.ErrorList
	if errors.As(err, &l) {
		out := make([]Problem, len(l))
		for i, e := range l {
			out[i] = Problem{Path: e.Path, Line: e.Line, Message: e.Error()}
		}
		return out
	}
	return []Problem{{Message: err.Error()}}
}

// Source returns the TOML text (after the edits).
func (f *Form) Source() []byte { return slices.Clone(f.src) }

// Prepared returns the validated and scored dataset; nil when the dataset does not validate.
func (f *Form) Prepared() *generator.Prepared { return f.prep }

// Valid reports whether the dataset validates (the edits that could not be made aside).
func (f *Form) Valid() bool { return f.prep != nil }

// Problems returns the problems: the dataset's errors, the edits that could not be made and
// the discrepancies.
func (f *Form) Problems() []Problem { return slices.Clone(f.problems) }

// View returns what the page shows. It is computed once per Form.
func (f *Form) View() *View {
	f.viewOnce.Do(func() { f.view = f.makeView() })
	return f.view
}

func (f *Form) makeView() *View {
	v := &View{Name: f.name, Valid: f.prep != nil, Problems: slices.Clone(f.problems)}
	num := f.text(dataset.At(dataset.KeyDocument, dataset.KeyNumber))
	code := f.text(dataset.At(dataset.KeyDocument, dataset.KeyCode))
	if e, ok := f.doc.Get(dataset.At(dataset.KeyDocument, dataset.KeyDate)); ok {
		v.Date = shown(e, KindDate)
	}
	short := v.Date
	if d, err := dataset.ParseDate(v.Date); err == nil {
		short = d.String()
	}
	if num != "" {
		v.Title = fmt.Sprintf("Báo cáo số %s/%s ngày %s", num, code, short)
	} else {
		v.Title = fmt.Sprintf("Báo cáo ngày %s (chưa có số)", short)
	}
	for _, d := range metaFields {
		v.Meta = append(v.Meta, f.field(d.path, d.def))
	}
	for _, c := range f.cards {
		v.Cards = append(v.Cards, f.card(c))
	}
	if f.prep != nil {
		v.Figures = figures(f.prep)
		t := f.prep.Scores.Progress.All
		v.Counts = Counts{Done: t.Done, InProgress: t.InProgress, NotStarted: t.NotStarted, Regular: t.Regular, Total: t.Total()}
	}
	return v
}

// card fills a card's fields from the text; its figures are those of the layout (this
// state's, or the last one that could be scored).
func (f *Form) card(c cardDef) Card {
	out := Card{ID: c.id, Title: c.title, Max: c.max, Score: c.score, Lost: c.lost, Path: c.path, Heading: c.heading}
	defs := criterionFields
	if c.selfCheck {
		defs = selfCheckFields
	}
	for _, d := range defs {
		fl := f.field(dataset.At(c.path, d.key), d)
		if d.key == dataset.KeyScore && !c.scoreEditable {
			if fl.Line == 0 {
				continue // nothing stated: the card's computed score says it all
			}
			fl.Label = statedLabel
		}
		if d.kind == KindStatus {
			out.Status = fl.Value
		}
		if d.key != dataset.KeyScore && strings.TrimSpace(fl.Value) != "" {
			out.Own = c.heading
		}
		out.Fields = append(out.Fields, fl)
	}
	return out
}

// figures are the recomputed figures: each field's score, the total and its rate, criterion
// 1.2 and its rate, each criterion a rule scores with its arithmetic (the band it fell in),
// and the counts by status.
func figures(p *generator.Prepared) []Figure {
	res := p.Scores
	var out []Figure
	for _, n := range res.Fields {
		fig := Figure{Label: "Lĩnh vực " + n.ID + ": " + n.Name, Value: score.Points(n.Score) + "/" + score.MaxPoints(n.Max)}
		if n.Stated != nil {
			fig.Path = dataset.At(n.Path, dataset.KeyScore)
		}
		out = append(out, fig)
	}
	tmax, total := res.Total()
	out = append(out, Figure{Label: "Tổng điểm lĩnh vực " + res.CountedLabel(), Value: score.Points(total) + "/" + score.Points(tmax)})
	if tmax.Sign() > 0 {
		out = append(out, Figure{Label: "Tỷ lệ điểm đạt", Value: score.Percent(total.Mul(hundred).Quo(tmax)) + "%"})
	}
	if cp := res.Completion; cp != nil {
		n := cp.Node
		fig := Figure{Label: "Tiêu chí " + n.ID + ": " + n.Name, Value: score.Points(n.Score) + "/" + score.MaxPoints(n.Max)}
		if n.Stated != nil {
			fig.Path = dataset.At(n.Path, dataset.KeyScore)
		}
		out = append(out, fig)
		rate := Figure{Label: "Tỷ lệ hoàn thành nhiệm vụ (tiêu chí " + n.ID + ")", Value: score.Percent(cp.Rate) + "%"}
		if r := n.Source.Rule; r != nil && r.StatedRate != nil {
			rate.Path = dataset.At(dataset.At(n.Path, dataset.KeyRule), dataset.KeyStatedRate)
		}
		out = append(out, rate)
	}
	// The criteria a rule scores (a rate, a band, a sum of parts), with their arithmetic, each
	// naming the stated figure it is checked against.
	checked := map[string]string{}
	for _, k := range res.Checks {
		if _, ok := checked[k.CriterionID]; !ok && !strings.HasSuffix(k.Path, "."+dataset.KeyScore) {
			checked[k.CriterionID] = k.Path
		}
	}
	var rules func(n *score.Node)
	rules = func(n *score.Node) {
		if len(n.Children) == 0 && n.Arithmetic != "" && (res.Completion == nil || n != res.Completion.Node) {
			out = append(out, Figure{Label: "Tiêu chí " + n.ID + " (tính theo quy tắc)", Value: n.Arithmetic, Path: checked[n.ID]})
		}
		for _, ch := range n.Children {
			rules(ch)
		}
	}
	for _, n := range res.Fields {
		rules(n)
	}
	t := res.Progress.All
	for _, s := range dataset.Statuses {
		out = append(out, Figure{Label: "Số mục " + s.String(), Value: fmt.Sprint(t.Of(s))})
	}
	total2 := Figure{Label: "Tổng số mục có trạng thái", Value: fmt.Sprint(t.Total())}
	done := Figure{Label: "Đã hoàn thành/tổng số", Value: score.Count(t.Done) + "/" + score.Count(t.Total())}
	if p.Data.Appendix.StatedDone != nil {
		done.Path = dataset.At(dataset.KeyAppendix, dataset.KeyStatedDone)
	}
	return append(out, total2, done)
}
