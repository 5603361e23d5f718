// Package fonts embeds the Liberation Serif typeface (SIL Open Font License 1.1, see
// LICENSE-OFL.txt), metric-compatible with the Times New Roman that Decree 30/2020/NĐ-CP names,
// so that every PDF baocao writes renders the same on any machine and nothing is fetched at run time.
package fonts

import _ "embed"

//go:generate go run ./internal/preparse -dir .

// Family is the family name under which the faces are registered in a PDF.
const Family = "LiberationSerif"

var (
	//go:embed LiberationSerif-Regular.ttf
	Regular []byte
	//go:embed LiberationSerif-Bold.ttf
	Bold []byte
	//go:embed LiberationSerif-Italic.ttf
	Italic []byte
	//go:embed LiberationSerif-BoldItalic.ttf
	BoldItalic []byte
)

// The faces as fpdf parses them, written by go generate (internal/preparse) and checked
// against the faces by TestPreparsedIsCurrent: loading one takes a fraction of parsing it, which
// was the largest one-time cost of a process rendering one appendix.
var (
	//go:embed LiberationSerif-Regular.parsed
	regularParsed []byte
	//go:embed LiberationSerif-Bold.parsed
	boldParsed []byte
	//go:embed LiberationSerif-Italic.parsed
	italicParsed []byte
	//go:embed LiberationSerif-BoldItalic.parsed
	boldItalicParsed []byte
)
