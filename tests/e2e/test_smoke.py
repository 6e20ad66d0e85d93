"""A district staff member logs in, sees their home and browses the hierarchy."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mật-khẩu-đủ-mạnh-2024"


@pytest.fixture
def demo_portal():
    call_command("load_units", province=["08", "42", "91"], verbosity=0)
    call_command("load_demo", verbosity=0)
    for username in ("huyen.lambinh", "xa.phuloi"):
        user = get_user_model().objects.get(username=username)
        user.set_password(PASSWORD)
        user.save()


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_district_staff_logs_in_and_browses_the_hierarchy(demo_portal, live_server, page, screenshot):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    screenshot("01-login")

    log_in(page, live_server, "huyen.lambinh")
    expect(page.get_by_role("heading", name="Xin chào, Chuyên viên Ban Dân vận Huyện ủy Lâm Bình")).to_be_visible()
    expect(page.locator("#my-roles").locator("..")).to_contain_text("Cán bộ Ban Dân vận cấp huyện")
    screenshot("02-home-district-staff")

    page.get_by_role("link", name="Xem Huyện Lâm Bình").click()
    expect(page.get_by_role("heading", name="Huyện Lâm Bình")).to_be_visible()
    expect(page.get_by_role("navigation", name="Đường dẫn")).to_contain_text("Tỉnh Tuyên Quang")
    expect(page.get_by_role("link", name="Ban Dân vận Huyện ủy Lâm Bình")).to_be_visible()
    page.get_by_role("link", name="Thị trấn Lăng Can").click()
    expect(page.get_by_text("Từ 1/7/2025 trở thành")).to_be_visible()
    expect(page.get_by_role("link", name="Xã Lâm Bình")).to_be_visible()
    screenshot("03-unit-lang-can")

    page.get_by_role("link", name="Bản đồ hành chính", exact=True).first.click()
    page.get_by_label("Tìm đơn vị").fill("lang can")
    page.get_by_role("button", name="Tìm kiếm").click()
    expect(page.get_by_role("link", name="Thị trấn Lăng Can")).to_be_visible()
    expect(page.get_by_role("link", name="Xã Lâm Bình")).to_have_count(0)
    screenshot("04-unit-search")


def test_a_commune_official_cannot_open_another_districts_organization(demo_portal, live_server, page, screenshot):
    from danvan.models import Organization

    board = Organization.objects.get(name="Ban Dân vận Huyện ủy Lâm Bình")
    log_in(page, live_server, "xa.phuloi")
    expect(page.get_by_role("heading", name="Xin chào, Cán bộ Đảng ủy xã Phú Lợi")).to_be_visible()
    response = page.goto(f"{live_server.url}/organizations/{board.pk}/")
    assert response.status == 404
