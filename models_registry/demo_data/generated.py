"""Generated demo data, marked as such: a few hundred models recognized by the communes of old Tuyên Quang.

The province's movement summary for 2021–2025 then has more table rows than a request prints
(`REPORTS_SYNC_MAX_ROWS`), so the demo shows a report printed by the background worker.
The models come in as an import does (`register_models_in_bulk`, by the province staff, who
submit them); each commune's decision of the year is recorded by the system administrator, the
one demo user who reviews at commune level everywhere (four eyes: who submitted does not decide).
Every generated model says so at the start of its situation (`GENERATED_MARK`).
"""

import datetime
import itertools

from danvan.models import AdministrativeUnit, Era, UnitKind
from danvan.organizations import committee_for
from models_registry.demo_data.seed_communes import CARRIERS
from models_registry.demo_data.steps import climb, demo_users, fields_by_code
from models_registry.models import EmulationModel
from models_registry.services import Registration, perform, register_models_in_bulk

GENERATED_MARK = "[Dữ liệu minh họa tự sinh]"
PROVINCE_CODE = "08"  # Tuyên Quang before the 2025 reform
YEARS = (2022, 2023, 2024, 2025)  # that map ended on 30/6/2025: each decision is taken by the end of May
MODEL_COUNT = 320
# Themes of a northern mountain province; the seed communes' themes are those their articles list.
THEMES = {
    "kinh-te": [
        "Vận động nhân dân hiến đất làm đường giao thông nông thôn",
        "Phát triển vùng chè đặc sản",
        "Trồng rừng gỗ lớn giúp nhau thoát nghèo",
        "Nuôi cá lồng trên lòng hồ",
        "Liên kết trồng cam sành theo hướng VietGAP",
        "Chăn nuôi trâu, bò vỗ béo",
    ],
    "van-hoa-xa-hoi": [
        "Xây dựng thôn văn hóa kiểu mẫu",
        "Câu lạc bộ hát Then, đàn Tính",
        "Khu dân cư tự quản về vệ sinh môi trường",
        "Quỹ khuyến học dòng họ",
        "Ngày thứ bảy tình nguyện",
    ],
    "quoc-phong-an-ninh": [
        "Tổ an ninh nhân dân tự quản",
        "Camera an ninh khu dân cư",
        "Dân quân cùng dân giữ bình yên thôn xóm",
        "Tổ bảo vệ rừng cộng đồng",
    ],
    "xay-dung-he-thong-chinh-tri": [
        "Chính quyền cấp xã thân thiện, vì nhân dân phục vụ",
        "Chi bộ lắng nghe ý kiến nhân dân",
        "Đối thoại định kỳ với đoàn viên, hội viên",
        "Một cửa điện tử phục vụ người dân",
    ],
}
HAMLETS = ["thôn Tân Thành", "thôn Đồng Tâm", "thôn Làng Chùa", "thôn Bản Khiển", "thôn Nà Lừa", "thôn Khuổi Nhùng"]
SURNAMES = ["Nguyễn", "Hoàng", "Ma", "Triệu", "Lý", "Nông", "Hà", "Bàn"]
GIVEN_NAMES = ["Văn Hùng", "Thị Lan", "Văn Đức", "Thị Thu", "Văn Tâm", "Thị Hoa", "Văn Sơn"]


def load(stdout) -> None:
    created = 0 if EmulationModel.objects.filter(situation__startswith=GENERATED_MARK).exists() else _generate()
    stdout.write(f"Demo registry, generated: {created} models recognized by the communes of old Tuyên Quang.")


def _generate() -> int:
    communes = list(
        AdministrativeUnit.objects.filter(
            era=Era.PRE_2025, level="commune", path__startswith=f"{Era.PRE_2025}/{PROVINCE_CODE}/"
        ).order_by("path")
    )
    users, fields = demo_users(), fields_by_code()
    importer, recorder = users["tinh.tuyenquang"], users["admin"]
    committees = {commune.pk: committee_for(commune) for commune in communes}
    plan = [(communes[index % len(communes)], YEARS[index % len(YEARS)]) for index in range(MODEL_COUNT)]
    themes = itertools.cycle([(code, name) for code, names in THEMES.items() for name in names])
    registrations = [
        _registration(index, commune, committees[commune.pk], year, fields, *next(themes))
        for index, (commune, year) in enumerate(plan)
    ]
    models = register_models_in_bulk(registrations, acting_user=importer)
    for model, (commune, year) in zip(models, plan, strict=True):
        perform(model, "submit", actor=importer)
        climb(
            model,
            ["commune"],
            actors={"commune": recorder},
            decisions={"commune": _decision_of(commune, year)},
            bodies={"commune": committees[commune.pk]},
        )
    return len(models)


def _registration(index: int, commune, committee, year: int, fields: dict, field_code: str, theme: str) -> Registration:
    hamlet = _hamlet(commune, index)
    individual = index % 8 == 5
    person = f"{SURNAMES[index % len(SURNAMES)]} {GIVEN_NAMES[index % len(GIVEN_NAMES)]}" if individual else ""
    return Registration(
        organization=committee,
        fields={
            "name": f"{theme} ({hamlet})",
            "subject_kind": "individual" if individual else "collective",
            "field": fields[field_code],
            "registering_unit_name": "" if individual else f"{CARRIERS[index % len(CARRIERS)]} {hamlet}",
            "registration_year": year,
            "phase": "2021 – 2025",
            "address": f"{hamlet}, {committee.party_organization_name.removeprefix('Đảng bộ ')}",
            "situation": f"{GENERATED_MARK} {theme} xuất phát từ nhu cầu thực tế của nhân dân {hamlet}.",
        },
        person_name=person,
        person_position=f"Hội viên {hamlet}" if individual else "",
    )


def _hamlet(commune: AdministrativeUnit, index: int) -> str:
    """A village of a rural commune; a residential group of a ward or a township."""
    if commune.kind in (UnitKind.WARD, UnitKind.TOWNSHIP):
        return f"tổ dân phố số {index % 12 + 1}"
    return HAMLETS[index % len(HAMLETS)]


def _decision_of(commune: AdministrativeUnit, year: int) -> tuple[str, datetime.date]:
    """The commune's decision of the year recognizing its models: one number and date per commune and year."""
    offset = int(commune.code) % 60
    return f"{offset % 25 + 3:02d}-QĐ/ĐU", datetime.date(year, 4, 1) + datetime.timedelta(days=offset)
