"""Read conference news articles and print what the extractor finds in them."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from conferences.extraction import Extraction, extract_conference, to_json
from conferences.extraction.files import UnreadableFile, read_article


class Command(BaseCommand):
    help = (
        "Read conference news articles (.txt in UTF-8, with or without BOM, or .docx) and print the conference "
        "they describe. With --json, print JSON Lines: one JSON object per readable file, one per line, in the "
        "order the files are given, each exactly the exchange shape of conferences.extraction.to_json "
        "(UTF-8, not ASCII-escaped). A file that cannot be read gets a message on stderr and no line; the "
        "other files are still processed and the command then exits with status 2."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="article files (.txt or .docx)")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print JSON Lines instead of a readable summary"
        )

    def handle(self, *args, files: list[str], as_json: bool, **options) -> None:
        failed = 0
        for path in files:
            try:
                text = read_article(path)
            except UnreadableFile as error:
                failed += 1
                self.stderr.write(_("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": error})
                continue
            extraction = extract_conference(text)
            if as_json:
                self.stdout.write(json.dumps(to_json(extraction), ensure_ascii=False))
            else:
                self.stdout.write(self.summary(path, extraction))
        if failed:
            raise CommandError(
                _("%(count)d of %(total)d files could not be read.") % {"count": failed, "total": len(files)},
                returncode=2,
            )

    def summary(self, path: str, extraction: Extraction) -> str:
        if extraction.is_empty:
            return _("%(path)s: no conference found.") % {"path": path}
        lines = [f"== {path}"]
        for label, found in (
            (_("Date"), extraction.date),
            (_("Organizer"), extraction.organizer),
            (_("Level"), extraction.level),
            (_("Kind"), extraction.kind),
            (_("Title"), extraction.title),
            (_("Period"), extraction.period),
            (_("Byline"), extraction.byline),
        ):
            if found:
                note = f" ({found.note})" if found.note else ""
                lines.append(f"{label}: {found.value}{note}")
        lines += [_("Attendees:")] + [
            f"  - {person.name}, {person.position or '?'} [{person.role}]" for person in extraction.attendees
        ]
        lines += [_("Documents:")] + [
            " ".join(
                part
                for part in (
                    f"  - {document.code} ({document.type}, {document.relation})",
                    str(document.date or ""),
                    document.issuer or "",
                    f"– {document.title}" if document.title else "",
                )
                if part
            )
            for document in extraction.documents
        ]
        lines += [_("Figures:")] + [
            f"  - {figure.value} {figure.unit}: {figure.text}" for figure in extraction.statistics
        ]
        if extraction.commendations:
            counts = {
                "collectives": _number(extraction.commendations.collectives),
                "individuals": _number(extraction.commendations.individuals),
            }
            lines.append(_("Commendations: %(collectives)s collectives, %(individuals)s individuals") % counts)
        lines += [_("Directives:")] + [
            f"  {number}. {directive.text}" for number, directive in enumerate(extraction.directives, start=1)
        ]
        return "\n".join(lines)


def _number(value: int | None) -> str:
    return "?" if value is None else str(value)
