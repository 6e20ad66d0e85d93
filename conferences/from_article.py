"""“Enter from an article”: the extractor pre-fills a conference form that the user checks and saves."""

from django.utils.translation import gettext as _

from conferences.extraction import Extraction, extract_conference
from conferences.extraction.files import UnreadableFile, article_from_bytes
from conferences.forms import initial_values
from conferences.models import ConferenceKind
from conferences.services import ConferenceData
from danvan.models import Organization, Person
from danvan.text import fold

# How the roles of the exchange shape map onto the roles of the minutes; any other is a delegate.
ATTENDEE_ROLES = {"chu_tri": "chu_tri", "du_chi_dao": "du_chi_dao", "phat_bieu": "bao_cao"}


def article_text(cleaned_data: dict) -> str:
    """The pasted text, or the text of the uploaded file; UnreadableFile when it cannot be read."""
    upload = cleaned_data.get("file")
    if not upload:
        return cleaned_data["text"]
    return article_from_bytes(b"".join(upload.chunks()), upload.name)


def article_data(extraction: Extraction) -> ConferenceData:
    """What the article says of its conference as the data of a draft: the one mapping from an extraction,
    both to the entry form (`forms.initial_values`) and to `services.write_conference`.

    `held_on` is None when the article gives no full date; the organizer is there only when it matched
    a stored organization.
    """
    fields = {
        "kind": extraction.kind.value if extraction.kind else "other",
        "title": (extraction.title.value if extraction.title else "")[:500],
        "held_on": extraction.date.value if extraction.date else None,
        "period": (extraction.period.value if extraction.period else "")[:200],
        "byline": (extraction.byline.value if extraction.byline else "")[:200],
    }
    if extraction.organization is not None:
        fields["organizer"] = extraction.organization
    return ConferenceData(
        fields,
        attendees=[
            {
                "name": person.name,
                "position": person.position or "",
                "role": ATTENDEE_ROLES.get(person.role, "dai_bieu"),
                "present": True,
            }
            for person in extraction.attendees
        ],
        documents=[
            {"code": document.code, "issued_on": document.date, "relation": "cited"}
            for document in extraction.documents
        ],
        figures=[
            {"indicator": figure.text[:300], "value": figure.value, "unit": figure.unit[:60]}
            for figure in extraction.statistics
        ],
        directives=[{"text": directive.text} for directive in extraction.directives],
        commendations=_commendation_rows(extraction.commendations),
    )


def _commendation_rows(commendations) -> list[dict]:
    """One row per kind of recipient the article counts."""
    if commendations is None:
        return []
    counts = {"collective": commendations.collectives, "individual": commendations.individuals}
    return [
        {"recipient_kind": kind, "count": count, "form": commendations.form}
        for kind, count in counts.items()
        if count is not None
    ]


def prefilled_conference(text: str, user) -> tuple[dict, dict, list[tuple[str, str, str]]] | None:
    """Initial values of the conference form and its rows, and the evidence of each value.

    None when the text says nothing a conference form could use.
    """
    extraction = extract_conference(text, organizations=Organization.objects.editable_by(user))
    if not (extraction.date or extraction.attendees or extraction.documents or extraction.directives):
        return None
    data = article_data(extraction)
    known = set(
        Person.objects.visible_to(user)
        .filter(search_name__in=[fold(row["name"]) for row in data.attendees])
        .values_list("search_name", flat=True)
    )
    initial, rows = initial_values(data)
    return initial, rows, _evidence(extraction, known)


def _evidence(extraction, known_people: set[str]) -> list[tuple[str, str, str]]:
    evidence = []
    shown = {
        _("Date"): (extraction.date, lambda day: day.strftime("%d/%m/%Y")),
        _("Organizing body"): (extraction.organizer, str),
        _("Kind"): (
            extraction.kind,
            lambda kind: ConferenceKind(kind).label if kind in ConferenceKind.values else kind,
        ),
        _("Title"): (extraction.title, str),
        _("Period reviewed"): (extraction.period, str),
        _("Byline"): (extraction.byline, str),
    }
    for label, (value, show) in shown.items():
        if value:
            evidence.append((label, show(value.value), value.evidence))
    for person in extraction.attendees:
        note = _("already in the person register") if fold(person.name) in known_people else _("new person")
        evidence.append((_("Attendee"), f"{person.name} – {person.position or ''} ({note})", person.evidence))
    evidence += [(_("Document"), document.code, document.evidence) for document in extraction.documents]
    evidence += [(_("Figure"), f"{figure.value} {figure.unit}", figure.evidence) for figure in extraction.statistics]
    evidence += [(_("Directive"), directive.text, directive.evidence) for directive in extraction.directives]
    return evidence


__all__ = ["UnreadableFile", "article_data", "article_text", "prefilled_conference"]
