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
	readsBack(t, got, parts)

	changed := map[string]string{"prebuilt/fixed.xml": data + " ", "other.xml": "<x/>"}
	if got, want := ordered(t, changed), reference(t, changed); !bytes.Equal(got, want) {
		t.Error("a registered part with other content is not compressed as usual")
	}
}

// TestPrebuiltWrittenInPieces: a registered part written in pieces is matched piece by piece;
// one that differs, stops short or goes on past the registered content is written as it was
// written, compressed as usual.
func TestPrebuiltWrittenInPieces(t *testing.T) {
	data := strings.Repeat("<piece>phần không đổi</piece>", 100)
	var z bytes.Buffer
	fw, _ := flate.NewWriter(&z, flate.BestCompression)
	io.WriteString(fw, data)
	fw.Close()
	const name = "prebuilt/pieces.xml"
	Prebuilt(name, data, z.String(), crc32.ChecksumIEEE([]byte(data)))
	for _, tc := range []struct {
		pieces   []string
		prebuilt bool
	}{
		{[]string{data[:7], data[7:500], "", data[500:]}, true},
		{[]string{data[:500], "x", data[501:]}, false},
		{[]string{data[:500], data[500 : len(data)-1]}, false},
		{[]string{data, "<more/>"}, false},
		{[]string{data[:100], data[100:] + "<more/>"}, false},
		{[]string{"other" + data[5:]}, false},
	} {
		content := strings.Join(tc.pieces, "")
		var out bytes.Buffer
		o := NewOrdered(&out, false)
		w, err := o.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range tc.pieces {
			if n, err := w.Write([]byte(p)); n != len(p) || err != nil {
				t.Fatalf("Write: %d, %v", n, err)
			}
		}
		if err := o.Close(); err != nil {
			t.Fatal(err)
		}
		if got := bytes.Contains(out.Bytes(), z.Bytes()); got != tc.prebuilt {
			t.Errorf("%d pieces, %d bytes: prebuilt Deflate used %v, want %v", len(tc.pieces), len(content), got, tc.prebuilt)
		}
		if !tc.prebuilt && !bytes.Equal(out.Bytes(), reference(t, map[string]string{name: content})) {
			t.Errorf("%d pieces, %d bytes: not what zip.Writer writes", len(tc.pieces), len(content))
		}
		zr, err := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
		if err != nil {
			t.Fatal(err)
		}
		r, _ := zr.File[0].Open()
		if b, err := io.ReadAll(r); err != nil || string(b) != content {
			t.Errorf("%d pieces: reads back %d bytes, want %d (%v)", len(tc.pieces), len(b), len(content), err)
		}
	}
}
