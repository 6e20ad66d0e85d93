"""The back office is for those who administer something there: superusers, system administrators, province staff.

District staff, commune officials and leadership do their work on the portal's pages:
they neither see the menu's link nor open /admin/, even with a staff account, and get
the site's own 403 rather than the admin's login page, which could not let them in.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from tests.test_back_office import BACK_OFFICE_APPS

pytestmark = pytest.mark.django_db

WORK_THERE = ["province_staff", "system_admin", "superuser"]
DO_NOT = ["district_a_staff", "district_a_leader", "commune_a1_official"]
BACK_OFFICE_LINK = f'href="{reverse("admin:index")}"'


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "mật-khẩu-rất-dài")


@pytest.fixture
def staff_account(request, client_for):
    """A client for the persona's staff account, in the demo's back-office group."""

    def make(persona: str):
        user = request.getfixturevalue(persona)
        group, _ = Group.objects.get_or_create(name="back office")
        group.permissions.set(Permission.objects.filter(content_type__app_label__in=BACK_OFFICE_APPS))
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.groups.add(group)
        return client_for(user)

    return make


@pytest.mark.parametrize("persona", WORK_THERE)
def test_those_who_work_there_see_the_link_and_open_the_back_office(persona, staff_account):
    client = staff_account(persona)
    assert BACK_OFFICE_LINK in client.get(reverse("home")).content.decode()
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:danvan_membership_changelist")).status_code == 200


@pytest.mark.parametrize("persona", DO_NOT)
def test_others_see_no_link_and_get_the_sites_403(persona, staff_account):
    client = staff_account(persona)
    home = client.get(reverse("home"))
    assert home.status_code == 200 and BACK_OFFICE_LINK not in home.content.decode()
    for url in (
        reverse("admin:index"),
        reverse("admin:danvan_membership_changelist"),
        reverse("admin:danvan_membership_add"),
        reverse("admin:autocomplete"),
        reverse("admin:login"),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "403.html" in [template.name for template in response.templates], url


def test_a_province_role_without_a_staff_account_stays_out(province_staff, client_for):
    client = client_for(province_staff)
    assert BACK_OFFICE_LINK not in client.get(reverse("home")).content.decode()
    assert client.get(reverse("admin:index")).status_code == 403


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    assert client.get(reverse("admin:login")).status_code == 200
