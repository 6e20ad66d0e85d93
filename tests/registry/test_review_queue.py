"""The review queue filters in SQL; `available_actions` decides each action. The two must agree."""

import itertools

from django.urls import reverse

from danvan.models import Era, Role, UnitKind
from danvan.organizations import committee_for, mass_mobilization_board_for
from models_registry.models import EmulationModel, Field, Status
from models_registry.services import available_actions, awaiting_review_by, levels_of
from tests.conftest import ON, _member
from tests.factories import AdministrativeUnitFactory

REVIEWER_ACTIONS = {"start_review", "recognize", "return", "reject", "propose"}


def _every_state_on(units, author):
    """One model per unit × status × level reached × level under review, on the unit's ladder."""
    field = Field.objects.get(code="kinh-te")
    states = [
        (unit, status, reached, review)
        for unit in units
        for ladder in [["", *levels_of(EmulationModel(unit=unit))]]
        for status, reached, review in itertools.product(Status.values, ladder, ladder)
    ]
    return EmulationModel.objects.bulk_create(
        EmulationModel(
            name=f"{unit.code} {status} {reached or '-'} {review or '-'}",
            subject_kind="collective",
            field=field,
            registering_organization=committee_for(unit),
            unit=unit,
            registration_year=2024,
            status=status,
            level_reached=reached,
            review_level=review,
            created_by=author,
        )
        for unit, status, reached, review in states
    )


def test_the_queue_condition_matches_the_workflow_rules_for_every_state(
    hierarchy, province_staff, district_a_staff, commune_a1_official, system_admin, district_a_leader
):
    new_province = AdministrativeUnitFactory(code="91", name="Tuyên Quang", kind=UnitKind.PROVINCE, era=Era.FROM_2025)
    new_commune = AdministrativeUnitFactory(
        code="02290", name="Lâm Bình", kind=UnitKind.COMMUNE, era=Era.FROM_2025, parent=new_province
    )
    new_province_staff = _member(
        "new_province_staff", mass_mobilization_board_for(new_province, on=ON), Role.PROVINCE_STAFF
    )
    units = [hierarchy.commune_a1, hierarchy.commune_b1, hierarchy.district_a, hierarchy.province, new_commune]
    models = _every_state_on([*units, new_province], commune_a1_official)
    models = list(EmulationModel.objects.select_related("unit", "registering_organization"))
    users = [province_staff, district_a_staff, commune_a1_official, system_admin, district_a_leader, new_province_staff]
    for user in users:
        by_rules = {m.pk for m in models if REVIEWER_ACTIONS & set(available_actions(user, m))}
        by_sql = set(EmulationModel.objects.filter(awaiting_review_by(user)).values_list("pk", flat=True))
        differing = [f"{m} ({m.unit.era})" for m in models if m.pk in by_sql ^ by_rules]
        assert by_sql == by_rules, (user.username, differing)
    assert len(by_rules) > 0


def test_the_queue_page_is_paginated_in_the_database(
    hierarchy, client_for, province_staff, commune_a1_official, django_assert_max_num_queries
):
    _every_state_on([hierarchy.commune_a1, hierarchy.commune_b1], commune_a1_official)
    client = client_for(province_staff)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("registry:queue"))
    page = response.context["page"]
    assert page.paginator.count > len(page.object_list) > 0
    assert all(REVIEWER_ACTIONS & set(available_actions(province_staff, m)) for m in page.object_list)


def test_the_queue_puts_decisions_first_then_models_to_take_up_then_proposals(
    hierarchy, client_for, district_a_staff, commune_a1_official
):
    states = [(Status.RECOGNIZED, "commune", ""), (Status.REGISTERED, "", ""), (Status.UNDER_REVIEW, "", "district")]
    field = Field.objects.get(code="kinh-te")
    for status, reached, review in states:
        EmulationModel.objects.create(
            name=status,
            subject_kind="collective",
            field=field,
            registering_organization=committee_for(hierarchy.commune_a1),
            unit=hierarchy.commune_a1,
            registration_year=2024,
            status=status,
            level_reached=reached,
            review_level=review,
            created_by=commune_a1_official,
        )
    page = client_for(district_a_staff).get(reverse("registry:queue")).context["page"]
    assert [model.status for model in page] == [Status.UNDER_REVIEW, Status.REGISTERED, Status.RECOGNIZED]
