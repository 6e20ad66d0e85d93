"""Abbreviations of positions and bodies as news articles print them (DOMAIN.md §3.3).

HĐND, UBND, MTTQ inside "Chủ tịch HĐND huyện" stay as printed except MTTQ,
which the portal spells out like the other abbreviations of the table; the
formal titles of party documents write HĐND and UBND abbreviated too.
"""

import re

from danvan.text import nfc

# Keys are matched case-sensitively as whole words; a space in a key matches any spacing.
ABBREVIATIONS: dict[str, str] = {
    "PBT TT": "Phó Bí thư Thường trực",
    "PBTTT": "Phó Bí thư Thường trực",
    "Phó Bí thư TT": "Phó Bí thư Thường trực",
    "PBT": "Phó Bí thư",
    "BT": "Bí thư",
    "UVBCT": "Ủy viên Bộ Chính trị",
    "UVBCTW": "Ủy viên Ban Chấp hành Trung ương Đảng",
    "UVTW": "Ủy viên Trung ương Đảng",
    "UVTƯ": "Ủy viên Trung ương Đảng",
    "UVT.Ư": "Ủy viên Trung ương Đảng",
    "UVBTV": "Ủy viên Ban Thường vụ",
    "UV BTV": "Ủy viên Ban Thường vụ",
    "UVBCH": "Ủy viên Ban Chấp hành",
    "UV BCH": "Ủy viên Ban Chấp hành",
    "UV": "Ủy viên",
    "TVTU": "Ủy viên Ban Thường vụ Tỉnh ủy",
    "TVThU": "Ủy viên Ban Thường vụ Thành ủy",
    "TVHU": "Ủy viên Ban Thường vụ Huyện ủy",
    "TVQU": "Ủy viên Ban Thường vụ Quận ủy",
    "TVĐU": "Ủy viên Ban Thường vụ Đảng ủy",
    "TUV": "Tỉnh ủy viên",
    "ThUV": "Thành ủy viên",
    "HUV": "Huyện ủy viên",
    "QUV": "Quận ủy viên",
    "ĐUV": "Đảng ủy viên",
    "BTV": "Ban Thường vụ",
    "BCH": "Ban Chấp hành",
    "BCĐ": "Ban Chỉ đạo",
    "BDV": "Ban Dân vận",
    "BTG": "Ban Tuyên giáo",
    "BTC": "Ban Tổ chức",
    "UBKT": "Ủy ban Kiểm tra",
    "PTB": "Phó Trưởng ban",
    "CT": "Chủ tịch",
    "PCT": "Phó Chủ tịch",
    "TT HĐND": "Thường trực HĐND",
    "TT UBND": "Thường trực UBND",
    "UBMTTQVN": "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
    "UB MTTQ": "Ủy ban Mặt trận Tổ quốc",
    "UB": "Ủy ban",
    "UBMT": "Ủy ban Mặt trận",
    "MTTQVN": "Mặt trận Tổ quốc Việt Nam",
    "MTTQ": "Mặt trận Tổ quốc",
    "ĐBQH": "Đại biểu Quốc hội",
    "HND": "Hội Nông dân",
    "HLHPN": "Hội Liên hiệp Phụ nữ",
    "HPN": "Hội Phụ nữ",
    "HCCB": "Hội Cựu chiến binh",
    "CCB": "Cựu chiến binh",
    "ĐTN": "Đoàn Thanh niên",
    "LĐLĐ": "Liên đoàn Lao động",
    "CHQS": "Chỉ huy quân sự",
    "QCDC": "Quy chế dân chủ",
    "DVK": "Dân vận khéo",
    "TU": "Tỉnh ủy",
    "HU": "Huyện ủy",
    "ĐU": "Đảng ủy",
}

_KEYS = sorted(ABBREVIATIONS, key=len, reverse=True)
_PATTERN = re.compile(
    r"(?<![\w.])(?:" + "|".join(r"\s+".join(re.escape(part) for part in key.split()) for key in _KEYS) + r")(?![\w])"
)
_BY_SHAPE = {" ".join(key.split()): value for key, value in ABBREVIATIONS.items()}


def expand_abbreviations(position: str) -> str:
    """Spell out the abbreviations of a position title: "PBT TT Huyện ủy" → "Phó Bí thư Thường trực Huyện ủy".

    Meant for titles: in running text "CT" or "TU" can stand for other things.
    """
    position = " ".join(nfc(position).split())
    return _PATTERN.sub(lambda match: _BY_SHAPE[" ".join(match[0].split())], position)
