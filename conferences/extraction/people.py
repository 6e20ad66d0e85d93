"""Attendees: who came, with the position printed next to the name and what they did there.

Articles write a person as "đồng chí NAME – POSITION", "đ/c NAME, POSITION", in lists
("Các đồng chí: A, chức vụ, B, chức vụ", "có đồng chí A, chức vụ; B, chức vụ") or the
other way round ("đồng chí Bí thư Huyện ủy NAME"). A name is a run of capitalized
syllables that does not start a position; without "đồng chí" in front it must also start
with a family name and not be a district or province.
"""

import re
from dataclasses import dataclass

from conferences.extraction.abbreviations import expand_abbreviations
from conferences.extraction.gazetteers import NOT_PEOPLE, SURNAMES, place_names, starts_position
from conferences.extraction.source import CAPITALIZED, Source, Span, Spans, phrase, retone
from danvan.text import fold

ROLE_RANK = {"du": 0, "phat_bieu": 1, "du_chi_dao": 2, "chu_tri": 3}

# Words that introduce a name: "đồng chí", "ông", and academic or military titles ("ThS.", "Đại tá").
ANCHORS = (
    "các đồng chí",
    "đồng chí",
    "đ/c",
    "ông",
    "bà",
    "thạc sĩ",
    "tiến sĩ",
    "phó giáo sư",
    "giáo sư",
    "đại tá",
    "thượng tá",
    "trung tá",
    "thiếu tá",
    "đại úy",
    "thượng úy",
    "thiếu tướng",
    "trung tướng",
    "đại tướng",
)
_ACADEMIC = r"(?<![\w.])(?:PGS\.\s*TS|GS\.\s*TS|ThS|TS|PGS|GS|BS|Th\.S)\.(?=\s)"
ANCHOR_PATTERN = _ANCHOR = re.compile(rf"(?:{phrase(*ANCHORS)}|{_ACADEMIC})\s*:?\s*")
_NAME_RUN = re.compile(rf"{CAPITALIZED}(?:[ ]{CAPITALIZED}){{0,7}}")
_SYLLABLE = re.compile(r"\S+")
_WORD = re.compile(r"\w+")
_RECIPIENT = re.compile(rf"{phrase('cho', 'tặng', 'khen thưởng', 'biểu dương', 'tuyên dương', 'trao')}\s+$")
_LIST_GAP = re.compile(rf"[;,:]\s*(?:{phrase('và', 'cùng', 'có')}\s+)?")
_INVERTED_LEAD = re.compile(rf"(?:[;:,]\s*|{phrase('có', 'và', 'cùng')}\s+)")
_SEPARATOR = re.compile(r"\s*(?:[,:–—-]|\()\s*")
_AFTER_NAME = re.compile(r"\s*[,–—(-]")
_CLAUSE_END = re.compile(r"[,;:.(–—]|\s-\s")
_NOT_DU = r"(?!\s+(?:án|kiến|thảo|báo|toán|trữ|phòng|định|tính|luật|bị|kỳ))"
_CUE = re.compile(
    rf"(?i:(?<![\w])dự{_NOT_DU}(?![\w]))|"
    + phrase(
        "chủ trì",
        "phát biểu",
        "chỉ đạo",
        "kết luận",
        "báo cáo",
        "trình bày",
        "tham luận",
        "đề nghị",
        "yêu cầu",
        "nhấn mạnh",
        "khai mạc",
        "điều hành",
        "có mặt",
        "thay mặt",
        "ghi nhận",
        "đánh giá",
        "cho biết",
        "khẳng định",
        "lưu ý",
        "quán triệt",
        "truyền đạt",
        "thông qua",
        "giới thiệu",
        "trao",
        "tặng",
        "phát động",
        "chúc mừng",
    )
)
# Lower-case words that end the position printed after a name (case matters: "Ban Chỉ đạo" is a body).
_STOP_WORDS = (
    "đã",
    "đang",
    "sẽ",
    "vừa",
    "cũng",
    "dự",
    "về dự",
    "đến dự",
    "tới dự",
    "tham dự",
    "cùng dự",
    "phát biểu",
    "chủ trì",
    "đồng chủ trì",
    "đề nghị",
    "yêu cầu",
    "nhấn mạnh",
    "cho biết",
    "đánh giá",
    "ghi nhận",
    "khẳng định",
    "biểu dương",
    "trao",
    "tặng",
    "chúc mừng",
    "lưu ý",
    "chỉ rõ",
    "chỉ đạo hội nghị",
    "chỉ đạo tại",
    "thay mặt",
    "được",
    "có mặt",
    "tới",
    "đến",
    "tại hội nghị",
    "tham gia",
    "làm việc",
    "kết luận",
    "báo cáo",
    "nêu rõ",
    "nói",
    "quán triệt",
    "giới thiệu",
    "trình bày",
    "truyền đạt",
    "điều hành",
    "khai mạc",
    "bế mạc",
    "thông tin",
    "mong muốn",
    "cảm ơn",
    "gửi",
    "là",
    "cùng các",
    "cùng với",
    "cùng đại diện",
    "và đại diện",
    "và các",
    "và lãnh đạo",
)
_POSITION_STOP = re.compile(
    r";|\)|,\s*(?:cùng|và\s+(?:các|đại\s+diện|lãnh\s+đạo))(?![\w])"
    r"|\scùng(?=\s+(?:\d|(?:các|những|đông\s+đủ|đại\s+diện|đại\s+biểu|lãnh\s+đạo|toàn\s+thể|hơn|gần|trên)(?![\w])))"
    r"|\s(?:" + "|".join(r"\s+".join(map(re.escape, retone(w).split())) for w in _STOP_WORDS) + r")(?![\w])"
)
_TRAILING = re.compile(r"(?:[\s,;:.–—-]|\s(?:và|cùng|các))+$")

_CHAIR = re.compile(phrase("chủ trì"))
_DIRECTING = re.compile(
    rf"{phrase('dự', 'tham dự', 'về dự', 'đến dự')}\s*,?\s*(?:{phrase('và')}\s+)?{phrase('chỉ đạo')}"
    rf"|{phrase('phát biểu chỉ đạo')}|{phrase('chỉ đạo')}\s+(?:{phrase('tại')}\s+)?{phrase('hội nghị')}"
)
_SPEAKING = re.compile(
    phrase(
        "phát biểu",
        "kết luận",
        "báo cáo",
        "trình bày",
        "tham luận",
        "khai mạc",
        "bế mạc",
        "quán triệt",
        "giới thiệu",
        "thông qua",
        "điều hành",
        "truyền đạt",
        "phát động",
    )
)
_POSITION_LIMIT = 250
_SUFFIX_WINDOW = 50
_PREFIX_WINDOW = 80


@dataclass
class PersonMention:
    start: int  # where the mention begins, "đồng chí" included
    name: Span
    position: Span | None = None
    role: str | None = None
    inverted: bool = False


@dataclass
class Person:
    name: str
    position: str | None
    role: str
    evidence: str


def _syllables(source: Source, span: Span) -> list[Span]:
    return [Span(m.start(), m.end()) for m in _SYLLABLE.finditer(source.canon, span.start, span.end)]


def _starts_position_at(source: Source, offset: int) -> bool:
    words = [word.lower() for word in _WORD.findall(source.canon, offset, offset + 40)]
    return starts_position(words)


def _is_name(source: Source, syllables: list[Span], anchored: bool) -> bool:
    if not 2 <= len(syllables) <= 5:
        return False
    text = source.canon[syllables[0].start : syllables[-1].end].lower()
    if text in NOT_PEOPLE:
        return False
    if anchored:
        return True
    first = source.canon[syllables[0].start : syllables[0].end].lower()
    return first in SURNAMES and fold(text) not in place_names()


def read_name(source: Source, offset: int, anchored: bool) -> Span | None:
    """The person's name starting exactly at `offset`, cut before a position written without a comma."""
    run = _NAME_RUN.match(source.canon, offset)
    if not run:
        return None
    syllables = _syllables(source, Span(run.start(), run.end()))
    if _starts_position_at(source, syllables[0].start):
        return None
    for index, syllable in enumerate(syllables[1:], start=1):
        if _starts_position_at(source, syllable.start):
            syllables = syllables[:index]
            break
    if not _is_name(source, syllables, anchored):
        return None
    return Span(syllables[0].start, syllables[-1].end)


def read_inverted_name(source: Source, offset: int, end: int) -> Span | None:
    """ "Bí thư Huyện ủy Nguyễn Văn A": the name after a position, before any punctuation."""
    clause_end = _CLAUSE_END.search(source.canon, offset, end)
    end = clause_end.start() if clause_end else end
    for run in _NAME_RUN.finditer(source.canon, offset, end):
        syllables = _syllables(source, Span(run.start(), run.end()))
        # The last family name that leaves a full name: "Lâm Bình Nguyễn Văn A" is place + person.
        for index in range(len(syllables) - 3, -1, -1):
            if index == 0 and run.start() == offset:
                continue
            name = syllables[index:]
            if len(name) <= 5 and _is_name(source, name, anchored=False):
                return Span(name[0].start, name[-1].end)
    return None


def mentions_in(source: Source, sentence: Span) -> list[PersonMention]:
    """Every person named in the sentence, in order, with the position printed before the name if any."""
    mentions: list[PersonMention] = []
    for anchor in _ANCHOR.finditer(source.canon, sentence.start, sentence.end):
        if _RECIPIENT.search(source.canon, max(sentence.start, anchor.start() - 25), anchor.start()):
            continue
        name = read_name(source, anchor.end(), anchored=True)
        if name:
            mentions.append(PersonMention(anchor.start(), name))
        elif _starts_position_at(source, anchor.end()):
            name = read_inverted_name(source, anchor.end(), sentence.end)
            if name:
                mentions.append(PersonMention(anchor.start(), name, Span(anchor.end(), name.start), inverted=True))
    taken = Spans(Span(m.start, m.name.end) for m in mentions)
    if mentions:
        mentions += _list_continuations(source, sentence, taken)
    mentions += _inverted_without_anchor(source, sentence, taken)
    mentions.sort(key=lambda mention: mention.start)
    return mentions


def _list_continuations(source: Source, sentence: Span, taken: Spans) -> list[PersonMention]:
    """Names that follow ";" or "," in a sentence that already introduced someone with "đồng chí"."""
    found = []
    for gap in _LIST_GAP.finditer(source.canon, sentence.start, sentence.end):
        if gap.end() in taken:
            continue
        name = read_name(source, gap.end(), anchored=False)
        if name and _AFTER_NAME.match(source.canon, name.end):
            found.append(PersonMention(name.start, name))
            taken.add(Span(name.start, name.end))
    return found


def _inverted_without_anchor(source: Source, sentence: Span, taken: Spans) -> list[PersonMention]:
    found = []
    leads = [sentence.start] + [
        lead.end() for lead in _INVERTED_LEAD.finditer(source.canon, sentence.start, sentence.end)
    ]
    for start in leads:
        if start in taken or not _starts_position_at(source, start):
            continue
        name = read_inverted_name(source, start, sentence.end)
        if name and name.start not in taken:
            found.append(PersonMention(start, name, Span(start, name.start), inverted=True))
            taken.add(Span(start, name.end))
    return found


def _position_after(source: Source, mention: PersonMention, limit: int) -> Span | None:
    separator = _SEPARATOR.match(source.canon, mention.name.end, limit)
    start = separator.end() if separator else mention.name.end
    if not separator and not _starts_position_at(source, start + 1):
        return None
    stop = _POSITION_STOP.search(source.canon, start, limit)
    end = stop.start() if stop else limit
    return Span(start, end) if end > start else None


def _clean_position(text: str) -> str | None:
    text = _TRAILING.sub("", " ".join(text.split())).strip(" ,–—-(")
    if len(text) > _POSITION_LIMIT:
        text = text[:_POSITION_LIMIT].rsplit(",", 1)[0]
    return expand_abbreviations(text) if text else None


def _role_of(text: str) -> str | None:
    if _CHAIR.search(text):
        return "chu_tri"
    if _DIRECTING.search(text):
        return "du_chi_dao"
    if _SPEAKING.search(text):
        return "phat_bieu"
    return None


def _roles(source: Source, sentence: Span, mentions: list[PersonMention]) -> None:
    """What each person did: the verb after their position, else the words opening the sentence,
    else the verb closing the sentence ("A, chức vụ và B, chức vụ đồng chủ trì hội nghị")."""
    prefix_start = max(sentence.start, mentions[0].start - _PREFIX_WINDOW)
    prefix = source.canon[prefix_start : mentions[0].start]
    prefix_role = _role_of(re.split(r"[.;]", prefix)[-1])
    own = []
    for index, mention in enumerate(mentions):
        limit = mentions[index + 1].start if index + 1 < len(mentions) else sentence.end
        after = mention.name.end if mention.inverted else (mention.position or mention.name).end
        suffix = re.split(r"[,;:.]", source.canon[after : min(limit, after + _SUFFIX_WINDOW)], maxsplit=1)[0]
        own.append(_role_of(suffix))
    closing_role = own[-1]
    for mention, role in zip(mentions, own, strict=True):
        mention.role = role or prefix_role or closing_role


def find_people(source: Source) -> list[Person]:
    people: dict[str, Person] = {}
    for sentence in source.sentences:
        if not _CUE.search(source.canon, sentence.start, sentence.end):
            continue
        mentions = mentions_in(source, sentence)
        if not mentions:
            continue
        for index, mention in enumerate(mentions):
            if not mention.inverted:
                limit = mentions[index + 1].start if index + 1 < len(mentions) else sentence.end
                mention.position = _position_after(source, mention, limit)
        _roles(source, sentence, mentions)
        for mention in mentions:
            _merge(people, source, sentence, mention)
    return list(people.values())


def _merge(people: dict[str, Person], source: Source, sentence: Span, mention: PersonMention) -> None:
    name = source.cut(mention.name)
    position = _clean_position(source.cut(mention.position)) if mention.position else None
    role = mention.role or "du"
    known = people.get(fold(name))
    if known is None:
        people[fold(name)] = Person(name, position, role, source.cut(sentence))
        return
    if ROLE_RANK[role] > ROLE_RANK[known.role]:
        known.role = role
    if not known.position and position:
        known.position = position
