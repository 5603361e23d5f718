package form

import (
	"fmt"
	"strings"

	"github.com/baocao-vn/baocao/generator"
	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/decimal"
	"github.com/baocao-vn/baocao/generator/score"
	"github.com/baocao-vn/baocao/generator/tomledit"
)

var hundred = decimal.New(100)

// fieldDef is a key the form edits: its dataset key, its label and its kind.
type fieldDef struct {
	key   string
	label string
	kind  string
}

// criterionFields are the fields of a criterion's card, in the order the page shows them.
var criterionFields = []fieldDef{
	{dataset.KeyScore, "Điểm Đoàn thẩm định cho", KindNumber},
	{dataset.KeyReason, "Lý do bị trừ điểm", KindMultiline},
	{dataset.KeyRemedy, "Giải pháp khắc phục", KindMultiline},
	{dataset.KeyDeadline, "Thời hạn hoàn thành", KindText},
	{dataset.KeyStatus, "Trạng thái", KindStatus},
	{dataset.KeyDone, "Ngày hoàn thành", KindDate},
	{dataset.KeyEvidence, "Văn bản chứng minh", KindText},
	{dataset.KeyProgress, "Tiến độ thực hiện", KindMultiline},
	{dataset.KeyNote, "Ghi chú", KindText},
}

// statedLabel labels a score the program computes that the file states too, to be checked.
const statedLabel = "Điểm ghi trong tệp (đối chiếu với điểm tính lại)"

// selfCheckFields are the fields of a self-check shortcoming's card.
var selfCheckFields = []fieldDef{
	{dataset.KeyText, "Nội dung tồn tại, hạn chế", KindMultiline},
	{dataset.KeyStatus, "Trạng thái", KindStatus},
	{dataset.KeyDone, "Ngày hoàn thành", KindDate},
	{dataset.KeyEvidence, "Văn bản chứng minh", KindText},
	{dataset.KeyProgress, "Tiến độ thực hiện", KindMultiline},
}

// metaField is a field of the document's metadata.
type metaField struct {
	path string
	def  fieldDef
}

// metaFields are the document's metadata a clerk edits each quarter.
var metaFields = []metaField{
	{dataset.At(dataset.KeyDocument, dataset.KeyNumber), fieldDef{dataset.KeyNumber, "Số văn bản", KindText}},
	{dataset.At(dataset.KeyDocument, dataset.KeyCode), fieldDef{dataset.KeyCode, "Ký hiệu", KindText}},
	{dataset.At(dataset.KeyDocument, dataset.KeyDate), fieldDef{dataset.KeyDate, "Ngày ban hành", KindDate}},
	{dataset.At(dataset.KeyDocument, dataset.KeySubject), fieldDef{dataset.KeySubject, "Trích yếu", KindMultiline}},
	{dataset.At(dataset.KeyAppendix, dataset.KeyAsOf), fieldDef{dataset.KeyAsOf, "Số liệu cập nhật đến ngày", KindDate}},
	{dataset.At(dataset.KeyAppendix, dataset.KeyPlan), fieldDef{dataset.KeyPlan, "Kế hoạch (thời hạn theo)", KindText}},
	{dataset.At(dataset.KeyAppendix, dataset.KeyStatedDone), fieldDef{dataset.KeyStatedDone, "Số nội dung đã hoàn thành nêu trong báo cáo (05/19)", KindText}},
	{dataset.At(dataset.KeyAppendix, dataset.KeySelfCheck), fieldDef{dataset.KeySelfCheck, "Phụ lục có mục II (tồn tại qua tự kiểm tra)", KindBool}},
	{dataset.At(dataset.KeySigner, dataset.KeyAuthority), fieldDef{dataset.KeyAuthority, "Thẩm quyền ký (KT., TL., …)", KindText}},
	{dataset.At(dataset.KeySigner, dataset.KeyPrincipal), fieldDef{dataset.KeyPrincipal, "Ký thay cho (GIÁM ĐỐC)", KindText}},
	{dataset.At(dataset.KeySigner, dataset.KeyTitle), fieldDef{dataset.KeyTitle, "Chức vụ người ký", KindText}},
	{dataset.At(dataset.KeySigner, dataset.KeyName), fieldDef{dataset.KeyName, "Người ký", KindText}},
}

// statusOptions are the statuses as the page offers them, in the documents' order.
var statusOptions = func() []string {
	out := make([]string, len(dataset.Statuses))
	for i, s := range dataset.Statuses {
		out[i] = s.Title()
	}
	return out
}()

// cardDef is one card's place: the item's path and, for a criterion, its figures when the
// layout was made.
type cardDef struct {
	path             string
	id, title        string
	max, score, lost string
	selfCheck        bool
	scoreEditable    bool
	heading          bool // a node with children (Card.Heading)
}

// cardsOf lists the appendix's items, in its order: the parts of the Document that
// appendix.Build makes, each naming its item.
func cardsOf(p *generator.Prepared) []cardDef {
	nodes := map[string]*score.Node{}
	var walk func(n *score.Node)
	walk = func(n *score.Node) {
		nodes[n.Path] = n
		for _, ch := range n.Children {
			walk(ch)
		}
	}
	for _, n := range p.Scores.Fields {
		walk(n)
	}
	items, paths := score.SelfCheckItems(p.Data)
	texts := make(map[string]string, len(paths))
	for i, path := range paths {
		texts[path] = items[i].Text
	}
	var out []cardDef
	selfCheck := 0
	for _, row := range p.Appendix().Rows {
		for _, part := range row.Parts {
			if part.Item == "" {
				continue
			}
			if n := nodes[part.Item]; n != nil {
				out = append(out, cardDef{path: n.Path, id: n.ID, title: n.Name, max: score.MaxPoints(n.Max),
					score: score.Points(n.Score), lost: score.Points(n.Lost()), scoreEditable: scoreEditable(n), heading: len(n.Children) > 0})
				continue
			}
			selfCheck++
			out = append(out, cardDef{path: part.Item, id: fmt.Sprintf("%s.%d", row.Number, selfCheck), title: texts[part.Item], selfCheck: true})
		}
	}
	return out
}

// scoreEditable reports whether a criterion's score is the appraisal team's to state: a leaf
// whose rule does not compute it.
func scoreEditable(n *score.Node) bool {
	if len(n.Children) > 0 {
		return false
	}
	r := n.Source.Rule
	return r == nil || r.Kind == "" || r.Kind == dataset.RuleStated || r.Kind == dataset.RuleSum
}

// invalidCards lays out the cards of a dataset that does not validate: the appendix's items
// of the dataset as read, when it can be scored despite its errors (a done date after as_of,
// a mistyped status); nil when it cannot, and the caller keeps the cards it had.
func invalidCards(ds *dataset.Dataset) (cards []cardDef) {
	// The score engine and the appendix are written for a valid dataset; TestInvalidCards
	// finds none that breaks them, but a server must not go down with the one that would:
	// here a panic only means no cards.
	defer func() {
		if recover() != nil {
			cards = nil
		}
	}()
	return scoreInvalid(ds)
}

// scoreInvalid scores a dataset that does not validate and lists its appendix's items; nil
// when the score engine refuses it.
func scoreInvalid(ds *dataset.Dataset) []cardDef {
	res, err := score.Compute(ds)
	if err != nil {
		return nil
	}
	return cardsOf(&generator.Prepared{Data: ds, Scores: res})
}

// field makes the form field at path from the text, or from what was typed when the edit
// could not be made.
func (f *Form) field(path string, d fieldDef) Field {
	fl := Field{Path: path, Label: d.label, Kind: d.kind}
	if d.kind == KindStatus {
		fl.Options = statusOptions
	}
	e, written := f.doc.Get(path)
	if written {
		fl.Line = e.Line
	}
	if v, ok := f.typed[path]; ok {
		fl.Value = v
	} else if written {
		fl.Value = shown(e, d.kind)
	}
	return fl
}

// text returns the value at path as written (a string's content), "" when absent.
func (f *Form) text(path string) string {
	e, ok := f.doc.Get(path)
	if !ok {
		return ""
	}
	return e.Text
}

// shown returns a value as the form shows it: a date as dd/mm/yyyy, a status as its label, a
// number with a decimal comma; what the text holds when it cannot be read so.
func shown(e tomledit.Entry, kind string) string {
	switch kind {
	case KindDate:
		if d, err := dataset.ParseDate(e.Text); err == nil {
			return dmy(d)
		}
	case KindStatus:
		if s, ok := dataset.ParseStatus(strings.TrimSpace(e.Text)); ok {
			return s.Title()
		}
	case KindNumber:
		if e.Kind == tomledit.KindNumber {
			if d, err := decimal.Parse(strings.ReplaceAll(e.Text, "_", "")); err == nil {
				return d.Fixed(max(d.Places(), 0), ',')
			}
		}
	}
	return e.Text
}

// dmy writes a date as the form shows it: 14/09/2022.
func dmy(d dataset.Date) string { return fmt.Sprintf("%02d/%02d/%04d", d.Day, d.Month, d.Year) }
