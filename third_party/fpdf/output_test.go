// Copyright ©2026 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"
)

// TestBytes checks that Bytes gives what Output writes, and the document's error.
func TestBytes(t *testing.T) {
	doc := func() *Fpdf {
		f := New("L", "mm", "A4", "")
		f.SetCatalogSort(true)
		at := time.Date(2022, 9, 14, 0, 0, 0, 0, time.UTC)
		f.SetCreationDate(at)
		f.SetModificationDate(at)
		f.SetFont("Helvetica", "", 12)
		f.AddPage()
		f.Text(20, 20, "Bytes (no copy)")
		f.Line(10, 10, 100, 10)
		return f
	}
	var want bytes.Buffer
	if err := doc().Output(&want); err != nil {
		t.Fatal(err)
	}
	got, err := doc().Bytes()
	if err != nil || !bytes.Equal(got, want.Bytes()) {
		t.Errorf("Bytes gave %d bytes (%v), Output %d", len(got), err, want.Len())
	}
	bad := doc()
	bad.SetError(errors.New("broken"))
	if b, err := bad.Bytes(); err == nil || b != nil {
		t.Errorf("Bytes of a document in error: %d bytes, %v", len(b), err)
	}
}

// TestRoomAfterPages: the room putpages makes in the document's buffer holds the whole
// document, so that the buffer never grows again, for short and long documents in one to
// three UTF-8 faces and a core font, compressed or not, their subsets cut or cached.
func TestRoomAfterPages(t *testing.T) {
	var faces []*UTF8Font
	for _, name := range []string{"Regular", "Bold", "Italic"} {
		b, err := os.ReadFile("../../fonts/LiberationSerif-" + name + ".ttf")
		if err != nil {
			t.Skip(err)
		}
		face, err := ParseUTF8Font(b)
		if err != nil {
			t.Fatal(err)
		}
		faces = append(faces, face)
	}
	line := "KẾT QUẢ KHẮC PHỤC các tồn tại, hạn chế — Chỉ số cải cách hành chính năm 2021: 1.234,56 điểm"
	for _, pages := range []int{1, 6, 40} {
		for nfaces := 1; nfaces <= len(faces); nfaces++ {
			for _, compress := range []bool{true, false} {
				for run := range 2 { // the second run finds the subsets in cutCache
					f := New("L", "mm", "A4", "")
					f.SetCompression(compress)
					for i, face := range faces[:nfaces] {
						f.AddUTF8FontFromParsed(fmt.Sprint("f", i), "", face)
					}
					for p := range pages {
						f.AddPage()
						f.SetFont("Helvetica", "", 10)
						f.Text(10, 10, fmt.Sprint("page ", p+1))
						for i := range 30 {
							f.SetFont(fmt.Sprint("f", i%nfaces), "", 10)
							f.Text(10, float64(20+5*i), fmt.Sprint(line, " ", p*30+i))
						}
					}
					out, err := f.Bytes()
					if err != nil {
						t.Fatal(err)
					}
					var deflated []*membuffer
					if compress {
						for _, page := range f.pages[1:] {
							deflated = append(deflated, xmem.compress(page.Bytes()))
						}
					}
					if room := f.roomAfterPages(deflated); len(out) > room {
						t.Errorf("%d pages, %d faces, compressed %v, run %d: %d bytes, room made for %d",
							pages, nfaces, compress, run+1, len(out), room)
					}
				}
			}
		}
	}
}
