"""The development corpus itself: files, index, strata, the shape of every expectation, the split.

The corpus (tests/extraction/articles/corpus/) is what the extractor is measured on. These tests
read only the corpus and the seed expectations; they never run the extractor.
"""

import datetime
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from danvan.documents import DocumentNumberError, parse_document_number

HERE = Path(__file__).parent
CORPUS = HERE / "articles" / "corpus"
SEED_EXPECTED = HERE / "expected"
INDEX = json.loads((CORPUS / "index.json").read_text(encoding="utf-8"))
STEMS = sorted(path.stem for path in CORPUS.glob("*.txt"))
BY_ID = {entry["id"]: entry for entry in INDEX}

LEVELS = {"xa", "huyen", "tinh", "tw"}
KINDS = {"so_ket", "tong_ket", "trien_khai", "chuyen_de", "doi_thoai", "other"}
ROLES = {"chu_tri", "du_chi_dao", "du"}
RELATIONS = {"reviewed", "cited"}
SPLITS = {"dev", "held_out"}
EVENT_FORMS = {
    "hội nghị",
    "họp mặt",
    "giao ban",
    "lễ tuyên dương",
    "chương trình tuyên dương",
    "lễ kỷ niệm",
    "tọa đàm",
    "trực báo",
}
NOT_A_CONFERENCE = {"họp mặt", "lễ tuyên dương", "giao ban", "chương trình tuyên dương"}
REFORM = datetime.date(2025, 7, 1)
FIRST_DAY, LAST_DAY = datetime.date(2015, 1, 1), datetime.date(2025, 12, 31)

ADDED_CONFERENCE_KEYS = {"period"}
ADDED_DOCUMENT_KEYS = {"relation", "issuer", "title"}


def _seed_keys():
    """The keys the hand-written seed expectations use, which every corpus expectation must use too."""
    top, conference, attendee, document, figure = set(), set(), set(), set(), set()
    for path in SEED_EXPECTED.glob("*.json"):
        seed = json.loads(path.read_text(encoding="utf-8"))
        top |= set(seed) - {"_note"}
        conference |= set(seed["conference"])
        for person in seed["attendees"]:
            attendee |= set(person)
        for doc in seed["documents"]:
            document |= set(doc)
        for item in seed["statistics"]:
            figure |= set(item)
    return top, conference, attendee, document, figure


SEED_TOP, SEED_CONFERENCE, SEED_ATTENDEE, SEED_DOCUMENT, SEED_FIGURE = _seed_keys()


def article(stem: str) -> str:
    return (CORPUS / f"{stem}.txt").read_text(encoding="utf-8")


def expected(stem: str) -> dict:
    return json.loads((CORPUS / f"{stem}.json").read_text(encoding="utf-8"))


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def iso(value: str) -> datetime.date:
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), value
    return datetime.date.fromisoformat(value)


# Files and index ---------------------------------------------------------------------------------


def test_every_article_has_an_expectation_and_an_index_entry():
    assert STEMS, "the corpus is empty"
    jsons = sorted(path.stem for path in CORPUS.glob("*.json") if path.name != "index.json")
    assert jsons == STEMS
    assert sorted(BY_ID) == STEMS
    assert len(BY_ID) == len(INDEX), "an id is listed twice"
    for stem in STEMS:
        assert re.fullmatch(r"\d{3}_[a-z0-9_]+", stem), stem
    assert len({stem[:3] for stem in STEMS}) == len(STEMS), "two articles share a number"


def test_the_folder_holds_only_the_corpus():
    allowed = {"README.md", "index.json"} | {f"{stem}.txt" for stem in STEMS} | {f"{stem}.json" for stem in STEMS}
    assert {path.name for path in CORPUS.iterdir()} == allowed


@pytest.mark.parametrize("entry", INDEX, ids=lambda entry: entry["id"])
def test_index_entry(entry):
    assert set(entry) - {"also_from"} == {
        "id",
        "source_url",
        "source_published",
        "level",
        "after_reform",
        "event_form",
        "split",
        "written_from",
    }
    for url in [entry["source_url"], *entry.get("also_from", [])]:
        assert re.match(r"https?://[^/\s]+\.[a-z]{2,}", url), url
    assert entry["source_published"] is None or entry["source_published"].strip()
    assert entry["event_form"] in EVENT_FORMS
    assert entry["split"] in SPLITS
    assert entry["written_from"] == "facts of the source, reworded"
    conference = expected(entry["id"])["conference"]
    assert entry["level"] == conference["level"]
    held_on = conference["date"] and iso(conference["date"])
    assert entry["after_reform"] is bool(held_on and held_on >= REFORM)


def test_each_public_report_is_used_once():
    urls = [entry["source_url"] for entry in INDEX]
    assert len(urls) == len(set(urls))


# Strata ------------------------------------------------------------------------------------------


def test_counts_per_stratum():
    assert len(INDEX) >= 44
    levels = Counter(entry["level"] for entry in INDEX)
    for level in ("xa", "huyen", "tinh"):
        assert levels[level] >= 11, levels
    assert sum(entry["after_reform"] for entry in INDEX) >= 11
    assert sum(entry["event_form"] in NOT_A_CONFERENCE for entry in INDEX) >= 11


def test_districts_end_with_the_reform():
    """Districts were abolished on 1 July 2025: no district event can come after it."""
    assert not [entry["id"] for entry in INDEX if entry["level"] == "huyen" and entry["after_reform"]]


def test_the_years_are_spread_from_2015_to_2025():
    years = {iso(expected(stem)["conference"]["date"]).year for stem in STEMS if expected(stem)["conference"]["date"]}
    assert years >= set(range(2015, 2026)), sorted(years)


def test_the_tricky_years_are_there():
    """A December review that launches next year, a January review of last year, a year given only by an anniversary."""
    dated = {s: iso(expected(s)["conference"]["date"]) for s in STEMS if expected(s)["conference"]["date"]}
    december = [s for s, day in dated.items() if day.month == 12]
    assert any(f"năm {dated[s].year + 1}" in article(s) for s in december)
    january = [s for s, day in dated.items() if day.month == 1]
    assert any(expected(s)["conference"]["period"] == f"năm {dated[s].year - 1}" for s in january)
    anniversary = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]1930\s*[-–]\s*\d{1,2}[/.-]\d{1,2}[/.-]20\d\d")
    assert any(anniversary.search(article(s)) for s in STEMS)
    periods = {expected(s)["conference"]["period"] or "" for s in STEMS}
    assert any("6 tháng đầu năm" in period for period in periods)
    assert any("quý III" in period for period in periods)


# The articles ------------------------------------------------------------------------------------


@pytest.mark.parametrize("stem", STEMS)
def test_article_text(stem):
    raw = (CORPUS / f"{stem}.txt").read_bytes()
    text = raw.decode("utf-8")
    assert not text.startswith("\ufeff")
    assert unicodedata.normalize("NFC", text) == text, "decomposed diacritics"
    assert text.splitlines()[0].strip(), "the title comes first"
    assert re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", text.lower())
    assert len(text.split()) >= 40
    for machine in ("/work/", "/tmp/", "\\Users\\", "localhost"):
        assert machine not in text


# The expectations --------------------------------------------------------------------------------


@pytest.mark.parametrize("stem", STEMS)
def test_expectation_has_the_seed_shape(stem):
    exp = expected(stem)
    assert set(exp) - {"_note"} == SEED_TOP
    assert set(exp["conference"]) == SEED_CONFERENCE | ADDED_CONFERENCE_KEYS
    for person in exp["attendees"]:
        assert set(person) == SEED_ATTENDEE
    for doc in exp["documents"]:
        assert set(doc) == SEED_DOCUMENT | ADDED_DOCUMENT_KEYS
    for figure in exp["statistics"]:
        assert set(figure) == SEED_FIGURE
    if "_note" in exp:
        assert isinstance(exp["_note"], str) and exp["_note"].strip()


@pytest.mark.parametrize("stem", STEMS)
def test_conference_values(stem):
    conference = expected(stem)["conference"]
    text = flat(article(stem))
    assert conference["level"] in LEVELS
    assert conference["kind"] in KINDS
    if conference["date"] is not None:
        assert FIRST_DAY <= iso(conference["date"]) <= LAST_DAY
    else:
        assert "_note" in expected(stem), "a missing date is explained"
    assert isinstance(conference["title"], str) and conference["title"].strip()
    for field in ("organizer", "period"):
        assert conference[field] is None or (isinstance(conference[field], str) and conference[field].strip())
    if conference["organizer"] is None:
        assert "_note" in expected(stem), "a missing organizer is explained"
    elif flat(conference["organizer"]) not in text:
        assert "_note" in expected(stem), "an organizer not written as such is explained"


@pytest.mark.parametrize("stem", STEMS)
def test_attendees(stem):
    text = flat(article(stem))
    names = [person["name"] for person in expected(stem)["attendees"]]
    assert len(names) == len(set(names))
    for person in expected(stem)["attendees"]:
        assert person["name"] in text, person["name"]
        assert person["role"] in ROLES
        assert person["position"] is None or (isinstance(person["position"], str) and person["position"].strip())


@pytest.mark.parametrize("stem", STEMS)
def test_documents(stem):
    text = flat(article(stem))
    codes = [doc["code"] for doc in expected(stem)["documents"]]
    assert len(codes) == len(set(codes))
    for doc in expected(stem)["documents"]:
        try:
            number = parse_document_number(doc["code"])
        except DocumentNumberError:
            pytest.fail(f"{doc['code']} is not a document number")
        assert number.code == doc["code"], "codes are written in their normal form"
        assert (number.type_slug, number.number, number.issuer_code) == (doc["type"], doc["number"], doc["issuer_code"])
        assert doc["number"] in text
        assert doc["date"] is None or iso(doc["date"]) <= LAST_DAY
        assert doc["relation"] in RELATIONS
        for field in ("issuer", "title"):
            assert doc[field] is None or (isinstance(doc[field], str) and doc[field].strip())


@pytest.mark.parametrize("stem", STEMS)
def test_statistics(stem):
    text = flat(article(stem))
    for figure in expected(stem)["statistics"]:
        assert flat(figure["text"]) in text, figure["text"]
        assert isinstance(figure["value"], (int, float)) and not isinstance(figure["value"], bool)
        assert isinstance(figure["unit"], str) and figure["unit"].strip()


@pytest.mark.parametrize("stem", STEMS)
def test_commendations(stem):
    exp = expected(stem)
    commendations = exp["commendations"]
    if commendations is None:
        return
    assert set(commendations) == {"collectives", "individuals"}
    for count in commendations.values():
        assert count is None or (isinstance(count, int) and not isinstance(count, bool) and count >= 0)
    if None in commendations.values():
        assert "_note" in exp, "a count the text does not give, or cannot split, is explained"


@pytest.mark.parametrize("stem", STEMS)
def test_directives_and_byline(stem):
    exp = expected(stem)
    text = flat(article(stem)).lower()
    assert isinstance(exp["directives"], list)
    for directive in exp["directives"]:
        assert isinstance(directive, str) and directive.strip()
        assert flat(directive).lower() in text, directive
    assert exp["byline"] is None or flat(exp["byline"]).lower() in text


# The split ---------------------------------------------------------------------------------------


def test_the_halves_are_balanced():
    splits = Counter(entry["split"] for entry in INDEX)
    assert abs(splits["dev"] - splits["held_out"]) <= 1, splits
    for level in LEVELS:
        per_level = Counter(entry["split"] for entry in INDEX if entry["level"] == level)
        assert abs(per_level["dev"] - per_level["held_out"]) <= 2, (level, per_level)
    after = Counter(entry["split"] for entry in INDEX if entry["after_reform"])
    assert abs(after["dev"] - after["held_out"]) <= 2, after


def test_the_split_alternates_within_each_group():
    """Ordered by level, event form and id, the labels alternate: a group never holds two of one label in a row."""
    order = {"xa": 0, "huyen": 1, "tinh": 2, "tw": 3}
    ranked = sorted(INDEX, key=lambda entry: (order[entry["level"]], entry["event_form"], entry["id"]))
    for before, after in zip(ranked, ranked[1:], strict=False):
        assert before["split"] != after["split"], (before["id"], after["id"])
