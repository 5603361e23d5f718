// Copyright ©2026 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"bytes"
	"errors"
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
