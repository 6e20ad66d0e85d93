"""Certificates of a recognition decision: one landscape page per model, the party header, printed in parts."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from danvan.organizations import committee_for, mass_mobilization_board_for
from danvan.text import nfc
from models_registry.models import EmulationModel, Recognition, Status
from reports import certificates
from reports.models import Report, ReportStatus
from tests.conftest import ON
from tests.reports.conftest import DATABASE, keep_pngs, pdf_fonts, pdf_text

pytestmark = pytest.mark.django_db

A4_LANDSCAPE = (842, 595)  # points, rounded


def issue(client, **data):
    return client.post(reverse("reports:issue"), {"kind": "certificates", **data})


def page_sizes(pdf: bytes, tmp_path) -> list[tuple[int, int]]:
    path = tmp_path / "certificates.pdf"
    path.write_bytes(pdf)
    return [(round(page.mediabox.width), round(page.mediabox.height)) for page in PdfReader(path).pages]


def test_one_landscape_page_per_model_with_the_deciding_body_header(
    movement, hierarchy, client_for, commune_a1_official, tmp_path
):
    a1 = committee_for(hierarchy.commune_a1)
    response = issue(
        client_for(commune_a1_official), organization=a1.pk, decision="05-QĐ/ĐU", signer_name="Lê Văn Thành"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "giay-chung-nhan-dan-van-kheo" in response["Content-Disposition"]
    pdf = response.content
    keep_pngs(pdf, "certificates-commune")
    # The two models of commune A1 recognized by its 05-QĐ/ĐU, not the two of commune B1 (same number).
    assert page_sizes(pdf, tmp_path) == [A4_LANDSCAPE, A4_LANDSCAPE]
    text = pdf_text(pdf, tmp_path)
    first, second = movement.a1_models[0], movement.a1_models[1]
    for expected in (
        "ĐẢNG ỦY XÃ SƠN LÂM",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "ngày 15 tháng 6 năm 2023",
        "GIẤY CHỨNG NHẬN MÔ HÌNH “DÂN VẬN KHÉO” CẤP XÃ",
        f"Chứng nhận {first.registering_unit_name} Đảng ủy xã Sơn Lâm",
        f"có mô hình “Dân vận khéo” cấp xã: “{first.name}”",
        f"“{second.name}”",
        "(Theo Quyết định số 05-QĐ/ĐU ngày 15/06/2023 của Đảng ủy xã Sơn Lâm)",
        "T/M BAN THƯỜNG VỤ BÍ THƯ Lê Văn Thành",
    ):
        assert nfc(expected) in text, expected
    assert "Tuyến phố văn minh" not in text
    fonts = pdf_fonts(pdf)
    assert fonts and all("Tinos" in font[0] and font[-5] == "yes" for font in fonts)
    report = Report.objects.get()
    assert (report.progress_done, report.progress_total) == (2, 2)


def test_an_individual_gets_an_exemplar_certificate(movement, hierarchy, commune_a1_official, tmp_path):
    individual = movement.a1_models[2]
    a1 = committee_for(hierarchy.commune_a1)
    Recognition.objects.create(
        emulation_model=individual,
        level="commune",
        deciding_organization=a1,
        decision=Recognition.objects.filter(emulation_model=movement.a1_models[0], level="commune").get().decision,
        decided_on=datetime.date(2023, 6, 15),
    )
    EmulationModel.objects.filter(pk=individual.pk).update(status=Status.RECOGNIZED)
    decision = Recognition.objects.filter(emulation_model=individual).get().decision
    data = certificates.certificates(commune_a1_official, a1, decision)
    (exemplar,) = [row for row in data["certificates"] if row["individual"]]
    assert exemplar["recipient"] == "Nguyễn Thị Hồng Nhung" and exemplar["title"] == "ĐIỂN HÌNH “DÂN VẬN KHÉO”"


def test_another_commune_official_cannot_print_them(movement, hierarchy, client_for, commune_b1_official):
    a1 = committee_for(hierarchy.commune_a1)
    response = issue(client_for(commune_b1_official), organization=a1.pk, decision="05-QĐ/ĐU")
    assert response.status_code == 404


def test_a_big_decision_prints_in_parts_through_the_worker_with_progress(
    movement, hierarchy, client_for, district_a_staff, settings, monkeypatch, tmp_path
):
    """201 certificates: the request queues the job; the worker prints 20 pages a part and records each part."""
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    settings.TASKS = DATABASE
    # 123-QĐ/HU recognized one model at district level; it now recognizes 200 more.
    decision = Recognition.objects.get(emulation_model=movement.a1_models[0], level="district").decision
    district = committee_for(hierarchy.district_a)
    template = movement.a1_models[0]
    models = EmulationModel.objects.bulk_create(
        EmulationModel(
            name=f"Mô hình số {number:03d}",
            subject_kind="collective",
            field=template.field,
            registering_organization=template.registering_organization,
            registering_unit_name=f"Chi hội số {number:03d}",
            unit=template.unit,
            registration_year=2023,
            status=Status.RECOGNIZED,
        )
        for number in range(1, 201)
    )
    Recognition.objects.bulk_create(
        Recognition(
            emulation_model=model,
            level="district",
            deciding_organization=district,
            decision=decision,
            decided_on=datetime.date(2023, 10, 20),
        )
        for model in models
    )
    board = mass_mobilization_board_for(hierarchy.district_a, on=ON)
    client = client_for(district_a_staff)
    response = issue(client, organization=board.pk, decision="123-QĐ/HU")
    report = Report.objects.get()
    assert response.status_code == 302 and report.status == ReportStatus.QUEUED and report.task_id
    assert report.row_count == 201 * certificates.ROWS_PER_CERTIFICATE

    recorded = []
    real = Report.record_progress

    def recording(self, done, total):
        real(self, done, total)
        # The page, asked while the worker prints, shows the pages done so far.
        page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
        recorded.append((done, total, f"{done} / {total}" in page))

    monkeypatch.setattr(Report, "record_progress", recording)
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

    report.refresh_from_db()
    assert report.status == ReportStatus.READY
    assert recorded == [(done, 201, True) for done in [*range(20, 201, 20), 201]]
    pdf = report.pdf.open("rb").read()
    assert page_sizes(pdf, tmp_path) == [A4_LANDSCAPE] * 201
    text = pdf_text(pdf, tmp_path)
    assert "“Mô hình số 001”" in text and "“Mô hình số 200”" in text
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert reverse("reports:pdf", args=[report.pk]) in page


def test_long_names_stay_on_one_page(movement, hierarchy, commune_a1_official, tmp_path):
    first = movement.a1_models[0]
    EmulationModel.objects.filter(pk=first.pk).update(
        name="Tổ tự quản đường biên, cột mốc gắn với xây dựng khu dân cư văn minh " * 3,
        registering_unit_name="Chi hội Cựu chiến binh thôn 3 phối hợp với Đồn Biên phòng " * 2,
    )
    a1 = committee_for(hierarchy.commune_a1)
    decision = Recognition.objects.get(emulation_model=first, level="commune").decision
    data = certificates.certificates(commune_a1_official, a1, decision)
    assert [row["long"] for row in data["certificates"]] == [False, True]
    pdf = certificates.render_certificates({"data": data, "signer_name": ""})
    keep_pngs(pdf, "certificates-long-names")
    assert page_sizes(pdf, tmp_path) == [A4_LANDSCAPE] * 2
