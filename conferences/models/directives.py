"""Directives of a conference, each responsible unit's share of one, and the progress reported on them."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from conferences.models.conference import Conference, ConferenceStatus
from danvan.models import Organization
from danvan.scoping import scope_for, subtree_paths, subtree_q


class DirectiveStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    # Never stored: shown from the deadline, see `display_status_conditions`.
    DONE_LATE = "done_late", _("done late")
    OVERDUE = "overdue", _("overdue")


STORED_DIRECTIVE_STATUSES = [
    (value, label)
    for value, label in DirectiveStatus.choices
    if value in (DirectiveStatus.NOT_STARTED, DirectiveStatus.IN_PROGRESS, DirectiveStatus.DONE)
]
# Overdue first, then what is still open, then what is done.
DISPLAY_STATUS_ORDER = [
    DirectiveStatus.OVERDUE,
    DirectiveStatus.IN_PROGRESS,
    DirectiveStatus.NOT_STARTED,
    DirectiveStatus.DONE_LATE,
    DirectiveStatus.DONE,
]


def display_status_conditions(today: datetime.date, *, deadline: str = "deadline") -> dict[str, Q]:
    """The one definition of what a directive, or one unit's share of it, shows: exactly one condition holds.

    Work completed after the deadline is "done late"; open work is overdue once the deadline has
    passed, and work without a deadline is never overdue. `deadline` names the deadline as seen
    from the rows queried (an assignment reads its directive's).
    """
    done = Q(status=DirectiveStatus.DONE)
    past_deadline = Q(**{f"{deadline}__lt": today})
    open_in_time = ~done & (Q(**{f"{deadline}__isnull": True}) | Q(**{f"{deadline}__gte": today}))
    completed_late = Q(completed_on__gt=F(deadline))
    completed_in_time = (
        Q(completed_on__isnull=True) | Q(**{f"{deadline}__isnull": True}) | Q(completed_on__lte=F(deadline))
    )
    return {
        DirectiveStatus.OVERDUE: ~done & past_deadline,
        DirectiveStatus.IN_PROGRESS: open_in_time & Q(status=DirectiveStatus.IN_PROGRESS),
        DirectiveStatus.NOT_STARTED: open_in_time & Q(status=DirectiveStatus.NOT_STARTED),
        DirectiveStatus.DONE_LATE: done & completed_late,
        DirectiveStatus.DONE: done & completed_in_time,
    }


def open_work_conditions(today: datetime.date) -> dict[str, Q]:
    """Work not done yet, by its deadline: overdue, on time ("trong hạn": a deadline not passed yet)
    or without a deadline, which is neither."""
    open_work = ~Q(status=DirectiveStatus.DONE)
    return {
        "overdue": display_status_conditions(today)[DirectiveStatus.OVERDUE],
        "on_time": open_work & Q(deadline__gte=today),
        "without_deadline": open_work & Q(deadline__isnull=True),
    }


def display_status_expression(today: datetime.date, *, deadline: str = "deadline") -> Case:
    conditions = display_status_conditions(today, deadline=deadline)
    return Case(
        *(When(condition, then=Value(status)) for status, condition in conditions.items()),
        output_field=models.CharField(),
    )


class DisplayStatusMixin:
    """Reads the `display_status` annotated by `with_display_status()`."""

    def get_display_status_display(self) -> str:
        return DirectiveStatus(self.display_status).label


class DirectiveQuerySet(models.QuerySet):
    """Follow-up lists and counts; every status shown comes from `display_status_conditions`.

    Not a `ScopedQuerySet`: a directive has no single path. It belongs to its conference's
    organizer and to every unit responsible for it, so it is in scope through any of them.
    """

    def visible_to(self, user) -> "DirectiveQuerySet":
        """Seen by the organizer's scope and by every responsible organization's scope."""
        return self._in_scope(scope_for(user), for_edit=False)

    def editable_by(self, user) -> "DirectiveQuerySet":
        return self._in_scope(scope_for(user), for_edit=True)

    def _in_scope(self, scope, *, for_edit: bool) -> "DirectiveQuerySet":
        if scope.everything:
            # An empty Q() would vanish from the OR below and hide unassigned directives.
            return self.all()
        responsible = DirectiveAssignment.objects.filter(
            scope.q("organization__path", for_edit=for_edit), directive_id=OuterRef("pk")
        )
        return self.filter(scope.q("conference__organizer__path", for_edit=for_edit) | Exists(responsible))

    def in_subtree(self, organization: Organization) -> "DirectiveQuerySet":
        """Directives of the organization's conferences, or assigned to it or a body below it."""
        return self.under(subtree_paths(organization))

    def under(self, paths: list[str]) -> "DirectiveQuerySet":
        """Directives of conferences held under `paths`, or assigned to a body under them."""
        responsible = DirectiveAssignment.objects.filter(
            subtree_q("organization__path", paths), directive_id=OuterRef("pk")
        )
        return self.filter(subtree_q("conference__organizer__path", paths) | Exists(responsible))

    def awaiting_report_from(self, organization_ids: list[int]) -> "DirectiveQuerySet":
        """Directives these organizations must report on: their own share not done yet, or, for a directive
        given to no unit, one of theirs as organizer that is not done."""
        open_shares = DirectiveAssignment.objects.filter(
            directive_id=OuterRef("pk"), organization_id__in=organization_ids
        ).exclude(status=DirectiveStatus.DONE)
        unassigned = ~Exists(DirectiveAssignment.objects.filter(directive_id=OuterRef("pk")))
        organizer_reports = (
            Q(conference__organizer_id__in=organization_ids) & unassigned & ~Q(status=DirectiveStatus.DONE)
        )
        return self.filter(Exists(open_shares) | organizer_reports)

    def of_final_minutes(self) -> "DirectiveQuerySet":
        """Directives of final minutes only: every page, PDF and count follows up these (a draft may still change,
        and a correction moves its directives to the new version)."""
        return self.filter(conference__status=ConferenceStatus.FINAL)

    def with_display_status(self, today: datetime.date | None = None) -> "DirectiveQuerySet":
        """Annotates `display_status`: not started, in progress, overdue, done or done late."""
        return self.annotate(display_status=display_status_expression(today or timezone.localdate()))

    def in_display_status(self, status: str, today: datetime.date | None = None) -> "DirectiveQuerySet":
        return self.filter(display_status_conditions(today or timezone.localdate())[status])

    def overdue(self, today: datetime.date | None = None) -> "DirectiveQuerySet":
        """Not done, and the deadline has passed."""
        return self.in_display_status(DirectiveStatus.OVERDUE, today)

    def open(self) -> "DirectiveQuerySet":
        return self.exclude(status=DirectiveStatus.DONE)

    def open_on_time(self, today: datetime.date | None = None) -> "DirectiveQuerySet":
        """“Trong hạn”: not done, with a deadline that has not passed."""
        return self.filter(open_work_conditions(today or timezone.localdate())["on_time"])

    def open_without_deadline(self) -> "DirectiveQuerySet":
        """Not done and no deadline was set: neither on time nor overdue."""
        return self.filter(open_work_conditions(timezone.localdate())["without_deadline"])

    def completion(self, today: datetime.date | None = None) -> dict:
        """Counts in one query: `total`; `completed` (done, late or not); one count per display
        status (`overdue`, `in_progress`, `not_started`, `done`, `done_late`); and the open work
        split by deadline: `overdue`, `on_time` and `without_deadline`."""
        today = today or timezone.localdate()
        by_deadline = open_work_conditions(today)
        by_status = display_status_conditions(today)
        counts = self.aggregate(
            total=Count("pk"),
            on_time=Count("pk", filter=by_deadline["on_time"]),
            without_deadline=Count("pk", filter=by_deadline["without_deadline"]),
            **{status.value: Count("pk", filter=condition) for status, condition in by_status.items()},
        )
        counts["completed"] = counts[DirectiveStatus.DONE] + counts[DirectiveStatus.DONE_LATE]
        return counts

    def progress_by_responsible(self, today: datetime.date | None = None) -> list[dict]:
        """Each responsible organization's own share: total, done, done late and overdue, by name."""
        return DirectiveAssignment.objects.filter(directive__in=self.values("pk")).counts_by_organization(today)


class DirectiveAssignmentQuerySet(models.QuerySet):
    def with_display_status(self, today: datetime.date | None = None) -> "DirectiveAssignmentQuerySet":
        """Annotates `display_status` of the unit's share, against its directive's deadline."""
        today = today or timezone.localdate()
        return self.annotate(display_status=display_status_expression(today, deadline="directive__deadline"))

    def counts_by_organization(self, today: datetime.date | None = None) -> list[dict]:
        """Per organization: total, done (late or not), done late and overdue, sorted by name."""
        conditions = display_status_conditions(today or timezone.localdate(), deadline="directive__deadline")
        counts = (
            self.values("organization")
            .annotate(
                total=Count("pk"),
                done=Count("pk", filter=Q(status=DirectiveStatus.DONE)),
                done_late=Count("pk", filter=conditions[DirectiveStatus.DONE_LATE]),
                overdue=Count("pk", filter=conditions[DirectiveStatus.OVERDUE]),
            )
            .order_by()
        )
        rows = {row.pop("organization"): row for row in counts}
        organizations = Organization.objects.filter(pk__in=rows).only("name")
        return sorted(({"organization": o, **rows[o.pk]} for o in organizations), key=lambda r: r["organization"].name)


class DirectiveAssignment(DisplayStatusMixin, models.Model):
    """One responsible unit's share of a directive: it reports on it and completes it on its own."""

    directive = models.ForeignKey(
        "Directive", verbose_name=_("directive"), on_delete=models.CASCADE, related_name="assignments"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("responsible organization"),
        on_delete=models.CASCADE,
        related_name="directive_assignments",
    )
    # Changed only by the unit's progress reports (`refresh_directive_status`), never typed.
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=STORED_DIRECTIVE_STATUSES,
        default=DirectiveStatus.NOT_STARTED,
        editable=False,
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    latest_update = models.ForeignKey(
        "DirectiveUpdate",
        verbose_name=_("latest progress"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = DirectiveAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("responsible organization")
        verbose_name_plural = _("responsible organizations")
        ordering = ["directive", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["directive", "organization"], name="directive_assignment_unique"),
        ]

    def __str__(self) -> str:
        return str(self.organization)


class Directive(DisplayStatusMixin, models.Model):
    """A conclusion of the conference, followed up until every responsible unit has done its share."""

    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="directives"
    )
    text = models.TextField(_("content"))
    responsible_organizations = models.ManyToManyField(
        Organization,
        verbose_name=_("responsible organizations"),
        blank=True,
        related_name="directives",
        through=DirectiveAssignment,
    )
    person_in_charge = models.CharField(_("person in charge"), max_length=200, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    # Kept from the responsible units' shares by `refresh_directive_status`, for fast lists and counts.
    status = models.CharField(
        _("status"), max_length=12, choices=STORED_DIRECTIVE_STATUSES, default=DirectiveStatus.NOT_STARTED
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = DirectiveQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=["responsible_organizations"])

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["conference", "order", "pk"]
        indexes = [
            models.Index(fields=["status", "deadline"]),
            # Follow-up lists read the earliest deadlines first and stop after one page.
            models.Index(fields=["deadline", "id"], name="directive_deadline_id_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class DirectiveUpdate(models.Model):
    directive = models.ForeignKey(
        Directive, verbose_name=_("directive"), on_delete=models.CASCADE, related_name="updates"
    )
    reported_on = models.DateField(_("date"))
    organization = models.ForeignKey(
        Organization, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="directive_updates"
    )
    text = models.TextField(_("progress"))
    status = models.CharField(_("status after this update"), max_length=12, choices=STORED_DIRECTIVE_STATUSES)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("entered at"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["directive", "-reported_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.reported_on:%d/%m/%Y} {self.organization}"
