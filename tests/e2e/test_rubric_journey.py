"""The province defines a rubric in the browser, two district reviewers score a model, the district recognizes it."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from danvan.models import Role
from danvan.organizations import organization_from_spec
from models_registry.models import EmulationModel, Field, Recognition, Rubric
from models_registry.services import perform, register_model
from tests.e2e.conftest import SCREENSHOTS
from tests.factories import MembershipFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]
PASSWORD = "Mật-khẩu-đủ-mạnh-2024"
MODEL_NAME = "Dân vận khéo trong giữ gìn an ninh trật tự khu chợ biên giới"
PROVINCE_BOARD = {"era": "from2025", "code": "91", "body": "board", "on": "2025-07-01"}
DISTRICT_BOARD = {"era": "pre2025", "code": "914", "body": "board", "on": "2022-01-11"}
ROWS = [
    ("Tính hiệu quả", "Giữ vững an ninh trật tự khu chợ", "40", "Số vụ việc giảm so với năm trước."),
    ("Tính hiệu quả", "Tiểu thương, nhân dân tham gia", "30", "Trên 70% hộ kinh doanh: 30."),
    ("Khả năng nhân rộng", "Nhân rộng ra chợ, ấp khác", "30", ""),
]


@pytest.fixture
def portal():
    """An Giang of the demo, a second reviewer of huyện Giang Thành, and a model of xã Phú Lợi under district review."""
    call_command("load_units", province=["08", "42", "91"], verbosity=0)
    call_command("load_demo", verbosity=0)
    users = get_user_model().objects
    second = users.create_user("huyen.giangthanh.2", first_name="Thị Hoa", last_name="Lê")
    MembershipFactory(user=second, organization=organization_from_spec(DISTRICT_BOARD), role=Role.DISTRICT_STAFF)
    for username in ("tinh.angiang", "huyen.giangthanh", "huyen.giangthanh.2"):
        user = users.get(username=username)
        user.set_password(PASSWORD)
        user.save()
    commune = users.get(username="xa.phuloi")
    model = register_model(
        organization=_phu_loi(),
        fields={
            "name": MODEL_NAME,
            "subject_kind": "collective",
            "field": Field.objects.get(code="quoc-phong-an-ninh"),
            "registration_year": 2024,
        },
        acting_user=commune,
        submit=True,
    )
    perform(model, "start_review", actor=users.get(username="huyen.giangthanh"), level="district")
    return model


def _phu_loi():
    """The committee xa.phuloi writes for (the commune of the seed article)."""
    user = get_user_model().objects.get(username="xa.phuloi")
    return user.memberships.select_related("organization").get().organization


def log_in(browser, live_server, username):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Xin chào", exact=False)).to_be_visible()
    return page


def open_queue(page):
    page.get_by_role("link", name="“Dân vận khéo”", exact=True).click()
    page.get_by_role("link", name="Việc chờ tôi").click()


def score(page, points: list[str]):
    open_queue(page)
    page.get_by_role("link", name=MODEL_NAME).click()
    page.get_by_role("link", name="Chấm điểm mô hình").click()
    expect(page.get_by_role("heading", name="Phiếu chấm điểm", exact=False)).to_be_visible()
    for (_group, criterion, _maximum, _guidance), value in zip(ROWS, points, strict=True):
        page.get_by_label(criterion).fill(value)


def test_a_rubric_is_defined_scored_twice_and_its_average_recorded(portal, browser, live_server):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    province = log_in(browser, live_server, "tinh.angiang")
    province.get_by_role("link", name="“Dân vận khéo”").click()
    province.get_by_role("link", name="Tiêu chí chấm điểm").click()
    province.get_by_role("link", name="Thêm bộ tiêu chí").click()
    province.locator("#id_organization").select_option(str(organization_from_spec(PROVINCE_BOARD).pk))
    province.locator("#id_name").fill("Tiêu chí chấm điểm mô hình “Dân vận khéo” cấp huyện")
    province.locator("#id_level").select_option("district")
    province.locator("#id_valid_from_year").fill("2021")
    province.locator("#id_valid_to_year").fill("2025")
    province.locator("#id_pass_mark").fill("60")
    for index, (group, name, maximum, guidance) in enumerate(ROWS):
        province.locator(f"#id_criteria-{index}-group").fill(group)
        province.locator(f"#id_criteria-{index}-name").fill(name)
        province.locator(f"#id_criteria-{index}-max_score").fill(maximum)
        province.locator(f"#id_criteria-{index}-guidance").fill(guidance)
    province.get_by_role("button", name="Lưu bộ tiêu chí").click()
    expect(province.get_by_text("Đã lưu bộ tiêu chí.")).to_be_visible()
    expect(province.get_by_text("60 trên tổng 100 điểm")).to_be_visible()
    province.screenshot(path=str(SCREENSHOTS / "29-rubric-defined.png"), full_page=True)

    first = log_in(browser, live_server, "huyen.giangthanh")
    score(first, ["35", "25", "20"])
    first.get_by_label("Nhận xét").fill("Mô hình hiệu quả, cần tổng kết để nhân rộng.")
    first.screenshot(path=str(SCREENSHOTS / "30-rubric-score-sheet.png"), full_page=True)
    first.get_by_role("button", name="Lưu phiếu chấm").click()
    expect(first.get_by_text("Đã lưu phiếu chấm của bạn: 80")).to_be_visible()

    second = log_in(browser, live_server, "huyen.giangthanh.2")
    score(second, ["30", "27.5", "20"])
    second.get_by_role("button", name="Lưu phiếu chấm").click()
    expect(second.get_by_text("Điểm trung bình 78,75", exact=False).first).to_be_visible()

    open_queue(first)
    expect(first.get_by_text("Điểm trung bình 78,75")).to_be_visible()
    expect(first.get_by_text("Thị Hoa Lê: 77,5", exact=False)).to_be_visible()
    first.get_by_role("link", name=MODEL_NAME).click()
    first.locator("#decision-number").fill("Quyết định số 416 – QĐ/HU")
    first.locator("#decision-date").fill("25/11/2024")
    first.locator("#deciding-body").select_option(label="Huyện ủy Giang Thành")
    first.get_by_role("button", name="Công nhận cấp huyện").click()
    first.get_by_role("dialog").get_by_role("button", name="Công nhận cấp huyện").click()
    expect(first.get_by_text("đã công nhận cấp huyện")).to_be_visible()
    expect(first.locator(".dv-recognition-score")).to_have_text("điểm trung bình 78,75")
    first.locator("#scores details").first.locator("summary").click()
    first.screenshot(path=str(SCREENSHOTS / "31-rubric-recognized-with-average.png"), full_page=True)

    recognition = Recognition.objects.get(emulation_model__name=MODEL_NAME, level="district")
    assert str(recognition.average_score) == "78.75"
    assert EmulationModel.objects.get(name=MODEL_NAME).score_sheets.filter(is_complete=True).count() == 2
    # The demo's two rubrics are there beside it, and say they are demo data.
    demo = Rubric.objects.filter(note__startswith="Dữ liệu minh họa")
    assert sorted(demo.values_list("organization__unit__code", "level")) == [("08", "district"), ("42", "commune")]
