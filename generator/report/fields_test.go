package report_test

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/baocao-vn/baocao/generator"
	"github.com/baocao-vn/baocao/generator/report"
)

// names lists the field names of a table as paths: muc, muc.khoi, muc.khoi.doan, …
func names(fields []report.Field, prefix string) []string {
	var out []string
	for _, f := range fields {
		out = append(out, prefix+f.Name)
		out = append(out, names(f.Items, prefix+f.Name+".")...)
	}
	return out
}

// keys lists the keys Data fills, as paths, looking into the first item of each list.
func keys(m map[string]any, prefix string) []string {
	var out []string
	for k, v := range m {
		out = append(out, prefix+k)
		if l, ok := v.([]map[string]any); ok && len(l) > 0 {
			// Items of one list have the same keys; the first one that holds lists shows them all.
			best := l[0]
			for _, it := range l {
				if len(keys(it, "")) > len(keys(best, "")) {
					best = it
				}
			}
			out = append(out, keys(best, prefix+k+".")...)
		}
	}
	return out
}

// The table describes exactly the fields Data fills: none missing, none left over.
func TestFieldsTableMatchesData(t *testing.T) {
	p, err := generator.Load("../../samples/2022-09-14.toml")
	if err != nil {
		t.Fatal(err)
	}
	// With a previous reporting date, so that the change fields' lists have items.
	prev, err := generator.Load("../../samples/2022-09-14.toml")
	if err != nil {
		t.Fatal(err)
	}
	if p, err = generator.Load("../../samples/2022-12-15.toml"); err != nil {
		t.Fatal(err)
	}
	data := report.Data(p.Data, p.Scores)
	report.AddChange(data, generator.Compare(prev, p))
	got := keys(data, "")
	want := names(report.Fields, "")
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("Data fills\n  %v\nthe table lists\n  %v", got, want)
	}
	for _, f := range report.Fields {
		if f.Meaning == "" || f.Source == "" {
			t.Errorf("%s: meaning or source missing", f.Name)
		}
	}
}

// markdown writes the table as the README shows it.
func markdown(b *strings.Builder, fields []report.Field, prefix string) {
	for _, f := range fields {
		name := "`" + prefix + f.Name + "`"
		if len(f.Items) > 0 {
			name += " (list)"
		}
		var src []string
		for _, s := range strings.Split(f.Source, ", ") {
			if strings.ContainsAny(s, " (") {
				src = append(src, s)
			} else {
				src = append(src, "`"+s+"`")
			}
		}
		fmt.Fprintf(b, "| %s | %s | %s |\n", name, strings.Join(src, ", "), f.Meaning)
		markdown(b, f.Items, prefix+f.Name+".")
	}
}

// The README's field table is this table, so the two cannot drift apart.
func TestREADMEFieldTable(t *testing.T) {
	var b strings.Builder
	b.WriteString("| field | dataset key | meaning |\n|---|---|---|\n")
	markdown(&b, report.Fields, "")
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), b.String()) {
		t.Errorf("README.md lacks the field table; it should read:\n%s", b.String())
	}
}

// Every field has an example in the sample, taken from the data the template is filled with.
func TestExamples(t *testing.T) {
	p, err := generator.Load("../../samples/2022-09-14.toml")
	if err != nil {
		t.Fatal(err)
	}
	ex := report.Examples(report.Data(p.Data, p.Scores))
	for _, n := range names(report.Fields, "") {
		if n == "ky_thay" {
			continue // the seed's signer signs in her own right
		}
		if n == "thay_doi" || strings.HasPrefix(n, "hoan_thanh_them") {
			continue // the sample alone has no previous reporting date
		}
		if ex[n] == "" {
			t.Errorf("%s: no example", n)
		}
	}
	for path, want := range map[string]string{
		"co_quan_ban_hanh":    "SỞ NGOẠI VỤ",
		"muc":                 "3 phần tử",
		"muc.khoi.y.noi_dung": "Dù đã tuyên truyền vận động",
		"linh_vuc.diem":       "9,03",
		"linh_vuc.bi_tru":     "có",
		"ty_le_hoan_thanh":    "92,89%",
	} {
		if !strings.HasPrefix(ex[path], want) {
			t.Errorf("%s: example %q, want %q", path, ex[path], want)
		}
	}
}
