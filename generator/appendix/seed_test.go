package appendix

import (
	"time"
)

// This file transcribes the appendix of the seed report (shared/seeds/000_568b83442a8fbec4.txt,
// after "PHỤ LỤC"): five field rows, each sub-criterion a part with its remedy, deadline and
// progress. The seed aligns them with blank lines; here each becomes a Part.

var seedCreated = time.Date(2022, 9, 14, 15, 4, 5, 0, time.FixedZone("ICT", 7*3600))

func plain(text string) Para { return Para{Text: text} }

func strong(text string) Para { return Para{Text: text, Bold: true} }

// part builds a part from its criterion paragraphs and the texts of columns 3–6; an empty
// string leaves the cell empty.
func part(criterion []Para, remedy, deadline, progress, note string) Part {
	var p Part
	p.Cells[0] = criterion
	if remedy != "" {
		p.Cells[1] = []Para{plain(remedy)}
	}
	if deadline != "" {
		p.Cells[2] = []Para{{Text: deadline, Center: true}}
	}
	if progress != "" {
		p.Cells[3] = []Para{plain(progress)}
	}
	if note != "" {
		p.Cells[4] = []Para{plain(note)}
	}
	return p
}

func heading(paras ...Para) Part {
	p := part(paras, "", "", "", "")
	p.KeepWithNext = true
	return p
}

func seedDocument() *Document {
	return &Document{
		Heading:  "PHỤ LỤC",
		Title:    "KẾT QUẢ KHẮC PHỤC ĐỐI VỚI CÁC TỒN TẠI, HẠN CHẾ TRONG CÔNG TÁC CCHC\nVÀ CÁC TIÊU CHÍ BỊ TRỪ ĐIỂM TRONG ĐỢT THẨM ĐỊNH, ĐÁNH GIÁ CCHC CỦA TỈNH NĂM 2021",
		Subtitle: "(Kèm theo Báo cáo số      /BC-SNgV ngày 14 tháng 9 năm 2022 của Sở Ngoại vụ)",
		AsOf:     "Số liệu cập nhật đến ngày 14/9/2022",
		Headers: [6]string{
			"TT",
			"Các tồn tại, hạn chế trong công tác CCHC, các tiêu chí bị trừ điểm trong đợt thẩm định, đánh giá CHCC của tỉnh năm 2020",
			"Giải pháp khắc phục cụ thể",
			"Thời hạn hoàn thành\n(Theo Kế hoạch số 102/KH-SNgV ngày 14/02/2022)",
			"Tiến độ thực hiện\n(Đã hoàn thành hoặc chưa hoàn thành thì cập nhật rõ tiến độ)",
			"Ghi chú",
		},
		Created:  seedCreated,
		Stamp:    []string{"Số: 80/BC-SNgV", "Thời gian ký: 14/09/2022 15:04:05 +07:00"},
		Author:   "Sở Ngoại vụ tỉnh Hà Tĩnh",
		Subject:  "Phụ lục kèm theo Báo cáo việc khắc phục tồn tại, hạn chế trong công tác CCHC",
		Keywords: "CCHC, phụ lục, Sở Ngoại vụ",
		Rows: []Row{
			{Number: "1", Parts: []Part{
				heading(strong("Tiêu chí 1: Chỉ đạo, điều hành công tác cải cách hành chính: Đoàn thẩm định đánh giá đạt 9,03/11 điểm. Bị trừ các tiêu chí cụ thể sau:")),
				part([]Para{
					plain("- Tiêu chí 1.2: Mức độ hoàn thành nhiệm vụ CCHC trên các lĩnh vực/nội dung theo Bộ Tiêu chí đạt 1.39/1.50 điểm. Lý do: Áp dụng công thức theo hướng dẫn chấm điểm: Tỷ lệ % = (Tổng điểm thẩm định của 07 lĩnh vực (1,2,3,4,5,6,7 lĩnh vực 1 trừ tiêu chí 1.2)*100)/điểm tối đa của 07 lĩnh vực (trừ tiêu chí 1.2)."),
					plain("(Tỷ lệ % hoàn thành*1.5)/100= số điểm"),
					plain("Kết quả: (90.0*1.5)/100= 1.39 điểm."),
				},
					"- Tham mưu triển khai cũng như đôn đốc, kiểm tra các phòng, đơn vị triển khai thực hiện đúng yêu cầu, đầy đủ các nội dung, nhiệm vụ theo Kế hoạch CCHC của cơ quan.",
					"Thường xuyên",
					"Đã tham mưu các văn bản chỉ đạo liên quan đến công tác CCHC và đôn đốc các phòng, đơn vị triển khai thực hiện.", ""),
				part([]Para{plain("- Tiêu chí 1.5: Kết quả khắc phục tồn tại hạn chế trong thực hiện CCHC do cấp trên chỉ ra sau các đợt kiểm tra và sau khi có kết quả xếp loại Chỉ số CCHC của tỉnh đạt 0.89/1.00 điểm. Lý do: Theo kết quả thẩm định chỉ số CCHC năm 2020 có 9 tồn tại: Đến nay có 02 nhiệm vụ khắc phục nhưng chưa đạt kết quả: Chưa triển khai dịch vụ công mức độ 4; Tỷ lệ hồ sơ phát sinh dịch vụ trực tuyến mức độ 3 đạt tỷ lệ thấp (40%).")},
					"Sở đã triển khai mức độ 4 đối với 01 TTHC thuộc thẩm quyền giải quyết theo Quyết định của UBND tỉnh",
					"Thường xuyên",
					"Sở đã có văn bản tuyên truyền, hướng dẫn thực hiện nộp hồ sơ trực tuyến và qua dịch vụ bưu chính công ích.", ""),
				part([]Para{plain("- Tiêu chí 1.6: Công tác tuyên truyền CCHC đạt 0.75/1.00 điểm. Lý do: Chưa thực hiện tuyên truyền nội dung CCHC thông qua các hình thức khác (tổ chức cuộc thi tìm hiều về CCHC; tọa đàm về CCHC; sân khấu hóa hoặc các hình thức tuyên truyền mới, sáng tạo khác…).")},
					"Công tác thông tin tuyên truyền về cải cách hành chính: cần thực hiện đầy đủ việc tuyên truyền công tác CCHC trên các phương tiện thông tin đại chúng.",
					"Thường xuyên",
					"Kịp thời tuyên truyền về công tác CCHC trên Cổng TTĐT của Sở.", ""),
				part([]Para{plain("- Tiêu chí 1.7: Sáng kiến về công tác CCHC đạt 0,5/2.00 điểm. Lý do: Không có sáng kiến cấp tỉnh về công tác CCHC năm trước liền kề.")},
					"Tiếp tục vận động, khuyến khích cán bộ, công chức, viên chức nghiên cứu và có sáng kiến về công tác CCHC.",
					"Thường xuyên",
					"Đã tuyên truyền, vận động khuyến khích CBCCVC viết sáng kiến CCHC nhưng đến thời điểm này chưa có sáng kiến", ""),
			}},
			{Number: "2", Parts: []Part{
				heading(strong("Tiêu chí 2: Cải cách thể chế: Đoàn thẩm định đánh giá đạt 9.50/10.25 điểm. Bị trừ các tiêu chí cụ thể sau:")),
				part([]Para{plain("- Tiêu chí 2.1.4: Thực hiện quy trình xây dựng và ban hành VBQPPL đạt 0.75/1.00 điểm. Lý do: Việc lấy ý kiến các văn bản QPPL chưa đảm bảo thời gian theo quy định (ít nhất 30 ngày). Công văn số 355/SNgV-LSBG ngày 26/5/2021 của Sở Ngoại vụ về việc lấy ý kiến góp ý dự thảo Quyết định ban hành Quy chế quản lý báo chí nước ngoài có hạn lấy ý kiến trước ngày 02/6/2021.")},
					"Tổ chức thực hiện tại đơn vị các văn bản QPPL của Trung ương và văn bản QPPL do đơn vị tham mưu UBND tỉnh, HĐND tỉnh ban hành đảm bảo đầy đủ và có chất lượng; đúng quy trình theo Luật Ban hành văn bản QPPL.",
					"Thường xuyên",
					"Triển khai thực hiện tại đơn vị các văn bản QPPL của Trung ương và văn bản QPPL do đơn vị tham mưu UBND tỉnh.", ""),
				part([]Para{plain("- Tiêu chí 2.1.5: Công tác tham gia góp ý các dự thảo văn bản được lấy ý kiến đạt 0.50/1.00 điểm. Lý do: Sở cung cấp danh mục và 27 văn bản, trong đó có 19 văn bản QPPL. Qua thẩm định cho thấy có 16/19 (đạt 84%) văn bản QPPL góp ý đạt chất lượng.")},
					"Nghiên cứu góp ý các văn bản QPPL được lấy ý kiến một cách nghiêm túc, kỹ lưỡng đảm bảo việc tham gia ý kiến có chất lượng.",
					"Thường xuyên", "", ""),
			}},
			{Number: "3", Parts: []Part{
				heading(strong("Tiêu chí 4: Cải cách tổ chức bộ máy: Đoàn thẩm định đánh giá đạt 9.00/10.00 điểm. Bị trừ tiêu chí cụ thể sau:")),
				part([]Para{plain("- Tiêu chí 4.1.1: Cơ cấu tổ chức bộ máy của cơ quan, đơn vị  và các đơn vị trực thuộc đảm bảo đúng quy định; được sắp xếp kịp thời đạt 1.00/2.00 điểm. Lý do: Hiện nay, Trung tâm Dịch thuật - Dịch vụ đối ngoại không đảm bảo tiêu chí thành lập theo Nghị định số 120/2020/NĐ-CP nhưng Sở chưa có phương án, lộ trình để sắp xếp hoặc kiện toàn Trung tâm.")},
					"Trung tâm DTDVĐN phối hợp VPTTr phương án, lộ trình để sắp xếp kiện toàn lại đơn vị theo Nghị định số 120/2020/NĐ-CP",
					"Quý IV",
					"Đang triển khai thực hiện", ""),
			}},
			{Number: "4", Parts: []Part{
				heading(strong("Tiêu chí 6: Cải cách tài chính công: Đoàn thẩm định đánh giá đạt 8.00/9.00 điểm. Bị trừ tiêu chí cụ thể sau:")),
				part([]Para{plain("- Tiêu chí 6.5.1 “Số đơn vị sự nghiệp công lập tự bảo đảm một phần chi thường xuyên” đạt  0.00/0.50. Lý do không có đơn vị sự nghiệp công lập tự bảo đảm một phần chi thường xuyên tăng so với năm trước.")},
					"Thực hiện đúng quy định cơ chế khoán biên chế và kinh phí hành chính tại cơ quan, đơn vị. Quản lý tài chính, tài sản đúng quy định, bảo đảm cơ quan, đơn vị hoạt động hiệu quả.",
					"Thường xuyên",
					"Sở chỉ có 01 đơn vị sự nghiệp công lập nên không thể đảm bảo tiêu chí tăng số đơn vị sự nghiệp công lập tự bảo đảm chi thường xuyên; số đơn vị sự nghiệp công lập tự bảo đảm một phần chi thường xuyên.", ""),
				part([]Para{plain("- Tiêu chí 6.5.5 “Tỷ lệ giảm chi trực tiếp từ ngân sách nhà nước đối với đơn vị sự nghiệp công lập so với dự toán giao cho đơn vị trong năm đầu của giai đoạn tự chủ tài chính được cơ quan có thẩm quyền giao” đạt 0.50/1.00. Lý do kinh phí được cấp của Sở tăng so với năm trước.")},
					"Rà soát, đánh giá khả năng tự chủ và tình hình thực hiện dự toán của đơn vị để cân đối nguồn NSNN đảm bảo  hợp lý.",
					"Thường xuyên", "", ""),
			}},
			{Number: "5", Parts: []Part{
				heading(
					strong("Tiêu chí 7: Xây dựng, phát triển chính quyền số, chính quyền điện tử"),
					strong("Tiêu chí 7.1: Hiện đại hóa nền hành chính nhà nước: Đoàn thẩm định đánh giá đạt 7.78/8.50 điểm. Bị trừ các tiêu chí sau:"),
				),
				part([]Para{plain("- Tiêu chí 7.1.1.4: Chất lượng Cổng thông tin điện tử đạt 1.38/1.50 điểm. Lý do: Chấm điểm Cổng: 10+4+8+7+5+9+1,5 +2+8+9+19+4+3+3+3 = 95,5 điểm) (theo thang điểm QĐ 2694/UBND tỉnh).")},
					"Nâng cấp Cổng thông tin điện tử, thêm mục thống kê số liệu về ngành; thường xuyên viết tin bài đăng lên Cổng; các dự án, góp ý, sáng kiến, văn bản chỉ đạo điều hành… đăng tải kèm thêm một số thông tin cơ bản theo Quyết định số 2694/QĐ-UBND ngày 17/9/2014 của UBND tỉnh; bổ sung chức năng Hỗ trợ người khuyết tật tiếp nhận thông tin.",
					"Thường xuyên",
					"Triển khai nâng cấp Cổng TTĐT; thường xuyên viết tin bài đăng lên Cổng; các dự án, góp ý, sáng kiến, văn bản chỉ đạo điều hành…", ""),
				part([]Para{plain("- Tiêu chí 7.1.1.7: Kết quả phát triển chính quyền số theo bộ tiêu chí đánh giá được UBND tỉnh ban hành tại Quyết định số 2853/QĐ-UBND ngày 11/8/2021 đạt 1.70/2.00 điểm. Lý do: tỷ lệ đánh giá trên cổng danhgia.hatinh.gov.vn đạt 85%.")},
					"", "", "", ""),
				part([]Para{plain("- Tiêu chí 7.1.2.2: Tỷ lệ số TTHC cung cấp trực tuyến mức độ 3 có phát sinh hồ sơ đạt 0.20/0.50 điểm. Lý do: Tỷ lệ đạt 40%.")},
					"Các phòng, đơn vị có liên quan triển khai dịch vụ công mức độ 4 đối với thủ tục “cho phép tổ chức hội nghị, hội thảo quốc tế không thuộc thẩm quyền của Thủ tướng Chính phủ”; nâng cao tỷ lệ hồ sơ phát sinh dịch vụ trực tuyến mức độ 3.",
					"Thường xuyên",
					"Do quy định của Bộ Ngoại giao về thành phần hồ sơ phải là bản gốc nên đến thời điểm hiện nay Sở chỉ mới  triển khai mức độ 4 đối với 01 TTHC thuộc thẩm quyền giải quyết. Tiếp tục tuyên truyền, vận động, hướng dẫn các tổ chức cá nhân nộp hồ sơ trực tuyến và qua dịch vụ BCCI.", ""),
				heading(
					strong("Tiêu chí 7.2: Áp dụng Hệ thống quản lý chất lượng ISO 9001:2015"),
					plain("Tiêu chí 7.2 Đoàn thẩm định đánh giá đạt 4.75/5.00 điểm; bị trừ tiêu chí sau:"),
				),
				part([]Para{plain("- Tiêu chí 7.2.6 do việc sắp xếp và lưu trữ hồ sơ chỉ đảm bảo từ 70% - <90% quy định đạt 0.25/0.50 điểm.")},
					"Có phương án sắp xếp hồ sơ lưu trữ của cơ quan một cách khoa học, hợp lý đảm bảo tiêu chí dễ lấy, dễ thấy, dễ tìm",
					"Thường xuyên",
					"Đã triển khai thực hiện", ""),
			}},
		},
	}
}
