package fonts

import (
	"bytes"
	"testing"

	"codeberg.org/go-pdf/fpdf"
)

func TestParsedOncePerSlice(t *testing.T) {
	a, err := Parsed(Bold)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := Parsed(Bold); b != a {
		t.Error("the same slice was parsed twice")
	}
	if c, err := Parsed(bytes.Clone(Bold)); err != nil || c == a {
		t.Errorf("a copy of the bytes: %p, %v; want its own parse", c, err)
	}
	for _, bad := range [][]byte{nil, []byte("not a font at all"), Bold[:100]} {
		if _, err := Parsed(bad); err == nil {
			t.Errorf("Parsed(%d bytes of garbage): no error", len(bad))
		}
	}
}

// TestPreparsedIsCurrent checks that each embedded face's build-time parse is what parsing
// the face gives now: a face or an fpdf that changed without go generate fails here.
func TestPreparsedIsCurrent(t *testing.T) {
	for s, face := range Embedded() {
		want, err := Preparse(face.Data, s)
		if err != nil {
			t.Fatalf("%s: %v", face.Path, err)
		}
		if got := preparsed(face.Data); !bytes.Equal(got, want) {
			t.Errorf("%s: the embedded parse (%d bytes) is stale (%d bytes now): run go generate ./fonts", face.Path, len(got), len(want))
		}
	}
}

// TestParsedLoadsEmbedded checks that Parsed gives for an embedded face, loaded from its
// build-time parse, the face a parse gives, and that only the embedded slices are loaded so.
func TestParsedLoadsEmbedded(t *testing.T) {
	for s, face := range Embedded() {
		pre := preparsed(face.Data)
		if pre == nil {
			t.Fatalf("%s: no build-time parse", face.Path)
		}
		if _, err := fpdf.LoadUTF8Font(face.Data, pre); err != nil {
			t.Errorf("%s: %v", face.Path, err)
		}
		font, err := Parsed(face.Data)
		if err != nil {
			t.Fatalf("%s: %v", face.Path, err)
		}
		got, err := font.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if want, _ := Preparse(face.Data, s); !bytes.Equal(got, want) {
			t.Errorf("%s: Parsed differs from a parse of the face", face.Path)
		}
		if preparsed(bytes.Clone(face.Data)) != nil {
			t.Errorf("%s: a copy of the face's bytes was taken for the embedded face", face.Path)
		}
	}
}

// TestEmbeddedFamily checks that each embedded face's family is a placeholder as long as its
// tagged subset name, as the appendix's renaming needs.
func TestEmbeddedFamily(t *testing.T) {
	for s, face := range Embedded() {
		family, err := EmbeddedFamily(s)
		if err != nil {
			t.Fatalf("%s: %v", face.Path, err)
		}
		info, err := ReadInfo(face.Data)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len("utf8"+family), len("ABCDEF+"+PDFName(info.PostScriptName)); got != want {
			t.Errorf("%s: family %q gives a name of %d bytes, the subset's is %d", face.Path, family, got, want)
		}
	}
}
