package appendix

import (
	"math"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"
)

// These tests check the breaking rules on the plan, before anything is drawn.

// testPlan lays doc out as Render does, measuring with the same embedded fonts.
func testPlan(t testing.TB, doc *Document, o Options) *plan {
	t.Helper()
	o, err := o.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	p, err := layout(normalized(doc), o, &renderer{pdf: fpdf.New("L", "mm", "A4", ""), fontSize: -1})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFitWidths(t *testing.T) {
	pref := DefaultWidths
	tests := []struct {
		name string
		need [6]float64
		want [6]float64
	}{
		{"everything fits", [6]float64{8, 30, 30, 20, 30, 12}, pref},
		// The others give in proportion to their slack: 20.5, 15, 8.5 and 12.5 mm down to
		// shrinkLimit of their width; TT gives 2 mm down to its need.
		{"notes widened from the others' slack", [6]float64{8, 30, 30, 20, 30, 30},
			[6]float64{10 - 14.0*2/58.5, 82 - 14*20.5/58.5, 60 - 14*15/58.5, 34 - 14*8.5/58.5, 50 - 14*12.5/58.5, 30}},
		{"a column at its own need gives nothing", [6]float64{10, 82, 30, 20, 30, 30},
			[6]float64{10, 82, 60 - 14.0*15/36, 34 - 14*8.5/36, 50 - 14*12.5/36, 30}},
		{"no wider than the others can give", [6]float64{10, 30, 30, 20, 30, 200},
			[6]float64{10, 82 * shrinkLimit, 60 * shrinkLimit, 34 * shrinkLimit, 50 * shrinkLimit, 16 + 56.5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fitWidths(pref, tt.need)
			sum := 0.0
			for c := range got {
				sum += got[c]
				if math.Abs(got[c]-tt.want[c]) > 1e-9 {
					t.Errorf("column %d: %.3f mm, want %.3f", c+1, got[c], tt.want[c])
				}
			}
			if math.Abs(sum-TextWidth) > 1e-9 {
				t.Errorf("widths sum to %.6f, want %.0f", sum, TextWidth)
			}
		})
	}
}

// checkWholeWords checks that every line of every cell of the plan is made of whole words of
// the same column of doc: no word broken.
func checkWholeWords(t *testing.T, doc *Document, p *plan) {
	t.Helper()
	var known [6]map[string]bool
	for c := range known {
		known[c] = map[string]bool{}
	}
	for _, r := range normalized(doc).Rows {
		for _, f := range strings.Fields(r.Number) {
			known[0][f] = true
		}
		for _, pt := range r.Parts {
			for c, paras := range pt.Cells {
				for _, para := range paras {
					for _, f := range strings.Fields(para.Text) {
						known[c+1][f] = true
					}
				}
			}
		}
	}
	for i, bands := range p.rows {
		for j, b := range bands {
			for c, ls := range b.cells {
				for _, l := range ls {
					if l.width > p.widths[c]-2*pad+eps {
						t.Errorf("row %d part %d column %d: line %q is %.1f mm wide in a %.1f mm column", i+1, j, c+1, l.text, l.width, p.widths[c])
					}
					for _, f := range strings.Fields(l.text) {
						if !known[c][f] {
							t.Errorf("row %d part %d column %d: %q is not a whole word of the cell", i+1, j, c+1, f)
						}
					}
				}
			}
		}
	}
}

// TestNoBrokenWords: in the sample and in a 16 mm notes column fed a document number and a
// date, every word is printed whole, and the widths still fill the text area.
func TestNoBrokenWords(t *testing.T) {
	sample, _, _ := sampleDocument(t)
	notes := seedDocument()
	notes.Rows[0].Parts[1].Cells[4] = []Para{plain("Đã ban hành Quy chế số 03/QC-STP-VP ngày 10/02/2024")}
	notes.Rows[2].Parts[1].Cells[4] = []Para{plain("10/02/2024"), plain("03/QC-STP-VP")}
	for _, tt := range []struct {
		name string
		doc  *Document
	}{{"sample", sample}, {"seed", seedDocument()}, {"notes", notes}, {"200 rows", bigDocument(200)}} {
		t.Run(tt.name, func(t *testing.T) {
			p := testPlan(t, tt.doc, Options{Widths: DefaultWidths})
			checkWholeWords(t, tt.doc, p)
			sum := 0.0
			for _, w := range p.widths {
				sum += w
			}
			if math.Abs(sum-TextWidth) > 1e-6 {
				t.Errorf("widths %v sum to %.3f mm", p.widths, sum)
			}
		})
	}
	// Read back, each word of the notes column is whole: pdftotext would read a broken one as two.
	t.Run("notes read back", func(t *testing.T) {
		cols := readBackChecked(t, notes).cols
		for _, w := range []string{"03/QC-STP-VP", "10/02/2024"} {
			if strings.Count(cols[5], w) != 2 {
				t.Errorf("notes column %q: want %s whole twice", cols[5], w)
			}
		}
	})
	p := testPlan(t, notes, Options{})
	if w := p.widths[5]; w <= DefaultWidths[5] || w > 35 {
		t.Errorf("notes column %.1f mm: want it widened from 16 mm just enough for 03/QC-STP-VP", w)
	}
	for c := range 5 {
		if p.widths[c] > DefaultWidths[c] || p.widths[c] < shrinkLimit*DefaultWidths[c]-eps {
			t.Errorf("column %d is %.1f mm, want between %.1f and %.0f", c+1, p.widths[c], shrinkLimit*DefaultWidths[c], DefaultWidths[c])
		}
	}
}

// withHeadings returns doc with the first part of every row of several parts made a heading
// kept with the next, and every fifth row opening with a chain of two headings.
func withHeadings(doc *Document) *Document {
	for i := range doc.Rows {
		r := &doc.Rows[i]
		if len(r.Parts) < 2 || i%17 == 5 {
			continue // a row opening with a part taller than a page has no heading
		}
		r.Parts[0].KeepWithNext = true
		if i%5 == 0 {
			h := Part{KeepWithNext: true}
			h.Cells[0] = []Para{strong("Tiêu chí 7: Xây dựng, phát triển chính quyền số, chính quyền điện tử")}
			r.Parts = append([]Part{h}, r.Parts...)
		}
	}
	return doc
}

// checkPlan checks the breaking rules on every page of p: no part split with fewer than
// minLines on a page, no heading without minLines of content after it on its page, no row box
// stretched below its last line, and no page but the last more than a third empty unless the
// next row could not start on it.
func checkPlan(t *testing.T, p *plan) {
	t.Helper()
	lh := p.lh
	for n, pg := range p.pages {
		last := n == len(p.pages)-1
		low := pg.bodyTop
		afterHead, headRow := math.MaxInt, -1
		for _, pc := range pg.pieces {
			b := p.rows[pc.row][pc.band]
			if pc.to < b.n || pc.from > 0 {
				// A split part: minLines on this page unless the part has fewer in all.
				if pc.to-pc.from < min(minLines, b.n) {
					t.Errorf("page %d: row %d part %d has %d line(s) here, a split part keeps %d", n+1, pc.row+1, pc.band, pc.to-pc.from, minLines)
				}
			}
			for k := pc.from; k < pc.to; k++ {
				if b.keep && k < b.head {
					afterHead, headRow = 0, pc.row
				} else if afterHead < math.MaxInt {
					afterHead++
				}
			}
			if d := pc.bottom - pc.top - 2*pad - float64(pc.to-pc.from)*lh; math.Abs(d) > 1e-6 {
				t.Errorf("page %d: row %d part %d is %.1f mm taller than its lines", n+1, pc.row+1, pc.band, d)
			}
			low = max(low, pc.bottom)
		}
		// The heading's row must end on this page, or its content continue here.
		if headRow >= 0 && afterHead < minLines && !last {
			if next := p.pages[n+1].pieces; len(next) > 0 && next[0].row == headRow {
				t.Errorf("page %d: a heading of row %d is followed by %d line(s) of content at the foot", n+1, headRow+1, afterHead)
			}
		}
		// The lowest rule of the table closes the last line, not the page.
		lowRule := 0.0
		for _, r := range pg.rules {
			if r.kind == gridRule {
				lowRule = max(lowRule, r.y1, r.y2)
			}
		}
		if len(pg.pieces) > 0 && math.Abs(lowRule-low) > 1e-6 {
			t.Errorf("page %d: the table's box reaches %.1f mm, its last line ends at %.1f mm", n+1, lowRule, low)
		}
		if last || pg.bodyTop == 0 {
			continue
		}
		empty := (bottom - low) / (bottom - pg.bodyTop)
		if empty <= 1.0/3 {
			continue
		}
		if !pg.cannotStart {
			t.Errorf("page %d is %.0f %% empty", n+1, 100*empty)
			continue
		}
		// The next row could not start: its first heading's text and minLines of content, or
		// its first minLines, are taller than the gap.
		first := p.pages[n+1].pieces[0]
		bands := p.rows[first.row]
		need := 0.0
		for j := first.band; j < len(bands) && bands[j].keep; j++ {
			need += 2*pad + float64(bands[j].head)*lh
		}
		need += 2*pad + float64(minLines)*lh
		if need <= bottom-low+eps {
			t.Errorf("page %d is %.0f %% empty, but %.1f mm of row %d would fit in its %.1f mm gap", n+1, 100*empty, need, first.row+1, bottom-low)
		}
	}
}

func TestPlanRules(t *testing.T) {
	sample, _, _ := sampleDocument(t)
	tests := []struct {
		name string
		doc  *Document
	}{
		{"seed", seedDocument()},
		{"sample", sample},
		{"200 rows", bigDocument(200)},
		{"200 rows with headings", withHeadings(bigDocument(200))},
		{"5000-word cell", longCellDocument(5000)},
		{"tall heading", tallHeadingDocument(5, 50)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := testPlan(t, tt.doc, Options{})
			checkPlan(t, p)
			// Every line of every band is printed exactly once.
			seen := map[[3]int]int{}
			for _, pg := range p.pages {
				for _, pc := range pg.pieces {
					for k := pc.from; k < pc.to; k++ {
						seen[[3]int{pc.row, pc.band, k}]++
					}
				}
			}
			for i, bands := range p.rows {
				for j, b := range bands {
					for k := range b.n {
						if n := seen[[3]int{i, j, k}]; n != 1 {
							t.Fatalf("row %d part %d line %d printed %d times", i+1, j, k, n)
						}
					}
				}
			}
		})
	}
}

// tallHeadingDocument reproduces the layout that left a page more than half empty: a row
// starting in the middle of a page whose heading chain carries a long progress cell (reps
// sentences), so that the chain and its first part are taller than what is left of the page
// (filler words above it) though not than a page.
func tallHeadingDocument(reps, filler int) *Document {
	doc := seedDocument()
	doc.Stamp = nil
	long := strings.TrimSpace(strings.Repeat("Đã triển khai thực hiện và báo cáo kết quả. ", reps))
	h1 := heading(strong("Tiêu chí 7: Xây dựng, phát triển chính quyền số, chính quyền điện tử"))
	h2 := heading(strong("Tiêu chí 7.1: Hiện đại hóa nền hành chính nhà nước: Đoàn thẩm định đánh giá đạt 7,78/8,50 điểm. Bị trừ các tiêu chí sau:"))
	h2.Cells[3] = []Para{plain(long)}
	doc.Rows = []Row{
		{Number: "1", Parts: []Part{part([]Para{plain(strings.Repeat("đệm ", filler))}, "", "", "", "")}},
		{Number: "2", Parts: []Part{h1, h2,
			part([]Para{plain("- Tiêu chí 7.1.1.4: Chất lượng Cổng thông tin điện tử đạt 1,38/1,50 điểm.")}, "Nâng cấp Cổng", "Thường xuyên", "", ""),
		}},
	}
	return doc
}

// TestTallHeading: a heading chain is not moved whole to the next page when its text and the
// first lines of its content fit; the page stays filled. (The previous layout left page 1 of
// tallHeadingDocument(5, 50) 71.5 mm, about 70 %, empty.)
func TestTallHeading(t *testing.T) {
	for _, reps := range []int{5, 10, 20, 40} {
		for filler := 10; filler <= 90; filler += 10 {
			p := testPlan(t, tallHeadingDocument(reps, filler), Options{})
			checkPlan(t, p)
			if reps != 5 || filler != 50 {
				continue
			}
			pg := p.pages[0]
			if last := pg.pieces[len(pg.pieces)-1]; last.row != 1 {
				t.Errorf("row 2 does not start on page 1")
			}
			if empty := (bottom - pg.pieces[len(pg.pieces)-1].bottom) / (bottom - pg.bodyTop); empty > 1.0/3 {
				t.Errorf("page 1 is %.0f %% empty", 100*empty)
			}
		}
	}
}

// TestHeadingSweep moves a heading down the page line by line: on no page is it left without
// the first lines of its content.
func TestHeadingSweep(t *testing.T) {
	for filler := 1; filler <= 40; filler++ {
		doc := seedDocument()
		doc.Stamp = nil
		doc.Rows = []Row{
			{Number: "1", Parts: []Part{part([]Para{plain(strings.Repeat("đệm ", 10*filler))}, "", "", "", "")}},
			{Number: "2", Parts: []Part{
				heading(strong("Tiêu chí 7: Xây dựng, phát triển chính quyền số, chính quyền điện tử")),
				heading(strong("Tiêu chí 7.2: Áp dụng ISO 9001:2015"), plain("Tiêu chí 7.2 Đoàn thẩm định đánh giá đạt 4,75/5,00 điểm; bị trừ tiêu chí sau:")),
				part([]Para{plain("- Tiêu chí 7.2.6 " + strings.Repeat("tiếp ", 60))}, "", "", "", ""),
			}},
		}
		checkPlan(t, testPlan(t, doc, Options{}))
	}
}

// BenchmarkLayout200Rows measures the plan alone (widths, wrapping, pagination) with the fonts
// already loaded: the part of Render this package does itself, apart from fpdf.
func BenchmarkLayout200Rows(b *testing.B) {
	doc := normalized(bigDocument(200))
	o, _ := Options{}.withDefaults()
	m := &renderer{pdf: fpdf.New("L", "mm", "A4", ""), fontSize: -1}
	if _, err := layout(doc, o, m); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := layout(doc, o, m); err != nil {
			b.Fatal(err)
		}
	}
}
