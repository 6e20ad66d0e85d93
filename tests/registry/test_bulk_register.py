"""`register_models_in_bulk` writes the rows that registering the models one by one writes.

`register_model` saves one model: simple-history's signal writes its history row, the
service its first workflow step. The bulk service must leave the same rows behind, its
first step named "import" instead of "create", with one date and one acting user for all.
"""

import datetime

import pytest

from danvan.models import Person
from danvan.organizations import committee_for
from models_registry.models import EmulationModel, Field, Status, SubjectKind, Transition
from models_registry.services import BULK_BATCH_SIZE, Registration, register_model, register_models_in_bulk

pytestmark = pytest.mark.django_db


def _registrations(hierarchy, count: int) -> list[Registration]:
    field = Field.objects.get(code="kinh-te")
    communes = [committee_for(hierarchy.commune_a1), committee_for(hierarchy.commune_a2)]
    registrations = []
    for number in range(count):
        individual = number % 3 == 0
        registrations.append(
            Registration(
                organization=communes[number % 2],
                fields={
                    "name": f"Mô hình số {number} “khéo”",
                    "subject_kind": SubjectKind.INDIVIDUAL if individual else SubjectKind.COLLECTIVE,
                    "field_id": field.pk,
                    "registration_year": 2024 - number % 2,
                    "registering_unit_name": "" if individual else f"Chi hội ấp {number % 4}",
                    "address": f"Ấp {number % 5}",
                    "goals": "Đường sạch, ngõ đẹp" if number % 4 else "",
                    "starts_on": datetime.date(2024, 3, 1) if number % 2 else None,
                },
                person_name=f"Nguyễn Văn {number % 4}" if individual else "",
                person_position="Bí thư chi bộ" if individual else "",
            )
        )
    return registrations


def _row(model: EmulationModel) -> dict:
    """Every column of the model's row but its id and its date of entry."""
    row = EmulationModel.objects.filter(pk=model.pk).values().get()
    return {name: value for name, value in row.items() if name not in ("id", "created_at")}


def _history(model: EmulationModel) -> dict:
    """Every column of the model's one history row but the ids and the date of entry."""
    row = EmulationModel.history.filter(id=model.pk).values().get()
    return {name: value for name, value in row.items() if name not in ("history_id", "id", "created_at")}


def test_the_bulk_rows_are_the_rows_one_by_one_writes(hierarchy, district_a_staff):
    registrations = _registrations(hierarchy, 7)
    one_by_one = [
        register_model(
            organization=r.organization,
            fields=r.fields,
            person_name=r.person_name,
            person_position=r.person_position,
            acting_user=district_a_staff,
        )
        for r in registrations
    ]
    people = Person.objects.count()

    in_bulk = register_models_in_bulk(registrations, acting_user=district_a_staff)

    assert Person.objects.count() == people  # the same names find the same people
    for single, bulk in zip(one_by_one, in_bulk, strict=True):
        assert _row(bulk) == _row(single)
        assert _row(bulk)["search_text"]  # filled as save() fills it
        single_history, bulk_history = _history(single), _history(bulk)
        # simple-history's signal stamps its own clock; the bulk rows carry the date of the models' creation.
        assert single_history.pop("history_date") != bulk_history.pop("history_date") == bulk.created_at
        assert bulk_history == single_history
        assert (bulk_history["history_type"], bulk_history["history_user_id"]) == ("+", district_a_staff.pk)
        assert bulk_history["history_change_reason"] is None
        (single_step,) = Transition.objects.filter(emulation_model=single).values()
        (bulk_step,) = Transition.objects.filter(emulation_model=bulk).values()
        assert (single_step.pop("action"), bulk_step.pop("action")) == ("create", "import")
        for step in (single_step, bulk_step):
            step.pop("id"), step.pop("emulation_model_id")
        assert single_step.pop("at") != bulk_step.pop("at") == bulk.created_at
        assert bulk_step == single_step


def test_more_rows_than_one_statement_holds(hierarchy, district_a_staff, monkeypatch):
    """Rows past the first batch get their history row and their step too, each its own."""
    monkeypatch.setattr("models_registry.services.BULK_BATCH_SIZE", 4)
    assert BULK_BATCH_SIZE > 4  # the real size is larger; a small one crosses batches with few rows
    registrations = _registrations(hierarchy, 11)

    models = register_models_in_bulk(registrations, acting_user=district_a_staff)

    by_pk = {model.pk: model for model in models}
    assert len(by_pk) == 11 == EmulationModel.objects.count()
    histories = EmulationModel.history.order_by("history_id")
    assert [row.id for row in histories] == sorted(by_pk)  # in the order of the models
    for row in histories:
        model = by_pk[row.id]
        assert (row.name, row.person_id, row.search_text, row.created_at, row.history_date) == (
            model.name,
            model.person_id,
            model.search_text,
            model.created_at,
            model.created_at,
        )
    steps = Transition.objects.values_list("emulation_model_id", "action", "to_status", "actor_id")
    assert sorted(steps) == [(pk, "import", Status.DRAFT, district_a_staff.pk) for pk in sorted(by_pk)]
