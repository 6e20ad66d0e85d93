"""A directive given to several units is followed up per unit: each has its own status and completion date."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conferences.models import Directive, DirectiveStatus
from conferences.services import finalize_conference, report_directive_progress
from danvan.organizations import committee_for, mass_mobilization_board_for
from reports import figures
from reports.periods import parse_period
from tests.conftest import ON

pytestmark = pytest.mark.django_db

PAST_DEADLINE = datetime.date(2024, 9, 30)
FUTURE_DEADLINE = datetime.date(2099, 1, 1)


@pytest.fixture
def units(hierarchy):
    return committee_for(hierarchy.commune_a1), committee_for(hierarchy.commune_a2)


@pytest.fixture
def shared(make_conference, units, district_a_staff):
    """A final district conference giving one task, due 30/9/2024, to communes A1 and A2."""
    conference = make_conference(
        "district_a",
        board=True,
        directives=[
            {"text": "Rà soát mô hình dân vận khéo.", "deadline": PAST_DEADLINE, "responsible_organizations": units}
        ],
    )
    finalize_conference(conference, acting_user=district_a_staff)
    return conference.directives.get()


def report(directive, organization, user, *, status="done", on=datetime.date(2024, 9, 1), text="Đã hoàn thành."):
    return report_directive_progress(
        directive, organization=organization, text=text, status=status, reported_on=on, acting_user=user
    )


def shown(directive) -> str:
    return Directive.objects.with_display_status().get(pk=directive.pk).display_status


def test_one_unit_done_leaves_the_directive_open_for_the_other(shared, units, district_a_staff):
    a1, a2 = units
    report(shared, a1, district_a_staff)
    shared.refresh_from_db()
    assert shared.status == DirectiveStatus.IN_PROGRESS and shared.completed_on is None
    shares = {a.organization: a for a in shared.assignments.all()}
    assert shares[a1].status == DirectiveStatus.DONE and shares[a1].completed_on == datetime.date(2024, 9, 1)
    assert shares[a2].status == DirectiveStatus.NOT_STARTED and shares[a2].completed_on is None


def test_the_directive_is_done_when_every_unit_is_on_the_day_the_last_one_finished(shared, units, district_a_staff):
    a1, a2 = units
    report(shared, a1, district_a_staff, on=datetime.date(2024, 9, 20))
    report(shared, a2, district_a_staff, status="in_progress", on=datetime.date(2024, 9, 10))
    report(shared, a2, district_a_staff, on=datetime.date(2024, 9, 25))
    shared.refresh_from_db()
    assert shared.status == DirectiveStatus.DONE and shared.completed_on == datetime.date(2024, 9, 25)
    assert shown(shared) == DirectiveStatus.DONE


def test_a_completion_after_the_deadline_is_done_late(shared, units, district_a_staff):
    a1, a2 = units
    report(shared, a1, district_a_staff, on=datetime.date(2024, 9, 1))
    assert shown(shared) == DirectiveStatus.OVERDUE  # A2 has not finished and the deadline has passed
    report(shared, a2, district_a_staff, on=datetime.date(2024, 10, 3))
    assert shown(shared) == DirectiveStatus.DONE_LATE
    shares = {a.organization: a.display_status for a in shared.assignments.with_display_status()}
    assert shares == {a1: DirectiveStatus.DONE, a2: DirectiveStatus.DONE_LATE}
    counts = Directive.objects.completion()
    assert (counts["completed"], counts["done_late"], counts["done"], counts["overdue"]) == (1, 1, 0, 0)


def test_only_a_responsible_unit_reports_and_the_organizer_only_without_units(
    shared, make_conference, district_a_staff, units
):
    with pytest.raises(ValidationError):
        report(shared, shared.conference.organizer, district_a_staff)
    assert not shared.updates.exists()
    unassigned = make_conference("district_a", board=True, directives=[{"text": "Tổng hợp báo cáo."}]).directives.get()
    report(unassigned, unassigned.conference.organizer, district_a_staff)
    unassigned.refresh_from_db()
    assert unassigned.status == DirectiveStatus.DONE and unassigned.completed_on == datetime.date(2024, 9, 1)
    with pytest.raises(ValidationError):
        report(unassigned, units[0], district_a_staff)


def test_the_detail_page_shows_each_units_share_and_a_late_completion(
    shared, units, client_for, district_a_staff, django_assert_max_num_queries
):
    a1, a2 = units
    report(shared, a1, district_a_staff, on=datetime.date(2024, 9, 1), text="Đã rà soát 29 mô hình.")
    report(shared, a2, district_a_staff, on=datetime.date(2024, 10, 3), text="Đã rà soát 12 mô hình.")
    client = client_for(district_a_staff)
    with django_assert_max_num_queries(24):
        response = client.get(reverse("conferences:directive-detail", args=[shared.pk]))
    html = response.content.decode()
    assert "Hoàn thành quá hạn" in html
    rows = html.split('aria-labelledby="units-h"')[1].split("</table>")[0].split("<tr>")[2:]
    assert len(rows) == 2
    assert a1.name in rows[0] and "01/09/2024" in rows[0] and "Đã rà soát 29 mô hình." in rows[0]
    assert a2.name in rows[1] and "03/10/2024" in rows[1] and "Hoàn thành quá hạn" in rows[1]


def test_the_report_form_offers_only_the_responsible_units(shared, units, client_for, district_a_staff):
    response = client_for(district_a_staff).get(reverse("conferences:directive-detail", args=[shared.pk]))
    assert set(response.context["form"].fields["organization"].queryset) == set(units)


def test_the_follow_up_page_shows_a_late_completion(shared, units, client_for, district_a_staff):
    report(shared, units[0], district_a_staff, on=datetime.date(2024, 10, 3))
    response = client_for(district_a_staff).get(reverse("conferences:directive-follow-up"))
    assert list(response.context["overdue"]) == [shared]  # A2 is still open
    assert "Hoàn thành quá hạn" in response.content.decode()
    report(shared, units[1], district_a_staff, on=datetime.date(2024, 10, 4))
    response = client_for(district_a_staff).get(reverse("conferences:directive-follow-up"))
    completion = response.context["completion"]
    assert (completion["done_late"], completion["overdue"], response.context["rate"]) == (1, 0, 100)
    assert list(response.context["overdue"]) == []


def test_the_pdf_figures_show_a_late_completion(shared, units, hierarchy, district_a_staff):
    report(shared, units[0], district_a_staff, on=datetime.date(2024, 10, 3))
    report(shared, units[1], district_a_staff, on=datetime.date(2024, 10, 4))
    board = mass_mobilization_board_for(hierarchy.district_a, on=ON)
    data = figures.directive_follow_up(district_a_staff, board, parse_period("2024"), timezone.localdate())
    assert [row["status_wording"] for row in data["rows"]] == ["Hoàn thành quá hạn"]
    assert {"status": "Hoàn thành quá hạn", "count": 1} in data["by_status"] and data["rate"] == 100


def test_a_directive_without_deadline_is_not_on_time(make_conference, client_for, district_a_staff):
    conference = make_conference("district_a", board=True, directives=[{"text": "Chưa giao thời hạn."}])
    finalize_conference(conference, acting_user=district_a_staff)
    response = client_for(district_a_staff).get(reverse("conferences:directive-follow-up"))
    assert list(response.context["open"]) == [] and response.context["completion"]["on_time"] == 0
    assert [d.text for d in response.context["without_deadline"]] == ["Chưa giao thời hạn."]
    assert response.context["completion"]["without_deadline"] == 1


def test_the_follow_up_page_the_dashboard_and_the_pdf_count_alike(
    make_conference, units, hierarchy, client_for, district_a_staff
):
    a1, a2 = units
    conference = make_conference(
        "district_a",
        board=True,
        directives=[
            {"text": "Quá hạn.", "deadline": PAST_DEADLINE, "responsible_organizations": [a1]},
            {"text": "Đang làm, trong hạn.", "deadline": FUTURE_DEADLINE, "responsible_organizations": [a1, a2]},
            {"text": "Chưa có hạn.", "responsible_organizations": [a2]},
            {"text": "Xong đúng hạn.", "deadline": PAST_DEADLINE, "responsible_organizations": [a1]},
            {"text": "Xong quá hạn.", "deadline": PAST_DEADLINE, "responsible_organizations": [a1, a2]},
        ],
    )
    finalize_conference(conference, acting_user=district_a_staff)
    _overdue, in_progress, _no_deadline, on_time, late = conference.directives.order_by("order")
    report(in_progress, a2, district_a_staff, status="in_progress")
    report(on_time, a1, district_a_staff, on=datetime.date(2024, 9, 30))
    report(late, a1, district_a_staff, on=datetime.date(2024, 9, 1))
    report(late, a2, district_a_staff, on=datetime.date(2024, 10, 2))

    client = client_for(district_a_staff)
    page = client.get(reverse("conferences:directive-follow-up")).context
    numbers = client.get(reverse("reports:dashboard"), {"period": "2024"}).context["numbers"]
    board = mass_mobilization_board_for(hierarchy.district_a, on=ON)
    pdf = figures.directive_follow_up(district_a_staff, board, parse_period("2024"), timezone.localdate())

    expected = {"Quá hạn": 1, "Đang thực hiện": 1, "Chưa thực hiện": 1, "Hoàn thành quá hạn": 1, "Đã hoàn thành": 1}
    assert {row["status"]: row["count"] for row in pdf["by_status"]} == expected
    assert [count for _label, count in numbers["by_status"]] == list(expected.values())
    completion = page["completion"]
    assert [completion[status] for status in ("overdue", "in_progress", "not_started", "done_late", "done")] == [
        1,
        1,
        1,
        1,
        1,
    ]
    assert (completion["on_time"], completion["without_deadline"]) == (1, 1)
    assert page["rate"] == numbers["directive_rate"] == pdf["rate"] == 40


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_every_responsible_unit_and_the_status_it_had(units, district_a_staff):
    """Rows written before units had their own share keep their units; each share starts from the old status."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("conferences", "0005_register_keepers")], [("conferences", "0006_directive_assignments")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        organizer = mass_mobilization_board_for(units[0].unit.parent, on=ON)
        conference = old.get_model("conferences", "Conference").objects.create(
            organizer_id=organizer.pk, kind="so_ket", title="Hội nghị", held_on=ON
        )
        directives = old.get_model("conferences", "Directive").objects
        done = directives.create(conference=conference, text="Xong.", status="done")
        done.responsible_organizations.set([units[0].pk, units[1].pk])
        old.get_model("conferences", "DirectiveUpdate").objects.create(
            directive=done, organization_id=units[1].pk, reported_on=datetime.date(2024, 9, 2), text="x", status="done"
        )
        untouched = directives.create(conference=conference, text="Chưa làm.")
        untouched.responsible_organizations.set([units[0].pk])

        executor = MigrationExecutor(connection)
        executor.migrate(after)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    done = Directive.objects.get(pk=done.pk)
    assert done.completed_on == datetime.date(2024, 9, 2)
    shares = {a.organization_id: a for a in done.assignments.all()}
    assert set(shares) == {units[0].pk, units[1].pk}
    assert {a.status for a in shares.values()} == {DirectiveStatus.DONE}
    assert shares[units[1].pk].latest_update.text == "x" and shares[units[0].pk].latest_update is None
    assert [(a.organization_id, a.status) for a in Directive.objects.get(pk=untouched.pk).assignments.all()] == [
        (units[0].pk, DirectiveStatus.NOT_STARTED)
    ]
