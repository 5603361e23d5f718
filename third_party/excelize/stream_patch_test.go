package excelize

import (
	"bytes"
	"encoding/xml"
	"reflect"
	"testing"
)

// TestBulkAppendFieldsSkipsNil: skipping the nil fields writes what encoding every field of
// the range writes, for ranges of nil fields only, set fields only, and both.
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
		var got bytes.Buffer
		bulkAppendFields(&got, ws, r[0], r[1])
		if got.String() != want.String() {
			t.Errorf("fields %d–%d: got\n%s\nwant\n%s", r[0], r[1], got.String(), want.String())
		}
		if r == [2]int{3, n - 1} && !bytes.Contains(got.Bytes(), []byte(`<conditionalFormatting sqref="A1:B2">`)) {
			t.Errorf("all fields: no conditional formatting in\n%s", got.String())
		}
	}
}
