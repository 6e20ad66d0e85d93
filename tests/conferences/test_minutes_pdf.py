"""The minutes PDF: a party document with the conference's own text, fonts embedded."""

import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from danvan.text import nfc

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "pdf"


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "minutes.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return " ".join(text.split())


def test_the_minutes_pdf_prints_the_conference_as_a_party_document(
    make_conference, full_rows, client_for, district_a_staff, tmp_path
):
    conference = make_conference("commune_a1", title="Hội nghị tổng kết phong trào “Dân vận khéo”", **full_rows)
    response = client_for(district_a_staff).get(reverse("conferences:minutes-pdf", args=[conference.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "ĐẢNG BỘ HUYỆN HƯƠNG SƠN",
        "ĐẢNG ỦY XÃ SƠN LÂM",
        "Sơn Lâm, ngày 17 tháng 7 năm 2024",
        "BIÊN BẢN",
        "Nguyễn Viết Dũng",
        "Phó Bí thư Thường trực Huyện ủy",
        "09-NQ/TU ngày 19/08/2009",
        "Tập trung sản xuất nông nghiệp bền vững.",
        "CHỦ TRÌ HỘI NGHỊ",
        "Trần Quốc Hoàng",
    ):
        assert nfc(expected) in text
    fonts = subprocess.run(["pdffonts", "-"], input=response.content, capture_output=True, check=True).stdout.decode()
    assert "Tinos" in fonts and " no " not in fonts.split("\n", 2)[2]


def test_minutes_of_another_district_are_not_printed(make_conference, client_for, commune_b1_official):
    conference = make_conference("commune_a1")
    response = client_for(commune_b1_official).get(reverse("conferences:minutes-pdf", args=[conference.pk]))
    assert response.status_code == 404


def test_a_conference_with_40_attendees_and_20_directives_prints(
    make_conference, full_rows, client_for, province_staff, tmp_path
):
    rows = {
        **full_rows,
        "attendees": [{"name": f"Đại biểu số {n}", "position": "Bí thư Chi bộ", "role": "dai_bieu"} for n in range(40)],
        "directives": [{"text": f"Nội dung chỉ đạo số {n}: đẩy mạnh công tác dân vận."} for n in range(20)],
    }
    conference = make_conference("commune_a1", **rows)
    started = time.perf_counter()
    response = client_for(province_staff).get(reverse("conferences:minutes-pdf", args=[conference.pk]))
    elapsed = time.perf_counter() - started
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "minutes-40-attendees.pdf").write_bytes(response.content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(ARTIFACTS / "minutes-40-attendees.pdf"), str(ARTIFACTS / "minutes")],
        check=True,
    )
    text = pdf_text(response.content, tmp_path)
    assert "Đại biểu số 39" in text and "20. Nội dung chỉ đạo số 19" in text
    print(f"minutes PDF with 40 attendees and 20 directives: {elapsed:.2f} s")
