package docxtpl_test

import "fmt"

// sampleData is the seed report's data, in the shape the report template expects.
func sampleData() map[string]any {
	return map[string]any{
		"co_quan_chu_quan": "UBND TỈNH HÀ TĨNH",
		"co_quan_ban_hanh": "SỞ NGOẠI VỤ",
		"gach_co_quan":     "\u2007\u2007\u2007\u2007\u2007\u2007",
		"gach_trich_yeu":   "\u2007\u2007\u2007\u2007\u2007\u2007\u2007\u2007\u2007\u2007\u2007\u2007\u2007\u2007\u2007\u2007\u2007\u2007\u2007\u2007\u2007\u2007\u2007\u2007",
		"so_ky_hieu":       "125/BC-SNgV",
		"dia_danh_ngay":    "Hà Tĩnh, ngày 14 tháng 9 năm 2022",
		"ten_loai":         "BÁO CÁO",
		"trich_yeu": "Việc khắc phục tồn tại, hạn chế qua kết quả kiểm tra\n" +
			"của Đoàn thẩm định công tác CCHC năm 2021 của tỉnh\n" +
			"và kết quả tự kiểm tra tại các phòng chuyên môn, đơn vị trực thuộc",
		"can_cu": "Căn cứ vào kết quả kiểm tra của Đoàn thẩm định công tác CCHC năm 2021 của tỉnh, " +
			"Báo cáo số 80/BC-SNgV ngày 29/6/2022 về kết quả tự kiểm tra công tác CCHC, báo cáo tình hình " +
			"thực hiện công tác CCHC của các phòng chuyên môn, đơn vị trực thuộc; Văn phòng - Thanh tra Sở " +
			"báo cáo việc khắc phục các tồn tại, hạn chế trong công tác CCHC năm 2022 như sau:",
		"muc": []map[string]any{
			{"so": "1", "tieu_de": "Đối với những tồn tại hạn chế qua kết quả của Đoàn thẩm định công tác CCHC năm 2021",
				"khoi": []map[string]any{{"doan": "Gửi kèm theo phụ lục.", "y": []map[string]any{}}}},
			{"so": "2", "tieu_de": "Đối với tồn tại hạn chế qua kết quả tự kiểm tra",
				"khoi": []map[string]any{
					{"doan": "Kết quả tự kiểm tra công tác CCHC ngày 28/6/2022 tại các phòng chuyên môn, đơn vị trực thuộc đã chỉ ra một số tồn tại, hạn chế sau:",
						"y": []map[string]any{
							{"noi_dung": "Chưa có bài báo tuyên truyền về công tác cải cách hành chính trên các trang thông tin đại chúng."},
							{"noi_dung": "Một số hồ sơ thủ tục hành chính chưa thể hiện đúng thời gian giải quyết trên phiếu hẹn."},
						}},
					{"doan": "Qua theo dõi, đôn đốc hướng dẫn đến nay một số tồn tại, hạn chế trong công tác CCHC đã được khắc phục.",
						"y": []map[string]any{}},
				}},
			{"so": "3", "tieu_de": "Kiến nghị, đề xuất",
				"khoi": []map[string]any{{"doan": "", "y": []map[string]any{
					{"noi_dung": "Tiếp tục kiểm soát chất lượng các văn bản trước khi tham mưu Ban Giám đốc ban hành."},
					{"noi_dung": "Tăng cường quản lý việc tổ chức hội nghị, hội thảo quốc tế trên địa bàn tỉnh & <báo cáo> \"đúng\" 'hạn'."},
				}}}},
		},
		"ket_thuc": "Trên đây là báo cáo việc khắc phục các tồn tại, hạn chế trong công tác CCHC năm 2022 tại các phòng chuyên môn, đơn vị thuộc Sở",
		"noi_nhan": []map[string]any{{"ten": "Ban Giám đốc Sở"}, {"ten": "Các phòng chuyên môn, đơn vị trực thuộc"}},
		"luu":      "VT, VPTTr",
		"ky_thay":  "",
		"chuc_vu":  "CHÁNH VĂN PHÒNG",
		"nguoi_ky": "Lê Thị Khánh Cẩm",
		"thay_doi": "", "hoan_thanh_them": []map[string]any{}, // no previous reporting date
	}
}

// benchData is a long report: ten sections of three paragraphs and a few bullets each.
func benchData() map[string]any {
	d := sampleData()
	var muc []map[string]any
	for i := 1; i <= 10; i++ {
		var khoi []map[string]any
		for j := 1; j <= 3; j++ {
			khoi = append(khoi, map[string]any{
				"doan": fmt.Sprintf("Đoạn %d.%d: các phòng chuyên môn, đơn vị trực thuộc tiếp tục bám sát kế hoạch thực hiện công tác cải cách hành chính để triển khai thực hiện theo đúng lộ trình, đảm bảo thời gian và chất lượng.", i, j),
				"y": []map[string]any{
					{"noi_dung": "Tiếp tục tiếp nhận hồ sơ TTHC tại Trung tâm Phục vụ Hành chính công tỉnh và giải quyết TTHC đúng thành phần hồ sơ, đúng thời gian quy định."},
					{"noi_dung": "Thường xuyên lấy ý kiến phản ánh của tổ chức, cá nhân về Bộ thủ tục hành chính thuộc thẩm quyền giải quyết của Sở."},
				},
			})
		}
		muc = append(muc, map[string]any{"so": fmt.Sprint(i), "tieu_de": fmt.Sprintf("Nội dung thứ %d", i), "khoi": khoi})
	}
	d["muc"] = muc
	d["ky_thay"] = "KT. GIÁM ĐỐC"
	d["chuc_vu"] = "PHÓ GIÁM ĐỐC"
	return d
}
