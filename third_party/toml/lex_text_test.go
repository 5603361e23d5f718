package toml

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestLexText: the lexer takes the text of strings and comments, bare keys and
// white space a run at a time (skipText, skip, lexBareName; baocao's patch), and
// gives the same items, positions and errors as the published lexer, one rune
// at a time, does: the expectations are what v1.6.0 gives, including where a
// run stops on a control character, invalid or cut UTF-8, a newline or the end
// of the input, and backing up over runes of several bytes after a run.
func TestLexText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a = \"Việt Nam – ₫ ✓\" # chú thích ở đây\nb = 'lit\\eral ồ'\n",
			"KeyStart()@1:0+1|Text(a)@1:0+1|KeyEnd(=)@1:2+1|String(Việt Nam – ₫ ✓)@1:5+22|CommentStart()@1:30+1|Text( chú thích ở đây)@1:30+22|KeyStart()@2:53+1|Text(b)@2:53+1|KeyEnd(=)@2:55+1|String(lit\\eral ồ)@2:58+12|EOF()@3:72+1"},
		{"k = \"\"\"\ndòng một\n  dòng \"hai\" \\\n  ba\"\"\"\nm = '''\nthô ''ồ'' '''\n",
			"KeyStart()@1:0+1|Text(k)@1:0+1|KeyEnd(=)@1:2+1|String(\ndòng một\n  dòng \"hai\" \\\n  ba)@4:7+33|KeyStart()@5:44+1|Text(m)@5:44+1|KeyEnd(=)@5:46+1|String(\nthô ''ồ'' )@6:51+14|EOF()@7:69+1"},
		{"a = \"tab\there\"\nb = \"esc \\u00e9 \\\" q\"\n",
			"KeyStart()@1:0+1|Text(a)@1:0+1|KeyEnd(=)@1:2+1|String(tab\there)@1:5+8|KeyStart()@2:15+1|Text(b)@2:15+1|KeyEnd(=)@2:17+1|String(esc \\u00e9 \\\" q)@2:20+15|EOF()@3:37+1"},
		{"   \t  spaced-key_1   =   \"x\"  \t # c\n[ t . u ]\n[[ v ]]\n",
			"KeyStart()@1:6+1|Text(spaced-key_1)@1:6+12|KeyEnd(=)@1:21+1|String(x)@1:26+1|CommentStart()@1:33+1|Text( c)@1:33+2|TableStart([)@2:36+1|Text(t)@2:38+1|Text(u)@2:42+1|TableEnd(])@2:44+1|ArrayTableStart([[)@3:46+2|Text(v)@3:49+1|ArrayTableEnd(]])@3:51+2|EOF()@4:54+1"},
		{"a = \"ồ\x01\"\n",
			"KeyStart()@1:0+1|Text(a)@1:0+1|KeyEnd(=)@1:2+1|Error(TOML files cannot contain control characters: '0x01')@1:7+1"},
		{"# comment \x7f here\n",
			"CommentStart()@1:1+1|Error(TOML files cannot contain control characters: '0x7f')@1:9+1"},
		{"a = \"ồ\xff\"\n",
			"KeyStart()@1:0+1|Text(a)@1:0+1|KeyEnd(=)@1:2+1|Error(invalid UTF-8 byte: 0xff)@1:5+3"},
		{"a = \"abc\xe1\xba\"\n",
			"KeyStart()@1:0+1|Text(a)@1:0+1|KeyEnd(=)@1:2+1|Error(invalid UTF-8 byte: 0xe1)@1:5+3"},
		{"a = \"open ồ\n",
			"KeyStart()@1:0+1|Text(a)@1:0+1|KeyEnd(=)@1:2+1|Error(strings cannot contain newlines)@1:13+1"},
		{"a = 'open ồ\n",
			"KeyStart()@1:0+1|Text(a)@1:0+1|KeyEnd(=)@1:2+1|Error(strings cannot contain newlines)@1:13+1"},
		{"a = \"\"\"ồ\x00\"\"\"\n",
			"KeyStart()@1:0+1|Text(a)@1:0+1|KeyEnd(=)@1:2+1|Error(TOML files cannot contain control characters: '0x00')@1:9+1"},
		{"a = \"x\"\r\nb = \"y\" # c\r\n",
			"KeyStart()@1:0+1|Text(a)@1:0+1|KeyEnd(=)@1:2+1|String(x)@1:5+1|KeyStart()@2:9+1|Text(b)@2:9+1|KeyEnd(=)@2:11+1|String(y)@2:14+1|CommentStart()@2:18+1|Text( c)@2:18+2|EOF()@3:22+1"},
		{"a = \"x\" # c\rb = 1\n",
			"KeyStart()@1:0+1|Text(a)@1:0+1|KeyEnd(=)@1:2+1|String(x)@1:5+1|CommentStart()@1:9+1|Error(TOML files cannot contain control characters: '0x0d')@1:10+1"},
		{"# no newline at end ồ",
			"CommentStart()@1:1+1|Text( no newline at end ồ)@1:1+22|EOF()@1:23+1"},
		{"a = \"unterminated ồ",
			"KeyStart()@1:0+1|Text(a)@1:0+1|KeyEnd(=)@1:2+1|Error(unexpected EOF; expected '\"')@1:20+1"},
		{"a = '''ồ'''''\n",
			"KeyStart()@1:0+1|Text(a)@1:0+1|KeyEnd(=)@1:2+1|String(ồ'')@1:7+5|EOF()@2:16+1"},
		{"a = \"\"\"ồ\"\"\"\"\"\n",
			"KeyStart()@1:0+1|Text(a)@1:0+1|KeyEnd(=)@1:2+1|String(ồ\"\")@1:7+5|EOF()@2:16+1"},
		{"a = \"\"\"ồ\"\"\"\"\"\"\n",
			"KeyStart()@1:0+1|Text(a)@1:0+1|KeyEnd(=)@1:2+1|Error(unexpected '\"\"\"\"\"\"')@1:7+8"},
		{"ồ = 1\n",
			"KeyStart()@1:0+1|Text()@1:0+1|Error(expected '.' or '=', but got 'ồ' instead)@1:0+3"},
		{"a.\"ồ\".'c' = 1\n",
			"KeyStart()@1:0+1|Text(a)@1:0+1|String(ồ)@1:3+3|String(c)@1:9+1|KeyEnd(=)@1:12+1|Integer(1)@1:14+1|EOF()@2:16+1"},
		{"abc\x01 = 1\n",
			"KeyStart()@1:0+1|Error(TOML files cannot contain control characters: '0x01')@1:2+1"},
	} {
		if got := lexItems(tc.in); got != tc.want {
			t.Errorf("lex(%q):\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
}

// lexItems is every item the lexer gives for in, with its position, up to EOF
// or the first error.
func lexItems(in string) string {
	lx := lex(in)
	var got []string
	for {
		it := lx.nextItem()
		if it.typ == itemError {
			got = append(got, fmt.Sprintf("Error(%v)@%d:%d+%d", it.err, it.pos.Line, it.pos.Start, it.pos.Len))
			break
		}
		got = append(got, fmt.Sprintf("%s(%s)@%d:%d+%d", it.typ, it.val, it.pos.Line, it.pos.Start, it.pos.Len))
		if it.typ == itemEOF {
			break
		}
	}
	return strings.Join(got, "|")
}

// TestSkipText: a run ends where the published lexer's next would stop on the
// byte (a quote, a backslash, a control character, invalid or cut UTF-8), for
// every lead byte followed by every kind of continuation byte; and backup steps
// back over the run's last runes as after next.
func TestSkipText(t *testing.T) {
	want := func(s string) (end int, widths []int) {
		for end < len(s) {
			r, w := utf8.DecodeRuneInString(s[end:])
			if r == utf8.RuneError && w == 1 || r == '"' || r == '\\' || isControl(r) || isNL(r) {
				break
			}
			widths = append(widths, w)
			end += w
		}
		return end, widths
	}
	conts := []byte{0x00, '"', '\\', 'a', 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xe1, 0xff}
	for b0 := 0; b0 < 256; b0++ {
		for _, b1 := range conts {
			for _, b2 := range conts {
				for _, b3 := range conts {
					seq := []byte{byte(b0), b1, b2, b3}
					for cut := 1; cut <= len(seq); cut++ {
						s := "ồx" + string(seq[:cut])
						lx := lex(s)
						lx.skipText('"', '\\')
						end, widths := want(s)
						if lx.pos != end {
							t.Fatalf("skipText on %q stopped at %d, want %d", s, lx.pos, end)
						}
						for i := len(widths) - 1; i >= 0 && i >= len(widths)-4; i-- {
							lx.backup()
							if end -= widths[i]; lx.pos != end {
								t.Fatalf("backup after skipText on %q went to %d, want %d", s, lx.pos, end)
							}
						}
					}
				}
			}
		}
	}
}
