package report

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Field describes one field of the report template: the name a tag uses, where its value comes
// from in the dataset (or the score engine) and what it means. The README's field table and
// "baocao fields" are made from Fields; a test checks that Data fills exactly these names.
type Field struct {
	Name    string  // the tag's name: {co_quan_chu_quan}
	Source  string  // the dataset key, or how the value is made
	Meaning string  // one line, in Vietnamese, for the clerk editing the template
	Items   []Field // for a list ({#muc}…{/muc}): the fields of each item
}

// Fields lists every field of the report template, in the order the report uses them.
var Fields = []Field{
	{Name: "co_quan_chu_quan", Source: "document.parent_body", Meaning: "tên cơ quan chủ quản (góc trên bên trái); trống thì mẫu bỏ dòng này"},
	{Name: "co_quan_ban_hanh", Source: "document.issuing_body", Meaning: "tên cơ quan ban hành, chữ in hoa"},
	{Name: "gach_co_quan", Source: "đo từ document.issuing_body", Meaning: "đường kẻ dưới tên cơ quan ban hành: dấu cách gạch chân dài 5/12 dòng trên; đặt trong một đoạn gạch chân riêng"},
	{Name: "ten_co_quan", Source: "document.issuing_body_name", Meaning: "tên cơ quan ban hành viết trong câu văn"},
	{Name: "so_ky_hieu", Source: "document.number, document.code", Meaning: "số và ký hiệu: \"80/BC-SNgV\"; số trống thì để chỗ cho văn thư ghi"},
	{Name: "dia_danh_ngay", Source: "document.place, document.date", Meaning: "địa danh và ngày ban hành"},
	{Name: "ten_loai", Source: "document.type_name", Meaning: "tên loại văn bản"},
	{Name: "trich_yeu", Source: "document.subject", Meaning: "trích yếu nội dung; mỗi dòng một lần xuống dòng"},
	{Name: "gach_trich_yeu", Source: "đo từ document.subject", Meaning: "đường kẻ dưới trích yếu: dấu cách gạch chân dài 5/12 dòng trên; đặt trong một đoạn gạch chân riêng"},
	{Name: "can_cu", Source: "report.opening", Meaning: "đoạn mở đầu (căn cứ)"},
	{Name: "muc", Source: "report.sections", Meaning: "các mục của báo cáo, đánh số 1., 2., …", Items: []Field{
		{Name: "so", Source: "thứ tự của mục", Meaning: "số thứ tự của mục: 1, 2, …"},
		{Name: "tieu_de", Source: "report.sections[].title", Meaning: "tên mục"},
		{Name: "khoi", Source: "report.sections[].blocks", Meaning: "các khối của mục: đoạn văn hoặc danh sách", Items: []Field{
			{Name: "doan", Source: "report.sections[].blocks[].text", Meaning: "đoạn văn (trống khi khối là danh sách)"},
			{Name: "y", Source: "report.sections[].blocks[].items", Meaning: "các ý gạch đầu dòng", Items: []Field{
				{Name: "noi_dung", Source: "report.sections[].blocks[].items[]", Meaning: "nội dung một ý"},
			}},
		}},
	}},
	{Name: "ket_thuc", Source: "report.closing", Meaning: "câu kết, không có \"./.\" (mẫu tự thêm)"},
	{Name: "noi_nhan", Source: "recipients.to", Meaning: "nơi nhận", Items: []Field{
		{Name: "ten", Source: "recipients.to[]", Meaning: "một nơi nhận"},
	}},
	{Name: "luu", Source: "recipients.archive", Meaning: "nơi lưu: \"- Lưu: …\""},
	{Name: "ky_thay", Source: "signer.collective, signer.authority, signer.principal", Meaning: "thẩm quyền ký, một hoặc hai dòng: \"TM. ỦY BAN NHÂN DÂN\", \"KT. CHỦ TỊCH\"; trống khi người đứng đầu ký"},
	{Name: "chuc_vu", Source: "signer.title", Meaning: "chức vụ người ký"},
	{Name: "nguoi_ky", Source: "signer.name", Meaning: "họ tên người ký"},
	{Name: "tong_diem", Source: "tính từ [[fields]]", Meaning: "tổng điểm các lĩnh vực 1–7"},
	{Name: "tong_toi_da", Source: "tính từ [[fields]]", Meaning: "tổng điểm tối đa các lĩnh vực 1–7"},
	{Name: "ty_le_hoan_thanh", Source: "tính (tiêu chí 1.2)", Meaning: "tỷ lệ hoàn thành nhiệm vụ của tiêu chí 1.2"},
	{Name: "diem_hoan_thanh", Source: "tính (tiêu chí 1.2)", Meaning: "điểm tiêu chí 1.2"},
	{Name: "linh_vuc", Source: "fields", Meaning: "các lĩnh vực, với điểm tính lại", Items: []Field{
		{Name: "ma", Source: "fields[].id", Meaning: "mã lĩnh vực"},
		{Name: "ten", Source: "fields[].name", Meaning: "tên lĩnh vực"},
		{Name: "diem", Source: "tính từ fields[]", Meaning: "điểm đạt (tính lại, không lấy số ghi)"},
		{Name: "toi_da", Source: "fields[].max", Meaning: "điểm tối đa"},
		{Name: "bi_tru", Source: "tính từ fields[]", Meaning: "có/không: lĩnh vực có bị trừ điểm không"},
	}},
	{Name: "dem_da_hoan_thanh", Source: "đếm status của các tiêu chí và ý tự kiểm tra", Meaning: "số mục \"đã hoàn thành\", viết 2 chữ số: \"05\""},
	{Name: "dem_dang_thuc_hien", Source: "đếm status của các tiêu chí và ý tự kiểm tra", Meaning: "số mục \"đang thực hiện\", viết 2 chữ số: \"05\""},
	{Name: "dem_chua_thuc_hien", Source: "đếm status của các tiêu chí và ý tự kiểm tra", Meaning: "số mục \"chưa thực hiện\", viết 2 chữ số: \"05\""},
	{Name: "dem_thuong_xuyen", Source: "đếm status của các tiêu chí và ý tự kiểm tra", Meaning: "số mục \"thực hiện thường xuyên\", viết 2 chữ số: \"05\""},
	{Name: "dem_tong_so", Source: "đếm status của các tiêu chí và ý tự kiểm tra", Meaning: "tổng số mục có trạng thái, viết 2 chữ số: \"05\""},
	{Name: "dem_linh_vuc", Source: "fields[] có mục ghi status", Meaning: "số mục theo trạng thái, từng lĩnh vực", Items: []Field{
		{Name: "ma", Source: "fields[].id", Meaning: "mã lĩnh vực"},
		{Name: "ten", Source: "fields[].name", Meaning: "tên lĩnh vực"},
		{Name: "da_hoan_thanh", Source: "đếm status trong fields[]", Meaning: "số mục \"đã hoàn thành\" của lĩnh vực"},
		{Name: "dang_thuc_hien", Source: "đếm status trong fields[]", Meaning: "số mục \"đang thực hiện\" của lĩnh vực"},
		{Name: "chua_thuc_hien", Source: "đếm status trong fields[]", Meaning: "số mục \"chưa thực hiện\" của lĩnh vực"},
		{Name: "thuong_xuyen", Source: "đếm status trong fields[]", Meaning: "số mục \"thực hiện thường xuyên\" của lĩnh vực"},
		{Name: "tong_so", Source: "đếm status trong fields[]", Meaning: "tổng số mục có trạng thái của lĩnh vực"},
	}},
	{Name: "thay_doi", Source: "so với kỳ trước (render --previous, batch)", Meaning: "câu tóm tắt thay đổi so với kỳ báo cáo trước; trống khi không có kỳ trước"},
	{Name: "hoan_thanh_them", Source: "so với kỳ trước (render --previous, batch)", Meaning: "các mục hoàn thành từ kỳ trước", Items: []Field{
		{Name: "noi_dung", Source: "fields[].id, name hoặc items[].text", Meaning: "\"Tiêu chí 7.2.6: …\" hoặc nội dung tồn tại tự kiểm tra"},
		{Name: "trang_thai", Source: "status, done, evidence", Meaning: "\"đã hoàn thành ngày 30/11/2022 (Thông báo số …)\""},
	}},
}

// Examples returns an example value for every field of Fields, keyed by its path
// ("muc.khoi.y.noi_dung"), taken from data as Data made it: for a field inside lists, the first
// item that gives it a value; for a list, how many items it has.
func Examples(data map[string]any) map[string]string {
	out := make(map[string]string)
	examples(out, Fields, []map[string]any{data}, "")
	return out
}

func examples(out map[string]string, fields []Field, items []map[string]any, prefix string) {
	for _, f := range fields {
		path := prefix + f.Name
		if len(f.Items) > 0 {
			var all []map[string]any
			for _, it := range items {
				l, _ := it[f.Name].([]map[string]any)
				all = append(all, l...)
			}
			if len(items) == 1 {
				out[path] = fmt.Sprintf("%d phần tử", len(all))
			} else {
				out[path] = fmt.Sprintf("tổng %d phần tử", len(all))
			}
			examples(out, f.Items, all, path+".")
			continue
		}
		for _, it := range items {
			switch v := it[f.Name].(type) {
			case string:
				if strings.TrimSpace(v) != "" {
					out[path] = v
				} else if v != "" { // a rule drawn with underlined spaces
					out[path] = fmt.Sprintf("(%d dấu cách)", utf8.RuneCountInString(v))
				}
			case bool:
				out[path] = map[bool]string{true: "có", false: "không"}[v]
			case nil:
			default:
				out[path] = fmt.Sprint(v)
			}
			if out[path] != "" {
				break
			}
		}
	}
}
