"""Word lists the rules rely on. These tables are data, so they are written in Vietnamese."""

import importlib.util
import sqlite3
from functools import cache
from pathlib import Path

from conferences.extraction.source import retone
from danvan.text import fold, nfc


def _canonical(words: str) -> str:
    return retone(nfc(words)).lower()


_DATA = Path(__file__).parent / "data"


def data_lines(name: str) -> list[str]:
    """The entries of a data file: one per line, "#" starting a comment."""
    text = (_DATA / name).read_text(encoding="utf-8")
    return [line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()]


def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    text = (_DATA / "surnames.txt").read_text(encoding="utf-8")
    names, major = set(), set()
    for line in text.splitlines():
        name, _, comment = line.partition("#")
        if name.strip():
            names.add(_canonical(name.strip()))
            if comment.strip() == "major":
                major.add(_canonical(name.strip()))
    return frozenset(names), frozenset(major)


# Family names (data/surnames.txt), and the few so common that they start a name wherever they stand.
SURNAMES, MAJOR_SURNAMES = _surnames()

# The middle names that follow the family name: the syllable before them is a family name.
MIDDLE_NAMES = frozenset(_canonical(name) for name in ("Thị", "Văn"))

# Words that start a position or a body, never a person's name (data/position_titles.txt).
POSITION_HEADS = tuple(_canonical(head) for head in data_lines("position_titles.txt"))
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

# Cities run by the centre, whose Thành ủy is a provincial committee; folded, with the short forms papers print.
CENTRAL_CITIES = frozenset(
    {"ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue", "hcm", "tp hcm", "tphcm", "tp. hcm"}
)


def starts_position(words: list[str]) -> bool:
    """Whether these lower-case words (retoned) begin with a position or a body."""
    candidates = _HEADS_BY_FIRST_WORD.get(words[0], []) if words else []
    return any(words[: len(head)] == head for head in candidates)


@cache
def province_names() -> frozenset[str]:
    """Folded short names of the provinces, before and after the 2025 merger ("ha tinh", "bac kan")."""
    return frozenset(fold(name) for name in _unit_names("SELECT DISTINCT provinceShort FROM admin_units_legacy"))


def _unit_names(query: str) -> list[str]:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        return []
    database = Path(spec.submodule_search_locations[0]) / "data" / "dataset.db"
    try:
        connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            return [name for row in connection.execute(query).fetchall() for name in row if name]
        finally:
            connection.close()
    except sqlite3.Error:
        return []


@cache
def place_names() -> frozenset[str]:
    """Folded names of provinces and districts, to tell "Lâm Bình" the district from a person.

    Read from the data file of `vietnamadminunits`, the source of our administrative units;
    without it the rules still work, a little less carefully.
    """
    return frozenset(
        fold(name) for name in _unit_names("SELECT DISTINCT provinceShort, districtShort FROM admin_units_legacy")
    )
