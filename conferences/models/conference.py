"""A conference and the rows its minutes list: attendees, documents, key figures and commendations."""

from django.conf import settings
from django.db import models
from django.db.models import Func, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from danvan.models import Document, Organization, Person
from danvan.scoping import ScopedQuerySet
from danvan.text import fold


class ConferenceKind(models.TextChoices):
    INTERIM_REVIEW = "so_ket", _("interim review")
    FINAL_REVIEW = "tong_ket", _("final review")
    TASK_LAUNCH = "trien_khai", _("launch of tasks")
    THEMATIC = "chuyen_de", _("thematic conference")
    DIALOGUE = "doi_thoai", _("dialogue")
    OTHER = "other", _("other")


class ConferenceStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    FINAL = "final", _("final")
    SUPERSEDED = "superseded", _("superseded by a correction")


class ConferenceQuerySet(ScopedQuerySet):
    scope_path_field = "organizer__path"

    def current_versions(self) -> "ConferenceQuerySet":
        return self.exclude(status=ConferenceStatus.SUPERSEDED)

    def with_row_counts(self) -> "ConferenceQuerySet":
        """Attendee and directive counts as correlated subqueries: PostgreSQL runs them only for
        the rows of the page, where a join and GROUP BY would count every conference first."""
        return self.annotate(
            attendee_count=_count_per_conference("attendees"), directive_count=_count_per_conference("directives")
        )

    def search(self, text: str) -> "ConferenceQuerySet":
        condition = Q()
        for word in fold(text).split():
            condition &= Q(search_text__contains=word)
        return self.filter(condition)


def _count_per_conference(related_name: str) -> Subquery:
    """The count of one kind of rows of each conference; named by relation, as directives are defined elsewhere."""
    model = Conference._meta.get_field(related_name).related_model
    rows = model.objects.filter(conference=OuterRef("pk")).order_by().annotate(n=Func("pk", function="COUNT"))
    return Subquery(rows.values("n"), output_field=models.IntegerField())


class Conference(models.Model):
    organizer = models.ForeignKey(
        Organization, verbose_name=_("organizing body"), on_delete=models.PROTECT, related_name="conferences"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ConferenceKind.choices)
    title = models.CharField(_("title"), max_length=500)
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("start time"), null=True, blank=True)
    ends_at = models.TimeField(_("end time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    period = models.CharField(
        _("period reviewed"),
        max_length=200,
        blank=True,
        help_text=_("e.g. “6 tháng đầu năm 2023”, “giai đoạn 2019 – 2024”"),
    )
    other_participants = models.TextField(
        _("other participants"),
        blank=True,
        help_text=_("Groups attending without names, e.g. “các đồng chí Ủy viên Ban Thường vụ Huyện ủy”."),
    )
    participant_count = models.PositiveIntegerField(_("number of participants"), null=True, blank=True)
    summary = models.TextField(_("summary of results"), blank=True)
    limitations = models.TextField(_("limitations"), blank=True)
    minutes_number = models.CharField(
        _("minutes number"), max_length=60, blank=True, help_text=_("e.g. 05-BB/ĐU, when the minutes were numbered.")
    )
    source_title = models.CharField(_("source article"), max_length=500, blank=True)
    byline = models.CharField(_("byline"), max_length=200, blank=True)

    status = models.CharField(
        _("status"), max_length=12, choices=ConferenceStatus.choices, default=ConferenceStatus.DRAFT
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous_version = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="correction",
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("entered at"), default=timezone.now, editable=False)
    finalized_at = models.DateTimeField(_("finalized at"), null=True, blank=True, editable=False)

    objects = ConferenceQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(fields=["held_on", "id"], name="conference_held_on_id_idx"),
            models.Index(fields=["status", "held_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        self.search_text = fold(" ".join([self.title, self.place, self.period, self.organizer.name]))
        super().save(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.status == ConferenceStatus.DRAFT


class AttendeeRole(models.TextChoices):
    CHAIR = "chu_tri", _("chair")
    DIRECTING = "du_chi_dao", _("attending and directing")
    DELEGATE = "dai_bieu", _("delegate")
    PRESENTER = "bao_cao", _("presenter")
    SECRETARY = "thu_ky", _("minute-taker")


class Attendee(models.Model):
    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="attendees"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="attendances")
    position = models.CharField(
        _("position on that day"), max_length=300, blank=True, help_text=_("As it was at the conference.")
    )
    role = models.CharField(_("role at the meeting"), max_length=12, choices=AttendeeRole.choices)
    present = models.BooleanField(_("present"), default=True)
    absence_reason = models.CharField(_("reason for absence"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["conference", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.person.full_name} – {self.position}" if self.position else self.person.full_name


class DocumentRelation(models.TextChoices):
    REVIEWED = "reviewed", _("reviewed")
    CITED = "cited", _("cited")


class ConferenceDocument(models.Model):
    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="document_links"
    )
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.PROTECT, related_name="conference_links"
    )
    relation = models.CharField(_("relation"), max_length=10, choices=DocumentRelation.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document reviewed or cited")
        verbose_name_plural = _("documents reviewed or cited")
        ordering = ["conference", "order", "pk"]

    def __str__(self) -> str:
        return str(self.document)


class KeyFigure(models.Model):
    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="figures"
    )
    indicator = models.CharField(_("indicator"), max_length=300)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        ordering = ["conference", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} {self.unit}".strip()


class CommendationForm(models.TextChoices):
    PUBLIC_PRAISE = "bieu_duong", _("public praise")
    CERTIFICATE = "giay_khen", _("certificate of merit")
    HIGHER_CERTIFICATE = "bang_khen", _("higher certificate of merit")
    OTHER = "other", _("other")


class RecipientKind(models.TextChoices):
    COLLECTIVE = "collective", _("collective")
    INDIVIDUAL = "individual", _("individual")


class Commendation(models.Model):
    """Praise or awards given at the conference; articles often give only counts."""

    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="commendations"
    )
    recipient_kind = models.CharField(_("recipient"), max_length=10, choices=RecipientKind.choices)
    count = models.PositiveIntegerField(_("count"), null=True, blank=True, help_text=_("Empty when not known."))
    names = models.TextField(_("names"), blank=True, help_text=_("One name per line, when known."))
    form = models.CharField(_("form"), max_length=12, choices=CommendationForm.choices)
    authority = models.CharField(_("issuing authority"), max_length=200, blank=True)
    decision = models.CharField(_("decision"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["conference", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_form_display()}: {self.count or ''} {self.get_recipient_kind_display()}"
