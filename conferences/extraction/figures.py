"""Key figures ("29 mô hình", "87,03%", "3.654 đảng viên") and commendation counts."""

import re
from dataclasses import dataclass

from conferences.extraction.gazetteers import UNITS
from conferences.extraction.source import NUMBER, Source, Span, Spans, parse_number, phrase
from danvan.text import fold

# "3 nghìn người" counts 3000 people; "450 triệu đồng" is a sum in the unit "triệu đồng".
_SCALES = {"nghin": 1_000, "ngan": 1_000, "van": 10_000, "trieu": 1_000_000}
_FIGURE = re.compile(
    rf"(?P<number>{NUMBER})(?:/\d+)?(?:\s*(?P<percent>%)"
    rf"|(?:\s+(?P<scale>{phrase('nghìn', 'ngàn', 'vạn', 'triệu')})(?!\s+(?i:đồng)))?\s+(?P<unit>{phrase(*UNITS)}))"
)
_FIGURE_TEXT_END = re.compile(r"[,;.:()\n“”\"]")
_FIGURE_TEXT_LIMIT = 80

_COMMENDING = re.compile(
    phrase(
        "biểu dương",
        "khen thưởng",
        "tuyên dương",
        "vinh danh",
        "giấy khen",
        "bằng khen",
        "trao thưởng",
        "tặng thưởng",
        "khen tặng",
        "trao tặng",
        "tặng",
    )
)
_COUNTED = re.compile(rf"(?P<number>{NUMBER})\s+(?P<what>{phrase('tập thể', 'cá nhân')})")
_BEFORE_WINDOW = 150
_AFTER_WINDOW = 60


@dataclass(frozen=True)
class Figure:
    text: str
    value: int | float
    unit: str
    evidence: str
    span: Span


@dataclass
class CommendationCount:
    collectives: int | None
    individuals: int | None
    form: str
    evidence: list[str]
    spans: list[Span]


def _form(verb: str) -> str:
    folded = fold(verb)
    if "giay khen" in folded:
        return "giay_khen"
    if "bang khen" in folded:
        return "bang_khen"
    if any(word in folded for word in ("bieu duong", "tuyen duong", "vinh danh")):
        return "bieu_duong"
    return "other"


def _commending_verb(source: Source, sentence: Span, count: re.Match) -> re.Match | None:
    """The praise or award word governing a count: before it in the clause, or just after it."""
    before_start = max(sentence.start, count.start() - _BEFORE_WINDOW)
    clause_start = source.canon.rfind(";", before_start, count.start()) + 1 or before_start
    verbs = list(_COMMENDING.finditer(source.canon, max(clause_start, before_start), count.start()))
    if verbs:
        return verbs[-1]
    after_end = min(sentence.end, count.end() + _AFTER_WINDOW)
    clause_end = source.canon.find(";", count.end(), after_end)
    return _COMMENDING.search(source.canon, count.end(), clause_end if clause_end >= 0 else after_end)


def find_commendations(source: Source) -> CommendationCount | None:
    """Totals of collectives and individuals praised or awarded; a repeated pair (headline, lead) counts once."""
    seen: set[tuple[int | None, int | None]] = set()
    total = CommendationCount(None, None, "other", [], [])
    for sentence in source.sentences:
        if not _COMMENDING.search(source.canon, sentence.start, sentence.end):
            continue
        counts: dict[str, int] = {}
        verb_text, spans = "", []
        for count in _COUNTED.finditer(source.canon, sentence.start, sentence.end):
            verb = _commending_verb(source, sentence, count)
            if not verb:
                continue
            key = "collectives" if fold(count["what"]) == "tap the" else "individuals"
            counts[key] = counts.get(key, 0) + int(parse_number(count["number"]))
            verb_text = verb_text or verb[0]
            spans.append(Span(count.start(), count.end()))
        pair = (counts.get("collectives"), counts.get("individuals"))
        if not counts or pair in seen:
            continue
        seen.add(pair)
        total.collectives = _add(total.collectives, pair[0])
        total.individuals = _add(total.individuals, pair[1])
        total.form = total.form if total.evidence else _form(verb_text)
        total.evidence.append(source.cut(sentence))
        total.spans += spans
    return total if total.evidence else None


def _add(total: int | None, more: int | None) -> int | None:
    if more is None:
        return total
    return (total or 0) + more


def find_figures(source: Source, excluded: Spans) -> list[Figure]:
    """Counted figures with a unit from the gazetteer, outside document numbers and commendation counts."""
    matches = [match for match in _FIGURE.finditer(source.canon) if match.start() not in excluded]
    figures, seen = [], set()
    for index, match in enumerate(matches):
        value = parse_number(match["number"])
        if match["scale"]:
            value = _scaled(value, _SCALES[fold(match["scale"])])
        unit = "%" if match["percent"] else " ".join(source.text[match.start("unit") : match.end("unit")].split())
        unit = unit if unit == "%" else unit.lower()
        next_start = matches[index + 1].start() if index + 1 < len(matches) else len(source.text)
        text = _figure_text(source, match, next_start)
        key = (value, fold(unit), fold(text))
        if key in seen:
            continue
        seen.add(key)
        figures.append(Figure(text, value, unit, source.evidence(match.start()), Span(match.start(), match.end())))
    return figures


def _scaled(value: int | float, scale: int) -> int | float:
    scaled = value * scale
    return int(scaled) if float(scaled).is_integer() else scaled


def _figure_text(source: Source, match: re.Match, next_start: int) -> str:
    """The figure and what it counts, up to punctuation or the next figure: "29 mô hình dân vận khéo"."""
    limit = min(next_start, match.end() + _FIGURE_TEXT_LIMIT)
    stop = _FIGURE_TEXT_END.search(source.text, match.end(), limit)
    end = stop.start() if stop else limit
    if not stop and end < next_start:
        space = source.text.rfind(" ", match.end(), end)
        end = space if space > match.end() else end
    text = " ".join(source.text[match.start() : end].split())
    return re.sub(r"\s+(?:và|với|cùng|của|,)$", "", text)
