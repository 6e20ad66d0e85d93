"""Hostile input, generated, into every portal form, formset, upload and URL converter: never a 500.

The pages and their forms are discovered: URL names and converters from the resolver
(as tests/test_permission_matrix.py does), the forms and formsets of a page from what it
renders, the filters of a list from its filterset. Each field gets hostile values one at a
time (the other fields keep valid values, so the value reaches the deeper checks), and
every form gets each hostile value in all its fields at once. A bad value must answer
200/400 with the form shown again, or 403/404; a value that is acceptable may be saved
(302), and the page it leads to must then render. Each test prints how many requests it made.
"""

import itertools

import pytest
from django.urls import reverse

from tests.hostile.probing import (
    ALLOWED,
    HOSTILE,
    HOSTILE_SEGMENTS,
    LOGIN_ALLOWED,
    OBJECTS,
    PDF_PAGES,
    Route,
    field_names,
    forms_of,
    fuzzable_routes,
    kwargs_for,
    rendered_values,
    valid_posts,
    values_for,
    values_per_field,
)

pytestmark = pytest.mark.django_db


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
