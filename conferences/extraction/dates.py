"""Dates: the mentions of a day in the article, the conference day among them and the dates of cited documents
(the year a mention leaves out is found in `years`)."""

import datetime
import re
from dataclasses import dataclass

from conferences.extraction.source import Source, Span, phrase

_YEAR = r"(?:19|20)\d{2}"
_SHORT_DATE = re.compile(
    rf"(?<![\d/.,-])(?P<day>\d{{1,2}})\s*(?P<sep>[/.-])\s*(?P<month>\d{{1,2}})"
    rf"(?:\s*(?P=sep)\s*(?P<year>{_YEAR}))?(?![\d/])"
)
_LONG_DATE = re.compile(
    rf"{phrase('ngày')}\s+(?P<day>\d{{1,2}})\s+{phrase('tháng')}\s+(?P<month>\d{{1,2}})"
    rf"(?:\s*,?\s*{phrase('năm')}\s+(?P<year>{_YEAR}))?(?![\d])"
)
# "ngày 12-13/4/2019", "12 và 13/4": a meeting over two days is dated by its first.
_DAY_RANGE = re.compile(
    rf"(?<![\d/.,-])(?P<day>\d{{1,2}})\s*(?:[-–]|{phrase('và', 'đến')})\s*\d{{1,2}}"
    rf"\s*(?P<sep>[/.-])\s*(?P<month>\d{{1,2}})(?:\s*(?P=sep)\s*(?P<year>{_YEAR}))?(?![\d/])"
)
# What may stand before the conference date at the start of its sentence: "Sáng ngày", "Chiều 5/3", "Vào ngày".
_WEEKDAY = phrase("thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu", "thứ bảy", "chủ nhật")
_LEAD = re.compile(
    rf"^\W*(?:{phrase('vừa qua', 'mới đây', 'trong', 'cũng trong')}\s*,?\s*)?(?:{phrase('vào')}\s+)?"
    rf"(?:{phrase('buổi')}\s+)?(?:{phrase('sáng', 'chiều', 'tối', 'trưa', 'đêm')}\s+)?"
    rf"(?:{phrase('nay', 'qua')}\s*)?(?:{_WEEKDAY}\s*,?\s*)?"
    rf"(?:{phrase('ngày', 'hôm nay', 'hôm qua', 'hôm')}\s*)?\(?\s*$"
)
_DAY_WORD = re.compile(rf"(?:{phrase('sáng', 'chiều', 'tối', 'trưa', 'ngày', 'hôm')})\s+$")
_PUBLISHED_WORDS = ("ngày đăng", "đăng ngày", "đăng lúc", "cập nhật", "ngày cập nhật", "cập nhật lúc", "xuất bản")
_PUBLISHED = re.compile(
    phrase(*_PUBLISHED_WORDS) + r"[^\S\n]*:?[^\S\n]*(?:\d{1,2}\s*[:h]\s*\d{2}[^\S\n]*(?:,|\||-|(?i:ngày))?[^\S\n]*)?$"
)
_CLOCK_BEFORE = re.compile(r"\d{1,2}[^\S\n]*[:h][^\S\n]*\d{2}(?:[^\S\n]*(?:[|,–-]|(?i:ngày)))?[^\S\n]*$")
_CLOCK_AFTER = re.compile(r"[^\S\n]*(?:[|,–-][^\S\n]*)?\d{1,2}\s*[:h]\s*\d{2}(?![\d/])")
# A date right after a document reference is the document's date ("09-NQ/TU, ngày 19/8/2009", "Đề án 02 ngày…").
_AFTER_DOCUMENT = re.compile(
    r"(?:\d+\s*[-–]\s*\w+\s*/\s*[\w.]+|\d+\s*/\s*\w+\s*-\s*\w+|"
    + phrase(
        "nghị quyết",
        "đề án",
        "kế hoạch",
        "chỉ thị",
        "quyết định",
        "kết luận",
        "hướng dẫn",
        "thông báo",
        "công văn",
        "quy định",
        "chương trình",
        "thông tư",
        "nghị định",
        "quy chế",
        "báo cáo",
        "tờ trình",
        "luật",
    )
    + r"\s+(?:(?i:số)\s+)?[\w/.-]+)\s*,?\s*(?:(?i:ban\s+hành)\s+)?(?:(?i:ngày)\s+)?$"
)
_DOCUMENT_DATE_LEAD = re.compile(r"\s*,?\s*(?:(?i:ban\s+hành)\s+)?(?P<day_word>(?i:ngày))\s+")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    day: int
    month: int
    year: int | None

    def as_date(self, year: int | None = None) -> datetime.date | None:
        """The date in the year written, else in `year`; None without a year or for 29/2 of a common year."""
        year = self.year or year
        if year is None:
            return None
        try:
            return datetime.date(year, self.month, self.day)
        except ValueError:
            return None


def find_dates(source: Source) -> list[DateMention]:
    mentions = []
    for pattern in (_SHORT_DATE, _LONG_DATE, _DAY_RANGE):
        for match in pattern.finditer(source.canon):
            day, month = int(match["day"]), int(match["month"])
            if 1 <= day <= 31 and 1 <= month <= 12:
                year = int(match["year"]) if match["year"] else None
                mentions.append(DateMention(match.start(), match.end(), day, month, year))
    return sorted(mentions, key=lambda mention: mention.start)


def _document_date(source: Source, offset: int) -> re.Match | None:
    lead = _DOCUMENT_DATE_LEAD.match(source.canon, offset, offset + 40)
    if not lead:
        return None
    match = _SHORT_DATE.match(source.canon, lead.end()) or _LONG_DATE.match(source.canon, lead.start("day_word"))
    return match if match and match["year"] else None


def date_right_after(source: Source, offset: int) -> datetime.date | None:
    """The full date written right after a document number: ", ngày 19/8/2009", " ban hành ngày 08-3-2021"."""
    match = _document_date(source, offset)
    if not match:
        return None
    try:
        return datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None


def document_date_span(source: Source, offset: int) -> int | None:
    """Where the date written right after a document number ends, if there is one."""
    match = _document_date(source, offset)
    return match.end() if match else None


def is_publication_stamp(source: Source, mention: DateMention) -> bool:
    """When the page was published: a date next to a clock time ("(09:54 | 14/01/2022)") or labelled so."""
    before = _CLOCK_BEFORE.search(source.canon, max(0, mention.start - 14), mention.start)
    labelled = _PUBLISHED.search(source.canon, max(0, mention.start - 30), mention.start)
    return bool(before or labelled or _CLOCK_AFTER.match(source.canon, mention.end, mention.end + 14))


def _is_document_date(source: Source, mention: DateMention) -> bool:
    return bool(_AFTER_DOCUMENT.search(source.canon, max(0, mention.start - 60), mention.start))


def _candidate_score(source: Source, mention: DateMention, organizing: list[Span]) -> int:
    sentence = source.sentence_at(mention.start)
    score = 0
    if any(span.start <= mention.start < span.end for span in organizing):
        score += 4
    if _LEAD.match(source.canon[sentence.start : mention.start]):
        score += 2
    if _DAY_WORD.search(source.canon, max(0, mention.start - 12), mention.start):
        score += 1
    return score


def conference_day(source: Source, mentions: list[DateMention], organizing: list[Span]) -> DateMention | None:
    """The mention that dates the conference: in the sentence saying it was held, or opening a sentence."""
    best, best_score = None, 1
    for mention in mentions:
        if is_publication_stamp(source, mention) or _is_document_date(source, mention):
            continue
        score = _candidate_score(source, mention, organizing)
        if score > best_score:
            best, best_score = mention, score
    return best
