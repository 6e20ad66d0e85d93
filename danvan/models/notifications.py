"""Notifications: what the portal tells one user, in the bell and in the daily e-mail digest."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.models.organizations import Organization
from danvan.scoping import ScopedQuerySet


class NotificationKind(models.TextChoices):
    MODEL_TO_REVIEW = "model_to_review", _("a model enters my review queue")
    MODEL_RETURNED = "model_returned", _("my model is returned for changes")
    MODEL_RECOGNIZED = "model_recognized", _("my model is recognized")
    DIRECTIVE_DUE = "directive_due", _("a directive of my organization is due within 7 days")
    DIRECTIVE_OVERDUE = "directive_overdue", _("a directive of my organization is overdue")
    REPORT_READY = "report_ready", _("a report I asked for is ready")


class NotificationQuerySet(ScopedQuerySet):
    def of(self, user) -> "NotificationQuerySet":
        """The user's own notifications about what they may still see: the bell, the list and the digest."""
        return self.visible_to(user).filter(recipient=user)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One thing one user should know, with a link to where to act on it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("addressed to"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    text = models.CharField(_("content"), max_length=500)
    link = models.CharField(_("link"), max_length=300, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization concerned"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    # What makes a notification once-only (e.g. one "due soon" per directive and deadline); blank: no such rule.
    key = models.CharField(_("key"), max_length=100, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    digest = models.ForeignKey(
        "DigestSent",
        verbose_name=_("sent in the e-mail of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
        editable=False,
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], condition=~Q(key=""), name="notification_once"),
        ]
        indexes = [
            # The bell on every page counts these.
            models.Index(fields=["recipient", "created_at"], condition=Q(read_at__isnull=True), name="unread_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class DigestOptOut(models.Model):
    """A kind of notification the user does not want in the daily e-mail (it stays in the bell)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="digest_opt_outs"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)

    class Meta:
        verbose_name = _("daily e-mail opt-out")
        verbose_name_plural = _("daily e-mail opt-outs")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="digest_opt_out_once")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_kind_display()}"


class DigestSent(models.Model):
    """The daily e-mail sent to one user on one day: the unique pair is what makes it once-only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    notification_count = models.PositiveIntegerField(_("notifications"), default=0)

    class Meta:
        verbose_name = _("daily e-mail sent")
        verbose_name_plural = _("daily e-mails sent")
        ordering = ["-day", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_user_and_day")]

    def __str__(self) -> str:
        return f"{self.user} – {self.day:%d/%m/%Y}"
