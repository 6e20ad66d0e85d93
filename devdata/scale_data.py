"""Deterministic scale data on the real administrative map, for benchmarks.

    python manage.py generate_scale_data --scale commune|district|province|nation [--seed N] [--province 08] [--replace]

`province` fills a whole pre-2025 province (Tuyên Quang, code 08, by default:
7 districts, 137 communes) with 30,000 “Dân vận khéo” models (recognitions and
workflow steps), 5,000 conferences, 60,000 attendees from a register of 3,000
people and 20,000 directives with their progress updates. `district` is about
1/8 of that on one district, `commune` about 1/100 on one commune and its
district and province above. `nation` is ten times `province`: the province
scale on each of ten pre-2025 provinces (`NATION_PROVINCES`, 08 first, with the
same seed, so its rows are those of `province`; the others with the seed plus
their rank), 300,000 models in all; load their map first with
`load_units --province 08 --province 02 …`.

Rows go in with bulk_create, so `save()` does not run: `search_text` and
`search_name` are folded here. No django-simple-history rows are written for
the generated data (that would double every insert); the audit trail of the
registry (`Transition`) is generated as ordinary rows.

Every generated conference and model is `created_by` the user `scale.data`,
which is how a second run recognizes the data and refuses without --replace.
This module reads across the apps, which the ground floor (`danvan`) never does.
"""

import datetime
import random
import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from conferences.models import (
    Attendee,
    Commendation,
    Conference,
    ConferenceDocument,
    Directive,
    DirectiveAssignment,
    DirectiveUpdate,
    KeyFigure,
)
from danvan.models import AdministrativeUnit, Document, Era, Person
from danvan.organizations import committee_for, mass_mobilization_board_for
from devdata.conference_rows import generate_conferences
from devdata.registry_rows import generate_registry
from devdata.rows import bulk, make_documents, make_people
from models_registry.models import EmulationModel, Field, Recognition, Transition
from models_registry.standard_fields import ensure_standard_fields

GENERATOR_USERNAME = "scale.data"
BOARD_DATE = datetime.date(2024, 6, 1)  # before the March 2025 merger of province boards


@dataclass(frozen=True)
class Scale:
    models: int
    conferences: int
    attendees: int
    people: int
    directives: int


SCALES = {
    "province": Scale(models=30_000, conferences=5_000, attendees=60_000, people=3_000, directives=20_000),
    "district": Scale(models=3_750, conferences=625, attendees=7_500, people=375, directives=2_500),
    "commune": Scale(models=300, conferences=50, attendees=600, people=30, directives=200),
}


# The first ten provinces of the north, 1,504 communes before 2025; 08 first, as at province scale.
NATION_PROVINCES = ("08", "02", "04", "06", "10", "11", "12", "14", "15", "17")


class ScaleDataExists(Exception):
    pass


class MapMissing(Exception):
    pass


def generator_user():
    user, _ = get_user_model().objects.get_or_create(
        username=GENERATOR_USERNAME, defaults={"first_name": "Dữ liệu", "last_name": "thử tải", "is_active": False}
    )
    return user


def generated_exists(province: AdministrativeUnit) -> bool:
    user = get_user_model().objects.filter(username=GENERATOR_USERNAME).first()
    if user is None:
        return False
    return (
        EmulationModel.objects.filter(
            created_by=user, registering_organization__path__startswith=province.path
        ).exists()
        or Conference.objects.filter(created_by=user, organizer__path__startswith=province.path).exists()
    )


def delete_generated(province: AdministrativeUnit) -> dict:
    """Remove what a previous run generated for `province` (raw deletes: no signals, no history)."""
    user = generator_user()
    models = EmulationModel.objects.filter(created_by=user, registering_organization__path__startswith=province.path)
    conferences = Conference.objects.filter(created_by=user, organizer__path__startswith=province.path)
    directives = Directive.objects.filter(conference__in=conferences)
    deleted = {}
    with transaction.atomic():
        for label, queryset in [
            ("responsible links", DirectiveAssignment.objects.filter(directive__in=directives)),
            ("progress updates", DirectiveUpdate.objects.filter(directive__in=directives)),
            ("directives", directives),
            ("attendees", Attendee.objects.filter(conference__in=conferences)),
            ("conference documents", ConferenceDocument.objects.filter(conference__in=conferences)),
            ("key figures", KeyFigure.objects.filter(conference__in=conferences)),
            ("commendations", Commendation.objects.filter(conference__in=conferences)),
            ("conferences", conferences),
            ("transitions", Transition.objects.filter(emulation_model__in=models)),
            ("recognitions", Recognition.objects.filter(emulation_model__in=models)),
            ("models", models),
        ]:
            if queryset.model in (Directive, Conference, EmulationModel):
                history = queryset.model.history.filter(id__in=queryset.values("pk"))
                deleted[f"{label} history"] = history._raw_delete(history.db)
            deleted[label] = queryset._raw_delete(queryset.db)
        # The register and decisions the generator made, now referenced by nothing.
        people = Person.objects.filter(organization__path__startswith=province.path, attendances__isnull=True).exclude(
            pk__in=EmulationModel.objects.filter(person__isnull=False).values("person_id")
        )
        deleted["people"] = people._raw_delete(people.db)
        documents = Document.objects.filter(
            title__startswith="[scale] ", recognitions__isnull=True, conference_links__isnull=True
        )
        deleted["documents"] = documents._raw_delete(documents.db)
    return deleted


def generate_nation(
    *, seed: int = 2025, provinces=NATION_PROVINCES, replace: bool = False, size: Scale | None = None, log=print
) -> dict[str, int]:
    """Province scale data on each of `provinces`, one transaction each; returns the summed row counts.

    Every province is checked for its map and earlier data before anything is written.
    """
    started = time.monotonic()
    for code in provinces:
        province = _province(code)
        if generated_exists(province) and not replace:
            raise ScaleDataExists(
                f"Generated data already exists for {province}; pass --replace to delete it and generate again."
            )
    totals: dict[str, int] = {}
    for rank, code in enumerate(provinces):
        log(f"Province {code} ({rank + 1}/{len(provinces)}):")
        counts = generate(
            "province", seed=seed + rank, province_code=code, replace=replace, size=size, analyze=False, log=log
        )
        counts.pop("seconds")
        for label, count in counts.items():
            totals[label] = totals.get(label, 0) + count
    _analyze()
    totals["seconds"] = round(time.monotonic() - started, 1)
    return totals


def _province(code: str) -> AdministrativeUnit:
    province = AdministrativeUnit.objects.filter(era=Era.PRE_2025, code=code).first()
    if province is None:
        raise MapMissing(
            f"Province {code} (before 2025) is missing: run `python manage.py load_units --province {code}` first."
        )
    return province


def generate(
    scale: str,
    *,
    seed: int = 2025,
    province_code: str = "08",
    replace: bool = False,
    size: Scale | None = None,
    analyze: bool = True,
    log=print,
) -> dict[str, int]:
    """Generate `scale` data for the pre-2025 province `province_code`; returns the row counts.

    `size` overrides the scale's row counts (tests generate a small province).
    """
    if scale == "nation":
        return generate_nation(seed=seed, replace=replace, size=size, log=log)
    started = time.monotonic()
    size = size or SCALES[scale]
    rng = random.Random(seed)
    province = _province(province_code)
    if generated_exists(province):
        if not replace:
            raise ScaleDataExists(
                f"Generated data already exists for {province}; pass --replace to delete it and generate again."
            )
        deleted = delete_generated(province)
        log(f"Deleted the previous data: {sum(deleted.values())} rows.")

    districts = list(AdministrativeUnit.objects.filter(parent=province).order_by("code"))
    communes_of = {d.pk: list(AdministrativeUnit.objects.filter(parent=d).order_by("code")) for d in districts}
    if scale != "province":
        districts = [max(districts, key=lambda d: (len(communes_of[d.pk]) if scale == "district" else 0, d.code))]
        if scale == "commune":
            communes_of = {districts[0].pk: communes_of[districts[0].pk][:1]}
    communes = [c for d in districts for c in communes_of[d.pk]]
    if not communes:
        raise MapMissing(f"{province} has no communes loaded: run `python manage.py load_units` first.")

    counts: dict[str, int] = {}
    user = generator_user()
    with transaction.atomic():
        timer = _Timer(log)
        committees, boards = {}, {}
        for unit in [province, *districts, *communes]:
            committees[unit.pk] = committee_for(unit)
            boards[unit.pk] = mass_mobilization_board_for(unit, on=BOARD_DATE)
        organizations = [*committees.values(), *boards.values()]
        counts["organizations"] = len(organizations)
        ensure_standard_fields(Field)
        fields = {f.code: f for f in Field.objects.all()}
        district_of = {c.pk: d for d in districts for c in communes_of[d.pk]}
        timer.lap("organizations")

        people = make_people(rng, size.people, committees, boards, [province, *districts, *communes])
        counts["people"] = len(bulk(Person, people))
        timer.lap("people")

        documents = make_documents(rng, committees, province, districts, communes)
        counts["models"], counts["recognitions"], counts["transitions"] = generate_registry(
            rng, size, user, fields, committees, boards, province, district_of, communes, people, documents
        )
        timer.lap("registry")

        counts.update(
            generate_conferences(rng, size, user, committees, boards, province, districts, communes, people, documents)
        )
        counts["documents"] = len(documents)
        timer.lap("conferences")
    if analyze:
        _analyze()
    counts["seconds"] = round(time.monotonic() - started, 1)
    return counts


def _analyze() -> None:
    if connection.vendor == "postgresql":
        # Fresh planner statistics for every table touched, link tables included.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class _Timer:
    def __init__(self, log):
        self.log, self.last = log, time.monotonic()

    def lap(self, label):
        now = time.monotonic()
        self.log(f"  {label:<14} {now - self.last:6.1f} s")
        self.last = now
