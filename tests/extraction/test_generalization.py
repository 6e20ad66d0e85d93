"""Articles in styles the seeds do not use (see articles.py); expectations written from the text."""

import datetime

from conferences.extraction import extract_conference, to_json
from tests.extraction import articles


def people(found: dict) -> dict[str, tuple[str, str]]:
    return {person["name"]: (person["position"], person["role"]) for person in found["attendees"]}


def figures(found: dict) -> set[tuple[float, str]]:
    return {(figure["value"], figure["unit"]) for figure in found["statistics"]}


def test_district_board_with_a_list_of_guests_and_abbreviated_titles():
    found = to_json(extract_conference(articles.DISTRICT_BOARD))
    assert found["conference"] == {
        "date": "2024-01-12",
        "organizer": "Ban Dân vận Huyện ủy Đức Thọ",
        "level": "huyen",
        "kind": "tong_ket",
        "title": "Hội nghị tổng kết công tác dân vận năm 2023, triển khai nhiệm vụ năm 2024",
        "period": "năm 2023",
    }
    assert people(found) == {
        "Trần Thị Mỹ Hạnh": ("Tỉnh ủy viên, Bí thư Huyện ủy", "du_chi_dao"),
        "Phan Đình Nguyên": ("Ủy viên Ban Thường vụ, Trưởng Ban Dân vận Huyện ủy", "du"),
        "Lê Văn Quý": ("Phó Chủ tịch UBND huyện", "du"),
    }
    assert figures(found) == {(412, "mô hình"), (36500, "m2"), (97.8, "%")}
    assert found["commendations"] == {"collectives": 12, "individuals": 20}
    assert len(found["directives"]) == 3
    assert found["directives"][1] == "Đổi mới phương thức vận động quần chúng"
    assert found["byline"] == "Hải Yến"
    assert found["documents"] == []


def test_ward_with_positions_before_names_and_the_year_from_an_anniversary():
    extraction = extract_conference(articles.WARD_NO_YEAR)
    found = to_json(extraction)
    assert found["conference"]["date"] == "2024-03-05"  # 5 years after 12/4/2019
    assert "16-CT/TU" in extraction.date.note
    assert (found["conference"]["organizer"], found["conference"]["level"], found["conference"]["kind"]) == (
        "Đảng ủy phường Bắc Hồng",
        "xa",
        "so_ket",
    )
    assert people(found) == {
        "Nguyễn Hữu Thắng": ("Phó Bí thư Thường trực Thị ủy", "du_chi_dao"),
        "Võ Thị Thu Hiền": ("Bí thư Đảng ủy phường", "chu_tri"),
    }
    assert found["documents"] == [
        {
            "code": "16-CT/TU",
            "type": "chi_thi",
            "number": "16",
            "issuer_code": "TU",
            "date": "2019-04-12",
            "relation": "reviewed",
            "issuer": "Ban Thường vụ Tỉnh ủy",
            "title": "Tăng cường công tác dân vận",
        }
    ]
    assert found["conference"]["period"] == "5 năm thực hiện Chỉ thị số 16-CT/TU"
    assert figures(found) == {(1240, "hộ"), (4.5, "tỷ đồng"), (18, "mô hình")}
    assert found["commendations"] == {"collectives": 4, "individuals": 9}
    assert len(found["directives"]) == 2
    assert found["byline"] is None


def test_front_dialogue_with_passive_organizer_and_the_year_from_the_publication_line():
    extraction = extract_conference(articles.FRONT_DIALOGUE)
    found = to_json(extraction)
    assert extraction.date.value == datetime.date(2023, 6, 19)
    assert found["conference"]["organizer"] == "Ủy ban MTTQ Việt Nam xã Tân Lập"
    # A "hội nghị đối thoại" is the dialogue kind the portal stores (it was "other" before the kind existed here).
    assert (found["conference"]["level"], found["conference"]["kind"]) == ("xa", "doi_thoai")
    assert people(found) == {
        "Lường Văn Chiến": ("Bí thư Đảng ủy xã", "chu_tri"),
        "Hà Thị Lan": ("Chủ tịch UBND xã", "chu_tri"),
    }
    assert figures(found) == {(45, "lượt")}
    assert found["commendations"] is None
    assert found["directives"][0].startswith("Các ngành chức năng khẩn trương giải quyết")
    assert len(found["directives"]) == 2
    assert found["byline"] == "Mai Phương"
