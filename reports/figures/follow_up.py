"""The follow-up of the directives (conclusions) of the conferences of a period."""

import datetime
from collections import Counter, defaultdict

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils.text import capfirst

from conferences.models import DISPLAY_STATUS_ORDER, DirectiveAssignment, DirectiveStatus, DirectiveUpdate
from danvan.models import Organization
from danvan.scoping import subtree_paths
from reports.figures.common import DIRECTIVE_STATUS_WORDING, counts_wording, rate, scoped_directives, short_date
from reports.periods import Period


def directive_follow_up(user, organization: Organization, period: Period, today: datetime.date) -> dict:
    latest = DirectiveUpdate.objects.filter(directive=OuterRef("pk")).order_by("-reported_on", "-pk")
    shares = DirectiveAssignment.objects.with_display_status(today).select_related("organization")
    directives = (
        scoped_directives(user, subtree_paths(organization))
        .filter(conference__held_on__range=(period.start, period.end))
        .with_display_status(today)
        .select_related("conference__organizer")
        .prefetch_related(Prefetch("assignments", queryset=shares))
        .annotate(progress=Subquery(latest.values("text")[:1]), progress_on=Subquery(latest.values("reported_on")[:1]))
    )
    rows, by_body = [], defaultdict(Counter)
    # Overdue first, then by deadline (none last) within each status.
    ordered = sorted(
        directives,
        key=lambda d: (DISPLAY_STATUS_ORDER.index(d.display_status), d.deadline or datetime.date.max, d.pk),
    )
    for directive in ordered:
        conference = directive.conference
        # Each unit counts its own share; a directive given to no unit counts for its organizer.
        bodies = [(str(a.organization), a.display_status) for a in directive.assignments.all()] or [
            (str(conference.organizer), directive.display_status)
        ]
        for body, status in bodies:
            by_body[body]["total"] += 1
            by_body[body][status] += 1
        rows.append(
            {
                "text": capfirst(directive.text),
                "conference": f"Hội nghị ngày {short_date(conference.held_on)}, {conference.organizer}",
                "responsible": _responsible_wording(bodies),
                "deadline": short_date(directive.deadline),
                "status": directive.display_status,
                "status_wording": DIRECTIVE_STATUS_WORDING[directive.display_status],
                "progress": capfirst(directive.progress or ""),
                "progress_on": short_date(directive.progress_on),
            }
        )
    counts = Counter(row["status"] for row in rows)
    by_status = [
        {"status": DIRECTIVE_STATUS_WORDING[status], "count": counts[status]} for status in DISPLAY_STATUS_ORDER
    ]
    return {
        "rows": rows,
        "total": len(rows),
        "by_status": by_status,
        "statuses": counts_wording(by_status, "status"),
        "rate": rate(_completed(counts), len(rows)),
        "by_body": [
            {
                "name": name,
                "total": counts_of_body["total"],
                "done": _completed(counts_of_body),
                "overdue": counts_of_body[DirectiveStatus.OVERDUE],
                "rate": rate(_completed(counts_of_body), counts_of_body["total"]),
            }
            for name, counts_of_body in sorted(by_body.items())
        ],
    }


def _responsible_wording(bodies: list[tuple[str, str]]) -> str:
    """The units; with several, each with the state of its own share."""
    if len(bodies) == 1:
        return bodies[0][0]
    return "; ".join(f"{name} ({DIRECTIVE_STATUS_WORDING[status].lower()})" for name, status in bodies)


def _completed(counts: Counter) -> int:
    return counts[DirectiveStatus.DONE] + counts[DirectiveStatus.DONE_LATE]
