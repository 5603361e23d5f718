// Package report fills the report template (BÁO CÁO, templates/bao-cao.docx) from a dataset
// and its computed scores.
package report

import (
	"strconv"
	"strings"

	"github.com/baocao-vn/baocao/generator/change"
	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/docxtpl"
	"github.com/baocao-vn/baocao/generator/nd30"
	"github.com/baocao-vn/baocao/generator/score"
)

// NumberAndCode returns "80/BC-SNgV", "07/BC-SNgV", or "      /BC-SNgV" with room for the
// clerical office to write the number when it is not yet assigned (package nd30).
func NumberAndCode(doc dataset.Document) string { return nd30.NumberAndCode(doc.Number, doc.Code) }

// Authority returns the lines of the signing block above the signer's title, as Decree 30
// writes them: "KT. GIÁM ĐỐC"; "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH"; "TM. ỦY BAN NHÂN DÂN"; or
// "" when the head signs in its own name.
func Authority(s dataset.Signer) string {
	var lines []string
	if s.Collective != "" {
		lines = append(lines, "TM. "+s.Collective)
	}
	if s.Authority != "" {
		lines = append(lines, s.Authority+" "+s.Principal)
	}
	return strings.Join(lines, "\n")
}

// Data returns the values the report template's fields name. The README lists them.
func Data(ds *dataset.Dataset, res *score.Result) map[string]any {
	doc := ds.Document
	m := map[string]any{
		"co_quan_chu_quan": doc.ParentBody,
		"co_quan_ban_hanh": doc.IssuingBody,
		"ten_co_quan":      doc.IssuingBodyName,
		"so_ky_hieu":       NumberAndCode(doc),
		"dia_danh_ngay":    doc.Place + ", " + doc.Date.Long(),
		"ten_loai":         doc.TypeName,
		"trich_yeu":        doc.Subject,
		"can_cu":           ds.Report.Opening,
		"ket_thuc":         ds.Report.Closing,
		"luu":              ds.Recipients.Archive,
		"chuc_vu":          ds.Signer.Title,
		"nguoi_ky":         ds.Signer.Name,
		"ky_thay":          "",
	}
	m["gach_co_quan"], m["gach_trich_yeu"] = rules(doc.IssuingBody, doc.Subject)
	m["ky_thay"] = Authority(ds.Signer)
	sections := make([]map[string]any, len(ds.Report.Sections))
	for i, s := range ds.Report.Sections {
		blocks := make([]map[string]any, len(s.Blocks))
		for j, b := range s.Blocks {
			items := make([]map[string]any, len(b.Items))
			for k, it := range b.Items {
				items[k] = map[string]any{"noi_dung": it.Text}
			}
			blocks[j] = map[string]any{"doan": b.Text, "y": items}
		}
		sections[i] = map[string]any{"so": strconv.Itoa(i + 1), "tieu_de": s.Title, "khoi": blocks}
	}
	m["muc"] = sections
	to := make([]map[string]any, len(ds.Recipients.To))
	for i, r := range ds.Recipients.To {
		to[i] = map[string]any{"ten": r}
	}
	m["noi_nhan"] = to

	// Figures, from the score engine only, for templates that quote them.
	tmax, total := res.Total()
	m["tong_toi_da"] = score.Points(tmax)
	m["tong_diem"] = score.Points(total)
	fields := make([]map[string]any, 0, len(res.Fields))
	for _, f := range res.Fields {
		fields = append(fields, map[string]any{
			"ma": f.ID, "ten": f.Name, "toi_da": score.MaxPoints(f.Max), "diem": score.Points(f.Score),
			"bi_tru": f.LostPoints(),
		})
	}
	m["linh_vuc"] = fields
	if cp := res.Completion; cp != nil {
		m["ty_le_hoan_thanh"] = score.Percent(cp.Rate) + "%"
		m["diem_hoan_thanh"] = score.Points(cp.Node.Score)
	}
	for k, v := range tally(res.Progress.All) {
		m["dem_"+k] = v
	}
	byField := []map[string]any{}
	for _, f := range res.Progress.Fields {
		if f.Total() > 0 {
			t := tally(f.Tally)
			t["ma"], t["ten"] = f.ID, f.Name
			byField = append(byField, t)
		}
	}
	m["dem_linh_vuc"] = byField
	// Without a previous reporting date the change fields are empty, and a template's
	// {#thay_doi}…{/thay_doi} shows nothing.
	m["thay_doi"] = ""
	m["hoan_thanh_them"] = []map[string]any{}
	return m
}

// tally is a count by status as the template quotes it: "05", padded as Decree 30 writes a
// number below 10.
func tally(t score.Tally) map[string]any {
	return map[string]any{
		"da_hoan_thanh":  score.Count(t.Done),
		"dang_thuc_hien": score.Count(t.InProgress),
		"chua_thuc_hien": score.Count(t.NotStarted),
		"thuong_xuyen":   score.Count(t.Regular),
		"tong_so":        score.Count(t.Total()),
	}
}

// AddChange fills the fields that say what changed since the previous reporting date: the
// summary sentence (thay_doi) and the items completed since then (hoan_thanh_them: noi_dung,
// trang_thai).
func AddChange(m map[string]any, d *change.Diff) {
	if d == nil {
		return
	}
	m["thay_doi"] = d.Sentence()
	var done []map[string]any
	for _, it := range d.Completed() {
		st := it.New.State
		text := st.Status.String() + " ngày " + st.Done.String()
		if st.Evidence != "" {
			text += " (" + st.Evidence + ")"
		}
		done = append(done, map[string]any{"noi_dung": strings.TrimSuffix(it.Label(), "."), "trang_thai": text})
	}
	m["hoan_thanh_them"] = done
}

// Render fills the template with the dataset and its scores and returns the .docx; prev, when
// not nil, is the comparison with the previous reporting date (AddChange).
func Render(tpl *docxtpl.Template, ds *dataset.Dataset, res *score.Result, prev *change.Diff) ([]byte, error) {
	m := Data(ds, res)
	AddChange(m, prev)
	return tpl.Render(m)
}
