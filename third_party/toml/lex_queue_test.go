package toml

import (
	"strings"
	"testing"
)

// TestLexQueue: the lexer hands the parser its items in the order the states emitted them,
// several from one state included (a table header, an inline table, a datetime), up to the
// error that ends lexing, as the published lexer does (the expectations are what it gives);
// the items are kept in a slice rather than a channel (baocao's patch).
func TestLexQueue(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a = [1, 2, {b = \"c\"}] # n\n[t.u]\nx = 1979-05-27T07:32:00Z\n[[arr]]\ny = '''m\nl'''\n",
			"KeyStart()|Text(a)|KeyEnd(=)|Array()|Integer(1)|Integer(2)|InlineTableStart()|KeyStart()|Text(b)|KeyEnd(=)|String(c)|InlineTableEnd()|ArrayEnd()|CommentStart()|Text( n)|TableStart([)|Text(t)|Text(u)|TableEnd(])|KeyStart()|Text(x)|KeyEnd(=)|DateTime(1979-05-27T07:32:00Z)|ArrayTableStart([[)|Text(arr)|ArrayTableEnd(]])|KeyStart()|Text(y)|KeyEnd(=)|String(m\nl)|EOF()"},
		{"a = 1\nb = \"open\n", "KeyStart()|Text(a)|KeyEnd(=)|Integer(1)|KeyStart()|Text(b)|KeyEnd(=)|Error"},
	} {
		lx := lex(tc.in)
		var got []string
		for {
			it := lx.nextItem()
			if it.typ == itemError {
				got = append(got, "Error")
				break
			}
			got = append(got, it.typ.String()+"("+it.val+")")
			if it.typ == itemEOF {
				break
			}
		}
		if g := strings.Join(got, "|"); g != tc.want {
			t.Errorf("lex(%q):\n got %s\nwant %s", tc.in, g, tc.want)
		}
	}
}
