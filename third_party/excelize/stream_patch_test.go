package excelize

import (
	"bytes"
	"encoding/xml"
	"reflect"
	"strconv"
	"testing"

	"github.com/tiendc/go-deepcopy"
)

// TestBulkAppendFieldsSkipsNil: skipping the nil fields, with one encoder for the stream,
// writes what encoding every field of the range writes, for ranges of nil fields only, set
// fields only, and both.
func TestBulkAppendFieldsSkipsNil(t *testing.T) {
	fit, zero := true, 0
	ws := &xlsxWorksheet{
		SheetPr:       &xlsxSheetPr{PageSetUpPr: &xlsxPageSetUpPr{FitToPage: fit}},
		Dimension:     &xlsxDimension{Ref: "A1"},
		SheetFormatPr: &xlsxSheetFormatPr{DefaultRowHeight: 15},
		PageSetUp:     &xlsxPageSetUp{FitToHeight: &zero, Orientation: "landscape"},
		ConditionalFormatting: []*xlsxConditionalFormatting{{SQRef: "A1:B2",
			CfRule: []*xlsxCfRule{{Type: "expression", Formula: []string{"A1>0"}}}}},
	}
	n := reflect.ValueOf(ws).Elem().NumField()
	for _, r := range [][2]int{{3, 4}, {5, 6}, {9, 16}, {17, 17}, {18, 39}, {41, 41}, {3, n - 1}} {
		var want bytes.Buffer
		enc := xml.NewEncoder(&want)
		s := reflect.ValueOf(ws).Elem()
		for i := 0; i < s.NumField(); i++ {
			if r[0] <= i && i <= r[1] {
				if err := enc.Encode(s.Field(i).Interface()); err != nil {
					t.Fatal(err)
				}
			}
		}
		sw := &StreamWriter{worksheet: ws}
		sw.bulkAppendFields(r[0], r[1])
		got := &sw.rawData.buf
		if got.String() != want.String() {
			t.Errorf("fields %d–%d: got\n%s\nwant\n%s", r[0], r[1], got.String(), want.String())
		}
		if r == [2]int{3, n - 1} && !bytes.Contains(got.Bytes(), []byte(`<conditionalFormatting sqref="A1:B2">`)) {
			t.Errorf("all fields: no conditional formatting in\n%s", got.String())
		}
	}
	// The stream's one encoder, between writes of the stream's own, as Flush uses it.
	var want bytes.Buffer
	sw := &StreamWriter{worksheet: ws}
	for _, r := range [][2]int{{3, 4}, {5, 6}, {9, 16}, {18, 39}, {41, 41}} {
		enc := xml.NewEncoder(&want)
		for i := r[0]; i <= r[1]; i++ {
			_ = enc.Encode(reflect.ValueOf(ws).Elem().Field(i).Interface())
		}
		want.WriteString("<between/>")
		sw.bulkAppendFields(r[0], r[1])
		_, _ = sw.rawData.WriteString("<between/>")
	}
	if got := sw.rawData.buf.String(); got != want.String() {
		t.Errorf("one encoder for the stream: got\n%s\nwant\n%s", got, want.String())
	}
}

// TestStreamWriterGrow: a stream writer grown to what it will hold writes its rows without
// growing its buffer again, the same bytes as without Grow; Grow never passes
// StreamChunkSize and ignores a size below zero.
func TestStreamWriterGrow(t *testing.T) {
	write := func(grow int) (string, int) {
		f := NewFile()
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			t.Fatal(err)
		}
		sw.Grow(grow)
		c := sw.rawData.buf.Cap()
		for r := 1; r <= 200; r++ {
			if err := sw.SetRow("A"+strconv.Itoa(r), []interface{}{"chữ Việt", r, Cell{Formula: "A1*2", Value: 2.5}}); err != nil {
				t.Fatal(err)
			}
		}
		if sw.rawData.buf.Cap() != c && grow > 0 {
			t.Errorf("Grow(%d): the buffer grew from %d to %d bytes", grow, c, sw.rawData.buf.Cap())
		}
		return sw.rawData.buf.String(), sw.rawData.buf.Cap()
	}
	plain, _ := write(0)
	grown, _ := write(64 << 10)
	if grown != plain {
		t.Error("a grown stream writer writes other bytes")
	}
	if _, c := write(-5); c > 64<<10 {
		t.Errorf("Grow(-5) left a %d-byte buffer", c)
	}
	f := NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	sw.Grow(StreamChunkSize * 2)
	if c := sw.rawData.buf.Cap(); c > 2*StreamChunkSize {
		t.Errorf("Grow past StreamChunkSize left a %d-byte buffer", c)
	}
}

// TestColClone: clone copies a column as deepcopy.Copy does, its width not shared, and
// flatCols flattens as with deepcopy.
func TestColClone(t *testing.T) {
	w := 12.5
	col := xlsxCol{BestFit: true, Min: 2, Max: 4, OutlineLevel: 3, Style: 7, Width: &w}
	var want xlsxCol
	if err := deepcopy.Copy(&want, col); err != nil {
		t.Fatal(err)
	}
	got := col.clone()
	if !reflect.DeepEqual(got, want) || got.Width == col.Width {
		t.Errorf("clone gives %+v (width %p, the column's %p), deepcopy %+v", got, got.Width, col.Width, want)
	}
	if (xlsxCol{Min: 1}).clone().Width != nil {
		t.Error("clone gave a column without width a width")
	}
	ws := &xlsxWorksheet{}
	for i, width := range []float64{9, 60, 10, 10, 55} {
		ws.setColWidth(i+1, i+1, width)
	}
	ws.setColWidth(2, 3, 20)
	var mins []int
	for _, c := range ws.Cols.Col {
		mins = append(mins, c.Min)
		if c.Min != c.Max || c.Width == nil {
			t.Errorf("column %+v not flat", c)
		}
	}
	if want := []int{2, 3, 5, 4, 1}; !reflect.DeepEqual(mins, want) {
		t.Errorf("columns in the order %v, want %v", mins, want)
	}
}
