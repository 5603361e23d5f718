// Package dataset loads and validates one reporting date's TOML dataset: the document's
// metadata, the report's prose, the appendix's metadata and the criteria tree with the
// appraised scores, remedies, deadlines and progress.
//
// A Dataset is plain data: it knows nothing of scores' arithmetic (package score), of Word
// (package report) or of PDF (package appendix).
package dataset

import (
	"cmp"
	"fmt"
	"time"

	"github.com/baocao-vn/baocao/generator/decimal"
	"github.com/baocao-vn/baocao/generator/nd30"
)

// Dataset is one reporting date's data, as read from one TOML file. The loader (load.go) reads
// it key by key, with the key names of keys.go; the types carry no TOML tags.
type Dataset struct {
	// Name is the file the dataset was read from, as given to the loader; used in messages.
	Name string

	Document   Document
	Signer     Signer
	Recipients Recipients
	Report     Report
	Appendix   Appendix
	Fields     []Criterion

	// pos maps a key path ("fields[0].criteria[1].score") to the line it is written on.
	pos *index
}

// Document is the metadata of the report (Decree 30/2020/NĐ-CP, components 1–5).
type Document struct {
	ParentBody      string // UBND TỈNH HÀ TĨNH; "" for a body without one (a People's Committee)
	IssuingBody     string // SỞ NGOẠI VỤ
	IssuingBodyName string // Sở Ngoại vụ (as named in running text)
	Number          string // 125, or "" when the clerical office assigns it on issue
	Code            string // BC-SNgV
	Place           string // Hà Tĩnh
	Date            Date   // date of issue
	TypeName        string // BÁO CÁO
	Subject         string // may hold line breaks ("\n")
}

// Signer is the signing block (components 7a–7c).
type Signer struct {
	// Collective is the collective body signed for, printed "TM. <Collective>" above the rest:
	// ỦY BAN NHÂN DÂN (then KT. CHỦ TỊCH / PHÓ CHỦ TỊCH, or CHỦ TỊCH alone).
	Collective string
	Authority  string // "", KT., TL., TM., Q., TUQ.
	Principal  string // GIÁM ĐỐC, when signing on behalf of (KT. GIÁM ĐỐC)
	Title      string // CHÁNH VĂN PHÒNG, PHÓ GIÁM ĐỐC
	Name       string // Lê Thị Khánh Cẩm
}

// Recipients is the "Nơi nhận:" list (component 9b). Entries are written without the leading
// "-" and the trailing ";", which the renderer adds.
type Recipients struct {
	To      []string // Ban Giám đốc Sở
	Archive string   // VT, VPTTr → "- Lưu: VT, VPTTr."
}

// Report is the body of the report.
type Report struct {
	Opening  string    // the "Căn cứ …" paragraph
	Sections []Section // numbered 1., 2., … in order
	Closing  string    // "Trên đây là báo cáo …"; the renderer ends it with "./."
}

// Section is a numbered heading with its blocks.
type Section struct {
	Title  string
	Blocks []Block
}

// Block is either a paragraph (Text) or a bullet list (Items), never both.
type Block struct {
	Text  string
	Items []Item
}

// Appendix is the metadata of the appendix (PHỤ LỤC); its rows come from the criteria tree.
type Appendix struct {
	Title string // printed in capitals
	AsOf  Date   // "số liệu cập nhật đến ngày …"
	Plan  string // the plan the deadlines come from: Kế hoạch số 102/KH-SNgV ngày 14/02/2022
	// Headers overrides the six column headings; empty means the standard ones.
	Headers []string
	// Rows names the nodes of the criteria tree that are the appendix's numbered rows, in order
	// ("1", …, "6", "7.1", "7.2", "7.3"); empty means every field. A row that lost no points is
	// left out, as is a field that lost none.
	Rows []string
	// SelfCheck asks for the self-check's shortcomings (the report's items that carry a
	// status) as a second section "II" of the appendix's table.
	SelfCheck bool
	// StatedDone and StatedTotal are the counts the report's prose states ("đã hoàn thành
	// 05/19 nội dung"), checked against the items' statuses; nil when not stated.
	StatedDone  *int64
	StatedTotal *int64
}

// Criterion is a node of the criteria tree: a field (lĩnh vực) at the top, criteria and
// sub-criteria below. Only nodes that matter are listed: a node's unlisted parts are taken as
// scored in full, so its score is its maximum less the points its listed children lost.
type Criterion struct {
	ID    string // "1", "1.2", "7.1.1.4"
	Name  string
	Max   decimal.Dec  // điểm tối đa
	Score *decimal.Dec // the appraised score as stated (optional where derived)
	// Reason is why points were lost ("Lý do: …"), as the appraisal team wrote it.
	Reason string
	Rule   *Rule

	Remedy   string // giải pháp khắc phục
	Deadline string // thời hạn hoàn thành: "Thường xuyên", "Quý IV"
	Progress string // tiến độ thực hiện
	Note     string // ghi chú
	// State is the status of the remedy, with the date it was done and the evidence
	// (keys status, done, evidence).
	State State

	Criteria []Criterion
}

// Rule kinds: how a criterion's score follows from its inputs.
const (
	RuleStated       = "stated"       // given by the appraisal team; no inputs
	RuleProportional = "proportional" // score = rate % × max
	RuleBanded       = "banded"       // a rate range maps to a fixed score
	RuleSum          = "sum"          // the parts of an underlying assessment add up to a stated total
	RuleCompletion   = "completion"   // criterion 1.2: the completion rate of every other criterion
)

// Rule records the inputs of a criterion's scoring rule.
type Rule struct {
	Kind string
	// Rate is a percentage 0–100; or Count of Total gives it. When both are written, the
	// counts give the rate and the written rate is checked against them.
	Rate  *decimal.Dec
	Count *int64
	Total *int64
	// StatedRate is the percentage the text states, compared with the computed one.
	StatedRate *decimal.Dec
	// Bands, for kind banded: the first band that holds the rate (Band.Contains) gives the
	// score. Band names the band when the rate is not known.
	Bands []Band
	Band  string
	// Parts and StatedTotal, for kind sum: the parts of an assessment and the total the text states.
	Parts       []decimal.Dec
	StatedTotal *decimal.Dec
	// Description explains the rule in words, for kind completion (the formula the seed quotes).
	Description string
	// Fields, for kind completion: the fields whose criteria the completion rate counts;
	// empty means DefaultCompletionFields. Factor multiplies the rate ((rate × factor)/100);
	// nil means the criterion's maximum.
	Fields []string
	Factor *decimal.Dec
}

// DefaultCompletionFields are the fields criterion 1.2 counts when its rule does not say:
// fields 1–7 of the departments' index (field 8, the survey, is not counted).
var DefaultCompletionFields = []string{"1", "2", "3", "4", "5", "6", "7"}

// CompletionFields returns the fields a completion rule counts: the one home of that set.
func (r *Rule) CompletionFields() []string {
	if r != nil && len(r.Fields) > 0 {
		return r.Fields
	}
	return DefaultCompletionFields
}

// Band maps a rate range to a score. The range is [Min, Max) unless a flag says otherwise:
// MinExclusive makes it (Min, …, MaxInclusive makes it …, Max]; [100, 100] is the single
// point 100. A band without Max has no upper limit.
type Band struct {
	Label        string // "70% – <90%"
	Min          decimal.Dec
	Max          *decimal.Dec
	Score        decimal.Dec
	MinExclusive bool
	MaxInclusive bool
}

// Contains reports whether the band holds the rate: the one rule by which the validator and
// the score engine match a rate to a band.
func (b Band) Contains(rate decimal.Dec) bool {
	lo := rate.Cmp(b.Min)
	if lo < 0 || lo == 0 && b.MinExclusive {
		return false
	}
	if b.Max == nil {
		return true
	}
	hi := rate.Cmp(*b.Max)
	return hi < 0 || hi == 0 && b.MaxInclusive
}

// Interval writes the band's range in interval notation: [90; 100), [100; 100], (0; 60).
func (b Band) Interval(format func(decimal.Dec) string) string {
	open, close, hi := "[", ")", "∞"
	if b.MinExclusive {
		open = "("
	}
	if b.Max != nil {
		hi = format(*b.Max)
		if b.MaxInclusive {
			close = "]"
		}
	}
	return open + format(b.Min) + "; " + hi + close
}

// FirstBand returns the first band that holds the rate, or nil.
func FirstBand(bands []Band, rate decimal.Dec) *Band {
	for i := range bands {
		if bands[i].Contains(rate) {
			return &bands[i]
		}
	}
	return nil
}

// Line returns the line on which the key path is written, or 0 when it is not in the file.
func (d *Dataset) Line(path string) int {
	if d.pos == nil {
		return 0
	}
	return d.pos.line(path)
}

// Date is a calendar date without time or zone. In TOML it is written 2022-09-14 or "14/9/2022".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.Year == 0 }

// Compare returns -1, 0 or +1 as d is before, the same as or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmp.Compare(d.Year, e.Year)
	case d.Month != e.Month:
		return cmp.Compare(d.Month, e.Month)
	}
	return cmp.Compare(d.Day, e.Day)
}

// After reports whether d is later than e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// Time returns the date at midnight in the given location.
func (d Date) Time(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// String formats the date in figures as Decree 30 prints it in running text: 14/9/2022,
// 04/3/2024, 05/01/2023 (package nd30).
func (d Date) String() string { return nd30.ShortDate(d.Year, d.Month, d.Day) }

// ISO formats the date as 2022-09-14, the name of a reporting date's output folder.
func (d Date) ISO() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// Long formats the date as the decree writes it after the place name: "ngày 14 tháng 9 năm 2022",
// "ngày 05 tháng 01 năm 2023" (package nd30).
func (d Date) Long() string { return nd30.LongDate(d.Year, d.Month, d.Day) }
