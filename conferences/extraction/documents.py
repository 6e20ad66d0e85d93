"""Documents the article names: their number, date, issuer and subject, and whether the conference
reviewed them ("tổng kết 10 năm thực hiện Nghị quyết 25") or only cited them.

Articles write a document as "Nghị quyết số 25-NQ/TW ngày 03/6/2013 của Ban Chấp hành Trung ương
Đảng (khóa XI) về “Tăng cường …”": the number, then in that order and each optional a date, the
issuer after "của" and the subject after "về". A document named again without its code ("Nghị
quyết 25", "Chỉ thị 05") is the same document when type and number agree.
"""

import dataclasses
import datetime
import re
from dataclasses import dataclass

from conferences.extraction import dates
from conferences.extraction.abbreviations import expand_abbreviations
from conferences.extraction.source import UPPER, Source, Span, phrase, retone
from danvan.documents import DOCUMENT_TYPES, find_document_numbers
from danvan.text import fold

DOCUMENT_TYPE_SLUGS = ("nghi_quyet", "de_an", "chi_thi", "ke_hoach", "ket_luan", "huong_dan", "quyet_dinh")
REVIEWED, CITED = "reviewed", "cited"


@dataclass(frozen=True)
class CitedDocument:
    code: str
    type: str
    number: str
    issuer_code: str
    date: datetime.date | None
    evidence: str
    relation: str = CITED
    issuer: str | None = None
    title: str | None = None
    quote: str = ""  # the number as the article prints it

    def completed(self, issuer: str | None, title: str | None, date: datetime.date | None) -> "CitedDocument":
        """The document with what it lacks filled in from elsewhere (the register); nothing it has is replaced."""
        return dataclasses.replace(
            self, issuer=self.issuer or issuer, title=self.title or title, date=self.date or date
        )


_TYPE_WORDS = {fold(document_type.name): document_type.slug for document_type in DOCUMENT_TYPES}
# "Nghị quyết 25", "Chỉ thị số 05", "Đề án 03": a document named by type and number only.
_SHORT_REFERENCE = re.compile(
    rf"(?P<type>{phrase(*(t.name for t in DOCUMENT_TYPES))})\s+(?:(?i:số)\s+)?(?P<number>\d{{1,4}})(?![\d/-])"
)
_ISSUER_LEAD = re.compile(rf"\s*,?\s*{phrase('của')}\s+")
# The issuer is a body's name: it ends at punctuation or at the first word that goes on with the sentence.
_ISSUER_END = re.compile(
    r"\s*(?:[,;:.(“\"\n]|\s"
    + phrase(
        "về",
        "khóa",
        "ban hành",
        "ngày",
        "đã",
        "đến",
        "trên",
        "tại",
        "và",
        "qua đó",
        "qua",
        "nhằm",
        "để",
        "thì",
        "được",
        "cho",
        "với",
        "gắn",
        "theo",
        "trong",
        "là",
        "nay",
        "thực hiện",
        "triển khai",
    )
    + r")"
)
_TERM = re.compile(rf"\s*,?\s*(?P<open>\()?\s*{phrase('khóa', 'khoá')}\s+[IVXLC\d]+(?![\w])\s*\)?")
_SUBJECT_LEAD = re.compile(rf"\s*,?\s*{phrase('về', 'về việc')}\s+")
_QUOTED = re.compile(r"[“\"](?P<text>[^”\"\n]{3,400})[”\"]")
# An unquoted subject ends with its clause: a stop, a comma before a capital that starts the next one or
# before a date, the quoted subject of a document it names, or another document.
_SUBJECT_END = re.compile(
    rf"[;.\n(]|,\s*(?=[{UPPER}])|,\s*(?=(?:đồng chí|đ/c|qua|sau|từ đó|nhằm|để|ngày\s+\d+)\b)|\s(?=về\s+[“\"])"
    rf"|\s(?=và\s+(?:{'|'.join(t.name for t in DOCUMENT_TYPES)})\b)"
)
_ENDS_WITH_CODE = re.compile(r"\d+\s*[-/]\s*[^\W\d_]+\s*[/-]\s*[^\W\d_.]+$")
_ISSUER_LIMIT = 90
_SUBJECT_LIMIT = 400
# What opens a review: the anniversary of a document or its "sơ kết", "tổng kết".
_REVIEWING = re.compile(
    rf"(?:{phrase('sơ kết', 'tổng kết', 'đánh giá')}|\d+\s+{phrase('năm')})\s+"
    rf"(?:\S+\s+){{0,6}}?{phrase('thực hiện', 'triển khai', 'thi hành', 'học tập')}"
)


def find_documents(source: Source, reviewed_spans: list[Span]) -> tuple[list[CitedDocument], list[Span]]:
    """Every document with a code, once per code; those named in `reviewed_spans` after a review word are reviewed."""
    by_code: dict[str, CitedDocument] = {}
    spans = []
    reviewed = _reviewed_references(source, reviewed_spans)
    for number, start, end in find_document_numbers(source.text):
        spans.append(Span(start, end))
        issued = dates.date_right_after(source, end)
        issuer, subject = _described(source, end)
        known = by_code.get(number.code)
        relation = REVIEWED if _is_reviewed(number, start, reviewed) else CITED
        if known is None:
            slug = number.type_slug if number.type_slug in DOCUMENT_TYPE_SLUGS else "other"
            by_code[number.code] = CitedDocument(
                number.code,
                slug,
                number.number,
                number.issuer_code,
                issued,
                source.evidence(start),
                relation,
                issuer,
                subject,
                source.text[start:end],
            )
            continue
        by_code[number.code] = CitedDocument(
            known.code,
            known.type,
            known.number,
            known.issuer_code,
            known.date or issued,
            known.evidence if known.date or not issued else source.evidence(start),
            REVIEWED if REVIEWED in (known.relation, relation) else CITED,
            known.issuer or issuer,
            known.title or subject,
            known.quote,
        )
    return list(by_code.values()), spans


def _reviewed_references(source: Source, spans: list[Span]) -> list[tuple[int, int, str | None, str | None]]:
    """(start, end, type slug, number) of what each review clause names; the slug and number are None for a code."""
    references = []
    for span in spans:
        for review in _REVIEWING.finditer(source.canon, span.start, span.end):
            clause_end = _clause_end(source, review.end(), span.end)
            references.append((review.start(), clause_end, None, None))
            for short in _SHORT_REFERENCE.finditer(source.canon, review.end(), clause_end):
                slug = _TYPE_WORDS.get(fold(short["type"]))
                references.append((short.start(), short.end(), slug, short["number"].lstrip("0")))
    return references


def _clause_end(source: Source, start: int, limit: int) -> int:
    """A review clause goes on to the next one ("; Tổng kết phong trào …") or to the end of the span."""
    following = _REVIEWING.search(source.canon, start, limit)
    return following.start() if following else limit


def _is_reviewed(number, start: int, references) -> bool:
    for ref_start, ref_end, slug, short_number in references:
        if slug is None and ref_start <= start < ref_end:
            return True
        if slug == number.type_slug and short_number == number.number.lstrip("0"):
            return True
    return False


def reference_end(source: Source, start: int, limit: int) -> tuple[int, int] | None:
    """Where the document named at `start` ("Nghị quyết số 25-NQ/TW ngày … của … về “…”") ends: (end of
    its number, end of all that describes it); None when no document is named there."""
    window = source.text[start:limit]
    numbers = [(s, e) for _, s, e in find_document_numbers(window) if s < 40]
    short = _SHORT_REFERENCE.match(source.canon, start, limit)
    if numbers:
        number_end = start + numbers[0][1]
    elif short:
        number_end = short.end()
    else:
        return None
    return number_end, _described_end(source, number_end)


def _described(source: Source, end: int) -> tuple[str | None, str | None]:
    issuer, subject, _ = _description(source, end)
    return issuer, subject


def _described_end(source: Source, end: int) -> int:
    return _description(source, end)[2]


def _description(source: Source, end: int) -> tuple[str | None, str | None, int]:
    """The issuer ("của …") and the subject ("về …") written after a document's number and date,
    and where they end."""
    offset = end
    date = dates.document_date_span(source, offset)
    if date:
        offset = date
    issuer = None
    lead = _ISSUER_LEAD.match(source.canon, offset)
    if lead:
        stop = _ISSUER_END.search(source.canon, lead.end(), lead.end() + _ISSUER_LIMIT)
        issuer_end = stop.start() if stop else None
        if issuer_end and issuer_end > lead.end():
            issuer = source.text[lead.end() : issuer_end].strip()
            offset = issuer_end
    term = _TERM.match(source.canon, offset)
    if term:
        if issuer and not term["open"]:
            issuer = f"{issuer} {' '.join(source.text[offset : term.end()].split()).strip(' ,')}"
        offset = term.end()
    if issuer:
        issuer = expand_abbreviations(issuer)
    subject_lead = _SUBJECT_LEAD.match(source.canon, offset)
    if subject_lead:
        subject, subject_end = _subject(source, subject_lead.end())
        return issuer, subject, subject_end
    # "… của Thủ tướng Chính phủ “về tăng cường …”": the subject quoted with its "về".
    quoted = _QUOTED.match(source.text, offset + len(source.text[offset:]) - len(source.text[offset:].lstrip()))
    if quoted and _SUBJECT_LEAD.match(" " + retone(quoted["text"])):
        return issuer, _capitalized(_SUBJECT_LEAD.sub("", " " + quoted["text"], count=1)), quoted.end()
    return issuer, None, offset


def _subject(source: Source, start: int) -> tuple[str | None, int]:
    quoted = _QUOTED.match(source.text, start)
    if quoted:
        return _capitalized(quoted["text"]), quoted.end()
    limit = min(len(source.text), start + _SUBJECT_LIMIT)
    end = limit
    for stop in _SUBJECT_END.finditer(source.text, start, limit):
        # "… Nghị quyết số 25-NQ/TW, ngày 03/6/2013 của …": the date of a document the subject names.
        if not _ENDS_WITH_CODE.search(source.text, start, stop.start()):
            end = stop.start()
            break
    return _capitalized(source.text[start:end]), end


def _capitalized(text: str) -> str | None:
    text = " ".join(text.split()).strip(" ,")
    return text[:1].upper() + text[1:] if len(text.split()) >= 2 else None
