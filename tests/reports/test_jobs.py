"""Big reports go to the task queue; issued reports are kept and served again while the data stay the same."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from danvan.organizations import mass_mobilization_board_for
from models_registry.models import EmulationModel
from reports import services
from reports.models import Report, ReportStatus
from reports.periods import parse_period
from reports.services import ReportRequest, issue_report, reprint
from tests.conftest import ON
from tests.reports.conftest import DATABASE, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """Counts the PDFs actually rendered."""
    calls = []
    real = services.render_pdf

    def counting(kind, snapshot, **options):
        calls.append(kind)
        return real(kind, snapshot, **options)

    monkeypatch.setattr(services, "render_pdf", counting)
    return calls


@pytest.fixture
def summary_form(hierarchy):
    board = mass_mobilization_board_for(hierarchy.district_a, on=ON)
    return {"kind": "movement-summary", "organization": board.pk, "period": "2023"}


def test_the_same_report_is_served_again_without_rendering(
    movement, client_for, district_a_staff, summary_form, renders, tmp_path
):
    client = client_for(district_a_staff)
    first = client.post(reverse("reports:issue"), summary_form)
    second = client.post(reverse("reports:issue"), summary_form)
    assert first.content == second.content and renders == ["movement-summary"]
    assert Report.objects.count() == 1

    # A model renamed in the back office leaves no workflow step, but changes the report.
    model = movement.a1_models[0]
    EmulationModel.objects.filter(pk=model.pk).update(name="Tổ tự quản đường biên giới")
    third = client.post(reverse("reports:issue"), summary_form)
    assert renders == ["movement-summary"] * 2 and Report.objects.count() == 2
    assert "Tổ tự quản đường biên giới" in pdf_text(third.content, tmp_path)


def test_a_reprint_is_the_document_as_issued(movement, hierarchy, district_a_staff, tmp_path):
    board = mass_mobilization_board_for(hierarchy.district_a, on=ON)
    request = ReportRequest(
        kind="movement-summary", organization=board, user=district_a_staff, period=parse_period("2023")
    )
    report = issue_report(request)
    # Years later the body is renamed and a model is renamed.
    board.name, board.issuer_code = "Ban Tuyên giáo và Dân vận Huyện ủy Hương Sơn", "BTGDVHU"
    board.save()
    EmulationModel.objects.filter(pk=movement.a1_models[1].pk).update(name="Tên mới")
    text = pdf_text(reprint(report), tmp_path)
    assert "-BC/BDVHU" in text and "Ban Dân vận Huyện ủy Hương Sơn báo cáo" in text
    assert "Hợp tác xã dịch vụ nông nghiệp" in text and "Tên mới" not in text
    assert reprint(report) == report.pdf.open("rb").read()


def test_a_big_report_is_printed_in_the_background(movement, client_for, district_a_staff, summary_form, settings):
    settings.REPORTS_SYNC_MAX_ROWS = 1
    client = client_for(district_a_staff)
    response = client.post(reverse("reports:issue"), summary_form)
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:detail", args=[report.pk])
    # The test backend ran the job at once.
    assert report.status == ReportStatus.READY and report.task_id
    page = client.get(reverse("reports:detail", args=[report.pk]))
    assert "Refresh" not in page and reverse("reports:pdf", args=[report.pk]) in page.content.decode()
    # The page shows the issuer and the subject the snapshot records.
    assert report.snapshot["issuer"]["name"] in page.content.decode()
    assert f"{report.snapshot['document_kind']} {report.snapshot['subject']}" in page.content.decode()
    assert client.get(reverse("reports:pdf", args=[report.pk]))["Content-Type"] == "application/pdf"


def test_the_database_queue_and_its_worker(movement, client_for, district_a_staff, summary_form, settings, monkeypatch):
    # Inside the test's transaction Django would see a connection "in the wrong autocommit mode" and close it.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    settings.TASKS = DATABASE
    settings.REPORTS_SYNC_MAX_ROWS = 1
    client = client_for(district_a_staff)
    client.post(reverse("reports:issue"), summary_form)
    report = Report.objects.get()
    assert report.status == ReportStatus.QUEUED
    task = DBTaskResult.objects.get()
    assert str(task.id) == report.task_id and task.status == "READY"

    page = client.get(reverse("reports:detail", args=[report.pk]))
    assert page["Refresh"] == "3" and "<progress" in page.content.decode()
    assert client.get(reverse("reports:pdf", args=[report.pk])).status_code == 302
    # Asking again while it waits does not queue it twice.
    client.post(reverse("reports:issue"), summary_form)
    assert DBTaskResult.objects.count() == 1

    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

    report.refresh_from_db()
    assert report.status == ReportStatus.READY and report.render_seconds is not None
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert "Refresh" not in client.get(reverse("reports:detail", args=[report.pk]))
    assert client.get(reverse("reports:pdf", args=[report.pk]))["Content-Type"] == "application/pdf"


def test_a_failed_printing_is_reported(movement, client_for, district_a_staff, summary_form, settings, monkeypatch):
    settings.REPORTS_SYNC_MAX_ROWS = 1

    def broken(*args, **kwargs):
        raise OSError("font missing")

    monkeypatch.setattr(services, "render_to_pdf", broken)
    client = client_for(district_a_staff)
    client.post(reverse("reports:issue"), summary_form)
    report = Report.objects.get()
    assert report.status == ReportStatus.FAILED and "font missing" in report.error
    assert "Refresh" not in client.get(reverse("reports:detail", args=[report.pk]))


def test_a_lost_file_is_printed_again_from_the_snapshot(movement, client_for, district_a_staff, summary_form, renders):
    client = client_for(district_a_staff)
    client.post(reverse("reports:issue"), summary_form)
    report = Report.objects.get()
    report.pdf.storage.delete(report.pdf.name)
    response = client.get(reverse("reports:pdf", args=[report.pk]))
    assert response.status_code == 302 and renders == ["movement-summary"] * 2
    assert client.get(reverse("reports:pdf", args=[report.pk]))["Content-Type"] == "application/pdf"
