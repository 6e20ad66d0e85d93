"""The bell in Chromium: a commune official sees the count, opens the list, marks read one, opens one, then all."""

import pytest
from playwright.sync_api import expect

from danvan.organizations import committee_for
from models_registry.models import Field
from models_registry.services import register_model

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "mật-khẩu-thử-nghiệm-2024"  # tests.factories.UserFactory's
NAMES = ["Tổ tự quản đường hoa", "Sân chơi thiếu nhi xóm Trại", "Bữa cơm nghĩa tình"]


@pytest.fixture
def three_models_to_review(hierarchy, commune_a1_official, commune_a1_registrar, commune_b1_registrar):
    """The registrar of commune A1 submits three models: each enters the official's queue; B1 submits one too."""
    field = Field.objects.get_or_create(code="kinh-te", defaults={"name": "Kinh tế"})[0]
    for registrar, place, names in [
        (commune_a1_registrar, hierarchy.commune_a1, NAMES),
        (commune_b1_registrar, hierarchy.commune_b1, ["Mô hình của Nam Hồng"]),
    ]:
        for name in names:
            register_model(
                organization=committee_for(place),
                fields={"name": name, "subject_kind": "collective", "field": field, "registration_year": 2024},
                acting_user=registrar,
                submit=True,
            )


def test_the_bell_counts_lists_and_marks_read(three_models_to_review, live_server, page, screenshot):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("commune_a1_official")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Xin chào", exact=False)).to_be_visible()
    bell = page.get_by_role("link", name="Thông báo: 3 chưa đọc")
    expect(bell).to_be_visible()
    expect(page.locator("#dv-bell-count")).to_have_text("3")
    screenshot("60-notifications-bell")

    bell.click()
    expect(page.get_by_role("heading", name="Thông báo")).to_be_visible()
    items = page.locator("#notifications > li")
    expect(items).to_have_count(3)
    expect(page.locator("#notifications")).not_to_contain_text("Nam Hồng")
    expect(items.filter(has_text="mới")).to_have_count(3)
    screenshot("61-notifications-list")

    items.filter(has_text=NAMES[0]).get_by_role("button", name="Đánh dấu đã đọc").click()
    expect(page.locator("#dv-bell-count")).to_have_text("2")
    expect(items.filter(has_text=NAMES[0]).get_by_text("mới", exact=True)).to_have_count(0)

    items.filter(has_text=NAMES[1]).get_by_role("button", name="Mở").click()
    expect(page.get_by_role("heading", name=NAMES[1])).to_be_visible()
    expect(page.locator("#dv-bell-count")).to_have_text("1")

    page.get_by_role("link", name="Thông báo: 1 chưa đọc").click()
    page.get_by_role("button", name="Đánh dấu tất cả là đã đọc").click()
    expect(page.get_by_text("Đã đánh dấu tất cả thông báo là đã đọc.")).to_be_visible()
    expect(page.locator("#dv-bell-count")).to_have_count(0)
    expect(page.get_by_role("link", name="Thông báo", exact=True)).to_be_visible()
    screenshot("62-notifications-all-read")

    page.get_by_role("link", name="Thư hằng ngày").click()
    page.get_by_label("Nội dung chỉ đạo giao đơn vị tôi đến hạn trong 7 ngày").uncheck()
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu lựa chọn của bạn.")).to_be_visible()
    expect(page.get_by_label("Nội dung chỉ đạo giao đơn vị tôi đến hạn trong 7 ngày")).not_to_be_checked()
    expect(page.get_by_label("Báo cáo tôi yêu cầu đã in xong")).to_be_checked()
    screenshot("63-notifications-daily-email")
