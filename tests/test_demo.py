"""The demo shows every role at work (#15): the leadership's own province has data, one report is big
enough for the background worker, the loader can run twice, and the README names every demo user."""

import json
import re
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from danvan.scoping import current_memberships, subtree_paths, subtree_q
from models_registry.models import EmulationModel, Recognition, Status
from reports.models import Report, ReportStatus

pytestmark = pytest.mark.django_db

README = settings.BASE_DIR / "README.md"
DEMO_FILE = settings.BASE_DIR / "fixtures" / "demo.json"
BIG_PERIOD = "2021-2025"  # the period the README tells the leadership user to print


@pytest.fixture
def demo():
    call_command("load_units", province=["08", "42", "91"], verbosity=0)
    call_command("load_demo", stdout=StringIO())


@pytest.fixture
def leadership(client):
    user = get_user_model().objects.get(username="lanhdao.tuyenquang")
    client.force_login(user)
    return user


def province_of(user):
    return current_memberships(user)[0].organization


def readme_demo_users() -> list[str]:
    """The usernames of the README's demo users table, in its order."""
    section = README.read_text(encoding="utf-8").split("## Demo users", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([^`]+)` \|", section, flags=re.MULTILINE)


def demo_counts() -> dict[str, int]:
    """Rows of every model the loader writes to, their change history included."""
    counts = {
        model._meta.label: model.objects.count()
        for label in ("danvan", "conferences", "models_registry")
        for model in apps.get_app_config(label).get_models()
    }
    return counts | {"users": get_user_model().objects.count()}


def test_load_demo_creates_every_readme_user_and_nothing_more_when_run_again(demo):
    counts = demo_counts()
    call_command("load_demo", stdout=StringIO())
    assert demo_counts() == counts
    assert counts["models_registry.EmulationModel"] > 300

    in_readme = readme_demo_users()
    in_fixture = [user["username"] for user in json.loads(DEMO_FILE.read_text(encoding="utf-8"))["users"]]
    assert sorted(in_readme) == sorted(in_fixture)
    assert set(get_user_model().objects.filter(username__in=in_readme).values_list("username", flat=True)) == set(
        in_readme
    )


def test_the_leadership_users_province_has_models_conferences_and_directives(demo, client, leadership):
    province = province_of(leadership)
    dashboard = client.get(reverse("reports:dashboard"), {"organization": province.pk}).context["numbers"]
    assert dashboard["models"] > 0 and dashboard["recognized"] > 0 and dashboard["conferences"] >= 3
    follow_up = client.get(reverse("conferences:directive-follow-up"), {"organization": province.pk})
    completion = follow_up.context["completion"]
    assert completion["overdue"] >= 1 and completion["completed"] >= 1

    # Models at every stage, recognized up to the province, each recognition by a body of its line.
    in_province = EmulationModel.objects.filter(subtree_q("registering_organization__path", subtree_paths(province)))
    assert {
        Status.DRAFT,
        Status.REGISTERED,
        Status.UNDER_REVIEW,
        Status.RETURNED,
        Status.RECOGNIZED,
        Status.NOT_RECOGNIZED,
    } <= set(in_province.values_list("status", flat=True))
    recognitions = Recognition.objects.filter(emulation_model__in=in_province).select_related(
        "deciding_organization", "decision"
    )
    assert {"commune", "district", "province"} <= {recognition.level for recognition in recognitions}
    assert all(r.decision.code.endswith(f"/{r.deciding_organization.issuer_code}") for r in recognitions)


def test_the_leadership_users_province_summary_is_printed_by_the_worker(demo, client, leadership, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MEDIA_ROOT = tmp_path
    province = province_of(leadership)
    form = {"kind": "movement-summary", "organization": province.pk, "period": BIG_PERIOD}

    response = client.post(reverse("reports:issue"), form)

    report = Report.objects.get()
    assert report.row_count > settings.REPORTS_SYNC_MAX_ROWS
    assert response.status_code == 302 and response["Location"] == reverse("reports:detail", args=[report.pk])
    assert report.status == ReportStatus.QUEUED and report.task_id
    page = client.get(reverse("reports:detail", args=[report.pk]))
    assert page["Refresh"] and "<progress" in page.content.decode()
