"""The kinds of text issue #16 names, one test each.

Every article here is written for the tests: names, places and figures are made up, the phrasing
follows the shapes the issue lists. None is copied from the corpus.
"""

import datetime

import pytest

from conferences.extraction import extract_conference, to_json
from conferences.extraction.figures import number_in_words


def people(text: str) -> dict[str, tuple[str | None, str]]:
    return {p["name"]: (p["position"], p["role"]) for p in to_json(extract_conference(text))["attendees"]}


# --- Events not called "hội nghị" -------------------------------------------------------------------------------


def test_a_gathering_for_the_tradition_day_is_an_event_with_its_date_attendees_and_commendations():
    """Written for the tests: a "họp mặt kỷ niệm" with a full date and no "hội nghị" anywhere."""
    text = (
        "Xã Hòa Bình họp mặt kỷ niệm Ngày truyền thống công tác Dân vận\n"
        "Ngày 09/10/2016, Đảng ủy xã Hòa Bình tổ chức họp mặt kỷ niệm 86 năm Ngày truyền thống công tác Dân vận "
        "của Đảng. Dự buổi họp mặt có đồng chí Lò Văn Khiêm, Phó Trưởng Ban Dân vận Huyện ủy.\n"
        "Dịp này, Đảng ủy xã khen thưởng 12 tập thể và 4 cá nhân có thành tích xuất sắc."
    )
    found = to_json(extract_conference(text))
    assert found["conference"]["date"] == "2016-10-09"
    assert found["conference"]["organizer"] == "Đảng ủy xã Hòa Bình"
    assert found["conference"]["kind"] == "other"
    assert found["conference"]["title"].startswith("Họp mặt kỷ niệm 86 năm")
    assert [p["name"] for p in found["attendees"]] == ["Lò Văn Khiêm"]
    assert found["commendations"] == {"collectives": 12, "individuals": 4}


@pytest.mark.parametrize(
    "event",
    [
        "lễ tuyên dương điển hình “Dân vận khéo” năm 2022",
        "giao ban công tác dân vận quý III năm 2022",
        "chương trình tuyên dương điển hình “Dân vận khéo” năm 2022",
        "buổi gặp mặt các điển hình “Dân vận khéo” năm 2022",
    ],
)
def test_other_events_are_read_too(event):
    """Written for the tests: the same announcement with each event the issue names."""
    text = (
        f"Sáng ngày 19/10/2022, Ban Dân vận Huyện ủy Yên Thành tổ chức {event}. Đồng chí Hồ Sỹ Hà, "
        "Bí thư Huyện ủy dự và chỉ đạo."
    )
    found = to_json(extract_conference(text))
    assert found["conference"]["date"] == "2022-10-19"
    assert found["conference"]["organizer"] == "Ban Dân vận Huyện ủy Yên Thành"
    assert found["conference"]["level"] == "huyen"
    assert found["conference"]["title"][:12].lower() == event[:12].lower()
    assert people(text) == {"Hồ Sỹ Hà": ("Bí thư Huyện ủy", "du_chi_dao")}


def test_a_review_without_the_word_conference_has_its_kind():
    """Written for the tests: "tổ chức sơ kết …" and a dialogue."""
    review = "Ngày 26/4/2017, Huyện ủy Kỳ Sơn tổ chức sơ kết công tác dân vận quý I năm 2017."
    dialogue = "Sáng 12/12/2025, Đảng ủy xã Tân Lạc tổ chức Hội nghị đối thoại giữa Bí thư Đảng ủy với Nhân dân."
    assert to_json(extract_conference(review))["conference"]["kind"] == "so_ket"
    assert to_json(extract_conference(review))["conference"]["period"] == "quý I năm 2017"
    assert to_json(extract_conference(dialogue))["conference"]["kind"] == "doi_thoai"
    assert to_json(extract_conference(dialogue))["conference"]["period"] is None


# --- Attendee forms ---------------------------------------------------------------------------------------------


def test_a_dash_list_without_comrade():
    """Written for the tests: one attendee per line, name – position, no "đồng chí"."""
    text = (
        "Chiều 14/3/2024, Đảng ủy phường Đông Vĩnh tổ chức Hội nghị sơ kết công tác dân vận quý I năm 2024.\n"
        "Tham dự hội nghị có:\n"
        "- Trần Thị Minh Hà - Phó Bí thư Thường trực Đảng ủy phường;\n"
        "- Nguyễn Thị Thu Hồng Nhung - Chủ tịch Ủy ban MTTQ phường."
    )
    assert people(text) == {
        "Trần Thị Minh Hà": ("Phó Bí thư Thường trực Đảng ủy phường", "du"),
        "Nguyễn Thị Thu Hồng Nhung": ("Chủ tịch Ủy ban Mặt trận Tổ quốc phường", "du"),
    }


def test_mister_and_madam_and_a_position_before_the_name():
    """Written for the tests: "Ông …, chức vụ", "Bà …", "Đồng chí <chức vụ> <tên>", "Tổng Bí thư …"."""
    text = (
        "Ngày 5/11/2023, Ủy ban MTTQ Việt Nam xã Phú An tổ chức Hội nghị tổng kết công tác Mặt trận năm 2023. "
        "Ông Phạm Văn Tư, Chủ tịch UBMTTQVN xã chủ trì hội nghị. Bà Lê Thị Mai, Phó Chủ tịch UBND xã, dự hội "
        "nghị. Đồng chí Trưởng Ban Dân vận Tỉnh ủy Hoàng Văn An phát biểu chỉ đạo hội nghị."
    )
    assert people(text) == {
        "Phạm Văn Tư": ("Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam xã", "chu_tri"),
        "Lê Thị Mai": ("Phó Chủ tịch UBND xã", "du"),
        "Hoàng Văn An": ("Trưởng Ban Dân vận Tỉnh ủy", "du_chi_dao"),
    }


def test_leaders_named_after_their_title():
    """Written for the tests: the country's leaders, title first, no "đồng chí"."""
    text = (
        "Sáng 15/10/2024, Ban Dân vận Trung ương tổ chức Lễ kỷ niệm 94 năm Ngày truyền thống công tác Dân vận "
        "của Đảng. Tổng Bí thư, Chủ tịch nước Tô Văn Lâm dự và phát biểu chỉ đạo."
    )
    assert people(text) == {"Tô Văn Lâm": ("Tổng Bí thư, Chủ tịch nước", "du_chi_dao")}


def test_a_comrade_honoured_at_the_meeting_attends_and_a_household_does_not():
    """Written for the tests: a medal given to a comrade, and households commended."""
    text = (
        "Ngày 20/10/2023, Đảng ủy xã Sơn Kim tổ chức Hội nghị tổng kết 10 năm thực hiện Nghị quyết số 25-NQ/TW. "
        "Dịp này, đồng chí Bí thư Huyện ủy trao tặng Kỷ niệm chương “Vì sự nghiệp Dân vận” cho đồng chí "
        "Nguyễn Hữu Lộc, Bí thư Đảng ủy xã. UBND xã tặng giấy khen cho 3 hộ gia đình (hộ ông Trần Văn Bảy "
        "và hộ bà Lê Thị Tám) và 01 cá nhân là ông Võ Văn Chín."
    )
    assert people(text) == {"Nguyễn Hữu Lộc": ("Bí thư Đảng ủy xã", "du")}


def test_a_name_printed_in_lower_case():
    """Written for the tests: a source that prints the name in lower case."""
    text = (
        "Ngày 3/7/2020, Huyện ủy Đà Bắc tổ chức Hội nghị sơ kết công tác dân vận 6 tháng đầu năm 2020. "
        "Dự hội nghị có đồng chí đinh công sứ, Bí thư Huyện ủy."
    )
    assert people(text) == {"Đinh Công Sứ": ("Bí thư Huyện ủy", "du")}


def test_no_two_syllable_name_cut_from_a_longer_one():
    """Written for the tests: a place before the name, and a given name that is also a family name."""
    text = (
        "Ngày 8/8/2022, Đảng ủy xã Lâm Bình tổ chức Hội nghị sơ kết công tác dân vận. Bí thư Đảng ủy xã Lâm "
        "Bình Hoàng Thị Mai Lan phát biểu khai mạc. Tham dự có đồng chí Phó Chủ tịch UBND huyện Hà Văn Lâm."
    )
    assert set(people(text)) == {"Hoàng Thị Mai Lan", "Hà Văn Lâm"}


# --- The year -------------------------------------------------------------------------------------------------


def test_the_dateline_tells_the_year_before_the_period_ahead():
    """Written for the tests: printed 27/12/2025, about the tasks of 2026."""
    text = (
        "Triển khai nhiệm vụ công tác dân vận năm 2026\n"
        "Thứ Bảy, 27/12/2025 10:15\n"
        "Sáng 27/12, Ban Tuyên giáo và Dân vận Tỉnh ủy tổ chức Hội nghị triển khai nhiệm vụ năm 2026."
    )
    assert extract_conference(text).date.value == datetime.date(2025, 12, 27)


def test_a_year_under_review_in_december_is_that_year():
    """Written for the tests: "tổng kết năm 2022" held on 14/12, no dateline."""
    text = "Ngày 14/12, Huyện ủy Con Cuông tổ chức Hội nghị tổng kết công tác dân vận năm 2022."
    assert extract_conference(text).date.value == datetime.date(2022, 12, 14)


def test_a_year_under_review_in_january_is_the_next_year():
    """Written for the tests: "tổng kết năm 2021" held on 11/01."""
    text = "Ngày 11/01, Đảng ủy xã Phú Lợi tổ chức Hội nghị tổng kết công tác dân vận năm 2021."
    assert extract_conference(text).date.value == datetime.date(2022, 1, 11)


def test_the_period_ahead_tells_the_year_without_a_dateline():
    """Written for the tests: "Sáng 27/12" and only the year ahead named."""
    text = "Sáng 27/12, Huyện ủy Tân Kỳ tổ chức Hội nghị triển khai nhiệm vụ công tác dân vận năm 2026."
    assert extract_conference(text).date.value == datetime.date(2025, 12, 27)


@pytest.mark.parametrize(
    "anniversary, year",
    [
        ("kỷ niệm 92 năm Ngày truyền thống công tác Dân vận của Đảng (15/10/1930 - 15/10/2022)", 2022),
        ("kỷ niệm 90 năm Ngày truyền thống công tác Dân vận của Đảng", 2020),
    ],
)
def test_the_anniversary_tells_the_year(anniversary, year):
    """Written for the tests: the count of years since 15/10/1930, written out or only counted."""
    text = f"Sáng 14/10, Ban Dân vận Huyện ủy Nam Đàn tổ chức họp mặt {anniversary}."
    assert extract_conference(text).date.value == datetime.date(year, 10, 14)


def test_the_quarter_reviewed_tells_the_year():
    """Written for the tests: a briefing on the third quarter, held in October."""
    text = "Ngày 12/10, Khối Dân vận phường Bến Thủy tổ chức giao ban công tác dân vận quý III năm 2021."
    assert extract_conference(text).date.value == datetime.date(2021, 10, 12)


# --- Commendations ----------------------------------------------------------------------------------------------


def test_commendation_lines_are_added_up_words_count_and_households_do_not():
    """Written for the tests: three lines of awards, a count in words, households beside them."""
    text = (
        "Ngày 20/12/2023, Huyện ủy Quỳ Hợp tổ chức Hội nghị tổng kết công tác dân vận năm 2023.\n"
        "Tại hội nghị, Ban Thường vụ Huyện ủy tặng giấy khen cho 5 tập thể, 7 cá nhân.\n"
        "UBND huyện tuyên dương 10 tập thể, 14 cá nhân và 20 hộ gia đình tiêu biểu.\n"
        "Ban Dân vận Huyện ủy trao giấy khen cho năm cá nhân có nhiều đóng góp."
    )
    assert to_json(extract_conference(text))["commendations"] == {"collectives": 15, "individuals": 26}


def test_a_total_line_and_its_parts_count_once():
    """Written for the tests: a total, then the awards it is made of."""
    text = (
        "Ngày 20/12/2023, Huyện ủy Quỳ Hợp tổ chức Hội nghị tổng kết công tác dân vận năm 2023. Dịp này, "
        "15 tập thể và 21 cá nhân được khen thưởng. Trong đó, Ban Thường vụ Huyện ủy tặng giấy khen cho 5 tập "
        "thể, 7 cá nhân; UBND huyện tặng giấy khen cho 10 tập thể, 14 cá nhân."
    )
    assert to_json(extract_conference(text))["commendations"] == {"collectives": 15, "individuals": 21}


def test_gifts_are_not_commendations():
    """Written for the tests: presents handed out at the meeting."""
    text = (
        "Ngày 20/01/2024, Ủy ban MTTQ xã Yên Sơn tổ chức Hội nghị tổng kết công tác Mặt trận năm 2023. "
        "Dịp này, Ủy ban MTTQ xã trao 30 suất quà cho 30 cá nhân có hoàn cảnh khó khăn."
    )
    assert to_json(extract_conference(text))["commendations"] is None


@pytest.mark.parametrize("words, value", [("năm", 5), ("mười", 10), ("mười lăm", 15), ("hai mươi mốt", 21)])
def test_numbers_in_words(words, value):
    assert number_in_words(words) == value


# --- Documents --------------------------------------------------------------------------------------------------


def test_the_documents_a_ten_year_review_reviews_and_those_it_cites():
    """Written for the tests: a provincial review of Resolution 25 and what it cites in passing."""
    text = (
        "Ngày 28/11, Tỉnh ủy Điện Biên tổ chức Hội nghị tổng kết 10 năm thực hiện Nghị quyết số 25-NQ/TW ngày "
        "03/6/2013 của Ban Chấp hành Trung ương Đảng (khóa XI) về “Tăng cường và đổi mới sự lãnh đạo của Đảng "
        "đối với công tác dân vận trong tình hình mới” và Kết luận số 43-KL/TW ngày 07/01/2019 của Ban Bí thư.\n"
        "Các cấp ủy đã thực hiện tốt Quyết định số 23-QĐ/TW ngày 30/7/2021 của Bộ Chính trị về ban hành Quy chế "
        "công tác dân vận của hệ thống chính trị."
    )
    extraction = extract_conference(text)
    found = to_json(extraction)
    documents = {d["code"]: d for d in found["documents"]}
    assert documents["25-NQ/TW"]["relation"] == "reviewed"
    assert documents["43-KL/TW"]["relation"] == "reviewed"
    assert documents["23-QĐ/TW"]["relation"] == "cited"
    assert documents["25-NQ/TW"]["issuer"] == "Ban Chấp hành Trung ương Đảng"
    assert documents["25-NQ/TW"]["title"] == (
        "Tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận trong tình hình mới"
    )
    assert documents["23-QĐ/TW"]["issuer"] == "Bộ Chính trị"
    assert documents["23-QĐ/TW"]["title"] == "Ban hành Quy chế công tác dân vận của hệ thống chính trị"
    assert found["conference"]["period"] == "10 năm thực hiện Nghị quyết số 25-NQ/TW"
    assert extraction.period.note.endswith("trong tình hình mới”")  # the whole period, quotation closed
    assert found["conference"]["date"] == "2023-11-28"  # ten years after 2013


def test_a_document_named_again_without_its_code_is_the_reviewed_one():
    """Written for the tests: the title names "Nghị quyết 25", the body gives the code."""
    text = (
        "Hội nghị tổng kết 10 năm thực hiện Nghị quyết 25 của Ban Chấp hành Trung ương\n"
        "Ngày 15/9/2023, Huyện ủy Thanh Chương tổ chức Hội nghị tổng kết 10 năm thực hiện Nghị quyết 25 của Ban "
        "Chấp hành Trung ương. Thực hiện Nghị quyết số 25-NQ/TW, Huyện ủy đã ban hành Kế hoạch số 12-KH/HU."
    )
    documents = {d["code"]: d["relation"] for d in to_json(extract_conference(text))["documents"]}
    assert documents == {"25-NQ/TW": "reviewed", "12-KH/HU": "cited"}
