"""Hostile input, generated, into every portal form, formset, upload and URL converter: never a 500.

The pages and their forms are discovered: URL names and converters from the resolver
(as tests/test_permission_matrix.py does), the forms and formsets of a page from what it
renders, the filters of a list from its filterset. Each field gets hostile values one at a
time (the other fields keep valid values, so the value reaches the deeper checks), and
every form gets each hostile value in all its fields at once. A bad value must answer
200/400 with the form shown again, or 403/404; a value that is acceptable may be saved
(302), and the page it leads to must then render. Each test prints how many requests it made.
"""

import io
import itertools
import traceback
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import got_request_exception
from django.forms import BaseForm, BaseFormSet
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django_filters import FilterSet
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from conferences.services import create_conference, finalize_conference
from models_registry.models import Field
from models_registry.resources import COLUMNS
from models_registry.services import register_model
from tests.conferences.test_conference_pages import new_conference_post
from tests.conftest import ON
from tests.registry.conftest import HEADERS, model_row, xlsx_bytes

pytestmark = pytest.mark.django_db

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


def test_every_form_and_formset_survives_hostile_values_in_every_field(hostile_world, prober):
    posts = valid_posts(hostile_world)
    for route in fuzzable_routes():
        if route.name in PDF_PAGES:
            continue
        url = reverse(route.name, kwargs=kwargs_for(route, hostile_world))
        persona = "anonymous" if route.name in ("login", "set_language") else "province_staff"
        page = prober.clients[persona].get(url)
        posted, _ = forms_of(page) if page.status_code == 200 else ([], [])
        valid = posts.get(route.name, {})
        baseline = {**rendered_values(posted), **valid}
        names = list(dict.fromkeys([*field_names(posted), *baseline])) or ["unexpected"]
        allowed = LOGIN_ALLOWED if route.name == "login" else ALLOWED
        check = {"allowed": allowed, "form_expected": bool(posted)}
        for index, name in enumerate(names):
            for value in values_for(index, values_per_field(names)):
                response = prober.request(
                    persona, "post", url, {**baseline, name: value}, **check, what=f"{name}={value}"
                )
                if response.status_code == 302 and "lock_version" in baseline and route.name in OBJECTS:
                    baseline["lock_version"] = _current_version(route, hostile_world)  # it moved on
        # Both fields of the login form filled: each one hashes a password (slow), a few suffice.
        for value in HOSTILE[:3] if route.name == "login" else HOSTILE:
            prober.request(persona, "post", url, {name: value for name in names}, **check, what=f"*={value}")
        if persona != "anonymous":
            for reader in ("commune_a1_official", "district_a_leader"):
                prober.request(reader, "post", url, {name: HOSTILE[0] for name in names}, what="* as " + reader)
    prober.assert_clean("forms and formsets")


def _current_version(route: Route, world: dict) -> str:
    edited = world[OBJECTS[route.name]]
    return str(type(edited).objects.values_list("lock_version", flat=True).get(pk=edited.pk))


COMMON_PARAMETERS = ["q", "page", "era", "year", "organization", "format", "kind", "status", "period", "next"]


def test_every_page_survives_hostile_query_parameters(hostile_world, prober):
    for route in fuzzable_routes():
        if route.name in PDF_PAGES or route.name in ("set_language", "login"):
            continue
        url = reverse(route.name, kwargs=kwargs_for(route, hostile_world))
        page = prober.clients["province_staff"].get(url)
        if page.status_code == 405:
            continue
        filters = forms_of(page)[1] if page.status_code == 200 else []
        names = list(dict.fromkeys([*field_names(filters), *COMMON_PARAMETERS]))
        for index, name in enumerate(names):
            for value in values_for(index, 1):
                prober.request("province_staff", "get", url, {name: value}, what=f"{name}={value}")
        for value in HOSTILE[::2]:
            prober.request("commune_a1_official", "get", url, {name: value for name in names}, what=f"*={value}")
    prober.assert_clean("query parameters")


def test_every_url_converter_refuses_hostile_segments(hostile_world, prober):
    for route in fuzzable_routes():
        if not route.converters:
            continue
        kwargs = kwargs_for(route, hostile_world)
        segments = reverse(route.name, kwargs=kwargs).split("/")
        for name in route.converters:
            position = segments.index(str(kwargs[name]))
            for segment, method in itertools.product(HOSTILE_SEGMENTS, ("get", "post")):
                url = "/".join([*segments[:position], segment, *segments[position + 1 :]])
                persona = "province_staff" if method == "get" else "commune_a1_official"
                prober.request(persona, method, url, allowed={302, 403, 404, 405}, what=f"{name}={segment}")
    prober.assert_clean("URL converters")


# Uploads


def csv_bytes(rows: list[list[str]]) -> bytes:
    return "\n".join(";".join(value.replace(";", ",").replace("\n", " ") for value in row) for row in rows).encode()


def small_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def hostile_files() -> list[tuple[str, bytes]]:
    return [
        ("empty.xlsx", b""),
        ("nul.xlsx", b"PK\x03\x04" + b"\x00" * 2000),
        ("truncated.xlsx", xlsx_bytes([model_row()])[:700]),
        ("bomb.xlsx", small_zip({"xl/worksheets/sheet1.xml": b"<a>" + b"A" * 8_000_000 + b"</a>"})),
        ("bomb.docx", small_zip({"word/document.xml": b"<a>" + b"A" * 8_000_000 + b"</a>"})),
        ("garbage.docx", b"PK\x03\x04 not really"),
        ("not-a-zip.xlsx", "Tên mô hình;Năm\n".encode()),
        ("nul.csv", b"\x00\x00\x00;\x00\n\x00"),
        ("latin1.csv", "Tên mô hình".encode("latin-1", errors="replace")),
        ("bom-only.csv", b"\xef\xbb\xbf"),
        ("quotes.csv", b'"unterminated;' * 1000),
        ("../../../etc/passwd.txt", b"root:x:0:0"),
        ("\x00.txt", b"text"),
        ("nul.txt", b"H\x00i \x00ngh\x00"),
        ("binary.txt", bytes(range(256)) * 40),
        ("rtl\u202egpj.exe", b"MZ\x90\x00"),
        ("x" * 300 + ".pdf", b"%PDF-1.4"),
        ("tệp 🙂.pdf", b"%PDF-1.4 demo"),
    ]


def storable(value: str) -> str:
    """What a workbook can hold: openpyxl refuses control characters (the CSV files keep them)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def hostile_sheets() -> Iterator[tuple[str, bytes]]:
    names = list(COLUMNS)
    valid = model_row()
    for index, column in enumerate(names):
        for value in values_for(index)[:3]:
            row = {**valid, column: value}
            cells = [str(row.get(name) or "") for name in names]
            yield f"mo-hinh-{index}.csv", b"\xef\xbb\xbf" + csv_bytes([HEADERS, cells])
            yield f"mo-hinh-{index}.xlsx", xlsx_bytes([{**row, column: storable(value)}])
    for value in HOSTILE:
        yield "all.csv", csv_bytes([HEADERS, [value] * len(HEADERS)])
        yield "all.xlsx", xlsx_bytes([{name: storable(value) for name in names}])
        yield "headers.csv", csv_bytes([[value] * len(HEADERS), [value] * len(HEADERS)])


def test_every_upload_survives_hostile_files(hostile_world, prober):
    import_url = reverse("registry:import")
    for name, content in hostile_sheets():
        response = prober.request(
            "province_staff", "post", import_url, {"file": SimpleUploadedFile(name, content)}, what=name
        )
        report = response.context and response.context.get("report")
        if response.status_code == 200 and report is not None and report.ok:
            batch = response.context["batch"]
            confirm = reverse("registry:import-confirm", args=[batch.pk])
            prober.request("province_staff", "post", confirm, allowed={302, 400}, what=f"confirm {name}")
    attach_url = reverse("registry:attachment-upload", args=[hostile_world["draft"].pk])
    article_url = reverse("conferences:from-article")
    for (name, content), title in zip(hostile_files(), itertools.cycle(HOSTILE), strict=False):
        for url, data in [
            (import_url, {}),
            (attach_url, {"title": title}),
            (article_url, {"text": title if len(title) < 200 else ""}),
        ]:
            upload = SimpleUploadedFile(name, content)
            prober.request("commune_a1_official", "post", url, {**data, "file": upload}, what=f"{name} {title}")
    for value in HOSTILE:
        prober.request("commune_a1_official", "post", article_url, {"text": value * 3}, what=value)
    prober.assert_clean("uploads")
