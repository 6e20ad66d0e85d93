"""Score the conference extractor against hand-checked JSON files."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from conferences.extraction import extract_conference, to_json
from conferences.extraction.evaluation import evaluate, format_table
from conferences.extraction.files import UnreadableFile, read_article


class Command(BaseCommand):
    help = (
        "Run the conference extractor on every *.txt in DIR and compare it with the hand-checked *.json of the "
        "same stem (next to it, or in --expected). Prints true/false positives, false negatives, precision, "
        "recall and F1 per field, the share of articles exactly right for single values, and the total."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="folder of article .txt files")
        parser.add_argument("--expected", metavar="DIR", help="folder of the expected .json files (default: DIR)")
        parser.add_argument("--details", action="store_true", help="also list what was missed or extra per article")

    def handle(self, *args, directory: str, expected: str | None, details: bool, **options) -> None:
        articles_dir = Path(directory)
        expected_dir = Path(expected) if expected else articles_dir
        if not articles_dir.is_dir():
            raise CommandError(_("%(path)s is not a folder.") % {"path": directory}, returncode=2)
        triples = []
        for article in sorted(articles_dir.glob("*.txt")):
            truth = expected_dir / f"{article.stem}.json"
            if not truth.is_file():
                self.stderr.write(_("%(path)s has no expected %(json)s; skipped.") % {"path": article, "json": truth})
                continue
            try:
                text = read_article(article)
                wanted = json.loads(truth.read_text(encoding="utf-8-sig"))
            except (UnreadableFile, OSError, ValueError) as error:
                self.stderr.write(_("Cannot read %(path)s: %(reason)s") % {"path": article, "reason": error})
                continue
            triples.append((article.stem, wanted, to_json(extract_conference(text))))
        if not triples:
            raise CommandError(
                _("No *.txt file in %(path)s has a matching *.json.") % {"path": articles_dir}, returncode=2
            )
        report = evaluate(triples)
        self.stdout.write(_("%(count)d articles") % {"count": len(triples)})
        self.stdout.write(format_table(report, headers=_headers()))
        if details:
            for name, field_name, missed, extra in report.details:
                self.stdout.write(f"\n{name} / {field_name}")
                for item in missed:
                    self.stdout.write(f"  - {pgettext('extractor evaluation', 'missed')}: {item}")
                for item in extra:
                    self.stdout.write(f"  + {pgettext('extractor evaluation', 'extra')}: {item}")


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
