package serve

import (
	"strconv"
	"strings"

	"github.com/baocao-vn/baocao/generator/form"
)

// placed is where the page shows each problem: next to its field, on its card when it belongs
// to an item but to none of the card's inputs, or at the top for the whole file.
type placed struct {
	Field   map[string][]form.Problem `json:"field"` // by form.Field.Path
	Card    map[string][]form.Problem `json:"card"`  // by the card's index
	General []form.Problem            `json:"general"`
}

// place puts each problem of v where the page shows it.
func place(v *form.View) placed {
	pl := placed{Field: map[string][]form.Problem{}, Card: map[string][]form.Problem{}, General: []form.Problem{}}
	fields := map[string]bool{}
	for _, f := range v.Meta {
		fields[f.Path] = true
	}
	prefixes := make([]string, len(v.Cards))
	for i, c := range v.Cards {
		prefixes[i] = c.Path
		for _, f := range c.Fields {
			fields[f.Path] = true
		}
	}
	for _, p := range v.Problems {
		if p.Path != "" && fields[p.Path] {
			pl.Field[p.Path] = append(pl.Field[p.Path], p)
			continue
		}
		// The card of the deepest item that holds the path: a criterion's, not its field's.
		card := -1
		for i, pre := range prefixes {
			if pre != "" && (p.Path == pre || strings.HasPrefix(p.Path, pre+".") || strings.HasPrefix(p.Path, pre+"[")) &&
				(card < 0 || len(pre) > len(prefixes[card])) {
				card = i
			}
		}
		if card >= 0 {
			k := strconv.Itoa(card)
			pl.Card[k] = append(pl.Card[k], p)
			continue
		}
		pl.General = append(pl.General, p)
	}
	return pl
}

// values is each field's value as the view shows it.
func values(v *form.View) map[string]string {
	m := map[string]string{}
	for _, f := range v.Meta {
		m[f.Path] = f.Value
	}
	for _, c := range v.Cards {
		for _, f := range c.Fields {
			m[f.Path] = f.Value
		}
	}
	return m
}

// statusClass is the CSS class of a status label.
func statusClass(label string) string {
	switch strings.ToLower(label) {
	case "đã hoàn thành":
		return "st-done"
	case "đang thực hiện":
		return "st-progress"
	case "chưa thực hiện":
		return "st-notstarted"
	case "thực hiện thường xuyên":
		return "st-regular"
	}
	return "st-other"
}

// fieldData is a field with its problems, for the page's template.
type fieldData struct {
	form.Field
	Problems []form.Problem
	Error    bool // at least one problem is an error, not a warning
}

func withProblems(f form.Field, pl placed) fieldData {
	d := fieldData{Field: f, Problems: pl.Field[f.Path]}
	for _, p := range d.Problems {
		d.Error = d.Error || !p.Warning
	}
	return d
}

// summary is the one line the page shows on the whole file's state.
func summary(v *form.View) string {
	errs, warns := 0, 0
	for _, p := range v.Problems {
		if p.Warning {
			warns++
		} else {
			errs++
		}
	}
	var b strings.Builder
	if v.Valid {
		b.WriteString("Dữ liệu hợp lệ")
	} else {
		b.WriteString("Dữ liệu còn " + strconv.Itoa(errs) + " lỗi (màu đỏ): chưa xuất được văn bản")
	}
	if warns > 0 {
		b.WriteString("; " + strconv.Itoa(warns) + " chênh lệch giữa số liệu ghi và số tính lại (màu vàng)")
	}
	b.WriteString(".")
	return b.String()
}

// rows is the height of a textarea for its text: the whole text up to a dozen lines.
func rows(s string) int {
	n := 0
	for _, line := range strings.Split(s, "\n") {
		n += 1 + len([]rune(line))/100
	}
	return max(2, min(n, 12))
}

// items is how many of the cards are items to remedy (headings without a finding of their own
// are not).
func items(cards []form.Card) int {
	n := 0
	for _, c := range cards {
		if c.Item() {
			n++
		}
	}
	return n
}

// kindOf names what a heading is: a field (lĩnh vực) or a criterion with criteria under it.
func kindOf(c form.Card) string {
	if strings.Contains(c.Path, ".criteria[") {
		return "tiêu chí"
	}
	return "lĩnh vực"
}
