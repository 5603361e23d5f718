// Copyright ©2026 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"math/rand"
	"os"
	"slices"
	"strings"
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

// cutSample returns the font of a document that printed text in the face in file, as
// putfonts finds it: the runes of a page of Vietnamese.
func cutSample(tb testing.TB, file string) *fontDefType {
	tb.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		tb.Skip(err)
	}
	face, err := ParseUTF8Font(b)
	if err != nil {
		tb.Fatal(err)
	}
	pdf := New("L", "mm", "A4", "")
	pdf.AddUTF8FontFromParsed("f", "", face)
	pdf.SetFont("f", "", 12)
	pdf.AddPage()
	pdf.Text(10, 10, "KẾT QUẢ KHẮC PHỤC các tồn tại, hạn chế — Chỉ số cải cách hành chính (PAR INDEX) năm 2021: 1.234,56 điểm; “đạt” 92,89 %")
	pdf.Text(10, 20, "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ0123456789")
	pdf.Text(10, 30, strings.ToUpper("aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"))
	font := pdf.fonts[getFontKey("f", "")]
	delete(font.usedRunes, 0)
	return &font
}

// BenchmarkCutFace is the work of one face's cut job (startCuts) for a page of Vietnamese.
func BenchmarkCutFace(b *testing.B) {
	font := cutSample(b, "../../fonts/LiberationSerif-Regular.ttf")
	b.ReportAllocs()
	for b.Loop() {
		cut, err := cutFace(font)
		if err != nil {
			b.Fatal(err)
		}
		xmem.compress(cidToGIDMap(cut)).release()
		xmem.compress(cut.stream).release()
	}
}

// cidWidthsBefore is cidWidths as fpdf v0.12.0 wrote it (generateCIDFontMap, writing to the
// document rather than returning the line), kept to check that the faster one gives the same.
func cidWidthsBefore(font *fontDefType, LastRune int) string {
	rangeID := 0
	cidArray := make(map[int]*untypedKeyMap)
	cidArrayKeys := make([]int, 0)
	prevCid := -2
	prevWidth := -1
	interval := false
	startCid := 1
	cwLen := LastRune + 1

	// for each character
	for cid := startCid; cid < cwLen; cid++ {
		if numb, OK := font.usedRunes[cid]; cid > 255 && (!OK || numb == 0) {
			continue
		}
		if font.Cw[cid] == 0x00 {
			continue
		}
		width := font.Cw[cid]
		if width == 65535 {
			width = 0
		}

		if cid == prevCid+1 {
			if width == prevWidth {

				if width == cidArray[rangeID].get(0) {
					cidArray[rangeID].put(nil, width)
				} else {
					cidArray[rangeID].pop()
					rangeID = prevCid
					r := untypedKeyMap{
						valueSet: make([]int, 0),
						keySet:   make([]any, 0),
					}
					cidArray[rangeID] = &r
					cidArrayKeys = append(cidArrayKeys, rangeID)
					cidArray[rangeID].put(nil, prevWidth)
					cidArray[rangeID].put(nil, width)
				}
				interval = true
				cidArray[rangeID].put("interval", 1)
			} else {
				if interval {
					// new range
					rangeID = cid
					r := untypedKeyMap{
						valueSet: make([]int, 0),
						keySet:   make([]any, 0),
					}
					cidArray[rangeID] = &r
					cidArrayKeys = append(cidArrayKeys, rangeID)
					cidArray[rangeID].put(nil, width)
				} else {
					cidArray[rangeID].put(nil, width)
				}
				interval = false
			}
		} else {
			rangeID = cid
			r := untypedKeyMap{
				valueSet: make([]int, 0),
				keySet:   make([]any, 0),
			}
			cidArray[rangeID] = &r
			cidArrayKeys = append(cidArrayKeys, rangeID)
			cidArray[rangeID].put(nil, width)
			interval = false
		}
		prevCid = cid
		prevWidth = width

	}
	previousKey := -1
	nextKey := -1
	isInterval := false
	for g := 0; g < len(cidArrayKeys); {
		key := cidArrayKeys[g]
		ws := *cidArray[key]
		cws := len(ws.keySet)
		if (key == nextKey) && (!isInterval) && (ws.getIndex("interval") < 0 || cws < 4) {
			if cidArray[key].getIndex("interval") >= 0 {
				cidArray[key].delete("interval")
			}
			cidArray[previousKey] = arrayMerge(cidArray[previousKey], cidArray[key])
			cidArrayKeys = remove(cidArrayKeys, key)
		} else {
			g++
			previousKey = key
		}
		nextKey = key + cws
		// ui := ws.getIndex("interval")
		// ui = ui + 1
		if ws.getIndex("interval") >= 0 {
			if cws > 3 {
				isInterval = true
			} else {
				isInterval = false
			}
			cidArray[key].delete("interval")
			nextKey--
		} else {
			isInterval = false
		}
	}
	var w fmtBuffer
	for _, k := range cidArrayKeys {
		ws := cidArray[k]
		if len(arrayCountValuesBefore(ws.valueSet)) == 1 {
			w.printf(" %d %d %d", k, k+len(ws.valueSet)-1, ws.get(0))
		} else {
			w.printf(" %d [ %s ]\n", k, implodeBefore(" ", ws.valueSet))
		}
	}
	return "/W [" + w.String() + " ]\n"
}

func implodeBefore(sep string, arr []int) string {
	var s fmtBuffer
	for i := 0; i < len(arr)-1; i++ {
		s.printf("%v", arr[i])
		s.printf("%s", sep)
	}
	if len(arr) > 0 {
		s.printf("%v", arr[len(arr)-1])
	}
	return s.String()
}

func arrayCountValuesBefore(mp []int) map[int]int {
	answer := make(map[int]int)
	for _, v := range mp {
		answer[v] = answer[v] + 1
	}
	return answer
}

// TestCIDWidths checks cidWidths against cidWidthsBefore: for a real face and the runes of a
// page of Vietnamese, and for random widths (runs of equal ones, zeros and 65535s among
// them) and random runes.
func TestCIDWidths(t *testing.T) {
	font := cutSample(t, "../../fonts/LiberationSerif-Regular.ttf")
	cut, err := cutFace(font)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := cidWidths(font, cut.lastRune), cidWidthsBefore(font, cut.lastRune); got != want {
		t.Fatalf("the sample page: cidWidths gives\n%s\nfpdf v0.12.0 gave\n%s", got, want)
	}
	rnd := rand.New(rand.NewSource(2))
	for i := range 2000 {
		n := rnd.Intn(0x2000) + 2
		cw := make([]int, n)
		for c := 0; c < n; {
			w := []int{0, 65535, 250, 500, 333, rnd.Intn(1000)}[rnd.Intn(6)]
			for run := rnd.Intn(8) + 1; run > 0 && c < n; run-- {
				cw[c] = w
				c++
			}
		}
		used := map[int]int{}
		for range rnd.Intn(400) {
			r := rnd.Intn(n)
			used[r] = r
		}
		f := &fontDefType{Cw: cw, usedRunes: used}
		last := rnd.Intn(n)
		if got, want := cidWidths(f, last), cidWidthsBefore(f, last); got != want {
			t.Fatalf("case %d: cidWidths gives\n%s\nfpdf v0.12.0 gave\n%s", i, got, want)
		}
	}
}

// checksumBefore is generateChecksum as fpdf v0.12.0 wrote it.
func checksumBefore(data []byte) []int {
	if (len(data) % 4) != 0 {
		for i := 0; (len(data) % 4) != 0; i++ {
			data = append(data, 0)
		}
	}
	answer := []int{0x0000, 0x0000}
	for i := 0; i < len(data); i += 4 {
		answer[0] += (int(data[i]) << 8) + int(data[i+1])
		answer[1] += (int(data[i+2]) << 8) + int(data[i+3])
		answer[0] += answer[1] >> 16
		answer[1] = answer[1] & 0xFFFF
		answer[0] = answer[0] & 0xFFFF
	}
	return answer
}

// TestChecksum checks generateChecksum against checksumBefore for data of every length mod 4,
// and that it leaves data as it was.
func TestChecksum(t *testing.T) {
	rnd := rand.New(rand.NewSource(3))
	var utf utf8FontFile
	for i := range 500 {
		data := make([]byte, rnd.Intn(5000))
		rnd.Read(data)
		if i%7 == 0 {
			for j := range data {
				data[j] = 0xFF
			}
		}
		keep := slices.Clone(data)
		got := utf.generateChecksum(data[:len(data):len(data)])
		if want := checksumBefore(slices.Clone(data)); !slices.Equal(got, want) {
			t.Fatalf("%d bytes: checksum %v, fpdf v0.12.0 gave %v", len(data), got, want)
		}
		if !slices.Equal(data, keep) {
			t.Fatalf("%d bytes: generateChecksum changed its input", len(data))
		}
	}
}

// TestUntypedKeyMapPut checks put's choice of a new key against the rule it implements, the
// smallest non-negative integer not a key yet, over random sequences of the operations
// cidWidths and arrayMerge use, and of integer keys put explicitly.
func TestUntypedKeyMapPut(t *testing.T) {
	rnd := rand.New(rand.NewSource(4))
	for i := range 2000 {
		var m untypedKeyMap
		for range rnd.Intn(300) {
			switch op := rnd.Intn(10); {
			case op < 6:
				want := 0
				for m.getIndex(want) >= 0 {
					want++
				}
				m.put(nil, rnd.Intn(1000))
				if got := m.keySet[len(m.keySet)-1]; got != want {
					t.Fatalf("case %d: put(nil) chose key %v, want %d (keys %v)", i, got, want, m.keySet)
				}
			case op == 6:
				m.put("interval", 1)
			case op == 7 && len(m.keySet) > 0:
				m.pop()
			case op == 8:
				m.delete("interval")
			case op == 9 && i%2 == 0:
				m.put(rnd.Intn(100), 7) // not done by cidWidths: the general case
			}
		}
	}
}

// TestCMAPTable checks generateCMAPTable against the table fpdf v0.12.0 built (cmapBefore)
// for random subsets: runs of consecutive runes on consecutive glyphs, and scattered ones.
func TestCMAPTable(t *testing.T) {
	rnd := rand.New(rand.NewSource(1))
	utf := &utf8FontFile{}
	for i := range 300 {
		m := map[int]int{}
		cid, glyph := 1+rnd.Intn(40), 1+rnd.Intn(40)
		for range rnd.Intn(200) {
			m[cid] = glyph
			if rnd.Intn(3) == 0 {
				cid += 1 + rnd.Intn(5)
				glyph = 1 + rnd.Intn(300)
			} else {
				cid, glyph = cid+1, glyph+1
			}
		}
		numSymbols := len(m) + rnd.Intn(10)
		if got, want := utf.generateCMAPTable(m, numSymbols), cmapBefore(m, numSymbols); !slices.Equal(got, want) {
			t.Fatalf("subset %d (%v): cmap\n% x\nwant\n% x", i, m, got, want)
		}
	}
}

// cmapBefore is generateCMAPTable as fpdf v0.12.0 wrote it, a map of each run's glyphs.
func cmapBefore(cidSymbolPairCollection map[int]int, numSymbols int) []byte {
	cidSymbolPairCollectionKeys := keySortInt(cidSymbolPairCollection)
	cidID := 0
	cidArray := make(map[int][]int)
	prevCid := -2
	prevSymbol := -1
	for _, cid := range cidSymbolPairCollectionKeys {
		if cid == (prevCid+1) && cidSymbolPairCollection[cid] == (prevSymbol+1) {
			if n, OK := cidArray[cidID]; !OK || n == nil {
				cidArray[cidID] = make([]int, 0)
			}
			cidArray[cidID] = append(cidArray[cidID], cidSymbolPairCollection[cid])
		} else {
			cidID = cid
			cidArray[cidID] = make([]int, 0)
			cidArray[cidID] = append(cidArray[cidID], cidSymbolPairCollection[cid])
		}
		prevCid = cid
		prevSymbol = cidSymbolPairCollection[cid]
	}
	cidArrayKeys := make([]int, 0, len(cidArray))
	for k := range cidArray {
		cidArrayKeys = append(cidArrayKeys, k)
	}
	slices.Sort(cidArrayKeys)
	segCount := len(cidArray) + 1

	searchRange := 1
	entrySelector := 0
	for searchRange*2 <= segCount {
		searchRange = searchRange * 2
		entrySelector = entrySelector + 1
	}
	searchRange = searchRange * 2
	rangeShift := segCount*2 - searchRange
	length := 16 + (8 * segCount) + (numSymbols + 1)
	cmap := []int{0, 1, 3, 1, 0, 12, 4, length, 0, segCount * 2, searchRange, entrySelector, rangeShift}

	for _, start := range cidArrayKeys {
		endCode := start + (len(cidArray[start]) - 1)
		cmap = append(cmap, endCode)
	}
	cmap = append(cmap, 0xFFFF)
	cmap = append(cmap, 0)

	cmap = append(cmap, cidArrayKeys...)
	cmap = append(cmap, 0xFFFF)
	for _, cidKey := range cidArrayKeys {
		idDelta := -(cidKey - cidArray[cidKey][0])
		cmap = append(cmap, idDelta)
	}
	cmap = append(cmap, 1)
	for range cidArray {
		cmap = append(cmap, 0)
	}
	cmap = append(cmap, 0)
	for _, start := range cidArrayKeys {
		cmap = append(cmap, cidArray[start]...)
	}
	cmap = append(cmap, 0)
	var cmapstr []byte
	for _, cm := range cmap {
		cmapstr = append(cmapstr, byte(uint16(cm)>>8), byte(uint16(cm)))
	}
	return cmapstr
}
