"""Who held the conference, at which level, what kind of conference it was and what it reviewed."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from conferences.extraction.gazetteers import CENTRAL_CITIES
from conferences.extraction.source import CAPITALIZED, Source, Span, phrase
from danvan.text import fold

MEETING_WORDS = (
    "hội nghị",
    "hội thảo",
    "tọa đàm",
    "đại hội",
    "buổi làm việc",
    "phiên họp",
    "sinh hoạt chuyên đề",
    "buổi sinh hoạt",
)
_MEETING = phrase(*MEETING_WORDS)
_HELD = phrase("tổ chức", "khai mạc", "diễn ra", "tiến hành", "triệu tập", "tổng kết", "sơ kết")
_MEETING_RE = re.compile(_MEETING)
# "tổ chức Hội nghị …" names the meeting held; "Trung tâm Hội nghị", "Nghị quyết Đại hội" do not.
_HELD_MEETING = re.compile(rf"{phrase('tổ chức', 'khai mạc', 'tiến hành', 'triệu tập')}\s+(?P<meeting>{_MEETING})")
_NOT_THE_MEETING = re.compile(rf"{phrase('trung tâm', 'nghị quyết', 'hội trường', 'nhà', 'tại', 'chuẩn bị')}\s+$")
_HELD_RE = re.compile(_HELD)

_UNIT_WORDS_VI = (
    "thị trấn",
    "thị xã",
    "thành phố",
    "xã",
    "phường",
    "huyện",
    "quận",
    "tỉnh",
    "đặc khu",
    "thôn",
    "bản",
    "ấp",
    "tổ dân phố",
    "khu phố",
    "tổ",
    "khối",
)
_UNIT_TYPE = rf"(?:{phrase(*_UNIT_WORDS_VI)}|TP\.?)"
_PLACE = rf"(?:{CAPITALIZED}|\d+)(?:[ ](?:{CAPITALIZED}|\d+)){{0,4}}"
_COMMITTEE = phrase(
    "đảng ủy khối", "đảng ủy", "đảng bộ", "huyện ủy", "tỉnh ủy", "thành ủy", "thị ủy", "quận ủy", "chi bộ"
)
_BOARD = phrase(
    "ban thường vụ",
    "thường trực",
    "ban dân vận",
    "ban tuyên giáo và dân vận",
    "ban tuyên giáo",
    "ban tổ chức",
    "ban xây dựng đảng",
    "ủy ban kiểm tra",
    "văn phòng",
    "khối dân vận",
)
_BODY = phrase(
    "khối dân vận",
    "ủy ban mặt trận tổ quốc việt nam",
    "ủy ban mặt trận tổ quốc",
    "ủy ban mttq việt nam",
    "ủy ban mttq",
    "ubmttq việt nam",
    "ubmttq",
    "mttq việt nam",
    "mttq",
    "mặt trận tổ quốc",
    "ủy ban nhân dân",
    "ubnd",
    "hội đồng nhân dân",
    "hđnd",
    "ban dân vận",
    "ban chỉ đạo",
    "hội nông dân",
    "hội liên hiệp phụ nữ",
    "hội cựu chiến binh",
    "đoàn thanh niên",
    "liên đoàn lao động",
)
_COMMITTEE_ORG = rf"(?:{_BOARD}\s+)?{_COMMITTEE}(?:\s+{_UNIT_TYPE})?(?:\s+{_PLACE})?"
_OTHER_ORG = rf"{_BODY}\s+{_UNIT_TYPE}(?:\s+{_PLACE})?|{_BOARD}\s+{_COMMITTEE}"
# "Chi bộ thôn 5, xã Cẩm Bình tổ chức…": the place the body belongs to may follow after a comma.
_ORG = rf"(?P<org>(?:{_COMMITTEE_ORG}|{_OTHER_ORG})(?:\s*,\s*{_UNIT_TYPE}\s+{_PLACE})?)"
_ACTIVE = re.compile(
    rf"{_ORG}\s*,?\s*(?:{phrase('đã', 'vừa', 'long trọng', 'chính thức', 'đồng loạt')}\s+)*"
    rf"(?:{phrase('phối hợp với', 'phối hợp')}\s+[^.;\n]{{1,80}}?\s+)?"
    rf"{phrase('tổ chức', 'tiến hành', 'khai mạc', 'triệu tập', 'sơ kết', 'tổng kết', 'triển khai')}"
)
_PASSIVE = re.compile(
    rf"{phrase('do')}\s+{_ORG}\s+"
    rf"(?:{phrase('phối hợp', 'chủ trì, phối hợp')}(?:\s+{phrase('với')}\s+[^.;\n]{{1,80}}?)?\s+)?"
    rf"{phrase('tổ chức', 'chủ trì')}"
)

_KINDS = (
    ("so_ket", re.compile(phrase("sơ kết"))),
    ("tong_ket", re.compile(phrase("tổng kết"))),
)
_LAUNCH = re.compile(phrase("triển khai", "quán triệt", "học tập", "phổ biến"))
_PERIOD = re.compile(
    rf"(?:\d+\s+{phrase('tháng đầu năm', 'tháng cuối năm', 'tháng năm')}(?:\s+(?:19|20)\d\d)?"
    rf"|{phrase('quý')}\s+[IV1-4]+(?:\s*(?:/|{phrase('năm')})\s*(?:19|20)\d\d)?"
    rf"|{phrase('giai đoạn', 'nhiệm kỳ')}\s+(?:19|20)\d\d\s*[-–—]\s*(?:19|20)\d\d"
    rf"|\d+\s+{phrase('năm')}\s+{phrase('thực hiện', 'triển khai', 'thi hành')}[^,;.\n]{{0,80}}"
    rf"|{phrase('năm')}\s+(?:19|20)\d\d)"
)
_TITLE_END = re.compile(
    rf"\s*,\s*{phrase('thông qua đó', 'qua đó', 'nhằm', 'với sự')}|\s+{phrase('với sự tham dự', 'với sự tham gia')}"
    rf"|\s+{phrase('tại hội trường', 'tại trụ sở', 'tại nhà văn hóa', 'tại phòng họp')}"
)
_TITLE_LIMIT = 500


@dataclass(frozen=True)
class Mention:
    text: str
    offset: int


def meeting_in(source: Source, start: int, end: int) -> re.Match | None:
    """The words naming the meeting held in this stretch of text."""
    held = _HELD_MEETING.search(source.canon, start, end)
    if held:
        return _MEETING_RE.match(source.canon, held.start("meeting"))
    for meeting in _MEETING_RE.finditer(source.canon, start, end):
        if not _NOT_THE_MEETING.search(source.canon, max(start, meeting.start() - 15), meeting.start()):
            return meeting
    return None


def organizing_sentences(source: Source) -> list[Span]:
    """Sentences that say a meeting was held ("… tổ chức hội nghị sơ kết …")."""
    return [
        sentence
        for sentence in source.sentences
        if meeting_in(source, sentence.start, sentence.end)
        and _HELD_RE.search(source.canon, sentence.start, sentence.end)
    ]


def find_organizer(source: Source, organizing: list[Span]) -> Mention | None:
    """The body that held the conference: "Đảng ủy xã Sơn Lâm tổ chức…", "… do Ban Dân vận Huyện ủy tổ chức"."""
    for spans in (organizing, source.sentences):
        for span in spans:
            for pattern in (_ACTIVE, _PASSIVE):
                match = pattern.search(source.canon, span.start, span.end)
                if match:
                    start, end = match.span("org")
                    return Mention(source.text[start:end].strip(" ,"), start)
    return None


def level_of(organizer: str) -> str:
    """The committee level of a body from its name: xa, huyen, tinh, trung_uong or other."""
    folded = fold(organizer)
    if re.search(r"\b(?:trung uong|tw|bo chinh tri|ban bi thu)\b", folded):
        return "trung_uong"
    unit = re.search(r"\b(thi tran|thi xa|thanh pho|xa|phuong|dac khu|huyen|quan|tinh)\b(?! uy)", folded)
    committee = re.search(r"\b(tinh uy|thanh uy|huyen uy|quan uy|thi uy|dang uy khoi|dang uy|dang bo|chi bo)\b", folded)
    if committee and committee[1] in ("tinh uy", "huyen uy", "quan uy", "thi uy", "thanh uy"):
        if committee[1] == "thanh uy":
            rest = folded[committee.end() :].strip()
            return "tinh" if any(rest.startswith(city) for city in CENTRAL_CITIES) else "huyen"
        return {"tinh uy": "tinh"}.get(committee[1], "huyen")
    if unit:
        if unit[1] == "thanh pho":
            rest = folded[unit.end() :].strip()
            return "tinh" if any(rest.startswith(city) for city in CENTRAL_CITIES) else "huyen"
        return {"tinh": "tinh", "huyen": "huyen", "quan": "huyen", "thi xa": "huyen"}.get(unit[1], "xa")
    if committee and committee[1] in ("dang uy", "dang bo", "chi bo"):
        # Without a place, a Đảng ủy is a grassroots committee (xã, phường, cơ quan).
        return "xa"
    if "khoi dan van" in folded:
        return "xa"
    return "other"


def find_kind(source: Source, spans: list[Span]) -> tuple[str, int] | None:
    """so_ket, tong_ket or trien_khai from the words after "hội nghị"; the first review word wins."""
    for span in spans:
        meeting = meeting_in(source, span.start, span.end)
        start = meeting.start() if meeting else span.start
        firsts = [(m.start(), kind) for kind, pattern in _KINDS if (m := pattern.search(source.canon, start, span.end))]
        if firsts:
            offset, kind = min(firsts)
            return kind, offset
        launch = _LAUNCH.search(source.canon, start, min(span.end, start + 60))
        if meeting and launch:
            return "trien_khai", launch.start()
    return None


def headline(source: Source) -> Mention | None:
    """The first line when it reads as a headline: short, no date in front, more text below."""
    if len(source.paragraphs) < 2:
        return None
    first = source.paragraphs[0]
    text = source.cut(first)
    if len(text) > 250 or re.match(r"\W*(?:(?i:ngày|sáng|chiều|tối|trưa|hôm)\b|\d)", text):
        return None
    return Mention(text, first.start)


def find_title(source: Source, organizing: list[Span]) -> Mention | None:
    """ "Hội nghị …" as the headline or the announcing sentence names it."""
    head = headline(source)
    if head:
        meeting = meeting_in(source, head.offset, head.offset + len(head.text))
        if meeting and meeting.start() - head.offset < 80:
            return Mention(_tidy_title(source, meeting.start(), head.offset + len(head.text)), meeting.start())
    for span in organizing:
        meeting = meeting_in(source, span.start, span.end)
        if meeting:
            return Mention(_tidy_title(source, meeting.start(), span.end), meeting.start())
    return None


def _tidy_title(source: Source, start: int, end: int) -> str:
    stop = _TITLE_END.search(source.canon, start, end)
    end = stop.start() if stop else end
    title = source.text[start:end].strip().rstrip(".:;, ")
    if len(title) > _TITLE_LIMIT:
        title = title[:_TITLE_LIMIT].rsplit(" ", 1)[0]
    return title[:1].upper() + title[1:]


def find_period(source: Source, title: Mention | None) -> Mention | None:
    if not title:
        return None
    match = _PERIOD.search(source.canon, title.offset, title.offset + len(title.text))
    if not match:
        return None
    return Mention(source.text[match.start() : match.end()].strip(" ,"), match.start())


# ---------------------------------------------------------------------------------------------------------------------
# Matching the organizer to an Organization of the database.

_UNIT_WORDS = re.compile(r"\b(?:thi tran|thi xa|thanh pho|xa|phuong|dac khu|huyen|quan|tinh)\b")


def _key(name: str) -> str:
    return fold(name)


def _without_unit_words(name: str) -> str:
    return " ".join(_UNIT_WORDS.sub(" ", _key(name)).split())


def match_organization(organizer: str | None, organizations: Iterable | None = None):
    """The organization among `organizations` that `organizer` names, or None when none or several fit.

    Names compare without diacritics and case, so "Đảng uỷ xã Sơn Lâm" finds "Đảng ủy xã Sơn Lâm";
    a missing unit word ("Đảng ủy Sơn Lâm") still fits; a name without its place
    ("Ban Dân vận Huyện ủy") fits only when a single organization starts with it.
    Works on any iterable of objects with a `name`; a queryset is read once.
    """
    if not organizer or organizations is None:
        return None
    if hasattr(organizations, "select_related"):
        organizations = organizations.select_related("unit")
    wanted, wanted_loose = _key(organizer), _without_unit_words(organizer)
    ranked: dict[int, list] = {3: [], 2: [], 1: []}
    for organization in organizations:
        name = getattr(organization, "name", "") or ""
        if _key(name) == wanted:
            ranked[3].append(organization)
        elif wanted_loose and _without_unit_words(name) == wanted_loose:
            ranked[2].append(organization)
        elif _key(name).startswith(wanted + " "):
            ranked[1].append(organization)
    for rank in (3, 2, 1):
        if len(ranked[rank]) == 1:
            return ranked[rank][0]
        if ranked[rank]:
            return None
    return None


def level_of_organization(organization) -> str | None:
    unit = getattr(organization, "unit", None)
    if unit is None:
        return "trung_uong" if getattr(organization, "kind", None) == "central" else None
    return {"commune": "xa", "district": "huyen", "province": "tinh"}.get(unit.level)
