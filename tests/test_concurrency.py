"""Simultaneous clicks on one record: one wins, the others are told so, nobody sees a 500.

The threads share a real database, each through its own connection: PostgreSQL's test
database, or on SQLite a file like the `db.sqlite3` of `make run` (the in-memory test
database shares one cache between connections and locks differently from a file).
"""

import sqlite3
import threading
from collections import Counter

import pytest
from django.db import OperationalError, connection, connections
from django.test import Client, RequestFactory
from django.urls import reverse

from danvan.middleware_conflicts import DatabaseConflictMiddleware
from danvan.models import Role, UnitKind
from danvan.organizations import committee_for, mass_mobilization_board_for
from models_registry.models import EmulationModel, Field, Recognition, Status
from models_registry.services import perform, register_model
from tests.conftest import ON
from tests.factories import AdministrativeUnitFactory, MembershipFactory, UserFactory
from tests.test_trust import settings_module_with

CLICKS = 8


@pytest.fixture
def shared_database(transactional_db, tmp_path):
    """Point the connections that threads open at a database they can all reach at once."""
    if connection.vendor != "sqlite":
        yield
        return
    database_file = tmp_path / "db.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(database_file)
    try:
        connection.connection.backup(target)  # the test database's schema, already migrated
    finally:
        target.close()
    in_memory = connections.settings["default"]
    # Only connections opened from now on use the file: this thread keeps its in-memory database,
    # which closing would destroy.
    connections.settings["default"] = {**in_memory, "NAME": str(database_file)}
    try:
        yield
    finally:
        connections.settings["default"] = in_memory


def in_threads(work, arguments: list) -> list:
    """`work(argument)` for each argument, each in its own thread, all released at the same moment."""
    start = threading.Barrier(len(arguments))
    results = [None] * len(arguments)

    def run(index, argument):
        try:
            start.wait()
            results[index] = work(argument)
        except Exception as error:  # reported to the test, which names it
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, argument)) for index, argument in enumerate(arguments)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def in_a_thread(work):
    """`work()` on the threads' database (this thread's own connection may be another one)."""
    (result,) = in_threads(lambda _argument: work(), [None])
    if isinstance(result, Exception):
        raise result
    return result


def model_under_district_review():
    """A commune registers and submits a model; district staff start its review; eight others may decide."""
    province = AdministrativeUnitFactory(code="42", name="Hà Tĩnh", kind=UnitKind.PROVINCE)
    district = AdministrativeUnitFactory(code="439", name="Hương Sơn", kind=UnitKind.RURAL_DISTRICT, parent=province)
    commune = AdministrativeUnitFactory(code="18145", name="Sơn Lâm", kind=UnitKind.COMMUNE, parent=district)
    board = mass_mobilization_board_for(district, on=ON)

    def member(username, organization, role):
        return MembershipFactory(user=UserFactory(username=username), organization=organization, role=role).user

    commune_official = member("commune_official", committee_for(commune), Role.COMMUNE_OFFICIAL)
    review_starter = member("district_staff_0", board, Role.DISTRICT_STAFF)
    deciders = [member(f"district_staff_{n}", board, Role.DISTRICT_STAFF) for n in range(1, CLICKS + 1)]
    field, _created = Field.objects.get_or_create(code="kinh-te", defaults={"name": "Kinh tế", "order": 1})
    model = register_model(
        organization=committee_for(commune),
        fields={
            "name": "Tổ tự quản đường biên",
            "subject_kind": "collective",
            "field": field,
            "registration_year": 2024,
            "phase": "2021 – 2025",
        },
        acting_user=commune_official,
        submit=True,
    )
    perform(model, "start_review", actor=review_starter, level="district")
    return model, deciders, committee_for(district)


def logged_in(user) -> Client:
    client = Client(raise_request_exception=False)  # a failure must come back as the 500 a user would see
    client.force_login(user)
    return client


def outcome(response, username: str, recorded_by: str) -> str:
    if response.status_code == 302 and username == recorded_by:
        return "recognized"
    if response.status_code == 302:  # back to the model's page, told that someone was first
        return "refused"
    return "errors"


def test_eight_simultaneous_recognitions_record_one_and_refuse_seven(shared_database):
    model, deciders, district_committee = in_a_thread(model_under_district_review)
    clients = in_a_thread(lambda: [logged_in(user) for user in deciders])
    url = reverse("registry:act", args=[model.pk, "recognize"])
    decision = {"decision": "123-QĐ/HU", "decided_on": "20/10/2024", "deciding_organization": district_committee.pk}

    responses = in_threads(lambda client: client.post(url, decision), clients)

    recognitions = in_a_thread(
        lambda: list(Recognition.objects.filter(emulation_model=model).values_list("recorded_by__username", flat=True))
    )
    assert len(recognitions) == 1
    recorded_by = recognitions[0]
    outcomes = Counter(
        outcome(response, user.username, recorded_by) if not isinstance(response, Exception) else "errors"
        for response, user in zip(responses, deciders, strict=True)
    )
    print(
        f"\n{CLICKS} simultaneous recognitions on {connection.vendor}: {outcomes['recognized']} recognized, "
        f"{outcomes['refused']} refused, {outcomes['errors']} errors "
        f"(HTTP {sorted(Counter(getattr(response, 'status_code', 'exception') for response in responses).items())})"
    )
    assert outcomes == {"recognized": 1, "refused": CLICKS - 1}, [
        getattr(response, "status_code", response) for response in responses
    ]
    assert in_a_thread(lambda: EmulationModel.objects.get(pk=model.pk).status) == Status.RECOGNIZED
    if connection.vendor == "sqlite":
        assert in_a_thread(journal_mode) == "wal"


def journal_mode() -> str:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        return cursor.fetchone()[0]


def test_sqlite_waits_its_turn_to_write_and_lets_readers_read(monkeypatch):
    sqlite = settings_module_with(monkeypatch, DATABASE_URL="sqlite:///db.sqlite3").DATABASES["default"]
    postgresql = settings_module_with(monkeypatch, DATABASE_URL="postgres://danvan@db/danvan").DATABASES["default"]

    assert sqlite["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert sqlite["OPTIONS"]["timeout"] >= 5
    assert "PRAGMA journal_mode=WAL" in sqlite["OPTIONS"]["init_command"]
    assert "transaction_mode" not in postgresql.get("OPTIONS", {})


def recognize_request(user):
    request = RequestFactory().post("/registry/1/recognize/")
    request.user = user
    return request


@pytest.mark.django_db
def test_a_locked_database_answers_try_again_instead_of_a_server_error(monkeypatch):
    model, deciders, district_committee = model_under_district_review()

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr("models_registry.views.perform", locked)
    response = logged_in(deciders[0]).post(
        reverse("registry:act", args=[model.pk, "recognize"]),
        {"decision": "123-QĐ/HU", "decided_on": "20/10/2024", "deciding_organization": district_committee.pk},
    )
    assert response.status_code == 409
    assert "Vui lòng thử lại" in response.content.decode()


class PostgresError(Exception):
    def __init__(self, sqlstate):
        self.sqlstate = sqlstate


@pytest.mark.django_db
@pytest.mark.parametrize("sqlstate", ["40001", "40P01", "55P03"])
def test_postgresql_serialization_failures_and_deadlocks_answer_try_again(sqlstate, district_a_staff):
    error = OperationalError("could not serialize access")
    error.__cause__ = PostgresError(sqlstate)
    response = DatabaseConflictMiddleware(lambda request: None).process_exception(
        recognize_request(district_a_staff), error
    )
    assert response.status_code == 409


@pytest.mark.django_db
def test_other_database_errors_stay_server_errors(district_a_staff):
    request = recognize_request(district_a_staff)
    middleware = DatabaseConflictMiddleware(lambda request: None)
    assert middleware.process_exception(request, OperationalError("no such table: danvan_unit")) is None
    assert middleware.process_exception(request, ValueError("database is locked")) is None
