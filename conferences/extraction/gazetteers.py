"""Word lists the rules rely on. These tables are data, so they are written in Vietnamese."""

import importlib.util
import sqlite3
from functools import cache
from pathlib import Path

from conferences.extraction.source import retone
from danvan.text import fold, nfc


def _canonical(words: str) -> str:
    return retone(nfc(words)).lower()


# Family names, including those of the northern-mountain and Central Highlands peoples.
SURNAMES = frozenset(
    _canonical(name)
    for name in """
    Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Hà Đinh Trương Lâm Mai Đoàn Tô Trịnh
    Cao Lương Đào Quách Vương Thái Triệu Lưu Kiều Chu Tạ Lục Ma Hứa Mạc Nông Lò Bế Sầm Vi Khổng La Tăng Diệp Tôn
    Quan Từ Giang Thân Lã Lữ Âu Châu Phùng Đàm Ninh Ông Khúc Nghiêm Mông Hầu Lường Quàng Cầm Giàng Sùng Vàng Thào
    Lầu Mùa Hờ Tráng Sình Cứ Ly Chảo Bàn Tòng Điêu Mè Doãn Kim Phí Tống Trà Tiêu Bạch Thạch Cù Đàng Hạ Lại Mã
    Nhữ Nhâm Ôn Thiều Khương Khuất Liễu Mẫn Phù Thịnh Tiết Trình Ung Ưng Vòng Lãnh Hàn Giáp Đới Đường Chế Chử Bành
    """.split()
)

# Words that start a position or a body, never a person's name; matched on whole words, lower case.
POSITION_HEADS = tuple(
    _canonical(head)
    for head in (
        "phó bí thư",
        "phó chủ tịch",
        "phó trưởng",
        "phó giám đốc",
        "phó chánh",
        "phó ban",
        "phó tổng",
        "phó thủ tướng",
        "phó đoàn",
        "phó văn phòng",
        "phó thường trực",
        "bí thư",
        "chủ tịch",
        "chủ nhiệm",
        "trưởng ban",
        "trưởng phòng",
        "trưởng khối",
        "trưởng đoàn",
        "trưởng công an",
        "trưởng thôn",
        "trưởng ấp",
        "trưởng bản",
        "trưởng",
        "ủy viên",
        "tỉnh ủy viên",
        "huyện ủy viên",
        "đảng ủy viên",
        "thành ủy viên",
        "thị ủy viên",
        "quận ủy viên",
        "giám đốc",
        "chánh văn phòng",
        "chánh án",
        "chánh thanh tra",
        "tổng bí thư",
        "tổng giám đốc",
        "thư ký",
        "đại biểu",
        "cán bộ",
        "chuyên viên",
        "thường trực",
        "ban thường vụ",
        "ban chấp hành",
        "ban dân vận",
        "ban tuyên giáo",
        "ban tổ chức",
        "ban chỉ đạo",
        "huyện ủy",
        "tỉnh ủy",
        "thành ủy",
        "thị ủy",
        "quận ủy",
        "đảng ủy",
        "đảng bộ",
        "chi bộ",
        "ủy ban",
        "hội đồng",
        "hội nông dân",
        "hội liên hiệp",
        "hội cựu chiến binh",
        "hội phụ nữ",
        "mặt trận",
        "thủ trưởng",
        "bộ trưởng",
        "thứ trưởng",
        "chỉ huy",
        "đồn trưởng",
        "hiệu trưởng",
        "ban",
        "phó",
        "văn phòng",
        "đoàn thanh niên",
        "công an",
        "huyện",
        "tỉnh",
        "xã",
        "phường",
        "thị trấn",
        "thị xã",
        "thành phố",
        "quận",
        "trung ương",
    )
)
_HEADS_BY_FIRST_WORD: dict[str, list[list[str]]] = {}
for _head in POSITION_HEADS:
    _HEADS_BY_FIRST_WORD.setdefault(_head.split()[0], []).append(_head.split())

# Names that look like people's names and are not attendees.
NOT_PEOPLE = frozenset(_canonical(name) for name in ("Hồ Chí Minh", "Bác Hồ", "Chủ tịch Hồ Chí Minh"))

# What a counted figure counts. Longest match wins; time spans (năm, tháng, ngày) are deliberately absent.
UNITS = tuple(
    sorted(
        (
            "mô hình",
            "điển hình",
            "tập thể",
            "cá nhân",
            "đảng viên",
            "đảng viên mới",
            "quần chúng",
            "tổ chức cơ sở đảng",
            "tổ chức đảng",
            "tổ chức",
            "đảng bộ cơ sở",
            "đảng bộ",
            "chi bộ cơ sở",
            "chi bộ",
            "hộ gia đình",
            "hộ nghèo",
            "hộ cận nghèo",
            "hộ",
            "người",
            "nhân khẩu",
            "lượt người",
            "lượt",
            "cuộc",
            "buổi",
            "lớp",
            "hội nghị",
            "cuộc họp",
            "ý kiến",
            "kiến nghị",
            "đơn thư",
            "đơn",
            "vụ việc",
            "vụ",
            "tỷ đồng",
            "triệu đồng",
            "nghìn đồng",
            "ngàn đồng",
            "đồng",
            "km",
            "m2",
            "m²",
            "m3",
            "ha",
            "tấn",
            "công trình",
            "tuyến đường",
            "căn nhà",
            "ngôi nhà",
            "nhà đại đoàn kết",
            "nhà",
            "thôn",
            "bản",
            "ấp",
            "tổ dân phố",
            "khu dân cư",
            "khu phố",
            "xã",
            "phường",
            "thị trấn",
            "đồng chí",
            "cán bộ",
            "đại biểu",
            "hội viên",
            "đoàn viên",
            "học viên",
            "thành viên",
            "tin",
            "bài",
            "tin bài",
            "văn bản",
            "đợt",
            "phần quà",
            "suất quà",
            "suất",
            "ngày công",
            "cây",
            "con",
            "lĩnh vực",
            "tiêu chí",
            "sáng kiến",
            "câu lạc bộ",
            "tổ hợp tác",
            "hợp tác xã",
            "doanh nghiệp",
            "cơ sở",
            "cơ quan",
            "đơn vị",
            "trường hợp",
            "sản phẩm",
            "chỉ tiêu",
            "nhiệm vụ",
            "giải pháp",
            "lao động",
            "việc làm",
            "học sinh",
            "gia đình",
            "tập thể, cá nhân",
        ),
        key=len,
        reverse=True,
    )
)

CENTRAL_CITIES = frozenset({"ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue"})


def starts_position(words: list[str]) -> bool:
    """Whether these lower-case words (retoned) begin with a position or a body."""
    candidates = _HEADS_BY_FIRST_WORD.get(words[0], []) if words else []
    return any(words[: len(head)] == head for head in candidates)


@cache
def place_names() -> frozenset[str]:
    """Folded names of provinces and districts, to tell "Lâm Bình" the district from a person.

    Read from the data file of `vietnamadminunits`, the source of our administrative units;
    without it the rules still work, a little less carefully.
    """
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    database = Path(spec.submodule_search_locations[0]) / "data" / "dataset.db"
    try:
        connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            rows = connection.execute("SELECT DISTINCT provinceShort, districtShort FROM admin_units_legacy").fetchall()
        finally:
            connection.close()
    except sqlite3.Error:
        return frozenset()
    return frozenset(fold(name) for row in rows for name in row if name)
