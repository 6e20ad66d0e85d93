"""Organizations that bear the same name in two eras are told apart wherever one is chosen or listed.

Tuyên Quang is a province before and from the 2025 reform: both committees are
"Tỉnh ủy Tuyên Quang". Each is named with its period ("đến 30/6/2025",
"từ 01/7/2025") only because the other exists; a name nobody else bears is
printed as it is.
"""

import datetime
import importlib
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.urls import reverse

from danvan.forms import OrganizationForm
from danvan.models import REFORM_DATE, AdministrativeUnitSuccession, Era, Organization, Role, UnitKind
from danvan.organizations import committee_for, mass_mobilization_board_for, save_organization
from tests.factories import AdministrativeUnitFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

OLD = "Tỉnh ủy Tuyên Quang (đến 30/6/2025)"
NEW = "Tỉnh ủy Tuyên Quang (từ 01/7/2025)"
BEFORE_REFORM = datetime.date(2024, 7, 17)


@pytest.fixture
def tuyen_quang(db):
    """The old province and the new one that took it over, each with its committee and board."""
    last_day = REFORM_DATE - datetime.timedelta(days=1)
    old = AdministrativeUnitFactory(
        code="08", name="Tuyên Quang", kind=UnitKind.PROVINCE, era=Era.PRE_2025, valid_until=last_day
    )
    new = AdministrativeUnitFactory(
        code="08", name="Tuyên Quang", kind=UnitKind.PROVINCE, era=Era.FROM_2025, valid_from=REFORM_DATE
    )
    AdministrativeUnitSuccession.objects.create(predecessor=old, successor=new, kind="merged_whole")
    old_board = mass_mobilization_board_for(old, on=BEFORE_REFORM)  # "Ban Dân vận Tỉnh ủy Tuyên Quang": unique
    new_board = mass_mobilization_board_for(new, on=REFORM_DATE)
    return {"old": committee_for(old), "new": committee_for(new), "old_board": old_board, "new_board": new_board}


@pytest.fixture
def province_user(tuyen_quang):
    """Staff of the new province's board: sees the old province too."""
    membership = MembershipFactory(
        user=UserFactory(username="tinh_tuyenquang"), organization=tuyen_quang["new_board"], role=Role.PROVINCE_STAFF
    )
    return membership.user


def _options(html: str, select_name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{select_name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [text.strip() for text in re.findall(r"<option[^>]*>([^<]*)</option>", select)]


def test_the_dashboard_and_report_selects_tell_the_two_committees_apart(tuyen_quang, province_user, client_for):
    client = client_for(province_user)
    for url in (reverse("reports:dashboard"), reverse("reports:issue")):
        options = _options(client.get(url).content.decode(), "organization")
        assert OLD in options and NEW in options, url
        assert "Tỉnh ủy Tuyên Quang" not in options, url
        # A name that no other organization bears is printed as it is.
        assert "Ban Dân vận Tỉnh ủy Tuyên Quang" in options, url


def test_the_list_filters_and_follow_up_selects_tell_them_apart(tuyen_quang, province_user, client_for):
    client = client_for(province_user)
    for url in (reverse("conferences:list"), reverse("registry:list"), reverse("conferences:directive-follow-up")):
        html = client.get(url).content.decode()
        assert f">{OLD}<" in html and f">{NEW}<" in html, url
        assert ">Tỉnh ủy Tuyên Quang<" not in html, url


def test_a_name_no_one_else_bears_keeps_its_plain_form(tuyen_quang, hierarchy):
    commune = committee_for(hierarchy.commune_a1)
    assert str(commune) == "Đảng ủy xã Sơn Lâm"
    assert str(tuyen_quang["old_board"]) == "Ban Dân vận Tỉnh ủy Tuyên Quang"
    assert (str(tuyen_quang["old"]), str(tuyen_quang["new"])) == (OLD, NEW)


def test_the_second_namesake_gives_the_first_its_period():
    old = AdministrativeUnitFactory(code="08", name="Tuyên Quang", kind=UnitKind.PROVINCE, era=Era.PRE_2025)
    first = committee_for(old)
    assert str(first) == "Tỉnh ủy Tuyên Quang"
    # No dates on the units: the era says the period.
    new = AdministrativeUnitFactory(code="08", name="Tuyên Quang", kind=UnitKind.PROVINCE, era=Era.FROM_2025)
    second = committee_for(new)
    first.refresh_from_db()
    assert (str(first), str(second)) == (OLD, NEW)


def test_renaming_through_the_service_updates_the_namesakes(tuyen_quang):
    old, new = tuyen_quang["old"], tuyen_quang["new"]

    def rename(organization, name):
        data = {field: getattr(organization, field) or "" for field in OrganizationForm.Meta.fields}
        form = OrganizationForm(
            {**data, "name": name, "lock_version": organization.lock_version}, instance=organization
        )
        assert form.is_valid(), form.errors
        return save_organization(form)

    rename(old, "Tỉnh ủy Tuyên Quang cũ")
    new.refresh_from_db()
    assert str(new) == "Tỉnh ủy Tuyên Quang"
    old.refresh_from_db()
    assert str(old) == "Tỉnh ủy Tuyên Quang cũ"
    rename(old, "Tỉnh ủy Tuyên Quang")
    new.refresh_from_db()
    old.refresh_from_db()
    assert (str(old), str(new)) == (OLD, NEW)


def test_the_admin_autocomplete_and_list_show_distinct_names(tuyen_quang, client_for):
    admin_user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = client_for(admin_user)
    query = {"app_label": "danvan", "model_name": "membership", "field_name": "organization", "term": "Tỉnh ủy Tuyên"}
    texts = {row["text"] for row in client.get(reverse("admin:autocomplete"), query).json()["results"]}
    assert {OLD, NEW} <= texts and "Tỉnh ủy Tuyên Quang" not in texts
    html = client.get(reverse("admin:danvan_organization_changelist")).content.decode()
    assert OLD in html and NEW in html


def test_a_back_office_province_user_gets_distinct_names_too(tuyen_quang, province_user, client_for):
    group, _ = Group.objects.get_or_create(name="back office")
    group.permissions.set(Permission.objects.filter(content_type__app_label="danvan"))
    province_user.is_staff = True
    province_user.save(update_fields=["is_staff"])
    province_user.groups.add(group)
    query = {"app_label": "danvan", "model_name": "membership", "field_name": "organization", "term": ""}
    texts = {
        row["text"] for row in client_for(province_user).get(reverse("admin:autocomplete"), query).json()["results"]
    }
    assert {OLD, NEW} <= texts


def test_the_periods_cost_no_query_per_organization(
    tuyen_quang, province_user, client_for, django_assert_max_num_queries
):
    """The selects take the same queries with 2 namesakes as with 22."""
    client = client_for(province_user)

    def queries() -> list[int]:
        counts = []
        for url in (reverse("reports:dashboard"), reverse("reports:issue"), reverse("conferences:directive-follow-up")):
            cache.clear()
            with django_assert_max_num_queries(40) as captured:
                assert OLD in client.get(url).content.decode()
            counts.append(len(captured.captured_queries))
        return counts

    before = queries()
    for index in range(10):
        for era, province in ((Era.PRE_2025, tuyen_quang["old"].unit), (Era.FROM_2025, tuyen_quang["new"].unit)):
            unit = AdministrativeUnitFactory(
                code=f"9{index:03d}", name=f"Kim {index}", kind=UnitKind.COMMUNE, era=era, parent=province
            )
            committee_for(unit)
    assert Organization.objects.exclude(period_label="").count() == 22
    assert queries() == before


def test_the_migration_names_the_namesakes_already_stored(tuyen_quang):
    Organization.objects.update(period_label="")
    migration = importlib.import_module("danvan.migrations.0006_organization_period_label")
    migration.name_namesakes(apps, None)
    assert {str(o) for o in Organization.objects.filter(kind="committee")} == {OLD, NEW}
    assert str(Organization.objects.get(pk=tuyen_quang["old_board"].pk)) == "Ban Dân vận Tỉnh ủy Tuyên Quang"
