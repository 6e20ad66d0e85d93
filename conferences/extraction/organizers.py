"""Who held the conference, at which level, what kind of conference it was and what it reviewed."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from conferences.extraction import years
from conferences.extraction.documents import reference_end
from conferences.extraction.gazetteers import CENTRAL_CITIES
from conferences.extraction.source import CAPITALIZED, UPPER, Source, Span, phrase, retone
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
    "họp mặt",
    "buổi họp mặt",
    "gặp mặt",
    "buổi gặp mặt",
    "giao ban",
    "buổi giao ban",
    "trực báo",
    "buổi trực báo",
    "buổi tọa đàm",
    "ngày hội",
    "buổi tuyên dương",
    "buổi biểu dương",
    "buổi đối thoại",
    "buổi lễ",
    "lễ kỷ niệm",
    "lễ tuyên dương",
    "lễ biểu dương",
    "lễ vinh danh",
    "lễ trao",
    "lễ tổng kết",
    "lễ phát động",
    "lễ ra mắt",
    "lễ khai mạc",
    "lễ mít tinh",
    "mít tinh",
    "diễn đàn",
    "hội thi",
    "chương trình tuyên dương",
    "chương trình biểu dương",
    "chương trình gặp mặt",
    "chương trình giao lưu",
)
# An event may also be named by what it does: "Huyện ủy tổ chức sơ kết …", "UBND huyện tổ chức biểu dương …".
EVENT_VERBS = ("sơ kết", "tổng kết", "biểu dương", "tuyên dương", "khen thưởng", "đối thoại", "kỷ niệm", "giao ban")
_MEETING = phrase(*MEETING_WORDS)
_EVENT = phrase(*MEETING_WORDS, *EVENT_VERBS)
_EVENT_RE = re.compile(_EVENT)
_HELD = phrase("tổ chức", "khai mạc", "diễn ra", "tiến hành", "triệu tập", "tổng kết", "sơ kết")
_MEETING_RE = re.compile(_MEETING)
# "tổ chức Hội nghị …" names the event held; "Trung tâm Hội nghị", "Nghị quyết Đại hội" do not.
_HOLDING = phrase("tổ chức", "khai mạc", "tiến hành", "triệu tập", "diễn ra", "chủ trì")
_HELD_EVENT = re.compile(
    rf"(?P<verb>{_HOLDING})\s+(?:{phrase('thành công', 'long trọng', 'trọng thể')}\s+)?(?P<event>{_EVENT})"
)
_EVENT_HELD = re.compile(
    rf"(?:[^.;\n]{{0,60}}?,\s*)?(?P<event>{_MEETING})[^.;\n]{{0,400}}?\s"
    rf"(?P<verb>(?:{phrase('đã', 'vừa')}\s+)?(?:{phrase('được')}\s+)?{phrase('tổ chức', 'diễn ra', 'khai mạc')}"
    rf"|{phrase('do')}\s)"
)
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
    rf"|(?P<years>\d+\s+{phrase('năm')}\s+{phrase('thực hiện', 'triển khai', 'thi hành')})"
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


def headline(source: Source) -> Mention | None:
    """The first line when it reads as a headline: short, no date in front, more text below."""
    if len(source.paragraphs) < 2:
        return None
    first = source.paragraphs[0]
    text = source.cut(first)
    if len(text) > 250 or re.match(r"\W*(?:(?i:ngày|sáng|chiều|tối|trưa|hôm)\b|\d)", text):
        return None
    return Mention(text, first.start)


@dataclass(frozen=True)
class Announcement:
    """The sentence saying the event was held, where its holding verb and its name start."""

    sentence: Span
    verb: int
    event: int
    end: int | None = None  # where the event's name ends when the sentence goes on after it ("… đã diễn ra")


def find_announcement(source: Source) -> Announcement | None:
    """ "… tổ chức Hội nghị sơ kết …", "… tổ chức họp mặt kỷ niệm …", "… tổ chức biểu dương …": the first
    sentence of the body holding an event, else the headline; "chủ trì hội nghị …" when nothing else says it."""
    head = headline(source)
    head_span = source.paragraphs[0] if head else None
    body = [sentence for sentence in source.sentences if not (head_span and sentence.start < head_span.end)]
    sentences = body + ([source.sentences[0]] if head_span and source.sentences else [])
    for sentence in sentences:
        for held in _HELD_EVENT.finditer(source.canon, sentence.start, sentence.end):
            if fold(held["verb"]) != "chu tri":
                return Announcement(sentence, held.start(), held.start("event"))
    for sentence in body:
        # "Sáng 12/4, Hội nghị giao ban … đã diễn ra tại …", "… do Ban Dân vận Huyện ủy tổ chức".
        held = _EVENT_HELD.match(source.canon, sentence.start, sentence.end)
        if held:
            return Announcement(sentence, held.start("event"), held.start("event"), held.start("verb"))
    for sentence in sentences:
        for held in _HELD_EVENT.finditer(source.canon, sentence.start, sentence.end):
            return Announcement(sentence, held.start(), held.start("event"))
    return None


def organizing_sentences(source: Source) -> list[Span]:
    """Sentences that say an event was held ("… tổ chức hội nghị sơ kết …")."""
    return [
        sentence
        for sentence in source.sentences
        if _HELD_EVENT.search(source.canon, sentence.start, sentence.end)
        or (
            meeting_in(source, sentence.start, sentence.end)
            and _HELD_RE.search(source.canon, sentence.start, sentence.end)
        )
    ]


def find_title(source: Source, announcement: Announcement | None) -> Mention | None:
    """The event as the announcing sentence names it ("Hội nghị sơ kết …", "Họp mặt kỷ niệm …"), else
    as the headline does."""
    head = headline(source)
    # A headline that says it all ("Huyện ủy Lâm Bình tổ chức Hội nghị sơ kết …") is the author's name for it.
    announced = (
        head and not head.text.isupper() and _HELD_EVENT.search(source.canon, head.offset, head.offset + len(head.text))
    )
    if announced:
        start = announced.start("event")
        return Mention(_tidy_title(source, start, head.offset + len(head.text)), start)
    if announcement:
        end = announcement.end or announcement.sentence.end
        return Mention(_tidy_title(source, announcement.event, end), announcement.event)
    if head:
        event = _EVENT_RE.search(source.canon, head.offset, head.offset + len(head.text))
        if event and event.start() - head.offset < 80:
            return Mention(_tidy_title(source, event.start(), head.offset + len(head.text)), event.start())
    return None


def _tidy_title(source: Source, start: int, end: int) -> str:
    stop = _TITLE_END.search(source.canon, start, end)
    end = stop.start() if stop else end
    title = source.text[start:end].strip().rstrip(".:;, ")
    if title.isupper():
        title = title.lower()
    if len(title) > _TITLE_LIMIT:
        title = title[:_TITLE_LIMIT].rsplit(" ", 1)[0]
    return title[:1].upper() + title[1:]


# Before the holding verb: what may stand between the body and "tổ chức".
_BEFORE_VERB = re.compile(
    rf"(?:\s*,?\s*(?:{phrase('đã', 'vừa', 'long trọng', 'chính thức', 'đồng loạt', 'trang trọng', 'cũng')}))+\s*$"
)
_JOINTLY = re.compile(rf"\s*,?\s*{phrase('phối hợp với', 'phối hợp', 'cùng với', 'chủ trì, phối hợp')}(?![\w])")
_BRACKETS = re.compile(r"\s*\([^()]*\)")
_COMMA = re.compile(r"\s*,\s*")
# ", huyện Tân Biên" goes on naming the body; ", TP HCM" only says where it is.
_PLACE_GOES_ON = re.compile(rf"^{phrase(*_UNIT_WORDS_VI)}\s+[{UPPER}\d]")
_STARTS_BODY = re.compile(rf"^(?:[{UPPER}]|{phrase(*_UNIT_WORDS_VI)}\s)")
_NOT_A_BODY = re.compile(
    "^"
    + phrase(
        "đồng chí",
        "đ/c",
        "ông",
        "bà",
        "ngày",
        "sáng",
        "chiều",
        "tối",
        "hôm",
        "vào",
        "tại",
        "trong",
        "nhằm",
        "để",
        "thực hiện",
        "theo",
    )
    + r"|\d{1,2}\s*[/.-]\s*\d{1,2}"
)
_BODY_WORDS = 16
_DATE_LEAD = re.compile(
    rf"\s*(?:{phrase('sáng', 'chiều', 'tối', 'trưa')}\s+)?(?:{phrase('ngày')}\s+)?"
    rf"\d{{1,2}}\s*[/.-]\s*\d{{1,2}}(?:\s*[/.-]\s*(?:19|20)\d\d)?\s*,?\s*"
)


def find_organizer(source: Source, organizing: list[Span], announcement: Announcement | None = None) -> Mention | None:
    """The body that held the event: the subject of "tổ chức" in the announcing sentence ("Sáng 7/11, xã Tam
    Nông tổ chức …"), else a body named as holding it ("Đảng ủy xã Sơn Lâm tổ chức…", "… do Ban Dân vận
    Huyện ủy tổ chức")."""
    if announcement:
        subject = _subject(source, announcement)
        if subject:
            return _with_place(source, subject)
    for spans in (organizing, source.sentences):
        for span in spans:
            for pattern in (_ACTIVE, _PASSIVE):
                match = pattern.search(source.canon, span.start, span.end)
                if match:
                    start, end = match.span("org")
                    return _with_place(source, Mention(source.text[start:end].strip(" ,"), start))
    return None


def _subject(source: Source, announcement: Announcement) -> Mention | None:
    start, end = announcement.sentence.start, announcement.verb
    before = _BEFORE_VERB.search(source.canon, start, end)
    end = before.start() if before else end
    jointly = _JOINTLY.search(source.canon, start, end)
    end = jointly.start() if jointly else end
    chunks = _chunks(source, start, end)
    # The body is the last chunk before the verb, with the places that go on naming it.
    index = len(chunks) - 1
    while (
        index > 0
        and _PLACE_GOES_ON.match(source.canon[chunks[index][0] : chunks[index][1]])
        and _looks_like_a_body(source.canon[chunks[index - 1][0] : chunks[index - 1][1]].strip())
    ):
        index -= 1
    if index > 0 and _is_place_only(source.canon[chunks[index][0] : chunks[index][1]]):
        index -= 1
        end = chunks[index][1]
    first = chunks[index][0] if chunks else start
    lead = _DATE_LEAD.match(source.canon, first, end)  # "Ngày 27/11 Huyện ủy Lâm Bình đã tổ chức", no comma
    first = lead.end() if lead else first
    text = _BRACKETS.sub("", source.text[first:end]).strip(" ,–-")
    canon = _BRACKETS.sub("", source.canon[first:end]).strip(" ,–-")
    if not text or not _looks_like_a_body(canon) or len(text.split()) > _BODY_WORDS:
        return None
    return Mention(text, first)


def _looks_like_a_body(canon: str) -> bool:
    return bool(_STARTS_BODY.match(canon)) and not _NOT_A_BODY.match(canon)


def _chunks(source: Source, start: int, end: int) -> list[tuple[int, int]]:
    """The comma-separated chunks of the text between `start` and `end`, as (start, end) offsets."""
    commas = [(m.start(), m.end()) for m in _COMMA.finditer(source.canon, start, end)]
    starts = [start] + [comma_end for _, comma_end in commas]
    ends = [comma_start for comma_start, _ in commas] + [end]
    return list(zip(starts, ends, strict=True))


_PLACE_ONLY = re.compile(rf"^(?:TP\.?|Tp\.?|{phrase('tỉnh', 'thành phố')})\s*[{UPPER}]")


def _is_place_only(chunk: str) -> bool:
    return bool(_PLACE_ONLY.match(chunk)) and not re.search(_COMMITTEE + "|" + _BODY, chunk)


# "Đảng ủy xã" in the announcement, "Đảng ủy xã Yến Dương" elsewhere in the article.
_ENDS_WITH_UNIT = re.compile(rf"{phrase(*_UNIT_WORDS_VI)}$")


def _with_place(source: Source, organizer: Mention) -> Mention:
    """The organizer with its place name when the announcement leaves it out and the article gives it."""
    if not _ENDS_WITH_UNIT.search(retone(organizer.text)):
        return organizer
    named = re.compile(rf"{re.escape(retone(organizer.text))}\s+(?P<place>{_PLACE})")
    match = named.search(source.canon)
    if not match:
        return organizer
    return Mention(f"{organizer.text} {source.text[match.start('place') : match.end('place')]}", organizer.offset)


def level_of(organizer: str, context: str = "") -> str:
    """The committee level of a body from its name: xa, huyen, tinh, trung_uong or other.

    A "Thành ủy" without its city is provincial when the article (`context`) names it with a city run by
    the centre ("Ban Dân vận Thành ủy" in an article on "Thành ủy Đà Nẵng").
    """
    folded = fold(organizer)
    if re.search(r"\b(?:trung uong|tw|bo chinh tri|ban bi thu)\b", folded):
        return "trung_uong"
    unit = re.search(r"\b(thi tran|thi xa|thanh pho|xa|phuong|dac khu|huyen|quan|tinh)\b(?! uy)", folded)
    committee = re.search(r"\b(tinh uy|thanh uy|huyen uy|quan uy|thi uy|dang uy khoi|dang uy|dang bo|chi bo)\b", folded)
    if committee and committee[1] in ("tinh uy", "huyen uy", "quan uy", "thi uy", "thanh uy"):
        if committee[1] == "thanh uy":
            rest = folded[committee.end() :].strip()
            if not rest:
                rest = " ".join(re.findall(r"\bthanh uy ([a-z. ]{2,20})", fold(context)))
            return "tinh" if any(city in rest for city in CENTRAL_CITIES) else "huyen"
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


# The words that say what kind of event the title names; the first one in the title decides.
_KIND_WORDS = re.compile(
    rf"(?P<so_ket>{phrase('sơ kết')})|(?P<tong_ket>{phrase('tổng kết')})|(?P<doi_thoai>{phrase('đối thoại')})"
    rf"|(?P<other>{phrase('giao ban', 'trực báo', 'họp mặt', 'gặp mặt', 'kỷ niệm', 'tuyên dương', 'biểu dương')})"
    rf"|(?P<chuyen_de>{phrase('chuyên đề')})"
)


def find_kind(source: Source, spans: list[Span]) -> tuple[str, int] | None:
    """so_ket, tong_ket, doi_thoai, chuyen_de or trien_khai from the event's name; the first kind word wins,
    and a "giao ban", a gathering or a commendation is "other" whatever it also reviews."""
    for span in spans:
        meeting = _EVENT_RE.search(source.canon, span.start, span.end)
        start = meeting.start() if meeting else span.start
        found = _KIND_WORDS.search(source.canon, start, span.end)
        if found:
            return found.lastgroup, found.start()
        launch = _LAUNCH.search(source.canon, start, min(span.end, start + 60))
        if meeting and launch:
            return "trien_khai", launch.start()
    return None


@dataclass(frozen=True)
class Period:
    text: str
    offset: int
    long: str = ""  # with the date and subject of the document it names, when it names one


_YEARS_OF_CARRYING_OUT = re.compile(rf"\d+\s+{phrase('năm')}\s+{phrase('thực hiện', 'triển khai', 'thi hành')}")
# A dialogue or a launch reviews no period, whatever year its title names.
_NO_PERIOD_KINDS = ("doi_thoai", "trien_khai")


def find_period(source: Source, title: Mention | None, kind: str | None = None) -> Period | None:
    """The period the conference reviewed as its title names it, the year written in: "6 tháng đầu năm 2023",
    "quý I năm 2017", "giai đoạn 2019 – 2024", "10 năm thực hiện Nghị quyết số 25-NQ/TW" (with its date
    and subject in `Period.text`, without them in `Period.short`)."""
    if not title or kind in _NO_PERIOD_KINDS:
        return None
    span = Span(title.offset, title.offset + len(title.text))
    periods = [period for period in years.find_periods(source, span) if not period.ahead]
    carrying_out = _YEARS_OF_CARRYING_OUT.search(source.canon, span.start, span.end)
    if carrying_out and (not periods or carrying_out.start() < periods[0].start):
        reference = reference_end(source, _skip_spaces(source, carrying_out.end()), span.end)
        if reference:
            number_end, end = reference
            short = source.text[carrying_out.start() : number_end].strip(" ,")
            return Period(short, carrying_out.start(), source.text[carrying_out.start() : end].strip(" ,"))
    if not periods:
        return None
    period = _as_in_headline(source, periods[0])
    return Period(_with_year(period), period.start)


def _with_year(period: years.PeriodMention) -> str:
    """ "6 tháng đầu năm" → "6 tháng đầu năm 2020", "quý I" → "quý I năm 2017", as the title leaves it to later."""
    text = " ".join(period.text.split())
    if re.search(r"(?:19|20)\d\d$", text):
        return text
    year = period.last_day.year
    return f"{text} {year}" if fold(text).endswith("nam") else f"{text} năm {year}"


def _as_in_headline(source: Source, period: years.PeriodMention) -> years.PeriodMention:
    """The same period as a line above the title writes it with its year ("quý 1/2019"), when one does."""
    for paragraph in source.paragraphs[: source.paragraph_index(period.start)]:
        if source.cut(paragraph).isupper():
            continue
        for other in years.find_periods(source, paragraph):
            same = (other.first_day, other.last_day) == (period.first_day, period.last_day)
            if same and re.search(r"(?:19|20)\d\d$", other.text.strip()):
                return other
    return period


def _skip_spaces(source: Source, offset: int) -> int:
    while offset < len(source.text) and source.text[offset].isspace():
        offset += 1
    return offset


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
