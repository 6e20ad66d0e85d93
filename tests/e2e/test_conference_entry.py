"""District staff enter a conference in the browser, with rows added on the page, and make it final."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from conferences.models import Conference

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "Mật-khẩu-đủ-mạnh-2024"


@pytest.fixture
def district_staff():
    call_command("load_units", province=["08", "42", "91"], verbosity=0)
    call_command("load_demo", verbosity=0)
    user = get_user_model().objects.get(username="huyen.lambinh")
    user.set_password(PASSWORD)
    user.save()
    return user


def test_district_staff_enter_a_new_conference(district_staff, live_server, page, screenshot):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("huyen.lambinh")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    page.get_by_role("link", name="Hội nghị", exact=True).click()
    expect(
        page.get_by_role("link", name="Hội nghị sơ kết 02 năm thực hiện Đề án số 03-ĐA/TU", exact=False)
    ).to_be_visible()
    screenshot("10-conference-list")
    page.get_by_role("link", name="Thêm hội nghị").click()

    page.locator("#id_organizer").select_option(label="Đảng ủy thị trấn Lăng Can")
    page.locator("#id_kind").select_option("so_ket")
    page.locator("#id_title").fill("Hội nghị sơ kết công tác dân vận 6 tháng đầu năm 2024")
    page.locator("#id_held_on").fill("15/07/2024")
    page.locator("#id_period").fill("6 tháng đầu năm 2024")

    page.locator("#id_attendees-0-full_name").fill("Nguyễn Văn An")
    page.locator("#id_attendees-0-position").fill("Bí thư Đảng ủy thị trấn")
    page.locator("#id_attendees-0-role").select_option("chu_tri")
    page.locator('[data-formset-add="attendees"]').click()
    page.locator("#id_attendees-1-full_name").fill("Đặng Văn Sình")
    page.locator("#id_attendees-1-position").fill("Phó Bí thư Thường trực Huyện ủy")
    page.locator("#id_attendees-1-role").select_option("du_chi_dao")
    page.locator("#id_documents-0-code").fill("số 03 – ĐA/TU")
    page.locator("#id_documents-0-issued_on").fill("12/06/2021")
    page.locator("#id_documents-0-relation").select_option("reviewed")
    page.locator("#id_figures-0-indicator").fill("mô hình dân vận khéo đăng ký")
    page.locator("#id_figures-0-value").fill("12")
    page.locator("#id_directives-0-text").fill("Rà soát, đánh giá các mô hình dân vận khéo trước ngày 30/9.")
    page.locator("#id_directives-0-deadline").fill("30/09/2024")
    screenshot("11-conference-form")
    page.get_by_role("button", name="Lưu bản nháp").click()

    expect(page.get_by_text("Đã lưu hội nghị (bản nháp).")).to_be_visible()
    expect(page.get_by_role("cell", name="Đặng Văn Sình")).to_be_visible()
    expect(page.get_by_text("03-ĐA/TU")).to_be_visible()
    page.get_by_role("link", name="Chốt biên bản").click()
    page.get_by_label("Tôi đã kiểm tra", exact=False).check()
    page.get_by_role("button", name="Chốt biên bản").click()
    page.get_by_role("dialog").get_by_role("button", name="Chốt biên bản").click()
    expect(page.get_by_text("Biên bản đã chốt và không thể sửa nữa.")).to_be_visible()
    screenshot("12-conference-detail")

    conference = Conference.objects.get(title__startswith="Hội nghị sơ kết công tác dân vận 6 tháng")
    assert conference.status == "final" and conference.attendees.count() == 2
    assert conference.created_by == district_staff
