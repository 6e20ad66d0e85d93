"""Every change to a conference goes through these functions."""

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.models import (
    Conference,
    ConferenceStatus,
    Directive,
    DirectiveAssignment,
    DirectiveStatus,
    DirectiveUpdate,
)
from danvan.documents import (
    PARTY,
    DocumentNumber,
    DocumentNumberError,
    format_document_number,
    parse_document_number,
)
from danvan.locking import claim_version
from danvan.models import Organization
from danvan.registers import find_or_create_person, register_document

MINUTES_NUMBER_DIGITS = 5  # a register restarts every year: a longer number is a typing slip


@transaction.atomic
def save_conference(form, formsets: dict, *, acting_user) -> Conference:
    """Save a draft conference from its validated form and row formsets."""
    conference = form.save(commit=False)
    if conference.pk and not Conference.objects.filter(pk=conference.pk, status=ConferenceStatus.DRAFT).exists():
        raise ValidationError(_("A final conference cannot be changed: make a correction instead."))
    if conference.pk:
        claim_version(conference, form.cleaned_data["lock_version"] or 0)
    else:
        conference.created_by = acting_user
    conference.save()
    _save_rows(formsets["attendees"], _attach_person)
    _save_rows(formsets["documents"], _attach_document)
    for prefix in ("figures", "directives", "commendations"):
        _save_rows(formsets[prefix])
    for form in formsets["directives"].forms:
        # A unit added to (or removed from) a directive changes whether all its units are done.
        if form.instance.pk and "responsible_organizations" in form.changed_data:
            refresh_directive_status(form.instance, organization_ids=[])
    return conference


def _save_rows(formset, prepare=None) -> None:
    for form in formset.deleted_forms:
        if form.instance.pk:
            form.instance.delete()
    kept = [
        form
        for form in formset.forms
        if form not in formset.deleted_forms and form.cleaned_data and (form.instance.pk or form.has_changed())
    ]
    for order, form in enumerate(kept):
        row = form.save(commit=False)
        row.conference = formset.instance
        row.order = order
        if prepare:
            prepare(row, form.cleaned_data)
        row.save()
        form.save_m2m()


def _attach_person(attendee, data: dict) -> None:
    attendee.person = find_or_create_person(data["full_name"], organization=attendee.conference.organizer)


def _attach_document(link, data: dict) -> None:
    link.document = register_document(
        data["code"],
        organization=link.conference.organizer,
        issued_on=data["issued_on"],
        issuer_name=data["issuer_name"],
        title=data["title"],
    )


@transaction.atomic
def finalize_conference(conference: Conference, *, minutes_number: str | None = None, acting_user) -> Conference:
    """Make a draft final under a number of its organizer's register for the year of the conference.

    Without a number (loaders, tests) the next free one is taken. A correction keeps the number of
    the version it corrects. The organizer's row is locked first: two finalizations for one body
    take turns, so the second one sees the number the first one took.
    """
    Organization.objects.select_for_update().get(pk=conference.organizer_id)
    current = Conference.objects.select_for_update().get(pk=conference.pk)
    if current.status != ConferenceStatus.DRAFT:
        raise ValidationError(_("Only a draft can be made final."))
    if current.previous_version_id and current.minutes_number:
        minutes_number = current.minutes_number
    elif minutes_number is None:
        minutes_number = next_minutes_number(conference)
    conference.minutes_number = _free_minutes_number(conference, minutes_number)
    conference.status = ConferenceStatus.FINAL
    conference.finalized_at = timezone.now()
    conference.save(update_fields=["status", "finalized_at", "minutes_number", "search_text"])
    return conference


def next_minutes_number(conference: Conference) -> str:
    """The number after the highest one of the organizer's register in the year of the conference."""
    taken = _minutes_numbers_taken(conference)
    return _minutes_number(conference.organizer, max(taken, default=0) + 1)


def _minutes_numbers_taken(conference: Conference) -> dict[int, Conference]:
    """The numbers of the organizer's minutes of that year, superseded versions left out."""
    others = (
        Conference.objects.current_versions()
        .filter(organizer=conference.organizer_id, held_on__year=conference.held_on.year)
        .exclude(pk=conference.pk)
        .exclude(minutes_number="")
        .only("title", "held_on", "minutes_number")
    )
    taken = {}
    for other in others:
        try:
            taken[int(parse_document_number(other.minutes_number).number)] = other
        except DocumentNumberError:
            continue  # typed by hand before numbers were checked
    return taken


def _minutes_number(organizer: Organization, number: int) -> str:
    return format_document_number(
        DocumentNumber(system=PARTY, number=f"{number:02d}", type_code="BB", issuer_code=organizer.issuer_code)
    )


def _free_minutes_number(conference: Conference, typed: str) -> str:
    """The typed number as printed, if it is a minutes number of the organizer's register not yet taken."""
    organizer = conference.organizer
    example = next_minutes_number(conference)
    typed = " ".join(typed.split())
    if not typed:
        raise _minutes_number_error(_("Enter the minutes number, e.g. %(example)s.") % {"example": example})
    number = _parsed_minutes_number(typed, organizer)
    if number is None:
        message = _("“%(text)s” is not a minutes number of the register of %(organization)s: write it as %(example)s.")
        raise _minutes_number_error(message % {"text": typed, "organization": organizer.name, "example": example})
    taken = _minutes_numbers_taken(conference)
    holder = taken.get(int(number.number))
    if holder:
        message = _(
            "%(number)s is already the number of the minutes of “%(title)s” (%(date)s). "
            "The next free number is %(next)s."
        )
        raise _minutes_number_error(
            message
            % {
                "number": holder.minutes_number,
                "title": holder.title,
                "date": holder.held_on.strftime("%d/%m/%Y"),
                "next": _minutes_number(organizer, max(taken) + 1),
            }
        )
    return number.code


def _parsed_minutes_number(typed: str, organizer: Organization) -> DocumentNumber | None:
    """A number of the organizer's minutes (…-BB/issuer) read from what was typed; a bare "7" is 07-BB/HU."""
    bare = re.fullmatch(f"[0-9]{{1,{MINUTES_NUMBER_DIGITS}}}", typed)
    try:
        number = parse_document_number(_minutes_number(organizer, int(typed)) if bare else typed)
    except DocumentNumberError:
        return None
    issuer_code = organizer.issuer_code or number.issuer_code
    is_minutes = (number.system, number.type_code, number.issuer_code) == (PARTY, "BB", issuer_code)
    in_range = len(number.number) <= MINUTES_NUMBER_DIGITS and int(number.number) > 0
    return number if is_minutes and in_range else None


def _minutes_number_error(message: str) -> ValidationError:
    return ValidationError({"minutes_number": message})


@transaction.atomic
def correct_conference(conference: Conference, *, reason: str, acting_user) -> Conference:
    """Start a new draft version of a final conference; the final one stays as it was."""
    if conference.status != ConferenceStatus.FINAL:
        raise ValidationError(_("Only a final conference can be corrected."))
    rows = {
        "attendees": list(conference.attendees.all()),
        "document_links": list(conference.document_links.all()),
        "figures": list(conference.figures.all()),
        "commendations": list(conference.commendations.all()),
    }
    directive_ids = list(conference.directives.values_list("pk", flat=True))
    conference.status = ConferenceStatus.SUPERSEDED
    conference.save(update_fields=["status", "search_text"])

    correction = Conference.objects.get(pk=conference.pk)
    correction.pk = None
    correction._state.adding = True
    correction.status = ConferenceStatus.DRAFT
    correction.version += 1
    correction.previous_version = conference
    correction.correction_reason = reason
    correction.created_by = acting_user
    correction.created_at = timezone.now()
    correction.finalized_at = None
    correction.save()
    for rows_of_kind in rows.values():
        for row in rows_of_kind:
            row.pk = None
            row.conference = correction
            row.save()
    # Directives keep their identity and progress: they move to the new version.
    Directive.objects.filter(pk__in=directive_ids).update(conference=correction)
    return correction


@transaction.atomic
def report_directive_progress(
    directive: Directive,
    *,
    organization: Organization,
    text: str,
    status: str,
    reported_on: datetime.date,
    acting_user,
) -> DirectiveUpdate:
    """A responsible unit reports on its own share (the organizer, when no unit was given the directive).

    The unit's status follows its reports by report date; the directive is done when every unit is.
    """
    if not Directive.objects.editable_by(acting_user).filter(pk=directive.pk).exists():
        raise PermissionDenied
    if not Organization.objects.editable_by(acting_user).filter(pk=organization.pk).exists():
        raise PermissionDenied  # a report is made in the name of one's own body only
    # Reports on one directive take turns: each recomputes the directive from every unit's share.
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    if organization.pk not in reporting_organization_ids(directive):
        raise ValidationError(_("Only a unit responsible for this directive reports on it."))
    update = DirectiveUpdate.objects.create(
        directive=directive,
        organization=organization,
        text=text,
        status=status,
        reported_on=reported_on,
        created_by=acting_user,
    )
    refresh_directive_status(directive, organization_ids=[organization.pk])
    return update


def reporting_organization_ids(directive: Directive) -> list[int]:
    """The responsible units; the organizer only when the directive was given to no unit."""
    responsible = list(directive.assignments.values_list("organization_id", flat=True))
    return responsible or [directive.conference.organizer_id]


def refresh_directive_status(directive: Directive, *, organization_ids=None) -> None:
    """Recompute the shares of `organization_ids` (all when None) from their reports, then the directive.

    A share takes the status of its newest report by report date (a late-entered older report changes
    nothing) and is completed on the date it became done. The directive is done, on the day its last
    unit completed, when every share is done; without responsible units its own reports decide.
    """
    assignments = list(directive.assignments.all())
    reports = list(directive.updates.order_by("reported_on", "pk"))
    changed = [a for a in assignments if organization_ids is None or a.organization_id in organization_ids]
    for assignment in changed:
        own = [report for report in reports if report.organization_id == assignment.organization_id]
        assignment.status, assignment.completed_on, assignment.latest_update = _progress_of(own)
    DirectiveAssignment.objects.bulk_update(changed, ["status", "completed_on", "latest_update"])
    if assignments:
        directive.status, directive.completed_on = _combined_progress(assignments)
    else:
        directive.status, directive.completed_on, _latest = _progress_of(reports)
    directive.save(update_fields=["status", "completed_on"])


def _progress_of(reports: list[DirectiveUpdate]) -> tuple[str, datetime.date | None, DirectiveUpdate | None]:
    """Status, completion date and latest report, from reports ordered by report date."""
    status, completed_on, latest = DirectiveStatus.NOT_STARTED, None, None
    for report in reports:
        if report.status != DirectiveStatus.DONE:
            completed_on = None
        elif status != DirectiveStatus.DONE:
            completed_on = report.reported_on
        status, latest = report.status, report
    return status, completed_on, latest


def _combined_progress(assignments: list[DirectiveAssignment]) -> tuple[str, datetime.date | None]:
    statuses = {assignment.status for assignment in assignments}
    if statuses == {DirectiveStatus.DONE}:
        dates = [assignment.completed_on for assignment in assignments if assignment.completed_on]
        return DirectiveStatus.DONE, max(dates, default=None)
    if statuses == {DirectiveStatus.NOT_STARTED}:
        return DirectiveStatus.NOT_STARTED, None
    return DirectiveStatus.IN_PROGRESS, None


@transaction.atomic
def create_conference(
    *,
    organizer: Organization,
    fields: dict,
    attendees: list[dict] = (),
    documents: list[dict] = (),
    figures: list[dict] = (),
    directives: list[dict] = (),
    commendations: list[dict] = (),
    acting_user=None,
) -> Conference:
    """Create a draft conference with its rows from plain data (demo data, text extraction)."""
    conference = Conference.objects.create(organizer=organizer, created_by=acting_user, **fields)
    for order, row in enumerate(attendees):
        person = find_or_create_person(row["name"], organization=organizer)
        conference.attendees.create(person=person, position=row.get("position", ""), role=row["role"], order=order)
    for order, row in enumerate(documents):
        document = register_document(
            parse_document_number(row["code"]),
            organization=organizer,
            issued_on=row.get("issued_on"),
            issuer_name=row.get("issuer_name", ""),
            title=row.get("title", ""),
        )
        conference.document_links.create(document=document, relation=row["relation"], order=order)
    for order, row in enumerate(figures):
        conference.figures.create(order=order, **row)
    for order, row in enumerate(directives):
        responsible = row.pop("responsible_organizations", [])
        directive = conference.directives.create(order=order, **row)
        directive.responsible_organizations.set(responsible)
    for order, row in enumerate(commendations):
        conference.commendations.create(order=order, **row)
    return conference
