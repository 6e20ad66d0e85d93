"""What the hostile-input tests share: the values, the routes, the world the pages show and the prober."""

import traceback
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.core.signals import got_request_exception
from django.forms import BaseForm, BaseFormSet
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django_filters import FilterSet

from conferences.services import create_conference, finalize_conference
from models_registry.models import Field
from models_registry.services import register_model
from tests.conferences.test_conference_pages import new_conference_post
from tests.conftest import ON

SKIPPED_NAMESPACES = {"admin"}  # Django's own, with its own matrix in tests/test_back_office.py

HOSTILE = [
    "\x00",
    "Sơn\x00Lâm",
    "9" * 20,
    "-9223372036854775809",
    "-1",
    "abc",
    "1.5",
    "x" * 10_000,
    "\u202eRTL\u200b\u200d\ufeff",
    "🇻🇳 Dân vận khéo 🙂👍🏽",
    "31/02/2024",
    "99/99/9999",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "=cmd|' /C calc'!A0",
    "'; DROP TABLE conferences_conference; --",
    unicodedata.normalize("NFD", "Đảng ủy xã Sơn Lâm"),
    "   ",
    "%00../../etc/passwd",
]
HOSTILE_SEGMENTS = [
    "%00",
    "9" * 20,
    "-1",
    "0",
    "abc",
    "1.5",
    "x" * 300,
    "%E2%80%AE1",
    "%F0%9F%99%82",
    "%20",
    "1e3",
    "%D9%A3",  # an Arabic-Indic digit: a digit to \d, not to [0-9]
]
# Each field gets up to 4 of the values in turn (fewer on the pages with dozens of fields, which cost
# the most to render), and every form gets every value in all of its fields at once.
VALUES_PER_FIELD = 4
REQUESTS_PER_PAGE = 90
FOLLOWS_PER_PAGE = 5
ALLOWED = {200, 302, 400, 403, 404, 405}
LOGIN_ALLOWED = ALLOWED | {429}  # failed logins end in a lockout
NOT_FUZZED = {"logout", "health"}  # logging the persona out; no input
PDF_PAGES = {"conferences:minutes-pdf", "reports:pdf", "registry:import-template", "registry:attachment-download"}
SCRIPT_ECHOES = ("<script>alert(1)", "<img src=x onerror")


def values_for(index: int, count: int = VALUES_PER_FIELD) -> list[str]:
    start = (index * count) % len(HOSTILE)
    return [HOSTILE[(start + offset) % len(HOSTILE)] for offset in range(count)]


def values_per_field(names: list) -> int:
    return max(1, min(VALUES_PER_FIELD, REQUESTS_PER_PAGE // len(names)))


# What the resolver exposes


@dataclass
class Route:
    name: str
    converters: list[str]  # the names of the URL's kwargs


def routes(resolver=None, namespace: str = "") -> Iterator[Route]:
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace not in SKIPPED_NAMESPACES:
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from routes(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield Route(namespace + pattern.name, list(getattr(pattern.pattern, "converters", {})))


# The world the pages show


@pytest.fixture
def hostile_world(world, commune_a1_official):
    """The objects of commune A1 (tests/conftest.py), with a draft model and conferences to finalize and correct."""
    inside = {key.removesuffix("_a1"): value for key, value in world.items() if key.endswith("_a1")}
    organization = inside["organization"]
    inside["draft"] = register_model(
        organization=organization,
        fields={
            "name": "Mô hình nháp",
            "subject_kind": "collective",
            "field": Field.objects.first(),
            "registration_year": 2024,
        },
        acting_user=commune_a1_official,
    )
    inside["final"] = finalize_conference(
        create_conference(organizer=organization, fields={"kind": "so_ket", "title": "Bản cuối", "held_on": ON}),
        acting_user=commune_a1_official,
    )
    inside["to_finalize"] = create_conference(
        organizer=organization, fields={"kind": "so_ket", "title": "Sẽ chốt", "held_on": ON}
    )
    return inside


OBJECTS = {  # the object of each page with a pk in its URL
    "organization-detail": "organization",
    "organization-edit": "organization",
    "conferences:detail": "conference",
    "conferences:edit": "conference",
    "conferences:minutes-pdf": "conference",
    "conferences:correct": "final",
    "conferences:finalize": "to_finalize",
    "conferences:directive-detail": "directive",
    "registry:detail": "model",
    "registry:edit": "draft",
    "registry:act": "model",
    "registry:attachment-upload": "draft",
    "registry:attachment-download": "attachment",
    "registry:announcement-detail": "announcement",
    "registry:publish": "recognition",
    "reports:detail": "report",
    "reports:pdf": "report",
}


def kwargs_for(route: Route, world: dict) -> dict:
    kwargs = {}
    if "pk" in route.converters:
        kwargs["pk"] = world[OBJECTS[route.name]].pk if route.name in OBJECTS else 999_999
    if "era" in route.converters:
        kwargs.update(era=world["unit"].era, code=world["unit"].code)
    if "action" in route.converters:
        kwargs["action"] = "start_review"
    return kwargs


def valid_posts(world: dict) -> dict[str, dict]:
    """Submissions that would be accepted, for the pages whose empty form is not one."""
    organization = world["organization"]
    return {
        "conferences:create": new_conference_post(organization),
        "registry:create": {
            "registering_organization": organization.pk,
            "name": "Mô hình mới",
            "subject_kind": "collective",
            "field": Field.objects.first().pk,
            "registration_year": "2024",
        },
        "registry:act": {"note": "Ghi chú", "level": "commune"},
        "conferences:correct": {"reason": "Sửa tên đại biểu"},
        "conferences:from-article": {"text": "Hội nghị sơ kết ngày 17/7/2024 tại xã Sơn Lâm."},
        "reports:issue": {"kind": "conferences", "organization": organization.pk, "period": "2024"},
        "login": {"username": "", "password": ""},  # one field at a time: no password hashed, no lockout
    }


# Reading a page's forms


def context_values(response) -> list:
    if response.context is None:
        return []
    contexts = response.context if isinstance(response.context, list) else [response.context]
    values = []
    for context in contexts:
        values += list(context.flatten().values())
    return values


def forms_of(response) -> tuple[list[BaseForm], list[BaseForm]]:
    """The forms a page posts (with every formset row) and the filter forms it submits by GET."""
    posted, filters, seen = [], [], set()

    def visit(value, depth=0):
        if id(value) in seen or depth > 2:
            return
        seen.add(id(value))
        if isinstance(value, FilterSet):
            filters.append(value.form)
        elif isinstance(value, BaseFormSet):
            posted.extend([value.management_form, *value.forms])
        elif isinstance(value, BaseForm) and "__prefix__" not in (value.prefix or ""):  # not a row template
            posted.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                visit(item, depth + 1)

    for value in context_values(response):
        visit(value)
    return posted, filters


def rendered_values(forms: list[BaseForm]) -> dict:
    """What a browser would post back from these forms as rendered."""
    data = {}
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or value is False or value == "" or hasattr(value, "read"):
                continue
            if value is True:
                value = "on"
            data[bound.html_name] = [str(item) for item in value] if isinstance(value, list) else str(value)
    return data


def field_names(forms: list[BaseForm]) -> list[str]:
    return list(dict.fromkeys(bound.html_name for form in forms for bound in form))


# Requests, checked


@dataclass
class Prober:
    clients: dict[str, Client]
    cases: int = 0
    failures: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    followed: list[str] = field(default_factory=list)

    def __post_init__(self):
        for client in self.clients.values():
            client.raise_request_exception = False
        got_request_exception.connect(self._record)

    def _record(self, sender, request=None, **kwargs):
        self.errors.append(f"{request and request.method} {request and request.path!r}: {traceback.format_exc()}")

    def close(self):
        got_request_exception.disconnect(self._record)

    def request(self, persona, method, url, data=None, *, allowed=ALLOWED, form_expected=False, what=""):
        self.cases += 1
        client = self.clients[persona]
        response = getattr(client, method)(url, data or {})
        where = f"{persona} {method.upper()} {url[:80]} {what[:120]!r}"
        if response.status_code not in allowed:
            error = self.errors[-1].splitlines()[-1] if self.errors else ""
            self.failures.append(f"{where}: {response.status_code} {error}")
            return response
        html = response.get("Content-Type", "").startswith("text/html")
        body = response.content.decode(errors="replace") if html else ""
        if any(echo in body for echo in SCRIPT_ECHOES):
            self.failures.append(f"{where}: a script is echoed unescaped")
        if form_expected and html and response.status_code in (200, 400) and not forms_of(response)[0]:
            self.failures.append(f"{where}: {response.status_code} without the form")
        if method == "post" and response.status_code == 302 and response.url.startswith("/"):
            self.follow(persona, response.url, where)
        return response

    def follow(self, persona, url, where):
        """The page a saved value leads to must render it (each kind of page a few times: they are slow)."""
        if any(part in url for part in ("/pdf", ".pdf", "/accounts/login/")):
            return
        kind = resolve(url.split("?")[0]).view_name
        if sum(seen == kind for seen in self.followed) >= FOLLOWS_PER_PAGE:
            return
        self.followed.append(kind)
        self.cases += 1
        followed = self.clients[persona].get(url)
        if followed.status_code >= 500:
            self.failures.append(f"{where} then GET {url}: {followed.status_code}")

    def assert_clean(self, label: str):
        print(f"\n{label}: {self.cases} hostile requests")
        assert self.failures == [], "\n".join(self.failures[:30])


@pytest.fixture
def prober(hostile_world, province_staff, commune_a1_official, district_a_leader):
    clients = {"anonymous": Client()}
    for persona, user in [
        ("province_staff", province_staff),
        ("commune_a1_official", commune_a1_official),
        ("district_a_leader", district_a_leader),
    ]:
        clients[persona] = Client()
        clients[persona].force_login(user)
    prober = Prober(clients)
    yield prober
    prober.close()


def fuzzable_routes() -> list[Route]:
    return [route for route in routes() if route.name not in NOT_FUZZED]
