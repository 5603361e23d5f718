package zipflate

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"strings"
	"testing"
)

// TestPrebuilt: a registered part is written from its prebuilt Deflate when it holds exactly
// the registered content (a Deflate other than ours shows it was used, and the archive reads
// back), and compressed as usual when it holds anything else.
func TestPrebuilt(t *testing.T) {
	data := strings.Repeat("<fixed>phần không đổi</fixed>", 200)
	var z bytes.Buffer
	fw, _ := flate.NewWriter(&z, flate.BestCompression)
	io.WriteString(fw, data)
	fw.Close()
	Prebuilt("prebuilt/fixed.xml", data, z.String(), crc32.ChecksumIEEE([]byte(data)))

	parts := map[string]string{"prebuilt/fixed.xml": data, "other.xml": "<x/>"}
	got := ordered(t, parts)
	if bytes.Equal(got, reference(t, parts)) {
		t.Fatal("the registered Deflate was not used")
	}
	if !bytes.Contains(got, z.Bytes()) {
		t.Error("the archive does not hold the registered Deflate")
	}
	zr, err := zip.NewReader(bytes.NewReader(got), int64(len(got)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		if err != nil || string(b) != parts[f.Name] {
			t.Errorf("%s reads back %d bytes, %v", f.Name, len(b), err)
		}
	}

	changed := map[string]string{"prebuilt/fixed.xml": data + " ", "other.xml": "<x/>"}
	if got, want := ordered(t, changed), reference(t, changed); !bytes.Equal(got, want) {
		t.Error("a registered part with other content is not compressed as usual")
	}
}
