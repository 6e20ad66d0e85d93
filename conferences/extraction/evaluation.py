"""Scoring extractions against hand-checked JSON of the same shape (see `to_json`).

Every field is scored as true positives, false positives and false negatives summed over
the articles (micro-average). Lists are compared as sets, texts without diacritics or case:
- attendee names exactly; positions (name + position, abbreviations spelled out on both sides) and
  directives by word overlap
  (shared words / words of the longer text) of at least `POSITION_OVERLAP` / `DIRECTIVE_OVERLAP`;
- statistics by value and unit, a unit also matching a longer unit it starts ("lượt" ~ "lượt cán bộ");
- documents by code, and by code with their date, role (reviewed or cited), issuer (exactly) and
  title (by word overlap); a date, issuer or title the expected file leaves empty is not scored;
- levels with "tw" read as "trung_uong";
- single values (date, organizer, kind, level, period, byline, title) as one slot per article, also
  reported as the share of articles where the value is exactly right (both empty counts as right);
- commendations as two slots per article (collectives, individuals); an article is exactly right
  when both counts are.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from conferences.extraction.abbreviations import expand_abbreviations
from danvan.text import fold

DIRECTIVE_OVERLAP = 0.6
POSITION_OVERLAP = 0.8
TITLE_OVERLAP = 0.6
PERIOD_OVERLAP = 0.8
LEVEL_ALIASES = {"tw": "trung_uong"}

FIELDS = (
    "attendee names",
    "attendee positions",
    "attendee roles",
    "document codes",
    "document dates",
    "document roles",
    "document issuers",
    "document titles",
    "statistics",
    "directives",
    "commendations",
    "date",
    "organizer",
    "kind",
    "level",
    "period",
    "byline",
    "title",
)
SINGLE_VALUES = ("date", "organizer", "kind", "level", "period", "byline", "title")
EXACT_RATES = (*SINGLE_VALUES, "commendations")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact: int = 0  # single values: articles where the value is exactly right
    articles: int = 0

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.exact += other.exact
        self.articles += other.articles

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else (1.0 if not self.fp else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def exact_rate(self) -> float:
        return self.exact / self.articles if self.articles else 1.0


@dataclass
class Report:
    scores: dict[str, Score] = field(default_factory=lambda: {name: Score() for name in FIELDS})
    details: list[tuple[str, str, list, list]] = field(default_factory=list)  # (article, field, missed, extra)

    @property
    def total(self) -> Score:
        total = Score()
        for score in self.scores.values():
            total.add(Score(score.tp, score.fp, score.fn))
        return total


def words(text: str | None) -> set[str]:
    return set(re.findall(r"\w+", fold(text or "")))


def overlap(first: str | None, second: str | None) -> float:
    a, b = words(first), words(second)
    return len(a & b) / max(len(a), len(b)) if a and b else 0.0


def _match(expected: list, predicted: list, similar: Callable[[object, object], bool]) -> tuple[int, list, list]:
    """Greedy one-to-one matching: (matched count, expected items missed, predicted items extra)."""
    remaining = list(predicted)
    missed = []
    for item in expected:
        partner = next((candidate for candidate in remaining if similar(item, candidate)), None)
        if partner is None:
            missed.append(item)
        else:
            remaining.remove(partner)
    return len(expected) - len(missed), missed, remaining


def _score(expected: list, predicted: list, similar=lambda a, b: a == b) -> tuple[Score, list, list]:
    tp, missed, extra = _match(_unique(expected), _unique(predicted), similar)
    return Score(tp, len(extra), len(missed)), missed, extra


def _unique(items: Iterable) -> list:
    seen, unique = [], []
    for item in items:
        if item not in seen:
            seen.append(item)
            unique.append(item)
    return unique


def _single(expected, predicted, similar=lambda a, b: a == b) -> tuple[Score, list, list]:
    right = (expected is None and predicted is None) or (
        expected is not None and predicted is not None and similar(expected, predicted)
    )
    score = Score(exact=int(right), articles=1)
    if expected is not None and predicted is not None and right:
        score.tp = 1
    else:
        score.fn = int(expected is not None)
        score.fp = int(predicted is not None)
    missed = [expected] if expected is not None and not right else []
    extra = [predicted] if predicted is not None and not right else []
    return score, missed, extra


def _level(level: str) -> str:
    """Hand-checked files may write the central level "tw", as in document numbers (…/TW)."""
    return LEVEL_ALIASES.get(level, level)


def _same_unit(a: str, b: str) -> bool:
    a, b = fold(a), fold(b)
    return a == b or a.startswith(b + " ") or b.startswith(a + " ")


def _same_figure(a: tuple, b: tuple) -> bool:
    return abs(float(a[0]) - float(b[0])) < 1e-9 and _same_unit(a[1], b[1])


def _same_position(a: tuple, b: tuple) -> bool:
    # "MTTQ" and "Mặt trận Tổ quốc" are one title: compare them spelled out.
    return a[0] == b[0] and overlap(expand_abbreviations(a[1]), expand_abbreviations(b[1])) >= POSITION_OVERLAP


def compare(expected: dict, predicted: dict) -> dict[str, tuple[Score, list, list]]:
    """The score of one article for every field, with what was missed and what was extra."""
    e_people, p_people = expected.get("attendees") or [], predicted.get("attendees") or []
    e_docs, p_docs = expected.get("documents") or [], predicted.get("documents") or []
    e_conf, p_conf = expected.get("conference") or {}, predicted.get("conference") or {}
    results = {
        "attendee names": _score([fold(p["name"]) for p in e_people], [fold(p["name"]) for p in p_people]),
        "attendee positions": _score(
            [(fold(p["name"]), p["position"]) for p in e_people if p.get("position")],
            [(fold(p["name"]), p["position"]) for p in p_people if p.get("position")],
            _same_position,
        ),
        "attendee roles": _score(
            [(fold(p["name"]), p["role"]) for p in e_people], [(fold(p["name"]), p["role"]) for p in p_people]
        ),
        "document codes": _score([d["code"].casefold() for d in e_docs], [d["code"].casefold() for d in p_docs]),
        "document dates": _document_detail(e_docs, p_docs, "date"),
        "document roles": _document_detail(e_docs, p_docs, "relation"),
        "document issuers": _document_detail(e_docs, p_docs, "issuer", lambda a, b: fold(a) == fold(b)),
        "document titles": _document_detail(e_docs, p_docs, "title", lambda a, b: overlap(a, b) >= TITLE_OVERLAP),
        "statistics": _score(
            [(s["value"], s["unit"]) for s in expected.get("statistics") or []],
            [(s["value"], s["unit"]) for s in predicted.get("statistics") or []],
            _same_figure,
        ),
        "directives": _score(
            expected.get("directives") or [],
            predicted.get("directives") or [],
            lambda a, b: overlap(a, b) >= DIRECTIVE_OVERLAP,
        ),
        "commendations": _commendations(expected.get("commendations"), predicted.get("commendations")),
    }
    for name in ("date", "kind"):
        results[name] = _single(e_conf.get(name), p_conf.get(name))
    results["level"] = _single(e_conf.get("level"), p_conf.get("level"), lambda a, b: _level(a) == _level(b))
    results["period"] = _single(
        e_conf.get("period"), p_conf.get("period"), lambda a, b: overlap(a, b) >= PERIOD_OVERLAP
    )
    results["organizer"] = _single(e_conf.get("organizer"), p_conf.get("organizer"), lambda a, b: fold(a) == fold(b))
    results["title"] = _single(e_conf.get("title"), p_conf.get("title"), lambda a, b: overlap(a, b) >= TITLE_OVERLAP)
    results["byline"] = _single(expected.get("byline"), predicted.get("byline"), lambda a, b: fold(a) == fold(b))
    return results


def _document_detail(expected: list, predicted: list, key: str, similar=None) -> tuple[Score, list, list]:
    """(code, value) pairs of the documents whose expected `key` is given; a predicted value counts
    only for those documents, so a detail the hand-checked file leaves open is neither right nor wrong."""
    wanted = {d["code"].casefold() for d in expected if d.get(key)}
    pairs = [(d["code"].casefold(), d[key]) for d in expected if d.get(key)]
    found = [(d["code"].casefold(), d.get(key)) for d in predicted if d["code"].casefold() in wanted and d.get(key)]
    if similar is None:
        return _score(pairs, found)
    return _score(pairs, found, lambda a, b: a[0] == b[0] and similar(a[1], b[1]))


def _commendations(expected: dict | None, predicted: dict | None) -> tuple[Score, list, list]:
    total, missed, extra = Score(articles=1, exact=1), [], []
    for slot in ("collectives", "individuals"):
        score, slot_missed, slot_extra = _single((expected or {}).get(slot), (predicted or {}).get(slot))
        total.add(Score(score.tp, score.fp, score.fn))
        total.exact = min(total.exact, score.exact)
        missed += [(slot, value) for value in slot_missed]
        extra += [(slot, value) for value in slot_extra]
    return total, missed, extra


def evaluate(articles: Iterable[tuple[str, dict, dict]]) -> Report:
    """Score (name, expected, predicted) triples into one report."""
    report = Report()
    for name, expected, predicted in articles:
        for field_name, (score, missed, extra) in compare(expected, predicted).items():
            report.scores[field_name].add(score)
            if missed or extra:
                report.details.append((name, field_name, missed, extra))
    return report


def format_table(report: Report, headers: dict[str, str] | None = None) -> str:
    """A plain-text table: one line per field and a total line (micro-average over all fields)."""
    headers = headers or {}
    columns = [headers.get(key, key) for key in ("field", "tp", "fp", "fn", "precision", "recall", "f1", "exact")]
    rows = [_row(name, score, exact=name in EXACT_RATES) for name, score in report.scores.items()]
    rows.append(_row(headers.get("total", "total"), report.total, exact=False))
    widths = [max(len(str(row[i])) for row in [columns, *rows]) for i in range(len(columns))]
    lines = [_line(columns, widths), "  ".join("-" * width for width in widths)]
    lines += [_line(row, widths) for row in rows[:-1]]
    lines += ["  ".join("-" * width for width in widths), _line(rows[-1], widths)]
    return "\n".join(lines)


def _row(name: str, score: Score, exact: bool) -> list[str]:
    return [
        name,
        str(score.tp),
        str(score.fp),
        str(score.fn),
        f"{score.precision:.3f}",
        f"{score.recall:.3f}",
        f"{score.f1:.3f}",
        f"{score.exact_rate:.3f}" if exact else "",
    ]


def _line(cells: list[str], widths: list[int]) -> str:
    first = cells[0].ljust(widths[0])
    rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
    return "  ".join([first, *rest]).rstrip()
