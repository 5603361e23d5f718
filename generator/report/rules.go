package report

import (
	"strings"
	"sync"

	"codeberg.org/go-pdf/fpdf"

	"github.com/baocao-vn/baocao/fonts"
	"github.com/baocao-vn/baocao/templates"
)

// ruleShare is the length of a rule under a heading as a share of the line of text above it:
// Decree 30 (Appendix I) asks for 1/3 to 1/2; the middle leaves room for the difference between
// these metrics and the typeface the reader's office suite substitutes.
const ruleShare = 5.0 / 12

// ruleRune draws a rule when underlined in the template: a figure space, which neither breaks
// a line nor collapses, and which office suites underline in one stroke (LibreOffice draws
// a no-break space's underline glyph by glyph, with gaps).
const ruleRune = "\u2007"

var (
	metricsOnce   sync.Once
	metricsMu     sync.Mutex
	metrics       *fpdf.Fpdf
	metricsFamily string
)

// boldWidth measures text set in the bold face at size points, in points. Liberation Serif
// has the metrics of the Times New Roman the template names.
func boldWidth(text string, size float64) float64 {
	metricsOnce.Do(func() {
		metrics = fpdf.New("P", "pt", "A4", "")
		// The appendix parses the same face: share it (AddUTF8FontFromBytes parsed it again).
		face, err := fonts.Parsed(fonts.Bold)
		if err != nil {
			metrics.SetError(err)
			return
		}
		// Under the appendix's family for the face, whose font ID is derived already.
		if metricsFamily, err = fonts.EmbeddedFamily(1); err != nil {
			metrics.SetError(err)
			return
		}
		metrics.AddUTF8FontFromParsed(metricsFamily, "", face)
	})
	metricsMu.Lock()
	defer metricsMu.Unlock()
	metrics.SetFont(metricsFamily, "", size)
	return metrics.GetStringWidth(text)
}

// lastLine is the last line text takes when set centred in width points: "\n" ends a line,
// longer lines wrap at spaces as a word processor does.
func lastLine(text string, size, width float64) string {
	hard := strings.Split(strings.TrimRight(text, "\n"), "\n")
	words := strings.Fields(hard[len(hard)-1])
	line := ""
	for _, w := range words {
		try := w
		if line != "" {
			try = line + " " + w
		}
		if line != "" && boldWidth(try, size) > width {
			line = w
			continue
		}
		line = try
	}
	return line
}

// rule returns the run of underlined figure spaces, set at size points, that draws a rule
// ruleShare as long as the last line of text set in width points.
func rule(text string, size, width float64) string {
	line := boldWidth(lastLine(text, size, width), size)
	w := boldWidth(ruleRune, size)
	n := int(line*ruleShare/w + 0.5)
	// A short line leaves few figure spaces to choose from: stay within the decree's bounds.
	if float64(n)*w < line/3 {
		n++
	}
	if float64(n)*w > line/2 {
		n--
	}
	return strings.Repeat(ruleRune, max(n, 1))
}

// rules returns the rules under the issuing body and under the subject.
func rules(issuingBody, subject string) (underBody, underSubject string) {
	return rule(issuingBody, templates.IssuingBodySize, templates.HeadLeftWidth/20.0),
		rule(subject, templates.SubjectSize, templates.TextWidth/20.0)
}
