"""The confirmation of an import: every row checked again against the database as it is then,
from the sheet the preview kept (the workbook is not parsed twice); models, history rows and
workflow steps written in a few statements, whatever the number of rows."""

import datetime
import json
import math
import re
import threading
from unittest import mock

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from danvan.models import AdministrativeUnit, Membership, Organization, Person
from danvan.organizations import committee_for, mass_mobilization_board_for
from danvan.text import fold
from models_registry.models import EmulationModel, ImportBatch, Status, SubjectKind, Transition
from models_registry.services import BULK_BATCH_SIZE as BATCH_SIZE
from models_registry.spreadsheets import SHEET_FORMAT, importing, read_sheet, restored_sheet, stored_sheet
from tests.conftest import ON
from tests.registry.conftest import model_row, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

CODES = ["02266", "18145", "18148", "439"]  # communes A3 (no committee yet), A1, A2, and district A


def _counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (EmulationModel, Transition, Person, Organization))


def _confirm(client, batch: ImportBatch, language: str = "vi"):
    with translation.override(language):
        url = reverse("registry:import-confirm", args=[batch.pk])
    return client.post(url)


def _rows(count: int, prefix: str = "Mô hình") -> list[dict]:
    return [
        model_row(
            name=f"{prefix} số {number}",
            unit_code=CODES[number % len(CODES)],
            subject_kind="Cá nhân" if number % 3 == 0 else "Tập thể",
            person_name=f"Nguyễn Văn {number % 7}" if number % 3 == 0 else None,
            person_position="Bí thư chi bộ" if number % 3 == 0 else None,
            registering_unit_name="" if number % 5 == 0 else f"Chi hội   Phụ nữ thôn {number % 4}",
        )
        for number in range(count)
    ]


def test_the_stored_sheet_keeps_every_cell_with_its_type():
    """2266 and 2266.0 and "2266" are checked differently: the kept sheet must be the sheet as read."""
    rows = [
        model_row(unit_code=2266, starts_on=datetime.datetime(2024, 3, 1), ends_on=datetime.date(2024, 12, 31)),
        model_row(unit_code=18145.0, registration_year="2024", situation=1.5, goals=True, phase=datetime.time(8, 30)),
        model_row(address=None, content_and_method=datetime.timedelta(hours=30), era="trước 1/7/2025"),
    ]
    content = xlsx_bytes(rows, text_codes=False)
    sheet = read_sheet("mo-hinh.xlsx", content)

    restored = restored_sheet(stored_sheet(sheet, content), content)

    def typed(rows):
        return [[(type(value), value) for value in row] for row in rows]

    assert (restored.columns, restored.row_numbers) == (sheet.columns, sheet.row_numbers)
    assert typed(restored.rows) == typed(sheet.rows)
    kinds = {type(value) for row in sheet.rows for value in row}
    assert {str, int, float, bool, datetime.datetime, datetime.time, datetime.timedelta, type(None)} <= kinds


def test_confirm_imports_the_rows_the_preview_kept_without_reading_the_file_again(
    client_for, district_a_staff, commune_a3
):
    client = client_for(district_a_staff)
    upload(client, xlsx_bytes([model_row()]))
    batch = ImportBatch.objects.get()
    kept = json.loads(batch.sheet)
    kept["rows"][0][kept["columns"].index("name")] = "Tên trong bản đã kiểm tra"
    ImportBatch.objects.filter(pk=batch.pk).update(sheet=json.dumps(kept))

    assert _confirm(client, batch).status_code == 302

    assert EmulationModel.objects.get().name == "Tên trong bản đã kiểm tra"


@pytest.mark.parametrize("kept", ["nothing", "an older format", "something else"])
def test_a_batch_kept_without_a_current_sheet_is_read_from_its_file(client_for, district_a_staff, commune_a3, kept):
    client = client_for(district_a_staff)
    upload(client, xlsx_bytes([model_row(name="Tên trong tệp")]))
    batch = ImportBatch.objects.get()
    payload = json.loads(batch.sheet)
    payload["rows"][0][payload["columns"].index("name")] = "Không được dùng"
    sheet = {
        "nothing": "",
        "an older format": json.dumps({**payload, "format": SHEET_FORMAT - 1}),
        "something else": json.dumps([payload]),
    }[kept]
    ImportBatch.objects.filter(pk=batch.pk).update(sheet=sheet)

    assert _confirm(client, batch).status_code == 302

    assert EmulationModel.objects.get().name == "Tên trong tệp"


@pytest.mark.parametrize("language, message", [("vi", "Tệp đã lưu không còn khớp"), ("en", "no longer matches")])
def test_confirm_refuses_a_stored_file_that_changed_after_the_preview(
    client_for, district_a_staff, commune_a3, language, message
):
    client = client_for(district_a_staff)
    upload(client, xlsx_bytes([model_row()]))
    batch = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=batch.pk).update(content=xlsx_bytes([model_row(name="Một mô hình khác")]))
    before = _counts()

    refused = _confirm(client, batch, language)

    assert refused.status_code == 400
    assert message in " ".join(refused.context["form"].non_field_errors())
    assert _counts() == before
    assert ImportBatch.objects.get().status == ImportBatch.Status.PREVIEWED


def test_confirm_refuses_what_another_confirmation_imported_meanwhile(client_for, district_a_staff, commune_a3):
    """Two previews of one file (two tabs, a double upload): the second confirmation finds duplicates."""
    client = client_for(district_a_staff)
    content = xlsx_bytes([model_row(), model_row(name="Mô hình thứ hai", unit_code="18145")])
    upload(client, content)
    upload(client, content)
    first, second = ImportBatch.objects.order_by("pk")
    assert _confirm(client, first).status_code == 302
    before = _counts()

    refused = _confirm(client, second, "en")

    assert refused.status_code == 400
    errors = refused.context["report"].errors
    assert {(error.row, error.column) for error in errors} == {(2, "Tên mô hình"), (3, "Tên mô hình")}
    assert all("already registered a model of this name in 2024" in error.message for error in errors)
    assert _counts() == before
    assert ImportBatch.objects.get(pk=second.pk).status == ImportBatch.Status.PREVIEWED


def test_confirm_refuses_rows_that_left_the_users_scope_after_the_preview(
    client_for, district_a_staff, commune_a3, hierarchy
):
    client = client_for(district_a_staff)
    preview = upload(client, xlsx_bytes([model_row(), model_row(name="Khác", unit_code="18145")]))
    assert preview.context["report"].errors == []
    board_b = mass_mobilization_board_for(hierarchy.district_b, on=ON)
    Membership.objects.filter(user=district_a_staff).update(organization=board_b)  # moved to district B
    before = _counts()

    refused = _confirm(client, ImportBatch.objects.get(), "en")

    assert refused.status_code == 400
    errors = refused.context["report"].errors
    assert {(error.row, error.column) for error in errors} == {(2, "Mã đơn vị hành chính"), (3, "Mã đơn vị hành chính")}
    assert all("is outside your scope" in error.message for error in errors)
    assert _counts() == before


def test_every_imported_model_has_its_history_row_its_import_step_and_its_search_text(
    client_for, district_a_staff, commune_a3, hierarchy
):
    # Kept by the district: on the line of every commune of the file, so every row of that name reuses it.
    existing = Person.objects.create(full_name="Nguyễn Văn 0", organization=committee_for(hierarchy.district_a))
    client = client_for(district_a_staff)
    upload(client, xlsx_bytes(_rows(60)))

    assert _confirm(client, ImportBatch.objects.get()).status_code == 302

    models = {model.pk: model for model in EmulationModel.objects.select_related("person")}
    assert len(models) == 60
    history = {row.id: row for row in EmulationModel.history.all()}
    assert history.keys() == models.keys()
    for pk, model in models.items():
        row = history[pk]
        assert (row.history_type, row.history_user_id) == ("+", district_a_staff.pk)
        assert (row.name, row.status, row.search_text, row.person_id, row.registering_organization_id) == (
            model.name,
            Status.DRAFT,
            model.search_text,
            model.person_id,
            model.registering_organization_id,
        )
        # What EmulationModel.save() would have written.
        assert model.search_text == fold(" ".join([model.name, model.registering_unit_name, model.address]))
        assert (model.person is not None) == (model.subject_kind == SubjectKind.INDIVIDUAL)
    steps = Transition.objects.filter(action="import", to_status=Status.DRAFT, actor=district_a_staff)
    assert sorted(steps.values_list("emulation_model_id", flat=True)) == sorted(models)
    assert Transition.objects.count() == 60
    # The district's person is reused; other names get one person per registering organization and name.
    named = [model for model in models.values() if model.person_id]
    keys = {(m.registering_organization_id, m.person.search_name) for m in named if m.person_id != existing.pk}
    assert Person.objects.count() == 1 + len(keys)
    assert {m.person_id for m in named if m.person.search_name == existing.search_name} == {existing.pk}
    # The position is the record's own, never the register's.
    assert {m.person_position for m in named} == {"Bí thư chi bộ"}
    assert {model.registering_organization for model in models.values()} == {
        committee_for(getattr(hierarchy, unit)) for unit in ("commune_a1", "commune_a2", "district_a")
    } | {committee_for(commune_a3)}


def _insert_statements(rows: int) -> int:
    """Models: on PostgreSQL one COPY (not an INSERT, and not in the captured queries), after one
    query for their ids; elsewhere one INSERT per BATCH_SIZE rows, or fewer rows per statement where
    the database limits the parameters of one statement (SQLite: 999). Their history rows and workflow
    steps, copied by the database from the models' rows: one INSERT each per BATCH_SIZE ids (fewer on SQLite)."""
    fields = [field for field in EmulationModel._meta.concrete_fields if not field.primary_key]
    models = math.ceil(rows / min(BATCH_SIZE, connection.ops.bulk_batch_size(fields, [None] * rows)))
    models = 0 if connection.vendor == "postgresql" else models
    ids_per_copy = min(BATCH_SIZE, connection.features.max_query_params or BATCH_SIZE)
    return models + 2 * math.ceil(rows / ids_per_copy)


def test_the_queries_of_a_confirmation_do_not_grow_with_its_rows(
    client_for, district_a_staff, commune_a3, hierarchy, django_assert_max_num_queries
):
    # Else the first import creates them: a few queries per unit without a committee, not per row.
    for unit in (commune_a3, hierarchy.commune_a1, hierarchy.commune_a2, hierarchy.district_a):
        committee_for(unit)
    client = client_for(district_a_staff)
    queries = {}
    for count, prefix in [(12, "Ít"), (400, "Nhiều")]:
        upload(client, xlsx_bytes(_rows(count, prefix)))
        batch = ImportBatch.objects.latest("pk")
        ids_query = connection.vendor == "postgresql"  # the COPY of the models takes their ids first
        with django_assert_max_num_queries(25 + ids_query + _insert_statements(count)) as captured:
            assert _confirm(client, batch).status_code == 302
        queries[count] = [query["sql"] for query in captured.captured_queries]

    def not_inserts(sqls: list[str]) -> list[str]:
        """The statements without their values, conditions, savepoint names and row counts."""
        shapes = [re.split(r" WHERE | SET ", sql)[0] for sql in sqls if not sql.startswith("INSERT")]
        shapes = [re.sub(r"generate_series\(1, \d+\)", "generate_series(1, n)", shape) for shape in shapes]
        return [re.sub(r'"s\w+_x\d+"', "", shape) for shape in shapes]

    assert not_inserts(queries[400]) == not_inserts(queries[12])
    inserts = [sql for sql in queries[400] if sql.startswith("INSERT")]
    assert len(inserts) == _insert_statements(400) + 1  # and the new people, in one statement
    assert EmulationModel.objects.count() == 412


REFUSE_TRIGGER = {
    "postgresql": [
        "CREATE FUNCTION refuse_model() RETURNS trigger AS $$ BEGIN IF NEW.name LIKE '%từ chối%' THEN "
        "RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER refuse_model BEFORE INSERT ON models_registry_emulationmodel "
        "FOR EACH ROW EXECUTE FUNCTION refuse_model()",
    ],
    "sqlite": [
        "CREATE TRIGGER refuse_model BEFORE INSERT ON models_registry_emulationmodel "
        "WHEN NEW.name LIKE '%từ chối%' BEGIN SELECT RAISE(ABORT, 'refused'); END",
    ],
}


def test_when_the_database_refuses_a_row_nothing_is_written(client_for, district_a_staff, commune_a3):
    """All or nothing down to the database: the committee and the people made for the import go too.

    A trigger (rolled back with the test) stands for any refusal the checks cannot foresee.
    """
    client = client_for(district_a_staff)
    header = ";".join(
        ["Tên mô hình", "Tập thể/Cá nhân", "Lĩnh vực", "Mã đơn vị hành chính", "Năm đăng ký", "Họ tên cá nhân"]
    )
    lines = [
        header,
        "Mô hình tốt;Cá nhân;Kinh tế;02266;2024;Trần Thị Mới",
        "Mô hình bị từ chối;Tập thể;Kinh tế;02266;2024;",
    ]
    preview = upload(client, ("\n".join(lines) + "\n").encode(), name="mo-hinh.csv")
    assert preview.context["report"].errors == []
    before = _counts()
    with connection.cursor() as cursor:
        for statement in REFUSE_TRIGGER[connection.vendor]:
            cursor.execute(statement)

    refused = _confirm(client, ImportBatch.objects.get(), "en")

    assert refused.status_code == 400
    assert [error.message for error in refused.context["report"].errors] == ["The database refused the import."]
    assert _counts() == before
    assert ImportBatch.objects.get().status == ImportBatch.Status.PREVIEWED


def test_control_characters_in_a_cell_are_dropped_not_refused(client_for, district_a_staff, commune_a3):
    header = "Tên mô hình;Tập thể/Cá nhân;Lĩnh vực;Mã đơn vị hành chính;Năm đăng ký"
    content = f"{header}\nTên có \x00NUL và \x1b;Tập thể;Kinh tế;02266;2024\n".encode()
    client = client_for(district_a_staff)
    assert upload(client, content, name="mo-hinh.csv").context["report"].errors == []
    assert _confirm(client, ImportBatch.objects.get()).status_code == 302
    assert EmulationModel.objects.get().name == "Tên có NUL và"


def test_a_confirmation_locks_the_units_of_its_rows_in_id_order_before_it_checks(
    client_for, district_a_staff, commune_a3
):
    """The lock that keeps two confirmations of one file apart (see the next test, on PostgreSQL)."""
    committee_for(commune_a3)  # else there is nothing registered to read: no query for duplicates
    client = client_for(district_a_staff)
    upload(client, xlsx_bytes([model_row(), model_row(name="Mô hình thứ hai", unit_code="18145")]))
    locked, select_for_update = [], QuerySet.select_for_update

    def recorded(queryset, *args, **kwargs):
        locked.append((queryset.model, queryset.query.order_by))
        return select_for_update(queryset, *args, **kwargs)

    with mock.patch.object(QuerySet, "select_for_update", recorded), CaptureQueriesContext(connection) as queries:
        assert _confirm(client, ImportBatch.objects.get()).status_code == 302

    assert (AdministrativeUnit, ("pk",)) in locked
    tables = [query["sql"] for query in queries.captured_queries]
    first_unit_read = next(i for i, sql in enumerate(tables) if 'FROM "danvan_administrativeunit"' in sql)
    first_model_read = next(i for i, sql in enumerate(tables) if 'FROM "models_registry_emulationmodel"' in sql)
    assert first_unit_read < first_model_read
    if connection.features.has_select_for_update:
        assert tables[first_unit_read].endswith("FOR UPDATE")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks: one writer at a time")
@pytest.mark.django_db(transaction=True)
def test_two_confirmations_at_the_same_moment_import_the_rows_once(district_a_staff, commune_a3):
    """Two tabs confirm two previews of one file at once: one imports, the other finds duplicates.

    Each confirmation waits (up to a second) for the other before writing, so that without the
    lock both would have passed the duplicate check before either wrote.
    """
    rows = [model_row(), model_row(name="Mô hình thứ hai", unit_code="18145")]
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(district_a_staff)
        upload(client, xlsx_bytes(rows))
    batches = list(ImportBatch.objects.order_by("pk"))
    both_checked = threading.Barrier(2)
    create = importing._create

    def create_after_the_other_checked(check):
        try:
            both_checked.wait(timeout=1)
        except threading.BrokenBarrierError:  # the other one waits for the lock: it has not checked
            pass
        return create(check)

    statuses = []

    def confirm(client, batch):
        try:
            statuses.append(_confirm(client, batch).status_code)
        finally:
            connection.close()

    with mock.patch.object(importing, "_create", create_after_the_other_checked):
        threads = [threading.Thread(target=confirm, args=pair) for pair in zip(clients, batches, strict=True)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert sorted(statuses) == [302, 400]
    assert EmulationModel.objects.count() == 2
    assert sorted(ImportBatch.objects.values_list("status", flat=True)) == sorted(
        [ImportBatch.Status.IMPORTED, ImportBatch.Status.PREVIEWED]
    )
