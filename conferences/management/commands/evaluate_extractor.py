"""Score the conference extractor against hand-checked JSON files."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from conferences.extraction import extract_conference, to_json
from conferences.extraction.evaluation import evaluate, format_table
from conferences.extraction.files import UnreadableFile, read_article

SPLITS = ("dev", "held_out", "all")
# The half only ever scored: no rule may be fitted to what it misses, so it never shows per article.
SCORED_ONLY = "held_out"


class Command(BaseCommand):
    help = (
        "Run the conference extractor on every *.txt in DIR and compare it with the hand-checked *.json of the "
        "same stem (next to it, or in --expected). When DIR has an index.json whose entries carry a split "
        '("dev" or "held_out"), --split scores one half or all. Prints true/false positives, false negatives, '
        "precision, recall and F1 per field, the share of articles exactly right for single values and "
        "commendation counts, and the total. --details lists misses per article, never for held_out."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="folder of article .txt files")
        parser.add_argument("--expected", metavar="DIR", help="folder of the expected .json files (default: DIR)")
        parser.add_argument("--split", choices=SPLITS, default="all", help="which half of an indexed corpus")
        parser.add_argument("--details", action="store_true", help="also list what was missed or extra per article")

    def handle(self, *args, directory: str, expected: str | None, split: str, details: bool, **options) -> None:
        articles_dir = Path(directory)
        expected_dir = Path(expected) if expected else articles_dir
        if not articles_dir.is_dir():
            raise CommandError(_("%(path)s is not a folder.") % {"path": directory}, returncode=2)
        hidden = split == SCORED_ONLY
        if details and hidden:
            raise CommandError(_("The held-out half is only scored: its articles are never listed."), returncode=2)
        triples, skipped = [], 0
        for article in _articles(articles_dir, split):
            truth = expected_dir / f"{article.stem}.json"
            try:
                text = read_article(article)
                wanted = json.loads(truth.read_text(encoding="utf-8-sig"))
            except (UnreadableFile, OSError, ValueError) as error:
                skipped += 1
                if not hidden:
                    self.stderr.write(_("Cannot read %(path)s: %(reason)s") % {"path": article, "reason": error})
                continue
            triples.append((article.stem, wanted, to_json(extract_conference(text))))
        if skipped and hidden:
            self.stderr.write(_("%(count)d articles could not be read and were skipped.") % {"count": skipped})
        if not triples:
            raise CommandError(
                _("No *.txt file in %(path)s has a matching *.json.") % {"path": articles_dir}, returncode=2
            )
        report = evaluate(triples)
        self.stdout.write(_("%(count)d articles") % {"count": len(triples)} + (f" ({split})" if split != "all" else ""))
        self.stdout.write(format_table(report, headers=_headers()))
        if details:
            for name, field_name, missed, extra in report.details:
                self.stdout.write(f"\n{name} / {field_name}")
                for item in missed:
                    self.stdout.write(f"  - {pgettext('extractor evaluation', 'missed')}: {item}")
                for item in extra:
                    self.stdout.write(f"  + {pgettext('extractor evaluation', 'extra')}: {item}")


def _articles(directory: Path, split: str) -> list[Path]:
    """The article files of the split: every *.txt without an index, the index's entries with one."""
    index = directory / "index.json"
    if not index.is_file():
        if split != "all":
            raise CommandError(
                _("%(path)s has no index.json, so it has no splits.") % {"path": directory}, returncode=2
            )
        return sorted(directory.glob("*.txt"))
    try:
        entries = split_entries(json.loads(index.read_text(encoding="utf-8-sig")))
    except (OSError, ValueError) as error:
        message = _("Cannot read %(path)s: %(reason)s") % {"path": index, "reason": error}
        raise CommandError(message, returncode=2) from None
    return [directory / f"{stem}.txt" for stem, part in entries if split == "all" or part == split]


def split_entries(index) -> list[tuple[str, str]]:
    """(stem, split) of every entry of an index.json: a list of entries, or an object holding one."""
    if isinstance(index, dict):
        index = next((value for value in index.values() if isinstance(value, list)), [])
    entries = []
    for entry in index:
        name = next((entry[key] for key in ("stem", "file", "name", "id", "slug", "txt") if entry.get(key)), None)
        if not name or entry.get("split") not in SPLITS:
            raise ValueError(f"an entry without a file name or a split: {entry!r}"[:200])
        entries.append((Path(str(name)).name.removesuffix(".txt").removesuffix(".json"), entry["split"]))
    return entries


def _headers() -> dict[str, str]:
    # A context keeps these apart from the same English words elsewhere ("field" is a DVK field there).
    return {
        "field": pgettext("extractor evaluation", "extracted field"),
        "tp": "TP",
        "fp": "FP",
        "fn": "FN",
        "precision": pgettext("extractor evaluation", "precision"),
        "recall": pgettext("extractor evaluation", "recall"),
        "f1": "F1",
        "exact": pgettext("extractor evaluation", "exact"),
        "total": pgettext("extractor evaluation", "total"),
    }
