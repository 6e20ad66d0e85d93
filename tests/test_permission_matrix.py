"""Every URL of the project, requested over HTTP by every persona, inside and outside their scope.

The URL list is discovered from the resolver, not kept by hand: a new view
without a row in EXPECTATIONS fails `test_every_url_has_expectations`.
The admin has its own matrix, discovered from the admin registry: tests/test_back_office.py.
"""

from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from danvan.models import Notification

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "commune_a1_official",
    "district_a_staff",
    "district_a_leader",
    "province_staff",
    "system_admin",
]
SKIPPED_NAMESPACES = {"admin"}


def everyone(inside, outside=None, anonymous=302):
    outside = inside if outside is None else outside
    return {persona: (inside, outside) for persona in PERSONAS} | {"anonymous": (anonymous, anonymous)}


def scoped(*, leader=None, anonymous=302, inside=200):
    """Inside the scope `inside`; outside 404, except for the province and the administrator, who see both."""
    leader_inside = inside if leader is None else leader
    return {
        "anonymous": (anonymous, anonymous),
        "commune_a1_official": (inside, 404),
        "district_a_staff": (inside, 404),
        "district_a_leader": (leader_inside, 404),
        "province_staff": (inside, inside),
        "system_admin": (inside, inside),
    }


def writers_only(inside=200):
    return everyone(inside) | {"district_a_leader": (403, 403)}


@dataclass
class Row:
    expected: dict
    kwargs: object = None  # callable(world, inside: bool) -> dict of URL kwargs
    method: str = "get"
    data: dict = field(default_factory=dict)


def obj(name, key="pk"):
    return lambda world, inside: {key: world[f"{name}_{'a1' if inside else 'b1'}"].pk}


def _notification_of(username: str) -> int:
    """A notification the world's producers sent the user (their report was printed)."""
    return Notification.objects.filter(recipient__username=username).earliest("pk").pk


def rubric(world, inside):
    """A commune-level rubric of commune A1's (or B1's) committee, made on first use."""
    from decimal import Decimal

    from models_registry.models import Rubric

    key = f"rubric_{'a1' if inside else 'b1'}"
    if key not in world:
        world[key] = Rubric.objects.create(
            organization=world[f"organization_{'a1' if inside else 'b1'}"],
            name="Tiêu chí cấp xã",
            level="commune",
            valid_from_year=2021,
            valid_to_year=2025,
            pass_mark=Decimal(50),
        )
        world[key].criteria.create(group="Tính hiệu quả", name="Kết quả", max_score=Decimal(100))
    return {"pk": world[key].pk}


def unit(world, inside):
    place = world["unit_a1" if inside else "unit_b1"]
    return {"era": place.era, "code": place.code}


EXPECTATIONS = {
    "set_language": Row(everyone(302, anonymous=302), method="post", data={"language": "vi"}),
    "home": Row(everyone(200)),
    "health": Row(everyone(200, anonymous=200)),
    "login": Row(everyone(302, anonymous=200)),
    "logout": Row(everyone(302, anonymous=302), method="post"),
    "unit-list": Row(everyone(200)),
    "unit-detail": Row(everyone(200), unit),  # the map is public reference data
    "organization-detail": Row(scoped(), obj("organization")),
    "organization-edit": Row(scoped(leader=403), obj("organization")),
    "conferences:list": Row(everyone(200)),
    "conferences:create": Row(writers_only()),
    "conferences:from-article": Row(writers_only()),
    "conferences:detail": Row(scoped(), obj("conference")),
    "conferences:edit": Row(scoped(leader=403), obj("conference")),
    # Posted without the number and the confirmation: the confirmation page comes back with its errors.
    "conferences:finalize": Row(scoped(leader=403), obj("conference"), method="post"),
    "conferences:correct": Row(scoped(leader=403, inside=302), obj("conference"), method="post"),
    "conferences:minutes-pdf": Row(scoped(), obj("conference")),
    "conferences:minutes-docx": Row(scoped(), obj("conference")),
    "conferences:directive-follow-up": Row(everyone(200)),
    "conferences:directive-detail": Row(scoped(), obj("directive")),
    "registry:list": Row(everyone(200)),
    "registry:create": Row(writers_only()),
    "registry:queue": Row(everyone(200)),
    "registry:statistics": Row(everyone(200)),
    "registry:detail": Row(scoped(), obj("model")),
    # A registered model is no longer editable: writers are sent back to its page.
    "registry:edit": Row(scoped(leader=403, inside=302), obj("model")),
    # No level is chosen: a writer inside gets the page back with the reason beside the form.
    "registry:act": Row(
        scoped(leader=403, inside=400),
        lambda world, inside: obj("model")(world, inside) | {"action": "start_review"},
        method="post",
        data={"level": ""},
    ),
    "registry:attachment-upload": Row(scoped(leader=403, inside=400), obj("model"), method="post"),
    "registry:attachment-download": Row(scoped(), obj("attachment")),
    "registry:announcements": Row(everyone(200)),
    "registry:announcement-detail": Row(scoped(), obj("announcement")),
    "registry:publish": Row(scoped(leader=403, inside=302), obj("recognition"), method="post"),
    "registry:import": Row(writers_only()),
    # Another user's (or a missing) import batch is never found.
    "registry:import-confirm": Row(writers_only(404), lambda world, inside: {"pk": 999999}, method="post"),
    "registry:import-template": Row(writers_only()),
    "registry:export": Row(everyone(200)),
    # The world's models are registered, not under review: a writer is sent back to the model's page.
    "registry:score-sheet": Row(scoped(leader=403, inside=302), obj("model")),
    "registry:rubrics": Row(everyone(200)),
    "registry:rubric-create": Row(writers_only()),
    "registry:rubric-detail": Row(scoped(), rubric),
    "registry:rubric-edit": Row(scoped(leader=403), rubric),
    # The first writer makes version 2; the next ones are told it exists: each is sent back to a page.
    "registry:rubric-new-version": Row(scoped(leader=403, inside=302), rubric, method="post"),
    "registry:rubric-export": Row(scoped(), rubric),
    "notification-list": Row(everyone(200)),  # mine only
    "notification-preferences": Row(everyone(200)),
    "notification-read-all": Row(everyone(302), method="post"),
    # One's own notification only: another's, even in scope, is not found.
    "notification-read": Row(
        {persona: (404, 404) for persona in PERSONAS} | {"anonymous": (302, 302), "commune_a1_official": (302, 404)},
        lambda world, inside: {"pk": _notification_of("commune_a1_official" if inside else "commune_b1_official")},
        method="post",
    ),
    "reports:dashboard": Row(everyone(200)),
    "reports:issue": Row(everyone(200)),  # leadership prints too
    "reports:detail": Row(scoped(), obj("report")),
    "reports:pdf": Row(scoped(), obj("report")),
    "reports:docx": Row(scoped(), obj("report")),
}


def discovered_url_names(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from discovered_url_names(pattern, inner)
        elif pattern.name:
            yield namespace + pattern.name


def test_every_url_has_expectations():
    assert sorted(set(discovered_url_names()) - set(EXPECTATIONS)) == []
    assert sorted(set(EXPECTATIONS) - set(discovered_url_names())) == []


@pytest.fixture
def client_as(request, world, district_a_staff, district_a_leader, province_staff, system_admin, commune_a1_official):
    """A fresh client per request, so that a logout in one cell does not change the next one."""
    users = {persona: request.getfixturevalue(persona) for persona in PERSONAS[1:]}

    def make(persona: str) -> Client:
        client = Client()
        if persona in users:
            client.force_login(users[persona])
        return client

    return make


def test_every_url_answers_every_persona_as_expected(world, client_as):
    checked, mismatches = 0, []
    for name, row in sorted(EXPECTATIONS.items()):
        for inside in (True, False):
            kwargs = row.kwargs(world, inside) if row.kwargs else {}
            if not row.kwargs and not inside:
                continue
            url = reverse(name, kwargs=kwargs)
            for persona in PERSONAS:
                response = getattr(client_as(persona), row.method)(url, row.data)
                expected = row.expected[persona][0 if inside else 1]
                checked += 1
                if response.status_code != expected:
                    where = "inside" if inside else "outside"
                    mismatches.append(f"{name} {where} as {persona}: {response.status_code}, expected {expected}")
    assert mismatches == []
    print(f"{checked} URL × persona cells checked")
