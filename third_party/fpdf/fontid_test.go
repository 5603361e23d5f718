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
	// A face's widths: mostly runs of zeros (characters it lacks), of every length, some longer
	// than the block they are hashed from, starting and ending the array.
	sparse := make([]int, 65536)
	for i := range sparse {
		if i%977 < 3 || (i > 30000 && i < 30010) {
			sparse[i] = 100 + i%900
		}
	}
	sparse[0], sparse[len(sparse)-1] = 0, 0
	for _, tc := range []struct {
		name string
		def  fontDefType
	}{
		{"nil widths", fontDefType{Tp: "Core", Name: "Courier"}},
		{"empty widths", fontDefType{Tp: "TrueType", Name: "x", Cw: []int{}}},
		{"one width", fontDefType{Tp: "UTF8", Name: `a"Cw":null`, Cw: []int{600}}},
		{"sparse widths", fontDefType{Tp: "UTF8", Name: "liberationserif", Cw: sparse}},
		{"zero widths", fontDefType{Tp: "UTF8", Name: "z", Cw: []int{0, 0, 0}}},
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
