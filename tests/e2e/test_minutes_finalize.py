"""District staff make a draft final: they confirm, with the next number of their register offered."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from conferences.models import Conference
from conferences.services import create_conference, finalize_conference
from danvan.models import Organization

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "Mật-khẩu-đủ-mạnh-2024"


@pytest.fixture
def draft():
    """A draft of Huyện ủy Lâm Bình; its register for 2024 already holds 05-BB/HU."""
    call_command("load_units", province=["08", "42", "91"], verbosity=0)
    call_command("load_demo", verbosity=0)
    user = get_user_model().objects.get(username="huyen.lambinh")
    user.set_password(PASSWORD)
    user.save()
    committee = Organization.objects.get(name="Huyện ủy Lâm Bình")
    earlier = create_conference(
        organizer=committee,
        fields={
            "kind": "trien_khai",
            "title": "Hội nghị triển khai nhiệm vụ năm 2024",
            "held_on": datetime.date(2024, 1, 10),
        },
    )
    finalize_conference(earlier, minutes_number="05-BB/HU", acting_user=user)
    return create_conference(
        organizer=committee,
        fields={
            "kind": "so_ket",
            "title": "Hội nghị sơ kết công tác dân vận 6 tháng đầu năm 2024",
            "held_on": datetime.date(2024, 7, 15),
        },
        attendees=[{"name": "Đặng Văn Sình", "position": "Phó Bí thư Thường trực Huyện ủy", "role": "chu_tri"}],
        directives=[{"text": "Rà soát các mô hình dân vận khéo trước ngày 30/9."}],
    )


def test_district_staff_confirm_and_number_the_minutes(draft, live_server, page, screenshot):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("huyen.lambinh")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    page.goto(f"{live_server.url}/conferences/{draft.pk}/")
    page.get_by_role("link", name="Chốt biên bản").click()
    number = page.get_by_label("Số biên bản")
    expect(number).to_have_value("06-BB/HU")
    expect(page.get_by_text("Sau khi chốt, biên bản chỉ còn để xem", exact=False)).to_be_visible()
    screenshot("20-minutes-finalize")

    # Without the confirmation nothing happens, and the number stays as typed.
    number.fill("07-BB/HU")
    page.get_by_role("button", name="Chốt biên bản").click()
    expect(page.get_by_text("Hãy xác nhận", exact=False)).to_be_visible()
    expect(page.get_by_label("Số biên bản")).to_have_value("07-BB/HU")

    page.get_by_label("Số biên bản").fill("06-BB/HU")
    page.get_by_label("Tôi đã kiểm tra", exact=False).check()
    page.get_by_role("button", name="Chốt biên bản").click()
    page.get_by_role("dialog").get_by_role("button", name="Chốt biên bản").click()

    expect(page.get_by_text("Biên bản đã chốt và không thể sửa nữa.")).to_be_visible()
    expect(page.get_by_text("06-BB/HU", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Chốt biên bản")).to_have_count(0)
    expect(page.get_by_role("link", name="Sửa", exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name="Lập bản đính chính")).to_be_visible()
    screenshot("21-minutes-final")

    draft.refresh_from_db()
    assert (draft.status, draft.minutes_number) == ("final", "06-BB/HU")
    assert Conference.objects.filter(organizer=draft.organizer, minutes_number="06-BB/HU").count() == 1
