"""Reminders of directives: the daily check that the ground floor's daily job runs (see ConferencesConfig.ready).

The writers of each organization that must still report on a directive (`awaiting_report_from`)
are told once when it falls due within a week, and once when it is overdue; a new deadline
reminds them again.
"""

import datetime
from collections import defaultdict

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conferences.models import Directive, DirectiveAssignment, DirectiveStatus
from danvan.models import WRITING_ROLES, Membership, NotificationKind, Organization
from danvan.notifications import in_portal_language, notify, portal_path

DUE_WITHIN = datetime.timedelta(days=7)
TEXT_SHOWN = 120


def remind_directive_deadlines(today: datetime.date) -> int:
    """Notify the writers of every organization owing a report on a directive due by today + 7 days."""
    due = Directive.objects.of_final_minutes().filter(deadline__lte=today + DUE_WITHIN)
    candidates = set(
        DirectiveAssignment.objects.filter(directive__in=due.values("pk"))
        .exclude(status=DirectiveStatus.DONE)
        .values_list("organization_id", flat=True)
    ) | set(due.filter(~Q(status=DirectiveStatus.DONE)).values_list("conference__organizer_id", flat=True))
    writers = defaultdict(list)
    memberships = Membership.objects.current(today).filter(
        organization_id__in=candidates, role__in=WRITING_ROLES, user__is_active=True
    )
    for membership in memberships.select_related("user"):
        writers[membership.organization_id].append(membership.user)
    created = 0
    for organization in Organization.objects.filter(pk__in=writers).order_by("pk"):
        # Which directives this organization owes a report on: the rule of the home page's to-do list.
        owed = due.awaiting_report_from([organization.pk]).select_related("conference").order_by("deadline", "pk")
        for directive in owed:
            created += _remind(directive, organization, writers[organization.pk], today)
    return created


def _remind(directive: Directive, organization: Organization, users: list, today: datetime.date) -> int:
    overdue = directive.deadline < today
    kind = NotificationKind.DIRECTIVE_OVERDUE if overdue else NotificationKind.DIRECTIVE_DUE
    if overdue:
        message = _("The directive “%(text)s” of %(conference)s was due on %(date)s and is not done yet.")
    else:
        message = _("The directive “%(text)s” of %(conference)s is due on %(date)s.")
    text = directive.text if len(directive.text) <= TEXT_SHOWN else directive.text[: TEXT_SHOWN - 1] + "…"
    return notify(
        users,
        kind=kind,
        text=in_portal_language(
            message, text=text, conference=directive.conference.title, date=f"{directive.deadline:%d/%m/%Y}"
        ),
        organization=organization,
        link=portal_path("conferences:directive-detail", pk=directive.pk),
        # Once per directive and deadline for each user, whichever of their organizations owes it.
        key=f"{kind}:{directive.pk}:{directive.deadline:%Y%m%d}",
    )
