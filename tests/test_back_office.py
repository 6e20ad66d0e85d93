"""The back office (/admin/) through the one scoping mechanism, discovered from the admin registry.

Every registered ModelAdmin must have a policy and a sample inside and outside
commune A1: a new admin without them fails `test_every_admin_has_a_policy`.
Each back-office persona then opens its changelist, add, change, delete and
history pages inside and outside their scope, and every autocomplete of every
admin and inline, over HTTP.
"""

import datetime
from dataclasses import dataclass

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from danvan.models import Membership, Person
from danvan.organizations import committee_for
from models_registry.models import Field

pytestmark = pytest.mark.django_db

PERSONAS = ["commune_a1_official", "district_a_staff", "district_a_leader", "province_staff", "system_admin"]
SEES_THE_PROVINCE = {"province_staff", "system_admin"}
SYSTEM_ADMINISTRATORS = {"system_admin"}
READ_ONLY = {"district_a_leader"}
BACK_OFFICE_APPS = ["danvan", "conferences", "models_registry"]

SCOPED, REFERENCE, SUPERUSER_ONLY = "scoped", "reference", "superuser only"


@dataclass(frozen=True)
class Policy:
    kind: str
    addable: bool = True  # may a writer add one through the admin
    sample_deletable: bool = True  # may a writer delete the sample (a submitted model may not be)


POLICIES = {
    "danvan.administrativeunit": Policy(REFERENCE),
    "danvan.organization": Policy(SCOPED),
    "danvan.membership": Policy(SCOPED),
    "danvan.person": Policy(SCOPED),
    "danvan.document": Policy(SCOPED),
    "conferences.conference": Policy(SCOPED),
    "conferences.directive": Policy(SCOPED),
    "models_registry.field": Policy(REFERENCE),
    "models_registry.emulationmodel": Policy(SCOPED, sample_deletable=False),
    "models_registry.announcement": Policy(SCOPED, addable=False),
    "auth.user": Policy(SUPERUSER_ONLY),
    "auth.group": Policy(SUPERUSER_ONLY),
    "axes.accessattempt": Policy(SUPERUSER_ONLY),
    "axes.accesslog": Policy(SUPERUSER_ONLY),
    "axes.accessfailurelog": Policy(SUPERUSER_ONLY),
    "django_tasks_database.dbtaskresult": Policy(SUPERUSER_ONLY),
}


def _person(organization):
    return Person.objects.create(full_name=f"Người của {organization.name}", organization=organization)


def _axes_row(model):
    fields = {"user_agent": "test", "ip_address": "10.0.0.1", "username": "someone", "http_accept": "*/*"}
    extra = {"get_data": "", "post_data": "", "failures_since_start": 1} if model is AccessAttempt else {}
    return model.objects.create(path_info="/accounts/login/", **fields, **extra)


def _task_result():
    return DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="danvan.reports.tasks.render",
        backend_name="default",
        run_after=timezone.now(),
        exception_class_path="",
        traceback="",
    )


def samples(world, users) -> dict:
    """(inside commune A1, outside in commune B1) for each admin; one row for unscoped ones."""
    a1, b1 = world["organization_a1"], world["organization_b1"]
    field = Field.objects.first()
    attempt, log, failure, task = (
        _axes_row(AccessAttempt),
        _axes_row(AccessLog),
        _axes_row(AccessFailureLog),
        _task_result(),
    )
    group = Group.objects.get(name="back office")
    return {
        "danvan.administrativeunit": (world["unit_a1"], world["unit_b1"]),
        "danvan.organization": (a1, b1),
        "danvan.membership": (
            Membership.objects.get(user=users["commune_a1_registrar"]),
            Membership.objects.get(user=users["commune_b1_registrar"]),
        ),
        "danvan.person": (_person(a1), _person(b1)),
        "danvan.document": (world["recognition_a1"].decision, world["recognition_b1"].decision),
        "conferences.conference": (world["conference_a1"], world["conference_b1"]),
        "conferences.directive": (world["directive_a1"], world["directive_b1"]),
        "models_registry.field": (field, field),
        "models_registry.emulationmodel": (world["model_a1"], world["model_b1"]),
        "models_registry.announcement": (world["announcement_a1"], world["announcement_b1"]),
        "auth.user": (users["commune_a1_registrar"], users["commune_b1_registrar"]),
        "auth.group": (group, group),
        "axes.accessattempt": (attempt, attempt),
        "axes.accesslog": (log, log),
        "axes.accessfailurelog": (failure, failure),
        "django_tasks_database.dbtaskresult": (task, task),
    }


def expected(policy: Policy, view: str, persona: str, inside: bool) -> int:
    """What `persona` gets from one admin page; outside objects are reported missing (302 to the index)."""
    if policy.kind == SUPERUSER_ONLY:
        return 403
    if view == "changelist":
        return 200
    if policy.kind == REFERENCE:
        return 200 if view in ("change", "history") or persona in SYSTEM_ADMINISTRATORS else 403
    if view == "add":
        return 200 if policy.addable and persona not in READ_ONLY else 403
    if not (inside or persona in SEES_THE_PROVINCE):
        return 302
    if view == "delete":
        return 200 if policy.sample_deletable and persona not in READ_ONLY else 403
    return 200


def _label(model) -> str:
    return model._meta.label_lower


def _url(model, view: str, obj=None) -> str:
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"
    return reverse(name, args=[obj.pk] if obj is not None else [])


@pytest.fixture
def back_office(world, commune_a1_official, district_a_staff, district_a_leader, province_staff, system_admin):
    """The personas as back-office users with the demo's back-office group, and a client for each."""
    group, _ = Group.objects.get_or_create(name="back office")
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=BACK_OFFICE_APPS))
    users = {
        "commune_a1_official": commune_a1_official,
        "district_a_staff": district_a_staff,
        "district_a_leader": district_a_leader,
        "province_staff": province_staff,
        "system_admin": system_admin,
    }
    clients = {}
    for persona, user in users.items():
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.groups.add(group)
        clients[persona] = Client()
        clients[persona].force_login(user)
    return clients


def test_every_admin_has_a_policy():
    assert sorted(_label(model) for model in admin.site._registry) == sorted(POLICIES)


def test_every_admin_page_answers_every_persona_as_its_policy_says(
    world, back_office, commune_a1_registrar, commune_b1_registrar
):
    users = {"commune_a1_registrar": commune_a1_registrar, "commune_b1_registrar": commune_b1_registrar}
    rows = samples(world, users)
    checked, mismatches = 0, []
    for model in admin.site._registry:
        policy, (inside_obj, outside_obj) = POLICIES[_label(model)], rows[_label(model)]
        pages = [("changelist", None, True), ("add", None, True)] + [
            (view, obj, inside)
            for view in ("change", "delete", "history")
            for obj, inside in ((inside_obj, True), (outside_obj, False))
        ]
        for view, obj, inside in pages:
            url = _url(model, view, obj)
            for persona, client in back_office.items():
                status = client.get(url).status_code
                checked += 1
                want = expected(policy, view, persona, inside)
                if status != want:
                    where = "inside" if inside else "outside"
                    mismatches.append(f"{_label(model)} {view} {where} as {persona}: {status}, expected {want}")
    assert mismatches == []
    print(f"{checked} admin page × persona cells checked")


def _autocomplete_fields():
    """(source model, field name, remote model) of every autocomplete of every admin and inline."""
    for model, model_admin in admin.site._registry.items():
        for owner, names in [(model, model_admin.autocomplete_fields)] + [
            (inline.model, inline.autocomplete_fields) for inline in model_admin.inlines
        ]:
            for name in names:
                yield owner, name, owner._meta.get_field(name).related_model


def test_every_autocomplete_offers_only_what_the_persona_may_write_to(world, back_office, district_a_staff):
    fields = list(_autocomplete_fields())
    assert len(fields) >= 8
    checked, offered_to_district = 0, 0
    for source, name, remote in fields:
        url = reverse("admin:autocomplete")
        query = {"app_label": source._meta.app_label, "model_name": source._meta.model_name, "field_name": name}
        for persona, client in back_office.items():
            response = client.get(url, query | {"term": ""})
            checked += 1
            assert response.status_code == 200, (source, name, persona)
            offered = {int(row["id"]) for row in response.json()["results"]}
            user = response.wsgi_request.user
            writable = set(remote._default_manager.editable_by(user).values_list("pk", flat=True))
            assert offered <= writable, (source, name, persona)
            if persona == "district_a_staff":
                offered_to_district += len(offered)
    assert offered_to_district > 0  # the district is offered its own rows: the check above is not vacuous
    print(f"{checked} autocomplete × persona cells checked")


def _choice_fields(model_admin, request, obj=None):
    """Every model choice field of the admin's form and of its inlines' forms."""
    form = model_admin.get_form(request, obj)()
    yield from ((model_admin.model, name, f) for name, f in form.fields.items() if hasattr(f, "queryset"))
    for inline in model_admin.get_inline_instances(request, obj):
        formset = inline.get_formset(request, obj)(instance=obj)
        yield from ((inline.model, name, f) for name, f in formset.form.base_fields.items() if hasattr(f, "queryset"))


def test_every_choice_in_every_admin_form_and_inline_is_inside_the_scope(rf, world, back_office, district_a_staff):
    """A foreign key or many-to-many to a scoped model offers only rows the user may write to."""
    request = rf.get("/admin/")
    request.user = district_a_staff
    checked = 0
    for model_admin in admin.site._registry.values():
        if not model_admin.has_add_permission(request):
            continue
        for owner, name, form_field in _choice_fields(model_admin, request):
            manager = form_field.queryset.model._default_manager
            if hasattr(manager, "editable_by"):
                outside = form_field.queryset.exclude(pk__in=manager.editable_by(district_a_staff).values("pk"))
                assert not outside.exists(), f"{_label(owner)}.{name} offers rows outside the scope"
                checked += 1
    assert checked >= 10
    print(f"{checked} scoped choice fields checked")


def test_no_list_filter_lists_another_scope(rf, district_a_staff):
    """A list filter on a relation to a scoped model must list only related rows of the scoped changelist."""
    for model, model_admin in admin.site._registry.items():
        for item in model_admin.list_filter:
            name = item[0] if isinstance(item, tuple) else item
            if not isinstance(name, str):
                continue
            field = get_fields_from_path(model, name)[-1]
            if field.is_relation and hasattr(field.related_model._default_manager, "editable_by"):
                assert isinstance(item, tuple) and item[1] is admin.RelatedOnlyFieldListFilter, (model, name)


# The findings, each reproduced from the outside first.


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
