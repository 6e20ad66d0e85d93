"""Vietnamese names, positions and wordings the scale data draws from."""

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Ma"]
SURNAME_WEIGHTS = [38, 11, 9, 7, 5, 4, 3, 3, 3, 2, 2, 2, 2, 3]
MIDDLE = ["Văn", "Thị", "Đức", "Thanh", "Minh", "Hữu", "Quang", "Ngọc", "Thu", "Xuân", "Kim", "Công"]
GIVEN = [
    "An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiền", "Hoa", "Hùng", "Hương", "Huyền",
    "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Ngọc", "Phương", "Quân", "Sơn", "Tâm", "Thảo",
    "Thắng", "Thủy", "Trang", "Trung", "Tuấn", "Vân", "Việt", "Yến",
]  # fmt: skip
POSITIONS = [
    "Bí thư {c}", "Phó Bí thư Thường trực {c}", "Trưởng {b}", "Phó Trưởng {b}", "Chuyên viên {b}",
    "Chủ tịch Ủy ban MTTQ Việt Nam {p}", "Chủ tịch Hội Nông dân {p}", "Chủ tịch Hội Liên hiệp Phụ nữ {p}",
    "Bí thư Đoàn Thanh niên {p}", "Chủ tịch Hội Cựu chiến binh {p}",
]  # fmt: skip
THEMES = [
    ("kinh-te", "phát triển kinh tế hộ gia đình gắn với giảm nghèo bền vững"),
    ("kinh-te", "trồng cam sành theo tiêu chuẩn VietGAP"),
    ("kinh-te", "nuôi cá lồng trên lòng hồ thủy điện"),
    ("kinh-te", "hỗ trợ nhau phát triển chăn nuôi trâu, bò"),
    ("van-hoa-xa-hoi", "giữ gìn vệ sinh môi trường khu dân cư"),
    ("van-hoa-xa-hoi", "bảo tồn bản sắc văn hóa dân tộc Tày, Dao"),
    ("van-hoa-xa-hoi", "hiến đất, góp công làm đường giao thông nông thôn"),
    ("van-hoa-xa-hoi", "xây dựng thôn, bản văn hóa kiểu mẫu"),
    ("quoc-phong-an-ninh", "tổ tự quản an ninh trật tự thôn, bản"),
    ("quoc-phong-an-ninh", "camera an ninh kết nối khu dân cư"),
    ("quoc-phong-an-ninh", "dân quân tự vệ giúp dân mùa mưa lũ"),
    ("xay-dung-he-thong-chinh-tri", "đảng viên gương mẫu gắn với hộ gia đình"),
    ("xay-dung-he-thong-chinh-tri", "chính quyền lắng nghe ý kiến nhân dân"),
    ("xay-dung-he-thong-chinh-tri", "dân vận khéo trong cải cách hành chính"),
]
CARRIERS = ["Chi hội Nông dân thôn", "Chi hội Phụ nữ thôn", "Chi đoàn Thanh niên thôn", "Chi hội Cựu chiến binh thôn",
            "Ban công tác Mặt trận thôn", "Chi bộ thôn"]  # fmt: skip
CONFERENCE_TITLES = {
    "so_ket": "Hội nghị sơ kết {period} công tác dân vận",
    "tong_ket": "Hội nghị tổng kết công tác dân vận {period}",
    "trien_khai": "Hội nghị triển khai nhiệm vụ công tác dân vận {period}",
    "chuyen_de": "Hội nghị chuyên đề phong trào thi đua “Dân vận khéo” {period}",
    "doi_thoai": "Hội nghị đối thoại giữa người đứng đầu cấp ủy với nhân dân {period}",
}
DIRECTIVE_TEXTS = [
    "Tiếp tục nhân rộng các mô hình “Dân vận khéo” trên lĩnh vực {f}",
    "Rà soát, tổng hợp kiến nghị của nhân dân, trả lời trước ngày {d}",
    "Tăng cường kiểm tra việc thực hiện Quy chế dân chủ ở cơ sở",
    "Chỉ đạo xây dựng ít nhất một mô hình mới trên lĩnh vực {f}",
    "Phối hợp với Ủy ban MTTQ tổ chức đối thoại với nhân dân về giải phóng mặt bằng",
    "Báo cáo kết quả thực hiện Kết luận số 114-KL/TW về công tác dân vận",
]
UPDATE_TEXTS = [
    "Đã ban hành kế hoạch triển khai; đang tổ chức thực hiện.",
    "Đã tổ chức 3 buổi đối thoại, tiếp thu 27 ý kiến của nhân dân.",
    "Đã hoàn thành, báo cáo kết quả về Ban Dân vận.",
    "Đang rà soát, dự kiến hoàn thành trong quý tới.",
    "Chưa triển khai do tập trung phòng, chống thiên tai.",
]
