"""Issued reports: the snapshot they were printed from and the PDF they became."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.models import Document, Organization
from danvan.scoping import ScopedQuerySet


class ReportKind(models.TextChoices):
    MOVEMENT_SUMMARY = "movement-summary", _("“Dân vận khéo” movement summary")
    DIRECTIVE_FOLLOW_UP = "directive-follow-up", _("directive follow-up report")
    RECOGNIZED_MODELS = "recognized-models", _("list of models recognized by a decision")
    CONFERENCES = "conferences", _("list of conferences of a period")
    CERTIFICATES = "certificates", _("certificates of a recognition decision")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("waiting for the printer")
    RENDERING = "rendering", _("being printed")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


def report_path(report, filename: str) -> str:
    return f"reports/{report.requested_at:%Y/%m}/{filename}"


class Report(models.Model):
    """A report as issued: the header, the signer and every figure are kept in `snapshot`.

    The PDF is rendered from the snapshot only, so a reprint years later is the same document
    even after the body was renamed or the data changed. `fingerprint` identifies the inputs:
    asking again while it is unchanged serves the stored PDF instead of rendering a new one.
    """

    kind = models.CharField(_("kind"), max_length=24, choices=ReportKind.choices)
    organization = models.ForeignKey(
        Organization, verbose_name=_("issuing body"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("period"), max_length=12, blank=True)
    decision = models.ForeignKey(
        Document, verbose_name=_("decision"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    fingerprint = models.CharField(_("fingerprint"), max_length=64, db_index=True)
    snapshot = models.JSONField(_("snapshot"), encoder=DjangoJSONEncoder)
    row_count = models.PositiveIntegerField(_("table rows"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=report_path, blank=True)
    started_at = models.DateTimeField(_("printing started at"), null=True, blank=True)
    rendered_at = models.DateTimeField(_("printed at"), null=True, blank=True)
    render_seconds = models.FloatField(_("printing time (s)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    # Pages printed out of the pages to print, while a report printed in parts is being printed.
    progress_done = models.PositiveIntegerField(_("pages printed"), default=0)
    progress_total = models.PositiveIntegerField(_("pages to print"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period} – {self.organization}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.READY, ReportStatus.FAILED)

    def record_progress(self, done: int, total: int) -> None:
        """Pages printed so far: the report's page shows them while the worker prints."""
        self.progress_done, self.progress_total = done, total
        Report.objects.filter(pk=self.pk).update(progress_done=done, progress_total=total)
