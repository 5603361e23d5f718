package dataset

import (
	"slices"
	"strconv"
	"strings"

	"github.com/baocao-vn/baocao/generator/decimal"
)

// authorities are the signing authorities of Decree 30/2020 (Điều 13): "" when the head signs.
var authorities = []string{"", "KT.", "TL.", "TM.", "Q.", "TUQ."}

var (
	hundred  = decimal.New(100)
	ruleKind = []string{RuleStated, RuleProportional, RuleBanded, RuleSum, RuleCompletion}
	// ruleInputs lists, for each kind, the keys of the rule table besides kind it may hold.
	ruleInputs = map[string][]string{
		RuleStated:       {keyRate, keyCount, keyTotal}, // recorded for the reader; no rule applies them
		RuleProportional: {keyRate, keyCount, keyTotal, keyStatedRate},
		RuleBanded:       {keyRate, keyCount, keyTotal, keyStatedRate, keyBands, keyBand},
		RuleSum:          {keyParts, keyStatedTotal},
		RuleCompletion:   {keyStatedRate, keyDescription, keyFields, keyFactor},
	}
)

// allRuleInputs is every key of a rule table besides kind, in a fixed order.
var allRuleInputs = func() []string {
	var all []string
	for _, kind := range ruleKind {
		for _, in := range ruleInputs[kind] {
			if !slices.Contains(all, in) {
				all = append(all, in)
			}
		}
	}
	return all
}()

func (l *loader) validate(d *Dataset) {
	// A table missing as a whole is one problem, not one per key it should hold.
	present := func(table string) bool {
		if l.has(table) || l.isFailed(table) {
			return !l.isFailed(table)
		}
		l.errorf(table, "thiếu bảng bắt buộc [%s]", table)
		return false
	}

	if present(keyDocument) {
		doc := d.Document
		for _, f := range []struct{ key, value string }{
			{keyIssuingBody, doc.IssuingBody}, // parent_body may be empty: a People's Committee has none
			{keyIssuingBodyName, doc.IssuingBodyName}, {keyCode, doc.Code}, {keyPlace, doc.Place},
			{keyTypeName, doc.TypeName}, {keySubject, doc.Subject},
		} {
			l.required("document."+f.key, f.value)
		}
		l.requiredDate(at(keyDocument, keyDate), doc.Date)
	}

	if present(keySigner) {
		l.signer(d.Signer)
	}

	if present(keyRecipients) {
		l.requiredList(at(keyRecipients, keyTo), len(d.Recipients.To), "cần ít nhất một nơi nhận")
		for i, to := range d.Recipients.To {
			l.required(joinIndex(at(keyRecipients, keyTo), i), to)
		}
		l.required(at(keyRecipients, keyArchive), d.Recipients.Archive)
	}

	if present(keyReport) {
		l.report(d.Report, d.Appendix.AsOf)
	}

	if present(keyAppendix) {
		a := d.Appendix
		l.required(at(keyAppendix, keyTitle), a.Title)
		l.requiredDate(at(keyAppendix, keyAsOf), a.AsOf)
		l.required(at(keyAppendix, keyPlan), a.Plan)
		if n := len(a.Headers); n != 0 && n != 6 {
			l.errorf(at(keyAppendix, keyHeaders), "cần đúng 6 tiêu đề cột (hoặc bỏ khóa này để dùng tiêu đề chuẩn), có %d", n)
		} else {
			for i, h := range a.Headers {
				l.required(joinIndex(at(keyAppendix, keyHeaders), i), h)
			}
		}
	}

	t := l.fields(d.Fields, d.Appendix.AsOf)
	if t != nil && len(d.Appendix.Rows) > 0 {
		l.appendixRows(t, d.Appendix.Rows)
	}
}

// appendixRows checks the nodes named as the appendix's numbered rows: each exists, once, and
// none lies inside another (its criteria would be listed twice).
func (l *loader) appendixRows(t *tree, rows []string) {
	seen := make(map[string]int, len(rows))
	for i, id := range rows {
		p := joinIndex(at(keyAppendix, keyRows), i)
		if _, ok := t.ids[id]; !ok {
			l.errorf(p, "không có tiêu chí %q trong cây tiêu chí (fields)", id)
			continue
		}
		if j, dup := seen[id]; dup {
			l.errorf(p, "dòng %q đã có ở vị trí %d", id, j+1)
			continue
		}
		seen[id] = i
		for other := range seen {
			if other != id && (strings.HasPrefix(id, other+".") || strings.HasPrefix(other, id+".")) {
				outer, inner := other, id
				if strings.HasPrefix(other, id+".") {
					outer, inner = id, other
				}
				l.errorf(p, "tiêu chí %s nằm trong dòng %s: một tiêu chí chỉ thuộc một dòng của phụ lục", inner, outer)
			}
		}
	}
}

// required reports a text that is missing or empty.
func (l *loader) required(path, value string) { l.requiredOf("", path, value) }

// requiredOf is required for a key of a criterion, named by who ("tiêu chí 1.5: ").
func (l *loader) requiredOf(who, path, value string) {
	if value != "" || l.isFailed(path) {
		return
	}
	if l.has(path) {
		l.errorf(path, "%skhông được để trống", who)
	} else {
		l.errorf(path, "%sthiếu trường bắt buộc", who)
	}
}

func (l *loader) requiredDate(path string, d Date) {
	if d.IsZero() && !l.isFailed(path) {
		l.errorf(path, "thiếu trường bắt buộc")
	}
}

// requiredList reports a list that is missing, or written but empty.
func (l *loader) requiredList(path string, n int, empty string) {
	switch {
	case n > 0 || l.isFailed(path):
	case l.has(path):
		l.errorf(path, "%s", empty)
	default:
		l.errorf(path, "thiếu trường bắt buộc")
	}
}

func (l *loader) signer(s Signer) {
	l.required(at(keySigner, keyTitle), s.Title)
	l.required(at(keySigner, keyName), s.Name)
	switch {
	case !slices.Contains(authorities, s.Authority):
		l.errorf(at(keySigner, keyAuthority), "thẩm quyền ký không hợp lệ: %q (để trống hoặc dùng KT., TL., TM., Q., TUQ.)", s.Authority)
	case s.Authority != "":
		l.required(at(keySigner, keyPrincipal), s.Principal)
	case s.Principal != "":
		l.errorf(at(keySigner, keyPrincipal), "chỉ ghi principal khi ký thay, ký thừa lệnh… (authority là KT., TL., TM., Q. hoặc TUQ.)")
	}
	// "TM. ỦY BAN NHÂN DÂN" then the head (CHỦ TỊCH) or "KT. CHỦ TỊCH" and a deputy.
	if s.Collective != "" && s.Authority != "" && s.Authority != "KT." {
		l.errorf(at(keySigner, keyAuthority), "khi ký thay mặt tập thể (collective), authority để trống hoặc là KT., không phải %q", s.Authority)
	}
}

func (l *loader) report(r Report, asOf Date) {
	l.required(at(keyReport, keyOpening), r.Opening)
	l.required(at(keyReport, keyClosing), r.Closing)
	l.requiredList(at(keyReport, keySections), len(r.Sections), "cần ít nhất một mục")
	for i, s := range r.Sections {
		sp := joinIndex(at(keyReport, keySections), i)
		l.required(at(sp, keyTitle), s.Title)
		for j, b := range s.Blocks {
			bp := joinIndex(at(sp, keyBlocks), j)
			hasText, hasItems := l.has(at(bp, keyText)), l.has(at(bp, keyItems))
			switch {
			case l.isFailed(bp):
			case hasText && hasItems:
				l.errorf(at(bp, keyItems), "một khối chỉ có text hoặc items, không có cả hai")
			case hasText:
				l.required(at(bp, keyText), b.Text)
			case hasItems:
				l.requiredList(at(bp, keyItems), len(b.Items), "không được để trống")
				for k, it := range b.Items {
					ip := joinIndex(at(bp, keyItems), k)
					if l.has(at(ip, keyText)) {
						l.required(at(ip, keyText), it.Text)
					} else if !l.isFailed(ip) {
						l.required(ip, it.Text)
					}
					l.state(ip, it.State, asOf)
				}
			default:
				l.errorf(bp, "khối cần text (một đoạn văn) hoặc items (danh sách gạch đầu dòng)")
			}
		}
	}
}

// tree carries what the walk over the criteria tree has seen so far.
type tree struct {
	ids        map[string]string // criterion id → path of its first occurrence
	completion string            // id of the criterion holding the completion rule
	// completionRule and completionFields (its key path) are the completion rule, checked
	// against the fields once all are known.
	completionRule   *Rule
	completionFields string
	asOf             Date // the data-as-of date, the latest a done date may be
}

// fields checks the criteria tree and returns what the walk saw, nil when there is no tree.
func (l *loader) fields(fields []Criterion, asOf Date) *tree {
	if len(fields) == 0 {
		if !l.isFailed(keyFields) {
			l.errorf(keyFields, "thiếu trường bắt buộc: cần các lĩnh vực 1–7 ([[fields]])")
		}
		return nil
	}
	t := &tree{ids: make(map[string]string), asOf: asOf}
	var present [9]bool
	for i := range fields {
		f := &fields[i]
		p := joinIndex(keyFields, i)
		if n, err := strconv.Atoi(f.ID); err == nil && strconv.Itoa(n) == f.ID && n >= 1 && n <= 8 {
			present[n] = true
		} else if f.ID != "" {
			l.errorf(at(p, keyID), "mã lĩnh vực phải là một số từ 1 đến 8, không phải %q", f.ID)
		}
		l.checkCriterion(t, p, f, nil)
	}
	for n := 1; n <= 7; n++ {
		if !present[n] {
			l.errorf(keyFields, "thiếu lĩnh vực %d: cần đủ các lĩnh vực 1–7 (lĩnh vực không bị trừ điểm chỉ cần id, name, max)", n)
		}
	}
	if r := t.completionRule; r != nil {
		seen := map[string]bool{}
		for i, id := range r.Fields {
			n, err := strconv.Atoi(id)
			switch {
			case err != nil || n < 1 || n > 8 || !present[n]:
				l.errorf(joinIndex(t.completionFields, i), "không có lĩnh vực %q trong fields", id)
			case seen[id]:
				l.errorf(joinIndex(t.completionFields, i), "lĩnh vực %s ghi hai lần", id)
			}
			seen[id] = true
		}
	}
	return t
}

// validID reports whether id is numbers joined by dots: 1, 1.2, 7.1.1.4.
func validID(id string) bool {
	for part := range strings.SplitSeq(id, ".") {
		if part == "" || !allDigits(part) {
			return false
		}
	}
	return id != ""
}

func (l *loader) checkCriterion(t *tree, p string, c *Criterion, parent *Criterion) {
	who := ""
	if c.ID != "" {
		who = "tiêu chí " + c.ID + ": "
	}
	l.required(at(p, keyID), c.ID)
	l.requiredOf(who, at(p, keyName), c.Name)
	switch {
	case c.ID == "":
	case !validID(c.ID):
		l.errorf(at(p, keyID), "mã tiêu chí không hợp lệ: %q (viết các số cách nhau bằng dấu chấm, như 7.1.1.4)", c.ID)
	case parent != nil && validID(parent.ID) && !strings.HasPrefix(c.ID, parent.ID+"."):
		l.errorf(at(p, keyID), "mã tiêu chí %s không nằm trong tiêu chí %s", c.ID, parent.ID)
	}
	if c.ID != "" {
		if first, dup := t.ids[c.ID]; dup {
			l.errorf(at(p, keyID), "tiêu chí %s bị trùng mã (đã có ở dòng %d)", c.ID, l.lineOf(first))
		} else {
			t.ids[c.ID] = at(p, keyID)
		}
	}

	maxOK := false
	switch {
	case l.isFailed(at(p, keyMax)):
	case !l.has(at(p, keyMax)):
		l.errorf(at(p, keyMax), "%sthiếu trường bắt buộc", who)
	case c.Max.Sign() <= 0:
		l.errorf(at(p, keyMax), "%sđiểm tối đa phải lớn hơn 0, không phải %s", who, num(c.Max, 2))
	default:
		maxOK = true
	}
	if s := c.Score; s != nil {
		switch {
		case s.Sign() < 0:
			l.errorf(at(p, keyScore), "%sđiểm âm: %s", who, num(*s, 2))
		case maxOK && s.Cmp(c.Max) > 0:
			l.errorf(at(p, keyScore), "%sđiểm %s vượt điểm tối đa %s", who, num(*s, 2), num(c.Max, 2))
		}
	}
	if maxOK && len(c.Criteria) > 0 {
		var sum decimal.Dec
		for _, ch := range c.Criteria {
			sum = sum.Add(ch.Max)
		}
		if sum.Cmp(c.Max) > 0 {
			l.errorf(at(p, keyMax), "%stổng điểm tối đa của các tiêu chí con (%s) vượt điểm tối đa %s", who, num(sum, 2), num(c.Max, 2))
		}
	}

	computes := false
	if c.Rule != nil {
		computes = l.checkRule(t, at(p, keyRule), c, who, maxOK)
	}
	// A field with nothing listed lost no points; a criterion listed below it did, so its
	// score must be stated unless its rule computes it.
	if parent != nil && len(c.Criteria) == 0 && c.Score == nil && !computes && !l.isFailed(at(p, keyScore)) && !l.isFailed(at(p, keyRule)) {
		l.errorf(at(p, keyScore), "%sthiếu trường bắt buộc: tiêu chí không có tiêu chí con và quy tắc của nó không tính ra điểm", who)
	}

	l.state(p, c.State, t.asOf)
	for i := range c.Criteria {
		l.checkCriterion(t, joinIndex(at(p, keyCriteria), i), &c.Criteria[i], c)
	}
}

// checkRule checks a criterion's rule and reports whether the criterion may go without a
// stated score: the rule computes one, or the rule is wrong and asking for a score as well
// would only add noise.
func (l *loader) checkRule(t *tree, rp string, c *Criterion, who string, maxOK bool) bool {
	r := c.Rule
	switch {
	case l.isFailed(at(rp, keyKind)):
		return true
	case r.Kind == "":
		l.requiredOf(who, at(rp, keyKind), r.Kind)
		return true
	case !slices.Contains(ruleKind, r.Kind):
		l.errorf(at(rp, keyKind), "%sloại quy tắc không hợp lệ: %q (dùng stated, proportional, banded, sum hoặc completion)", who, r.Kind)
		return true
	}
	for _, in := range allRuleInputs {
		if l.has(rp+"."+in) && !slices.Contains(ruleInputs[r.Kind], in) {
			l.errorf(rp+"."+in, "%squy tắc %s không dùng %s", who, r.Kind, in)
		}
	}
	if r.StatedRate != nil {
		l.rate(at(rp, keyStatedRate), who, *r.StatedRate)
	}

	switch r.Kind {
	case RuleStated:
		l.ruleRate(rp, who, r)
	case RuleProportional, RuleBanded:
		rate, known := l.ruleRate(rp, who, r)
		if r.Kind == RuleProportional {
			return l.has(at(rp, keyRate)) || l.has(at(rp, keyCount)) && l.has(at(rp, keyTotal))
		}
		l.bands(rp, who, c, r, rate, known, maxOK)
		return true
	case RuleSum:
		l.requiredList(at(rp, keyParts), len(r.Parts), "quy tắc sum cần ít nhất một phần (parts)")
	case RuleCompletion:
		if r.Factor != nil && maxOK && (r.Factor.Sign() <= 0 || r.Factor.Cmp(c.Max) > 0) {
			l.errorf(at(rp, keyFactor), "%shệ số %s phải lớn hơn 0 và không vượt điểm tối đa %s", who, num(*r.Factor, 2), num(c.Max, 2))
		}
		t.completionFields = at(rp, keyFields)
		t.completionRule = r
		if t.completion != "" {
			l.errorf(at(rp, keyKind), "%schỉ được có một quy tắc completion (đã có ở tiêu chí %s)", who, t.completion)
		} else {
			t.completion = c.ID
			if c.ID == "" {
				t.completion = "?"
			}
		}
		return true
	}
	return false
}

// ruleRate checks where a rule takes its rate from (a stated rule need not say), and returns
// the rate when the inputs give it.
func (l *loader) ruleRate(rp, who string, r *Rule) (rate decimal.Dec, known bool) {
	hasRate := l.has(at(rp, keyRate))
	hasCount, hasTotal := l.has(at(rp, keyCount)), l.has(at(rp, keyTotal))
	hasBand := r.Kind == RuleBanded && l.has(at(rp, keyBand))
	switch {
	case hasCount && !hasTotal:
		l.errorf(at(rp, keyCount), "%scount phải đi cùng total (đạt count trên tổng số total)", who)
	case hasTotal && !hasCount:
		l.errorf(at(rp, keyTotal), "%stotal phải đi cùng count (đạt count trên tổng số total)", who)
	}
	sources := 0
	// A rate written with its counts is one source: the counts give it, the rate is checked.
	for _, has := range []bool{hasRate || hasCount || hasTotal, hasBand} {
		if has {
			sources++
		}
	}
	switch {
	case sources == 0 && r.Kind == RuleStated:
	case sources == 0 && r.Kind == RuleProportional:
		l.errorf(rp, "%squy tắc proportional cần rate, hoặc count và total", who)
	case sources == 0:
		l.errorf(rp, "%squy tắc banded cần rate, count và total, hoặc band", who)
	case sources > 1:
		l.errorf(rp, "%schỉ ghi một trong: rate (có thể kèm count và total); band", who)
	}

	if r.Rate != nil {
		rate, known = *r.Rate, l.rate(at(rp, keyRate), who, *r.Rate)
	}
	if r.Count != nil && r.Total != nil {
		ok := true
		if *r.Count < 0 {
			l.errorf(at(rp, keyCount), "%ssố đạt không được âm: %d", who, *r.Count)
			ok = false
		}
		if *r.Total <= 0 {
			l.errorf(at(rp, keyTotal), "%stổng số phải lớn hơn 0, không phải %d", who, *r.Total)
			ok = false
		} else if *r.Count > *r.Total {
			l.errorf(at(rp, keyCount), "%ssố đạt %d lớn hơn tổng số %d", who, *r.Count, *r.Total)
			ok = false
		}
		if ok {
			rate, known = decimal.Ratio(*r.Count, *r.Total).Mul(hundred), true
		}
	}
	return rate, known && sources == 1
}

// rate reports a percentage outside 0–100 and says whether it is within.
func (l *loader) rate(path, who string, d decimal.Dec) bool {
	if d.Sign() < 0 || d.Cmp(hundred) > 0 {
		l.errorf(path, "%stỷ lệ %s %% nằm ngoài khoảng 0–100 %%", who, num(d, 0))
		return false
	}
	return true
}

func (l *loader) bands(rp, who string, c *Criterion, r *Rule, rate decimal.Dec, rateKnown, maxOK bool) {
	l.requiredList(at(rp, keyBands), len(r.Bands), "quy tắc banded cần ít nhất một bậc (bands)")
	labels := make(map[string]bool, len(r.Bands))
	allOK := true
	for i, b := range r.Bands {
		bp := joinIndex(at(rp, keyBands), i)
		if l.isFailed(bp) {
			allOK = false
			continue
		}
		l.requiredOf(who, at(bp, keyLabel), b.Label)
		if labels[b.Label] && b.Label != "" {
			l.errorf(at(bp, keyLabel), "%snhãn bậc %q bị trùng", who, b.Label)
		}
		labels[b.Label] = true
		for _, k := range []string{keyMin, keyScore} {
			if !l.has(bp+"."+k) && !l.isFailed(bp+"."+k) {
				l.errorf(bp+"."+k, "%sthiếu trường bắt buộc", who)
				allOK = false
			}
		}
		if !l.rate(at(bp, keyMin), who, b.Min) {
			allOK = false
		}
		if b.Max != nil {
			point := b.Max.Cmp(b.Min) == 0
			switch {
			case !l.rate(at(bp, keyMax), who, *b.Max):
				allOK = false
			case point && (b.MinExclusive || !b.MaxInclusive):
				l.errorf(at(bp, keyMax), "%sbậc %q: cận trên bằng cận dưới %s %% nên bậc rỗng; bậc một điểm ghi max_inclusive = true và bỏ min_exclusive", who, b.Label, num(b.Min, 0))
				allOK = false
			case !point && b.Max.Cmp(b.Min) < 0:
				l.errorf(at(bp, keyMax), "%sbậc %q: cận trên %s %% phải lớn hơn cận dưới %s %%", who, b.Label, num(*b.Max, 0), num(b.Min, 0))
				allOK = false
			}
		} else if b.MaxInclusive {
			l.errorf(at(bp, keyMaxInclusive), "%sbậc %q: max_inclusive chỉ dùng khi có cận trên max", who, b.Label)
		}
		switch {
		case b.Score.Sign() < 0:
			l.errorf(at(bp, keyScore), "%sđiểm âm: %s", who, num(b.Score, 2))
		case maxOK && b.Score.Cmp(c.Max) > 0:
			l.errorf(at(bp, keyScore), "%sđiểm %s của bậc %q vượt điểm tối đa %s", who, num(b.Score, 2), b.Label, num(c.Max, 2))
		}
	}
	if r.Band != "" && len(r.Bands) > 0 && !labels[r.Band] {
		l.errorf(at(rp, keyBand), "%skhông có bậc nào có nhãn %q", who, r.Band)
	}
	if rateKnown && allOK && len(r.Bands) > 0 {
		if FirstBand(r.Bands, rate) != nil {
			return
		}
		l.errorf(at(rp, keyBands), "%stỷ lệ %s %% không thuộc bậc nào", who, num(rate, 2))
	}
}

// num formats a figure for a message the way the report prints it: decimal comma, at least
// min places, or as many as it was written with.
func num(d decimal.Dec, minPlaces int) string {
	p := d.Places()
	if p < 0 {
		p = 2
	}
	return d.Fixed(max(p, minPlaces), ',')
}

// state checks an item's status against its done date and the data-as-of date: a done item
// needs the date it was done, no later than the data are as of; an item not done has none.
func (l *loader) state(p string, s State, asOf Date) {
	status, done := at(p, keyStatus), at(p, keyDone)
	if l.isFailed(status) || l.isFailed(done) {
		return
	}
	switch {
	case s.Status == StatusDone && s.Done.IsZero():
		l.errorf(status, "mục đã hoàn thành cần ngày hoàn thành (%s = 2024-02-20)", keyDone)
	case s.Status == StatusDone && !asOf.IsZero() && s.Done.After(asOf):
		l.errorf(done, "ngày hoàn thành %s sau ngày cập nhật số liệu %s (%s.%s)", s.Done, asOf, keyAppendix, keyAsOf)
	case s.Status != StatusDone && !s.Done.IsZero():
		if s.Status == StatusNone {
			l.errorf(done, "có ngày hoàn thành %s nhưng thiếu %s = \"%s\"", s.Done, keyStatus, StatusDone)
		} else {
			l.errorf(done, "mục %q không có ngày hoàn thành; bỏ %s hoặc ghi %s = \"%s\"", s.Status, keyDone, keyStatus, StatusDone)
		}
	}
}
