package docxtpl

import (
	"strings"
	"unicode"
)

// tagKind says what a tag does.
type tagKind int

const (
	tagField    tagKind = iota // {name}
	tagOpen                    // {#name}
	tagInverted                // {^name}
	tagClose                   // {/name}
)

// token is one tag found in a paragraph's text.
type token struct {
	kind tagKind
	name string // "so_hieu", "a.b", "."
	raw  string // the tag as written, "{#muc}"
	pos  int    // byte offset of '{' in the paragraph text
	end  int    // byte offset just after '}'
}

// lexProblem is a malformed tag: where it is and what is wrong.
type lexProblem struct {
	pos, end int
	tag      string
	msg      string
}

// lex finds the tags in the text of one paragraph. Text outside braces is literal; a lone "}"
// is literal text too, while a "{" must be closed in the same paragraph.
func lex(text string) ([]token, []lexProblem) {
	var (
		toks  []token
		probs []lexProblem
	)
	// Past MaxTags the template is refused anyway: stop collecting.
	for i := 0; i < len(text) && len(toks)+len(probs) <= MaxTags; {
		open := strings.IndexByte(text[i:], '{')
		if open < 0 {
			break
		}
		open += i
		rel := strings.IndexAny(text[open+1:], "{}")
		if rel < 0 {
			// Quote the tag up to the end of its word, not the rest of the paragraph.
			end := strings.IndexFunc(text[open:], unicode.IsSpace)
			if end < 0 {
				end = len(text)
			} else {
				end += open
			}
			probs = append(probs, lexProblem{pos: open, end: end, tag: text[open:end], msg: "thẻ chưa đóng: có \"{\" mà không có \"}\""})
			break
		}
		close := open + 1 + rel
		if text[close] == '{' {
			probs = append(probs, lexProblem{pos: open, end: close, tag: text[open:close], msg: "thẻ chưa đóng: \"{\" đứng trước \"}\" của thẻ này"})
			i = close
			continue
		}
		raw := text[open : close+1]
		body := strings.TrimSpace(text[open+1 : close])
		kind := tagField
		if body != "" {
			switch body[0] {
			case '#':
				kind = tagOpen
			case '^':
				kind = tagInverted
			case '/':
				kind = tagClose
			}
			if kind != tagField {
				body = strings.TrimSpace(body[1:])
			}
		}
		if !validName(body) {
			probs = append(probs, lexProblem{pos: open, end: close + 1, tag: raw, msg: "thẻ sai dạng " + quote(raw) + ": tên gồm chữ, số và \"_\", nối bằng \".\""})
		} else {
			toks = append(toks, token{kind: kind, name: body, raw: raw, pos: open, end: close + 1})
		}
		i = close + 1
	}
	return toks, probs
}

// validName accepts "." and dotted identifiers such as "a", "muc.so", "a_1.b".
func validName(s string) bool {
	if s == "." {
		return true
	}
	if s == "" {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if part == "" {
			return false
		}
		for _, r := range part {
			if r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				return false
			}
		}
	}
	return true
}
