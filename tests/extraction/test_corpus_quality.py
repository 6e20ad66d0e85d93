"""The extractor on the corpus of real articles: rules are tuned on the dev half, the held-out half is only scored.

The held-out bars are those of issue #16. Only the aggregate table of the held-out half is ever read here.
"""

import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.extraction.helpers import HERE

CORPUS = HERE / "articles" / "corpus"
# Held-out bars: attendee names F1, dates exactly right, commendation counts exactly right, document codes F1.
HELD_OUT_BARS = {"attendee names": ("f1", 0.92), "date": ("exact", 0.90), "commendations": ("exact", 0.80)}
HELD_OUT_BARS["document codes"] = ("f1", 0.95)


def scores(split: str, capsys) -> dict[str, dict[str, float]]:
    """The per-field table `evaluate_extractor --split` prints, as {field: {"f1": …, "exact": …}}."""
    call_command("evaluate_extractor", str(CORPUS), "--split", split)
    table = {}
    for line in capsys.readouterr().out.splitlines():
        match = re.match(
            r"^([a-z][a-z ]+?)\s+(\d+)\s+(\d+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)(?:\s+([\d.]+))?$", line
        )
        if match:
            exact = float(match[8]) if match[8] else None
            table[match[1]] = {"precision": float(match[5]), "recall": float(match[6]), "f1": float(match[7])}
            table[match[1]]["exact"] = exact
    return table


def test_the_held_out_half_reaches_the_bars_of_the_issue(capsys):
    table = scores("held_out", capsys)
    for field, (measure, bar) in HELD_OUT_BARS.items():
        assert table[field][measure] >= bar, (field, measure, table[field][measure])


def test_the_dev_half_is_scored_on_every_field(capsys):
    table = scores("dev", capsys)
    for field in (
        "attendee names",
        "attendee positions",
        "attendee roles",
        "document codes",
        "document roles",
        "document issuers",
        "document titles",
        "date",
        "organizer",
        "level",
        "kind",
        "period",
        "commendations",
        "statistics",
    ):
        assert field in table
    assert table["attendee names"]["f1"] >= 0.95
    assert table["date"]["exact"] >= 0.95


def test_the_held_out_half_is_never_listed_article_by_article(capsys):
    with pytest.raises(CommandError) as refused:
        call_command("evaluate_extractor", str(CORPUS), "--split", "held_out", "--details")
    assert refused.value.returncode == 2
    assert "held_out" not in capsys.readouterr().out


def test_the_dev_half_lists_its_misses(capsys):
    call_command("evaluate_extractor", str(CORPUS), "--split", "dev", "--details")
    output = capsys.readouterr().out
    assert "(dev)" in output.splitlines()[0]


def test_the_splits_add_up_to_the_whole_corpus(capsys):
    counts = {}
    for split in ("dev", "held_out", "all"):
        call_command("evaluate_extractor", str(CORPUS), "--split", split)
        counts[split] = int(capsys.readouterr().out.split()[0])
    assert counts["dev"] + counts["held_out"] == counts["all"]
    assert counts["dev"] >= 20 and counts["held_out"] >= 20


def test_a_folder_without_an_index_has_no_split(tmp_path):
    (tmp_path / "a.txt").write_text("Hội nghị", encoding="utf-8")
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("evaluate_extractor", str(tmp_path), "--split", "dev")
