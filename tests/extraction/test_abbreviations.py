import pytest

from conferences.extraction import expand_abbreviations


@pytest.mark.parametrize(
    ("printed", "expanded"),
    [
        ("PBT TT Huyện ủy", "Phó Bí thư Thường trực Huyện ủy"),
        ("PBT Thường trực Huyện ủy", "Phó Bí thư Thường trực Huyện ủy"),
        ("PBT  TT  Huyện ủy", "Phó Bí thư Thường trực Huyện ủy"),
        ("BT Đảng ủy xã", "Bí thư Đảng ủy xã"),
        ("HUV, Bí thư, Chủ tịch UBND xã", "Huyện ủy viên, Bí thư, Chủ tịch UBND xã"),
        ("TUV, Bí thư Huyện ủy", "Tỉnh ủy viên, Bí thư Huyện ủy"),
        ("ĐUV, Trưởng khối dân vận", "Đảng ủy viên, Trưởng khối dân vận"),
        ("UVBTV, Trưởng Ban Dân vận Huyện ủy", "Ủy viên Ban Thường vụ, Trưởng Ban Dân vận Huyện ủy"),
        ("UV BTV Tỉnh ủy", "Ủy viên Ban Thường vụ Tỉnh ủy"),
        ("Trưởng đoàn chỉ đạo của BTV Thị ủy", "Trưởng đoàn chỉ đạo của Ban Thường vụ Thị ủy"),
        ("Ủy viên BCH Đảng bộ huyện", "Ủy viên Ban Chấp hành Đảng bộ huyện"),
        ("CT HĐND huyện", "Chủ tịch HĐND huyện"),
        ("PCT UBND huyện", "Phó Chủ tịch UBND huyện"),
        ("Chủ tịch MTTQ xã Phú Lợi", "Chủ tịch Mặt trận Tổ quốc xã Phú Lợi"),
        ("Chủ tịch UBMTTQ huyện", "Chủ tịch Ủy ban Mặt trận Tổ quốc huyện"),
        ("Thành viên BCĐ thực hiện QCDC", "Thành viên Ban Chỉ đạo thực hiện Quy chế dân chủ"),
        ("Phó Chỉ huy trưởng Ban CHQS huyện", "Phó Chỉ huy trưởng Ban Chỉ huy quân sự huyện"),
    ],
)
def test_abbreviations_are_spelled_out(printed, expanded):
    assert expand_abbreviations(printed) == expanded


@pytest.mark.parametrize(
    "unchanged",
    ["Chánh Văn phòng HĐND - UBND huyện", "Phó Trưởng Ban Dân vận Huyện ủy", "Bí thư Chi bộ thôn BT2", ""],
)
def test_full_words_and_unknown_codes_stay(unchanged):
    assert expand_abbreviations(unchanged) == unchanged


def test_abbreviations_inside_words_are_left_alone():
    assert expand_abbreviations("Trưởng Ban CTXH") == "Trưởng Ban CTXH"
    assert expand_abbreviations("HUVB") == "HUVB"


def test_decomposed_input_is_expanded_too():
    import unicodedata

    assert expand_abbreviations(unicodedata.normalize("NFD", "ĐUV, Chủ tịch")) == "Đảng ủy viên, Chủ tịch"
