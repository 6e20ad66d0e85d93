"""What the list pages stopped paying for on every request: the organization filter written once per scope,
the choice labels translated once per page; and that what users see did not change with it."""

import re

import pytest
from django.urls import reverse
from django.utils.text import capfirst

from danvan.organizations import committee_for
from models_registry.models import Field
from models_registry.services import register_model


@pytest.fixture
def make_model(hierarchy, commune_a1_registrar):
    def make(*, unit="commune_a1", name="Tổ tự quản đường biên, cột mốc"):
        return register_model(
            organization=committee_for(getattr(hierarchy, unit)),
            fields={
                "name": name,
                "subject_kind": "collective",
                "field": Field.objects.get(code="kinh-te"),
                "registration_year": 2024,
                "phase": "2021 – 2025",
            },
            acting_user=commune_a1_registrar,
            submit=True,
        )

    return make


def organization_select(response) -> str:
    return re.search(r'<select name="organization"[^>]*>(.*?)</select>', response.content.decode(), re.S)[1]


def test_each_scope_gets_its_own_organization_filter(hierarchy, client_for, province_staff, commune_a1_official):
    other_commune = committee_for(hierarchy.commune_b1)
    province_options = organization_select(client_for(province_staff).get(reverse("registry:list")))
    assert f'<option value="{other_commune.pk}">{other_commune}</option>' in province_options
    commune_options = organization_select(client_for(commune_a1_official).get(reverse("registry:list")))
    assert str(committee_for(hierarchy.commune_a1)) in commune_options
    assert f'value="{other_commune.pk}"' not in commune_options


def test_the_filter_shows_a_renamed_organization_at_once_and_marks_the_chosen_one(
    hierarchy, client_for, province_staff
):
    client = client_for(province_staff)
    committee = committee_for(hierarchy.commune_a1)
    client.get(reverse("registry:list"))
    committee.name = "Đảng ủy xã Sơn Lâm mới"
    committee.save()
    options = organization_select(client.get(reverse("registry:list"), {"organization": committee.pk}))
    assert f'<option value="{committee.pk}" selected>Đảng ủy xã Sơn Lâm mới</option>' in options
    assert '<option value="" selected>' not in options and options.count(" selected") == 1


def test_the_rows_show_the_labels_of_their_choices(make_model, client_for, province_staff):
    model = make_model()
    body = client_for(province_staff).get(reverse("registry:list")).content.decode()
    assert capfirst(model.get_subject_kind_display()) in body and capfirst(model.get_status_display()) in body
    queue = client_for(province_staff).get(reverse("registry:queue"))
    assert [row.pk for row in queue.context["page"]] == [model.pk]
    assert capfirst(model.get_status_display()) in queue.content.decode()


def test_the_list_reads_the_organizations_once_while_they_are_unchanged(
    make_model, client_for, province_staff, django_assert_max_num_queries
):
    make_model()
    client = client_for(province_staff)
    client.get(reverse("registry:queue"))  # logged in; the queue has no organization filter
    with django_assert_max_num_queries(12) as first:
        client.get(reverse("registry:list"))
    with django_assert_max_num_queries(len(first.captured_queries) - 1) as again:
        client.get(reverse("registry:list"))
    assert not any("CASE WHEN" in query["sql"] for query in again.captured_queries)


def test_the_model_page_keeps_its_query_budget(make_model, client_for, province_staff, django_assert_max_num_queries):
    model = make_model()
    client = client_for(province_staff)
    client.get(reverse("registry:queue"))  # logged in
    with django_assert_max_num_queries(12):
        response = client.get(reverse("registry:detail", args=[model.pk]))
    assert response.status_code == 200
