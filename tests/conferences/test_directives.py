"""Directives are followed up until done: overdue is computed, progress is reported by the responsible unit."""

import datetime

import pytest
from django.urls import reverse

from conferences.models import Directive, DirectiveStatus
from conferences.services import report_directive_progress
from danvan.organizations import committee_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def directives(hierarchy, make_conference):
    """A district conference assigning one task to commune A1 (late) and one to commune A2 (on time)."""
    a1, a2 = committee_for(hierarchy.commune_a1), committee_for(hierarchy.commune_a2)
    conference = make_conference(
        "district_a",
        board=True,
        final=True,
        directives=[
            {
                "text": "Rà soát mô hình dân vận khéo.",
                "deadline": datetime.date(2024, 9, 30),
                "responsible_organizations": [a1],
            },
            {
                "text": "Kiện toàn ban chỉ đạo.",
                "deadline": datetime.date(2099, 1, 1),
                "responsible_organizations": [a2],
            },
        ],
    )
    late, on_time = conference.directives.order_by("order")
    return late, on_time


def report_done(directive, organization, user):
    report_directive_progress(
        directive,
        organization=organization,
        text="Đã hoàn thành.",
        status="done",
        reported_on=datetime.date(2024, 10, 1),
        acting_user=user,
    )


def test_overdue_is_computed_from_the_deadline_not_typed(directives):
    late, on_time = Directive.objects.with_display_status().order_by("order")
    assert late.display_status == DirectiveStatus.OVERDUE and late.status == DirectiveStatus.NOT_STARTED
    assert on_time.display_status == DirectiveStatus.NOT_STARTED
    assert list(Directive.objects.overdue()) == [late]
    Directive.objects.filter(pk=late.pk).update(status=DirectiveStatus.DONE)
    assert not Directive.objects.overdue().exists()


def test_the_responsible_commune_sees_the_directive_of_the_district_conference(
    directives, client_for, commune_a1_official, commune_b1_official
):
    late, on_time = directives
    assert (
        client_for(commune_a1_official).get(reverse("conferences:directive-detail", args=[late.pk])).status_code == 200
    )
    assert (
        client_for(commune_a1_official).get(reverse("conferences:directive-detail", args=[on_time.pk])).status_code
        == 404
    )
    assert (
        client_for(commune_b1_official).get(reverse("conferences:directive-detail", args=[late.pk])).status_code == 404
    )


def test_the_responsible_commune_reports_progress_and_the_status_follows(
    directives, hierarchy, client_for, commune_a1_official
):
    late, _ = directives
    response = client_for(commune_a1_official).post(
        reverse("conferences:directive-detail", args=[late.pk]),
        {
            "reported_on": "01/10/2024",
            "organization": committee_for(hierarchy.commune_a1).pk,
            "text": "Đã rà soát 29 mô hình.",
            "status": "done",
        },
    )
    assert response.status_code == 302
    late.refresh_from_db()
    assert late.status == DirectiveStatus.DONE
    update = late.updates.get()
    assert update.created_by == commune_a1_official and update.reported_on == datetime.date(2024, 10, 1)


def test_a_commune_cannot_report_in_another_communes_name(directives, hierarchy, client_for, commune_a1_official):
    late, _ = directives
    response = client_for(commune_a1_official).post(
        reverse("conferences:directive-detail", args=[late.pk]),
        {
            "reported_on": "01/10/2024",
            "organization": committee_for(hierarchy.commune_a2).pk,
            "text": "x",
            "status": "done",
        },
    )
    assert response.status_code == 200 and not late.updates.exists()


def test_leadership_reads_but_cannot_report(directives, client_for, district_a_leader):
    late, _ = directives
    url = reverse("conferences:directive-detail", args=[late.pk])
    assert client_for(district_a_leader).get(url).status_code == 200
    assert client_for(district_a_leader).post(url, {"text": "x"}).status_code == 403


def test_the_follow_up_page_lists_late_and_open_work_and_the_completion_rate(
    directives, hierarchy, client_for, district_a_staff, django_assert_max_num_queries
):
    late, on_time = directives
    report_done(on_time, committee_for(hierarchy.commune_a2), district_a_staff)
    client = client_for(district_a_staff)
    board_url = reverse("conferences:directive-follow-up")
    # One of them reads the units the organization took over in 2025 (the one subtree rule).
    with django_assert_max_num_queries(17):
        response = client.get(board_url, {"organization": committee_for(hierarchy.district_a).pk})
    assert list(response.context["overdue"]) == [late]
    assert list(response.context["open"]) == []
    assert response.context["rate"] == 50
    rows = {row["organization"].name: row for row in response.context["by_organization"]}
    assert rows["Đảng ủy xã Sơn Lâm"]["overdue"] == 1 and rows["Đảng ủy xã Sơn Kim 1"]["done"] == 1


def test_the_follow_up_page_refuses_an_organization_outside_the_scope(
    directives, hierarchy, client_for, commune_a1_official
):
    response = client_for(commune_a1_official).get(
        reverse("conferences:directive-follow-up"), {"organization": committee_for(hierarchy.commune_b1).pk}
    )
    assert response.status_code == 404


def test_the_administrator_sees_directives_without_a_responsible_organization(make_conference, system_admin):
    conference = make_conference("commune_b1", directives=[{"text": "Chưa giao đơn vị."}])
    assert list(Directive.objects.visible_to(system_admin)) == list(conference.directives.all())
    assert Directive.objects.editable_by(system_admin).count() == 1


def test_the_follow_up_page_pages_long_lists_with_a_fixed_query_budget(
    hierarchy, make_conference, client_for, district_a_staff, django_assert_max_num_queries
):
    a1, a2 = committee_for(hierarchy.commune_a1), committee_for(hierarchy.commune_a2)
    late = [
        {"text": f"Việc trễ {n}.", "deadline": datetime.date(2024, 1, 1 + n), "responsible_organizations": [a1]}
        for n in range(3)
    ]
    make_conference("district_a", board=True, final=True, directives=late)
    client = client_for(district_a_staff)
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("conferences:directive-follow-up"))
    many = [
        {"text": f"Việc {n}.", "deadline": datetime.date(2024, 1 + n % 12, 1), "responsible_organizations": [a1, a2]}
        for n in range(45)
    ]
    make_conference("district_a", board=True, final=True, directives=many)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("conferences:directive-follow-up"), {"overdue_page": "2"})
    overdue = response.context["overdue"]
    assert response.context["completion"]["overdue"] == 48 and overdue.paginator.num_pages == 3
    assert len(overdue.object_list) == 20 and overdue.number == 2
    assert "overdue_page=3" in response.content.decode()
    deadlines = [d.deadline for d in overdue.object_list]
    assert deadlines == sorted(deadlines)


def test_the_follow_up_counts_are_kept_until_a_directive_changes(
    directives, hierarchy, client_for, district_a_staff, django_assert_max_num_queries
):
    late, on_time = directives
    client = client_for(district_a_staff)
    url = reverse("conferences:directive-follow-up")
    with django_assert_max_num_queries(16) as first:
        assert client.get(url).context["completion"]["done"] == 0
    with django_assert_max_num_queries(len(first.captured_queries) - 2):
        assert client.get(url).context["completion"]["done"] == 0
    report_done(on_time, committee_for(hierarchy.commune_a2), district_a_staff)
    response = client.get(url)
    assert response.context["completion"]["done"] == 1 and response.context["rate"] == 50
    rows = {row["organization"].name: row for row in response.context["by_organization"]}
    assert rows["Đảng ủy xã Sơn Kim 1"]["done"] == 1
