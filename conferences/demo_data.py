"""The five seed articles as conferences, entered through the one writer of conferences."""

import datetime
import json

from django.conf import settings

from conferences.models import Conference, ConferenceStatus
from conferences.services import ConferenceData, finalize_conference, write_conference
from danvan.organizations import organization_from_spec

DEMO_FILE = settings.BASE_DIR / "fixtures" / "demo_conferences.json"
SCALAR_FIELDS = ("kind", "title", "period", "summary", "limitations", "other_participants", "source_title", "byline")


def load(stdout) -> None:
    created = 0
    for spec in json.loads(DEMO_FILE.read_text(encoding="utf-8"))["conferences"]:
        organizer = organization_from_spec(spec["organizer"])
        held_on = datetime.date.fromisoformat(spec["held_on"])
        existing = Conference.objects.filter(organizer=organizer, held_on=held_on, title=spec["title"])
        if existing.exists():
            # Demo minutes loaded before minutes were numbered get their number.
            existing.filter(status=ConferenceStatus.FINAL, minutes_number="").update(
                minutes_number=spec["minutes_number"]
            )
            continue
        documents = [
            {**row, "issued_on": datetime.date.fromisoformat(row["issued_on"]) if row["issued_on"] else None}
            for row in spec["documents"]
        ]
        data = ConferenceData(
            {"organizer": organizer, "held_on": held_on, **{name: spec[name] for name in SCALAR_FIELDS}},
            attendees=spec["attendees"],
            documents=documents,
            figures=spec["figures"],
            directives=[{"text": text, "responsible_organizations": [organizer]} for text in spec["directives"]],
            commendations=spec["commendations"],
        )
        conference = write_conference(None, data, acting_user=None)
        finalize_conference(conference, minutes_number=spec["minutes_number"], acting_user=None)
        created += 1
    stdout.write(f"Demo conferences: {created} created from the seed articles.")
