"""The report PDFs as leadership signs them every day (#15), read back with pdftotext."""

import datetime
import re
import subprocess

import pytest
from django.urls import reverse

from conferences.services import create_conference, finalize_conference
from danvan.models import Era, Role, UnitKind
from danvan.organizations import committee_for, mass_mobilization_board_for
from reports.models import Report
from reports.services import render_pdf
from tests.conftest import ON
from tests.factories import AdministrativeUnitFactory, MembershipFactory
from tests.reports.conftest import recognize, register

pytestmark = pytest.mark.django_db

JUNE = datetime.date(2023, 6, 15)
# Words of the reports' labels that a line must never split.
NEVER_SPLIT = ("chính trị", "an ninh", "xã hội", "công nhận", "Đảng ủy", "Huyện ủy", "DÂN VẬN", "(thôn 3)")


def issue(client, **data) -> tuple[bytes, str]:
    response = client.post(reverse("reports:issue"), data)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf", response.content[:300]
    return response.content, response["Content-Disposition"]


def raw_text(pdf: bytes, tmp_path, *pages: int) -> str:
    """`pdftotext -raw`, line breaks kept: each line of a table cell is a line of its own."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    page_range = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    return subprocess.run(
        ["pdftotext", "-raw", *page_range, str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def text(pdf: bytes, tmp_path) -> str:
    return " ".join(raw_text(pdf, tmp_path).split())


def page_texts(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE).group(1))
    return [" ".join(raw_text(pdf, tmp_path, page).split()) for page in range(1, pages + 1)]


def split_words(raw: str) -> list[str]:
    return [words for words in NEVER_SPLIT if re.search(r"\s*\n\s*".join(map(re.escape, words.split())), raw)]


@pytest.fixture
def more_fields_recognized(movement, hierarchy, commune_a1_registrar, commune_a1_official):
    """Commune A1's decision 05-QĐ/ĐU also recognizes a model in each of the long fields, one named in lower case."""
    a1 = committee_for(hierarchy.commune_a1)
    models = [
        register(
            a1,
            commune_a1_registrar,
            name,
            field=field,
            carrier="Chi hội Phụ nữ thôn 3",
        )
        for name, field in (
            ("tổ hòa giải ở cơ sở (thôn 3)", "xay-dung-he-thong-chinh-tri"),
            ("Tổ tuần tra an ninh (thôn 3)", "quoc-phong-an-ninh"),
            ("Câu lạc bộ văn nghệ (thôn 3)", "van-hoa-xa-hoi"),
        )
    ]
    for model in models:
        recognize(model, level="commune", actor=commune_a1_official, number="05-QĐ/ĐU", on=JUNE, deciding=a1)
    return models


def test_the_list_of_a_decision_keeps_labels_whole_and_capitalized(
    more_fields_recognized, hierarchy, client_for, district_a_staff, tmp_path
):
    board = mass_mobilization_board_for(hierarchy.district_a, on=ON)
    pdf, disposition = issue(
        client_for(district_a_staff), kind="recognized-models", organization=board.pk, decision="05-qđ/đu"
    )
    raw = raw_text(pdf, tmp_path)
    assert split_words(raw) == []
    for label in ("Xây dựng hệ thống", "Quốc phòng – an ninh", "Văn hóa – xã hội"):
        assert label in raw.splitlines(), label  # a field label keeps its own line in the narrow column
    joined = " ".join(raw.split())
    assert "Tổ hòa giải ở cơ sở (thôn 3)" in joined and "tổ hòa giải" not in joined
    assert disposition == (
        'inline; filename="danh-sach-mo-hinh-duoc-cong-nhan-huyen-huong-son-05-qd-du.pdf"; '
        "filename*=UTF-8''danh-sach-mo-hinh-duoc-cong-nhan-huyen-huong-son-05-qd-du.pdf"
    )


def test_the_summary_table_keeps_each_field_on_one_line(movement, hierarchy, client_for, district_a_staff, tmp_path):
    board = mass_mobilization_board_for(hierarchy.district_a, on=ON)
    pdf, _ = issue(client_for(district_a_staff), kind="movement-summary", organization=board.pk, period="2023")
    raw = raw_text(pdf, tmp_path)
    assert re.search(r"^4 Xây dựng hệ thống chính trị 0 0 0 0 0 0 0 0$", raw, re.MULTILINE)


def test_a_remark_about_a_body_is_bracketed_once(movement, hierarchy, client_for, district_a_staff, tmp_path):
    # A commune of the new era takes the old one's name: the old one is told apart by its period.
    province_2025 = AdministrativeUnitFactory(code="42", name="Hà Tĩnh", kind=UnitKind.PROVINCE, era=Era.FROM_2025)
    new_commune = AdministrativeUnitFactory(
        code="18145", name="Sơn Lâm", kind=UnitKind.COMMUNE, parent=province_2025, era=Era.FROM_2025
    )
    committee_for(new_commune)
    board = mass_mobilization_board_for(hierarchy.district_a, on=ON)
    pdf, _ = issue(client_for(district_a_staff), kind="recognized-models", organization=board.pk, decision="05-QĐ/ĐU")
    printed = text(pdf, tmp_path)
    assert "Chi hội Cựu chiến binh thôn 3 (Đảng ủy xã Sơn Lâm, đến 30/6/2025)" in printed
    assert "((" not in printed and "))" not in printed


def test_every_download_is_named_in_words_without_diacritics(
    movement, hierarchy, client_for, district_a_staff, settings
):
    settings.REPORTS_SYNC_MAX_ROWS = 0  # printed by the background task: it names the file the same way
    client = client_for(district_a_staff)
    board = mass_mobilization_board_for(hierarchy.district_a, on=ON)
    expected = {
        "movement-summary": "bao-cao-tong-hop-dan-van-kheo-huyen-huong-son-2023.pdf",
        "directive-follow-up": "bao-cao-thuc-hien-ket-luan-hoi-nghi-huyen-huong-son-2023.pdf",
        "conferences": "danh-sach-hoi-nghi-huyen-huong-son-2023.pdf",
    }
    for kind, name in expected.items():
        response = client.post(reverse("reports:issue"), {"kind": kind, "organization": board.pk, "period": "2023"})
        report = Report.objects.get(pk=response.url.rstrip("/").split("/")[-1])
        assert report.pdf.name.endswith(name) or re.search(rf"{name[:-4]}_\w+\.pdf$", report.pdf.name), report.pdf
        download = client.get(reverse("reports:pdf", args=[report.pk]))
        assert download["Content-Disposition"] == f"inline; filename=\"{name}\"; filename*=UTF-8''{name}"


def _member_of(organization, username):
    return MembershipFactory(organization=organization, role=Role.COMMUNE_OFFICIAL, user__username=username).user


def test_the_recipients_are_those_of_the_issuing_level(
    hierarchy, client_for, province_staff, district_a_staff, commune_a1_official, tmp_path
):
    province_2025 = AdministrativeUnitFactory(code="42", name="Hà Tĩnh", kind=UnitKind.PROVINCE, era=Era.FROM_2025)
    commune_2025 = committee_for(
        AdministrativeUnitFactory(
            code="18146", name="Sơn Tây", kind=UnitKind.COMMUNE, parent=province_2025, era=Era.FROM_2025
        )
    )
    issuers = [
        (
            province_staff,
            mass_mobilization_board_for(hierarchy.province, on=ON),
            "Nơi nhận: - Ban Dân vận Trung ương (để báo cáo), - Thường trực Tỉnh ủy Hà Tĩnh (để báo cáo),"
            " - Các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc, - Lưu VT.",
        ),
        (
            district_a_staff,
            mass_mobilization_board_for(hierarchy.district_a, on=ON),
            "Nơi nhận: - Ban Dân vận Tỉnh ủy Hà Tĩnh (để báo cáo), - Thường trực Huyện ủy Hương Sơn (để báo cáo),"
            " - Các đảng ủy xã, thị trấn, - Lưu VT.",
        ),
        (
            commune_a1_official,
            committee_for(hierarchy.commune_a1),
            "Nơi nhận: - Ban Dân vận Huyện ủy Hương Sơn (để báo cáo), - Các chi bộ, - Lưu VT.",
        ),
        # From 1 July 2025 there are no districts: a commune reports to the province.
        (
            _member_of(commune_2025, "commune_2025_official"),
            commune_2025,
            "Nơi nhận: - Ban Tuyên giáo và Dân vận Tỉnh ủy Hà Tĩnh (để báo cáo), - Các chi bộ, - Lưu VT.",
        ),
    ]
    for user, organization, recipients in issuers:
        pdf, _ = issue(client_for(user), kind="conferences", organization=organization.pk, period="2025")
        assert recipients in text(pdf, tmp_path), organization


def test_recipients_typed_in_the_form_are_kept(hierarchy, client_for, district_a_staff, tmp_path):
    board = mass_mobilization_board_for(hierarchy.district_a, on=ON)
    pdf, _ = issue(
        client_for(district_a_staff),
        kind="conferences",
        organization=board.pk,
        period="2025",
        recipients="Thường trực Huyện ủy (để báo cáo)\nLưu VP",
    )
    assert "Nơi nhận: - Thường trực Huyện ủy (để báo cáo), - Lưu VP. TRƯỞNG BAN" in text(pdf, tmp_path)


def test_a_period_with_nothing_recorded_says_so_at_the_top(movement, hierarchy, client_for, district_a_staff, tmp_path):
    board = mass_mobilization_board_for(hierarchy.district_a, on=ON)
    pdf, _ = issue(client_for(district_a_staff), kind="movement-summary", organization=board.pk, period="2020")
    printed = text(pdf, tmp_path)
    assert (
        "báo cáo kết quả năm 2020 như sau: Trong năm 2020, hệ thống không ghi nhận số liệu nào của địa bàn: "
        "không có mô hình, điển hình “Dân vận khéo” đăng ký mới hoặc được công nhận, không có hội nghị nào. "
        "Đến hết năm 2020, trên hệ thống chưa có mô hình, điển hình nào của địa bàn. Nơi nhận:"
    ) in printed
    for bare in ("Bảng 1", "Biểu đồ", " 0 mô hình", "cấp xã 0"):
        assert bare not in printed


def test_models_recognized_without_new_registrations_say_why(
    movement, hierarchy, client_for, district_a_staff, tmp_path
):
    # The fixture submits every model today: none was submitted in the first half of 2023.
    board = mass_mobilization_board_for(hierarchy.district_a, on=ON)
    pdf, _ = issue(client_for(district_a_staff), kind="movement-summary", organization=board.pk, period="2023-H1")
    printed = text(pdf, tmp_path)
    assert (
        "Trong 6 tháng đầu năm 2023, không có mô hình, điển hình nào đăng ký mới trên hệ thống (các mô hình được "
        "công nhận trong kỳ đã đăng ký từ các kỳ trước); 2 mô hình, điển hình được công nhận (cấp xã 2)."
    ) in printed
    assert "0 mô hình" not in printed and "cấp huyện 0" not in printed


def test_figures_reported_by_a_conference_are_told_apart_from_an_empty_registry(
    movement, hierarchy, client_for, district_a_staff, tmp_path
):
    board = mass_mobilization_board_for(hierarchy.district_a, on=ON)
    conference = create_conference(
        organizer=board,
        fields={"kind": "so_ket", "title": "Hội nghị sơ kết 6 tháng đầu năm 2024", "held_on": ON},
        figures=[{"indicator": "tập thể đăng ký điển hình", "value": 646, "unit": "tập thể", "note": "toàn huyện"}],
    )
    finalize_conference(conference, acting_user=district_a_staff)
    pdf, _ = issue(client_for(district_a_staff), kind="movement-summary", organization=board.pk, period="2024")
    printed = text(pdf, tmp_path)
    assert (
        "Trong năm 2024, không có mô hình, điển hình “Dân vận khéo” nào của địa bàn đăng ký mới hoặc được công "
        "nhận trên hệ thống. Các số liệu tại mục II do hội nghị báo cáo, chưa được cập nhật thành mô hình trên "
        "hệ thống nên không tính vào đây."
    ) in printed
    assert (
        "Lũy kế đến hết năm 2024, có 5 mô hình, điển hình đã đăng ký; được công nhận cấp xã 2, cấp huyện 2." in printed
    )
    # The conference's own figure, its label and its note capitalized as table labels.
    assert "1 Tập thể đăng ký điển hình 646 tập thể Toàn huyện" in printed
    assert "Bảng 1. Một số chỉ tiêu chủ yếu do các hội nghị báo cáo" in printed and "Biểu đồ" not in printed


def test_a_completion_rate_of_zero_says_why(movement, hierarchy, client_for, commune_b1_official, tmp_path):
    committee = committee_for(hierarchy.commune_b1)
    pdf, _ = issue(
        client_for(commune_b1_official), kind="directive-follow-up", organization=committee.pk, period="2023"
    )
    printed = text(pdf, tmp_path)
    assert (
        "Tổng số có 1 kết luận (chưa thực hiện 1). "
        "Tỷ lệ hoàn thành đạt 0%: chưa có kết luận nào được báo cáo hoàn thành."
    ) in printed
    sentence = printed.split("Tổng số có")[1].split("Biểu đồ 1")[0]
    assert " 0;" not in sentence and "quá hạn 0" not in sentence  # a status with no directive is not worded


# One more row each time moves the end of the list down by a row. With 34 to 36 rows the page
# break fell right after the last row, and the signatures went on with the closing line alone.
@pytest.mark.parametrize("rows", range(32, 39))
def test_the_signatures_share_their_page_with_the_last_rows(
    rows, movement, hierarchy, client_for, province_staff, tmp_path
):
    board = mass_mobilization_board_for(hierarchy.province, on=ON)
    issue(client_for(province_staff), kind="conferences", organization=board.pk, period="2023")
    snapshot = Report.objects.get().snapshot
    row = snapshot["data"]["rows"][0]
    snapshot["data"]["rows"] = [{**row, "title": f"Hội nghị lần thứ {n} năm 2023", "place": ""} for n in range(rows)]
    pages = page_texts(render_pdf("conferences", snapshot), tmp_path)
    signed = next(page for page in pages if "TRƯỞNG BAN" in page)
    assert len(pages) > 1
    assert f"Danh sách gồm {rows} hội nghị" in signed
    assert f"Hội nghị lần thứ {rows - 1} năm 2023" in signed, f"the signatures left the last row behind: {signed!r}"


def test_an_empty_follow_up_is_one_plain_sentence(movement, hierarchy, client_for, commune_b1_official, tmp_path):
    committee = committee_for(hierarchy.commune_b1)
    client = client_for(commune_b1_official)
    pdf, _ = issue(client, kind="directive-follow-up", organization=committee.pk, period="2020")
    # No numbered part holding only that sentence, and no chart.
    assert (
        "như sau: Trong năm 2020, không có kết luận nào của các hội nghị được ghi nhận trên hệ thống. Nơi nhận:"
    ) in text(pdf, tmp_path)
