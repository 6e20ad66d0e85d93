"""The list of the conferences of a period."""

from django.db.models import Count
from django.utils.text import capfirst

from danvan.models import Organization, organization_label
from danvan.scoping import subtree_paths
from reports.figures.common import CONFERENCE_KIND_WORDING, final_conferences, short_date
from reports.periods import Period


def conference_list(user, organization: Organization, period: Period) -> dict:
    held = (
        final_conferences(user, subtree_paths(organization))
        .filter(held_on__range=(period.start, period.end))
        .order_by("held_on", "pk")
        .annotate(directive_count=Count("directives", distinct=True), figure_count=Count("figures", distinct=True))
        .values(
            "held_on",
            "title",
            "kind",
            "place",
            "participant_count",
            "directive_count",
            organizer_name=organization_label("organizer__"),
        )
    )
    rows = [
        {
            "held_on": short_date(row["held_on"]),
            "title": capfirst(row["title"]),
            "organizer": row["organizer_name"],
            "kind": CONFERENCE_KIND_WORDING[row["kind"]],
            "place": capfirst(row["place"]),
            "participants": row["participant_count"],
            "directives": row["directive_count"],
        }
        for row in held
    ]
    return {"rows": rows, "participants": sum(row["participants"] or 0 for row in rows)}
