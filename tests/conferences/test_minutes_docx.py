"""The minutes as a Word copy: the same document as the PDF, read back with python-docx."""

import pytest
from django.urls import reverse

from tests.word_reading import DOCX, assert_party_layout, every_text, keep, paragraphs, read_docx, table_rows

pytestmark = pytest.mark.django_db


def test_the_minutes_docx_holds_the_conference_as_a_party_document(
    make_conference, full_rows, client_for, district_a_staff
):
    conference = make_conference(
        "commune_a1", title="Hội nghị tổng kết phong trào “Dân vận khéo”", final=True, **full_rows
    )
    response = client_for(district_a_staff).get(reverse("conferences:minutes-docx", args=[conference.pk]))
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == (
        'attachment; filename="bien-ban-hoi-nghi-tong-ket-phong-trao-dan-van-kheo-2024.docx"'
    )
    keep(response.content, "minutes")
    conference.refresh_from_db()
    document = read_docx(response.content)
    header = assert_party_layout(document)
    # The header of party_header(), in place: issuer above left, the party's name right, number and date below.
    assert table_rows(header) == [
        ["ĐẢNG BỘ HUYỆN HƯƠNG SƠN\nĐẢNG ỦY XÃ SƠN LÂM\n*", "ĐẢNG CỘNG SẢN VIỆT NAM"],
        [f"Số {conference.minutes_number}", "Sơn Lâm, ngày 17 tháng 7 năm 2024"],
    ]
    assert header.cell(0, 1).paragraphs[0].runs[0].bold and header.cell(0, 1).paragraphs[0].runs[0].underline
    text = paragraphs(document)
    assert "BIÊN BẢN" in text and conference.title in text
    directive = conference.directives.get()
    assert any(line.startswith(f"1. {directive.text}") for line in text)
    attendees = table_rows(document.tables[1])
    assert attendees[0] == ["TT", "Họ và tên", "Chức vụ", "Vai trò"]
    names = {attendee.person.full_name for attendee in conference.attendees.all()}
    assert {row[1] for row in attendees[1:]} == names
    figure = conference.figures.get()
    assert table_rows(document.tables[2])[1][:4] == ["1", figure.indicator.capitalize(), "29", figure.unit]
    signatures = table_rows(document.tables[-1])
    assert signatures[0][1].startswith("CHỦ TRÌ HỘI NGHỊ") and "Trần Quốc Hoàng" in signatures[0][1]
    assert "DỰ THẢO" not in every_text(document)


def test_a_draft_says_so_in_word_too(make_conference, client_for, district_a_staff):
    conference = make_conference("commune_a1")
    response = client_for(district_a_staff).get(reverse("conferences:minutes-docx", args=[conference.pk]))
    assert response["Content-Disposition"].startswith('attachment; filename="du-thao-bien-ban')
    assert paragraphs(read_docx(response.content))[0] == "DỰ THẢO"


def test_minutes_of_another_district_are_not_given(make_conference, client_for, commune_b1_official):
    conference = make_conference("commune_a1")
    response = client_for(commune_b1_official).get(reverse("conferences:minutes-docx", args=[conference.pk]))
    assert response.status_code == 404
