"""The daily job: run the apps' daily checks, then send each user the e-mail digest of the day, once.

The operator's scheduler runs it each morning, e.g. at 06:30 from cron:

    30 6 * * *  cd /srv/danvan && .venv/bin/python manage.py send_daily_digest

django-tasks' database backend has no periodic tasks, hence a command and not a task. Running
it twice the same day, or twice at once, sends nobody a second e-mail (danvan.notifications).
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from danvan.notifications import DigestsNotSent, run_daily_checks, send_daily_digests


def day_argument(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date: expected YYYY-MM-DD, got {value!r}") from None


class Command(BaseCommand):
    help = "Run the daily checks (directives due), then send each user their daily e-mail digest once."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=day_argument, help="the day to run for (YYYY-MM-DD); default today")

    def handle(self, *args, date=None, **options):
        if isinstance(date, str):  # call_command(date="…") passes the option unparsed
            date = day_argument(date)
        day = date or timezone.localdate()
        for check, created in run_daily_checks(day).items():
            self.stdout.write(f"{check}: {created} notifications")
        try:
            sent = send_daily_digests(day)
        except DigestsNotSent as error:
            raise CommandError(f"Digests of {day:%d/%m/%Y}: {error}") from error
        self.stdout.write(f"Digests of {day:%d/%m/%Y}: {sent} sent.")
