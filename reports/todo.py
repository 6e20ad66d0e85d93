"""What waits for a user, for the home page: the same queries as the pages each list links to."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from conferences.models import Conference, ConferenceStatus, Directive
from danvan.scoping import current_memberships
from models_registry.models import Status
from models_registry.services import unfinished_by, waiting_for

SHOWN = 5


@dataclass(frozen=True)
class TodoList:
    title: str
    rows: list
    count: int
    url: str
    kind: str  # which template row to use: "model", "conference" or "directive"


def todo_for(user) -> list[TodoList]:
    """The non-empty lists, each with its total and a link to the page that lists them all."""
    writing = [membership.organization_id for membership in current_memberships(user) if membership.can_write]
    lists = [
        _todo(_("Models waiting for my review"), waiting_for(user), reverse("registry:queue"), "model"),
        *(
            _todo(title, unfinished_by(user).filter(status=status).order_by("-pk"), _registry_list(status), "model")
            for status, title in [
                (Status.DRAFT, _("My draft models to complete and submit")),
                (Status.RETURNED, _("My models returned for changes")),
            ]
        ),
        _todo(
            _("Draft minutes I started"),
            Conference.objects.editable_by(user).filter(status=ConferenceStatus.DRAFT, created_by=user),
            reverse("conferences:list") + "?" + urlencode({"status": ConferenceStatus.DRAFT}),
            "conference",
        ),
        _todo(
            _("Directives my organizations must report on"),
            _directives_to_report(writing),
            _follow_up(writing),
            "directive",
        ),
    ]
    return [todo for todo in lists if todo.count]


def _todo(title, rows: QuerySet, url: str, kind: str) -> TodoList:
    return TodoList(title=title, rows=list(rows[:SHOWN]), count=rows.count(), url=url, kind=kind)


def _registry_list(status: str) -> str:
    return reverse("registry:list") + "?" + urlencode({"status": status})


def _follow_up(organization_ids: list[int]) -> str:
    url = reverse("conferences:directive-follow-up")
    return f"{url}?organization={organization_ids[0]}" if len(organization_ids) == 1 else url


def _directives_to_report(organization_ids: list[int]) -> QuerySet:
    return (
        Directive.objects.of_final_minutes()
        .awaiting_report_from(organization_ids)
        .select_related("conference__organizer")
        .order_by(F("deadline").asc(nulls_last=True), "pk")
    )
