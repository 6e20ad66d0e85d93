"""The busiest pages on a phone (390 px) and on an office screen (1366 px): nothing scrolls sideways."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from conferences.models import Conference

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mật-khẩu-đủ-mạnh-2024"
USERNAME = "huyen.huongson"  # district staff: sees models, conferences and directives of the demo
PHONE, OFFICE = {"width": 390, "height": 844}, {"width": 1366, "height": 768}
# The size a chart's label is drawn at, in CSS pixels: its font size times the scale of its <svg>.
CHART_LABEL_PX = """() => {
  const label = document.querySelector("svg.dv-chart text");
  return parseFloat(getComputedStyle(label).fontSize)
    * label.getBoundingClientRect().height / label.getBBox().height;
}"""


@pytest.fixture
def district_staff():
    call_command("load_units", province=["08", "42", "91"], verbosity=0)
    call_command("load_demo", verbosity=0)
    user = get_user_model().objects.get(username=USERNAME)
    user.set_password(PASSWORD)
    user.save()
    return user


def busiest_pages(user) -> dict[str, str]:
    conference = Conference.objects.visible_to(user).order_by("pk").first()
    return {
        "home": reverse("home"),
        "registry-list": reverse("registry:list"),
        "review-queue": reverse("registry:queue"),
        "conference-list": reverse("conferences:list"),
        "conference-detail": reverse("conferences:detail", args=[conference.pk]),
        "directive-follow-up": reverse("conferences:directive-follow-up"),
        "dashboard": reverse("reports:dashboard"),
    }


def log_in(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(USERNAME)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Xin chào", exact=False)).to_be_visible()


def assert_no_sideways_scroll(page, name):
    scroll_width, window_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= window_width, f"{name} is {scroll_width} px wide in a {window_width} px window"


@pytest.mark.parametrize("viewport", [PHONE, OFFICE], ids=["390", "1366"])
def test_the_busiest_pages_fit_the_screen(district_staff, live_server, page, screenshot, viewport):
    page.set_viewport_size(viewport)
    log_in(page, live_server)
    for name, path in busiest_pages(district_staff).items():
        page.goto(f"{live_server.url}{path}")
        assert_no_sideways_scroll(page, name)
        screenshot(f"layout-{viewport['width']}-{name}")
        if name == "dashboard":
            assert page.evaluate(CHART_LABEL_PX) >= 11
    # One demo load per screen size (it takes half a minute), so the checks below share it.
    for path in (reverse("registry:list"), reverse("conferences:list")):
        assert_filters_fold_on_phones_only(page, f"{live_server.url}{path}", phone=viewport == PHONE)
    assert_empty_charts_say_so(page, f"{live_server.url}{reverse('reports:dashboard')}")


def assert_filters_fold_on_phones_only(page, url, *, phone):
    page.goto(f"{url}?q=thôn")
    search, button = page.locator("#id_q"), page.get_by_role("button", name="Bộ lọc")
    if not phone:
        expect(search).to_be_visible()
        expect(button).to_be_hidden()
        return
    expect(search).to_be_hidden()
    # The folded form still says that the list is filtered, and by how many filters.
    expect(page.get_by_role("button", name="Bộ lọc 1 đang dùng")).to_be_visible()
    button.click()
    expect(search).to_be_visible()
    expect(search).to_have_value("thôn")


def assert_empty_charts_say_so(page, url):
    page.goto(f"{url}?period=2001")
    expect(page.get_by_text("Chưa có số liệu cho tổ chức và kỳ đã chọn: mọi con số đều bằng 0.")).to_have_count(5)
    expect(page.locator("svg.dv-chart")).to_have_count(0)
