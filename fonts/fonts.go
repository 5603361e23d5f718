// Package fonts embeds the Liberation Serif typeface (SIL Open Font License 1.1, see
// LICENSE-OFL.txt), metric-compatible with the Times New Roman that Decree 30/2020/NĐ-CP names,
// so that every PDF baocao writes renders the same on any machine and nothing is fetched at run time.
package fonts

import _ "embed"

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
