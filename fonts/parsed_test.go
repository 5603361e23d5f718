package fonts

import (
	"bytes"
	"testing"
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
