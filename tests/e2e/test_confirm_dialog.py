"""Decisions that cannot be undone ask first, in a dialog of the page: "Hủy" sends nothing, confirming sends."""

import pytest
from playwright.sync_api import expect

from conferences.services import create_conference
from danvan.organizations import committee_for, mass_mobilization_board_for
from models_registry.models import EmulationModel, Field, Status
from models_registry.services import perform, register_model
from tests.conftest import ON

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "mật-khẩu-thử-nghiệm-2024"  # the factories' password
QUESTION = "Quyết định này được ghi vào lịch sử của mô hình và không thể hoàn tác."


@pytest.fixture
def under_review(hierarchy, commune_a1_registrar, commune_a1_official):
    """A model of commune A1 under review at commune level, registered by someone else than its reviewer."""
    model = register_model(
        organization=committee_for(hierarchy.commune_a1),
        fields={
            "name": "Tổ tự quản đường biên, cột mốc",
            "subject_kind": "collective",
            "field": Field.objects.get_or_create(code="kinh-te", defaults={"name": "Kinh tế"})[0],
            "registration_year": 2024,
        },
        acting_user=commune_a1_registrar,
        submit=True,
    )
    perform(model, "start_review", actor=commune_a1_official, level="commune")
    return model


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Xin chào", exact=False)).to_be_visible()


def status_of(model) -> str:
    return EmulationModel.objects.get(pk=model.pk).status


def test_recognizing_asks_in_a_dialog_and_cancel_sends_nothing(under_review, live_server, page, screenshot):
    log_in(page, live_server, "commune_a1_official")
    page.goto(f"{live_server.url}/registry/{under_review.pk}/")
    page.locator("#decision-number").fill("18145-QĐ/ĐU")
    page.locator("#decision-date").fill("01/09/2024")
    recognize = page.get_by_role("button", name="Công nhận cấp xã")
    dialog = page.get_by_role("dialog")

    recognize.click()
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(QUESTION)
    expect(dialog.get_by_role("button", name="Hủy")).to_be_focused()  # Enter takes the safe answer
    screenshot("confirm-dialog")
    dialog.get_by_role("button", name="Hủy").click()
    expect(dialog).to_have_count(0)
    expect(recognize).to_be_focused()
    expect(page.locator("#decision-number")).to_have_value("18145-QĐ/ĐU")
    assert status_of(under_review) == Status.UNDER_REVIEW

    recognize.click()
    expect(dialog.get_by_role("button", name="Hủy")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    assert status_of(under_review) == Status.UNDER_REVIEW

    recognize.click()
    dialog.get_by_role("button", name="Công nhận cấp xã").click()
    expect(page.get_by_text("Đã xong: mô hình hiện ở trạng thái “đã công nhận”.")).to_be_visible()
    under_review.refresh_from_db()
    assert under_review.status == Status.RECOGNIZED
    assert under_review.recognitions.get().decision.code == "18145-QĐ/ĐU"


def test_an_incomplete_decision_is_sent_without_asking_and_refused_beside_its_field(under_review, live_server, page):
    log_in(page, live_server, "commune_a1_official")
    page.goto(f"{live_server.url}/registry/{under_review.pk}/")
    page.locator("#decision-date").fill("01/09/2024")
    page.get_by_role("button", name="Công nhận cấp xã").click()
    expect(page.locator("#decision-number-error")).to_be_visible()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.locator("#decision-date")).to_have_value("01/09/2024")
    assert status_of(under_review) == Status.UNDER_REVIEW


def test_making_minutes_final_asks_once_the_form_is_complete(
    hierarchy, district_a_staff, live_server, page, screenshot
):
    conference = create_conference(
        organizer=mass_mobilization_board_for(hierarchy.district_a, on=ON),
        fields={"kind": "so_ket", "title": "Hội nghị sơ kết công tác dân vận", "held_on": ON},
    )
    log_in(page, live_server, "district_a_staff")
    page.goto(f"{live_server.url}/conferences/{conference.pk}/finalize/")
    make_final = page.get_by_role("button", name="Chốt biên bản")
    make_final.click()  # not ticked: the server asks for the tick, no dialog
    expect(page.get_by_text("Hãy xác nhận", exact=False)).to_be_visible()

    page.get_by_label("Tôi đã kiểm tra", exact=False).check()
    make_final.click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Sau khi chốt, biên bản và số biên bản không thể sửa được nữa.")
    expect(dialog.get_by_role("button", name="Hủy")).to_be_focused()
    screenshot("confirm-dialog-minutes")
    dialog.get_by_role("button", name="Hủy").click()
    expect(dialog).to_have_count(0)
    conference.refresh_from_db()
    assert conference.status == "draft"

    make_final.click()
    dialog.get_by_role("button", name="Chốt biên bản").click()
    expect(page.get_by_text("Biên bản đã chốt và không thể sửa nữa.")).to_be_visible()
    conference.refresh_from_db()
    assert conference.status == "final"
