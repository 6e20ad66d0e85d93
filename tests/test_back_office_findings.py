"""The back office's findings, each reproduced from the outside first: no one widens their own rights."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from danvan.models import Membership
from danvan.organizations import committee_for
from models_registry.models import Field
from tests.test_back_office import BACK_OFFICE_APPS, _person, _url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_back_office")]


def _staff(user):
    group, _ = Group.objects.get_or_create(name="back office")
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=BACK_OFFICE_APPS))
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(group)
    return user


def _change_form(client, obj) -> dict:
    """The admin change form as a browser would post it back, read from the page."""
    response = client.get(_url(type(obj), "change", obj))
    form = response.context["adminform"].form
    data = {}
    for name, bound in form.fields.items():
        value = form.initial.get(name, bound.initial)
        if value is not None:
            data[name] = [v.pk if hasattr(v, "pk") else v for v in value] if isinstance(value, list) else value
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data.update({management.add_prefix(k): v for k, v in management.initial.items()})
    return {k: v for k, v in data.items() if v is not None}


def test_district_staff_cannot_move_their_organization_to_another_province(hierarchy, district_a_staff, client_for):
    """Finding 1: the unit decides the path and so the scope; the back office never changes it."""
    from tests.factories import AdministrativeUnitFactory

    elsewhere = AdministrativeUnitFactory(code="08", name="Tuyên Quang")
    own = committee_for(hierarchy.district_a)
    client = client_for(_staff(district_a_staff))
    data = _change_form(client, own) | {"unit": elsewhere.pk, "parent": "", "name": own.name}
    response = client.post(_url(type(own), "change", own), data)
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.unit, own.path) == (hierarchy.district_a, hierarchy.district_a.path)
    # Nor can the unit be picked from the autocomplete: it offers units inside the scope only.
    query = {"app_label": "danvan", "model_name": "organization", "field_name": "unit", "term": "Tuyên"}
    assert client.get(reverse("admin:autocomplete"), query).json()["results"] == []


@pytest.mark.parametrize(
    "grantee, unit, role",
    [
        ("self", "district_a", "province_staff"),  # the finding: a district gives itself a province's role
        ("self", "commune_a1", "commune_official"),  # never to oneself, even below
        ("other", "commune_a1", "province_staff"),  # above the granter's level
        ("other", "commune_a1", "district_staff"),  # a district role on a commune body
        ("other", "province", "leadership"),  # outside the granter's subtree
    ],
)
def test_no_one_widens_their_own_rights_or_grants_above_their_level(
    hierarchy, district_a_staff, commune_a2_registrar, client_for, grantee, unit, role
):
    """Finding 2: role grants only at or below the granter's level, inside their subtree, never to oneself."""
    client = client_for(_staff(district_a_staff))
    user = district_a_staff if grantee == "self" else commune_a2_registrar
    organization = committee_for(getattr(hierarchy, unit))
    before = Membership.objects.count()
    response = client.post(
        reverse("admin:danvan_membership_add"), {"user": user.pk, "organization": organization.pk, "role": role}
    )
    assert response.status_code == 200 and response.context["adminform"].form.errors
    assert Membership.objects.count() == before


def test_a_district_grants_a_commune_role_inside_its_subtree(hierarchy, district_a_staff, client_for):
    from tests.factories import UserFactory

    newcomer = UserFactory(username="can.bo.moi")
    client = client_for(_staff(district_a_staff))
    commune = committee_for(hierarchy.commune_a2)
    response = client.post(
        reverse("admin:danvan_membership_add"),
        {"user": newcomer.pk, "organization": commune.pk, "role": "commune_official"},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=newcomer, organization=commune, role="commune_official").exists()


def test_people_and_documents_stay_in_their_province(world, hierarchy, district_a_staff, client_for):
    """Finding 3: the register of people and documents is scoped like every other record."""
    client = client_for(_staff(district_a_staff))
    outside_person = _person(world["organization_b1"])
    outside_decision = world["recognition_b1"].decision
    people = client.get(reverse("admin:danvan_person_changelist")).content.decode()
    assert outside_person.full_name not in people
    for obj in (outside_person, outside_decision):
        for view in ("change", "delete", "history"):
            assert client.get(_url(type(obj), view, obj)).status_code == 302
    query = {"app_label": "conferences", "model_name": "attendee", "field_name": "person", "term": "Người"}
    names = [row["text"] for row in client.get(reverse("admin:autocomplete"), query).json()["results"]]
    assert outside_person.full_name not in names


def test_a_progress_update_cannot_be_made_in_another_provinces_name(world, district_a_staff, client_for):
    """Finding 4: inlines are scoped; the update stays unsaved with an error on the field."""
    from conferences.models import DirectiveUpdate

    client = client_for(_staff(district_a_staff))
    directive = world["directive_a1"]
    data = _change_form(client, directive) | {
        "updates-TOTAL_FORMS": "1",
        "updates-0-reported_on": "01/08/2024",
        "updates-0-organization": world["organization_b1"].pk,
        "updates-0-text": "Đã hoàn thành.",
        "updates-0-status": "done",
    }
    response = client.post(_url(type(directive), "change", directive), data)
    assert response.status_code == 200
    assert "organization" in response.context["inline_admin_formsets"][0].formset.forms[0].errors
    assert not DirectiveUpdate.objects.exists()


def test_a_models_area_is_not_chosen_in_the_back_office(world, commune_a1_official, client_for):
    """Finding 4: the area of a model follows its registering organization."""
    draft = world["model_a1"]
    draft.status = "draft"
    draft.save(update_fields=["status"])
    client = client_for(_staff(commune_a1_official))
    form = client.get(_url(type(draft), "change", draft)).context["adminform"].form
    assert "unit" not in form.fields


def test_reference_data_is_for_system_administrators(hierarchy, district_a_staff, system_admin, client_for):
    """Finding 5: a district cannot rename a field of the movement for the whole country."""
    field = Field.objects.get(code="kinh-te")
    district = client_for(_staff(district_a_staff))
    change = _url(Field, "change", field)
    assert district.post(change, {"name": "Tên mới", "code": field.code, "order": field.order}).status_code == 403
    field.refresh_from_db()
    assert field.name == "Kinh tế"
    admin_client = client_for(_staff(system_admin))
    assert admin_client.post(change, {"name": "Kinh tế – xã hội", "code": field.code, "order": 1}).status_code == 302


def test_bulk_deletion_refuses_rows_the_user_may_only_read(world, district_a_leader, client_for):
    client = client_for(_staff(district_a_leader))
    conference = world["conference_a1"]
    response = client.post(
        reverse("admin:conferences_conference_changelist"),
        {"action": "delete_selected", "_selected_action": [conference.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert type(conference).objects.filter(pk=conference.pk).exists()


def test_an_organization_edit_over_a_newer_one_is_refused_and_keeps_the_input(hierarchy, district_a_staff, client_for):
    """Finding 12: the second of two concurrent edits is shown the first one, nothing of it is saved."""
    organization = committee_for(hierarchy.district_a)
    first, second = client_for(district_a_staff), client_for(district_a_staff)
    url = reverse("organization-edit", args=[organization.pk])
    opened = second.get(url).context["form"]["lock_version"].value()
    fields = {"name": organization.name, "party_organization_name": "Đảng bộ huyện Hương Sơn", "lock_version": opened}
    assert first.post(url, fields | {"place_name": "Hương Sơn"}).status_code == 302
    response = second.post(url, fields | {"place_name": "Phố Châu"})
    assert response.status_code == 200 and response.context["conflict"] is not None
    assert "Phố Châu" in response.content.decode()
    organization.refresh_from_db()
    assert organization.place_name == "Hương Sơn"


def test_a_late_entered_older_report_does_not_reopen_a_done_directive(world, commune_a1_official):
    """Finding 15: a directive's status is that of its newest report date, whatever the order of entry."""
    from conferences.services import report_directive_progress

    directive, organization = world["directive_a1"], world["organization_a1"]
    report = {"organization": organization, "acting_user": commune_a1_official, "text": "Báo cáo."}
    report_directive_progress(directive, status="done", reported_on=datetime.date(2024, 9, 1), **report)
    report_directive_progress(directive, status="in_progress", reported_on=datetime.date(2024, 8, 1), **report)
    directive.refresh_from_db()
    assert directive.status == "done"


def test_the_back_office_refuses_to_save_over_a_newer_version(hierarchy, district_a_staff, client_for):
    """Version checks cover the admin's change forms too: the second of two concurrent saves loses nothing."""
    organization = committee_for(hierarchy.district_a)
    first, second = client_for(_staff(district_a_staff)), client_for(district_a_staff)
    url = _url(type(organization), "change", organization)
    first_form, second_form = _change_form(first, organization), _change_form(second, organization)
    assert first.post(url, first_form | {"place_name": "Hương Sơn"}).status_code == 302
    response = second.post(url, second_form | {"place_name": "Phố Châu"})
    assert response.status_code == 200
    assert "Có người đã lưu bản ghi này" in response.content.decode()
    organization.refresh_from_db()
    assert (organization.place_name, organization.lock_version) == ("Hương Sơn", 1)
