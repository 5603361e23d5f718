package form

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator/docxtpl"
)

var (
	tagRE  = regexp.MustCompile(`<[^>]*>`)
	paraRE = regexp.MustCompile(`(?s)<p class="[^"]*">(.*?)</p>`)
)

// htmlText is the text a browser shows of a fragment: tags dropped, a paragraph or a line
// break ending a line, entities read.
func htmlText(s string) string {
	s = strings.ReplaceAll(s, "<br>", "\n")
	s = strings.ReplaceAll(s, "</p>", "\n")
	return html.UnescapeString(tagRE.ReplaceAllString(s, ""))
}

// htmlParagraphs is the text of each <p> of a fragment, line breaks as "\n".
func htmlParagraphs(s string) []string {
	var out []string
	for _, m := range paraRE.FindAllStringSubmatch(s, -1) {
		out = append(out, html.UnescapeString(tagRE.ReplaceAllString(strings.ReplaceAll(m[1], "<br>", "\n"), "")))
	}
	return out
}

// docxParagraphs reads a .docx's body paragraphs as docxtpl's reader (independent of the
// preview's) sees them.
func docxParagraphs(t testing.TB, docx []byte) []string {
	t.Helper()
	ps, err := docxtpl.Paragraphs(docx, "")
	if err != nil {
		t.Fatal(err)
	}
	return ps
}
