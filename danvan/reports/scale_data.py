"""Deterministic scale data on the real administrative map, for benchmarks.

    python manage.py generate_scale_data --scale commune|district|province [--seed N] [--province 08] [--replace]

`province` fills a whole pre-2025 province (Tuyên Quang, code 08, by default:
7 districts, 137 communes) with 30,000 “Dân vận khéo” models (recognitions and
workflow steps), 5,000 conferences, 60,000 attendees from a register of 3,000
people and 20,000 directives with their progress updates. `district` is about
1/8 of that on one district, `commune` about 1/100 on one commune and its
district and province above.

Rows go in with bulk_create, so `save()` does not run: `search_text` and
`search_name` are folded here. No django-simple-history rows are written for
the generated data (that would double every insert); the audit trail of the
registry (`Transition`) is generated as ordinary rows.

Every generated conference and model is `created_by` the user `scale.data`,
which is how a second run recognizes the data and refuses without --replace.
This module reads across the apps, which only `danvan.reports` may do.
"""

import datetime
import random
import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from conferences.models import (
    Attendee,
    Commendation,
    Conference,
    ConferenceDocument,
    Directive,
    DirectiveAssignment,
    DirectiveUpdate,
    KeyFigure,
)
from danvan.models import AdministrativeUnit, Document, Era, Person
from danvan.organizations import committee_for, mass_mobilization_board_for
from danvan.text import fold
from models_registry.models import EmulationModel, Field, Recognition, Transition
from models_registry.standard_fields import ensure_standard_fields

GENERATOR_USERNAME = "scale.data"
BATCH = 2000
YEARS = list(range(2019, 2025))
BOARD_DATE = datetime.date(2024, 6, 1)  # before the March 2025 merger of province boards


@dataclass(frozen=True)
class Scale:
    models: int
    conferences: int
    attendees: int
    people: int
    directives: int


SCALES = {
    "province": Scale(models=30_000, conferences=5_000, attendees=60_000, people=3_000, directives=20_000),
    "district": Scale(models=3_750, conferences=625, attendees=7_500, people=375, directives=2_500),
    "commune": Scale(models=300, conferences=50, attendees=600, people=30, directives=200),
}


class ScaleDataExists(Exception):
    pass


class MapMissing(Exception):
    pass


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


def generator_user():
    user, _ = get_user_model().objects.get_or_create(
        username=GENERATOR_USERNAME, defaults={"first_name": "Dữ liệu", "last_name": "thử tải", "is_active": False}
    )
    return user


def generated_exists(province: AdministrativeUnit) -> bool:
    user = get_user_model().objects.filter(username=GENERATOR_USERNAME).first()
    if user is None:
        return False
    return (
        EmulationModel.objects.filter(
            created_by=user, registering_organization__path__startswith=province.path
        ).exists()
        or Conference.objects.filter(created_by=user, organizer__path__startswith=province.path).exists()
    )


def delete_generated(province: AdministrativeUnit) -> dict:
    """Remove what a previous run generated for `province` (raw deletes: no signals, no history)."""
    user = generator_user()
    models = EmulationModel.objects.filter(created_by=user, registering_organization__path__startswith=province.path)
    conferences = Conference.objects.filter(created_by=user, organizer__path__startswith=province.path)
    directives = Directive.objects.filter(conference__in=conferences)
    deleted = {}
    with transaction.atomic():
        for label, queryset in [
            ("responsible links", DirectiveAssignment.objects.filter(directive__in=directives)),
            ("progress updates", DirectiveUpdate.objects.filter(directive__in=directives)),
            ("directives", directives),
            ("attendees", Attendee.objects.filter(conference__in=conferences)),
            ("conference documents", ConferenceDocument.objects.filter(conference__in=conferences)),
            ("key figures", KeyFigure.objects.filter(conference__in=conferences)),
            ("commendations", Commendation.objects.filter(conference__in=conferences)),
            ("conferences", conferences),
            ("transitions", Transition.objects.filter(emulation_model__in=models)),
            ("recognitions", Recognition.objects.filter(emulation_model__in=models)),
            ("models", models),
        ]:
            if queryset.model in (Directive, Conference, EmulationModel):
                history = queryset.model.history.filter(id__in=queryset.values("pk"))
                deleted[f"{label} history"] = history._raw_delete(history.db)
            deleted[label] = queryset._raw_delete(queryset.db)
        # The register and decisions the generator made, now referenced by nothing.
        people = Person.objects.filter(organization__path__startswith=province.path, attendances__isnull=True).exclude(
            pk__in=EmulationModel.objects.filter(person__isnull=False).values("person_id")
        )
        deleted["people"] = people._raw_delete(people.db)
        documents = Document.objects.filter(
            title__startswith="[scale] ", recognitions__isnull=True, conference_links__isnull=True
        )
        deleted["documents"] = documents._raw_delete(documents.db)
    return deleted


def _progress_dates(rng: random.Random, held_on: datetime.date, status: str) -> list[datetime.date]:
    """The dates of one unit's progress reports: none before it starts, its last one closes it."""
    count = {"not_started": 0, "in_progress": rng.randint(1, 2), "done": rng.randint(1, 3)}[status]
    dates, day = [], held_on
    for _step in range(count):
        day += datetime.timedelta(days=rng.randint(15, 90))
        dates.append(day)
    return dates


def _bulk(model, rows, **kwargs):
    model.objects.bulk_create(rows, batch_size=BATCH, **kwargs)
    return rows


def _bulk_with_history(model, rows, user):
    """Rows whose pages show their audit trail get their one “created” history row (history_of needs one)."""
    created = bulk_create_with_history(rows, model, batch_size=BATCH, default_user=user)
    for row, saved in zip(rows, created, strict=True):
        row.pk = saved.pk
    return rows


def generate(
    scale: str, *, seed: int = 2025, province_code: str = "08", replace: bool = False, log=print
) -> dict[str, int]:
    """Generate `scale` data for the pre-2025 province `province_code`; returns the row counts."""
    started = time.monotonic()
    size = SCALES[scale]
    rng = random.Random(seed)
    province = AdministrativeUnit.objects.filter(era=Era.PRE_2025, code=province_code).first()
    if province is None:
        raise MapMissing(
            f"Province {province_code} (before 2025) is missing: run `python manage.py load_units "
            f"--province {province_code}` first."
        )
    if generated_exists(province):
        if not replace:
            raise ScaleDataExists(
                f"Generated data already exists for {province}; pass --replace to delete it and generate again."
            )
        deleted = delete_generated(province)
        log(f"Deleted the previous data: {sum(deleted.values())} rows.")

    districts = list(AdministrativeUnit.objects.filter(parent=province).order_by("code"))
    communes_of = {d.pk: list(AdministrativeUnit.objects.filter(parent=d).order_by("code")) for d in districts}
    if scale != "province":
        districts = [max(districts, key=lambda d: (len(communes_of[d.pk]) if scale == "district" else 0, d.code))]
        if scale == "commune":
            communes_of = {districts[0].pk: communes_of[districts[0].pk][:1]}
    communes = [c for d in districts for c in communes_of[d.pk]]
    if not communes:
        raise MapMissing(f"{province} has no communes loaded: run `python manage.py load_units` first.")

    counts: dict[str, int] = {}
    user = generator_user()
    with transaction.atomic():
        timer = _Timer(log)
        committees, boards = {}, {}
        for unit in [province, *districts, *communes]:
            committees[unit.pk] = committee_for(unit)
            boards[unit.pk] = mass_mobilization_board_for(unit, on=BOARD_DATE)
        organizations = [*committees.values(), *boards.values()]
        counts["organizations"] = len(organizations)
        ensure_standard_fields(Field)
        fields = {f.code: f for f in Field.objects.all()}
        district_of = {c.pk: d for d in districts for c in communes_of[d.pk]}
        timer.lap("organizations")

        people = _people(rng, size.people, committees, boards, [province, *districts, *communes])
        counts["people"] = len(_bulk(Person, people))
        timer.lap("people")

        documents = _documents(rng, committees, province, districts, communes)
        counts["models"], counts["recognitions"], counts["transitions"] = _registry(
            rng, size, user, fields, committees, boards, province, district_of, communes, people, documents
        )
        timer.lap("registry")

        counts.update(
            _conferences(rng, size, user, committees, boards, province, districts, communes, people, documents)
        )
        counts["documents"] = len(documents)
        timer.lap("conferences")
    if connection.vendor == "postgresql":
        # Fresh planner statistics for every table touched, link tables included.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    counts["seconds"] = round(time.monotonic() - started, 1)
    return counts


class _Timer:
    def __init__(self, log):
        self.log, self.last = log, time.monotonic()

    def lap(self, label):
        now = time.monotonic()
        self.log(f"  {label:<14} {now - self.last:6.1f} s")
        self.last = now


def _name(rng):
    surname = rng.choices(SURNAMES, SURNAME_WEIGHTS)[0]
    return f"{surname} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _people(rng, count, committees, boards, units):
    people = []
    for _ in range(count):
        unit = rng.choices(units, [8 if u.level == "province" else 3 if u.level == "district" else 1 for u in units])[0]
        committee, board = committees[unit.pk], boards[unit.pk]
        place = committee.party_organization_name.removeprefix("Đảng bộ ")
        position = rng.choice(POSITIONS).format(
            c=committee.name, b=board.short_body_name + " " + committee.name, p=place
        )
        name = _name(rng)
        person = Person(full_name=name, search_name=fold(name), organization=committee)
        person.generated_position = position  # not stored: records state a position, the register does not
        people.append(person)
    return people


class _Decisions:
    """Recognition decisions, one per deciding committee and year, numbered as the committee numbers them."""

    def __init__(self, committees):
        self.committees, self.pending, self.numbers = committees, {}, {}

    def get(self, unit, year):
        key = (unit.pk, year)
        if key not in self.pending:
            committee = self.committees[unit.pk]
            number = self.numbers[(committee.issuer_code, year)] = (
                self.numbers.get((committee.issuer_code, year), 0) + 1
            )
            number += 100 * (int(unit.code) % 90)  # distinct numbers for sibling committees sharing an issuer code
            self.pending[key] = Document(
                organization=committee,
                code=f"{number}-QĐ/{committee.issuer_code}",
                system="party",
                type_code="QĐ",
                number=str(number),
                issuer_code=committee.issuer_code,
                issued_on=datetime.date(year, 11, 1) + datetime.timedelta(days=int(unit.code) % 40),
                issuer_name=committee.name,
                title=f"[scale] Quyết định công nhận mô hình “Dân vận khéo” năm {year}",
            )
        return self.pending[key]

    def save(self):
        rows = list(self.pending.values())
        Document.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        found = {
            (d.organization_id, d.code, d.issued_on): d
            for d in Document.objects.filter(
                organization__in={d.organization_id for d in rows}, code__in={d.code for d in rows}
            )
        }
        for row in rows:
            row.pk = found[(row.organization_id, row.code, row.issued_on)].pk
        return rows


def _documents(rng, committees, province, districts, communes):
    """The resolutions and plans that conferences review."""
    rows = []
    for year in YEARS:
        for index, (type_code, title) in enumerate(
            [
                ("NQ", "Nghị quyết về tăng cường công tác dân vận"),
                ("KH", "Kế hoạch thực hiện phong trào “Dân vận khéo”"),
            ]
        ):
            for unit in [province, *districts]:
                committee = committees[unit.pk]
                number = 10 + index * 50 + int(unit.code) % 40
                rows.append(
                    Document(
                        organization=committee,
                        code=f"{number}-{type_code}/{committee.issuer_code}",
                        system="party",
                        type_code=type_code,
                        number=str(number),
                        issuer_code=committee.issuer_code,
                        issued_on=datetime.date(year, 2, 1) + datetime.timedelta(days=int(unit.code) % 60),
                        issuer_name=committee.name,
                        title=f"[scale] {title} năm {year}",
                    )
                )
    Document.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    found = {
        (d.organization_id, d.code, d.issued_on): d
        for d in Document.objects.filter(code__in={r.code for r in rows}, title__startswith="[scale] ")
    }
    return [found[key] for key in ((r.organization_id, r.code, r.issued_on) for r in rows) if key in found]


LEVEL_WEIGHTS = [("", 30), ("commune", 40), ("district", 22), ("province", 7), ("central", 1)]


def _registry(rng, size, user, fields, committees, boards, province, district_of, communes, people, documents):
    decisions = _Decisions(committees)
    models, plans = [], []
    levels = [level for level, _ in LEVEL_WEIGHTS]
    weights = [weight for _, weight in LEVEL_WEIGHTS]
    for _ in range(size.models):
        commune = rng.choice(communes)
        district = district_of[commune.pk]
        field_code, theme = rng.choice(THEMES)
        year = rng.choice(YEARS)
        individual = rng.random() < 0.15
        reached = rng.choices(levels, weights)[0]
        if reached:
            status, review_level = "recognized", ""
        else:
            status = rng.choices(
                ["draft", "registered", "under_review", "returned", "not_recognized", "stopped"],
                [10, 35, 30, 10, 10, 5],
            )[0]
            review_level = "commune" if status == "under_review" else ""
        if reached and rng.random() < 0.12 and reached != "central":
            # Recognized at one level, now under review one level up.
            status, review_level = (
                "under_review",
                ["commune", "district", "province", "central"][["commune", "district", "province"].index(reached) + 1],
            )
        registering = rng.choices([committees[commune.pk], boards[district.pk], boards[province.pk]], [75, 20, 5])[0]
        carrier = f"{rng.choice(CARRIERS)} {rng.randint(1, 18)}"
        name = f"Mô hình “{theme[0].upper()}{theme[1:]}”" if not individual else f"Gương điển hình {_name(rng)}"
        address = f"{commune.full_name}, {district.full_name}, {province.full_name}"
        person = rng.choice(people) if individual else None
        models.append(
            EmulationModel(
                name=name,
                subject_kind="individual" if individual else "collective",
                field=fields[field_code],
                registering_organization=registering,
                registering_unit_name="" if individual else carrier,
                unit=commune,
                address=address,
                person=person,
                person_position=person.generated_position if person else "",
                registration_year=year,
                phase="2019 – 2024",
                situation="Nhiều hộ còn khó khăn, ý thức tham gia của người dân chưa cao.",
                goals=f"Huy động nhân dân cùng thực hiện: {theme}.",
                content_and_method="Tuyên truyền, vận động, nêu gương; phân công đảng viên phụ trách hộ.",
                starts_on=datetime.date(year, rng.randint(1, 6), 1),
                status=status,
                review_level=review_level,
                level_reached=reached,
                search_text=fold(" ".join([name, "" if individual else carrier, address])),
                created_by=user,
                created_at=timezone.make_aware(datetime.datetime(year, rng.randint(1, 3), rng.randint(1, 28), 8)),
            )
        )
        plans.append((commune, district))
    _bulk_with_history(EmulationModel, models, user)

    recognitions, steps = [], []
    order = ["commune", "district", "province", "central"]

    def step(model, action, from_status, to_status, level, at, note=""):
        steps.append(
            Transition(
                emulation_model=model,
                action=action,
                from_status=from_status,
                to_status=to_status,
                level=level,
                actor=user,
                note=note,
                at=at,
            )
        )

    for model, (commune, district) in zip(models, plans, strict=True):
        at = model.created_at
        if model.status == "draft":
            continue
        step(model, "submit", "draft", "registered", "commune", at)
        reached = model.level_reached
        deciders = {"commune": commune, "district": district, "province": province, "central": province}
        for level in order[: order.index(reached) + 1] if reached else []:
            at += datetime.timedelta(days=rng.randint(20, 90))
            year = min(at.year, 2024)
            step(model, "review", "registered" if level == "commune" else "recognized", "under_review", level, at)
            decided = decisions.get(deciders[level], year)
            recognitions.append(
                Recognition(
                    emulation_model=model,
                    level=level,
                    deciding_organization=committees[deciders[level].pk],
                    decision=decided,
                    decided_on=decided.issued_on,
                    recorded_by=user,
                )
            )
            step(model, "recognize", "under_review", "recognized", level, at + datetime.timedelta(days=15))
        if model.status in ("under_review", "returned", "not_recognized", "stopped"):
            level = model.review_level or "commune"
            at += datetime.timedelta(days=30)
            step(model, "review", "recognized" if reached else "registered", "under_review", level, at)
            if model.status != "under_review":
                note = "Hồ sơ chưa đủ minh chứng kết quả."
                step(model, model.status, "under_review", model.status, level, at + datetime.timedelta(days=10), note)
    decisions.save()
    for recognition in recognitions:
        recognition.decision_id = recognition.decision.pk
    _bulk(Recognition, recognitions)
    _bulk(Transition, steps)
    return len(models), len(recognitions), len(steps)


def _conferences(rng, size, user, committees, boards, province, districts, communes, people, documents):
    units = [province, *districts, *communes]
    unit_weights = [30 if u.level == "province" else 8 if u.level == "district" else 1 for u in units]
    conferences = []
    periods = {
        "so_ket": lambda y: rng.choice([f"6 tháng đầu năm {y}", f"năm {y}"]),
        "tong_ket": lambda y: rng.choice([f"năm {y}", "giai đoạn 2019 – 2024"]),
        "trien_khai": lambda y: f"năm {y}",
        "chuyen_de": lambda y: f"năm {y}",
        "doi_thoai": lambda y: f"năm {y}",
    }
    for _ in range(size.conferences):
        unit = rng.choices(units, unit_weights)[0]
        organizer = rng.choice([committees[unit.pk], boards[unit.pk]])
        kind = rng.choices(list(CONFERENCE_TITLES), [35, 20, 20, 15, 10])[0]
        held_on = datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randint(0, 6 * 365 + 150))
        period = periods[kind](held_on.year)
        title = CONFERENCE_TITLES[kind].format(period=period)
        place = f"Hội trường {committees[unit.pk].name}"
        status = "final" if rng.random() < 0.85 else "draft"
        conferences.append(
            Conference(
                organizer=organizer,
                kind=kind,
                title=title,
                held_on=held_on,
                starts_at=datetime.time(8, 0),
                ends_at=datetime.time(11, 30),
                place=place,
                period=period,
                other_participants="Các đồng chí Ủy viên Ban Thường vụ, trưởng các đoàn thể",
                participant_count=rng.randint(30, 250),
                summary="Công tác dân vận được triển khai đồng bộ; phong trào “Dân vận khéo” lan tỏa rộng khắp.",
                limitations="Một số mô hình chưa được nhân rộng; kinh phí còn hạn chế.",
                status=status,
                search_text=fold(" ".join([title, place, period, organizer.name])),
                created_by=user,
                created_at=timezone.make_aware(datetime.datetime.combine(held_on, datetime.time(15))),
                finalized_at=timezone.make_aware(datetime.datetime.combine(held_on, datetime.time(17)))
                if status == "final"
                else None,
            )
        )
    _bulk_with_history(Conference, conferences, user)

    # Attendees: every tenth conference has exactly 40 (the bench opens one), the rest share the remainder.
    big = conferences[::10][: max(1, size.attendees // 400)]
    sizes = {c.pk: 40 for c in big}
    rest = [c for c in conferences if c.pk not in sizes]
    remaining = size.attendees - 40 * len(big)
    for index, conference in enumerate(rest):
        sizes[conference.pk] = remaining // len(rest) + (1 if index < remaining % len(rest) else 0)
    attendees = []
    roles = ["chu_tri", "du_chi_dao", "bao_cao", "thu_ky"]
    for conference in conferences:
        chosen = rng.sample(people, min(sizes[conference.pk], len(people)))
        for order, person in enumerate(chosen):
            role = roles[order] if order < len(roles) else "dai_bieu"
            present = rng.random() > 0.05
            attendees.append(
                Attendee(
                    conference=conference,
                    person=person,
                    position=person.generated_position,
                    role=role,
                    present=present,
                    absence_reason="" if present else "Bận công tác",
                    order=order,
                )
            )
    _bulk(Attendee, attendees)

    links, figures, commendations = [], [], []
    for conference in conferences:
        for order, document in enumerate(rng.sample(documents, min(2, len(documents)))):
            links.append(
                ConferenceDocument(
                    conference=conference,
                    document=document,
                    relation="reviewed" if order == 0 else "cited",
                    order=order,
                )
            )
        figures.append(
            KeyFigure(
                conference=conference,
                indicator="Mô hình “Dân vận khéo” được công nhận",
                value=rng.randint(1, 60),
                unit="mô hình",
                order=0,
            )
        )
        figures.append(
            KeyFigure(
                conference=conference,
                indicator="Ý kiến, kiến nghị của nhân dân được giải quyết",
                value=rng.randint(5, 300),
                unit="ý kiến",
                order=1,
            )
        )
        if rng.random() < 0.3:
            commendations.append(
                Commendation(
                    conference=conference,
                    recipient_kind="collective",
                    count=rng.randint(2, 20),
                    form="giay_khen",
                    authority=conference.organizer.name,
                )
            )
    _bulk(ConferenceDocument, links)
    _bulk(KeyFigure, figures)
    _bulk(Commendation, commendations)

    directives, shares = [], []
    field_names = ["kinh tế", "văn hóa – xã hội", "quốc phòng – an ninh", "xây dựng hệ thống chính trị"]
    per_conference = size.directives / len(conferences)
    org_pool = list(committees.values()) + list(boards.values())
    for index in range(size.directives):
        conference = conferences[int(index / per_conference)]
        deadline = conference.held_on + datetime.timedelta(days=rng.choice([30, 90, 180, 365]))
        status = rng.choices(["not_started", "in_progress", "done"], [20, 35, 45])[0]
        text = rng.choice(DIRECTIVE_TEXTS).format(f=rng.choice(field_names), d=f"{deadline:%d/%m/%Y}")
        directive = Directive(
            conference=conference,
            text=text,
            person_in_charge=_name(rng),
            deadline=deadline,
            status=status,
            order=index % 10,
        )
        units = rng.sample(org_pool, rng.choice([1, 1, 2]))
        # An open directive with two units often has one of them done already.
        unit_statuses = [status] * len(units)
        if status == "in_progress" and len(units) == 2:
            unit_statuses[0] = rng.choice(["done", "in_progress"])
        reports = [
            (organization, _progress_dates(rng, conference.held_on, unit_status), unit_status)
            for organization, unit_status in zip(units, unit_statuses, strict=True)
        ]
        if status == "done":
            directive.completed_on = max(dates[-1] for _organization, dates, _status in reports)
        directives.append(directive)
        shares.append(reports)
    _bulk_with_history(Directive, directives, user)

    updates, assignments = [], []
    for directive, reports in zip(directives, shares, strict=True):
        for organization, dates, unit_status in reports:
            unit_updates = [
                DirectiveUpdate(
                    directive=directive,
                    reported_on=day,
                    organization_id=organization.pk,
                    text=rng.choice(UPDATE_TEXTS),
                    status=unit_status if day == dates[-1] else "in_progress",
                    created_by=user,
                )
                for day in dates
            ]
            updates += unit_updates
            assignments.append(
                DirectiveAssignment(
                    directive=directive,
                    organization_id=organization.pk,
                    status=unit_status,
                    completed_on=dates[-1] if unit_status == "done" else None,
                    latest_update=unit_updates[-1] if unit_updates else None,
                )
            )
    _bulk(DirectiveUpdate, updates)
    _bulk(DirectiveAssignment, assignments)
    return {
        "conferences": len(conferences),
        "attendees": len(attendees),
        "conference documents": len(links),
        "key figures": len(figures),
        "commendations": len(commendations),
        "directives": len(directives),
        "responsible links": len(assignments),
        "progress updates": len(updates),
    }
