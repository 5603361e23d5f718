package trend_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator"
	"github.com/baocao-vn/baocao/generator/trend"
	"github.com/baocao-vn/baocao/internal/testtool"
)

func samples(t testing.TB) []*trend.Snapshot {
	var out []*trend.Snapshot
	for _, d := range []string{"2022-09-14", "2022-12-15", "2023-03-15"} {
		p, err := generator.Load("../../samples/" + d + ".toml")
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, trend.Take(p.Data, p.Scores))
	}
	return out
}

func parts(t *testing.T, b []byte) map[string]string {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, f := range zr.File {
		r, _ := f.Open()
		data, _ := io.ReadAll(r)
		m[f.Name] = string(data)
	}
	return m
}

// TestWorkbook: the charts are in the package and reference the right ranges, the statuses are
// coloured by conditional formats, and LibreOffice reads each item's status at each date.
func TestWorkbook(t *testing.T) {
	var a, b bytes.Buffer
	if err := trend.Write(&a, samples(t)); err != nil {
		t.Fatal(err)
	}
	trend.Write(&b, samples(t))
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two runs differ")
	}
	p := parts(t, a.Bytes())
	ref := regexp.MustCompile(`<f>([^<]*)</f>`)
	var refs []string
	for _, c := range []string{"xl/charts/chart1.xml", "xl/charts/chart2.xml"} {
		if p[c] == "" {
			t.Fatalf("%s missing", c)
		}
		for _, m := range ref.FindAllStringSubmatch(p[c], -1) {
			refs = append(refs, strings.ReplaceAll(m[1], "&#39;", "'"))
		}
	}
	// Chart 1: done over the three dates; chart 2: the seven fields' maxima and scores at each date.
	want := "'Tổng hợp'!$B$1 'Tổng hợp'!$A$2:$A$4 'Tổng hợp'!$B$2:$B$4 " +
		"'Tổng hợp'!$B$6 'Tổng hợp'!$A$7:$A$13 'Tổng hợp'!$B$7:$B$13 " +
		"'Tổng hợp'!$C$6 'Tổng hợp'!$A$7:$A$13 'Tổng hợp'!$C$7:$C$13 " +
		"'Tổng hợp'!$D$6 'Tổng hợp'!$A$7:$A$13 'Tổng hợp'!$D$7:$D$13 " +
		"'Tổng hợp'!$E$6 'Tổng hợp'!$A$7:$A$13 'Tổng hợp'!$E$7:$E$13"
	if got := strings.Join(refs, " "); got != want {
		t.Errorf("chart ranges\n%s\nwant\n%s", got, want)
	}
	if n := strings.Count(p["xl/worksheets/sheet1.xml"], "<cfRule"); n != 4 {
		t.Errorf("%d conditional formats, want one per status", n)
	}

	dir := t.TempDir()
	in := filepath.Join(dir, "tien-do.xlsx")
	os.WriteFile(in, a.Bytes(), 0o644)
	csv := func(sheet string) string {
		out := testtool.OfficeConvert(t, in, `csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,`+sheet, t.TempDir())
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	items := csv("1")
	for _, want := range []string{
		`TT,Nội dung,14/9/2022,15/12/2022,15/3/2023`,
		`Tiêu chí 7.2.6: Việc sắp xếp và lưu trữ hồ sơ,đang thực hiện,đã hoàn thành,đã hoàn thành`,
		`Tiêu chí 1.6: Công tác tuyên truyền CCHC,đang thực hiện,đang thực hiện,đã hoàn thành`,
	} {
		if !strings.Contains(items, want) {
			t.Errorf("sheet 1 lacks %q:\n%s", want, items)
		}
	}
	counts := csv("2")
	for _, want := range []string{"14/9/2022,2,7,3,4,16", "15/12/2022,4,6,2,4,16", "15/3/2023,5,5,2,4,16", "1. Chỉ đạo, điều hành công tác cải cách hành chính\",11,9.03"} {
		if !strings.Contains(counts, want) {
			t.Errorf("sheet 2 lacks %q:\n%s", want, counts)
		}
	}
}
