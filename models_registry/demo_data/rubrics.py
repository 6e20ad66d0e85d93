"""Two demo scoring rubrics, of provinces of the demo, with invented but plausible criteria.

Each is marked as demo data in its note. Tuyên Quang's Ban Dân vận scores the district level
of the 2021 – 2025 phase; Hà Tĩnh's Ban Tuyên giáo và Dân vận scores the commune level of the
new map from 2026. They load after the models, whose decisions were taken before any rubric.
"""

from decimal import Decimal

from danvan.organizations import organization_from_spec
from models_registry.demo_data.steps import demo_users
from models_registry.models import Rubric
from models_registry.rubric_services import CriterionRow, create_rubric

DEMO_NOTE = "Dữ liệu minh họa: bộ tiêu chí do hệ thống tạo để trình diễn, không phải văn bản chính thức."

RUBRICS = [
    {
        "user": "tinh.tuyenquang",
        "organization": {"era": "pre2025", "code": "08", "body": "board", "on": "2024-12-18"},
        "name": "Tiêu chí chấm điểm mô hình “Dân vận khéo” cấp huyện",
        "level": "district",
        "period": (2021, 2025),
        "pass_mark": Decimal(70),
        "criteria": [
            (
                "Tính sáng tạo, phù hợp",
                "Cách làm mới, phù hợp phong tục, tập quán của đồng bào các dân tộc",
                15,
                "Mới ở địa phương: 15; áp dụng có điều chỉnh: 10; làm theo nơi khác: 5.",
            ),
            (
                "Tính sáng tạo, phù hợp",
                "Xuất phát từ nhu cầu thực tế, được nhân dân bàn bạc, đồng thuận",
                10,
                "Có biên bản họp thôn, bản: 10; chỉ có chủ trương của cấp ủy: 5.",
            ),
            (
                "Tính hiệu quả",
                "Kết quả kinh tế – xã hội đo đếm được (thu nhập, công trình, hộ thoát nghèo)",
                25,
                "Theo số liệu báo cáo có xác nhận của UBND xã.",
            ),
            (
                "Tính hiệu quả",
                "Số người dân tham gia, thụ hưởng",
                15,
                "Trên 70% số hộ trong phạm vi: 15; 40 – 70%: 10; dưới 40%: 5.",
            ),
            (
                "Tính hiệu quả",
                "Huy động nguồn lực trong nhân dân (ngày công, tiền, hiến đất)",
                10,
                "Quy đổi ra tiền, so với tổng kinh phí thực hiện.",
            ),
            (
                "Khả năng nhân rộng",
                "Đã hoặc có thể nhân rộng ra thôn, xã khác",
                15,
                "Đã nhân rộng ít nhất 02 nơi: 15; có kế hoạch nhân rộng: 8.",
            ),
            ("Khả năng nhân rộng", "Duy trì ổn định từ 01 năm trở lên", 10, "Từ 02 năm: 10; từ 01 năm: 6."),
        ],
    },
    {
        "user": "tinh.hatinh",
        "organization": {"era": "from2025", "code": "42", "body": "board", "on": "2025-07-01"},
        "name": "Bộ tiêu chí đánh giá, công nhận mô hình “Dân vận khéo” cấp xã",
        "level": "commune",
        "period": (2026, 2030),
        "pass_mark": Decimal(65),
        "criteria": [
            (
                "Công tác lãnh đạo, tổ chức thực hiện",
                "Có nghị quyết, kế hoạch của cấp ủy, chính quyền xã",
                10,
                "Văn bản ban hành trước khi triển khai mô hình.",
            ),
            ("Công tác lãnh đạo, tổ chức thực hiện", "Phân công rõ người phụ trách, có sơ kết định kỳ", 10, ""),
            (
                "Tính hiệu quả",
                "Giải quyết được vấn đề bức xúc, nổi cộm ở cơ sở",
                20,
                "Đối chiếu tình hình trước và sau khi thực hiện mô hình.",
            ),
            ("Tính hiệu quả", "Góp phần xây dựng nông thôn mới, đô thị văn minh", 20, ""),
            ("Khả năng nhân rộng", "Cách làm đơn giản, chi phí thấp, dễ áp dụng ở nơi khác", 20, ""),
            (
                "Sự tham gia của nhân dân",
                "Nhân dân tham gia từ bàn bạc đến giám sát, thụ hưởng",
                20,
                "Ý kiến đánh giá của Ban Công tác Mặt trận thôn, tổ dân phố.",
            ),
        ],
    },
]


def load(stdout) -> None:
    users, created = demo_users(), 0
    for spec in RUBRICS:
        organization = organization_from_spec(spec["organization"])
        if Rubric.objects.filter(organization=organization, name=spec["name"]).exists():
            continue
        start, end = spec["period"]
        create_rubric(
            fields={
                "organization": organization,
                "name": spec["name"],
                "level": spec["level"],
                "valid_from_year": start,
                "valid_to_year": end,
                "pass_mark": spec["pass_mark"],
                "note": DEMO_NOTE,
            },
            criteria=[CriterionRow(group, name, Decimal(score), note) for group, name, score, note in spec["criteria"]],
            acting_user=users[spec["user"]],
        )
        created += 1
    stdout.write(f"Demo scoring rubrics: {created} (marked as demo data).")
