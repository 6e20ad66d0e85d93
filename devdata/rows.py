"""Bulk rows shared by the generators: batching, the people register, documents and decisions."""

import datetime

from simple_history.utils import bulk_create_with_history

from danvan.caching import data_changed
from danvan.models import Document, Person
from danvan.text import fold
from devdata.words import GIVEN, MIDDLE, POSITIONS, SURNAME_WEIGHTS, SURNAMES

BATCH = 2000
YEARS = list(range(2019, 2025))


def bulk(model, rows, **kwargs):
    model.objects.bulk_create(rows, batch_size=BATCH, **kwargs)
    data_changed(model)
    return rows


def bulk_with_history(model, rows, user):
    """Rows whose pages show their audit trail get their one “created” history row (history_of needs one)."""
    created = bulk_create_with_history(rows, model, batch_size=BATCH, default_user=user)
    data_changed(model)
    for row, saved in zip(rows, created, strict=True):
        row.pk = saved.pk
    return rows


def person_name(rng):
    surname = rng.choices(SURNAMES, SURNAME_WEIGHTS)[0]
    return f"{surname} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def make_people(rng, count, committees, boards, units):
    people = []
    for _ in range(count):
        unit = rng.choices(units, [8 if u.level == "province" else 3 if u.level == "district" else 1 for u in units])[0]
        committee, board = committees[unit.pk], boards[unit.pk]
        place = committee.party_organization_name.removeprefix("Đảng bộ ")
        position = rng.choice(POSITIONS).format(
            c=committee.name, b=board.short_body_name + " " + committee.name, p=place
        )
        name = person_name(rng)
        person = Person(full_name=name, search_name=fold(name), organization=committee)
        person.generated_position = position  # not stored: records state a position, the register does not
        people.append(person)
    return people


class Decisions:
    """Recognition decisions, one per deciding committee and year, numbered as the committee numbers them."""

    def __init__(self, committees):
        self.committees, self.pending, self.numbers = committees, {}, {}

    def get(self, unit, year):
        key = (unit.pk, year)
        if key not in self.pending:
            committee = self.committees[unit.pk]
            number = self.numbers[(committee.issuer_code, year)] = (
                self.numbers.get((committee.issuer_code, year), 0) + 1
            )
            number += 100 * (int(unit.code) % 90)  # distinct numbers for sibling committees sharing an issuer code
            self.pending[key] = Document(
                organization=committee,
                code=f"{number}-QĐ/{committee.issuer_code}",
                system="party",
                type_code="QĐ",
                number=str(number),
                issuer_code=committee.issuer_code,
                issued_on=datetime.date(year, 11, 1) + datetime.timedelta(days=int(unit.code) % 40),
                issuer_name=committee.name,
                title=f"[scale] Quyết định công nhận mô hình “Dân vận khéo” năm {year}",
            )
        return self.pending[key]

    def save(self):
        rows = list(self.pending.values())
        Document.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        data_changed(Document)
        found = {
            (d.organization_id, d.code, d.issued_on): d
            for d in Document.objects.filter(
                organization__in={d.organization_id for d in rows}, code__in={d.code for d in rows}
            )
        }
        for row in rows:
            row.pk = found[(row.organization_id, row.code, row.issued_on)].pk
        return rows


def make_documents(rng, committees, province, districts, communes):
    """The resolutions and plans that conferences review."""
    rows = []
    for year in YEARS:
        for index, (type_code, title) in enumerate(
            [
                ("NQ", "Nghị quyết về tăng cường công tác dân vận"),
                ("KH", "Kế hoạch thực hiện phong trào “Dân vận khéo”"),
            ]
        ):
            for unit in [province, *districts]:
                committee = committees[unit.pk]
                number = 10 + index * 50 + int(unit.code) % 40
                rows.append(
                    Document(
                        organization=committee,
                        code=f"{number}-{type_code}/{committee.issuer_code}",
                        system="party",
                        type_code=type_code,
                        number=str(number),
                        issuer_code=committee.issuer_code,
                        issued_on=datetime.date(year, 2, 1) + datetime.timedelta(days=int(unit.code) % 60),
                        issuer_name=committee.name,
                        title=f"[scale] {title} năm {year}",
                    )
                )
    Document.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    data_changed(Document)
    found = {
        (d.organization_id, d.code, d.issued_on): d
        for d in Document.objects.filter(code__in={r.code for r in rows}, title__startswith="[scale] ")
    }
    return [found[key] for key in ((r.organization_id, r.code, r.issued_on) for r in rows) if key in found]
