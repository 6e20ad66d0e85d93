"""The extractor on the five seed articles, field by field, against the hand-written expected JSON."""

import datetime

from conferences.extraction import extract_conference, to_json
from conferences.extraction.evaluation import compare, evaluate, overlap
from danvan.text import fold
from tests.extraction.helpers import SEED_STEMS, expected_json, seed_text


def test_there_are_five_seeds_with_expectations():
    assert len(SEED_STEMS) == 5
    for stem in SEED_STEMS:
        assert set(expected_json(stem)) >= {"conference", "attendees", "documents", "statistics", "byline"}


def test_conference_fields(seed):
    _, _, found, expected = seed
    for field in ("date", "kind", "level"):
        assert found["conference"][field] == expected["conference"][field], field
    assert fold(found["conference"]["organizer"]) == fold(expected["conference"]["organizer"])
    assert overlap(found["conference"]["title"], expected["conference"]["title"]) >= 0.6


def test_attendee_names_positions_and_roles(seed):
    _, _, found, expected = seed
    by_name = {fold(person["name"]): person for person in found["attendees"]}
    assert set(by_name) == {fold(person["name"]) for person in expected["attendees"]}
    for person in expected["attendees"]:
        got = by_name[fold(person["name"])]
        assert got["role"] == person["role"], person["name"]
        assert overlap(got["position"], person["position"]) >= 0.8, (got["position"], person["position"])


def test_documents_with_their_dates(seed):
    _, _, found, expected = seed
    assert sorted(found["documents"], key=lambda d: d["code"]) == sorted(expected["documents"], key=lambda d: d["code"])


def test_documents_are_deduplicated_by_code(seed):
    _, _, found, _ = seed
    codes = [document["code"] for document in found["documents"]]
    assert len(codes) == len(set(codes))


def test_statistics(seed):
    _, _, found, expected = seed
    score, missed, extra = compare(expected, found)["statistics"]
    assert not extra
    assert score.recall >= 0.75, missed


def test_commendations(seed):
    _, _, found, expected = seed
    assert found["commendations"] == expected["commendations"]


def test_directives(seed):
    _, _, found, expected = seed
    score, missed, extra = compare(expected, found)["directives"]
    assert score.f1 >= 0.9, (missed, extra)


def test_byline(seed):
    _, _, found, expected = seed
    assert fold(found["byline"] or "") == fold(expected["byline"] or "")


def test_every_value_carries_the_sentence_it_came_from(seed):
    _, extraction, _, _ = seed
    for person in extraction.attendees:
        assert person.name in person.evidence
    for document in extraction.documents:
        assert document.number in document.evidence
    for figure in extraction.statistics:
        assert figure.text.split()[0] in figure.evidence
    for directive in extraction.directives:
        assert directive.text.split()[-1] in directive.evidence
    for value in (extraction.date, extraction.organizer, extraction.kind, extraction.title):
        assert value.evidence


def test_quality_bar_on_the_seeds():
    """The same scoring as `manage.py evaluate_extractor`."""
    report = evaluate((stem, expected_json(stem), to_json(extract_conference(seed_text(stem)))) for stem in SEED_STEMS)
    assert report.scores["attendee names"].f1 >= 0.95
    assert report.scores["document codes"].f1 >= 0.95
    assert report.scores["date"].exact_rate == 1.0


def test_a_missing_year_comes_from_the_period_reviewed():
    extraction = extract_conference(seed_text("000_a9b900862be03637"))  # "Ngày 17/7", "… cuối năm 2024"
    assert extraction.date.value == datetime.date(2024, 7, 17)
    assert "2024" in extraction.date.note


def test_a_missing_year_comes_from_the_anniversary_of_a_dated_resolution():
    extraction = extract_conference(seed_text("003_1a54156f75c81526"))  # 13 years of 22-NQ/TW of 02/02/2008
    assert extraction.date.value == datetime.date(2021, 10, 15)
    assert "22-NQ/TW" in extraction.date.note


def test_website_furniture_is_cut():
    extraction = extract_conference(seed_text("003_1a54156f75c81526"))  # "Thống kê: 2.763.801" after the article
    assert all(figure.value != 2763801 for figure in extraction.statistics)
    assert extraction.byline is None


def test_numbers_without_a_type_code_are_not_documents():
    """Seed 001 cites "Đề án 02 ngày 23/5/2021" and "Kế hoạch số 42 …": no code, so no document."""
    extraction = extract_conference(seed_text("001_2aa1122f91bda49f"))
    assert extraction.documents == []
    assert extraction.date.value == datetime.date(2023, 8, 11)  # not 23/5/2021, the date of the Đề án
