"""A year of the movement on the test hierarchy, built through the apps' own services.

In 2023 (the period most tests print):
- commune A1 registers three models; two are recognized at commune level by 05-QĐ/ĐU of
  15/06/2023, one of them also at district level by 123-QĐ/HU; a fourth is stopped; a draft waits;
- commune A2 registers one model; another one, of 2022, was recognized in 2022;
- commune B1 (district B) registers two models, recognized by its own 05-QĐ/ĐU of the same day;
- district A's board holds a conference with key figures and three directives, commune B1 one.
"""

import datetime
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from conferences.services import create_conference, finalize_conference, report_directive_progress
from danvan.documents import parse_document_number
from danvan.organizations import committee_for, mass_mobilization_board_for
from models_registry.models import Field, Transition
from models_registry.services import perform, register_model
from tests.conftest import ON

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "reports"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def jobs_run_in_the_test(settings, tmp_path):
    """Background jobs run at once, and PDFs are kept in a temporary MEDIA_ROOT."""
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path / "media"
    # The personas' passwords are never typed here: skip the slow hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Movement:
    a1_models: list
    a2_models: list
    b1_models: list
    draft: object
    stopped: object
    district_conference: object
    commune_b1_conference: object


def register(unit_committee, user, name, *, field="kinh-te", kind="collective", year=2023, carrier=""):
    return register_model(
        organization=unit_committee,
        fields={
            "name": name,
            "subject_kind": kind,
            "field": Field.objects.get(code=field),
            "registering_unit_name": carrier,
            "registration_year": year,
            "phase": "2021 – 2025",
        },
        person_name="Nguyễn Thị Hồng Nhung" if kind == "individual" else "",
        acting_user=user,
        submit=True,
    )


def recognize(model, *, level, actor, number, on, deciding, proposer=None):
    if proposer:
        perform(model, "propose", actor=proposer)
    else:
        perform(model, "start_review", actor=actor, level=level)
    perform(
        model,
        "recognize",
        actor=actor,
        decision=parse_document_number(number),
        decided_on=on,
        deciding_organization=deciding,
    )


@pytest.fixture
def movement(
    hierarchy,
    commune_a1_official,
    commune_b1_official,
    district_a_staff,
    commune_a1_registrar,
    commune_a2_registrar,
    commune_b1_registrar,
) -> Movement:
    a1, a2, b1 = (
        committee_for(hierarchy.commune_a1),
        committee_for(hierarchy.commune_a2),
        committee_for(hierarchy.commune_b1),
    )
    district_a = committee_for(hierarchy.district_a)
    june = datetime.date(2023, 6, 15)

    a1_models = [
        register(a1, commune_a1_registrar, "Tổ tự quản đường biên, cột mốc", carrier="Chi hội Cựu chiến binh thôn 3"),
        register(a1, commune_a1_registrar, "Hợp tác xã dịch vụ nông nghiệp", carrier="Chi hội Nông dân thôn 1"),
        register(a1, commune_a1_registrar, "Quỹ khuyến học dòng họ", field="van-hoa-xa-hoi", kind="individual"),
    ]
    recognize(a1_models[0], level="commune", actor=commune_a1_official, number="05-QĐ/ĐU", on=june, deciding=a1)
    recognize(a1_models[1], level="commune", actor=commune_a1_official, number="05-QĐ/ĐU", on=june, deciding=a1)
    recognize(
        a1_models[0],
        level="district",
        actor=district_a_staff,
        proposer=commune_a1_official,
        number="123-QĐ/HU",
        on=datetime.date(2023, 10, 20),
        deciding=district_a,
    )
    stopped = register(a1, commune_a1_registrar, "Camera an ninh khu dân cư", field="quoc-phong-an-ninh")
    perform(stopped, "stop", actor=commune_a1_official, note="Không còn kinh phí duy trì")
    Transition.objects.filter(emulation_model=stopped, action="stop").update(
        at=datetime.datetime(2023, 9, 1, 9, tzinfo=datetime.UTC)
    )
    draft = register_model(
        organization=a1,
        fields={
            "name": "Bản nháp chưa gửi",
            "subject_kind": "collective",
            "field": Field.objects.get(code="kinh-te"),
            "registration_year": 2023,
        },
        acting_user=commune_a1_official,
    )

    a2_models = [
        register(a2, commune_a2_registrar, "Ngày thứ bảy tình nguyện", field="van-hoa-xa-hoi"),
        register(
            a2, commune_a2_registrar, "Đối thoại định kỳ với hội viên", field="xay-dung-he-thong-chinh-tri", year=2022
        ),
    ]
    recognize(
        a2_models[1],
        level="district",
        actor=district_a_staff,
        number="77-QĐ/HU",
        on=datetime.date(2022, 5, 10),
        deciding=district_a,
    )

    b1_models = [
        register(
            b1, commune_b1_registrar, "Phường thân thiện, vì nhân dân phục vụ", field="xay-dung-he-thong-chinh-tri"
        ),
        register(b1, commune_b1_registrar, "Tuyến phố văn minh", field="van-hoa-xa-hoi"),
    ]
    for model in b1_models:
        recognize(model, level="commune", actor=commune_b1_official, number="05-QĐ/ĐU", on=june, deciding=b1)

    district_conference = create_conference(
        organizer=mass_mobilization_board_for(hierarchy.district_a, on=ON),
        fields={
            "kind": "tong_ket",
            "title": "Hội nghị tổng kết phong trào thi đua “Dân vận khéo” năm 2023",
            "held_on": datetime.date(2023, 12, 20),
            "period": "năm 2023",
            "participant_count": 120,
        },
        figures=[{"indicator": "Mô hình “Dân vận khéo” được công nhận", "value": 3, "unit": "mô hình", "note": ""}],
        directives=[
            {
                "text": "Nhân rộng mô hình tổ tự quản đường biên, cột mốc.",
                "deadline": datetime.date(2024, 3, 31),
                "responsible_organizations": [a1],
            },
            {"text": "Tổng hợp kết quả gửi Ban Dân vận Tỉnh ủy.", "deadline": datetime.date(2030, 1, 15)},
            {"text": "Rà soát các mô hình dừng hoạt động.", "responsible_organizations": [a2]},
        ],
    )
    finalize_conference(district_conference, acting_user=district_a_staff)
    boundary, summary, review = district_conference.directives.order_by("order")
    report_directive_progress(
        review,
        organization=a2,
        text="Đã rà soát 12/15 mô hình.",
        status="in_progress",
        reported_on=datetime.date(2024, 1, 10),
        acting_user=district_a_staff,
    )
    report_directive_progress(
        summary,
        organization=district_conference.organizer,  # given to no unit: its organizer reports on it
        text="Đã gửi báo cáo.",
        status="done",
        reported_on=datetime.date(2024, 1, 5),
        acting_user=district_a_staff,
    )
    commune_b1_conference = create_conference(
        organizer=b1,
        fields={"kind": "so_ket", "title": "Hội nghị sơ kết công tác dân vận phường Nam Hồng", "held_on": june},
        directives=[{"text": "Giữ gìn tuyến phố văn minh.", "responsible_organizations": [b1]}],
    )
    finalize_conference(commune_b1_conference, acting_user=commune_b1_official)
    return Movement(a1_models, a2_models, b1_models, draft, stopped, district_conference, commune_b1_conference)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """`pdftotext -raw`, with its line breaks (which fall anywhere in table cells) joined by spaces."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return " ".join(text.split())


def pdf_fonts(pdf: bytes) -> list[list[str]]:
    listing = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return [line.split() for line in listing.splitlines()[2:]]


def keep_pngs(pdf: bytes, name: str) -> None:
    """Pages at 60 dpi in test-artifacts/reports/, to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(ARTIFACTS / f"{name}.pdf"), str(ARTIFACTS / name)], check=True)
