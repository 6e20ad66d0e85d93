"""Every change to a conference goes through these functions."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.models import Conference, ConferenceStatus, Directive, DirectiveUpdate
from danvan.documents import parse_document_number
from danvan.locking import claim_version
from danvan.models import Organization
from danvan.registers import find_or_create_person, register_document


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
def finalize_conference(conference: Conference, *, acting_user) -> Conference:
    if conference.status != ConferenceStatus.DRAFT:
        raise ValidationError(_("Only a draft can be made final."))
    conference.status = ConferenceStatus.FINAL
    conference.finalized_at = timezone.now()
    conference.save(update_fields=["status", "finalized_at", "search_text"])
    return conference


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
    if not Directive.objects.editable_by(acting_user).filter(pk=directive.pk).exists():
        raise PermissionDenied
    if not Organization.objects.editable_by(acting_user).filter(pk=organization.pk).exists():
        raise PermissionDenied  # a report is made in the name of one's own body only
    update = DirectiveUpdate.objects.create(
        directive=directive,
        organization=organization,
        text=text,
        status=status,
        reported_on=reported_on,
        created_by=acting_user,
    )
    # The newest report date decides, not the order of entry: a late-entered older report changes nothing.
    directive.status = directive.updates.order_by("-reported_on", "-pk").values_list("status", flat=True).first()
    directive.save(update_fields=["status"])
    return update


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
