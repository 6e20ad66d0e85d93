"""The numbers of each report, counted through the apps' `visible_to(user)` on the subtree."""

import pytest

from danvan.organizations import committee_for, mass_mobilization_board_for
from reports import figures
from reports.periods import parse_period
from tests.conftest import ON

pytestmark = pytest.mark.django_db


def test_the_movement_summary_counts_the_district_and_its_communes_only(movement, hierarchy, district_a_staff):
    board = mass_mobilization_board_for(hierarchy.district_a, on=ON)
    data = figures.movement_summary(district_a_staff, board, parse_period("2023"))

    # Three models in A1, one in A2; not the draft, not the stopped model (counted apart), not district B.
    assert (data["registered"], data["registered_by_kind"]) == (4, [3, 1])
    assert (data["recognized"], data["recognized_models"], data["stopped"]) == (3, 2, 1)
    assert data["recognized_by_level"] == [
        {"level": "Cấp xã", "count": 2},
        {"level": "Cấp huyện", "count": 1},
        {"level": "Cấp tỉnh", "count": 0},
    ]
    economy = next(row for row in data["matrix"] if row["label"] == "Kinh tế")
    # Registered (collective, individual), then commune, district and province level.
    assert economy["cells"] == [2, 0, 2, 0, 1, 0, 0, 0]
    assert data["matrix_total"]["cells"] == [3, 1, 2, 0, 1, 0, 0, 0]
    assert data["cumulative"] == {
        "models": 5,
        "by_level": [
            {"level": "Cấp xã", "count": 2},
            {"level": "Cấp huyện", "count": 2},
            {"level": "Cấp tỉnh", "count": 0},
        ],
        "levels": "cấp xã 2, cấp huyện 2",
    }
    assert data["recognized_levels"] == "cấp xã 2, cấp huyện 1"  # the zero level is not worded
    assert data["top_units"] == [
        {"name": "Đảng ủy xã Sơn Lâm", "registered": 3, "recognized": 2},
        {"name": "Đảng ủy xã Sơn Kim 1", "registered": 1, "recognized": 0},
    ]
    assert [(row["name"], row["level"], row["decision"]) for row in data["annex"]] == [
        ("Tổ tự quản đường biên, cột mốc", "Cấp huyện", "123-QĐ/HU ngày 20/10/2023"),
        ("Hợp tác xã dịch vụ nông nghiệp", "Cấp xã", "05-QĐ/ĐU ngày 15/06/2023"),
    ]
    assert data["annex"][0]["carrier"] == "Chi hội Cựu chiến binh thôn 3 (Đảng ủy xã Sơn Lâm)"
    conferences = data["conferences"]
    assert (conferences["held"], conferences["participants"], conferences["by_kind"]) == (
        1,
        120,
        [{"kind": "Tổng kết", "count": 1}],
    )
    assert conferences["key_figures"][0]["figures"][0]["value"] == "3"


def test_a_half_year_counts_models_by_the_date_they_were_submitted(movement, hierarchy, province_staff):
    # The fixture submits every model today; registration years say 2022 and 2023.
    board = mass_mobilization_board_for(hierarchy.province, on=ON)
    assert figures.movement_summary(province_staff, board, parse_period("2023-H1"))["registered"] == 0
    assert figures.movement_summary(province_staff, board, parse_period("2023"))["registered"] == 6


def test_each_reader_counts_only_what_they_may_see(movement, hierarchy, commune_a1_official):
    commune = committee_for(hierarchy.commune_a1)
    data = figures.movement_summary(commune_a1_official, commune, parse_period("2023"))
    assert (data["registered"], data["recognized"]) == (3, 3)
    # The whole district asked by the commune official: still only what the commune may see.
    district = committee_for(hierarchy.district_a)
    assert figures.movement_summary(commune_a1_official, district, parse_period("2023"))["registered"] == 3


def test_the_directive_follow_up_puts_overdue_first(movement, hierarchy, district_a_staff):
    board = mass_mobilization_board_for(hierarchy.district_a, on=ON)
    data = figures.directive_follow_up(district_a_staff, board, parse_period("2023"), ON)
    assert [(row["text"], row["status_wording"], row["deadline"]) for row in data["rows"]] == [
        ("Nhân rộng mô hình tổ tự quản đường biên, cột mốc.", "Quá hạn", "31/03/2024"),
        ("Rà soát các mô hình dừng hoạt động.", "Đang thực hiện", ""),
        ("Tổng hợp kết quả gửi Ban Dân vận Tỉnh ủy.", "Đã hoàn thành", "15/01/2030"),
    ]
    assert data["rows"][1]["progress"] == "Đã rà soát 12/15 mô hình."
    assert data["rate"] == 33
    assert data["by_body"] == [
        {"name": "Ban Dân vận Huyện ủy Hương Sơn", "total": 1, "done": 1, "overdue": 0, "rate": 100},
        {"name": "Đảng ủy xã Sơn Kim 1", "total": 1, "done": 0, "overdue": 0, "rate": 0},
        {"name": "Đảng ủy xã Sơn Lâm", "total": 1, "done": 0, "overdue": 1, "rate": 0},
    ]


def test_the_list_of_a_decision_keeps_to_the_subtree(movement, hierarchy, district_a_staff, province_staff):
    # Communes A1 and B1 both numbered their decision 05-QĐ/ĐU on the same day: two decisions, one per issuer.
    decision = movement.a1_models[0].recognitions.get(level="commune").decision
    other = movement.b1_models[0].recognitions.get(level="commune").decision
    assert (decision.code, decision.issued_on) == (other.code, other.issued_on) and decision != other
    board = mass_mobilization_board_for(hierarchy.district_a, on=ON)
    names = [row["name"] for row in figures.recognized_models(district_a_staff, board, decision)["rows"]]
    assert names == ["Hợp tác xã dịch vụ nông nghiệp", "Tổ tự quản đường biên, cột mốc"]
    province = mass_mobilization_board_for(hierarchy.province, on=ON)
    assert len(figures.recognized_models(province_staff, province, decision)["rows"]) == 2


def test_the_conference_list_has_final_minutes_of_the_period(movement, hierarchy, province_staff, make_draft):
    province = mass_mobilization_board_for(hierarchy.province, on=ON)
    rows = figures.conference_list(province_staff, province, parse_period("2023"))["rows"]
    assert [(row["held_on"], row["organizer"], row["directives"]) for row in rows] == [
        ("15/06/2023", "Đảng ủy phường Nam Hồng", 1),
        ("20/12/2023", "Ban Dân vận Huyện ủy Hương Sơn", 3),
    ]


@pytest.fixture
def make_draft(hierarchy):
    """A conference still being typed: not part of any report."""
    import datetime

    from conferences.services import create_conference

    return create_conference(
        organizer=committee_for(hierarchy.commune_a2),
        fields={"kind": "other", "title": "Bản nháp", "held_on": datetime.date(2023, 5, 5)},
    )
