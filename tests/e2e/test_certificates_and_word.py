"""A commune prints the certificates of its decision and downloads the minutes as Word, in Chromium."""

import datetime
import subprocess

import pytest
from playwright.sync_api import expect

from conferences.services import create_conference, finalize_conference
from danvan.organizations import committee_for
from models_registry.models import Field
from tests.reports.conftest import recognize, register
from tests.word_reading import assert_party_layout, paragraphs, read_docx

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "Mật-khẩu-đủ-mạnh-2024"


@pytest.fixture
def commune(hierarchy, commune_a1_official, commune_a1_registrar):
    commune_a1_official.set_password(PASSWORD)
    commune_a1_official.save()
    # A browser test's database is flushed after it: the seeded field may be gone.
    Field.objects.get_or_create(code="kinh-te", defaults={"name": "Kinh tế"})
    a1 = committee_for(hierarchy.commune_a1)
    models = [
        register(a1, commune_a1_registrar, "Tổ tự quản đường biên, cột mốc", carrier="Chi hội Cựu chiến binh thôn 3"),
        register(a1, commune_a1_registrar, "Hợp tác xã dịch vụ nông nghiệp", carrier="Chi hội Nông dân thôn 1"),
    ]
    for model in models:
        recognize(
            model,
            level="commune",
            actor=commune_a1_official,
            number="05-QĐ/ĐU",
            on=datetime.date(2023, 6, 15),
            deciding=a1,
        )
    conference = create_conference(
        organizer=a1,
        fields={
            "kind": "so_ket",
            "title": "Hội nghị sơ kết công tác dân vận năm 2023",
            "held_on": datetime.date(2023, 12, 5),
        },
        attendees=[{"name": "Lê Văn Thành", "position": "Bí thư Đảng ủy xã", "role": "chu_tri"}],
        directives=[{"text": "Nhân rộng mô hình tổ tự quản đường biên, cột mốc."}],
    )
    finalize_conference(conference, acting_user=commune_a1_official)
    return {"organization": a1, "models": models, "conference": conference}


def test_certificates_pdf_and_word_minutes_are_downloaded_from_the_pages(
    commune, commune_a1_official, live_server, page, screenshot, tmp_path
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(commune_a1_official.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    page.goto(f"{live_server.url}/reports/issue/")
    page.locator("#id_kind").select_option("certificates")
    page.locator("#id_organization").select_option(str(commune["organization"].pk))
    page.locator("#id_decision").fill("05-QĐ/ĐU")
    page.locator("#id_signer_name").fill("Lê Văn Thành")
    screenshot("40-certificates-form")
    # A small decision's certificates open at once in the browser's PDF viewer: keep the PDF it received.
    received = []

    def keep_pdf(route):
        response = route.fetch()
        received.append(response)
        route.fulfill(response=response)

    page.route("**/reports/issue/", keep_pdf)
    page.get_by_role("button", name="In").click()
    for _ in range(150):  # the route handler runs while Playwright waits
        if received:
            break
        page.wait_for_timeout(100)
    (response,) = [response for response in received if response.headers["content-type"] == "application/pdf"]
    assert 'filename="giay-chung-nhan-dan-van-kheo-xa-son-lam-05-qd-du.pdf"' in response.headers["content-disposition"]
    pdf = tmp_path / "certificates.pdf"
    pdf.write_bytes(response.body())
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    text = " ".join(text.split())
    assert text.count("GIẤY CHỨNG NHẬN") == 2
    for model in commune["models"]:
        assert f"“{model.name}”" in text and model.registering_unit_name in text

    conference = commune["conference"]
    page.goto(f"{live_server.url}/conferences/{conference.pk}/")
    word_link = page.get_by_role("link", name="Biên bản (Word)")
    expect(word_link).to_be_visible()
    screenshot("41-minutes-word-link")
    with page.expect_download() as minutes_download:
        word_link.click()
    assert minutes_download.value.suggested_filename == "bien-ban-hoi-nghi-so-ket-cong-tac-dan-van-nam-2023.docx"
    docx = tmp_path / "minutes.docx"
    minutes_download.value.save_as(docx)
    document = read_docx(docx.read_bytes())
    assert_party_layout(document)
    assert conference.title in paragraphs(document)
    assert "1. Nhân rộng mô hình tổ tự quản đường biên, cột mốc." in paragraphs(document)


def test_the_report_page_shows_the_pages_printed(commune, commune_a1_official, live_server, page, screenshot):
    """While the worker prints a long decision, its page says how many certificates are printed, and refreshes."""
    from django.utils import timezone

    from reports.models import Report, ReportStatus
    from reports.services import ReportRequest, issue_report

    decision = commune["models"][0].recognitions.get().decision
    request = ReportRequest(
        kind="certificates", organization=commune["organization"], user=commune_a1_official, decision=decision
    )
    report = issue_report(request, in_background=False)
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.RENDERING, started_at=timezone.now(), progress_done=40, progress_total=201
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(commune_a1_official.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    response = page.goto(f"{live_server.url}/reports/{report.pk}/")
    assert response.headers["refresh"] == "3"
    expect(page.locator("#report-pages")).to_have_text("Đã in 40 / 201 trang.")
    expect(page.locator("#report-progress")).to_have_attribute("value", "20")
    screenshot("42-certificates-printing")
