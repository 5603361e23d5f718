// Copyright ©2026 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"crypto/sha1"
	"encoding/json"
	"fmt"
	"testing"
)

// TestGenerateFontIDMatchesJSON checks that the hand-written widths hash exactly as the JSON
// encoding of the whole definition did.
func TestGenerateFontIDMatchesJSON(t *testing.T) {
	many := make([]int, 65536)
	for i := range many {
		many[i] = (i*7919)%3001 - 500
	}
	for _, tc := range []struct {
		name string
		def  fontDefType
	}{
		{"nil widths", fontDefType{Tp: "Core", Name: "Courier"}},
		{"empty widths", fontDefType{Tp: "TrueType", Name: "x", Cw: []int{}}},
		{"one width", fontDefType{Tp: "UTF8", Name: `a"Cw":null`, Cw: []int{600}}},
		{"a face's widths", fontDefType{Tp: "UTF8", Name: "dejavusans", Desc: FontDescType{Ascent: 928, Descent: -236, MissingWidth: 600}, Up: -63, Ut: 44, Cw: many, File: "f.z"}},
	} {
		want := tc.def
		want.File = ""
		b, err := json.Marshal(&want)
		if err != nil {
			t.Fatal(err)
		}
		got, err := generateFontID(tc.def)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if w := fmt.Sprintf("%x", sha1.Sum(b)); got != w {
			t.Errorf("%s: id %s, JSON's %s", tc.name, got, w)
		}
	}
}
