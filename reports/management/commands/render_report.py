"""Print a report to a file, for scheduled printing.

    python manage.py render_report movement-summary --organization 12 --period 2023 -o bao-cao.pdf
    python manage.py render_report recognized-models --organization 12 --decision "412-QĐ/HU" -o ds.pdf

With --as USERNAME the report counts only what that user may see, exactly as on the web, and an
organization outside their scope is refused (exit code 2). Without it the command reads
everything, as the system.
"""

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from danvan.models import Organization
from reports.kinds import KINDS, ReportRequest
from reports.models import ReportStatus
from reports.periods import parse_period
from reports.services import find_decision, issue_report, render_report

OUT_OF_SCOPE = 2


class Command(BaseCommand):
    help = "Print a report (movement-summary, directive-follow-up, recognized-models, conferences) to a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(KINDS))
        parser.add_argument("--organization", type=int, required=True, help="Id of the issuing organization.")
        parser.add_argument("--period", default="", help="2023, 2023-H1 or 2019-2024.")
        parser.add_argument("--decision", default="", help="Decision number, for recognized-models.")
        parser.add_argument("--decision-date", type=datetime.date.fromisoformat, help="YYYY-MM-DD, if needed.")
        parser.add_argument("--as", dest="username", help="Count only what this user may see.")
        parser.add_argument("--signer", default="", help="Name printed under the signature.")
        parser.add_argument("--number", default="", help="Document number, e.g. 27.")
        parser.add_argument("-o", "--output", required=True, type=Path, help="Where to write the PDF.")

    def handle(self, *args, **options):
        spec = KINDS[options["kind"]]
        user = self.reader(options["username"])
        organization = Organization.objects.visible_to(user).filter(pk=options["organization"]).first()
        if organization is None:
            raise CommandError(
                f"Organization {options['organization']} does not exist or is outside the scope of "
                f"{options['username'] or 'the system'}.",
                returncode=OUT_OF_SCOPE,
            )
        try:
            period = parse_period(options["period"]) if spec.needs_period else None
            decision = None
            if spec.needs_decision:
                decision = find_decision(options["decision"], options["decision_date"], within=organization)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        request = ReportRequest(
            kind=options["kind"],
            organization=organization,
            user=user,
            period=period,
            decision=decision,
            signer_name=options["signer"],
            number=options["number"],
        )
        # A scheduled print waits for its file: print here rather than queue it for a worker.
        report = issue_report(request, in_background=False)
        if report.status != ReportStatus.READY:
            render_report(report)
        with report.pdf.open("rb") as stored:
            options["output"].write_bytes(stored.read())
        self.stdout.write(f"{options['output']}: report {report.pk}, {report.row_count} table rows.")

    def reader(self, username: str | None):
        if not username:
            # An in-memory superuser, never saved: the scoping rules give it everything.
            return get_user_model()(pk=0, username="render_report", is_superuser=True)
        try:
            return get_user_model().objects.get(username=username, is_active=True)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No active user {username!r}.", returncode=OUT_OF_SCOPE) from None
