"""District staff paste an article in the browser, correct a mistake in the draft and save it."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from conferences.models import Conference
from tests.extraction.helpers import seed_text

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


def test_the_evidence_stays_beside_the_draft_after_a_form_error(district_staff, live_server, page, screenshot):
    before = Conference.objects.count()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("huyen.lambinh")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}/conferences/new/from-article/")
    page.locator("#id_text").fill(seed_text("002_4c2fde9bc5a36a63"))
    page.get_by_role("button", name="Đọc bản tin").click()

    evidence = page.locator("#article-evidence")
    expect(evidence).to_be_visible()
    expect(evidence.locator("mark", has_text="Đặng Văn Sình").first).to_be_visible()
    expect(page.locator("#id_period")).to_have_value("02 năm thực hiện Đề án 03")
    screenshot("extraction-10-draft-with-evidence")

    page.locator("#id_held_on").fill("")
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.locator("#id_held_on + .invalid-feedback, .invalid-feedback").first).to_be_visible()
    expect(page.locator("#article-evidence")).to_be_visible()
    expect(page.locator("#article-evidence mark", has_text="27/ 11").first).to_be_visible()
    screenshot("extraction-11-error-keeps-evidence")
    assert Conference.objects.count() == before

    page.locator("#id_held_on").fill("27/11/2023")
    if not page.locator("#id_organizer").input_value():
        page.locator("#id_organizer").select_option(index=1)
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.get_by_text("02 năm thực hiện Đề án 03").first).to_be_visible()
    screenshot("extraction-12-saved")
    assert Conference.objects.count() == before + 1
