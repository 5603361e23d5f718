package score

import (
	"strings"
)

// Placeholders a reason may quote, so that prose never contradicts the numbers:
//
//	{diem}       the criterion's computed score        1,39
//	{toi_da}     its maximum                           1,50
//	{ty_le}      the rate its rule used                92,89%
//	{phep_tinh}  the arithmetic of its rule            (92,89*1,50)/100 = 1,39
//
// and the counts of items by status (package comment of status.go), padded as Decree 30 writes
// a number below 10: {da_hoan_thanh}, {dang_thuc_hien}, {chua_thuc_hien}, {thuong_xuyen},
// {tong_so} ("đã hoàn thành {da_hoan_thanh}/{tong_so} nội dung" → "05/19").
//
// "{{" and "}}" write a literal brace.
var placeholders = map[string]func(n *Node) (string, bool){
	"diem":      func(n *Node) (string, bool) { return pts(n.Score), true },
	"toi_da":    func(n *Node) (string, bool) { return MaxPoints(n.Max), true },
	"phep_tinh": func(n *Node) (string, bool) { return n.Arithmetic, n.Arithmetic != "" },
	"ty_le": func(n *Node) (string, bool) {
		if n.Rate == nil {
			return "", false
		}
		return pct(*n.Rate) + "%", true
	},
}

func (c *computer) expandReasons(n *Node) {
	for _, ch := range n.Children {
		c.expandReasons(ch)
	}
	n.Reason = c.expand(n, n.Source.Reason, n.Path+".reason")
}

// expand fills a text's placeholders. "{{" and "}}" write a literal brace ("{mã cơ quan}" is
// written "{{mã cơ quan}}"); a lone "}" is printed as it is.
func (c *computer) expand(n *Node, text, path string) string {
	if !strings.Contains(text, "{") && !strings.Contains(text, "}}") {
		return text
	}
	var b strings.Builder
	for {
		i := strings.IndexAny(text, "{}")
		if i < 0 {
			b.WriteString(text)
			return b.String()
		}
		b.WriteString(text[:i])
		brace := text[i]
		if i+1 < len(text) && text[i+1] == brace {
			b.WriteByte(brace) // "{{" or "}}"
			text = text[i+2:]
			continue
		}
		if brace == '}' {
			b.WriteByte(brace)
			text = text[i+1:]
			continue
		}
		j := strings.IndexByte(text[i:], '}')
		if j < 0 {
			c.errorf(path, "tiêu chí %s: thiếu dấu } sau %q (dấu { viết thường thì gõ {{)", n.ID, text[i:min(len(text), i+20)])
			return b.String()
		}
		name := text[i+1 : i+j]
		f, known := placeholders[name]
		cf, isCount := countPlaceholders[name]
		switch {
		case isCount:
			b.WriteString(Count(cf(c.res.Progress.All)))
		case !known:
			c.errorf(path, "tiêu chí %s: không có số liệu {%s} (dùng được: {diem}, {toi_da}, {ty_le}, {phep_tinh}, {da_hoan_thanh}, {dang_thuc_hien}, {chua_thuc_hien}, {thuong_xuyen}, {tong_so}; dấu ngoặc thường thì gõ {{ và }})", n.ID, name)
		default:
			v, ok := f(n)
			if !ok {
				c.errorf(path, "tiêu chí %s: {%s} cần một cách tính (rule) cho ra số liệu này", n.ID, name)
			}
			b.WriteString(v)
		}
		text = text[i+j+1:]
	}
}
