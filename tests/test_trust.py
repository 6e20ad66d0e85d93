"""Nothing lost, nothing changed without a trace, login hardened."""

import importlib.util
from pathlib import Path

import pytest
from django.conf import global_settings, settings
from django.test import Client, override_settings
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


PROXY = "10.0.0.2"
OFFICIAL = "198.51.100.7"
ATTACKER = "203.0.113.66"
PASSWORD = "Mật-khẩu-đúng-2024"


def settings_module_with(monkeypatch, **environment):
    """danvan/settings.py as a server started with `environment` reads it."""
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location(
        "settings_under_test", Path(settings.BASE_DIR, "danvan", "settings.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def log_in(client, password, **addresses):
    return client.post(reverse("login"), {"username": "canbo", "password": password}, **addresses)


def fail_five_times(**addresses):
    attacker = Client()
    for _ in range(5):
        log_in(attacker, "sai", **addresses)
    return attacker


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_a_stranger_cannot_lock_an_official_out(db, django_user_model):
    django_user_model.objects.create_user("canbo", password=PASSWORD)
    attacker = fail_five_times(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)

    official = log_in(Client(), PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OFFICIAL)

    assert official.status_code == 302 and official.url == reverse("home")
    assert log_in(attacker, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER).status_code == 429


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_a_forwarded_header_written_by_the_client_names_nobody(db, django_user_model):
    """The attacker claims the official's address; the proxy appends the real one, which counts."""
    django_user_model.objects.create_user("canbo", password=PASSWORD)
    forged = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{OFFICIAL}, {ATTACKER}"}
    attacker = fail_five_times(**forged)

    assert log_in(Client(), PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OFFICIAL).status_code == 302
    assert log_in(attacker, PASSWORD, **forged).status_code == 429


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(db, django_user_model):
    django_user_model.objects.create_user("canbo", password=PASSWORD)
    fail_five_times(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.1")

    # A new forwarded address does not lift the attacker's lockout; the official is not locked.
    assert log_in(Client(), PASSWORD, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.2").status_code == 429
    assert log_in(Client(), PASSWORD, REMOTE_ADDR=OFFICIAL, HTTP_X_FORWARDED_FOR=ATTACKER).status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_with_two_proxies_the_client_is_two_entries_from_the_right(db, django_user_model):
    django_user_model.objects.create_user("canbo", password=PASSWORD)
    fail_five_times(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{OFFICIAL}, {ATTACKER}, 10.0.0.1")

    assert (
        log_in(Client(), PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{OFFICIAL}, 10.0.0.1").status_code == 302
    )


def test_the_trusted_proxy_count_comes_from_the_environment(monkeypatch):
    assert settings_module_with(monkeypatch).TRUSTED_PROXY_COUNT == 0
    assert settings_module_with(monkeypatch, TRUSTED_PROXY_COUNT="1").TRUSTED_PROXY_COUNT == 1


def test_the_health_check_answers_over_plain_http_in_production(monkeypatch, db):
    production = settings_module_with(monkeypatch, DEBUG="0")
    security = {
        name: vars(production).get(name, getattr(global_settings, name))
        for name in ("SECURE_SSL_REDIRECT", "SECURE_REDIRECT_EXEMPT", "SECURE_PROXY_SSL_HEADER")
    }
    with override_settings(**security):
        client = Client()
        assert client.get("/healthz").status_code == 200
        assert client.get(reverse("login")).status_code == 301  # every other page still goes to HTTPS
        assert client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https").status_code == 200


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
