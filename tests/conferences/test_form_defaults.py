"""The conference form (#15): the organizer chosen when there is nothing to choose, the date never guessed,
the fields under headings, errors beside their fields."""

import re

import pytest
from django.urls import reverse

from conferences.forms import ConferenceForm
from conferences.models import Conference
from danvan.organizations import committee_for
from tests.conferences.test_conference_pages import new_conference_post

pytestmark = pytest.mark.django_db


def selected_option(html: str, name: str) -> str:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.search(r'<option value="([^"]*)" selected>', select).group(1)


def date_input(html: str) -> str:
    return re.search(r'<input type="text" name="held_on"[^>]*>', html).group(0)


def field_block(html: str, input_id: str) -> str:
    """The markup of one form field: from its container to the next field's container."""
    blocks = re.split(r'(?=<div class="mb-3)', html)
    return next(block for block in blocks if f'id="{input_id}"' in block)


def test_a_commune_official_finds_their_committee_chosen_and_no_date(hierarchy, client_for, commune_a1_official):
    html = client_for(commune_a1_official).get(reverse("conferences:create")).content.decode()
    assert selected_option(html, "organizer") == str(committee_for(hierarchy.commune_a1).pk)
    assert "value=" not in date_input(html)  # the day of the conference is typed, never guessed


def test_district_staff_choose_the_organizer_themselves(client_for, district_a_staff):
    html = client_for(district_a_staff).get(reverse("conferences:create")).content.decode()
    assert selected_option(html, "organizer") == ""  # the empty choice: "---------"


def test_editing_keeps_the_organizer_and_the_date(make_conference, hierarchy, client_for, district_a_staff):
    conference = make_conference("commune_a2")
    html = client_for(district_a_staff).get(reverse("conferences:edit", args=[conference.pk])).content.decode()
    assert selected_option(html, "organizer") == str(committee_for(hierarchy.commune_a2).pk)
    assert 'value="17/07/2024"' in date_input(html)


def test_every_field_of_the_form_sits_under_one_heading():
    grouped = [name for _legend, names in ConferenceForm.FIELDSETS for name in names]
    assert sorted(grouped) == sorted(ConferenceForm.Meta.fields)


def test_the_form_shows_its_headings_then_the_tables(client_for, commune_a1_official):
    html = client_for(commune_a1_official).get(reverse("conferences:create")).content.decode()
    assert re.findall(r'<legend class="h5">(.*?)</legend>', html)[:5] == [
        "Cơ quan tổ chức, thời gian, địa điểm",
        "Thành phần tham dự",
        "Kết quả hội nghị",
        "Nguồn",
        "Thành phần dự",  # the first table of rows
    ]
    assert 'class="mb-3 col-md-6"' in field_block(html, "id_held_on")
    assert 'class="mb-3 col-12"' in field_block(html, "id_summary")


def test_a_wrong_date_is_refused_beside_it_and_everything_typed_is_kept(hierarchy, client_for, commune_a1_official):
    organizer = committee_for(hierarchy.commune_a1)
    data = new_conference_post(organizer, held_on="30/02/2024", summary="Đã hoàn thành 12 chỉ tiêu")
    html = client_for(commune_a1_official).post(reverse("conferences:create"), data).content.decode()
    assert not Conference.objects.exists()
    assert "Nhập một ngày hợp lệ" in field_block(html, "id_held_on")
    assert 'value="30/02/2024"' in field_block(html, "id_held_on")
    assert "Đã hoàn thành 12 chỉ tiêu" in field_block(html, "id_summary")
    assert selected_option(html, "organizer") == str(organizer.pk)
