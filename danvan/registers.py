"""The shared registers of people and documents, used by every app.

Each row is kept by an organization and scoped like every other record, so
one province's entries never surface in, or change, another's records:

- a person is looked up along the line of the record's organization (the
  organization itself and the bodies above it: the district secretary who
  attends a commune's conference is the district's person), and created for
  the record's organization when not found there;
- a document is identified by the organization that keeps it (the issuer of
  a decision, or the body whose record cites it), its number and its date.
"""

from collections.abc import Iterable

from danvan.caching import data_changed
from danvan.models import Document, Organization, Person
from danvan.text import fold


def line_of(organization: Organization) -> list[str]:
    """The paths of the organization and of every unit above it ("pre2025/42/", "pre2025/42/439/", …)."""
    parts = organization.path.rstrip("/").split("/")
    return [("/".join(parts[:end]) + "/") for end in range(2, len(parts) + 1)] or [organization.path]


def find_or_create_person(full_name: str, *, organization: Organization) -> Person:
    """The person of this name on the organization's line, so one official stays one person across its records."""
    return people_for([(organization, full_name)])[(organization.pk, fold(" ".join(full_name.split())))]


def people_for(names: Iterable[tuple[Organization, str]]) -> dict[tuple[int, str], Person]:
    """The person for each (organization, name), keyed by (organization id, folded name); missing ones are created.

    Names match regardless of diacritics and case. The nearest keeper wins (the
    organization itself before the bodies above it), then the exact spelling.
    """
    wanted: dict[tuple[int, str], tuple[Organization, str]] = {}
    for organization, raw_name in names:
        name = " ".join(raw_name.split())
        if name:
            wanted.setdefault((organization.pk, fold(name)), (organization, name))
    if not wanted:
        return {}
    paths = {path for organization, _name in wanted.values() for path in line_of(organization)}
    candidates: dict[str, list[Person]] = {}
    for person in Person.objects.filter(
        search_name__in={key for _pk, key in wanted}, organization__path__in=paths
    ).select_related("organization"):
        candidates.setdefault(person.search_name, []).append(person)
    found = {}
    for (organization_pk, key), (organization, name) in wanted.items():
        line = line_of(organization)
        on_line = [p for p in candidates.get(key, []) if p.organization.path in line]
        if on_line:
            found[(organization_pk, key)] = min(
                on_line, key=lambda p: (-len(p.organization.path), p.full_name != name, p.pk)
            )
    missing = {
        pair: Person(full_name=name, search_name=pair[1], organization=organization)
        for pair, (organization, name) in wanted.items()
        if pair not in found
    }
    created = Person.objects.bulk_create(missing.values())
    if created:
        data_changed(Person)
    return found | dict(zip(missing, created, strict=True))


def register_document(
    number, *, organization: Organization, issued_on=None, issuer_name: str = "", title: str = ""
) -> Document:
    """The organization's document for a parsed number and date; blanks are filled in, nothing is overwritten."""
    document, created = Document.objects.get_or_create(
        organization=organization,
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
