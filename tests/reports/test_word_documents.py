"""Word copies of the reports: the snapshot's text in the party layout, read back with python-docx."""

import pytest
from django.urls import reverse

from danvan.organizations import committee_for, mass_mobilization_board_for
from models_registry.models import Recognition
from reports.models import Report
from tests.conftest import ON
from tests.word_reading import DOCX, assert_party_layout, every_text, keep, paragraphs, read_docx, table_rows

pytestmark = pytest.mark.django_db


def issue_and_download(client, name: str, **data):
    """Issue the report through its form, then download its Word copy from the report's page."""
    assert client.post(reverse("reports:issue"), data).status_code == 200
    report = Report.objects.latest("pk")
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert reverse("reports:docx", args=[report.pk]) in page
    response = client.get(reverse("reports:docx", args=[report.pk]))
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    keep(response.content, name)
    return report, response


def test_the_movement_summary_in_word(movement, hierarchy, client_for, district_a_staff, monkeypatch):
    # The PDF prints its annex in sections of one row here; the Word copy keeps one table.
    monkeypatch.setattr("reports.kinds.ANNEX_SECTION_ROWS", 1)
    board = mass_mobilization_board_for(hierarchy.district_a, on=ON)
    report, response = issue_and_download(
        client_for(district_a_staff),
        "movement-summary",
        kind="movement-summary",
        organization=board.pk,
        period="2023",
        number="27",
        signer_name="Trần Quốc Hoàng",
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-tong-hop-dan-van-kheo-huyen-huong-son-2023.docx"'
    )
    document = read_docx(response.content)
    # The annex of recognized models is landscape, as in the PDF.
    header = assert_party_layout(document, landscape_sections=1)
    issuer = report.snapshot["issuer"]
    assert table_rows(header) == [
        ["\n".join([*issuer["letterhead_lines"], "*"]), "ĐẢNG CỘNG SẢN VIỆT NAM"],
        ["Số 27-BC/BDVHU", report.snapshot["place_date"]],
    ]
    text = paragraphs(document)
    assert text[:2] == ["BÁO CÁO", report.snapshot["subject"]]
    assert "I. KẾT QUẢ ĐĂNG KÝ, CÔNG NHẬN MÔ HÌNH, ĐIỂN HÌNH" in text
    # Table 1 keeps its two header rows and spans: field, then collective and individual per level.
    matrix = table_rows(document.tables[1])
    # (python-docx gives a cell merged down again in the rows below its first.)
    assert matrix[0][:3] == ["TT", "Lĩnh vực", "Đăng ký mới"] and matrix[1][:4] == ["TT", "Lĩnh vực", "TT", "CN"]
    labels = [row["label"] for row in report.snapshot["data"]["matrix"]]
    assert [row[1] for row in matrix[2 : 2 + len(labels)]] == labels
    annex = table_rows(document.tables[-1])
    assert [row[1] for row in annex[1:]] == [row["name"] for row in report.snapshot["data"]["annex"]]
    assert [row[0] for row in annex] == ["TT", "1", "2"]
    signatures = table_rows(document.tables[-2])[0]
    assert signatures[0].startswith("Nơi nhận:\n- ") and signatures[1] == "TRƯỞNG BAN\nTrần Quốc Hoàng"
    assert "Bản nháp chưa gửi" not in every_text(document)


def test_the_directive_follow_up_in_word(movement, hierarchy, client_for, district_a_staff):
    board = mass_mobilization_board_for(hierarchy.district_a, on=ON)
    report, response = issue_and_download(
        client_for(district_a_staff),
        "directive-follow-up",
        kind="directive-follow-up",
        organization=board.pk,
        period="2023",
    )
    document = read_docx(response.content)
    assert_party_layout(document, landscape_sections=1)
    text = every_text(document)
    assert f"Tổng số có {report.snapshot['data']['total']} kết luận" in text
    annex = table_rows(document.tables[-1])
    assert annex[0] == ["TT", "Nội dung kết luận", "Đơn vị thực hiện", "Thời hạn", "Tình trạng", "Tiến độ mới nhất"]
    directives = [row["text"] for row in report.snapshot["data"]["rows"]]
    assert [row[1].split("\n")[0] for row in annex[1:]] == directives
    assert {d.text for d in movement.district_conference.directives.all()} == set(directives)


def test_the_certificates_list_in_word(movement, hierarchy, client_for, commune_a1_official):
    a1 = committee_for(hierarchy.commune_a1)
    report, response = issue_and_download(
        client_for(commune_a1_official),
        "certificates-list",
        kind="certificates",
        organization=a1.pk,
        decision="05-QĐ/ĐU",
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="giay-chung-nhan-dan-van-kheo-xa-son-lam-05-qd-du.docx"'
    )
    document = read_docx(response.content)
    assert_party_layout(document)
    assert paragraphs(document)[:3] == [
        "DANH SÁCH",
        "Cấp giấy chứng nhận mô hình, điển hình “Dân vận khéo”",
        "(Kèm theo Quyết định số 05-QĐ/ĐU ngày 15/06/2023 của Đảng ủy xã Sơn Lâm)",
    ]
    rows = table_rows(document.tables[1])
    recognized = Recognition.objects.filter(decision=report.decision, emulation_model__in=movement.a1_models)
    expected = sorted(recognition.emulation_model.name for recognition in recognized)
    assert sorted(row[2] for row in rows[1:]) == expected and len(rows) == 3
    assert {row[1] for row in rows[1:]} == {
        f"{model.registering_unit_name} (Đảng ủy xã Sơn Lâm)" for model in movement.a1_models[:2]
    }
    assert "Danh sách gồm 2 giấy chứng nhận." in paragraphs(document)


def test_another_district_gets_no_word_copy(movement, hierarchy, client_for, district_a_staff, commune_b1_official):
    board = mass_mobilization_board_for(hierarchy.district_a, on=ON)
    report, _response = issue_and_download(
        client_for(district_a_staff),
        "directive-follow-up",
        kind="directive-follow-up",
        organization=board.pk,
        period="2023",
    )
    assert client_for(commune_b1_official).get(reverse("reports:docx", args=[report.pk])).status_code == 404
