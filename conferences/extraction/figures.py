"""Key figures ("29 mô hình", "87,03%", "3.654 đảng viên") and commendation counts."""

import re
from dataclasses import dataclass, field

from conferences.extraction.gazetteers import UNITS
from conferences.extraction.source import NUMBER, Source, Span, Spans, parse_number, phrase, retone
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
        "kỷ niệm chương",
        "trao thưởng",
        "tặng thưởng",
        "khen tặng",
        "trao tặng",
        "trao",
        "tặng",
    )
)
# Counts up to ninety-nine written in words: "năm cá nhân", "mười hai tập thể", "hai mươi mốt cá nhân".
_DIGIT_WORDS = {
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
}
_NUMBER_WORDS = (
    r"(?:(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín)\s+mươi(?:\s+(?:mốt|hai|ba|bốn|tư|lăm|năm|sáu|bảy|tám|chín))?"
    r"|mười(?:\s+(?:một|hai|ba|bốn|lăm|năm|sáu|bảy|tám|chín))?"
    r"|một|hai|ba|bốn|năm|sáu|bảy|tám|chín)"
)
_COUNT = (
    rf"(?:(?P<number>{NUMBER})|(?i:(?<![\w])(?P<words>{_NUMBER_WORDS})))\s+(?P<what>{phrase('tập thể', 'cá nhân')})"
)
_COUNTED = re.compile(_COUNT)
# "15 tập thể và 24 cá nhân", "45 tập thể, 50 cá nhân": counts given together share their verb.
_TOGETHER = re.compile(r"\s*(?:,|;|(?i:và)|(?i:cùng))\s*")
_GIFT = re.compile(
    phrase("quà", "suất quà", "phần quà", "tiền", "học bổng", "xe đạp", "nhà", "sổ tiết kiệm", "hiện vật")
)
_BEFORE_WINDOW = 150
_AFTER_WINDOW = 80


def number_in_words(words: str) -> int:
    """ "hai mươi mốt" → 21, "mười lăm" → 15, "năm" → 5."""
    parts = retone(words.lower()).split()
    if parts[0] == retone("mười"):
        return 10 + (_DIGIT_WORDS.get(parts[1], 0) if len(parts) > 1 else 0)
    if len(parts) >= 2 and parts[1] == retone("mươi"):
        return 10 * _DIGIT_WORDS[parts[0]] + (_DIGIT_WORDS.get(parts[2], 0) if len(parts) > 2 else 0)
    return _DIGIT_WORDS[parts[0]]


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
    quotes: list[tuple[str, str]] = field(default_factory=list)  # (sentence, the counts as written in it)


def _form(verb: str) -> str:
    folded = fold(verb)
    if "giay khen" in folded:
        return "giay_khen"
    if "bang khen" in folded:
        return "bang_khen"
    if any(word in folded for word in ("bieu duong", "tuyen duong", "vinh danh")):
        return "bieu_duong"
    return "other"


def _commending_verb(source: Source, sentence: Span, start: int, end: int) -> re.Match | None:
    """The praise or award word governing counts at start…end: before them in the clause, or just after."""
    before_start = max(sentence.start, start - _BEFORE_WINDOW)
    clause_start = source.canon.rfind(";", before_start, start) + 1 or before_start
    verbs = list(_COMMENDING.finditer(source.canon, max(clause_start, before_start), start))
    if verbs:
        return verbs[-1]
    after_end = min(sentence.end, end + _AFTER_WINDOW)
    clause_end = source.canon.find(";", end, after_end)
    return _COMMENDING.search(source.canon, end, clause_end if clause_end >= 0 else after_end)


@dataclass
class _Line:
    """The commendation counts of one sentence."""

    sentence: Span
    collectives: int | None
    individuals: int | None
    verb: str
    spans: list[Span]

    @property
    def pair(self) -> tuple[int, int]:
        return (self.collectives or 0, self.individuals or 0)


def _groups(source: Source, sentence: Span) -> list[list[re.Match]]:
    """The counts of a sentence, those written together ("15 tập thể và 24 cá nhân") in one group."""
    groups: list[list[re.Match]] = []
    for count in _COUNTED.finditer(source.canon, sentence.start, sentence.end):
        previous = groups[-1][-1] if groups else None
        if previous and _TOGETHER.fullmatch(source.canon, previous.end(), count.start()):
            groups[-1].append(count)
        else:
            groups.append([count])
    return groups


def _is_gift(source: Source, verb: re.Match, count_start: int) -> bool:
    """ "trao 30 suất quà cho 30 cá nhân": what is handed over is a present, not an award."""
    if fold(verb[0]) not in ("trao", "tang", "trao tang"):
        return False
    between = source.canon[min(verb.end(), count_start) : max(verb.end(), count_start)]
    return bool(_GIFT.search(between))


def _line(source: Source, sentence: Span) -> _Line | None:
    counts: dict[str, int] = {}
    verb_text, spans = "", []
    for group in _groups(source, sentence):
        verb = _commending_verb(source, sentence, group[0].start(), group[-1].end())
        if not verb or _is_gift(source, verb, group[0].start()):
            continue
        for count in group:
            key = "collectives" if fold(count["what"]) == "tap the" else "individuals"
            value = int(parse_number(count["number"])) if count["number"] else number_in_words(count["words"])
            counts[key] = counts.get(key, 0) + value
            spans.append(Span(count.start(), count.end()))
        verb_text = verb_text or verb[0]
    if not counts:
        return None
    return _Line(sentence, counts.get("collectives"), counts.get("individuals"), verb_text, spans)


def _clauses(source: Source, sentence: Span) -> list[Span]:
    """The parts of a sentence between ";": each award of a list ("BTV tặng …; UBND tặng …") on its own."""
    cuts = [sentence.start + semicolon.start() for semicolon in re.finditer(";", source.cut(sentence))]
    starts = [sentence.start] + [cut + 1 for cut in cuts]
    return [Span(start, end) for start, end in zip(starts, [*cuts, sentence.end], strict=True)]


def _is_total(lines: list[_Line], index: int) -> bool:
    """Whether a line is the sum of two or more lines right after (or before) it: "khen thưởng 15 tập thể …;
    trong đó Tỉnh ủy tặng 5 …, UBND tỉnh tặng 10 …"."""
    pair = lines[index].pair
    for parts in (lines[index + 1 :], lines[:index][::-1]):
        total = (0, 0)
        for number, line in enumerate(parts, start=1):
            total = (total[0] + line.pair[0], total[1] + line.pair[1])
            if total == pair and number >= 2:
                return True
    return False


def find_commendations(source: Source) -> CommendationCount | None:
    """Totals of collectives and individuals praised or awarded, added up over the lines that give them;
    a headline repeating the body, a sentence printed twice and a line summing the others count once."""
    headline = source.paragraphs[0] if len(source.paragraphs) > 1 else None
    lines, seen_sentences = [], set()
    for sentence in source.sentences:
        text = " ".join(source.cut(sentence).split())
        if text in seen_sentences or not _COMMENDING.search(source.canon, sentence.start, sentence.end):
            continue
        seen_sentences.add(text)
        for clause in _clauses(source, sentence):
            line = _line(source, clause)
            if line:
                lines.append(line)
    body = [line for line in lines if not (headline and line.sentence.start < headline.end)]
    body = [line for index, line in enumerate(body) if not _is_total(body, index)]
    kept = body or lines[:1]
    if not kept:
        return None
    total = CommendationCount(None, None, _form(kept[0].verb), [], [])
    for line in kept:
        total.collectives = _add(total.collectives, line.collectives)
        total.individuals = _add(total.individuals, line.individuals)
        total.evidence.append(source.cut(line.sentence))
        total.spans += line.spans
        total.quotes.append((source.cut(line.sentence), source.text[line.spans[0].start : line.spans[-1].end]))
    return total


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
