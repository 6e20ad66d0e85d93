"""The four reports as party documents: header, wording, the database's own text, embedded fonts."""

import pytest
from django.urls import reverse

from danvan.organizations import committee_for, mass_mobilization_board_for
from danvan.text import nfc
from tests.conftest import ON
from tests.reports.conftest import keep_pngs, pdf_fonts, pdf_text

pytestmark = pytest.mark.django_db


def issue(client, **data):
    response = client.post(reverse("reports:issue"), data)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf", response.content[:300]
    return response.content


def assert_fonts_embedded(pdf: bytes):
    fonts = pdf_fonts(pdf)
    assert fonts and all("Tinos" in font[0] for font in fonts)
    # Columns: name, type (two words), encoding, emb, sub, uni, object id.
    assert all(font[-5] == "yes" for font in fonts)


def test_the_movement_summary_is_a_party_report(movement, hierarchy, client_for, district_a_staff, tmp_path):
    board = mass_mobilization_board_for(hierarchy.district_a, on=ON)
    pdf = issue(
        client_for(district_a_staff),
        kind="movement-summary",
        organization=board.pk,
        period="2023",
        number="27",
        signer_name="Trần Quốc Hoàng",
    )
    keep_pngs(pdf, "movement-summary-district")
    text = pdf_text(pdf, tmp_path)
    for expected in (
        "HUYỆN ỦY HƯƠNG SƠN BAN DÂN VẬN *",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 27-BC/BDVHU",
        "Hương Sơn, ngày",
        "BÁO CÁO Tổng kết phong trào thi đua “Dân vận khéo” năm 2023",
        "trên địa bàn có 4 mô hình, điển hình “Dân vận khéo” đăng ký mới (3 tập thể, 1 cá nhân)",
        "1 mô hình dừng thực hiện, không tính vào các số trên",
        "Đảng ủy xã Sơn Lâm",
        "Hội nghị tổng kết phong trào thi đua “Dân vận khéo” năm 2023 (20/12/2023)",
        "1 Mô hình “Dân vận khéo” được công nhận 3 mô hình",
        "Nơi nhận: - Ban Dân vận Tỉnh ủy Hà Tĩnh (để báo cáo), - Thường trực Huyện ủy Hương Sơn (để báo cáo),"
        " - Các đảng ủy xã, thị trấn, - Lưu VT.",
        "TRƯỞNG BAN Trần Quốc Hoàng",
        "PHỤ LỤC",
        "(Kèm theo Báo cáo số 27-BC/BDVHU ngày",
        "Tổ tự quản đường biên, cột mốc Chi hội Cựu chiến binh thôn 3 (Đảng ủy xã Sơn Lâm) Kinh tế Cấp huyện",
        "123-QĐ/HU ngày 20/10/2023",
    ):
        assert nfc(expected) in text, expected
    # The text layer is composed (NFC) and holds the names exactly as the database does.
    assert text == nfc(text)
    for model in movement.a1_models[:2]:
        assert model.name in text
    for absent in ("Bản nháp chưa gửi", "Phường thân thiện", "Tuyến phố văn minh"):
        assert absent not in text
    assert_fonts_embedded(pdf)


def test_a_committee_signs_for_its_standing_committee(movement, hierarchy, client_for, district_a_leader, tmp_path):
    committee = committee_for(hierarchy.district_a)
    pdf = issue(client_for(district_a_leader), kind="movement-summary", organization=committee.pk, period="2023-H2")
    text = pdf_text(pdf, tmp_path)
    assert "ĐẢNG BỘ TỈNH HÀ TĨNH HUYỆN ỦY HƯƠNG SƠN *" in text
    assert "Sơ kết phong trào thi đua “Dân vận khéo” 6 tháng cuối năm 2023" in text
    assert "T/M BAN THƯỜNG VỤ BÍ THƯ" in text


def test_the_directive_follow_up_report(movement, hierarchy, client_for, district_a_staff, tmp_path):
    board = mass_mobilization_board_for(hierarchy.district_a, on=ON)
    pdf = issue(client_for(district_a_staff), kind="directive-follow-up", organization=board.pk, period="2023")
    keep_pngs(pdf, "directive-follow-up-district")
    text = pdf_text(pdf, tmp_path)
    assert "Kết quả thực hiện kết luận của các hội nghị năm 2023" in text
    assert "Tổng số có 3 kết luận" in text
    overdue = text.index("Nhân rộng mô hình tổ tự quản đường biên, cột mốc.")
    done = text.index("Tổng hợp kết quả gửi Ban Dân vận Tỉnh ủy.")
    assert text.index("PHỤ LỤC") < overdue < text.index("Rà soát các mô hình dừng hoạt động.") < done
    assert "Đã rà soát 12/15 mô hình. (10/01/2024)" in text
    assert "Giữ gìn tuyến phố văn minh." not in text
    assert_fonts_embedded(pdf)


def test_the_list_of_models_recognized_by_a_decision(movement, hierarchy, client_for, district_a_staff, tmp_path):
    board = mass_mobilization_board_for(hierarchy.district_a, on=ON)
    pdf = issue(client_for(district_a_staff), kind="recognized-models", organization=board.pk, decision="05-qđ/đu")
    keep_pngs(pdf, "recognized-models-district")
    text = pdf_text(pdf, tmp_path)
    assert "DANH SÁCH Mô hình, điển hình “Dân vận khéo” được công nhận" in text
    assert "(Kèm theo Quyết định số 05-QĐ/ĐU ngày 15/06/2023 của Đảng ủy xã Sơn Lâm)" in text
    assert "Danh sách gồm 2 mô hình, điển hình." in text
    assert "Tuyến phố văn minh" not in text
    assert_fonts_embedded(pdf)


def test_the_list_of_conferences(movement, hierarchy, client_for, province_staff, tmp_path):
    board = mass_mobilization_board_for(hierarchy.province, on=ON)
    pdf = issue(client_for(province_staff), kind="conferences", organization=board.pk, period="2023")
    keep_pngs(pdf, "conferences-province")
    text = pdf_text(pdf, tmp_path)
    assert "DANH SÁCH Các hội nghị năm 2023" in text
    assert text.index("Hội nghị sơ kết công tác dân vận phường Nam Hồng") < text.index(
        "Hội nghị tổng kết phong trào thi đua “Dân vận khéo” năm 2023"
    )
    assert "Danh sách gồm 2 hội nghị, với 120 lượt đại biểu tham dự." in text
