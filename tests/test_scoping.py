"""The one scoping mechanism, proved over HTTP for every role."""

import pytest
from django.urls import reverse

from danvan.models import Membership, Organization
from danvan.organizations import committee_for, mass_mobilization_board_for
from danvan.scoping import scope_for
from tests.conftest import ON

pytestmark = pytest.mark.django_db


def detail(organization):
    return reverse("organization-detail", args=[organization.pk])


def edit(organization):
    return reverse("organization-edit", args=[organization.pk])


def test_anonymous_users_are_sent_to_the_login_page(hierarchy, client):
    organization = committee_for(hierarchy.commune_a1)
    for url in (reverse("home"), reverse("unit-list"), detail(organization), edit(organization)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "persona, unit, expected",
    [
        ("commune_a1_official", "commune_a1", 200),
        ("commune_a1_official", "commune_a2", 404),
        ("commune_a1_official", "district_a", 404),
        ("commune_b1_official", "commune_a1", 404),
        ("district_a_staff", "commune_a1", 200),
        ("district_a_staff", "district_a", 200),
        ("district_a_staff", "commune_b1", 404),
        ("district_a_staff", "province", 404),
        ("district_a_leader", "commune_a2", 200),
        ("district_a_leader", "district_b", 404),
        ("province_staff", "commune_b1", 200),
        ("system_admin", "commune_b1", 200),
    ],
)
def test_organization_pages_are_visible_inside_the_scope_only(request, hierarchy, client_for, persona, unit, expected):
    user = request.getfixturevalue(persona)
    organization = committee_for(getattr(hierarchy, unit))
    assert client_for(user).get(detail(organization)).status_code == expected


@pytest.mark.parametrize(
    "persona, unit, expected",
    [
        ("commune_a1_official", "commune_a1", 200),
        ("commune_a1_official", "commune_b1", 404),
        ("district_a_staff", "commune_a2", 200),
        ("district_a_staff", "commune_b1", 404),
        # Leadership sees the district but may not change it.
        ("district_a_leader", "commune_a1", 403),
        ("district_a_leader", "commune_b1", 404),
        ("province_staff", "district_b", 200),
    ],
)
def test_organizations_are_editable_by_writing_roles_inside_the_scope(
    request, hierarchy, client_for, persona, unit, expected
):
    user = request.getfixturevalue(persona)
    organization = committee_for(getattr(hierarchy, unit))
    client = client_for(user)
    assert client.get(edit(organization)).status_code == expected
    response = client.post(edit(organization), {"name": "Tên đã sửa", "issuer_code": "ĐU"})
    assert response.status_code == (302 if expected == 200 else expected)
    organization.refresh_from_db()
    assert (organization.name == "Tên đã sửa") is (expected == 200)


def test_an_invalid_edit_keeps_what_was_typed(hierarchy, district_a_staff, client_for):
    organization = committee_for(hierarchy.commune_a1)
    response = client_for(district_a_staff).post(
        edit(organization),
        {
            "name": "Đảng ủy xã Sơn Lâm mới",
            "issuer_code": "ĐU",
            "valid_from": "31/12/2024",
            "valid_until": "01/01/2024",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Đảng ủy xã Sơn Lâm mới" in body and "31/12/2024" in body
    assert "Ngày kết thúc trước ngày bắt đầu." in body
    organization.refresh_from_db()
    assert organization.name == "Đảng ủy xã Sơn Lâm"


def test_the_unit_page_lists_only_organizations_in_scope(hierarchy, district_a_staff, client_for):
    committee_for(hierarchy.commune_a1)
    committee_for(hierarchy.commune_b1)
    client = client_for(district_a_staff)
    inside = client.get(reverse("unit-detail", args=["pre2025", hierarchy.commune_a1.code]))
    outside = client.get(reverse("unit-detail", args=["pre2025", hierarchy.commune_b1.code]))
    assert "Đảng ủy xã Sơn Lâm" in inside.content.decode()
    assert "Đảng ủy phường Nam Hồng" not in outside.content.decode()
    assert outside.status_code == 200  # the map itself is public reference data


def test_visible_and_editable_querysets_agree_with_the_pages(hierarchy, district_a_leader, district_a_staff):
    for unit in (hierarchy.commune_a1, hierarchy.commune_a2, hierarchy.commune_b1):
        committee_for(unit)
    visible = set(Organization.objects.visible_to(district_a_leader).values_list("name", flat=True))
    assert "Đảng ủy xã Sơn Lâm" in visible and "Đảng ủy phường Nam Hồng" not in visible
    assert not Organization.objects.editable_by(district_a_leader).exists()
    assert set(Organization.objects.editable_by(district_a_staff).values_list("pk", flat=True)) == set(
        Organization.objects.visible_to(district_a_staff).values_list("pk", flat=True)
    )


def test_a_new_unit_sees_the_records_of_the_units_merged_into_it(hierarchy, client_for):
    from danvan.models import AdministrativeUnitSuccession, Era, Role, UnitKind
    from tests.factories import AdministrativeUnitFactory, MembershipFactory

    new_province = AdministrativeUnitFactory(code="42", name="Hà Tĩnh", era=Era.FROM_2025, kind=UnitKind.PROVINCE)
    new_commune = AdministrativeUnitFactory(
        era=Era.FROM_2025, code="18133", name="Sơn Lâm mới", kind=UnitKind.COMMUNE, parent=new_province
    )
    AdministrativeUnitSuccession.objects.create(
        predecessor=hierarchy.commune_a1, successor=new_commune, kind="merged_whole"
    )
    official = MembershipFactory(organization=committee_for(new_commune), role=Role.COMMUNE_OFFICIAL).user
    old_committee = committee_for(hierarchy.commune_a1)
    assert client_for(official).get(detail(old_committee)).status_code == 200
    assert client_for(official).get(detail(committee_for(hierarchy.commune_a2))).status_code == 404


@pytest.mark.usefixtures("open_back_office")
def test_admin_lists_and_opens_only_what_is_in_scope(hierarchy, district_a_staff, client_for):
    from django.contrib.auth.models import Permission

    district_a_staff.is_staff = True
    district_a_staff.save()
    district_a_staff.user_permissions.set(Permission.objects.filter(content_type__app_label="danvan"))
    inside = committee_for(hierarchy.commune_a1)
    outside = committee_for(hierarchy.commune_b1)
    client = client_for(district_a_staff)
    changelist = client.get(reverse("admin:danvan_organization_changelist")).content.decode()
    assert inside.name in changelist and outside.name not in changelist
    assert client.get(reverse("admin:danvan_organization_change", args=[inside.pk])).status_code == 200
    # Django's admin answers a missing object with a redirect to the index.
    response = client.get(reverse("admin:danvan_organization_change", args=[outside.pk]))
    assert response.status_code == 302 and response.url == reverse("admin:index")
    memberships = client.get(reverse("admin:danvan_membership_changelist")).content.decode()
    assert "district_a_staff" in memberships


def test_scope_is_computed_once_per_request(hierarchy, district_a_staff, django_assert_max_num_queries):
    scope_for(district_a_staff)
    with django_assert_max_num_queries(0):
        scope_for(district_a_staff)
    assert Membership.objects.filter(user=district_a_staff).count() == 1


def test_memberships_do_not_leak_into_another_district(hierarchy, district_a_staff, commune_b1_official):
    assert not Membership.objects.visible_to(district_a_staff).filter(user=commune_b1_official).exists()
    board = mass_mobilization_board_for(hierarchy.district_a, on=ON)
    assert Membership.objects.visible_to(district_a_staff).filter(organization=board).exists()
