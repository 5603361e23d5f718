package workbook

import (
	"fmt"
	"unicode/utf8"

	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/score"
)

// MaxCellChars is the most characters an Excel cell holds (32,767). A longer text is cut to
// its first ClippedChars characters followed by clipNote; the report and the appendix PDF
// print it whole, and Clipped names every such text so that the command can warn.
const MaxCellChars = 32767

// ClippedChars is how much of a text longer than MaxCellChars its cell keeps.
const ClippedChars = 32700

// clipNote ends a clipped cell, pointing the reader to the whole text.
const clipNote = " … (xem phụ lục PDF)"

// clip returns s, or its first ClippedChars characters and clipNote when s is longer than a
// cell holds; and whether it cut.
func clip(s string) (string, bool) {
	if len(s) <= MaxCellChars || utf8.RuneCountInString(s) <= MaxCellChars {
		return s, false
	}
	n := 0
	for i := range s {
		if n == ClippedChars {
			return s[:i] + clipNote, true
		}
		n++
	}
	return s, false
}

// Clipped returns a warning, in Vietnamese with file:line and key path, for every text of the
// dataset that is too long for a cell of the workbook and is cut there.
func Clipped(ds *dataset.Dataset, res *score.Result) []string {
	var out []string
	var walk func(n *score.Node)
	walk = func(n *score.Node) {
		texts := []struct{ key, text string }{{"name", n.Name}, {"reason", n.Reason}}
		if src := n.Source; src != nil {
			texts = append(texts, []struct{ key, text string }{{"remedy", src.Remedy}, {"deadline", src.Deadline},
				{"progress", src.Progress}, {"note", src.Note}}...)
		}
		for _, t := range texts {
			if _, cut := clip(text(t.text)); cut {
				path := n.Path + "." + t.key
				out = append(out, fmt.Sprintf("%s:%d: %s: tiêu chí %s: văn bản dài %d ký tự, quá %d ký tự một ô Excel chứa được: "+
					"ô trong bảng điểm chỉ giữ %d ký tự đầu và ghi \"%s\"; báo cáo và phụ lục PDF in đủ",
					ds.Name, ds.Line(path), path, n.ID, utf8.RuneCountInString(t.text), MaxCellChars, ClippedChars, clipNote[1:]))
			}
		}
		for _, ch := range n.Children {
			walk(ch)
		}
	}
	for _, f := range res.Fields {
		walk(f)
	}
	return out
}
