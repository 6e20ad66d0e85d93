"""Read a Vietnamese news article about a party conference into structured values.

Rule-based on purpose: regular expressions and word lists from our own data, no network,
no trained model. Every value carries the sentence it was read from, so staff can check
it before saving the conference.
"""

import datetime
import logging
import re
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from conferences.extraction import dates, years
from conferences.extraction.directives import Directive, find_directives
from conferences.extraction.documents import CitedDocument, find_documents
from conferences.extraction.figures import CommendationCount, Figure, find_commendations, find_figures
from conferences.extraction.gazetteers import province_names
from conferences.extraction.organizers import (
    EVENT_VERBS,
    MEETING_WORDS,
    Announcement,
    Mention,
    find_announcement,
    find_kind,
    find_organizer,
    find_period,
    find_title,
    headline,
    level_of,
    level_of_organization,
    match_organization,
    organizing_sentences,
)
from conferences.extraction.people import Person, find_people
from conferences.extraction.source import CAPITALIZED, UPPER, Source, Span, Spans, phrase
from danvan.text import fold

logger = logging.getLogger(__name__)

T = TypeVar("T")

LEVELS = ("xa", "huyen", "tinh", "trung_uong", "other")
KINDS = ("so_ket", "tong_ket", "trien_khai", "other")
ROLES = ("chu_tri", "du_chi_dao", "du", "phat_bieu", "other")


@dataclass(frozen=True)
class Value(Generic[T]):
    """One extracted value, the sentence it came from, the words of it the value was read from and,
    when it was inferred, how."""

    value: T
    evidence: str
    note: str = ""
    quote: str = ""


@dataclass
class Extraction:
    date: Value[datetime.date] | None = None
    day_month: tuple[int, int] | None = None  # when the day is written but no year can be found
    organizer: Value[str] | None = None
    organization: Any = None  # the matched danvan.models.Organization, if a queryset was given
    level: Value[str] | None = None
    kind: Value[str] | None = None
    title: Value[str] | None = None
    period: Value[str] | None = None
    attendees: list[Person] = field(default_factory=list)
    documents: list[CitedDocument] = field(default_factory=list)
    statistics: list[Figure] = field(default_factory=list)
    commendations: CommendationCount | None = None
    directives: list[Directive] = field(default_factory=list)
    byline: Value[str] | None = None

    @property
    def is_empty(self) -> bool:
        return to_json(self) == to_json(Extraction())


# A conference article names a meeting and a party or mass body; anything else is left alone.
_MEETING = re.compile(phrase(*MEETING_WORDS, *EVENT_VERBS))
_PARTY = re.compile(
    phrase("đảng", "ủy", "dân vận", "đồng chí", "đ/c", "mttq", "mặt trận", "ubnd", "hđnd", "chi bộ", "đoàn thể")
)


def extract_conference(text: str, organizations=None) -> Extraction:
    """Everything the article says about its conference; an empty Extraction for anything else.

    `organizations` (a queryset or any iterable of objects with a `name`) lets the organizer
    be matched to a stored Organization; without it no database is touched.
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if not isinstance(text, str) or not text.strip():
        return Extraction()
    try:
        extraction = _extract(Source.from_raw(text))
    except Exception:  # a rule tripping on odd input must not stop a batch: report it, return nothing
        logger.exception("Conference extraction failed")
        return Extraction()
    if extraction.organizer and organizations is not None:
        _attach_organization(extraction, organizations)
    return extraction


def _extract(source: Source) -> Extraction:
    if not (_MEETING.search(source.canon) and _PARTY.search(source.canon)):
        return Extraction()
    organizing = organizing_sentences(source)
    announcement = find_announcement(source)
    title = find_title(source, announcement)
    documents, document_spans = find_documents(source, _announcing_spans(source, organizing, title))
    commendations = find_commendations(source)
    excluded = Spans(document_spans + (commendations.spans if commendations else []))
    byline, byline_paragraph = _byline(source)
    people = find_people(source)
    directives = find_directives(source, byline_paragraph)
    _promote_speakers(people, directives)
    extraction = Extraction(
        attendees=people,
        documents=documents,
        statistics=find_figures(source, excluded),
        commendations=commendations,
        directives=directives,
        byline=byline,
    )
    _describe_conference(source, organizing, announcement, title, extraction)
    return extraction


def _announcing_spans(source: Source, organizing: list[Span], title: Mention | None) -> list[Span]:
    """Where the article says what the conference was: its title and the first sentence announcing it."""
    spans = [Span(title.offset, title.offset + len(title.text))] if title else []
    return spans + organizing[:1]


def _describe_conference(
    source: Source,
    organizing: list[Span],
    announcement: Announcement | None,
    title: Mention | None,
    extraction: Extraction,
) -> None:
    organizer = find_organizer(source, organizing, announcement)
    if organizer:
        evidence = source.evidence(organizer.offset)
        extraction.organizer = Value(organizer.text, evidence, quote=organizer.text)
        extraction.level = Value(level_of(organizer.text, source.text), evidence, quote=organizer.text)
    else:
        extraction.level = _level_without_organizer(source, extraction.attendees)
    kind_spans = ([Span(title.offset, title.offset + len(title.text))] if title else []) + organizing
    kind = find_kind(source, kind_spans)
    if kind:
        extraction.kind = Value(kind[0], source.evidence(kind[1]), quote=_opening(source.text[kind[1] :], words=2))
    elif organizer or title:
        found = title or organizer
        extraction.kind = Value("other", source.evidence(found.offset), quote=_opening(found.text, words=2))
    if title:
        extraction.title = Value(title.text, source.evidence(title.offset), quote=_opening(title.text))
        period = find_period(source, title, extraction.kind.value if extraction.kind else None)
        if period:
            extraction.period = Value(
                period.text, source.evidence(period.offset), note=period.long, quote=_opening(period.text, words=4)
            )
    _date(source, organizing, title, extraction)


def _date(source: Source, organizing: list[Span], title: Mention | None, extraction: Extraction) -> None:
    """The conference day; a missing year from the dateline, an anniversary, the periods named or a document."""
    mentions = dates.find_dates(source)
    day = dates.conference_day(source, mentions, organizing)
    if day is None:
        return
    evidence = source.evidence(day.start)
    quote = source.text[day.start : day.end]
    if day.year:
        written = day.as_date()
        extraction.date = Value(written, evidence, quote=quote) if written else None
        return
    extraction.day_month = (day.day, day.month)
    kind = extraction.kind.value if extraction.kind else None
    guess = _year(source, day, title, kind, extraction.documents, mentions)
    if guess:
        found = day.as_date(guess.year)
        if found:
            extraction.date = Value(found, evidence, note=f"year {guess.year} from {guess.reason}", quote=quote)


def _year(
    source: Source,
    day: dates.DateMention,
    title: Mention | None,
    kind: str | None,
    documents: list[CitedDocument],
    mentions: list[dates.DateMention],
) -> years.YearGuess | None:
    published = years.dateline(source, mentions)
    if published:
        return years.YearGuess(years.year_before(day, published), f"the dateline {published:%d/%m/%Y}")
    spans = [source.sentence_at(day.start)]
    if title:
        spans.insert(0, Span(title.offset, title.offset + len(title.text)))
    if source.paragraphs:
        spans.append(source.paragraphs[0])
    document_dates = {document.code: document.date for document in documents if document.date}
    guess = years.year_from_anniversary(source, spans) or years.year_from_document(source, spans, document_dates)
    if guess:
        return guess
    # The periods of the title and the announcement, then of the opening paragraphs, then of the whole text.
    spans += source.paragraphs[:3] + [Span(0, len(source.text))]
    for span in spans:
        guess = years.year_from_periods(day, years.find_periods(source, span, all_ahead=kind == "trien_khai"))
        if guess:
            return guess
    return years.year_from_dates(day, mentions)


def _level_without_organizer(source: Source, attendees: list[Person]) -> Value[str] | None:
    """The level of the committee the chair serves on, else of the province a headline opens with."""
    for person in attendees:
        if person.role == "chu_tri" and person.position:
            level = level_of(person.position, source.text)
            if level != "other":
                return Value(level, person.evidence, note=f"level of the chair {person.name}", quote=person.name)
    head = headline(source)
    if head:
        words = fold(head.text).split()
        for size in (3, 2):
            if " ".join(words[:size]) in province_names():
                return Value("tinh", head.text, note="a province in the headline", quote=head.text.split(",")[0])
    return None


def _opening(text: str, words: int = 8) -> str:
    """The first words of a value, enough to find it in its sentence."""
    return " ".join(text.split()[:words])


def _promote_speakers(people: list[Person], directives: list[Directive]) -> None:
    """Whoever gave the directives directed the conference, unless they chaired it."""
    speakers = {fold(directive.speaker) for directive in directives if directive.speaker}
    for person in people:
        if fold(person.name) in speakers and person.role in ("du", "phat_bieu"):
            person.role = "du_chi_dao"


_BYLINE_LEAD = re.compile(
    r"^(?:(?i:tin\s+và\s+ảnh|tin\s*,\s*ảnh|bài\s*,\s*ảnh|bài\s+và\s+ảnh|tin/ảnh|bài/ảnh|tin|bài|ảnh|thực\s+hiện)\s*:\s*)"
)
_SOURCE_LINE = re.compile(r"^(?i:theo|nguồn)\b\s*:?\s*\S")
# "PV", "P.V", "NGUYỄN HẢI": an author in capitals, a few words at most.
_CAPITALS = re.compile(rf"^[{UPPER}](?:[{UPPER}.\s–-]){{1,40}}$")
_NAME_START = re.compile(rf"^{CAPITALIZED}\s+{CAPITALIZED}")
_NOT_BYLINE = re.compile(
    phrase("phát biểu", "tổ chức", "dự", "trao", "tặng", "hội nghị", "toàn cảnh", "quang cảnh", "đại biểu", "chủ trì")
)
_BYLINE_LENGTH = 100
_BYLINE_WORDS = 15


def _byline(source: Source) -> tuple[Value[str] | None, int]:
    """The author line closing the article, and the index of its paragraph (len(paragraphs) if none)."""
    if len(source.paragraphs) < 2:
        return None, len(source.paragraphs)
    last = source.paragraphs[-1]
    text = _BYLINE_LEAD.sub("", source.cut(last)).strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    words = text.split()
    if not text or len(text) > _BYLINE_LENGTH or len(words) > _BYLINE_WORDS:
        return None, len(source.paragraphs)
    ends_as_sentence = text.endswith((".", ":", ";", "!", "?")) and len(words) > 5
    looks_like_author = (
        _SOURCE_LINE.match(text) or (_CAPITALS.match(text) and len(words) <= 5) or _NAME_START.match(text)
    )
    if ends_as_sentence or not looks_like_author or _NOT_BYLINE.search(source.canon, last.start, last.end):
        return None, len(source.paragraphs)
    return Value(text.rstrip("."), text, quote=text.rstrip(".")), len(source.paragraphs) - 1


def _attach_organization(extraction: Extraction, organizations) -> None:
    organization = match_organization(extraction.organizer.value, organizations)
    if organization is None:
        return
    extraction.organization = organization
    level = level_of_organization(organization)
    if level:
        extraction.level = Value(level, extraction.organizer.evidence, note=f"level of {organization.name}")


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def to_json(extraction: Extraction) -> dict:
    """The extraction in the portal's exchange shape; null wherever the article says nothing."""

    def plain(found: Value | None):
        return found.value if found else None

    commendations = extraction.commendations
    return {
        "conference": {
            "date": _iso(plain(extraction.date)),
            "organizer": plain(extraction.organizer),
            "level": plain(extraction.level),
            "kind": plain(extraction.kind),
            "title": plain(extraction.title),
            "period": plain(extraction.period),
        },
        "attendees": [
            {"name": person.name, "position": person.position, "role": person.role} for person in extraction.attendees
        ],
        "documents": [
            {
                "code": document.code,
                "type": document.type,
                "number": document.number,
                "issuer_code": document.issuer_code,
                "date": _iso(document.date),
                "relation": document.relation,
                "issuer": document.issuer,
                "title": document.title,
            }
            for document in extraction.documents
        ],
        "statistics": [
            {"text": figure.text, "value": figure.value, "unit": figure.unit} for figure in extraction.statistics
        ],
        "commendations": (
            {"collectives": commendations.collectives, "individuals": commendations.individuals}
            if commendations
            else None
        ),
        "directives": [directive.text for directive in extraction.directives],
        "byline": plain(extraction.byline),
    }
