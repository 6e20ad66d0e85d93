"""Ids in pages are written as plain digits, whatever the language.

Vietnamese groups thousands with a dot: a bare {{ pk }} prints 1000005 as "1.000.005", which the
browser then sends back and the view refuses. Real databases pass 999 organizations quickly.
"""

import re

import pytest
from django.db.models import Max
from django.urls import reverse

from danvan.models import Organization, OrganizationKind

PAGES_WITH_AN_ORGANIZATION_CHOICE = [
    "conferences:list",
    "conferences:directive-follow-up",
    "registry:list",
    "registry:statistics",
    "reports:dashboard",
]


@pytest.fixture
def large_id_organization(hierarchy):
    return Organization.objects.create(
        pk=(Organization.objects.aggregate(Max("pk"))["pk__max"] or 0) + 1_000_000,
        kind=OrganizationKind.STANDING_COMMITTEE,
        unit=hierarchy.district_a,
        name="Ban Thường vụ Huyện ủy Hương Sơn",
    )


@pytest.mark.parametrize("url_name", PAGES_WITH_AN_ORGANIZATION_CHOICE)
def test_the_organization_choice_round_trips_a_large_id(url_name, large_id_organization, client_for, district_a_staff):
    client = client_for(district_a_staff)
    page = client.get(reverse(url_name)).content.decode()
    select = re.search(r'<select[^>]*name="organization"[^>]*>(.*?)</select>', page, re.S).group(1)
    offered = {name: value for value, name in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)}
    assert offered[large_id_organization.name] == str(large_id_organization.pk)

    chosen = client.get(reverse(url_name), {"organization": offered[large_id_organization.name]})
    assert chosen.status_code == 200
    assert re.search(rf'<option value="{large_id_organization.pk}"[^>]*selected', chosen.content.decode())
