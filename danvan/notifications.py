"""Notifications and the daily e-mail digest: the ground floor's service that the apps call.

Producers call `notify`: the registry's workflow (a model entering a reviewer's queue, returned,
recognized), the directives' daily check (due within 7 days, overdue) and the report printer
(a report ready). The bell, the list page and the digest read `Notification.objects.of(user)`:
the user's own notifications about organizations still in their scope.

The daily job is `manage.py send_daily_digest`, run by the operator's scheduler (cron, a systemd
timer). It first runs the daily checks that the apps register here from their AppConfig.ready()
(the ground floor imports no app), then sends each user one e-mail of what they have not read
since the day before. The task backend (django-tasks' database backend) has no periodic tasks,
so there is none: the scheduler runs the command.
"""

import datetime
import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from danvan.models import DigestOptOut, DigestSent, Notification, NotificationKind, Organization

logger = logging.getLogger(__name__)

DailyCheck = Callable[[datetime.date], int]
DAILY_CHECKS: list[DailyCheck] = []

DIGEST_SUBJECT = _("[Dân vận] Reminders of %(date)s")


def register_daily_check(check: DailyCheck) -> DailyCheck:
    """Run `check(today)` before each daily digest; it returns how many notifications it created."""
    if check not in DAILY_CHECKS:
        DAILY_CHECKS.append(check)
    return check


def run_daily_checks(today: datetime.date) -> dict[str, int]:
    return {f"{check.__module__}.{check.__qualname__}": check(today) for check in DAILY_CHECKS}


def in_portal_language(message, **params) -> str:
    """A message as stored in a notification: in the portal's language, whoever's request or job writes it."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(message) % params if params else str(message)


def portal_path(viewname: str, **kwargs) -> str:
    """The path of a page in the portal's language (no /en/ prefix, even from an English request)."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(viewname, kwargs=kwargs or None)


def notify(
    recipients: Iterable, *, kind: str, text: str, organization: Organization, link: str = "", key: str = ""
) -> int:
    """Tell each recipient `text` about `organization`; returns how many notifications were created.

    With a `key`, a recipient gets it once only, however often a producer or a concurrent run
    calls (a unique constraint settles races); without one, each call notifies again.
    """
    ids = {user.pk for user in recipients if user is not None and user.pk is not None}
    if key:
        ids -= set(Notification.objects.filter(recipient_id__in=ids, key=key).values_list("recipient_id", flat=True))
    if not ids:
        return 0
    now = timezone.now()
    rows = [
        Notification(
            recipient_id=pk,
            kind=NotificationKind(kind),
            text=text[:500],
            link=link,
            organization=organization,
            key=key,
            created_at=now,
        )
        for pk in sorted(ids)
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=bool(key))
    return len(rows)


def unread_count(user) -> int:
    """The bell's number: one count on an index, on every page."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.of(user).unread().count()


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def mark_all_read(user) -> int:
    return Notification.objects.of(user).unread().update(read_at=timezone.now())


def set_digest_opt_outs(user, kinds: Iterable[str]) -> None:
    """The kinds the user leaves out of the daily e-mail, replacing the previous choice."""
    kinds = {NotificationKind(kind) for kind in kinds}
    with transaction.atomic():
        DigestOptOut.objects.filter(user=user).exclude(kind__in=kinds).delete()
        known = set(DigestOptOut.objects.filter(user=user).values_list("kind", flat=True))
        DigestOptOut.objects.bulk_create([DigestOptOut(user=user, kind=kind) for kind in kinds - known])


def digest_window(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """What the digest of `day` covers: the day before and the day itself, up to the run (local time)."""
    start = datetime.datetime.combine(day - datetime.timedelta(days=1), datetime.time.min)
    end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(start), timezone.make_aware(end)


def _pending(day: datetime.date):
    """Unread notifications of the window that no digest has carried yet."""
    start, end = digest_window(day)
    return Notification.objects.unread().filter(digest__isnull=True, created_at__gte=start, created_at__lt=end)


def digest_notifications(user, day: datetime.date) -> list[Notification]:
    """What the digest of `day` tells `user`: in their scope, of the kinds they did not opt out of, by kind."""
    muted = DigestOptOut.objects.filter(user=user).values("kind")
    rows = _pending(day).of(user).exclude(kind__in=muted).select_related("organization").order_by("created_at", "pk")
    order = list(NotificationKind.values)
    return sorted(rows, key=lambda notification: order.index(notification.kind))


def digest_message(user, day: datetime.date, notifications: list[Notification]) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "notifications/digest_email.txt",
            {
                "user": user,
                "day": day,
                "notifications": notifications,
                "portal_url": settings.PORTAL_URL,
                "list_path": portal_path("notification-list"),
                "preferences_path": portal_path("notification-preferences"),
            },
        )
        subject = str(DIGEST_SUBJECT) % {"date": f"{day:%d/%m/%Y}"}
    return EmailMessage(subject=subject, body=body, to=[user.email])


def send_digest(user, day: datetime.date) -> bool:
    """Send `user` the digest of `day` unless it was sent already; True when this call sent it.

    The (user, day) row is inserted first and committed only once the e-mail has gone: a
    concurrent run's insert waits on the unique index, then fails and skips the user. An
    e-mail that fails to go rolls the row back, so the next run sends it.
    """
    try:
        with transaction.atomic():
            record = DigestSent.objects.create(user=user, day=day)
            notifications = digest_notifications(user, day)
            if not notifications:
                transaction.set_rollback(True)
                return False
            digest_message(user, day, notifications).send()
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(digest=record)
            record.notification_count = len(notifications)
            record.save(update_fields=["notification_count"])
    except IntegrityError:
        return False  # another run sent it, or is sending it
    return True


class DigestsNotSent(Exception):
    """Some e-mails could not be sent; the next run sends them (their day is not recorded)."""

    def __init__(self, sent: int, failures: list[tuple]):
        self.sent, self.failures = sent, failures
        names = ", ".join(f"{user.username} ({error})" for user, error in failures)
        super().__init__(f"{sent} sent, {len(failures)} not sent: {names}")


def send_daily_digests(day: datetime.date) -> int:
    """Send the digest of `day` to every active user with an address and something to read; returns how many.

    A refused address or a server that does not answer stops nobody else's e-mail; the failures
    are raised together at the end, so that the scheduler reports the run as failed.
    """
    users = (
        get_user_model()
        .objects.filter(is_active=True, pk__in=_pending(day).values("recipient_id"))
        .exclude(email="")
        .exclude(pk__in=DigestSent.objects.filter(day=day).values("user_id"))
        .order_by("pk")
    )
    sent, failures = 0, []
    for user in users:
        try:
            sent += send_digest(user, day)
        except OSError as error:  # smtplib's errors included
            logger.warning("Daily digest of %s not sent to %s: %r", day, user.username, error)
            failures.append((user, error))
    if failures:
        raise DigestsNotSent(sent, failures)
    return sent
