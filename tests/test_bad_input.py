"""Hostile and random input on every form: never a 500, a clear message, nothing half-saved."""

import datetime
import unicodedata

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conferences.models import Conference, Directive
from conferences.services import create_conference
from danvan.organizations import committee_for
from models_registry.models import EmulationModel, Field
from tests.conferences.test_conference_pages import new_conference_post

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    " ",
    "x" * 5000,
    "\x00null",
    "\x07\x1b[31mđiều khiển\x1b[0m",
    unicodedata.normalize("NFD", "Đảng ủy xã Sơn Lâm"),
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    '=HYPERLINK("http://example.invalid","bấm")',
    "+cmd|' /C calc'!A0",
    "'; DROP TABLE conferences_conference; --",
    "31/02/2024",
    "9" * 40,
    "-1",
    "\u202eRTL override",
]
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
texts = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=300))


def assert_no_script_echoed(body: str) -> None:
    assert "<script>alert" not in body and "<img src=x" not in body


@FUZZ
@given(title=texts, held_on=texts, attendee=texts, code=texts, value=texts)
def test_the_conference_form_survives_anything(
    hierarchy, client_for, district_a_staff, title, held_on, attendee, code, value
):
    organizer = committee_for(hierarchy.commune_a1)
    before = Conference.objects.count()
    data = new_conference_post(
        organizer,
        title=title,
        held_on=held_on,
        **{"attendees-0-full_name": attendee, "documents-0-code": code, "figures-0-value": value},
    )
    response = client_for(district_a_staff).post(reverse("conferences:create"), data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Conference.objects.count() == before
        body = response.content.decode()
        assert "Hãy sửa các lỗi dưới đây" in body
        assert_no_script_echoed(body)
    else:
        conference = Conference.objects.latest("pk")
        assert conference.title == unicodedata.normalize("NFC", title).strip()
        assert_no_script_echoed(client_for(district_a_staff).get(response.url).content.decode())


@FUZZ
@given(name=texts, year=texts, situation=texts, person=texts)
def test_the_registration_form_survives_anything(
    hierarchy, client_for, commune_a1_official, name, year, situation, person
):
    before = EmulationModel.objects.count()
    response = client_for(commune_a1_official).post(
        reverse("registry:create"),
        {
            "registering_organization": committee_for(hierarchy.commune_a1).pk,
            "name": name,
            "subject_kind": "individual",
            "field": Field.objects.first().pk,
            "registration_year": year,
            "situation": situation,
            "person_name": person,
        },
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert EmulationModel.objects.count() == before
        assert_no_script_echoed(response.content.decode())


@FUZZ
@given(text=texts, reported_on=texts, status=texts)
def test_the_progress_form_survives_anything(hierarchy, client_for, commune_a1_official, text, reported_on, status):
    organization = committee_for(hierarchy.commune_a1)
    conference = create_conference(
        organizer=organization,
        fields={"kind": "so_ket", "title": "Hội nghị", "held_on": datetime.date(2024, 7, 17)},
        directives=[{"text": "Rà soát.", "responsible_organizations": [organization]}],
    )
    directive = conference.directives.get()
    response = client_for(commune_a1_official).post(
        reverse("conferences:directive-detail", args=[directive.pk]),
        {"text": text, "reported_on": reported_on, "status": status, "organization": organization.pk},
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert not directive.updates.exists()
        assert Directive.objects.get(pk=directive.pk).status == "not_started"


@pytest.mark.parametrize("value", HOSTILE)
def test_search_boxes_accept_anything(value, client_for, province_staff, hierarchy):
    client = client_for(province_staff)
    for url in (reverse("conferences:list"), reverse("registry:list"), reverse("unit-list")):
        response = client.get(url, {"q": value, "year": value, "organization": value, "page": value})
        assert response.status_code == 200


@pytest.mark.parametrize("value", HOSTILE)
def test_the_login_form_accepts_anything(value, client, db):
    response = client.post(reverse("login"), {"username": value, "password": value})
    assert response.status_code in (200, 429)


@pytest.mark.parametrize("value", ["abc", "1.234", "9" * 40, "\x00null", "-1"])
@pytest.mark.parametrize("url_name", ["conferences:directive-follow-up", "registry:statistics", "reports:dashboard"])
def test_an_organization_that_is_not_an_id_is_not_found(url_name, value, client_for, province_staff):
    assert client_for(province_staff).get(reverse(url_name), {"organization": value}).status_code == 404


@pytest.mark.parametrize(
    "era, code",
    [("pre2025", "%00"), ("pre2025", "18%00145"), ("%00", "42"), ("pre2025", "x" * 300), ("2025", "42")],
)
def test_a_unit_address_that_names_no_unit_is_not_found(era, code, client_for, province_staff):
    """A NUL byte must not reach PostgreSQL, which refuses it in text with an error."""
    client = client_for(province_staff)
    assert client.get(f"/units/{era}/{code}/").status_code == 404
    assert client.get(reverse("unit-detail", args=["pre2025", "42"])).status_code == 200
