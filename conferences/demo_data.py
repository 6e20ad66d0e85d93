"""Demo conferences, entered through the one writer of conferences.

The five seed articles as conferences, and the conferences of Tuyên Quang (the province of the
leadership demo user) with directives followed up by the demo users of the responsible bodies:
some done, some done late, some overdue. Dates of Tuyên Quang's conferences since the 2025 reform
are counted from the day the demo is loaded, so their deadlines stay near today.
"""

import datetime
import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from conferences.models import Conference, ConferenceStatus
from conferences.services import ConferenceData, finalize_conference, report_directive_progress, write_conference
from danvan.caching import data_changed
from danvan.organizations import organization_from_spec

DEMO_FILE = settings.BASE_DIR / "fixtures" / "demo_conferences.json"
SCALAR_FIELDS = ("kind", "title", "period", "summary", "limitations", "other_participants")
ARTICLE_FIELDS = ("source_title", "byline")


def load(stdout) -> None:
    demo = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    today = timezone.localdate()
    users = {user.username: user for user in get_user_model().objects.all()}
    seeds = sum(_load_conference(spec, today, users) for spec in demo["conferences"])
    stdout.write(f"Demo conferences: {seeds} created from the seed articles.")
    tuyen_quang = sum(_load_conference(spec, today, users) for spec in demo["tuyen_quang"])
    stdout.write(f"Demo conferences of Tuyên Quang: {tuyen_quang} created.")


def _load_conference(spec: dict, today: datetime.date, users: dict) -> int:
    """Enter one conference unless it is there already (by organizer and title); 1 when it was entered."""
    organizer = organization_from_spec(spec["organizer"])
    existing = Conference.objects.filter(organizer=organizer, title=spec["title"])
    if existing.exists():
        if spec.get("minutes_number"):
            # Demo minutes loaded before minutes were numbered get their number.
            existing.filter(status=ConferenceStatus.FINAL, minutes_number="").update(
                minutes_number=spec["minutes_number"]
            )
            data_changed(Conference)
        return 0
    user = users.get(spec.get("entered_by"))
    fields = {name: spec[name] for name in SCALAR_FIELDS} | {name: spec.get(name, "") for name in ARTICLE_FIELDS}
    fields |= {"place": spec.get("place", ""), "participant_count": spec.get("participant_count")}
    data = ConferenceData(
        {"organizer": organizer, "held_on": _date(spec["held_on"], today), **fields},
        attendees=spec["attendees"],
        documents=[{**row, "issued_on": _date(row["issued_on"], today)} for row in spec["documents"]],
        figures=spec["figures"],
        directives=[_directive(row, organizer, today) for row in spec["directives"]],
        commendations=spec["commendations"],
    )
    conference = write_conference(None, data, acting_user=user)
    if spec.get("status") != ConferenceStatus.DRAFT:
        finalize_conference(conference, minutes_number=spec.get("minutes_number"), acting_user=user)
        _report_progress(conference, spec["directives"], today, users)
    return 1


def _date(value, today: datetime.date) -> datetime.date | None:
    """An ISO date, or a number of days from `today` (negative: before)."""
    if value is None or value == "":
        return None
    if isinstance(value, int):
        return today + datetime.timedelta(days=value)
    return datetime.date.fromisoformat(value)


def _directive(row, organizer, today: datetime.date) -> dict:
    """A seed article's directive is its text, given to the organizer; Tuyên Quang's name bodies and a deadline."""
    if isinstance(row, str):
        return {"text": row, "responsible_organizations": [organizer]}
    return {
        "text": row["text"],
        "responsible_organizations": [organization_from_spec(spec) for spec in row["responsible"]],
        "deadline": _date(row["deadline"], today),
    }


def _report_progress(conference: Conference, rows: list, today: datetime.date, users: dict) -> None:
    """Each responsible body's reports, as the demo user of that body."""
    directives = list(conference.directives.order_by("order"))
    for directive, row in zip(directives, rows, strict=True):
        if isinstance(row, str):
            continue
        for report in row["progress"]:
            user = users[report["by"]]
            report_directive_progress(
                directive,
                organization=_reporting_body(directive, user),
                text=report["text"],
                status=report["status"],
                reported_on=_date(report["on"], today),
                acting_user=user,
            )


def _reporting_body(directive, user):
    """The responsible body the demo user reports for: the one of theirs among the directive's."""
    own = directive.responsible_organizations.editable_by(user).order_by("path")
    return own.first()
