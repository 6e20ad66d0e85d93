"""The year of a conference day written without one ("Sáng 27/12", "Ngày 15-10").

In order of trust:
1. the page's dateline ("Thứ Sáu, 26/12/2025", "08-04-2019 07:32", "Cập nhật: 02/03/2022"): the
   conference is the last such day on or before it;
2. an anniversary: "kỷ niệm 95 năm Ngày truyền thống … (15-10-1930 – 15-10-2025)", or the count of
   years since a founding day (data/traditional_days.txt);
3. the periods the title names: a period reviewed ends shortly before its review ("tổng kết năm 2022"
   on 14/12 is in 2022; in January, in 2023), a period ahead starts shortly after its launch
   ("triển khai nhiệm vụ năm 2026" on 27/12 is in 2025); the day is put in the year nearest to that;
4. the years since a dated document: "13 năm thực hiện Nghị quyết 22-NQ/TW" of 02/02/2008 → 2021.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from conferences.extraction.dates import DateMention, is_publication_stamp
from conferences.extraction.gazetteers import data_lines
from conferences.extraction.source import Source, Span, phrase, retone
from danvan.documents import find_document_numbers
from danvan.text import nfc

_YEAR = r"(?:19|20)\d{2}"
_QUARTER = r"(?P<quarter>IV|I{1,3}|[1-4])"


@dataclass(frozen=True)
class YearGuess:
    year: int
    reason: str


# What is left of a dateline once its date, clock, weekday and label are taken out: nothing but punctuation.
_DATELINE_WORDS = re.compile(
    r"(?i:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật|cập\s+nhật|ngày\s+đăng|đăng\s+ngày|xuất\s+bản|ngày|lúc"
    r"|gmt\s*[+-]?\s*\d*)|\d{1,2}\s*[:h]\s*\d{2}"
)
_LETTER = re.compile(r"[^\W\d_]")


def dateline(source: Source, mentions: list[DateMention]) -> datetime.date | None:
    """The date the page was published: a line holding only a date (and a clock, a weekday, a label),
    or a date stamped with a clock time."""
    for mention in mentions:
        if not mention.year:
            continue
        paragraph = source.paragraphs[source.paragraph_index(mention.start)]
        rest = source.canon[paragraph.start : mention.start] + source.canon[mention.end : paragraph.end]
        alone = not _LETTER.search(_DATELINE_WORDS.sub(" ", rest))
        if alone or is_publication_stamp(source, mention):
            found = mention.as_date()
            if found:
                return found
    return None


def year_before(day: DateMention, limit: datetime.date) -> int:
    """The year in which the day falls last on or before `limit`."""
    return limit.year if (day.month, day.day) <= (limit.month, limit.day) else limit.year - 1


# ---------------------------------------------------------------------------------------------------------------------
# Anniversaries

_SPAN_OF_YEARS = re.compile(
    rf"\(\s*\d{{1,2}}\s*[/.-]\s*\d{{1,2}}\s*[/.-]\s*(?P<first>{_YEAR})\s*[-–—]\s*"
    rf"\d{{1,2}}\s*[/.-]\s*\d{{1,2}}\s*[/.-]\s*(?P<last>{_YEAR})\s*\)"
    rf"|\(\s*(?P<first_year>{_YEAR})\s*[-–—]\s*(?P<last_year>{_YEAR})\s*\)"
)
_YEARS_OF = re.compile(rf"(?P<years>\d{{1,3}})\s+{phrase('năm')}\s+(?P<rest>[^.;\n]{{0,120}})")


def _traditional_days() -> list[tuple[int, str]]:
    days = []
    for line in data_lines("traditional_days.txt"):
        founded, _, words = line.partition("|")
        days.append((int(founded.strip()[-4:]), retone(nfc(words.strip())).lower()))
    return days


TRADITIONAL_DAYS = _traditional_days()


def year_from_anniversary(source: Source, spans: list[Span]) -> YearGuess | None:
    """ "kỷ niệm 95 năm … (15-10-1930 - 15-10-2025)" → 2025; "89 năm Ngày truyền thống công tác dân vận" → 2019."""
    for span in spans:
        for written in _SPAN_OF_YEARS.finditer(source.canon, span.start, span.end):
            last = written["last"] or written["last_year"]
            return YearGuess(int(last), f"the anniversary “{written[0]}”")
        for count in _YEARS_OF.finditer(source.canon, span.start, span.end):
            rest = count["rest"].lower()
            for founded, words in TRADITIONAL_DAYS:
                if words in rest:
                    years = int(count["years"])
                    return YearGuess(founded + years, f"{years} years after {founded}")
    return None


_DOCUMENT_YEARS = re.compile(
    rf"(?P<years>\d{{1,2}})\s+{phrase('năm')}\s+(?:{phrase('triển khai', 'tổ chức')}\s+)?"
    rf"{phrase('thực hiện', 'thi hành', 'triển khai', 'học tập')}"
)


def year_from_document(source: Source, spans: list[Span], document_dates: dict[str, datetime.date]) -> YearGuess | None:
    """ "13 năm thực hiện Nghị quyết 22-NQ/TW", that resolution dated 02/02/2008 anywhere in the text → 2021.

    Only where the conference is announced: the body often counts years of other documents.
    """
    for span in spans:
        for match in _DOCUMENT_YEARS.finditer(source.canon, span.start, span.end):
            window = source.text[match.end() : match.end() + 120]
            for number, _, _ in find_document_numbers(window)[:1]:
                issued = document_dates.get(number.code)
                if issued:
                    years = int(match["years"])
                    return YearGuess(issued.year + years, f"{years} years after {number.code} of {issued:%d/%m/%Y}")
    return None


# ---------------------------------------------------------------------------------------------------------------------
# Periods

_PERIOD = re.compile(
    rf"(?P<months>\d{{1,2}})\s+{phrase('tháng')}(?:\s+(?P<edge>{phrase('đầu', 'cuối')}))?(?:\s+{phrase('năm')})?"
    rf"(?:\s+(?P<months_year>{_YEAR}))?"
    rf"|{phrase('quý')}\s+{_QUARTER}(?![\w])(?:\s*(?:[/-]|{phrase('năm')})\s*(?P<quarter_year>{_YEAR}))?"
    rf"|{phrase('tháng')}\s+(?P<month>\d{{1,2}})(?:\s*(?:[/-]|{phrase('năm')})\s*(?P<month_year>{_YEAR}))?"
    rf"|{phrase('giai đoạn')}\s+(?P<from>{_YEAR})\s*[-–—]\s*(?P<to>{_YEAR})"
    rf"|{phrase('năm')}\s+(?P<year>{_YEAR})(?![\d])"
)
_AHEAD = re.compile(
    phrase("phương hướng", "nhiệm vụ", "kế hoạch", "triển khai", "mục tiêu", "định hướng", "chương trình công tác")
)
_UNTIL = re.compile(rf"{phrase('đến', 'tới', 'từ', 'trước', 'sau', 'khóa', 'nhiệm kỳ', 'kể từ')}\s+$")
_NEXT_YEAR = re.compile(rf"(?:{phrase('năm')}\s*|[/-]\s*)(?P<year>{_YEAR})(?![\d])")
_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class PeriodMention:
    start: int
    text: str
    first_day: datetime.date
    last_day: datetime.date
    ahead: bool

    @property
    def anchor(self) -> datetime.date:
        """When a conference about this period is held: after the period it reviews, before the one ahead."""
        return self.first_day if self.ahead else self.last_day


def find_periods(source: Source, span: Span, all_ahead: bool = False) -> list[PeriodMention]:
    """The periods named in the span, a year left out ("6 tháng đầu năm và … 6 tháng cuối năm 2020") taken
    from the next one written."""
    found = []
    previous_end = span.start
    for match in _PERIOD.finditer(source.canon, span.start, span.end):
        before = source.canon[max(previous_end, match.start() - 40) : match.start()]
        previous_end = match.end()
        if _UNTIL.search(before):
            continue
        year = _year_of(match) or _next_year(source, match.end(), span.end)
        if year is None:
            continue
        days = _days(match, year)
        if days:
            ahead = all_ahead or bool(_AHEAD.search(before))
            found.append(PeriodMention(match.start(), source.text[match.start() : match.end()], *days, ahead))
    return found


def _year_of(match: re.Match) -> int | None:
    for group in ("months_year", "quarter_year", "month_year", "to", "year"):
        if match[group]:
            return int(match[group])
    return None


def _next_year(source: Source, offset: int, end: int) -> int | None:
    following = _NEXT_YEAR.search(source.canon, offset, end)
    return int(following["year"]) if following else None


def _days(match: re.Match, year: int) -> tuple[datetime.date, datetime.date] | None:
    def month_end(month: int) -> datetime.date:
        return datetime.date(year, month, calendar.monthrange(year, month)[1])

    if match["months"]:
        months = int(match["months"])
        if not 1 <= months <= 12:
            return None
        if match["edge"] and match["edge"].lower().startswith("cu"):
            return datetime.date(year, 13 - months, 1), month_end(12)
        return datetime.date(year, 1, 1), month_end(months)
    if match["quarter"]:
        quarter = _QUARTERS[match["quarter"].upper()]
        return datetime.date(year, 3 * quarter - 2, 1), month_end(3 * quarter)
    if match["month"]:
        month = int(match["month"])
        return (datetime.date(year, month, 1), month_end(month)) if 1 <= month <= 12 else None
    if match["from"]:
        return datetime.date(int(match["from"]), 1, 1), datetime.date(int(match["to"]), 12, 31)
    return datetime.date(year, 1, 1), month_end(12)


def year_from_periods(day: DateMention, periods: list[PeriodMention]) -> YearGuess | None:
    """The year putting the day nearest to when the first period reviewed (else the first ahead) is discussed."""
    reviewed = [period for period in periods if not period.ahead]
    chosen = (reviewed or periods)[:1]
    if not chosen:
        return None
    period = chosen[0]
    anchor = period.anchor
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        found = day.as_date(year)
        if found:
            candidates.append((abs((found - anchor).days), year))
    if not candidates:
        return None
    _, year = min(candidates)
    role = "ahead" if period.ahead else "reviewed"
    return YearGuess(year, f"the period {role} “{period.text}”")


def year_from_dates(day: DateMention, mentions: list[DateMention]) -> YearGuess | None:
    """Last resort: the year putting the day nearest to the latest full date the article writes."""
    written = [found for mention in mentions if mention.year and (found := mention.as_date())]
    if not written:
        return None
    latest = max(written)
    candidates = [
        (abs((found - latest).days), year)
        for year in (latest.year - 1, latest.year, latest.year + 1)
        if (found := day.as_date(year))
    ]
    if not candidates:
        return None
    return YearGuess(min(candidates)[1], f"the latest date written, {latest:%d/%m/%Y}")
