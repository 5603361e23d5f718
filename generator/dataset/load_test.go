package dataset

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/baocao-vn/baocao/internal/testtool"

	"github.com/BurntSushi/toml"
)

const sample = "../../samples/2022-09-14.toml"

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// errorsOf parses a file that must be invalid and returns its problems.
func errorsOf(t *testing.T, path string) ErrorList {
	t.Helper()
	d, err := Parse(path, mustRead(t, path))
	if err == nil {
		t.Fatalf("%s: no error", path)
	}
	if d != nil {
		t.Errorf("%s: a dataset came back with the error", path)
	}
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("%s: error is %T, not ErrorList: %v", path, err, err)
	}
	return list
}

// TestBad checks that each class of problem is reported, alone, on the right line and key path.
func TestBad(t *testing.T) {
	tests := []struct {
		file string
		line int
		col  int // 0: not checked
		path string
		word string
	}{
		{"syntax", 7, 16, "document.code", "chuỗi thiếu dấu ngoặc kép đóng"},
		{"syntax_comma", 51, 12, "fields[0].criteria[1].score", `số thập phân viết 9.03 hoặc "9,03"`},
		{"syntax_date", 9, 8, "document.date", `ngày không hợp lệ hoặc không tồn tại: "2022-02-31"`},
		{"syntax_duplicate", 53, 3, "fields[0].criteria[1].score", "được khai báo hai lần"},
		{"unknown_key", 52, 0, "fields[0].criteria[1].remdy", `có phải "remedy"`},
		{"wrong_type", 56, 0, "fields[1].name", "sai kiểu: cần chuỗi văn bản, không phải số nguyên"},
		{"missing_required", 47, 0, "fields[0].criteria[1].max", "thiếu trường bắt buộc"},
		{"missing_table", 0, 0, "signer", "thiếu bảng bắt buộc"},
		{"empty_text", 15, 0, "signer.name", "không được để trống"},
		{"duplicate_id", 48, 0, "fields[0].criteria[1].id", "tiêu chí 1.5 bị trùng mã (đã có ở dòng 42)"},
		{"child_id", 48, 0, "fields[0].criteria[1].id", "mã tiêu chí 2.3 không nằm trong tiêu chí 1"},
		{"field_id", 97, 0, "fields[7].id", "từ 1 đến 8"},
		{"score_above_max", 51, 0, "fields[0].criteria[1].score", "tiêu chí 1.5: điểm 1,60 vượt điểm tối đa 1,00"},
		{"score_negative", 51, 0, "fields[0].criteria[1].score", "điểm âm: -0,25"},
		{"max_zero", 72, 0, "fields[4].max", "tiêu chí 5: điểm tối đa phải lớn hơn 0"},
		{"children_max", 82, 0, "fields[6].max", "(14,00) vượt điểm tối đa 13,50"},
		{"impossible_date", 32, 0, "appendix.as_of", "ngày không tồn tại: 31/02/2022"},
		{"bad_date", 32, 0, "appendix.as_of", "ngày không hợp lệ"},
		{"date_time", 9, 0, "document.date", "không phải ngày giờ"},
		{"rate_range", 94, 0, "fields[6].criteria[0].criteria[0].rule.rate", "tỷ lệ 120 % nằm ngoài"},
		{"count_total", 94, 0, "fields[6].criteria[0].criteria[0].rule.count", "số đạt 20 lớn hơn tổng số 19"},
		{"total_zero", 95, 0, "fields[6].criteria[0].criteria[0].rule.total", "tổng số phải lớn hơn 0"},
		{"band_range", 98, 0, "fields[6].criteria[0].criteria[0].rule.bands[0].max", "tỷ lệ 110 %"},
		{"band_point", 98, 0, "fields[6].criteria[0].criteria[0].rule.bands[0].max", "bậc một điểm ghi max_inclusive = true"},
		{"rows_unknown", 34, 0, "appendix.rows[1]", `không có tiêu chí "7.9"`},
		{"rows_nested", 34, 0, "appendix.rows[2]", "tiêu chí 7.1 nằm trong dòng 7"},
		{"completion_fields", 45, 0, "fields[0].criteria[0].rule.fields[7]", `không có lĩnh vực "8"`},
		{"collective", 15, 0, "signer.authority", "authority để trống hoặc là KT."},
		{"band_label", 96, 0, "fields[6].criteria[0].criteria[0].rule.band", `không có bậc nào có nhãn "trung bình"`},
		{"utf8", 8, 11, "document.place", "UTF-8"},
		{"rule_kind", 93, 0, "fields[6].criteria[0].criteria[0].rule.kind", `loại quy tắc không hợp lệ: "proportion"`},
		{"rule_inputs", 95, 0, "fields[6].criteria[0].criteria[0].rule.parts", "quy tắc proportional không dùng parts"},
		{"rule_no_rate", 94, 0, "fields[6].criteria[0].criteria[0].rule", "cần rate, hoặc count và total"},
		{"leaf_no_score", 47, 0, "fields[0].criteria[1].score", "tiêu chí 1.5: thiếu trường bắt buộc"},
		{"authority", 14, 0, "signer.authority", `thẩm quyền ký không hợp lệ: "K.T."`},
		{"principal", 14, 0, "signer.principal", "chỉ ghi principal"},
		{"headers", 33, 0, "appendix.headers", "có 4"},
		{"block_both", 29, 0, "report.sections[0].blocks[0].items", "không có cả hai"},
		{"block_neither", 27, 0, "report.sections[0].blocks[0]", "khối cần text"},
		{"missing_field", 35, 0, "fields", "thiếu lĩnh vực 3"},
		{"year_zero", 32, 0, "appendix.as_of", "ngày 0000-01-01 nằm ngoài khoảng cho phép: năm phải từ 1900 đến 2999"},
		{"cr_only", 1, 95, "", "ký tự CR (0x0D) đứng một mình"},
		{"int_overflow", 38, 7, "fields[0].max", "số nguyên 99999999999999999999 quá lớn"},
		{"too_deep", 45, 116, "fields[0].criteria[0].rule.x", "bảng và mảng lồng nhau quá 64 cấp"},
		{"two_completion", 51, 0, "fields[0].criteria[1].rule.kind", "chỉ được có một quy tắc completion (đã có ở tiêu chí 1.2)"},
	}
	tested := map[string]bool{"many_errors": true} // TestManyErrors
	for _, tt := range tests {
		tested[tt.file] = true
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "bad", tt.file+".toml")
			list := errorsOf(t, path)
			if len(list) != 1 {
				t.Fatalf("want 1 error, got %d:\n%v", len(list), list)
			}
			e := list[0]
			if e.File != path || e.Line != tt.line || e.Path != tt.path || !strings.Contains(e.Msg, tt.word) {
				t.Errorf("got  %v\nwant %s:%d: %s: …%s…", e, path, tt.line, tt.path, tt.word)
			}
			if tt.col != 0 && e.Col != tt.col {
				t.Errorf("column %d, want %d", e.Col, tt.col)
			}
		})
	}
	files, _ := filepath.Glob("testdata/bad/*.toml")
	for _, f := range files {
		if name := strings.TrimSuffix(filepath.Base(f), ".toml"); !tested[name] {
			t.Errorf("%s has no expectation in TestBad", f)
		}
	}
}

// TestManyErrors checks that problems of different kinds in one file are all reported, by line.
func TestManyErrors(t *testing.T) {
	list := errorsOf(t, "testdata/bad/many_errors.toml")
	want := []struct {
		line int
		path string
		word string
	}{
		{9, "document.date", "ngày không tồn tại: 30/02/2022"},
		{19, "recipients.archive", "không được để trống"},
		{51, "fields[0].criteria[1].score", "vượt điểm tối đa"},
		{52, "fields[0].criteria[1].remdy", "khóa không hợp lệ"},
	}
	if len(list) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%v", len(list), len(want), list)
	}
	for i, w := range want {
		if e := list[i]; e.Line != w.line || e.Path != w.path || !strings.Contains(e.Msg, w.word) {
			t.Errorf("error %d: got %v, want line %d %s …%s…", i, e, w.line, w.path, w.word)
		}
	}
	if lines := strings.Count(list.Error(), "\n") + 1; lines != len(want) {
		t.Errorf("Error() has %d lines, want one per problem:\n%s", lines, list.Error())
	}
}

// TestBadGolden pins the full text a user sees for each invalid file. Run with -update after
// changing a message.
func TestBadGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/bad/*.toml")
	for _, f := range files {
		got := errorsOf(t, f).Error() + "\n"
		golden := strings.TrimSuffix(f, ".toml") + ".golden"
		testtool.Golden(t, golden, got)
	}
}

// TestDeterministic parses the file with several errors repeatedly: map order must not leak.
func TestDeterministic(t *testing.T) {
	data := mustRead(t, "testdata/bad/many_errors.toml")
	_, first := Parse("x.toml", data)
	for range 50 {
		if _, err := Parse("x.toml", data); err.Error() != first.Error() {
			t.Fatalf("output changed between runs:\n%v\n---\n%v", first, err)
		}
	}
}

func TestSample(t *testing.T) {
	d, err := Load(sample)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Document.Date; got != (Date{2022, time.September, 14}) {
		t.Errorf("document.date = %v", got)
	}
	if len(d.Fields) != 7 {
		t.Errorf("%d fields, want 7", len(d.Fields))
	}
	c12 := d.Fields[0].Criteria[0]
	if c12.ID != "1.2" || c12.Rule == nil || c12.Rule.Kind != RuleCompletion {
		t.Fatalf("first criterion of field 1 is %s %+v, want 1.2 with a completion rule", c12.ID, c12.Rule)
	}
	// The seed writes 90.0: the score engine compares at one place, so 90 must not become 90.00.
	if sr := c12.Rule.StatedRate; sr == nil || sr.String() != "90.0" || sr.Places() != 1 {
		t.Errorf("1.2 stated_rate = %v, want 90.0 with 1 place", sr)
	}
	if got := d.Fields[0].Score; got == nil || got.String() != "9.03" {
		t.Errorf("field 1 score = %v, want 9.03", got)
	}
	if got := d.Fields[3].Criteria[0]; got.ID != "4.1.1" || !strings.HasPrefix(got.Remedy, "Trung tâm DTDVĐN phối hợp VPTTr") {
		t.Errorf("4.1.1 remedy = %q", got.Remedy)
	}
	if got := d.Fields[6].Criteria[0].Criteria[0].Rule.Parts; len(got) != 15 || got[6].String() != "1.5" {
		t.Errorf("7.1.1.4 parts = %v", got)
	}
	if strings.HasSuffix(d.Report.Closing, "./.") || !strings.HasSuffix(d.Report.Closing, "thuộc Sở") {
		t.Errorf("closing = %q", d.Report.Closing)
	}
	if n := strings.Count(d.Document.Subject, "\n"); n != 2 || strings.HasPrefix(d.Document.Subject, "\n") {
		t.Errorf("subject %q: want three lines, no leading newline", d.Document.Subject)
	}
	if d.Name != sample {
		t.Errorf("Name = %q", d.Name)
	}
	// Lines: the index must point at the line that writes the key.
	src := strings.Split(string(mustRead(t, sample)), "\n")
	for path, prefix := range map[string]string{
		"document.date":                          "date = 2022-09-14",
		"fields[0].criteria[0].rule.stated_rate": "stated_rate = 90.0",
		"recipients.to[1]":                       `"Các phòng chuyên môn`,
		"report.sections[1].blocks[1].items[3]":  `{ text = "Các đơn vị tổ chức hội nghị`,
		"fields[6].criteria[0].criteria[0]":      "[[fields.criteria.criteria]]",
	} {
		n := d.Line(path)
		if n < 1 || n > len(src) || !strings.HasPrefix(strings.TrimSpace(src[n-1]), prefix) {
			t.Errorf("Line(%q) = %d, want the line starting %q", path, n, prefix)
		}
	}
}

// TestIndexLines checks, for every key path the loader indexed in the valid files, that the
// line it names writes that key (or opens that table).
func TestIndexLines(t *testing.T) {
	last := regexp.MustCompile(`(?:^|\.)("[^"]*"|[A-Za-z0-9_-]+)$`)
	samples, _ := filepath.Glob("../../samples/*.toml")
	for _, f := range append(samples, "testdata/minimal.toml", "testdata/valid.toml") {
		d, err := Load(f)
		if err != nil {
			t.Fatal(err)
		}
		src := strings.Split(string(mustRead(t, f)), "\n")
		pos := d.pos.all()
		if len(pos) < 50 {
			t.Fatalf("%s: only %d paths indexed", f, len(pos))
		}
		for path, n := range pos {
			m := last.FindStringSubmatch(path)
			if m == nil {
				continue // an array element: its own line is checked by the tests below
			}
			key := strings.Trim(m[1], `"`)
			line := src[n-1]
			if !regexp.MustCompile(`(^|[\s.{,\[])"?` + regexp.QuoteMeta(key) + `"?\s*(=|\.|\]|$)`).MatchString(line) {
				t.Errorf("%s: %s is on line %d, which reads %q", f, path, n, line)
			}
		}
	}
}

// TestValidForms checks the less common ways of writing a dataset, and what loading does to
// the text.
func TestValidForms(t *testing.T) {
	d, err := Load("testdata/valid.toml")
	if err != nil {
		t.Fatal(err)
	}
	sum := d.Fields[6].Criteria[0].Criteria[0].Criteria[0]
	for _, tt := range []struct {
		name, got, want string
	}{
		{"NFD place becomes NFC", d.Document.Place, "Hà Tĩnh"},
		{"trimmed", d.Document.IssuingBodyName, "Sở Ngoại vụ"},
		{"line-ending backslash", d.Document.Subject, "Việc khắc phục tồn tại, hạn chế qua kết quả kiểm tra\ncủa Đoàn thẩm định"},
		{"literal multi-line", d.Report.Opening, `Căn cứ "kết quả" kiểm tra:`},
		{"./. stripped", d.Report.Closing, "Trên đây là báo cáo"},
		{"date with zero-padded day", d.Document.Date.ISO(), "2022-09-14"},
		{"local date", d.Appendix.AsOf.String(), "14/9/2022"},
		{"string decimal", d.Fields[0].Score.String(), "9.03"},
		{"underscore float keeps places", d.Fields[3].Max.String(), "10.00"},
		{"float keeps places", d.Fields[6].Criteria[0].Criteria[1].Rule.Rate.String(), "40.0"},
		{"integer", d.Fields[0].Max.String(), "11"},
		{"inline bands", d.Fields[1].Criteria[0].Rule.Bands[1].Label, "80% – <100%"},
		{"band max", d.Fields[1].Criteria[0].Rule.Bands[1].Max.String(), "100"},
		{"parts", strings.Join([]string{sum.Rule.Parts[2].String(), sum.Rule.Parts[3].String()}, " "), "1.5 2.25"},
		{"4 levels deep", sum.ID, "7.1.1.4"},
		{"items in inline table", d.Report.Sections[0].Blocks[1].Items[0].Text + "|" + d.Report.Sections[0].Blocks[1].Items[1].Text, "Ý a|Ý b"},
		{"authority", d.Signer.Authority + " " + d.Signer.Principal, "KT. GIÁM ĐỐC"},
	} {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	for path, line := range map[string]int{
		"document.issuing_body_name":                5,
		"document.type_name":                        10,
		"signer":                                    16,
		"recipients.to[0]":                          24,
		"recipients.to[1]":                          26,
		"recipients.to[2]":                          28,
		"recipients.archive":                        30,
		"report.closing":                            35,
		"report.sections[1].blocks[0].text":         38,
		"fields[1].criteria[0].rule.bands[2].score": 76,
		"fields[2]":                                 79,
		"fields[6].criteria[0].criteria[0].criteria[0].rule":              121,
		"fields[6].criteria[0].criteria[0].criteria[0].rule.parts[3]":     126,
		"fields[6].criteria[0].criteria[0].criteria[0].rule.stated_total": 128,
		"fields[6].criteria[0].criteria[1].rule.rate":                     136,
	} {
		if got := d.Line(path); got != line {
			t.Errorf("Line(%q) = %d, want %d", path, got, line)
		}
	}
	if d.Line("fields[9]") != 0 {
		t.Error("a path not in the file has a line")
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load("testdata/no-such-file.toml")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v, want fs.ErrNotExist", err)
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string // ISO, or the start of the error
	}{
		{"14/9/2022", "2022-09-14"},
		{"14/09/2022", "2022-09-14"},
		{" 1/1/2023 ", "2023-01-01"},
		{"2022-09-14", "2022-09-14"},
		{"29/02/2024", "2024-02-29"},
		{"29/02/2023", "ngày không tồn tại: 29/02/2023"},
		{"31/02/2022", "ngày không tồn tại: 31/02/2022"},
		{"2022-02-31", "ngày không tồn tại: 2022-02-31"},
		{"0/1/2022", "ngày không tồn tại"},
		{"14/13/2022", "ngày không tồn tại"},
		{"2022-9-14", "ngày không hợp lệ"},
		{"14/9/22", "ngày không hợp lệ"},
		{"14.9.2022", "ngày không hợp lệ"},
		{"14/9/2022/1", "ngày không hợp lệ"},
		{"", "ngày không hợp lệ"},
		{"+1/9/2022", "ngày không hợp lệ"},
	}
	for _, tt := range tests {
		d, err := parseDate(tt.in)
		got := d.ISO()
		if err != nil {
			got = err.Error()
		}
		if !strings.HasPrefix(got, tt.want) {
			t.Errorf("parseDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestDateUnmarshalTOML checks Date used directly with the TOML decoder.
func TestDateUnmarshalTOML(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{`d = 2022-09-14`, "2022-09-14"},
		{`d = "14/9/2022"`, "2022-09-14"},
		{`d = "31/02/2022"`, "ngày không tồn tại"},
		{`d = 2022-09-14T10:00:00`, "cần một ngày"},
		{`d = 14`, "sai kiểu"},
	}
	for _, tt := range tests {
		var v struct{ D Date }
		_, err := toml.Decode(tt.src, &v)
		got := v.D.ISO()
		if err != nil {
			got = err.Error()
		}
		if !strings.Contains(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.src, got, tt.want)
		}
	}
}

func TestErrorFormat(t *testing.T) {
	tests := []struct {
		e    Error
		want string
	}{
		{Error{File: "a.toml", Line: 3, Col: 7, Path: "document.code", Msg: "m"}, "a.toml:3:7: document.code: m"},
		{Error{File: "a.toml", Line: 3, Path: "document.code", Msg: "m"}, "a.toml:3: document.code: m"},
		{Error{File: "a.toml", Col: 7, Path: "signer", Msg: "m"}, "a.toml: signer: m"},
		{Error{File: "a.toml", Line: 1, Msg: "m"}, "a.toml:1: m"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
	list := ErrorList{&tests[0].e, &tests[3].e}
	if got := list.Error(); got != tests[0].want+"\n"+tests[3].want {
		t.Errorf("list: %q", got)
	}
	var e *Error
	if !errors.As(error(list), &e) || e != &tests[0].e {
		t.Error("errors.As does not find the first *Error")
	}
}

// ParseInvalid returns the dataset as read together with its errors, and nothing when the text
// cannot be decoded.
func TestParseInvalid(t *testing.T) {
	src := mustRead(t, sample)
	bad := strings.Replace(string(src), "as_of = 2022-09-14", "as_of = 2022-08-20", 1)
	d, err := ParseInvalid("x.toml", []byte(bad))
	var l ErrorList
	if d == nil || !errors.As(err, &l) || len(l) == 0 {
		t.Fatalf("ParseInvalid: %v, %v", d, err)
	}
	if d.Appendix.AsOf.String() != "20/8/2022" || len(d.Fields) != 7 || d.Line("appendix.as_of") == 0 {
		t.Errorf("the dataset as read: as_of %s, %d fields", d.Appendix.AsOf, len(d.Fields))
	}
	if d, err := Parse("x.toml", []byte(bad)); d != nil || err == nil {
		t.Errorf("Parse returned the invalid dataset")
	}
	if d, err := ParseInvalid("x.toml", []byte("a = \"\n")); d != nil || err == nil {
		t.Errorf("a syntax error gave a dataset")
	}
}

// TestLoadAsParse: Load, which reads the file's bytes in place, gives what Parse gives on a copy
// of them, for every sample and every invalid file of testdata (a BOM, bad UTF-8, limits).
func TestLoadAsParse(t *testing.T) {
	files, _ := filepath.Glob("testdata/bad/*.toml")
	samples, _ := filepath.Glob("../../samples/*.toml")
	for _, f := range append(append(files, samples...), "testdata/valid.toml", "testdata/minimal.toml") {
		want, werr := Parse(f, mustRead(t, f))
		got, err := Load(f)
		if fmt.Sprint(err) != fmt.Sprint(werr) {
			t.Errorf("%s: Load's error\n%v\nParse's\n%v", f, err, werr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Load's dataset differs from Parse's", f)
		}
	}
}

// TestFloatReadAsWritten: a TOML decimal counts every digit written, more than a float64 holds,
// and one longer than MaxNumberLen is refused with the limit named, at its line and key.
func TestFloatReadAsWritten(t *testing.T) {
	src := string(mustRead(t, sample))
	for _, tc := range []struct {
		score, want, err string
	}{
		{"9.03", "9.03", ""},
		{"9_0.030", "90.030", ""},
		{"9.030000000000000001", "9.030000000000000001", ""},
		{"123456789012345678.25", "123456789012345678.25", ""},
		{"9." + strings.Repeat("0", 40) + "1", "", ":149: fields[0].score: số viết dài 43 ký tự, vượt giới hạn 30 (MaxNumberLen)"},
	} {
		text := strings.Replace(src, "\nscore = 9.03", "\nscore = "+tc.score, 1)
		if text == src && tc.score != "9.03" {
			t.Fatal("the sample's field score is no longer written as score = 9.03")
		}
		d, err := ParseInvalid("x.toml", []byte(text))
		switch {
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), "x.toml"+tc.err) {
				t.Errorf("%s: err = %v, want %q", tc.score, err, tc.err)
			}
		case d == nil || d.Fields[0].Score == nil:
			t.Errorf("%s: no score read (%v)", tc.score, err)
		case d.Fields[0].Score.String() != tc.want:
			t.Errorf("%s: read as %s, want %s", tc.score, d.Fields[0].Score, tc.want)
		}
	}
}
