"""Directives: what the leader asked for, one item each, taken from the speech that follows "đề nghị", "yêu cầu"…"""

import re
from dataclasses import dataclass

from conferences.extraction.people import ANCHOR_PATTERN as _ANCHOR
from conferences.extraction.people import mentions_in
from conferences.extraction.source import Source, Span, phrase

_CUE = re.compile(
    rf"(?:{phrase('đề nghị', 'yêu cầu', 'nhấn mạnh', 'lưu ý', 'giao nhiệm vụ', 'chỉ rõ', 'quán triệt', 'chỉ đạo')}"
    rf"|{phrase('cụ thể')}(?:\s+{phrase('đó là', 'là', 'như sau')})?(?=\s*:))"
)
# Words that only take a colon to be a cue ("chỉ đạo: …"), otherwise they are just mentioned.
_COLON_ONLY = re.compile(phrase("chỉ đạo", "quán triệt", "chỉ rõ", "cụ thể"))
# "đáp ứng yêu cầu nhiệm vụ", "theo đề nghị của": the noun, not the verb.
_NOUN_BEFORE = re.compile(rf"{phrase('đáp ứng', 'theo', 'những', 'các', 'với', 'đúng', 'về', 'có', 'được')}\s+$")
_AFTER_CUE = re.compile(r"\s*(?:,\s*)?:?\s*")
_VAGUE = re.compile(
    rf"{phrase('một số', 'những', 'các', 'nhiều')}\s+"
    rf"{phrase('nhiệm vụ', 'giải pháp', 'nội dung', 'vấn đề', 'yêu cầu', 'điểm', 'ý kiến', 'việc')}"
)
_BULLET = re.compile(r"^(?:[-+•*–]\s*|\d{1,2}[.)]\s+|[a-zđ]\)\s+)")
_GOES_ON = re.compile(
    rf"^(?:{phrase('đồng thời', 'bên cạnh đó', 'cùng với đó', 'ngoài ra', 'mặt khác')}"
    rf"|{phrase('đồng chí', 'đ/c')}\s+(?:{phrase('cũng')}\s+)?{phrase('đề nghị', 'yêu cầu', 'lưu ý', 'nhấn mạnh')})"
)
_STOP = re.compile(
    r"^\W*"
    + phrase(
        "tại hội nghị",
        "dịp này",
        "nhân dịp",
        "hội nghị",
        "kết thúc",
        "cũng tại",
        "trước đó",
        "sau đó",
        "dự hội nghị",
        "ảnh",
        "toàn cảnh",
        "quang cảnh",
        "các đại biểu",
        "đại biểu",
        "phát biểu",
        "thay mặt",
        "nguồn",
        "tin",
        "bài",
    )
)
_CAPTION = re.compile(phrase("hội nghị", "phát biểu", "trao", "tặng", "đại biểu", "toàn cảnh", "quang cảnh"))
# "Thứ nhất, …", "Hai là, …": the numbering of a list, not part of the request.
_ORDINAL = re.compile(
    r"^(?i:(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+là|thứ\s+(?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười))"
    r"\s*[,:]\s*"
)
# "… tập trung vào một số nhiệm vụ trọng tâm: …": an introduction ending inside a sentence.
_INTRODUCTION = re.compile(
    rf"(?:{phrase('nhiệm vụ', 'giải pháp', 'nội dung', 'vấn đề', 'sau', 'như sau', 'cụ thể', 'đó là', 'là')}"
    rf"|{phrase('trọng tâm', 'chủ yếu', 'cơ bản', 'trọng điểm', 'quan trọng')})\s*:\s*"
)
_CONNECTIVE = re.compile(
    r"^" + phrase("từ đó", "qua đó", "thông qua đó", "nhằm", "để", "góp phần", "nhất là", "đặc biệt là")
)
_DOCUMENT_WORD = re.compile(
    r"^"
    + phrase(
        "đề án",
        "nghị quyết",
        "chỉ thị",
        "kết luận",
        "kế hoạch",
        "quyết định",
        "hướng dẫn",
        "chương trình",
        "quy định",
        "thông báo",
        "công văn",
    )
)
_ENUMERATION = re.compile(rf"\s{phrase('như', 'gồm', 'bao gồm')}\s")
_ENUMERATION_ITEM_WORDS = 25  # syllables: Vietnamese writes one per word
_MIN_WORDS = 3
_MAX_PARAGRAPHS = 30
_MAX_ITEMS = 60
_CAPTION_LENGTH = 100


@dataclass(frozen=True)
class Directive:
    text: str
    speaker: str | None
    evidence: str


@dataclass
class _Segment:
    start: int
    end: int
    new_sentence: bool


def find_directives(source: Source, last_paragraph: int) -> list[Directive]:
    """Directive items of every speech; paragraphs from `last_paragraph` on (the byline) are not read."""
    directives: list[Directive] = []
    index = 0
    while index < min(len(source.paragraphs), last_paragraph):
        speech = _speech_start(source, source.paragraphs[index])
        if not speech:
            index += 1
            continue
        start, speaker = speech
        if speaker is None and index > 0:
            speaker = _last_named(source, source.paragraphs[index - 1])  # "Đồng chí cũng đề nghị…"
        pieces = [Span(start, source.paragraphs[index].end)]
        index += 1
        listing = source.text[pieces[0].start : pieces[0].end].rstrip().endswith(":")
        while index < min(len(source.paragraphs), last_paragraph) and len(pieces) < _MAX_PARAGRAPHS:
            paragraph = source.paragraphs[index]
            if _is_stop(source, paragraph) or not (listing or _continues(source, paragraph)):
                break
            pieces.append(paragraph)
            index += 1
        directives += _items(source, pieces, speaker)
    return directives[:_MAX_ITEMS]


def _speech_start(source: Source, paragraph: Span) -> tuple[int, str | None] | None:
    """Where the requests of a speech begin in this paragraph, and who speaks.

    The cue must follow a speaker (a named person or a bare "đồng chí") in its sentence,
    or open the sentence right after the speaker's ("… đánh giá cao … . Đề nghị …").
    """
    if not _CUE.search(source.canon, paragraph.start, paragraph.end):
        return None
    sentences = source.sentences_in(paragraph)
    speaker, speaker_sentence = None, -2
    for position, sentence in enumerate(sentences):
        marks = [(m.name.end, source.cut(m.name)) for m in mentions_in(source, sentence)]
        marks += [(anchor.end(), None) for anchor in _ANCHOR.finditer(source.canon, sentence.start, sentence.end)]
        search_from = sentence.start if position == speaker_sentence + 1 else None
        if marks:
            speaker_sentence = position
            search_from = min(offset for offset, _ in marks) if search_from is None else search_from
        if search_from is None:
            continue
        for cue in _CUE.finditer(source.canon, search_from, sentence.end):
            start = _request_start(source, cue, paragraph)
            if start is not None:
                named = [name for offset, name in marks if name and offset <= cue.start()]
                return start, (named[-1] if named else speaker)
        named = [name for _, name in sorted(marks, key=lambda mark: mark[0]) if name]
        speaker = named[-1] if named else speaker
    return None


def _last_named(source: Source, paragraph: Span) -> str | None:
    names = [source.cut(m.name) for sentence in source.sentences_in(paragraph) for m in mentions_in(source, sentence)]
    return names[-1] if names else None


def _request_start(source: Source, cue: re.Match, paragraph: Span) -> int | None:
    if _NOUN_BEFORE.search(source.canon, max(paragraph.start, cue.start() - 15), cue.start()):
        return None
    after = _AFTER_CUE.match(source.canon, cue.end(), paragraph.end)
    colon = ":" in after[0]
    if _COLON_ONLY.fullmatch(source.canon, cue.start(), cue.end()) and not colon:
        return None
    rest = source.canon[after.end() : paragraph.end]
    if not colon and _VAGUE.match(rest) and ":" not in rest:
        return None  # "nhấn mạnh một số nhiệm vụ trọng tâm" announces requests the article does not give
    return after.end()


def _continues(source: Source, paragraph: Span) -> bool:
    text = source.canon[paragraph.start : paragraph.end]
    return bool(_BULLET.match(text) or _GOES_ON.match(text))


def _is_stop(source: Source, paragraph: Span) -> bool:
    text = source.canon[paragraph.start : paragraph.end]
    if _STOP.match(text):
        return True
    is_short = len(text) < _CAPTION_LENGTH and not text.rstrip().endswith((".", ";", ":"))
    return is_short and bool(_CAPTION.search(text))


def _segments(source: Source, pieces: list[Span]) -> list[_Segment]:
    segments = []
    for piece in pieces:
        for sentence in source.sentences_in(piece):
            start, end = max(sentence.start, piece.start), min(sentence.end, piece.end)
            if start >= end:
                continue
            new_sentence = True
            intro = _INTRODUCTION.search(source.canon, start, end)
            if intro and intro.end() < end:
                start = intro.end()  # the list starts after the colon
            for part in re.finditer(r"[^;]+;?", source.text[start:end]):
                segments.append(_Segment(start + part.start(), start + part.end(), new_sentence))
                new_sentence = False
    return segments


def _tidy(text: str) -> str:
    text = _ORDINAL.sub("", _BULLET.sub("", " ".join(text.split())))
    return re.sub(r"(?:\s*(?:\./\.|\.{2,}|[.;,…]))+$", "", text).strip()


def _items(source: Source, pieces: list[Span], speaker: str | None) -> list[Directive]:
    items: list[list] = []  # [text, start offset, end offset]
    enumerating = False
    for segment in _segments(source, pieces):
        raw = source.text[segment.start : segment.end].strip()
        text = _tidy(raw)
        if segment.new_sentence:
            enumerating = False
        if not text or raw.rstrip(" ;").endswith(":"):
            continue  # an introduction: "… cụ thể đó là:"
        canon = source.canon[segment.start : segment.end].strip()
        joins_previous = items and (
            _CONNECTIVE.match(canon)
            or (not segment.new_sentence and _DOCUMENT_WORD.match(canon))
            or (enumerating and len(text.split()) <= _ENUMERATION_ITEM_WORDS)
        )
        if joins_previous:
            items[-1][0] += ("; " if not segment.new_sentence else ". ") + text
            items[-1][2] = segment.end
        else:
            items.append([text, segment.start, segment.end])
        enumerating = enumerating or bool(_ENUMERATION.search(canon))
    return [
        Directive(text[:1].upper() + text[1:], speaker, _evidence(source, start, end))
        for text, start, end in items
        if len(text.split()) >= _MIN_WORDS
    ]


def _evidence(source: Source, start: int, end: int) -> str:
    """The sentence of the item, or the sentences when the item runs over several."""
    return source.text[source.sentence_at(start).start : source.sentence_at(max(start, end - 1)).end]
