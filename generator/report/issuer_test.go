package report_test

import (
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator"
	"github.com/baocao-vn/baocao/internal/testtool"
)

// A district People's Committee reports without a parent body, its name on two lines, signed
// for the collective by a deputy (TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH), and its
// criterion 1.2 counts fields 1–8. Read back from the page LibreOffice prints.
func TestPeoplesCommittee(t *testing.T) {
	testtool.Require(t, "pdftoppm")
	p, err := generator.Load("testdata/ubnd-huyen.toml")
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Scores.CountedLabel(); got != "1–8" {
		t.Errorf("1.2 counts fields %s, want 1–8", got)
	}
	if _, err := p.Render(generator.Options{}); err != nil {
		t.Fatal(err)
	}
	pdf := officePDF(t, p)
	lines := pdfLines(t, pdf)
	at := func(text string) pdfLine {
		t.Helper()
		for _, l := range lines {
			if l.text == text {
				return l
			}
		}
		t.Fatalf("no line %q on page 1", text)
		return pdfLine{}
	}
	// The header: the issuing body's two lines at the top of the left column, nothing above.
	top, second := at("ỦY BAN NHÂN DÂN"), at("HUYỆN CẨM XUYÊN")
	nation := at("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
	if abs(top.yMin-nation.yMin) > 2 {
		t.Errorf("the issuing body starts at %.1f pt, the national name at %.1f: a line is left above it", top.yMin, nation.yMin)
	}
	if second.yMin < top.yMin+8 || abs((top.xMin+top.xMax)/2-(second.xMin+second.xMax)/2) > 2 {
		t.Errorf("the body's second line is not centred under the first: %+v %+v", top, second)
	}
	for _, l := range lines {
		if l.yMax < top.yMin && l.xMax < nation.xMin {
			t.Errorf("a line above the issuing body: %q", l.text)
		}
	}
	if n, ok := ruleUnder(hrules(t, pdf), second); !ok || n/(second.xMax-second.xMin) < 1.0/3 || n/(second.xMax-second.xMin) > 0.5 {
		t.Errorf("rule under the issuing body: %.1f pt (found %v) under %.1f pt of text", n, ok, second.xMax-second.xMin)
	}
	text := fold(testtool.Run(t, "pdftotext", pdf, "-"))
	for _, want := range []string{"Số: 09/BC-UBND", "Cẩm Xuyên, ngày 05 tháng 01 năm 2023"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// The signer: three lines of authority and title, then the name, centred on one axis.
	var sign []pdfLine
	for _, s := range []string{"TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Bình"} {
		sign = append(sign, at(s))
	}
	mid := (sign[0].xMin + sign[0].xMax) / 2
	for i, l := range sign {
		if c := (l.xMin + l.xMax) / 2; abs(c-mid) > 2 {
			t.Errorf("%q centred at %.1f, the block at %.1f", l.text, c, mid)
		}
		if i > 0 && l.yMin < sign[i-1].yMin+8 {
			t.Errorf("%q is not below %q", l.text, sign[i-1].text)
		}
	}
	if gap := sign[3].yMin - sign[2].yMax; gap < 40 {
		t.Errorf("only %.1f pt left for the signature", gap)
	}
	if nr := at("Nơi nhận:"); abs(nr.yMin-sign[0].yMin) > 2 {
		t.Errorf("\"Nơi nhận:\" at %.1f pt, the signing block at %.1f: not level", nr.yMin, sign[0].yMin)
	}
}
