"""The shared registers of people and documents, used by every app."""

from danvan.models import Document, Person
from danvan.text import fold


def find_or_create_person(full_name: str, position: str = "") -> Person:
    """The register's person of this name, so one official stays one person across records.

    Names match regardless of diacritics and case; an exact spelling wins,
    then the same position. The latest position seen is remembered.
    """
    full_name = " ".join(full_name.split())
    candidates = sorted(
        Person.objects.filter(search_name=fold(full_name)),
        key=lambda person: (person.full_name != full_name, person.position != position, person.pk),
    )
    if not candidates:
        return Person.objects.create(full_name=full_name, position=position)
    person = candidates[0]
    if position and person.position != position:
        person.position = position
        person.save(update_fields=["position", "search_name"])
    return person


def register_document(number, *, issued_on=None, issuer_name: str = "", title: str = "") -> Document:
    """The register's document for a parsed number and date; blanks are filled in, nothing is overwritten."""
    document, created = Document.objects.get_or_create(
        code=number.code,
        issued_on=issued_on,
        defaults={
            "system": number.system,
            "type_code": number.type_code,
            "number": number.number,
            "year": number.year,
            "issuer_code": number.issuer_code,
            "issuer_name": issuer_name,
            "title": title,
        },
    )
    missing = {"issuer_name": issuer_name, "title": title}
    changed = [field for field, value in missing.items() if value and not getattr(document, field)]
    if not created and changed:
        for field in changed:
            setattr(document, field, missing[field])
        document.save(update_fields=changed)
    return document
