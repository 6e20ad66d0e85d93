"""Nothing lost, nothing changed without a trace, login hardened."""

import pytest
from django.test import Client
from django.urls import reverse

from conferences.models import Conference
from danvan.organizations import committee_for
from tests.conferences.test_conference_pages import new_conference_post

pytestmark = pytest.mark.django_db


def edit_post(conference, client, **changes):
    """What the edit page would post back: its own form values, with `changes` typed in."""
    form = client.get(reverse("conferences:edit", args=[conference.pk])).context["form"]
    data = new_conference_post(conference.organizer)
    data.update({name: value for name, value in form.initial.items() if name in ("lock_version",)})
    for prefix in ("attendees", "documents", "figures", "directives", "commendations"):
        data = {key: value for key, value in data.items() if not key.startswith(prefix)}
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(changes)
    return data


def test_the_second_of_two_concurrent_edits_is_refused_and_keeps_its_input(
    hierarchy, client_for, district_a_staff, province_staff
):
    organizer = committee_for(hierarchy.commune_a1)
    client_for(district_a_staff).post(reverse("conferences:create"), new_conference_post(organizer))
    conference = Conference.objects.get()
    first, second = client_for(district_a_staff), client_for(province_staff)
    first_form = edit_post(conference, first, title="Tiêu đề do huyện sửa")
    second_form = edit_post(conference, second, title="Tiêu đề do tỉnh sửa")

    assert first.post(reverse("conferences:edit", args=[conference.pk]), first_form).status_code == 302
    refused = second.post(reverse("conferences:edit", args=[conference.pk]), second_form)

    body = refused.content.decode()
    assert refused.status_code == 200
    assert "đã lưu bản ghi này trong lúc bạn đang sửa" in body
    assert "Tiêu đề do huyện sửa" in body  # what the other person changed
    assert "Tiêu đề do tỉnh sửa" in body  # what this person typed, kept
    conference.refresh_from_db()
    assert conference.title == "Tiêu đề do huyện sửa"
    # Having seen the conflict, the second person may save on purpose.
    again = second.post(reverse("conferences:edit", args=[conference.pk]), refused.context["form"].data)
    assert again.status_code == 302
    conference.refresh_from_db()
    assert conference.title == "Tiêu đề do tỉnh sửa"


def test_every_change_is_kept_with_who_and_what(hierarchy, client_for, district_a_staff):
    organizer = committee_for(hierarchy.commune_a1)
    client = client_for(district_a_staff)
    client.post(reverse("conferences:create"), new_conference_post(organizer))
    conference = Conference.objects.get()
    client.post(reverse("conferences:edit", args=[conference.pk]), edit_post(conference, client, title="Tiêu đề mới"))
    latest = conference.history.latest()
    assert latest.history_user == district_a_staff
    assert [(c.field, c.new) for c in latest.diff_against(latest.prev_record).changes if c.field == "title"] == [
        ("title", "Tiêu đề mới")
    ]
    page = client.get(reverse("conferences:detail", args=[conference.pk])).content.decode()
    assert "Lịch sử thay đổi" in page and "Tiêu đề mới" in page
    pk = conference.pk
    conference.delete()
    assert Conference.history.filter(id=pk, history_type="-").exists()


def test_five_failed_logins_lock_the_account(db, django_user_model):
    django_user_model.objects.create_user("canbo", password="Mật-khẩu-đúng-2024")
    client = Client()
    for _ in range(5):
        client.post(reverse("login"), {"username": "canbo", "password": "sai"})
    locked = client.post(reverse("login"), {"username": "canbo", "password": "Mật-khẩu-đúng-2024"})
    assert locked.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in locked.content.decode()


def test_changing_the_password_logs_out_other_sessions(db, django_user_model):
    user = django_user_model.objects.create_user("canbo", password="Mật-khẩu-đúng-2024")
    other = Client()
    other.force_login(user)
    user.set_password("Mật-khẩu-mới-an-toàn-2025")
    user.save()
    assert other.get(reverse("home")).status_code == 302


def test_pages_send_a_content_security_policy_without_inline_scripts(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_weak_passwords_are_refused():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("12345678", "password123", "danvan"):
        with pytest.raises(ValidationError):
            validate_password(weak)


def test_a_record_loaded_without_history_still_shows_its_page(hierarchy, client_for, district_a_staff):
    organizer = committee_for(hierarchy.commune_a1)
    client_for(district_a_staff).post(reverse("conferences:create"), new_conference_post(organizer))
    conference = Conference.objects.get()
    conference.history.all().delete()
    assert client_for(district_a_staff).get(reverse("conferences:detail", args=[conference.pk])).status_code == 200
