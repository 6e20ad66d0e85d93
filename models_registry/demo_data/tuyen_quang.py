"""Demo models of Tuyên Quang, the province of the leadership demo user, at every stage of the workflow.

Before the 2025 reform, thị trấn Lăng Can (huyện Lâm Bình) registered models in 2023 and 2024
that climbed to district and province level (fixed dates: that map ended on 30/6/2025). Since
then xã Lâm Bình, which took Lăng Can over, has models at every stage: a draft, submitted,
taken up, returned, recognized by the commune, proposed to and recognized by the province.
Their dates are counted back from the day the demo is loaded, inside the current year.
Each step is taken by the demo user of its level; one official registers and another decides.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from danvan.organizations import organization_from_spec
from models_registry.demo_data.steps import climb, demo_users, fields_by_code, take_up
from models_registry.models import EmulationModel
from models_registry.services import perform, register_model


@dataclass(frozen=True)
class Story:
    """Where a demo model stands: recognized at `recognized`, then taken up at `next_level` and maybe decided."""

    recognized: tuple[str, ...] = ()
    next_level: str = ""
    outcome: str = ""  # "return" or "reject", by the next level, with `note`
    note: str = ""
    submit: bool = True


@dataclass(frozen=True)
class DemoModel:
    field: str
    name: str
    carrier: str  # the collective that carries it; for an exemplar, the person's position
    hamlet: str
    situation: str
    story: Story
    person: str = ""
    year: int | None = None  # None: the year the demo is loaded


LEVELS = ("commune", "district", "province")
CONTENT_AND_METHOD = "Chi bộ lãnh đạo, đoàn thể nòng cốt; tuyên truyền, vận động từng hộ; cán bộ, đảng viên đi đầu."
EXPECTED_RESULTS = "Được nhân dân đồng thuận, duy trì thường xuyên và nhân rộng ra các thôn khác."

LANG_CAN = {
    "commune": {"era": "pre2025", "code": "02266", "body": "committee"},
    "district": {"era": "pre2025", "code": "071", "body": "committee"},
    "province": {"era": "pre2025", "code": "08", "body": "committee"},
    "users": {
        "registrar": "dangky.langcan",
        "commune": "xa.langcan",
        "district": "huyen.lambinh",
        "province": "tinh.tuyenquang",
    },
    "phase": "2021 – 2025",
    "decisions": {
        2023: {
            "commune": ("09-QĐ/ĐU", datetime.date(2023, 8, 15)),
            "district": ("520-QĐ/HU", datetime.date(2023, 11, 20)),
            "province": ("1823-QĐ/TU", datetime.date(2024, 12, 5)),
        },
        2024: {
            "commune": ("14-QĐ/ĐU", datetime.date(2024, 7, 10)),
            "district": ("688-QĐ/HU", datetime.date(2024, 10, 15)),
        },
    },
    "models": [
        DemoModel(
            "kinh-te",
            "Nhân dân hiến đất mở rộng đường vào thôn",
            "Ban công tác Mặt trận thôn Nà Khà",
            "thôn Nà Khà",
            "Đường vào thôn hẹp, mùa mưa sạt lở, xe chở nông sản không vào được.",
            Story(recognized=("commune", "district", "province")),
            year=2023,
        ),
        DemoModel(
            "van-hoa-xa-hoi",
            "Giữ gìn và phát huy Lễ hội Lồng Tồng của đồng bào Tày",
            "Chi hội Phụ nữ thôn Bản Chợ",
            "thôn Bản Chợ",
            "Lễ hội truyền thống có nguy cơ mai một, thanh niên ít tham gia.",
            Story(recognized=("commune", "district", "province")),
            year=2023,
        ),
        DemoModel(
            "quoc-phong-an-ninh",
            "Tổ hòa giải ở cơ sở gắn với dân vận khéo",
            "Tổ hòa giải thôn Bản Chợ",
            "thôn Bản Chợ",
            "Tranh chấp đất đai, ranh giới nương rẫy còn xảy ra giữa các hộ.",
            Story(recognized=("commune", "district")),
            year=2023,
        ),
        DemoModel(
            "kinh-te",
            "Phát triển du lịch cộng đồng gắn với nhà sàn truyền thống",
            "Tổ hợp tác du lịch thôn Khuổi Củng",
            "thôn Khuổi Củng",
            "Nhiều hộ có nhà sàn đẹp nhưng thu nhập chủ yếu từ trồng ngô, sắn.",
            Story(recognized=("commune", "district")),
            year=2024,
        ),
        DemoModel(
            "van-hoa-xa-hoi",
            "Nói không với tảo hôn và hôn nhân cận huyết thống",
            "Chi hội Phụ nữ thôn Khuổi Củng",
            "thôn Khuổi Củng",
            "Năm 2023 trên địa bàn thôn còn 02 trường hợp tảo hôn.",
            Story(recognized=("commune",)),
            year=2024,
        ),
        DemoModel(
            "quoc-phong-an-ninh",
            "Tuần tra bảo vệ rừng đầu nguồn",
            "Tổ bảo vệ rừng thôn Phiêng Luông",
            "thôn Phiêng Luông",
            "Rừng đầu nguồn bị chặt phá, nguy cơ cháy rừng cao vào mùa khô.",
            Story(recognized=("commune",)),
            year=2024,
        ),
        DemoModel(
            "kinh-te",
            "Vận động các hộ hiến đất, góp công làm đường bê tông nội thôn",
            "Trưởng thôn Nà Khà",
            "thôn Nà Khà",
            "Trưởng thôn đi đầu hiến 300 m² đất, vận động 25 hộ cùng hiến đất.",
            Story(recognized=("commune", "district")),
            person="Hoàng Văn Thắng",
            year=2024,
        ),
        DemoModel(
            "xay-dung-he-thong-chinh-tri",
            "Chi bộ thôn họp định kỳ có đại diện hộ dân dự",
            "Chi bộ thôn Phiêng Luông",
            "thôn Phiêng Luông",
            "Sinh hoạt chi bộ còn hình thức, ít bàn việc dân quan tâm.",
            Story(
                recognized=("commune",),
                next_level="district",
                outcome="reject",
                note=("Mô hình mới triển khai một năm, chưa có kết quả lan tỏa để công nhận cấp huyện."),
            ),
            year=2024,
        ),
    ],
}

LAM_BINH = {
    "commune": {"era": "from2025", "code": "02266", "body": "committee"},
    "province": {"era": "from2025", "code": "08", "body": "committee"},
    "users": {"registrar": "dangky.lambinh", "commune": "xa.lambinh", "province": "tinh.tuyenquang"},
    "phase": "2025 – 2030",
    "models": [
        DemoModel(
            "kinh-te",
            "Vận động đồng bào Mông phát triển chăn nuôi bò hàng hóa",
            "Chi hội Nông dân thôn Nặm Đíp",
            "thôn Nặm Đíp",
            "Nhiều hộ chăn thả rông, đàn bò chậm lớn, dịch bệnh khó kiểm soát.",
            Story(recognized=("commune", "province")),
        ),
        DemoModel(
            "xay-dung-he-thong-chinh-tri",
            "Giải quyết thủ tục hành chính cho người dân không phải đi lại nhiều lần",
            "Trung tâm Phục vụ hành chính công xã Lâm Bình",
            "trung tâm xã",
            "Sau sắp xếp, địa bàn xã rộng, người dân thôn xa phải đi lại nhiều lần.",
            Story(recognized=("commune", "province")),
        ),
        DemoModel(
            "kinh-te",
            "Du lịch cộng đồng gắn với lòng hồ thủy điện",
            "Hợp tác xã du lịch thôn Bản Chợ",
            "thôn Bản Chợ",
            "Lòng hồ có cảnh quan đẹp nhưng các hộ làm du lịch còn nhỏ lẻ.",
            Story(recognized=("commune",), next_level="province"),
        ),
        DemoModel(
            "quoc-phong-an-ninh",
            "Dân quân giúp dân thu hoạch mùa vụ",
            "Trung đội dân quân cơ động xã Lâm Bình",
            "thôn Nà Khà",
            "Mùa thu hoạch thiếu nhân lực, nhiều hộ neo đơn không kịp thu hoạch.",
            Story(recognized=("commune",)),
        ),
        DemoModel(
            "van-hoa-xa-hoi",
            "Mỗi tuần một buổi tổng vệ sinh đường làng, ngõ xóm",
            "Chi đoàn Thanh niên thôn Khuổi Củng",
            "thôn Khuổi Củng",
            "Rác thải sinh hoạt ven đường, ven suối chưa được thu gom.",
            Story(recognized=("commune",)),
        ),
        DemoModel(
            "kinh-te",
            "Trồng và chế biến chè Shan tuyết theo chuỗi giá trị",
            "Tổ hợp tác chè Shan tuyết thôn Phiêng Luông",
            "thôn Phiêng Luông",
            "Chè Shan tuyết cổ thụ bán tươi, giá thấp, chưa có thương hiệu.",
            Story(
                next_level="commune",
                outcome="return",
                note=("Bổ sung số hộ tham gia, diện tích chè và thu nhập bình quân sau một năm thực hiện."),
            ),
        ),
        DemoModel(
            "xay-dung-he-thong-chinh-tri",
            "Đổi mới cách tiếp công dân của Bí thư Đảng ủy xã",
            "Văn phòng Đảng ủy xã Lâm Bình",
            "trung tâm xã",
            "Xã mới có 3 xã cũ hợp thành, người dân chưa quen nơi tiếp công dân.",
            Story(next_level="commune"),
        ),
        DemoModel(
            "van-hoa-xa-hoi",
            "Nhà văn hóa thôn sạch, đẹp do nhân dân tự quản",
            "Ban công tác Mặt trận thôn Nà Khà",
            "thôn Nà Khà",
            "Nhà văn hóa xuống cấp, ít được sử dụng ngoài các buổi họp thôn.",
            Story(),
        ),
        DemoModel(
            "kinh-te",
            "Hướng dẫn chị em phụ nữ dệt thổ cẩm bán cho khách du lịch",
            "Chi hội trưởng Chi hội Phụ nữ thôn Khuổi Củng",
            "thôn Khuổi Củng",
            "Nghề dệt thổ cẩm truyền thống ít người trẻ theo học.",
            Story(),
            person="Ma Thị Hồng",
        ),
        DemoModel(
            "quoc-phong-an-ninh",
            "Camera giám sát an ninh trật tự do nhân dân đóng góp",
            "Tổ an ninh nhân dân thôn Bản Chợ",
            "thôn Bản Chợ",
            "Trộm cắp vặt còn xảy ra ở khu chợ trung tâm xã.",
            Story(submit=False),
        ),
    ],
}


def load(stdout) -> None:
    today = timezone.localdate()
    users, fields = demo_users(), fields_by_code()
    created = 0
    for spec in (LANG_CAN, LAM_BINH):
        commune = organization_from_spec(spec["commune"])
        registrar = users[spec["users"]["registrar"]]
        if EmulationModel.objects.filter(registering_organization=commune, created_by=registrar).exists():
            continue
        actors = {level: users[username] for level, username in spec["users"].items()}
        bodies = {level: organization_from_spec(spec[level]) for level in LEVELS if level in spec}
        for demo in spec["models"]:
            year = demo.year or today.year
            model = _register(commune, demo, fields[demo.field], year, spec["phase"], registrar)
            if demo.story.submit:
                _walk(model, demo.story, actors=actors, decisions=_decisions(spec, year, today), bodies=bodies)
            created += 1
    stdout.write(f"Demo registry of Tuyên Quang: {created} models at every stage of the workflow.")


def _decisions(spec: dict, year: int, today: datetime.date) -> dict:
    """Lăng Can's decisions as given; xã Lâm Bình's this year, weeks before the demo is loaded (after 1 January,
    from when a model registered this year counts as submitted)."""
    if "decisions" in spec:
        return spec["decisions"][year]
    first_day = datetime.date(year, 1, 1)
    return {
        "commune": ("17-QĐ/ĐU", max(first_day, today - datetime.timedelta(days=75))),
        "province": ("412-QĐ/TU", max(first_day, today - datetime.timedelta(days=20))),
    }


def _register(commune, demo: DemoModel, field, year: int, phase: str, registrar) -> EmulationModel:
    place = commune.party_organization_name.removeprefix("Đảng bộ ")
    return register_model(
        organization=commune,
        fields={
            "name": demo.name if demo.person else f"{demo.name} ({demo.hamlet})",
            "subject_kind": "individual" if demo.person else "collective",
            "field": field,
            "registering_unit_name": "" if demo.person else demo.carrier,
            "registration_year": year,
            "phase": phase,
            "address": f"{demo.hamlet}, {place}",
            "situation": demo.situation,
            "content_and_method": CONTENT_AND_METHOD,
            "expected_results": EXPECTED_RESULTS,
        },
        person_name=demo.person,
        person_position=demo.carrier if demo.person else "",
        acting_user=registrar,
        submit=demo.story.submit,
    )


def _walk(model: EmulationModel, story: Story, *, actors: dict, decisions: dict, bodies: dict) -> None:
    climb(model, list(story.recognized), actors=actors, decisions=decisions, bodies=bodies)
    if story.next_level:
        reached = story.recognized[-1] if story.recognized else None
        take_up(model, story.next_level, reached=reached, actors=actors)
    if story.outcome:
        perform(model, story.outcome, actor=actors[story.next_level], note=story.note)
