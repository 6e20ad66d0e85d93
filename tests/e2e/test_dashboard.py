"""A district staff member opens the reports dashboard: charts drawn on the server, numbers beside them."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mật-khẩu-đủ-mạnh-2024"


@pytest.fixture
def district_staff(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    call_command("load_units", province=["08", "42", "91"], verbosity=0)
    call_command("load_demo", verbosity=0)
    user = get_user_model().objects.get(username="huyen.huongson")
    user.set_password(PASSWORD)
    user.save()
    return user


def test_the_dashboard_shows_the_district_at_a_glance(district_staff, live_server, page, screenshot):
    scripts = []
    page.on("request", lambda request: scripts.append(request.url) if request.resource_type == "script" else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("huyen.huongson")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    page.locator('nav a.nav-link[href="/reports/"]').click()
    expect(page.locator("#dashboard-heading")).to_contain_text("Ban Dân vận Huyện ủy Hương Sơn")
    for chart in ("by-field", "by-level", "by-year", "by-unit", "by-status"):
        expect(page.locator(f"svg#{chart}")).to_be_visible()
    # The numbers behind a chart, for screen readers and for anyone who opens them.
    page.locator("#by-unit-heading ~ details summary").click()
    expect(page.locator("#by-unit-numbers")).to_contain_text("Xã Sơn Lâm")
    expect(page.locator("#by-unit-numbers")).to_contain_text("29")
    screenshot("30-dashboard")
    # Only the portal's own bundled scripts (no CDN): the charts need none.
    assert {url.rsplit("/", 1)[-1] for url in scripts} == {"bootstrap.bundle.min.js", "confirm.js"}
    assert all(url.startswith(f"{live_server.url}/static/js/") for url in scripts)
