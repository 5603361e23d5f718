package excelize

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestOpenReaderCharsetReader checks that a workbook part in another charset than UTF-8 is an
// error by default and opens with the transcoder given in Options.CharsetReader.
func TestOpenReaderCharsetReader(t *testing.T) {
	f := NewFile()
	assert.NoError(t, f.SetSheetName("Sheet1", "Café"))
	buf, err := f.WriteToBuffer()
	assert.NoError(t, err)
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	assert.NoError(t, err)
	var latin bytes.Buffer
	zw := zip.NewWriter(&latin)
	for _, zf := range zr.File {
		r, err := zf.Open()
		assert.NoError(t, err)
		data, err := io.ReadAll(r)
		assert.NoError(t, err)
		if zf.Name == defaultXMLPathWorkbook {
			data = bytes.Replace(data, []byte(`encoding="UTF-8"`), []byte(`encoding="ISO-8859-1"`), 1)
			data = bytes.ReplaceAll(data, []byte("Café"), []byte("Caf\xe9"))
		}
		w, err := zw.Create(zf.Name)
		assert.NoError(t, err)
		_, err = w.Write(data)
		assert.NoError(t, err)
	}
	assert.NoError(t, zw.Close())

	_, err = OpenReader(bytes.NewReader(latin.Bytes()))
	assert.ErrorContains(t, err, "CharsetReader")

	latin1 := func(label string, input io.Reader) (io.Reader, error) {
		if !strings.EqualFold(label, "ISO-8859-1") {
			return nil, fmt.Errorf("charset %q", label)
		}
		data, err := io.ReadAll(input)
		var s strings.Builder
		for _, c := range data {
			s.WriteRune(rune(c))
		}
		return strings.NewReader(s.String()), err
	}
	f, err = OpenReader(bytes.NewReader(latin.Bytes()), Options{CharsetReader: latin1})
	assert.NoError(t, err)
	assert.Equal(t, []string{"Café"}, f.GetSheetList())
	assert.NoError(t, f.Close())
}
