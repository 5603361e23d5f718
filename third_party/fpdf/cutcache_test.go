// Copyright ©2026 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"math/rand"
	"slices"
	"testing"
)

// TestWidthCIDs checks widthCIDs against the walk it replaced: every CID from 1 up to the
// last rune, keeping those up to 255 and those of runes printed (a zero count is not printed).
func TestWidthCIDs(t *testing.T) {
	rnd := rand.New(rand.NewSource(1))
	for i := range 200 {
		used := map[int]int{}
		for range rnd.Intn(300) {
			r := rnd.Intn(0x2200)
			used[r] = r
			if rnd.Intn(20) == 0 {
				used[r] = 0
			}
		}
		font := &fontDefType{usedRunes: used}
		end := rnd.Intn(0x2300) + 1
		var want []int
		for cid := 1; cid < end; cid++ {
			if numb, ok := used[cid]; cid > 255 && (!ok || numb == 0) {
				continue
			}
			want = append(want, cid)
		}
		if got := widthCIDs(font, 1, end); !slices.Equal(got, want) {
			t.Fatalf("case %d: widthCIDs gives %d CIDs, the walk %d", i, len(got), len(want))
		}
	}
}
