"""Demo models for the communes of the seed articles, at the levels the articles give.

Phú Lợi (article of 14/01/2022): 33 models, 15 recognized at district level,
14 of them also at province level. Sơn Lâm (article of 17/07/2024): 29 models
since 2019, 6 of them at district level. The names follow the themes the
articles list; decision numbers are demo values. Everything goes through the
workflow services, acting as the demo users of each level.
"""

import datetime
import itertools

from danvan.organizations import organization_from_spec
from models_registry.demo_data.steps import climb, demo_users, fields_by_code
from models_registry.models import EmulationModel
from models_registry.services import register_model

THEMES = {
    "kinh-te": [
        "Vận động nhân dân hiến đất làm đường giao thông nông thôn",
        "Chuyển dịch cơ cấu cây trồng, vật nuôi",
        "Tổ hợp tác đan đệm bàn",
        "Liên kết sản xuất lúa chất lượng cao",
        "Nuôi bò vỗ béo giúp nhau thoát nghèo",
        "Hợp tác xã dịch vụ nông nghiệp",
    ],
    "van-hoa-xa-hoi": [
        "Xây dựng lò đốt rác sinh hoạt",
        "Tuyến đường hoa, cây xanh nơi công cộng",
        "Xử lý chất thải chăn nuôi",
        "Khu dân cư tự quản về vệ sinh môi trường",
        "Ngày thứ bảy tình nguyện",
        "Quỹ khuyến học dòng họ",
    ],
    "quoc-phong-an-ninh": [
        "Tự quản đường biên, cột mốc",
        "Tổ an ninh nhân dân tự quản",
        "Camera an ninh khu dân cư",
        "Dân quân cùng dân giữ bình yên thôn xóm",
    ],
    "xay-dung-he-thong-chinh-tri": [
        "Chính quyền cấp xã thân thiện, vì nhân dân phục vụ",
        "Chi bộ lắng nghe ý kiến nhân dân",
        "Đối thoại định kỳ với đoàn viên, hội viên",
        "Một cửa điện tử phục vụ người dân",
    ],
}
CARRIERS = [
    "Chi hội Nông dân",
    "Chi hội Phụ nữ",
    "Chi đoàn Thanh niên",
    "Chi hội Cựu chiến binh",
    "Ban công tác Mặt trận",
]
HAMLETS = ["thôn 1", "thôn 2", "thôn 3", "thôn 4", "thôn 5", "thôn 6"]

COMMUNES = [
    {
        "commune": {"era": "pre2025", "code": "30797", "body": "committee"},
        "district": {"era": "pre2025", "code": "914", "body": "committee"},
        "province": {"era": "pre2025", "code": "91", "body": "committee"},
        "users": {
            "registrar": "dangky.phuloi",
            "commune": "xa.phuloi",
            "district": "huyen.giangthanh",
            "province": "tinh.angiang",
        },
        "year": 2021,
        "phase": "2021 – 2025",
        "total": 33,
        "district_level": 15,
        "province_level": 14,
        "decisions": {
            "commune": ("05-QĐ/ĐU", "2021-06-15"),
            "district": ("412-QĐ/HU", "2021-10-20"),
            "province": ("1503-QĐ/TU", "2021-12-10"),
        },
    },
    {
        "commune": {"era": "pre2025", "code": "18145", "body": "committee"},
        "district": {"era": "pre2025", "code": "439", "body": "committee"},
        "province": None,
        "users": {"registrar": "dangky.sonlam", "commune": "xa.sonlam", "district": "huyen.huongson"},
        "year": 2019,
        "phase": "2019 – 2024",
        "total": 29,
        "district_level": 6,
        "province_level": 0,
        "decisions": {"commune": ("12-QĐ/ĐU", "2020-12-18"), "district": ("845-QĐ/HU", "2022-11-25")},
    },
]


def load(stdout) -> None:
    users = demo_users()
    fields = fields_by_code()
    created = 0
    for spec in COMMUNES:
        commune = organization_from_spec(spec["commune"])
        if EmulationModel.objects.filter(registering_organization=commune).exists():
            continue
        actors = {level: users[username] for level, username in spec["users"].items()}
        for index, (field_code, name) in zip(range(spec["total"]), itertools.cycle(_themes())):
            # Four eyes: one official registers the model, another records the commune's decision.
            model = _register(commune, fields[field_code], name, index, spec, actors["registrar"])
            _climb(model, index, spec, actors)
            created += 1
    stdout.write(f"Demo registry: {created} models registered and recognized through the workflow.")


def _themes():
    for names in itertools.zip_longest(*THEMES.values()):
        for field_code, name in zip(THEMES, names, strict=True):
            if name:
                yield field_code, name


def _register(commune, field, name, index, spec, official) -> EmulationModel:
    individual = index % 7 == 3
    hamlet = HAMLETS[index % len(HAMLETS)]
    return register_model(
        organization=commune,
        fields={
            "name": f"{name} ({hamlet})",
            "subject_kind": "individual" if individual else "collective",
            "field": field,
            "registering_unit_name": "" if individual else f"{CARRIERS[index % len(CARRIERS)]} {hamlet}",
            "registration_year": spec["year"],
            "phase": spec["phase"],
            "address": f"{hamlet}, {commune.party_organization_name.removeprefix('Đảng bộ ')}",
            "situation": f"{name} xuất phát từ nhu cầu thực tế của nhân dân {hamlet}.",
            "content_and_method": "Tuyên truyền, vận động nhân dân tham gia; chi bộ lãnh đạo, đoàn thể phối hợp.",
            "expected_results": "Được nhân dân đồng thuận, duy trì thường xuyên và nhân rộng.",
        },
        person_name=f"Hội viên {hamlet} số {index}" if individual else "",
        acting_user=official,
        submit=True,
    )


def _climb(model, index, spec, actors) -> None:
    """Recognize the model at commune level, then at district and province level for the first ones."""
    reached = {"district": spec["district_level"], "province": spec["province_level"]}
    levels = ["commune", *(level for level in ("district", "province") if index < reached[level])]
    climb(
        model,
        levels,
        actors=actors,
        decisions={
            level: (number, datetime.date.fromisoformat(date)) for level, (number, date) in spec["decisions"].items()
        },
        bodies={level: organization_from_spec(spec[level]) for level in levels},
    )
