"""The daily e-mail digest through a real SMTP server on loopback, started by the test run (aiosmtpd).

`manage.py send_daily_digest` runs the daily checks, then sends each user with an address one
e-mail of their unread notifications of the day before and the day itself, once per day.
"""

import datetime
import socket
import threading
from email import message_from_bytes
from email import policy as email_policy

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from conferences.models import Conference, ConferenceStatus
from conferences.services import create_conference
from danvan.documents import parse_document_number
from danvan.models import DigestSent, Notification
from danvan.notifications import DigestsNotSent, send_daily_digests, set_digest_opt_outs
from danvan.organizations import committee_for, mass_mobilization_board_for
from models_registry.models import Field
from models_registry.services import perform, register_model
from tests.conftest import ON

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
TOMORROW = TODAY + datetime.timedelta(days=1)


class Mailbox:
    """What the SMTP server received: one message per e-mail, with its envelope recipients."""

    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=email_policy.default)
        # Django folds the encoded subject onto a second line; unfolded it starts with a space.
        self.received.append(
            {"to": list(envelope.rcpt_tos), "subject": str(message["subject"]).strip(), "body": message.get_content()}
        )
        return "250 OK"

    def to(self, address: str) -> list[dict]:
        return [mail for mail in self.received if mail["to"] == [address]]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on 127.0.0.1, and Django's SMTP backend pointed at it."""
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.PORTAL_URL = "https://danvan.example.vn"
    yield mailbox
    controller.stop()


def _with_email(*users):
    for user in users:
        user.email = f"{user.username}@example.vn"
        user.save(update_fields=["email"])


@pytest.fixture
def today_in_the_registry(
    hierarchy, commune_a1_official, commune_a1_registrar, commune_b1_official, commune_b1_registrar
):
    """Today commune A1 returns one model and recognizes another; commune B1 does the same with its own."""
    field = Field.objects.get_or_create(code="kinh-te", defaults={"name": "Kinh tế"})[0]
    _with_email(commune_a1_official, commune_a1_registrar, commune_b1_official, commune_b1_registrar)
    for place, official, registrar in [
        (hierarchy.commune_a1, commune_a1_official, commune_a1_registrar),
        (hierarchy.commune_b1, commune_b1_official, commune_b1_registrar),
    ]:
        organization = committee_for(place)
        returned, recognized = (
            register_model(
                organization=organization,
                fields={
                    "name": f"{name} {place.name}",
                    "subject_kind": "collective",
                    "field": field,
                    "registration_year": 2024,
                },
                acting_user=registrar,
                submit=True,
            )
            for name in ("Mô hình trả lại", "Mô hình công nhận")
        )
        for model in (returned, recognized):
            perform(model, "start_review", actor=official, level="commune")
        perform(returned, "return", actor=official, note=f"Bổ sung ảnh của {place.name}.")
        perform(
            recognized,
            "recognize",
            actor=official,
            decision=parse_document_number(f"{place.code}-QĐ/ĐU"),
            decided_on=datetime.date(2024, 9, 1),
            deciding_organization=organization,
        )


def test_the_next_days_digest_reaches_the_commune_official_over_smtp(
    today_in_the_registry, smtp, commune_a1_registrar, commune_a1_official, commune_b1_registrar
):
    call_command("send_daily_digest", date=TOMORROW.isoformat())
    [mail] = smtp.to("commune_a1_registrar@example.vn")
    assert mail["subject"] == f"[Dân vận] Tin nhắc việc ngày {TOMORROW:%d/%m/%Y}"
    body = mail["body"]
    assert "“Mô hình công nhận Sơn Lâm” của bạn đã được công nhận cấp xã." in body
    assert "“Mô hình trả lại Sơn Lâm” của bạn bị trả lại để bổ sung: Bổ sung ảnh của Sơn Lâm." in body
    model = Notification.objects.filter(recipient=commune_a1_registrar, kind="model_recognized").get()
    assert f"https://danvan.example.vn{model.link}" in body
    assert "https://danvan.example.vn/notifications/preferences/" in body
    # Nothing of another commune, in any commune official's e-mail.
    for address, other in [
        ("commune_a1_registrar@example.vn", "Nam Hồng"),
        ("commune_a1_official@example.vn", "Nam Hồng"),
        ("commune_b1_registrar@example.vn", "Sơn Lâm"),
        ("commune_b1_official@example.vn", "Sơn Lâm"),
    ]:
        [mail] = smtp.to(address)
        assert other not in mail["body"], address
    # The reviewer was told of the two models entering their queue, not of their own decisions.
    official = smtp.to("commune_a1_official@example.vn")[0]["body"]
    assert official.count("đang chờ bạn thẩm định ở cấp xã") == 2
    assert "đã được công nhận" not in official and "bị trả lại" not in official
    assert sorted(address for mail in smtp.received for address in mail["to"]) == [
        "commune_a1_official@example.vn",
        "commune_a1_registrar@example.vn",
        "commune_b1_official@example.vn",
        "commune_b1_registrar@example.vn",
    ]


def test_running_twice_sends_once(today_in_the_registry, smtp):
    call_command("send_daily_digest", date=TOMORROW.isoformat())
    call_command("send_daily_digest", date=TOMORROW.isoformat())
    assert len(smtp.received) == 4
    assert DigestSent.objects.filter(day=TOMORROW).count() == 4
    # The next day's digest does not repeat what an e-mail carried already.
    call_command("send_daily_digest", date=(TOMORROW + datetime.timedelta(days=1)).isoformat())
    assert len(smtp.received) == 4


def test_what_was_read_or_is_too_old_is_not_sent(today_in_the_registry, smtp, commune_a1_registrar):
    Notification.objects.filter(recipient=commune_a1_registrar).update(read_at=timezone.now())
    call_command("send_daily_digest", date=(TODAY + datetime.timedelta(days=2)).isoformat())
    assert smtp.received == []  # the window is the day before and the day itself
    call_command("send_daily_digest", date=TOMORROW.isoformat())
    assert smtp.to("commune_a1_registrar@example.vn") == []
    assert len(smtp.received) == 3


def test_a_kind_opted_out_of_stays_out_of_the_email(today_in_the_registry, smtp, commune_a1_registrar):
    set_digest_opt_outs(commune_a1_registrar, ["model_recognized"])
    call_command("send_daily_digest", date=TOMORROW.isoformat())
    [mail] = smtp.to("commune_a1_registrar@example.vn")
    assert "bị trả lại" in mail["body"] and "đã được công nhận" not in mail["body"]
    set_digest_opt_outs(commune_a1_registrar, ["model_recognized", "model_returned"])
    DigestSent.objects.all().delete()
    Notification.objects.update(digest=None)
    call_command("send_daily_digest", date=TOMORROW.isoformat())
    assert len(smtp.to("commune_a1_registrar@example.vn")) == 1  # nothing left for them: no second e-mail
    # Still in the bell.
    assert Notification.objects.filter(recipient=commune_a1_registrar, read_at__isnull=True).count() == 2


def test_the_daily_check_runs_first_and_its_reminders_go_out_the_same_morning(
    hierarchy, smtp, commune_a1_official, commune_b1_official
):
    _with_email(commune_a1_official, commune_b1_official)
    a1, b1 = committee_for(hierarchy.commune_a1), committee_for(hierarchy.commune_b1)
    conference = create_conference(
        organizer=mass_mobilization_board_for(hierarchy.district_a, on=ON),
        fields={"kind": "so_ket", "title": "Hội nghị sơ kết huyện Hương Sơn", "held_on": TODAY},
        directives=[
            {
                "text": "Rà soát mô hình Sơn Lâm.",
                "deadline": TODAY + datetime.timedelta(days=3),
                "responsible_organizations": [a1],
            },
            {
                "text": "Kiện toàn tổ Nam Hồng.",
                "deadline": TODAY - datetime.timedelta(days=1),
                "responsible_organizations": [b1],
            },
        ],
    )
    Conference.objects.filter(pk=conference.pk).update(status=ConferenceStatus.FINAL)
    call_command("send_daily_digest", date=TODAY.isoformat())
    [a1_mail] = smtp.to("commune_a1_official@example.vn")
    assert "Rà soát mô hình Sơn Lâm." in a1_mail["body"] and "Nam Hồng" not in a1_mail["body"]
    assert "Nội dung chỉ đạo giao đơn vị tôi đến hạn trong 7 ngày:" in a1_mail["body"]
    [b1_mail] = smtp.to("commune_b1_official@example.vn")
    assert "Kiện toàn tổ Nam Hồng." in b1_mail["body"] and "chưa hoàn thành" in b1_mail["body"]
    assert "Sơn Lâm" not in b1_mail["body"]
    call_command("send_daily_digest", date=TODAY.isoformat())
    assert len(smtp.received) == 2


def test_a_failed_send_is_sent_by_the_next_run(today_in_the_registry, smtp, settings):
    listening, settings.EMAIL_PORT = settings.EMAIL_PORT, _free_port()  # nobody listens there
    with pytest.raises(DigestsNotSent) as refused:
        send_daily_digests(TOMORROW)
    assert refused.value.sent == 0 and len(refused.value.failures) == 4  # each user was tried
    with pytest.raises(CommandError, match="0 sent, 4 not sent"):
        call_command("send_daily_digest", date=TOMORROW.isoformat())
    assert not DigestSent.objects.exists()
    settings.EMAIL_PORT = listening
    assert send_daily_digests(TOMORROW) == 4
    assert len(smtp.received) == 4


@pytest.mark.skipif(
    django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="two connections writing at once: PostgreSQL's row locks (SQLite serializes whole transactions)",
)
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_send_each_email_once(today_in_the_registry, smtp):
    results, errors = [], []
    barrier = threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            results.append(send_daily_digests(TOMORROW))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(results) == 4
    assert sorted(address for mail in smtp.received for address in mail["to"]) == [
        "commune_a1_official@example.vn",
        "commune_a1_registrar@example.vn",
        "commune_b1_official@example.vn",
        "commune_b1_registrar@example.vn",
    ]
