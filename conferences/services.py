"""Every change to a conference goes through these functions."""

import datetime
import re
from dataclasses import dataclass, field

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
from danvan.caching import data_changed
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


@dataclass
class ConferenceData:
    """A conference and its rows as plain values: what `write_conference` saves.

    `fields` are values of `Conference` fields, the organizer included. A row is a dict of its
    model's fields, rows listed in the order of the minutes, with these keys standing for more:
    an attendee's `name` (the person of the register of people), a document's `code` (typed
    or parsed) with `issued_on`, `issuer_name` and `title` (the document of the register of
    documents), and a directive's `responsible_organizations`.

    A row with an `id` changes that saved row of the conference; `removed` holds, by kind of row,
    the ids of saved rows to delete; saved rows neither listed nor removed stay as they are.
    `lock_version` is the version of the conference the editor started from.
    """

    fields: dict
    attendees: list[dict] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    directives: list[dict] = field(default_factory=list)
    commendations: list[dict] = field(default_factory=list)
    removed: dict[str, list[int]] = field(default_factory=dict)
    lock_version: int = 0


@transaction.atomic
def write_conference(conference: Conference | None, data: ConferenceData, *, acting_user) -> Conference:
    """Save a draft with its rows, a new one when `conference` is None: the one writer of conferences.

    A final conference is refused (ValidationError); a draft someone saved after the editor's
    `data.lock_version` raises StaleEdit.
    """
    if conference is None:
        conference = Conference(created_by=acting_user)
    elif not Conference.objects.filter(pk=conference.pk, status=ConferenceStatus.DRAFT).exists():
        raise ValidationError(_("A final conference cannot be changed: make a correction instead."))
    else:
        claim_version(conference, data.lock_version)
    _set_fields(conference, data.fields)
    conference.save()
    removed = data.removed
    _write_rows(conference.attendees, data.attendees, removed.get("attendees", ()), _write_attendee)
    _write_rows(conference.document_links, data.documents, removed.get("documents", ()), _write_document_link)
    _write_rows(conference.figures, data.figures, removed.get("figures", ()))
    _write_rows(conference.directives, data.directives, removed.get("directives", ()), _write_directive)
    _write_rows(conference.commendations, data.commendations, removed.get("commendations", ()))
    return conference


def _save_row(row, values: dict) -> None:
    _set_fields(row, values)
    row.save()


def _set_fields(instance, values: dict) -> None:
    for name, value in values.items():
        instance._meta.get_field(name)  # a key that names no field is a slip: FieldDoesNotExist
        setattr(instance, name, value)


def _write_rows(rows_of_conference, rows: list[dict], removed, write_row=_save_row) -> None:
    """Delete the `removed` rows of the conference, then save `rows`, numbered in their order.

    `write_row(row, values)` saves one row from a copy of its values that it may take keys from.
    """
    saved = {}
    if removed or any("id" in values for values in rows):
        saved = {row.pk: row for row in rows_of_conference.all()}
    for pk in removed:
        if pk in saved:
            saved.pop(pk).delete()
    for order, values in enumerate(rows):
        values = {**values, "order": order}
        # An id that names no row of this conference (removed meanwhile) is typed again as a new row.
        row = saved.get(values.pop("id", None)) or rows_of_conference.model(conference=rows_of_conference.instance)
        write_row(row, values)


def _write_attendee(attendee, values: dict) -> None:
    """The person is the one of that name in the register along the organizer's line, or a new one."""
    attendee.person = find_or_create_person(values.pop("name"), organization=attendee.conference.organizer)
    _save_row(attendee, values)


def _write_document_link(link, values: dict) -> None:
    """The document is the organizer's one of that number and date; blanks of it are filled in."""
    code = values.pop("code")
    link.document = register_document(
        parse_document_number(code) if isinstance(code, str) else code,
        organization=link.conference.organizer,
        issued_on=values.pop("issued_on", None),
        issuer_name=values.pop("issuer_name", ""),
        title=values.pop("title", ""),
    )
    _save_row(link, values)


def _write_directive(directive, values: dict) -> None:
    units = values.pop("responsible_organizations", None)
    is_new = directive.pk is None
    _save_row(directive, values)
    if units is None:
        return
    before = set() if is_new else set(directive.assignments.values_list("organization_id", flat=True))
    directive.responsible_organizations.set(units)
    if not is_new and before != {unit.pk for unit in units}:
        # A unit added or removed changes whether every unit has done its share.
        refresh_directive_status(directive, organization_ids=[])


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
    data_changed(Directive)
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
    data_changed(DirectiveAssignment)
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
    """A new draft from plain rows: `write_conference(None, ConferenceData(...))` spelled out for tests."""
    data = ConferenceData(
        {**fields, "organizer": organizer},
        attendees=list(attendees),
        documents=list(documents),
        figures=list(figures),
        directives=list(directives),
        commendations=list(commendations),
    )
    return write_conference(None, data, acting_user=acting_user)
