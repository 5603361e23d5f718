package dataset

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// syntaxMessages says in Vietnamese what each complaint of the TOML parser (BurntSushi/toml
// v1.6) means to someone editing a dataset. Each pattern matches one message form of the
// parser; the first that matches wins, so the specific forms come before the general ones.
// TestSyntaxMessages makes every form happen and checks that no English reaches the user.
// The patterns are compiled on the first error, not at start: compiling them was most of the
// package's init, paid by every command on every valid dataset.
var syntaxMessages = sync.OnceValue(func() []syntaxForm {
	return []syntaxForm{
		{re(`^strings cannot contain newlines$`), fixed(`chuỗi thiếu dấu ngoặc kép đóng (đoạn nhiều dòng viết trong """…""")`)},
		{re(`^unexpected EOF; expected value$`), fixed("tệp kết thúc khi còn thiếu giá trị sau dấu =")},
		{re(`^unexpected EOF; expected key separator '='$`), fixed("tệp kết thúc khi khóa chưa có dấu = và giá trị")},
		{re(`^unexpected EOF; expected (.*)$`), func(m []string) string {
			return "tệp kết thúc khi chuỗi chưa được đóng (thiếu " + m[1] + ")"
		}},
		{re(`^unexpected EOF$`), fixed("tệp kết thúc khi chuỗi, mảng hoặc bảng chưa được đóng")},
		{re(`^Key '(.*)' has already been defined\.$`), func(m []string) string {
			return "khóa '" + m[1] + "' được khai báo hai lần"
		}},
		{re(`^Key '(.*)' was already created as a hash\.$`), func(m []string) string {
			return "khóa '" + m[1] + "' đã được gán một giá trị, không dùng làm bảng được"
		}},
		{re(`^Key '(.*)' was already created and cannot be used as an array\.$`), func(m []string) string {
			return "khóa '" + m[1] + "' đã được khai báo, không dùng làm mảng bảng [[…]] được"
		}},
		{re(`^(".*") is not a table$`), func(m []string) string {
			return "khóa " + unquote(m[1]) + " không phải một bảng"
		}},
		{re(`^invalid datetime: (".*")$`), func(m []string) string {
			return "ngày không hợp lệ hoặc không tồn tại: " + m[1]
		}},
		{re(`^expected value but found (.*) instead$`), func(m []string) string {
			return "giá trị không hợp lệ " + m[1] + `: chữ phải đặt trong dấu ngoặc kép "…"`
		}},
		{re(`but got ',' instead$`), fixed(`dấu phẩy không đúng chỗ: số thập phân viết 9.03 hoặc "9,03" (trong ngoặc kép)`)},
		{re(`^expected a top-level item to end with a newline, comment, or EOF, but got (.*) instead$`), func(m []string) string {
			return "sau giá trị chỉ được có chú thích (#…) rồi xuống dòng, không phải " + char(m[1])
		}},
		{re(`^expected end of table array name delimiter '\]', but got (.*) instead$`), func(m []string) string {
			return "tên mảng bảng phải đóng bằng ]], không phải " + char(m[1])
		}},
		{re(`^unexpected (end of table name|table separator) \(table names cannot be empty\)$`), fixed("tên bảng không được để trống")},
		{re(`^expected '\.' or '\]' to end table name, but got (.*) instead$`), func(m []string) string {
			return "tên bảng phải đóng bằng ], không phải " + char(m[1])
		}},
		{re(`^unexpected '=': key name appears blank$`), fixed("thiếu tên khóa trước dấu =")},
		{re(`^unexpected '\.': keys cannot start with a '\.'$`), fixed("tên khóa không được bắt đầu bằng dấu chấm")},
		{re(`^unexpected '='$`), fixed("dấu = không đúng chỗ: thiếu tên khóa")},
		{re(`^unexpected '\.'$`), fixed("dấu chấm không đúng chỗ trong tên khóa")},
		{re(`^expected '\.' or '=', but got (.*) instead$`), func(m []string) string {
			return "sau tên khóa cần dấu =, không phải " + char(m[1]) + ` (tên khóa có dấu cách phải đặt trong ngoặc kép)`
		}},
		{re(`^floats must start with a digit, not '\.'$`), fixed("số thập phân phải bắt đầu bằng chữ số (viết 0.5, không phải .5)")},
		{re(`^unexpected comma$`), fixed("dấu phẩy không đúng chỗ")},
		{re(`^expected a comma \(','\) or array terminator \('\]'\), but got (.*)$`), func(m []string) string {
			return "các phần tử của mảng cách nhau bằng dấu phẩy và mảng đóng bằng ], không phải " + char(m[1])
		}},
		{re(`^expected a comma or an inline table terminator '\}', but got (.*) instead$`), func(m []string) string {
			return "các khóa của bảng {…} cách nhau bằng dấu phẩy và bảng đóng bằng }, không phải " + char(m[1])
		}},
		{re(`^unexpected '""""""'$`), fixed(`chuỗi """…""" có quá nhiều dấu ngoặc kép liền nhau`)},
		{re(`^unexpected "''''''"$`), fixed(`chuỗi '''…''' có quá nhiều dấu nháy liền nhau`)},
		{re(`^expected (two|four|eight) hexadecimal digits after '\\(.)', but got (.*) instead$`), func(m []string) string {
			n := map[string]string{"two": "2", "four": "4", "eight": "8"}[m[1]]
			return `sau \` + m[2] + " cần " + n + " chữ số thập lục phân, không phải " + unquote(m[3]) + ` (muốn viết dấu \ thì viết \\)`
		}},
		{re(`^(?:invalid escape in string '\\(.)'|invalid escape: '\\(.)')$`), func(m []string) string {
			return `dãy thoát \` + m[1] + m[2] + ` không hợp lệ trong chuỗi (muốn viết dấu \ thì viết \\, hoặc dùng chuỗi '…')`
		}},
		{re(`^Escaped character '\\u(.*)' is not valid UTF-8\.$`), func(m []string) string {
			return `ký tự \u` + m[1] + " không phải ký tự Unicode hợp lệ"
		}},
		{re(`^invalid float: '(.*)'$`), func(m []string) string { return "số thực không hợp lệ: " + m[1] }},
		{re(`^Invalid float value: (".*")$`), func(m []string) string { return "số thực không hợp lệ: " + unquote(m[1]) }},
		{re(`^Invalid (integer|float) (".*"): underscores must be surrounded by digits$`), func(m []string) string {
			return "số " + unquote(m[2]) + " không hợp lệ: dấu _ phải nằm giữa hai chữ số"
		}},
		{re(`^Invalid (integer|float) (".*"): cannot have leading zeroes$`), func(m []string) string {
			return "số " + unquote(m[2]) + " không hợp lệ: không được có chữ số 0 ở đầu"
		}},
		{re(`^Invalid float (".*"): '\.' must be followed by one or more digits$`), func(m []string) string {
			return "số " + unquote(m[1]) + " không hợp lệ: sau dấu chấm phải có chữ số"
		}},
		{re(`^cannot use sign with non-decimal numbers: '(.*)'$`), func(m []string) string {
			return "số viết theo hệ 16, 8 hoặc 2 không được có dấu + hoặc -: " + m[1]
		}},
		{re(`^expected a digit but got (.*)$`), func(m []string) string { return "cần một chữ số, không phải " + char(m[1]) }},
		{re(`^not an? (binary|octal|hexadecimal) number: '(.*)'$`), func(m []string) string {
			base := map[string]string{"binary": "nhị phân", "octal": "bát phân", "hexadecimal": "thập lục phân"}[m[1]]
			return "không phải số " + base + ": " + m[2]
		}},
		{re(`^(.*) is out of range for int64$`), func(m []string) string {
			return "số nguyên " + m[1] + " quá lớn (số nguyên phải nằm trong khoảng ±9223372036854775807)"
		}},
		{re(`^(.*) is out of range for float64$`), func(m []string) string { return "số " + m[1] + " quá lớn" }},
		{re(`^(.*) is out of the safe (.*) range$`), func(m []string) string { return "số " + m[1] + " quá lớn" }},
		{re(`^TOML files cannot contain control characters: '0x0d'$`), fixed(
			"ký tự CR (0x0D) đứng một mình: tệp xuống dòng theo kiểu máy Mac cũ; hãy lưu lại với kiểu xuống dòng LF (Unix) hoặc CRLF (Windows)")},
		{re(`^TOML files cannot contain control characters: '0x(..)'$`), func(m []string) string {
			return "tệp chứa ký tự điều khiển 0x" + strings.ToUpper(m[1]) + " (không in ra được): hãy xóa nó"
		}},
		{re(`^invalid UTF-8 byte: 0x(..)$`), func(m []string) string {
			return "văn bản không phải UTF-8 hợp lệ (byte 0x" + strings.ToUpper(m[1]) + "); hãy lưu tệp với bảng mã UTF-8"
		}},
		{re(`^files cannot contain NULL bytes`), fixed("tệp chứa byte NUL: có lẽ được lưu với bảng mã UTF-16; hãy lưu tệp với bảng mã UTF-8")},
		{re(`^newlines not allowed within inline tables$`), fixed("bảng {…} phải viết trên một dòng")},
		{re(`^invalid duration: (".*")$`), func(m []string) string { return "khoảng thời gian không hợp lệ: " + unquote(m[1]) }},
	}
})

// syntaxForm is one message form of the parser and its translation.
type syntaxForm struct {
	re  *regexp.Regexp
	say func(m []string) string
}

// re compiles a message form; "." matches a newline too, which a quoted character may be.
func re(s string) *regexp.Regexp { return regexp.MustCompile("(?s)" + s) }

func fixed(s string) func([]string) string { return func([]string) string { return s } }

// syntaxMessage translates one message of the TOML parser. A form it does not know (a newer
// parser's) gets a general message: the caller adds the line and column, which say where.
func syntaxMessage(m string) string {
	if s, ok := translate(m); ok {
		return oneLine.Replace(s)
	}
	return "cú pháp TOML không hợp lệ tại vị trí này"
}

// oneLine keeps a message on its line: the parser quotes some text raw, a newline included.
var oneLine = strings.NewReplacer("\r\n", "↵", "\n", "↵", "\r", "↵")

// translate returns the Vietnamese for a message form it knows.
func translate(m string) (string, bool) {
	for _, t := range syntaxMessages() {
		if g := t.re.FindStringSubmatch(m); g != nil {
			for i := range g[1:] {
				g[i+1] = clip(g[i+1], maxQuoted)
			}
			return t.say(g), true
		}
	}
	return "", false
}

// char names a character the parser quoted (Go's %q of a rune or string) as a user sees it.
func char(q string) string {
	s := unquote(q)
	switch s {
	case "\n":
		return "dấu xuống dòng"
	case "\r":
		return "ký tự CR"
	case "\t":
		return "dấu tab"
	case " ":
		return "dấu cách"
	case "EOF", "":
		return "hết tệp"
	}
	return "„" + s + "”"
}

// unquote undoes Go's quoting of a rune or string, leaving other text as it is.
func unquote(q string) string {
	if len(q) >= 2 && q[0] == '\'' && q[len(q)-1] == '\'' {
		if r, _, tail, err := strconv.UnquoteChar(q[1:len(q)-1], '\''); err == nil && tail == "" {
			return string(r)
		}
		return q[1 : len(q)-1]
	}
	if s, err := strconv.Unquote(q); err == nil {
		return s
	}
	return q
}
