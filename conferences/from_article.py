"""“Enter from an article”: the extractor pre-fills a conference form that the user checks and saves."""

import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

from conferences.extraction import conference_rows, extract_conference
from conferences.extraction.files import UnreadableFile, read_article
from conferences.models import ConferenceKind
from danvan.models import Organization, Person
from danvan.text import fold


def article_text(cleaned_data: dict) -> str:
    """The pasted text, or the text of the uploaded file; UnreadableFile when it cannot be read."""
    upload = cleaned_data.get("file")
    if not upload:
        return cleaned_data["text"]
    suffix = Path(upload.name).suffix.lower()
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy:
        for chunk in upload.chunks():
            copy.write(chunk)
        copy.flush()
        return read_article(copy.name)


def prefilled_conference(text: str, user) -> tuple[dict, dict, list[tuple[str, str, str]]] | None:
    """Initial values of the conference form and its rows, and the evidence of each value.

    None when the text says nothing a conference form could use.
    """
    extraction = extract_conference(text, organizations=Organization.objects.editable_by(user))
    rows = conference_rows(extraction)
    if not (extraction.date or extraction.attendees or extraction.documents or extraction.directives):
        return None
    initial = {name: value for name, value in rows["fields"].items() if value}
    if extraction.organization is not None:
        initial["organizer"] = extraction.organization.pk
    known = set(
        Person.objects.visible_to(user)
        .filter(search_name__in=[fold(a["name"]) for a in rows["attendees"]])
        .values_list("search_name", flat=True)
    )
    row_initial = {
        "attendees": [
            {"full_name": a["name"], "position": a["position"], "role": a["role"], "present": True}
            for a in rows["attendees"]
        ],
        "documents": [
            {"code": d["code"], "issued_on": d["issued_on"], "relation": d["relation"]} for d in rows["documents"]
        ],
        "figures": rows["figures"],
        "directives": rows["directives"],
        "commendations": rows["commendations"],
    }
    return initial, row_initial, _evidence(extraction, known)


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


__all__ = ["UnreadableFile", "article_text", "prefilled_conference"]
