package workbook

import (
	"testing"

	"github.com/baocao-vn/baocao/generator/dataset"
	"github.com/baocao-vn/baocao/generator/decimal"
	"github.com/baocao-vn/baocao/generator/score"
)

// seedDataset is the criteria tree of samples/2022-09-14.toml written out by hand, so this
// package's tests do not depend on the loader: the figures of the seed's appendix with the
// rules the dataset records for them.
func seedDataset() *dataset.Dataset {
	d := func(s string) decimal.Dec { return decimal.MustParse(s) }
	p := func(s string) *decimal.Dec { v := d(s); return &v }
	i := func(n int64) *int64 { return &n }
	leaf := func(id, name, max, stated, reason string) dataset.Criterion {
		c := dataset.Criterion{ID: id, Name: name, Max: d(max), Reason: reason,
			Remedy: "Giải pháp khắc phục của tiêu chí " + id + ".", Deadline: "Thường xuyên",
			Progress: "Đang triển khai thực hiện"}
		if stated != "" {
			c.Score = p(stated)
		}
		return c
	}
	c12 := leaf("1.2", "Mức độ hoàn thành nhiệm vụ CCHC trên các lĩnh vực/nội dung theo Bộ Tiêu chí", "1.50", "1.39",
		"Kết quả: {phep_tinh} điểm.")
	c12.Rule = &dataset.Rule{Kind: dataset.RuleCompletion, StatedRate: p("90.0")}
	c215 := leaf("2.1.5", "Công tác tham gia góp ý các dự thảo văn bản được lấy ý kiến", "1.00", "0.50",
		"Có 16/19 (đạt 84%) văn bản QPPL góp ý đạt chất lượng.")
	c215.Rule = &dataset.Rule{Kind: dataset.RuleBanded, Count: i(16), Total: i(19), StatedRate: p("84"),
		Bands: []dataset.Band{
			{Label: "100%", Min: d("100"), Score: d("1.00")},
			{Label: "80% – <100%", Min: d("80"), Max: p("100"), Score: d("0.50")},
			{Label: "<80%", Min: d("0"), Max: p("80"), Score: d("0")},
		}}
	c7114 := leaf("7.1.1.4", "Chất lượng Cổng thông tin điện tử", "1.50", "1.38", "Chấm điểm Cổng: {phep_tinh} điểm.")
	c7114.Rule = &dataset.Rule{Kind: dataset.RuleSum, StatedTotal: p("95.5")}
	for _, s := range []string{"10", "4", "8", "7", "5", "9", "1.5", "2", "8", "9", "19", "4", "3", "3", "3"} {
		c7114.Rule.Parts = append(c7114.Rule.Parts, d(s))
	}
	c7117 := leaf("7.1.1.7", "Kết quả phát triển chính quyền số theo bộ tiêu chí đánh giá", "2.00", "1.70",
		"Tỷ lệ đánh giá trên cổng danhgia.hatinh.gov.vn đạt {ty_le}.")
	c7117.Rule = &dataset.Rule{Kind: dataset.RuleProportional, Rate: p("85")}
	c7122 := leaf("7.1.2.2", "Tỷ lệ số TTHC cung cấp trực tuyến mức độ 3 có phát sinh hồ sơ", "0.50", "0.20",
		"Tỷ lệ đạt {ty_le}.")
	c7122.Rule = &dataset.Rule{Kind: dataset.RuleProportional, Rate: p("40")}
	c726 := leaf("7.2.6", "Việc sắp xếp và lưu trữ hồ sơ", "0.50", "0.25", "Chỉ đảm bảo từ 70% - <90% quy định.")
	c726.Rule = &dataset.Rule{Kind: dataset.RuleBanded, Band: "70% – <90%", Bands: []dataset.Band{
		{Label: "≥90%", Min: d("90"), Score: d("0.50")},
		{Label: "70% – <90%", Min: d("70"), Max: p("90"), Score: d("0.25")},
		{Label: "<70%", Min: d("0"), Max: p("70"), Score: d("0")},
	}}

	f1 := leaf("1", "Chỉ đạo, điều hành công tác cải cách hành chính", "11", "9.03", "")
	f1.Criteria = []dataset.Criterion{c12,
		leaf("1.5", "Kết quả khắc phục tồn tại hạn chế trong thực hiện CCHC", "1.00", "0.89", "Còn 02 nhiệm vụ chưa đạt kết quả."),
		leaf("1.6", "Công tác tuyên truyền CCHC", "1.00", "0.75", "Chưa thực hiện tuyên truyền qua các hình thức khác."),
		leaf("1.7", "Sáng kiến về công tác CCHC", "2.00", "0.5", "Không có sáng kiến cấp tỉnh."),
	}
	f2 := leaf("2", "Cải cách thể chế", "10.25", "9.50", "")
	f2.Criteria = []dataset.Criterion{
		leaf("2.1.4", "Thực hiện quy trình xây dựng và ban hành VBQPPL", "1.00", "0.75", "Lấy ý kiến chưa đủ 30 ngày."),
		c215,
	}
	// Fields 3 and 5 lost nothing: they are stated at their maxima, which is what "not listed"
	// means in the seed.
	f3 := leaf("3", "Cải cách thủ tục hành chính", "13.50", "13.50", "")
	f4 := leaf("4", "Cải cách tổ chức bộ máy", "10.00", "9.00", "")
	f4.Criteria = []dataset.Criterion{leaf("4.1.1", "Cơ cấu tổ chức bộ máy của cơ quan, đơn vị", "2.00", "1.00",
		"Chưa có phương án sắp xếp Trung tâm.")}
	f5 := leaf("5", "Cải cách chế độ công vụ", "12.75", "12.75", "")
	f6 := leaf("6", "Cải cách tài chính công", "9.00", "8.00", "")
	f6.Criteria = []dataset.Criterion{
		leaf("6.5.1", "Số đơn vị sự nghiệp công lập tự bảo đảm một phần chi thường xuyên", "0.50", "0.00", "Không tăng."),
		leaf("6.5.5", "Tỷ lệ giảm chi trực tiếp từ ngân sách nhà nước", "1.00", "0.50", "Kinh phí tăng."),
	}
	f7 := leaf("7", "Xây dựng, phát triển chính quyền số, chính quyền điện tử", "13.50", "", "")
	c71 := leaf("7.1", "Hiện đại hóa nền hành chính nhà nước", "8.50", "7.78", "")
	c71.Criteria = []dataset.Criterion{c7114, c7117, c7122}
	c72 := leaf("7.2", "Áp dụng Hệ thống quản lý chất lượng ISO 9001:2015", "5.00", "4.75", "")
	c72.Criteria = []dataset.Criterion{c726}
	f7.Criteria = []dataset.Criterion{c71, c72}
	for _, f := range []*dataset.Criterion{&f1, &f2, &f3, &f4, &f5, &f6, &f7, &c71, &c72} {
		f.Remedy, f.Deadline, f.Progress = "", "", ""
	}
	return &dataset.Dataset{
		Name: "seed",
		Document: dataset.Document{IssuingBodyName: "Sở Ngoại vụ", Date: dataset.Date{Year: 2022, Month: 9, Day: 14},
			Subject: "Việc khắc phục tồn tại, hạn chế\nqua kết quả kiểm tra"},
		Appendix: dataset.Appendix{Plan: "Kế hoạch số 102/KH-SNgV ngày 14/02/2022"},
		Fields:   []dataset.Criterion{f1, f2, f3, f4, f5, f6, f7},
	}
}

// seed returns the hand-written seed dataset and its scores.
func seed(t testing.TB) (*dataset.Dataset, *score.Result) {
	t.Helper()
	ds := seedDataset()
	res, err := score.Compute(ds)
	if err != nil {
		t.Fatalf("score.Compute: %v", err)
	}
	return ds, res
}
