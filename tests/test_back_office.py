"""The back office (/admin/) through the one scoping mechanism, discovered from the admin registry.

Every registered ModelAdmin must have a policy and a sample inside and outside
commune A1: a new admin without them fails `test_every_admin_has_a_policy`.
Each back-office persona then opens its changelist, add, change, delete and
history pages inside and outside their scope, and every autocomplete of every
admin and inline, over HTTP.
"""

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

from danvan.models import Membership, Notification, Person
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
    "danvan.notification": Policy(SCOPED, addable=False),
    "conferences.conference": Policy(SCOPED),
    "conferences.directive": Policy(SCOPED),
    "models_registry.field": Policy(REFERENCE),
    "models_registry.emulationmodel": Policy(SCOPED, sample_deletable=False),
    "models_registry.announcement": Policy(SCOPED, addable=False),
    "models_registry.rubric": Policy(SCOPED),
    "auth.user": Policy(SUPERUSER_ONLY),
    "auth.group": Policy(SUPERUSER_ONLY),
    "axes.accessattempt": Policy(SUPERUSER_ONLY),
    "axes.accesslog": Policy(SUPERUSER_ONLY),
    "axes.accessfailurelog": Policy(SUPERUSER_ONLY),
    "django_tasks_database.dbtaskresult": Policy(SUPERUSER_ONLY),
}


def _person(organization):
    return Person.objects.create(full_name=f"Người của {organization.name}", organization=organization)


def _rubric(organization):
    from decimal import Decimal

    from models_registry.models import Rubric

    return Rubric.objects.create(
        organization=organization,
        name="Tiêu chí cấp xã",
        level="commune",
        valid_from_year=2021,
        valid_to_year=2025,
        pass_mark=Decimal(50),
    )


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
        "danvan.notification": (
            Notification.objects.filter(organization=a1).earliest("pk"),
            Notification.objects.filter(organization=b1).earliest("pk"),
        ),
        "conferences.conference": (world["conference_a1"], world["conference_b1"]),
        "conferences.directive": (world["directive_a1"], world["directive_b1"]),
        "models_registry.field": (field, field),
        "models_registry.emulationmodel": (world["model_a1"], world["model_b1"]),
        "models_registry.announcement": (world["announcement_a1"], world["announcement_b1"]),
        "models_registry.rubric": (_rubric(a1), _rubric(b1)),
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
def back_office(
    world, open_back_office, commune_a1_official, district_a_staff, district_a_leader, province_staff, system_admin
):
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
