"""Odd input: decomposed diacritics, spelling variants, nothing, noise, something else entirely."""

import random
import time
import unicodedata

import pytest

from conferences.extraction import Extraction, extract_conference, to_json
from tests.extraction import articles
from tests.extraction.helpers import SEED_STEMS, seed_text

EMPTY = to_json(Extraction())


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_decomposed_text_gives_the_same_result(stem):
    text = seed_text(stem)
    assert to_json(extract_conference(unicodedata.normalize("NFD", text))) == to_json(extract_conference(text))


def test_windows_line_ends_and_a_byte_order_mark_change_nothing():
    text = seed_text("002_4c2fde9bc5a36a63")
    assert to_json(extract_conference("\ufeff" + text.replace("\n", "\r\n"))) == to_json(extract_conference(text))


def test_old_and_new_tone_placement_read_alike():
    new_style = articles.WARD_NO_YEAR.replace("Đảng ủy", "Đảng ủy")
    old_style = new_style.replace("ủy", "uỷ").replace("hóa", "hoá")
    found_old, found_new = to_json(extract_conference(old_style)), to_json(extract_conference(new_style))
    assert found_old["conference"]["organizer"] == "Đảng uỷ phường Bắc Hồng"
    assert found_old["conference"]["date"] == found_new["conference"]["date"] == "2024-03-05"
    assert [p["name"] for p in found_old["attendees"]] == [p["name"] for p in found_new["attendees"]]
    assert found_old["directives"] and len(found_old["directives"]) == len(found_new["directives"])


@pytest.mark.parametrize("nothing", ["", "   \n\t  ", None, b"", "\ufeff"])
def test_no_text_gives_an_empty_extraction(nothing):
    extraction = extract_conference(nothing)
    assert extraction.is_empty
    assert to_json(extraction) == EMPTY


def test_empty_json_has_the_exchange_shape():
    assert EMPTY == {
        "conference": {"date": None, "organizer": None, "level": None, "kind": None, "title": None, "period": None},
        "attendees": [],
        "documents": [],
        "statistics": [],
        "commendations": None,
        "directives": [],
        "byline": None,
    }


def test_an_article_about_something_else_gives_nothing():
    assert to_json(extract_conference(articles.FOOTBALL)) == EMPTY


def test_five_megabytes_of_noise_give_nothing_quickly():
    rng = random.Random(20240717)
    alphabet = [chr(code) for code in range(32, 0x1F00)] + ["\n", " ", "/", "-", "%", "."] * 50
    noise = "".join(rng.choices(alphabet, k=5_000_000))
    started = time.monotonic()
    extraction = extract_conference(noise)
    assert time.monotonic() - started < 5
    assert to_json(extraction) == EMPTY


def test_a_soup_of_conference_words_neither_raises_nor_hangs():
    rng = random.Random(7)
    words = seed_text("001_2aa1122f91bda49f").split() + ["đồng chí", "đ/c", "–", ";", ":", "17/7", "%", "\n", "./."]
    soup = " ".join(rng.choices(words, k=1_000_000))
    started = time.monotonic()
    extract_conference(soup)
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    "pathological",
    [
        "Dự hội nghị có " + "đồng chí Nguyễn Văn An, Bí thư; " * 7000,
        "Hội nghị Đảng ủy dự " + "5 tập thể, 7 cá nhân, biểu dương " * 6000,
        "Hội nghị Đảng ủy. " + "Nguyễn " * 30000 + "phát biểu",
        "Hội nghị Đảng ủy, " + "Bí thư Huyện ủy Nguyễn Văn An, " * 7000,
        "Hội nghị Đảng ủy " + "(" * 50000 + "1" * 50000,
    ],
)
def test_repetitive_input_stays_fast(pathological):
    started = time.monotonic()
    extract_conference(pathological)
    assert time.monotonic() - started < 10
