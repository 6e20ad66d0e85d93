"""Every page, PDF and export counts the same rows the same way (#13, item 9).

For every demo persona's own organization, and for the four shapes the reform
makes hard (a new-era province, a new-era commune that received part of a split
commune, a district and a commune), the dashboard, the statistics page, the
directive follow-up page, the PDF snapshots and the CSV export give one total.
"""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from danvan.models import AdministrativeUnitSuccession, Era, Organization
from danvan.organizations import committee_for
from danvan.scoping import current_memberships
from models_registry.models import Field, Status
from models_registry.services import register_model
from reports.periods import parse_period
from reports.services import ReportRequest, build_snapshot

pytestmark = pytest.mark.django_db

ALL_YEARS = "2015-2026"
NOT_COUNTED = {Status.DRAFT, Status.STOPPED}


@pytest.fixture
def demo(client):
    call_command("load_units", province=["08", "42", "91"], verbosity=0)
    call_command("load_demo", verbosity=0)


def totals(client, user, organization) -> dict:
    client.force_login(user)
    every = {"organization": organization.pk}
    dashboard = client.get(reverse("reports:dashboard"), every).context["numbers"]
    over_period = client.get(reverse("reports:dashboard"), {**every, "period": ALL_YEARS}).context["numbers"]
    statistics = client.get(reverse("registry:statistics"), every).context["grand_total"]
    follow_up = client.get(reverse("conferences:directive-follow-up"), every).context["completion"]
    exported = sum(
        _csv_rows(client.get(reverse("registry:export"), {**every, "status": status, "format": "csv"}))
        for status in Status.values
        if status not in NOT_COUNTED
    )
    period = parse_period(ALL_YEARS)
    today = timezone.localdate()

    def snapshot(kind):
        return build_snapshot(ReportRequest(kind=kind, organization=organization, user=user, period=period), today)[
            "data"
        ]

    summary, directives, conferences = (
        snapshot("movement-summary"),
        snapshot("directive-follow-up"),
        snapshot("conferences"),
    )
    return {
        "models": {
            "dashboard": dashboard["models"],
            "dashboard over the period": over_period["models"],
            "statistics": statistics,
            "csv export": exported,
            "summary PDF": summary["registered"],
        },
        "directives": {
            "dashboard": dashboard["directives"],
            "follow-up page": follow_up["total"],
            "follow-up PDF": directives["total"],
        },
        "conferences": {
            "dashboard": over_period["conferences"],
            "conference list PDF": len(conferences["rows"]),
        },
    }


def _csv_rows(response) -> int:
    assert response.status_code == 200
    return len(list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))) - 1


def assert_one_total(figures: dict, who: str) -> None:
    for subject, by_page in figures.items():
        assert len(set(by_page.values())) == 1, f"{who}: {subject} differ: {by_page}"


def test_every_demo_persona_reads_one_total_everywhere(demo, client):
    checked = 0
    for user in get_user_model().objects.filter(memberships__isnull=False).distinct().order_by("username"):
        for membership in current_memberships(user):
            assert_one_total(totals(client, user, membership.organization), f"{user.username} on {membership}")
            checked += 1
    assert checked >= 15


def test_the_reform_shapes_read_one_total_everywhere(demo, client):
    admin = get_user_model().objects.get(username="admin")
    new_province = Organization.objects.get(name="Tỉnh ủy Tuyên Quang", unit__era=Era.FROM_2025)
    splits = AdministrativeUnitSuccession.objects.filter(kind="merged_part", successor__path__startswith="from2025/08/")
    link = splits.filter(is_default=False).select_related("successor", "predecessor").first()
    part_taker = committee_for(link.successor)
    default_taker = committee_for(splits.get(predecessor=link.predecessor, is_default=True).successor)
    district = Organization.objects.get(name="Huyện ủy Lâm Bình")
    commune = Organization.objects.get(name="Đảng ủy xã Sơn Lâm")
    before = {org: totals(client, admin, org)["models"]["dashboard"] for org in (part_taker, default_taker)}

    # A record of the commune that was split: it is counted under its default successor only.
    register_model(
        organization=committee_for(link.predecessor),
        fields={
            "name": "Mô hình của xã đã chia tách",
            "subject_kind": "collective",
            "field": Field.objects.first(),
            "registration_year": 2024,
        },
        acting_user=admin,
        submit=True,
    )
    for organization in (new_province, part_taker, default_taker, district, commune):
        assert_one_total(totals(client, admin, organization), str(organization))
    after = {org: totals(client, admin, org)["models"]["dashboard"] for org in (part_taker, default_taker)}
    assert after == {part_taker: before[part_taker], default_taker: before[default_taker] + 1}
