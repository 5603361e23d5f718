package dataset

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// english finds words of the TOML parser's messages that must not reach a user.
var english = regexp.MustCompile(`(?i)\b(expected|unexpected|invalid|cannot|must|found|instead|key|table|files?|range|number|float|integer|digit|escape|newline)\b`)

// TestSyntaxMessages makes the TOML parser produce each form of message it has and checks the
// user sees it in Vietnamese, at the right line and column.
func TestSyntaxMessages(t *testing.T) {
	tests := []struct {
		src       string
		line, col int
		want      string
	}{
		{"a = 1\rb = 2\r", 1, 6, "ký tự CR (0x0D) đứng một mình"},
		{"a = 99999999999999999999\n", 1, 5, "số nguyên 99999999999999999999 quá lớn"},
		{"a = 1e999\n", 1, 5, "số 1e999 quá lớn"},
		{"a = 1" + strings.Repeat("0", 100000) + "\n", 1, 5, "số nguyên 1" + strings.Repeat("0", 79) + "… quá lớn"}, // the number quoted cut
		{"a = 07\n", 1, 5, "không được có chữ số 0 ở đầu"},
		{"a = 1__0\n", 1, 5, "dấu _ phải nằm giữa hai chữ số"},
		{"a = 1._5\n", 1, 5, "dấu _ phải nằm giữa hai chữ số"},
		{"a = 1.\n", 1, 5, "sau dấu chấm phải có chữ số"},
		{"a = \"\\q\"\n", 1, 6, `dãy thoát \q không hợp lệ`},
		{"a = \"\\x4\"\n", 1, 6, `sau \x cần 2 chữ số thập lục phân`},
		{"a = \"\\uD800\"\n", 1, 6, `ký tự \uD800 không phải ký tự Unicode hợp lệ`},
		{"[a]\n[a]\n", 2, 2, "khóa 'a' được khai báo hai lần"},
		{"a = 1\na.b = 2\n", 2, 1, "được khai báo hai lần"},
		{"a = [1 2]\n", 1, 8, "các phần tử của mảng cách nhau bằng dấu phẩy"},
		{"a = {b = 1 c = 2}\n", 1, 12, "các khóa của bảng {…} cách nhau bằng dấu phẩy"},
		{"a = 1 b\n", 1, 6, "sau giá trị chỉ được có chú thích (#…) rồi xuống dòng, không phải „b”"},
		{"= 1\n", 1, 1, "thiếu tên khóa trước dấu ="},
		{"[]\n", 1, 2, "tên bảng không được để trống"},
		{"a.=1\n", 1, 3, "dấu = không đúng chỗ"},
		{".a = 1\n", 1, 1, "không được bắt đầu bằng dấu chấm"},
		{"a..b = 1\n", 1, 3, "dấu chấm không đúng chỗ"},
		{"my key = 1\n", 1, 4, "sau tên khóa cần dấu =, không phải „k”"},
		{"[a\n", 1, 3, "tên bảng phải đóng bằng ], không phải dấu xuống dòng"},
		{"[[a]\n", 1, 4, "tên mảng bảng phải đóng bằng ]]"},
		{"a = 'x\n", 1, 7, "chuỗi thiếu dấu ngoặc kép đóng"},
		{"a = \"\"\"x\n", 1, 9, `tệp kết thúc khi chuỗi chưa được đóng (thiếu '"""')`},
		{"a = '''x", 1, 8, `tệp kết thúc khi chuỗi chưa được đóng`},
		{"a = ", 1, 4, "tệp kết thúc khi còn thiếu giá trị"},
		{"a", 1, 1, "tệp kết thúc khi khóa chưa có dấu ="},
		{"a = \x01\n", 1, 5, "ký tự điều khiển 0x01"},
		{"a = \"\x7f\"\n", 1, 6, "ký tự điều khiển 0x7F"},
		{"a = 0xZZ\n", 1, 5, "không phải số thập lục phân"},
		{"a = 0o9\n", 1, 5, "không phải số bát phân"},
		{"a = 0b2\n", 1, 5, "không phải số nhị phân"},
		{"a = [0b\n0]", 1, 6, "không phải số nhị phân: 0b↵"},
		{"a = +0x1\n", 1, 5, "không được có dấu + hoặc -"},
		{"a = .5\n", 1, 5, "phải bắt đầu bằng chữ số"},
		{"a = [,]\n", 1, 6, "dấu phẩy không đúng chỗ"},
		{"a = 2022-13-01\n", 1, 5, `ngày không hợp lệ hoặc không tồn tại: "2022-13-01"`},
		{"a = tru\n", 1, 5, `giá trị không hợp lệ`},
		{"a = 1\n[a.b]\n", 2, 2, "khóa 'a' đã được gán một giá trị, không dùng làm bảng được"},
		{"[[a]]\n[a]\n", 2, 2, "được khai báo hai lần"},
		{"a = [1]\n[[a]]\n", 2, 3, "không dùng làm mảng bảng"},
		{"a = 1,5\n", 1, 6, "dấu phẩy không đúng chỗ: số thập phân viết 9.03"},
		{"\x00a = 1", 1, 1, "UTF-16"},
	}
	for _, tt := range tests {
		_, err := Parse("x.toml", []byte(tt.src))
		var list ErrorList
		if !errors.As(err, &list) || len(list) != 1 {
			t.Errorf("%q: want one error, got %v", tt.src, err)
			continue
		}
		e := list[0]
		if !strings.Contains(e.Msg, tt.want) || e.Line != tt.line || e.Col != tt.col {
			t.Errorf("%q:\n got  %v\n want x.toml:%d:%d: …%s…", tt.src, e, tt.line, tt.col, tt.want)
		}
		if m := english.FindString(e.Msg); m != "" {
			t.Errorf("%q: English %q reaches the user: %s", tt.src, m, e.Msg)
		}
	}
	if got := syntaxMessage("some future complaint"); english.MatchString(got) || got == "" {
		t.Errorf("fallback %q", got)
	}
}

// minimal returns the minimal valid dataset with old replaced by new, which must be in it.
func minimal(t testing.TB, old, new string) []byte {
	t.Helper()
	src := string(mustRead(t, "testdata/minimal.toml"))
	if !strings.Contains(src, old) {
		t.Fatalf("%q is not in minimal.toml", old)
	}
	return []byte(strings.Replace(src, old, new, 1))
}

// nested returns criterion 7.2 of field 7 (the last table of minimal.toml) and n−1 criteria
// below it, each inside the one before: ids n+1 levels deep.
func nested(n int) string {
	var b strings.Builder
	id, table := "7", "fields"
	for i := range n {
		if id += ".1"; i == 0 {
			id = "7.2"
		}
		table += ".criteria"
		fmt.Fprintf(&b, "\n[[%s]]\nid = %q\nname = \"Mức %d\"\nmax = 0.01\n", table, id, i)
		if i == n-1 {
			b.WriteString("score = 0.01\n")
		}
	}
	return b.String()
}

// TestLimits checks that each limit refuses what is over it, with its own message, and
// accepts what is at it.
func TestLimits(t *testing.T) {
	long := strings.Repeat("ệ", MaxTextLen)
	tests := []struct {
		name string
		data []byte
		want string // "" when valid
		line int
	}{
		{"text at the limit", minimal(t, `remedy = "Triển khai mức độ 4"`, `remedy = "`+long+`"`), "", 0},
		{"text over the limit", minimal(t, `remedy = "Triển khai mức độ 4"`, `remedy = "`+long+`x"`),
			"fields[0].criteria[1].remedy: văn bản dài 100001 ký tự, vượt giới hạn 100000 ký tự (MaxTextLen)", 52},
		{"list item over the limit", minimal(t, `to = ["Ban Giám đốc Sở"]`, `to = ["Ban Giám đốc Sở", "`+long+`x"]`),
			"recipients.to[1]: văn bản dài 100001 ký tự", 18},
		{"number text too long", minimal(t, "score = 0.89", `score = "0,`+strings.Repeat("8", 40)+`"`),
			"fields[0].criteria[1].score: số viết dài 42 ký tự, vượt giới hạn 30 (MaxNumberLen)", 51},
		{"ids six levels deep", append(mustRead(t, "testdata/minimal.toml"), nested(5)...), "", 0},
		{"year 0000", minimal(t, `as_of = "14/9/2022"`, `as_of = 0000-01-01`),
			"appendix.as_of: ngày 0000-01-01 nằm ngoài khoảng cho phép: năm phải từ 1900 đến 2999", 32},
		{"year 20222", minimal(t, `as_of = "14/9/2022"`, `as_of = "14/9/20222"`), "appendix.as_of: ngày không hợp lệ", 32},
		{"year 3000", minimal(t, `date = 2022-09-14`, `date = "1/1/3000"`), "document.date: ngày 1/1/3000 nằm ngoài khoảng cho phép", 9},
		{"depth at the limit", minimal(t, "[signer]", "[signer]\n"+strings.Repeat("k.", MaxDepth-2)+"k = 1"), "khóa không hợp lệ", 0},
		{"depth: dotted header", []byte("[" + strings.Repeat("a.", MaxDepth) + "a]\n"), "x.toml:1:129: a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.…: bảng và mảng lồng nhau quá 64 cấp (giới hạn MaxDepth", 1},
		{"depth: dotted key", []byte("[a]\n" + strings.Repeat("b.", MaxDepth-1) + "b = 1\n"), "x.toml:2:126: a.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.…: bảng và mảng lồng nhau quá 64 cấp", 2},
		{"depth: arrays", []byte("a = " + strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth) + "\n"), "x.toml:1:68: a: bảng và mảng lồng nhau quá 64 cấp", 1},
		{"depth: inline tables", []byte("a = " + strings.Repeat("{b = ", MaxDepth/2) + "1" + strings.Repeat("}", MaxDepth/2) + "\n"), "x.toml:1:", 1},
		{"depth: brackets in strings and comments do not count", minimal(t, "[signer]", "[signer]\n# "+strings.Repeat("[", 100)+"\nx = '"+strings.Repeat("{", 100)+"'\ny = \"\"\"\n"+strings.Repeat("[", 100)+"\"\"\"\"\nz = ["+strings.Repeat("\"[\",", 100)+"]\n"), "khóa không hợp lệ", 0},
		{"depth: a string closed by four quotes hides nothing", []byte("a = [\"\"\"x\"\"\"\", " + strings.Repeat("[", 100) + "\n"), "bảng và mảng lồng nhau quá 64 cấp", 1},
		{"too many values", []byte("a = [" + strings.Repeat("1,", MaxValues) + "]\n"), "tệp ghi quá 100000 giá trị", 1},
		{"file too big", make([]byte, MaxFileSize+1), "x.toml: tệp dữ liệu lớn 16 MB, vượt giới hạn 16 MB (MaxFileSize)", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.toml", tt.data)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v\nwant …%s…", err, tt.want)
			}
			var list ErrorList
			if errors.As(err, &list) && tt.line != 0 && list[0].Line != tt.line {
				t.Errorf("line %d, want %d", list[0].Line, tt.line)
			}
			if m := english.FindString(err.Error()); m != "" && !strings.Contains(tt.name, "depth at") {
				t.Errorf("English %q in %v", m, err)
			}
		})
	}
}

// TestTooManyCriteria checks MaxCriteria: one message at the first criterion over it.
func TestTooManyCriteria(t *testing.T) {
	var b strings.Builder
	for i := range MaxCriteria {
		fmt.Fprintf(&b, "\n[[fields.criteria]]\nid = \"7.%d\"\nname = \"Tiêu chí\"\nmax = 0.001\nscore = 0\n", i+2)
	}
	data := append(mustRead(t, "testdata/minimal.toml"), b.String()...)
	_, err := Parse("x.toml", data)
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 1 || !strings.Contains(list[0].Msg, "quá 5000 tiêu chí (kể cả lĩnh vực; giới hạn MaxCriteria)") {
		t.Fatalf("got %v", err)
	}
	if p := list[0].Path; !strings.HasPrefix(p, "fields[6].criteria[") {
		t.Errorf("path %q", p)
	}
}

// TestMaxErrors checks that a file with thousands of problems gets MaxErrors lines and a count.
func TestMaxErrors(t *testing.T) {
	data := minimal(t, "[signer]", "[signer]\n"+strings.Repeat("x = 1\n", 1)+func() string {
		var b strings.Builder
		for i := range 1000 {
			fmt.Fprintf(&b, "k%d = 1\n", i)
		}
		return b.String()
	}())
	_, err := Parse("x.toml", data)
	var list ErrorList
	if !errors.As(err, &list) || len(list) != MaxErrors+1 || !strings.Contains(list[MaxErrors].Msg, "và 801 lỗi khác") {
		t.Fatalf("got %d errors, last %v", len(list), list[len(list)-1])
	}
}

// TestReadRefuses checks that Read refuses what is not a regular file without hanging, and a
// file over MaxFileSize before reading it.
func TestReadRefuses(t *testing.T) {
	dir := t.TempDir()
	if _, err := Read(dir); err == nil || !strings.Contains(err.Error(), "thư mục") {
		t.Errorf("folder: %v", err)
	}
	big := filepath.Join(dir, "big.toml")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(MaxFileSize + 1) // sparse: Read must refuse it on its size alone
	f.Close()
	if _, err := Read(big); err == nil || !strings.Contains(err.Error(), "vượt giới hạn 16 MB (MaxFileSize)") {
		t.Errorf("big file: %v", err)
	}
	if _, err := Read("/dev/null"); err == nil || !strings.Contains(err.Error(), "/dev/null: không phải tệp dữ liệu thông thường (thiết bị ký tự)") {
		t.Errorf("/dev/null: %v", err)
	}
}

// TestExtremeButValid checks that what issue 10 requires of a real department fits within the
// limits: 500 criteria, a cell of 50,000 characters holding every Vietnamese letter, ids six
// levels deep.
func TestExtremeButValid(t *testing.T) {
	letters := "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
	letters += " " + strings.ToUpper(letters) + "\t"
	cell := []rune(strings.Repeat(letters, 50_000/len([]rune(letters))+1))[:50_000]
	var b strings.Builder
	b.Write(mustRead(t, "testdata/minimal.toml"))
	b.WriteString(nested(5))
	for i := range 500 {
		fmt.Fprintf(&b, "\n[[fields.criteria]]\nid = \"7.%d\"\nname = \"Tiêu chí %d\"\nmax = 0.001\nscore = 0\nremedy = %q\n", i+3, i, "Khắc phục: "+letters)
	}
	fmt.Fprintf(&b, "progress = \"\"\"\n%s\"\"\"\n", string(cell))
	d, err := Parse("x.toml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	last := d.Fields[6].Criteria[len(d.Fields[6].Criteria)-1]
	if n := len([]rune(last.Progress)); n < 49_000 || len(d.Fields[6].Criteria) != 502 {
		t.Errorf("%d criteria, last progress %d characters", len(d.Fields[6].Criteria), n)
	}
}

// TestSkipQuoted: skipQuoted, which jumps by IndexByte, ends a one-line string where reading it
// byte by byte does (at the closing quote, a newline, the end; a backslash escapes the next byte
// in a "basic" string only), on random strings of the bytes that matter and on long strings
// full of escapes, which it must read once (cmd/baocao's hostile tests time that).
func TestSkipQuoted(t *testing.T) {
	byByte := func(src string) int {
		q := src[0]
		for j := 1; j < len(src); j++ {
			switch src[j] {
			case '\\':
				if q == '"' {
					j++
				}
			case q:
				return j + 1
			case '\n':
				return j
			}
		}
		return len(src)
	}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte{'"', '\'', '\\', '\n', 'a', 0xe1}
	cases := []string{`"` + strings.Repeat(`\n`, 1<<16) + `"`, `"` + strings.Repeat("a\\\n", 1<<16) + `"`, `'` + strings.Repeat(`\"`, 1<<16)}
	for range 300_000 {
		b := make([]byte, 1+r.IntN(16))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		b[0] = `"'`[r.IntN(2)]
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		if got, want := skipQuoted(s, 0), byByte(s); got != want {
			t.Fatalf("skipQuoted(%.40q) = %d, want %d", s, got, want)
		}
	}
}
