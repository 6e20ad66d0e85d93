"""Dates: the conference day, the dates of cited documents, and the year when the article leaves it out."""

import datetime
import re
from dataclasses import dataclass

from conferences.extraction.source import Source, Span, phrase
from danvan.documents import find_document_numbers

_YEAR = r"(?:19|20)\d{2}"
_SHORT_DATE = re.compile(
    rf"(?<![\d/.,-])(?P<day>\d{{1,2}})\s*(?P<sep>[/.-])\s*(?P<month>\d{{1,2}})"
    rf"(?:\s*(?P=sep)\s*(?P<year>{_YEAR}))?(?![\d/])"
)
_LONG_DATE = re.compile(
    rf"{phrase('ngày')}\s+(?P<day>\d{{1,2}})\s+{phrase('tháng')}\s+(?P<month>\d{{1,2}})"
    rf"(?:\s*,?\s*{phrase('năm')}\s+(?P<year>{_YEAR}))?(?![\d])"
)
# What may stand before the conference date at the start of its sentence: "Sáng ngày", "Chiều 5/3", "Vào ngày".
_LEAD = re.compile(
    rf"^\W*(?:{phrase('vào')}\s+)?(?:{phrase('buổi')}\s+)?(?:{phrase('sáng', 'chiều', 'tối', 'trưa', 'đêm')}\s+)?"
    rf"(?:{phrase('ngày', 'hôm nay', 'hôm qua', 'hôm')}\s*)?\(?\s*$"
)
_DAY_WORD = re.compile(rf"(?:{phrase('sáng', 'chiều', 'tối', 'trưa', 'ngày', 'hôm')})\s+$")
_PUBLISHED_WORDS = ("ngày đăng", "đăng ngày", "đăng lúc", "cập nhật", "ngày cập nhật", "cập nhật lúc", "xuất bản")
_PUBLISHED = re.compile(
    phrase(*_PUBLISHED_WORDS) + r"[^\S\n]*:?[^\S\n]*(?:\d{1,2}\s*[:h]\s*\d{2}[^\S\n]*(?:,|\||-|(?i:ngày))?[^\S\n]*)?$"
)
_CLOCK_BEFORE = re.compile(r"\d{1,2}\s*[:h]\s*\d{2}(?:\s*(?:[|,–-]|(?i:ngày)))?[^\S\n]*$")
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
_PERIOD_YEAR = re.compile(rf"{phrase('năm')}\s+(?P<year>{_YEAR})(?![\d])")
_UNTIL = re.compile(rf"{phrase('đến', 'tới', 'từ', 'trước', 'sau', 'khóa')}\s+$")
_FUTURE = re.compile(phrase("phương hướng", "nhiệm vụ", "kế hoạch", "triển khai", "mục tiêu"))
_REVIEW = re.compile(phrase("tổng kết"))
_PART_OF_YEAR = re.compile(rf"(?:{phrase('tháng', 'quý')}\s+[\wĐđ]+\s+|{phrase('đầu', 'cuối')}\s+)$")
_ANNIVERSARY = re.compile(
    rf"(?P<years>\d{{1,2}})\s+{phrase('năm')}\s+(?:{phrase('triển khai', 'tổ chức')}\s+)?"
    rf"{phrase('thực hiện', 'thi hành', 'triển khai', 'học tập')}"
)


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
    for pattern in (_SHORT_DATE, _LONG_DATE):
        for match in pattern.finditer(source.canon):
            day, month = int(match["day"]), int(match["month"])
            if 1 <= day <= 31 and 1 <= month <= 12:
                year = int(match["year"]) if match["year"] else None
                mentions.append(DateMention(match.start(), match.end(), day, month, year))
    return sorted(mentions, key=lambda mention: mention.start)


def date_right_after(source: Source, offset: int) -> datetime.date | None:
    """The full date written right after a document number: ", ngày 19/8/2009", " ban hành ngày 08-3-2021"."""
    lead = _DOCUMENT_DATE_LEAD.match(source.canon, offset, offset + 40)
    if not lead:
        return None
    match = _SHORT_DATE.match(source.canon, lead.end()) or _LONG_DATE.match(source.canon, lead.start("day_word"))
    if not (match and match["year"]):
        return None
    try:
        return datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None


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


def publication_date(source: Source, mentions: list[DateMention]) -> datetime.date | None:
    for mention in mentions:
        if mention.year and is_publication_stamp(source, mention):
            return mention.as_date()
    return None


@dataclass(frozen=True)
class YearGuess:
    year: int
    reason: str


def year_from_period(source: Source, spans: list[Span], month: int) -> YearGuess | None:
    """The year of the periods named where the conference is announced ("6 tháng cuối năm 2024").

    The latest year wins: it is the period ahead ("phương hướng năm 2022") or the one reviewed.
    A whole year reviewed early in the next year ("tổng kết năm 2021" in January) means the next year.
    """
    found: list[tuple[int, bool, bool, int, str]] = []
    for span in spans:
        for match in _PERIOD_YEAR.finditer(source.canon, span.start, span.end):
            before = source.canon[max(span.start, match.start() - 40) : match.start()]
            if _UNTIL.search(before):
                continue
            # Only a whole year under review ("tổng kết … năm 2021") points to the next year.
            whole_year = not _PART_OF_YEAR.search(before) and bool(
                _REVIEW.search(source.canon, span.start, match.start())
            )
            ahead = bool(_FUTURE.search(before))
            found.append((int(match["year"]), whole_year, ahead, match.start(), match[0]))
    if not found:
        return None
    year, whole_year, _, _, words = max(found)
    if month <= 3 and whole_year and not any(ahead for _, _, ahead, _, _ in found):
        return YearGuess(year + 1, f"“{words}” reviewed early in the next year")
    return YearGuess(year, f"“{words}”")


def year_from_anniversary(
    source: Source, spans: list[Span], document_dates: dict[str, datetime.date]
) -> YearGuess | None:
    """ "13 năm thực hiện Nghị quyết 22-NQ/TW", that resolution dated 02/02/2008 anywhere in the text → 2021.

    Only where the conference is announced: the body often counts years of other documents.
    """
    for span in spans:
        for match in _ANNIVERSARY.finditer(source.canon, span.start, span.end):
            window = source.text[match.end() : match.end() + 120]
            for number, _, _ in find_document_numbers(window)[:1]:
                issued = document_dates.get(number.code)
                if issued:
                    years = int(match["years"])
                    return YearGuess(issued.year + years, f"{years} years after {number.code} of {issued:%d/%m/%Y}")
    return None
