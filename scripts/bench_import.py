"""Time the spreadsheet import (preview, then confirm) and the export on a throwaway database.

    .venv/bin/python scripts/bench_import.py --rows 10000
    .venv/bin/python scripts/bench_import.py --rows 10000 --postgres postgres://postgres@127.0.0.1:5432/postgres

SQLite runs in a temporary file. With --postgres, the script creates its own database
on that server (danvan_bench_import_<pid>) and drops it at the end, so it never touches
the database of the test suite. The requests go through the real views with Django's
test client, over HTTPS as production settings (DEBUG=0) require.

Two other ways to load the same file into the same kind of database (its registry
tables emptied between contenders) put our figures in context:

- plain django-import-export: the `ModelResource` a developer writes without care,
  `import_data(dry_run=True)` then `import_data(dry_run=False)` (preview + commit);
- the floor: the file read by calamine (the fastest reader there is) and one `bulk_create`,
  foreign keys from dictionaries, no checks, no history, no workflow steps.

Reading the file is timed twice: as the import reads it now (calamine) and as it read it
before (openpyxl in read-only mode). The ratios (ours ÷ plain, ours ÷ floor) and the
target (preview + confirm ≤ 2× the floor) come on their own lines, after the timed rows.
"""

import argparse
import datetime
import io
import os
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

import bench_workbooks  # noqa: E402 (beside this script)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL server URL; a scratch database is made on it")
    parser.add_argument("--inline-strings", action="store_true", help="keep the workbook as openpyxl writes it")
    args = parser.parse_args()
    with _throwaway_database(args.postgres) as url:
        os.environ["DATABASE_URL"] = url
        os.environ["DEBUG"] = "0"  # as in production: no query log kept in memory
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
        import django

        django.setup()
        _run(args.rows, "PostgreSQL" if args.postgres else "SQLite", shared_strings=not args.inline_strings)


@contextmanager
def _throwaway_database(server_url: str | None):
    if not server_url:
        with tempfile.TemporaryDirectory() as directory:
            yield f"sqlite:///{directory}/bench.sqlite3"
        return
    import psycopg

    name = f"danvan_bench_import_{os.getpid()}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(server_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


@contextmanager
def _timed(label: str, timings: dict):
    """Wall time, and this process's CPU time: on a busy machine the second shows the cost of the code."""
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    timings[label] = (time.perf_counter() - wall, time.process_time() - cpu)


def _run(row_count: int, engine: str, *, shared_strings: bool) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from models_registry.models import EmulationModel, ImportBatch, Transition
    from models_registry.spreadsheets import read_sheet
    from models_registry.spreadsheets.reading import _openpyxl_records, _sheet_from

    call_command("migrate", verbosity=0)
    user, codes = _world()
    content = bench_workbooks.workbook(row_count, codes)
    content = bench_workbooks.with_shared_strings(content) if shared_strings else content
    client = Client()
    client.force_login(user)
    # The first request of a process loads the URL configuration and the templates: not the import's cost.
    assert client.get(reverse("registry:import"), secure=True).status_code == 200
    timings: dict[str, tuple[float, float]] = {}

    with _timed(READ, timings):
        read_sheet("bench.xlsx", content)
    with _timed(READ_BEFORE, timings):
        _sheet_from(_openpyxl_records(content))
    with _timed("preview (upload, check, store)", timings):
        preview = client.post(
            reverse("registry:import"), {"file": SimpleUploadedFile("bench.xlsx", content)}, secure=True
        )
    assert preview.status_code == 200 and b"registry/import/" in preview.content, preview.status_code
    batch = ImportBatch.objects.get()
    assert EmulationModel.objects.count() == 0
    with _timed(CONFIRM, timings):
        confirmed = client.post(reverse("registry:import-confirm", args=[batch.pk]), secure=True)
    assert confirmed.status_code == 302, confirmed.status_code
    imported = EmulationModel.objects.count()
    assert imported == row_count == Transition.objects.filter(action="import").count(), imported
    assert EmulationModel.history.filter(history_type="+").count() == row_count
    with _timed("export .xlsx", timings):
        xlsx = client.get(reverse("registry:export"), secure=True)
    with _timed("export .csv", timings):
        csv = client.get(reverse("registry:export"), {"format": "csv"}, secure=True)

    _empty_registry()
    with _timed(PLAIN, timings):
        plain = _plain_import(content)
    assert plain == row_count == EmulationModel.history.count(), plain  # its history comes from post_save
    _empty_registry()
    with _timed(FLOOR, timings):
        floor = _floor_import(content, user)
    assert floor == row_count == EmulationModel.objects.count(), floor

    layout = "shared strings, as Excel saves" if shared_strings else "inline strings, as openpyxl writes"
    print(f"{engine}: {row_count} rows, {len(content) / 1024:.0f} KB workbook ({layout}), {imported} drafts imported")
    print(f"  {'':<38} {'wall':>7} {'CPU':>7}   (load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs)")
    preview, confirm = timings["preview (upload, check, store)"], timings[CONFIRM]
    ours = timings[OURS] = (preview[0] + confirm[0], preview[1] + confirm[1])
    order = [READ, READ_BEFORE, "preview (upload, check, store)", CONFIRM, OURS, PLAIN, FLOOR]
    for label in [*order, *(label for label in timings if label not in order)]:
        wall, cpu = timings[label]
        print(f"  {label:<38} {wall:6.2f}s {cpu:6.2f}s")
    print(f"  export sizes: {len(xlsx.content) / 1024:.0f} KB .xlsx, {len(csv.content) / 1024:.0f} KB .csv")
    (plain_wall, plain_cpu), (floor_wall, floor_cpu) = timings[PLAIN], timings[FLOOR]
    print(
        f"  ratios, wall (CPU): ours ÷ plain = {ours[0] / plain_wall:.2f} ({ours[1] / plain_cpu:.2f}),"
        f" i.e. {plain_wall / ours[0]:.1f}× ({plain_cpu / ours[1]:.1f}×) faster, goal ≥ 5×;"
        f" ours ÷ floor = {ours[0] / floor_wall:.2f} ({ours[1] / floor_cpu:.2f}), goal ≤ 3"
    )
    read, before = timings[READ][0], timings[READ_BEFORE][0]
    print(f"  reading: {read:.2f}s with calamine, {before:.2f}s with openpyxl before, {before / read:.1f}× faster")
    ratio, verdict = ours[0] / floor_wall, "met" if ours[0] / floor_wall <= 2 else "missed"
    print(
        f"  target: preview + confirm ≤ 2× the raw bulk insert: {ratio:.2f}×"
        f" (CPU {ours[1] / floor_cpu:.2f}×), {verdict}"
    )


READ = "read the file"
READ_BEFORE = "read the file with openpyxl (before)"
CONFIRM = "confirm (check again, import)"
OURS = "preview + confirm"
PLAIN = "plain ModelResource preview + commit"
FLOOR = "raw read + bulk insert (floor)"


def _empty_registry() -> None:
    """Fresh registry tables for the next contender: models, their history, workflow steps, people."""
    from django.db import connection

    from danvan.models import Person
    from models_registry.models import EmulationModel, Transition

    tables = [model._meta.db_table for model in (Transition, EmulationModel.history.model, EmulationModel, Person)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")
    assert not EmulationModel.objects.exists()


def _plain_resource():
    """The `ModelResource` a developer writes for this file without care for speed or rules.

    What it cannot express, it leaves out: no people register (finding or creating a
    Person by the folded name and keeping the latest position needs code, not a widget),
    no era (a code names one unit here), no scope (it would import into any commune),
    no duplicate check, no workflow step. It does get a history row per model, from
    simple_history's post_save signal, and the search text, from EmulationModel.save().
    """
    from import_export import fields, resources, widgets

    from danvan.models import AdministrativeUnit, Organization, OrganizationKind
    from models_registry.models import EmulationModel, Field, SubjectKind
    from models_registry.spreadsheets import COLUMNS

    class SubjectKindWidget(widgets.Widget):
        LABELS = {"Tập thể": SubjectKind.COLLECTIVE, "Cá nhân": SubjectKind.INDIVIDUAL}

        def clean(self, value, row=None, **kwargs):
            return self.LABELS[value]

    class CommitteeWidget(widgets.ForeignKeyWidget):
        """The registering organization: the party committee of the unit whose code the row gives."""

        def get_queryset(self, value, row, *args, **kwargs):
            return Organization.objects.filter(kind=OrganizationKind.PARTY_COMMITTEE)

    def column(name, attribute=None, widget=None):
        return fields.Field(
            attribute=attribute or name, column_name=COLUMNS[name], widget=widget or widgets.CharWidget()
        )

    class PlainEmulationModelResource(resources.ModelResource):
        name = column("name")
        subject_kind = column("subject_kind", widget=SubjectKindWidget())
        field = column("field", widget=widgets.ForeignKeyWidget(Field, "name"))
        unit = column("unit_code", "unit", widgets.ForeignKeyWidget(AdministrativeUnit, "code"))
        registering_organization = column(
            "unit_code", "registering_organization", CommitteeWidget(Organization, "unit__code")
        )
        registering_unit_name = column("registering_unit_name")
        registration_year = column("registration_year", widget=widgets.IntegerWidget())
        phase = column("phase")
        address = column("address")
        situation = column("situation")
        goals = column("goals")
        content_and_method = column("content_and_method")
        starts_on = column("starts_on", widget=widgets.DateWidget("%d/%m/%Y"))
        ends_on = column("ends_on", widget=widgets.DateWidget("%d/%m/%Y"))

        class Meta:
            model = EmulationModel
            fields = (
                "id",  # the default import id: no such column, so every row is a new model
                "name", "subject_kind", "field", "unit", "registering_organization", "registering_unit_name",
                "registration_year", "phase", "address", "situation", "goals", "content_and_method",
                "starts_on", "ends_on",
            )  # fmt: skip

    return PlainEmulationModelResource


def _plain_import(content: bytes) -> int:
    """Preview (a dry run) then commit, as the library's documentation shows; the models it made."""
    import tablib

    from models_registry.models import EmulationModel

    dataset = tablib.Dataset().load(content, format="xlsx")
    resource = _plain_resource()()
    preview = resource.import_data(dataset, dry_run=True)
    assert not (preview.has_errors() or preview.has_validation_errors()), preview.totals
    assert not EmulationModel.objects.exists()
    result = resource.import_data(dataset, dry_run=False)
    assert not (result.has_errors() or result.has_validation_errors()), result.totals
    return EmulationModel.objects.count()


def _floor_import(content: bytes, user) -> int:
    """The least any import of this file costs: read it, resolve the keys from dictionaries, insert."""
    from python_calamine import CalamineWorkbook

    from danvan.models import AdministrativeUnit, Organization, OrganizationKind
    from models_registry.models import EmulationModel, Field, SubjectKind
    from models_registry.spreadsheets import COLUMNS

    def day_first(text):
        day, month, year = text.split("/")
        return datetime.date(int(year), int(month), int(day))

    fields = dict(Field.objects.values_list("name", "pk"))
    units = dict(AdministrativeUnit.objects.values_list("code", "pk"))
    committees = dict(Organization.objects.filter(kind=OrganizationKind.PARTY_COMMITTEE).values_list("unit_id", "pk"))
    kinds = {"Tập thể": SubjectKind.COLLECTIVE, "Cá nhân": SubjectKind.INDIVIDUAL}
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    rows = iter(workbook.get_sheet_by_index(0).to_python())
    workbook.close()
    headers = list(next(rows))
    at = {name: headers.index(header) for name, header in COLUMNS.items()}
    models = []
    for row in rows:
        unit = units[row[at["unit_code"]]]
        models.append(
            EmulationModel(
                name=row[at["name"]],
                subject_kind=kinds[row[at["subject_kind"]]],
                field_id=fields[row[at["field"]]],
                unit_id=unit,
                registering_organization_id=committees[unit],
                registering_unit_name=row[at["registering_unit_name"]] or "",
                registration_year=int(row[at["registration_year"]]),
                phase=row[at["phase"]] or "",
                address=row[at["address"]] or "",
                situation=row[at["situation"]] or "",
                goals=row[at["goals"]] or "",
                content_and_method=row[at["content_and_method"]] or "",
                starts_on=day_first(row[at["starts_on"]]),
                ends_on=day_first(row[at["ends_on"]]),
                created_by=user,
            )
        )
    return len(EmulationModel.objects.bulk_create(models))


def _world():
    """A province with two districts of ten communes each, codes starting with zeros, and its staff.

    The communes' party committees exist already, as they do once a commune has registered
    anything: every contender finds them (the plain resource could not create them).
    """
    from django.contrib.auth import get_user_model

    from danvan.models import LEVEL_OF_KIND, AdministrativeUnit, Era, Membership, Role, UnitKind
    from danvan.organizations import committee_for, mass_mobilization_board_for
    from danvan.text import fold

    def unit(code, name, kind, parent=None):
        path = f"{parent.path}{code}/" if parent else f"{Era.PRE_2025}/{code}/"
        return AdministrativeUnit.objects.create(
            era=Era.PRE_2025, code=code, name=name, search_name=fold(name), kind=kind,
            level=LEVEL_OF_KIND[kind], parent=parent, path=path,
        )  # fmt: skip

    province = unit("08", "Tuyên Quang", UnitKind.PROVINCE)
    codes = []
    for district_number in range(2):
        district = unit(f"07{district_number}", f"Huyện {district_number}", UnitKind.RURAL_DISTRICT, province)
        for commune_number in range(10):
            code = f"0{2200 + district_number * 10 + commune_number}"
            committee_for(unit(code, f"Xã {code}", UnitKind.COMMUNE, district))
            codes.append(code)
    user = get_user_model().objects.create_user("bench", password="bench-password-2024")
    board = mass_mobilization_board_for(province, on=datetime.date(2024, 7, 1))
    Membership.objects.create(user=user, organization=board, role=Role.PROVINCE_STAFF)
    return user, codes


if __name__ == "__main__":
    main()
