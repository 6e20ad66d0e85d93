"""A commune registers a model in the browser, the district recognizes it, then the province."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from models_registry.models import EmulationModel

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]
PASSWORD = "Mật-khẩu-đủ-mạnh-2024"
USERS = ("xa.phuloi", "huyen.giangthanh", "tinh.angiang")


@pytest.fixture
def portal():
    call_command("load_units", province=["08", "42", "91"], verbosity=0)
    call_command("load_demo", verbosity=0)
    for username in USERS:
        user = get_user_model().objects.get(username=username)
        user.set_password(PASSWORD)
        user.save()


def log_in(browser, live_server, username):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Xin chào", exact=False)).to_be_visible()
    return page


def shot(page, screenshot_dir, name):
    screenshot_dir.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(screenshot_dir / f"{name}.png"), full_page=True)


def test_a_model_climbs_from_commune_to_province_in_the_browser(portal, browser, live_server):
    from tests.e2e.conftest import SCREENSHOTS

    commune = log_in(browser, live_server, "xa.phuloi")
    commune.get_by_role("link", name="“Dân vận khéo”").click()
    commune.get_by_role("link", name="Đăng ký mô hình").click()
    commune.locator("#id_registering_organization").select_option(label="Đảng ủy xã Phú Lợi")
    commune.locator("#id_name").fill("Tuyến đường hoa ấp biên giới")
    commune.locator("#id_subject_kind").select_option("collective")
    commune.locator("#id_field").select_option(label="Văn hóa – xã hội")
    commune.locator("#id_registering_unit_name").fill("Chi hội Phụ nữ ấp biên giới")
    commune.locator("#id_phase").fill("2021 – 2025")
    commune.locator("#id_registration_year").fill("2024")
    commune.locator("#id_situation").fill("Đường ấp chưa có cây xanh, nhân dân mong muốn chỉnh trang.")
    shot(commune, SCREENSHOTS, "20-registry-form")
    commune.get_by_role("button", name="Lưu và đăng ký").click()
    expect(commune.get_by_text("Đã lưu mô hình.")).to_be_visible()
    expect(commune.get_by_text("Đã đăng ký", exact=True)).to_be_visible()

    district = log_in(browser, live_server, "huyen.giangthanh")
    district.get_by_role("link", name="“Dân vận khéo”").click()
    district.get_by_role("link", name="Việc chờ tôi").click()
    district.get_by_role("link", name="Tuyến đường hoa ấp biên giới").click()
    district.locator("#level-start_review").select_option("district")
    district.get_by_role("button", name="Nhận thẩm định").click()
    expect(district.get_by_text("Đang thẩm định · cấp huyện")).to_be_visible()
    district.locator("#decision-number").fill("Quyết định số 415 – QĐ/HU")
    district.locator("#decision-date").fill("20/11/2024")
    district.locator("#deciding-body").select_option(label="Huyện ủy Giang Thành")
    district.get_by_role("button", name="Công nhận cấp huyện").click()
    district.get_by_role("dialog").get_by_role("button", name="Công nhận cấp huyện").click()
    expect(district.get_by_text("đã công nhận cấp huyện")).to_be_visible()
    district.get_by_role("button", name="Đề nghị cấp trên công nhận").click()
    shot(district, SCREENSHOTS, "21-registry-district-recognized")

    province = log_in(browser, live_server, "tinh.angiang")
    province.get_by_role("link", name="“Dân vận khéo”").click()
    province.get_by_role("link", name="Việc chờ tôi").click()
    province.get_by_role("link", name="Tuyến đường hoa ấp biên giới").click()
    province.locator("#decision-number").fill("1620-QĐ/TU")
    province.locator("#decision-date").fill("15/12/2024")
    province.locator("#deciding-body").select_option(label="Tỉnh ủy Kiên Giang")
    province.get_by_role("button", name="Công nhận cấp tỉnh").click()
    province.get_by_role("dialog").get_by_role("button", name="Công nhận cấp tỉnh").click()
    expect(province.get_by_text("đã công nhận cấp tỉnh")).to_be_visible()
    shot(province, SCREENSHOTS, "22-registry-province-recognized")

    model = EmulationModel.objects.get(name="Tuyến đường hoa ấp biên giới")
    assert model.level_reached == "province"
    assert [r.decision.code for r in model.recognitions.all()] == ["415-QĐ/HU", "1620-QĐ/TU"]


def test_an_impossible_recognition_is_refused_beside_its_fields_and_keeps_the_input(portal, browser, live_server):
    from tests.e2e.conftest import SCREENSHOTS

    commune = log_in(browser, live_server, "xa.phuloi")
    commune.goto(f"{live_server.url}/registry/new/")
    commune.locator("#id_registering_organization").select_option(label="Đảng ủy xã Phú Lợi")
    commune.locator("#id_name").fill("Mô hình ghi sai quyết định")
    commune.locator("#id_subject_kind").select_option("collective")
    commune.locator("#id_field").select_option(label="Kinh tế")
    commune.locator("#id_registration_year").fill("2024")
    commune.get_by_role("button", name="Lưu và đăng ký").click()
    expect(commune.get_by_text("Đã lưu mô hình.")).to_be_visible()
    model = EmulationModel.objects.get(name="Mô hình ghi sai quyết định")

    district = log_in(browser, live_server, "huyen.giangthanh")
    district.goto(f"{live_server.url}/registry/{model.pk}/")
    district.locator("#level-start_review").select_option("district")
    district.get_by_role("button", name="Nhận thẩm định").click()
    bodies = district.locator("#deciding-body option").all_inner_texts()
    assert "Đảng ủy xã Phú Lợi" not in bodies and "Huyện ủy Giang Thành" in bodies
    district.locator("#decision-number").fill("46-QĐ/ĐU")
    district.locator("#decision-date").fill("01/01/2030")
    district.locator("#deciding-body").select_option(label="Huyện ủy Giang Thành")
    district.get_by_role("button", name="Công nhận cấp huyện").click()
    district.get_by_role("dialog").get_by_role("button", name="Công nhận cấp huyện").click()

    expect(district.locator("#decision-date-error")).to_contain_text("ở tương lai")
    expect(district.locator("#decision-number-error")).to_contain_text("/HU")
    expect(district.locator("#decision-number")).to_have_value("46-QĐ/ĐU")
    expect(district.locator("#decision-date")).to_have_value("01/01/2030")
    shot(district, SCREENSHOTS, "23-registry-recognition-refused")
    model.refresh_from_db()
    assert model.status == "under_review" and not model.recognitions.exists()
