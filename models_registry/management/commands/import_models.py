"""`import_models FILE --as USERNAME [--dry-run]`: the web import, from the command line."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from models_registry.spreadsheets import SheetError, read_sheet, run_import

FAILED = 2  # the exit code of every refusal: unknown user, unreadable file, rows with errors


class Command(BaseCommand):
    help = "Import “Dân vận khéo” models from an .xlsx or .csv file as drafts: all rows, or none if one is wrong."

    def add_arguments(self, parser):
        parser.add_argument("file", help="an .xlsx or .csv file in the format of the import template")
        parser.add_argument("--as", dest="username", required=True, help="the user whose scope applies")
        parser.add_argument("--dry-run", action="store_true", help="check every row and import nothing")

    def handle(self, *args, file: str, username: str, dry_run: bool, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("Unknown user “%(username)s”.") % {"username": username}, returncode=FAILED)
        path = Path(file)
        try:
            sheet = read_sheet(path.name, path.read_bytes())
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror or error},
                returncode=FAILED,
            ) from None
        except SheetError as error:
            raise CommandError("\n".join(error.messages), returncode=FAILED) from None
        report = run_import(sheet, user, dry_run=dry_run)
        if report.example_rows:
            self.stdout.write(report.examples_note)
        if not report.ok:
            for error in report.errors:
                self.stderr.write(
                    _("Row %(row)s, column “%(column)s”, value “%(value)s”: %(message)s")
                    % {"row": error.row, "column": error.column, "value": error.value, "message": error.message}
                )
            message = ngettext(
                "%(count)s error: nothing was imported.", "%(count)s errors: nothing was imported.", len(report.errors)
            )
            raise CommandError(message % {"count": len(report.errors)}, returncode=FAILED)
        if dry_run:
            values = {"count": report.total_rows, "seconds": report.seconds}
            self.stdout.write(_("%(count)s rows checked in %(seconds).1f s; nothing was imported (dry run).") % values)
        else:
            values = {"count": report.imported, "seconds": report.seconds}
            self.stdout.write(_("%(count)s rows imported in %(seconds).1f s.") % values)
