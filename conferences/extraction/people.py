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
from conferences.extraction.gazetteers import (
    MAJOR_SURNAMES,
    MIDDLE_NAMES,
    NOT_PEOPLE,
    SURNAMES,
    place_names,
    starts_position,
)
from conferences.extraction.source import CAPITALIZED, LOWER, Source, Span, Spans, phrase, retone
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
_PERSON_WORD = re.compile(phrase("đồng chí", "đ/c", "ông", "bà"))
_COMRADE = re.compile(phrase("đồng chí", "đ/c", "các đồng chí"))
_HOUSEHOLD = re.compile(rf"{phrase('hộ', 'gia đình')}\s+$")
# "01 cá nhân là ông Nguyễn Văn Lộc": the person commended, not a guest.
_COMMENDED = re.compile(rf"{phrase('cá nhân', 'tập thể', 'gương', 'điển hình')}\s+(?:{phrase('là')}\s+)?$")
_RECIPIENT = re.compile(rf"{phrase('cho', 'tặng', 'khen thưởng', 'biểu dương', 'tuyên dương', 'trao')}\s+$")
_LIST_GAP = re.compile(rf"[;,:]\s*(?:{phrase('và', 'cùng', 'có')}\s+)?")
_INVERTED_LEAD = re.compile(rf"(?:[;:,]\s*|{phrase('có', 'và', 'cùng')}\s+)")
_SEPARATOR = re.compile(r"\s*(?:[,:–—-]|\()\s*")
_BULLET = re.compile(r"[-+•*–—]?\s*")
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
    "làm",
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
_COMMA_LOWER = re.compile(rf",\s*(?=[{LOWER}])")
_FORMER = re.compile(phrase("nguyên", "kiêm"))
_TRAILING = re.compile(r"(?:[\s,;:.–—-]|\s(?:và|cùng|các))+$")

_CHAIR = re.compile(phrase("chủ trì"))
_DIRECTING = re.compile(
    rf"{phrase('dự', 'tham dự', 'về dự', 'đến dự')}\s*,?\s*(?:{phrase('và')}\s+)?{phrase('chỉ đạo')}"
    rf"|{phrase('phát biểu chỉ đạo')}|{phrase('chỉ đạo')}\s+(?:{phrase('tại')}\s+)?{phrase('hội nghị')}"
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
    recipient: bool = False  # named as given an award: an attendee only with the position they hold


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
    return _starts_like_a_name(source, syllables) and fold(text) not in place_names()


def _syllable(source: Source, syllables: list[Span], index: int) -> str:
    return source.canon[syllables[index].start : syllables[index].end].lower() if index < len(syllables) else ""


def _starts_like_a_name(source: Source, syllables: list[Span]) -> bool:
    """A family name first, or any first syllable before "Thị"/"Văn", which follow the family name."""
    return _syllable(source, syllables, 0) in SURNAMES or _syllable(source, syllables, 1) in MIDDLE_NAMES


def _name_start_score(source: Source, syllables: list[Span], index: int) -> int:
    """How surely a name starts at `index` of a run: a very common family name, or one before "Thị"/"Văn"."""
    return int(_syllable(source, syllables, index) in MAJOR_SURNAMES) + int(
        _syllable(source, syllables, index + 1) in MIDDLE_NAMES
    )


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


_LOWER_RUN = re.compile(rf"[{LOWER}]+(?:[ ][{LOWER}]+){{1,4}}(?=\s*[,–—(-])")


def read_lower_case_name(source: Source, anchor: re.Match) -> Span | None:
    """ "đồng chí nguyễn văn an, bí thư …": a name the source printed in lower case, after "đồng chí", "ông"
    or "bà", shaped as a name (a family name first) and closed by a comma or a dash."""
    if not _PERSON_WORD.fullmatch(anchor[0].strip(" :")):
        return None
    run = _LOWER_RUN.match(source.canon, anchor.end())
    if not run:
        return None
    syllables = _syllables(source, Span(run.start(), run.end()))
    if any(_starts_position_at(source, syllable.start) for syllable in syllables):
        return None
    if not (2 <= len(syllables) <= 5 and _starts_like_a_name(source, syllables)):
        return None
    return Span(run.start(), run.end())


def read_inverted_name(source: Source, offset: int, end: int) -> Span | None:
    """ "Bí thư Huyện ủy Nguyễn Văn A": the name right after a position, before any punctuation or verb."""
    clause_end = _CLAUSE_END.search(source.canon, offset, end)
    end = clause_end.start() if clause_end else end
    verb = _POSITION_STOP.search(source.canon, offset, end)
    end = verb.start() if verb else end
    for run in _NAME_RUN.finditer(source.canon, offset, end):
        syllables = _syllables(source, Span(run.start(), run.end()))
        candidates = [
            index
            for index in range(len(syllables) - 1)
            if not (index == 0 and run.start() == offset)
            and len(syllables) - index <= 5
            and _is_name(source, syllables[index:], anchored=False)
        ]
        if candidates:
            # "Lâm Bình Nguyễn Văn A" is a place, then a person: the surest start wins, else the first.
            index = max(candidates, key=lambda i: (_name_start_score(source, syllables, i), -i))
            return Span(syllables[index].start, syllables[-1].end)
    return None


def mentions_in(source: Source, sentence: Span) -> list[PersonMention]:
    """Every person named in the sentence, in order, with the position printed before the name if any."""
    mentions: list[PersonMention] = []
    for anchor in _ANCHOR.finditer(source.canon, sentence.start, sentence.end):
        if _HOUSEHOLD.search(source.canon, max(sentence.start, anchor.start() - 8), anchor.start()):
            continue  # "hộ ông Lê Triều": a household commended, not a person attending
        before = max(sentence.start, anchor.start() - 25)
        recipient = bool(
            _RECIPIENT.search(source.canon, before, anchor.start())
            or _COMMENDED.search(source.canon, before, anchor.start())
        )
        # "trao tặng … cho đồng chí …": a comrade honoured at the meeting is there; anyone else only with a position.
        recipient = recipient and not _COMRADE.match(source.canon, anchor.start())
        name = read_name(source, anchor.end(), anchored=True) or read_lower_case_name(source, anchor)
        if name:
            mentions.append(PersonMention(anchor.start(), name, recipient=recipient))
        elif _starts_position_at(source, anchor.end()):
            name = read_inverted_name(source, anchor.end(), sentence.end)
            if name:
                position = Span(anchor.end(), name.start)
                mentions.append(PersonMention(anchor.start(), name, position, inverted=True, recipient=recipient))
    taken = Spans(Span(m.start, m.name.end) for m in mentions)
    if mentions:
        mentions += _list_continuations(source, sentence, taken)
    mentions += _listed_with_position(source, sentence, taken)
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


def _listed_with_position(source: Source, sentence: Span, taken: Spans) -> list[PersonMention]:
    """ "Trần Thị Minh Hà - Phó Bí thư Thường trực Đảng ủy phường": a name shaped as one, opening the
    sentence or an item of a list, with a position right after it."""
    found = []
    leads = [_BULLET.match(source.canon, sentence.start).end()] + [
        gap.end() for gap in _LIST_GAP.finditer(source.canon, sentence.start, sentence.end)
    ]
    for start in leads:
        if start in taken:
            continue
        name = read_name(source, start, anchored=False)
        separator = name and _SEPARATOR.match(source.canon, name.end, sentence.end)
        if separator and separator.end() < sentence.end and _starts_position_at(source, separator.end()):
            found.append(PersonMention(name.start, name))
            taken.add(Span(name.start, name.end))
    return found


def _inverted_without_anchor(source: Source, sentence: Span, taken: Spans) -> list[PersonMention]:
    found = []
    leads = [sentence.start] + [
        lead.end() for lead in _INVERTED_LEAD.finditer(source.canon, sentence.start, sentence.end)
    ]
    for number, start in enumerate(leads):
        if start in taken or not _starts_position_at(source, start):
            continue
        name = read_inverted_name(source, start, sentence.end)
        if name and name.start not in taken:
            first = _positions_before(source, leads[:number], start, taken)
            found.append(PersonMention(first, name, Span(first, name.start), inverted=True))
            taken.add(Span(first, name.end))
    return found


def _positions_before(source: Source, leads: list[int], start: int, taken: Spans) -> int:
    """ "Tỉnh ủy viên, Bí thư Huyện ủy Nguyễn Văn A": the positions listed before the one naming the person."""
    for lead in reversed(leads):
        between = source.canon[lead:start].rstrip()
        if lead in taken or not between.endswith(",") or not _starts_position_at(source, lead):
            break
        if _NAME_RUN.search(between) and read_inverted_name(source, lead, start):
            break
        start = lead
    return start


def _position_after(source: Source, mention: PersonMention, limit: int) -> Span | None:
    separator = _SEPARATOR.match(source.canon, mention.name.end, limit)
    start = separator.end() if separator else mention.name.end
    if not separator and not _starts_position_at(source, start + 1):
        return None
    stop = _POSITION_STOP.search(source.canon, start, limit)
    end = stop.start() if stop else limit
    for comma in _COMMA_LOWER.finditer(source.canon, start, end):
        # "Bí thư Đảng ủy, Chủ tịch HĐND", "…, nguyên Chủ tịch": another post; "…, khen thưởng …": the sentence goes on.
        if not (_starts_position_at(source, comma.end()) or _FORMER.match(source.canon, comma.end())):
            end = comma.start()
            break
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
    last = mentions[-1]
    for mention, role in zip(mentions, own, strict=True):
        # "A, chức vụ; B, chức vụ đồng chủ trì": the closing verb is everyone's, unless words opening the
        # sentence ("Về dự có …") listed them and ";" sets A apart from the one who chaired.
        joined = not prefix.strip() or ";" not in source.canon[mention.name.end : last.start]
        mention.role = role or prefix_role or (own[-1] if joined else None)


def find_people(source: Source) -> list[Person]:
    """Who attended: everyone named in a sentence about the event, and anyone named with a position
    elsewhere (a caption, "Chủ tịch UBND xã Nguyễn Văn A thông báo …"); not a household or someone
    only named as given an award."""
    people: dict[str, Person] = {}
    for sentence in source.sentences:
        mentions = mentions_in(source, sentence)
        if not mentions:
            continue
        for index, mention in enumerate(mentions):
            if not mention.inverted:
                limit = mentions[index + 1].start if index + 1 < len(mentions) else sentence.end
                mention.position = _position_after(source, mention, limit)
        _share_positions(source, mentions)
        cued = bool(_CUE.search(source.canon, sentence.start, sentence.end))
        mentions = [m for m in mentions if m.position or (cued and not m.recipient)]
        if not mentions:
            continue
        _roles(source, sentence, mentions)
        for mention in mentions:
            _merge(people, source, sentence, mention)
    return list(people.values())


_ONLY_JOINED = re.compile(rf"\s*(?:,|{phrase('và')})\s*")


def _share_positions(source: Source, mentions: list[PersonMention]) -> None:
    """ "các đồng chí A, B, C - Phó Trưởng Ban": names listed bare share the position written after the last."""
    for index in range(len(mentions) - 2, -1, -1):
        mention, following = mentions[index], mentions[index + 1]
        joined = _ONLY_JOINED.fullmatch(source.canon, mention.name.end, following.start)
        if mention.position is None and following.position and not following.inverted and joined:
            mention.position = following.position


def _merge(people: dict[str, Person], source: Source, sentence: Span, mention: PersonMention) -> None:
    name = source.cut(mention.name)
    if name.islower():
        name = " ".join(syllable[:1].upper() + syllable[1:] for syllable in name.split())
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
