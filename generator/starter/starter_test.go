package starter

import (
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator"
	"github.com/baocao-vn/baocao/generator/dataset"
)

func TestStarterIsValid(t *testing.T) {
	for _, d := range []dataset.Date{{Year: 2023, Month: 1, Day: 5}, {Year: 2026, Month: 12, Day: 31}} {
		src := Dataset(d)
		p, err := generator.Prepare("khoi-tao.toml", src)
		if err != nil {
			t.Fatalf("%v: the starter does not pass check:\n%v", d, err)
		}
		if p.Data.Document.Date != d || p.Data.Appendix.AsOf != d {
			t.Errorf("date %v, as_of %v; want %v", p.Data.Document.Date, p.Data.Appendix.AsOf, d)
		}
		if n := len(p.Scores.Discrepancies()); n != 0 {
			t.Errorf("%d discrepancies in a starter", n)
		}
		tmax, total := p.Scores.Total()
		if tmax.Fixed(2, ',') != "80,00" || total.Fixed(2, ',') != "80,00" {
			t.Errorf("total %s / %s, want full marks of 80", total.Fixed(2, ','), tmax.Fixed(2, ','))
		}
		var ids []string
		for _, f := range p.Scores.Fields {
			ids = append(ids, f.ID)
		}
		if got := strings.Join(ids, " "); got != "1 2 3 4 5 6 7" {
			t.Errorf("fields %s", got)
		}
		if strings.Contains(string(src), "{{") {
			t.Error("a placeholder was left unfilled")
		}
	}
}
