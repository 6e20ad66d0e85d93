"""The “Dân vận khéo” registry: models and exemplars, recognized level by level."""

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from danvan.models import AdministrativeUnit, Document, Organization, Person
from danvan.scoping import CENTRAL_PATH, ScopedQuerySet, current_memberships, scope_for
from danvan.text import fold


class Field(models.Model):
    """A field of the movement; the four standard ones are seeded, provinces add their own."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class SubjectKind(models.TextChoices):
    COLLECTIVE = "collective", _("collective")
    INDIVIDUAL = "individual", _("individual")


class Level(models.TextChoices):
    COMMUNE = "commune", _("commune level")
    DISTRICT = "district", _("district level")
    PROVINCE = "province", _("province level")
    CENTRAL = "central", _("central level")


LEVEL_ORDER = [Level.COMMUNE, Level.DISTRICT, Level.PROVINCE, Level.CENTRAL]


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    REGISTERED = "registered", _("registered")
    UNDER_REVIEW = "under_review", _("under review")
    RECOGNIZED = "recognized", _("recognized")
    RETURNED = "returned", _("returned for changes")
    NOT_RECOGNIZED = "not_recognized", _("not recognized")
    STOPPED = "stopped", _("stopped")


# The statuses a decision leaves a model in: what was decided on is kept as it was.
DECIDED_STATUSES = frozenset({Status.RECOGNIZED, Status.NOT_RECOGNIZED, Status.STOPPED})


class EmulationModelQuerySet(ScopedQuerySet):
    scope_path_field = "registering_organization__path"

    def visible_to(self, user) -> "EmulationModelQuerySet":
        """In scope, except drafts: a draft is seen only by its own organization's writers and its author."""
        if not user.is_authenticated:
            return self.none()
        own_units = [m.organization.unit_id for m in current_memberships(user) if m.can_write]
        own_draft = Q(registering_organization__unit__in=own_units) | Q(created_by=user)
        return super().visible_to(user).filter(~Q(status=Status.DRAFT) | own_draft)

    def counted(self) -> "EmulationModelQuerySet":
        """The models every figure counts: registered, not a draft and not stopped (dropped from the movement)."""
        return self.exclude(status__in=[Status.DRAFT, Status.STOPPED])

    def search(self, text: str) -> "EmulationModelQuerySet":
        condition = Q()
        for word in fold(text).split():
            condition &= Q(search_text__contains=word)
        return self.filter(condition)


class EmulationModel(models.Model):
    """A “Dân vận khéo” model (collective) or exemplar (individual), as registered."""

    name = models.CharField(_("name of the model"), max_length=300)
    subject_kind = models.CharField(_("collective or individual"), max_length=10, choices=SubjectKind.choices)
    field = models.ForeignKey(Field, verbose_name=_("field"), on_delete=models.PROTECT, related_name="+")
    registering_organization = models.ForeignKey(
        Organization,
        verbose_name=_("registering organization"),
        on_delete=models.PROTECT,
        related_name="emulation_models",
    )
    registering_unit_name = models.CharField(
        _("registering unit"),
        max_length=300,
        blank=True,
        help_text=_("The collective that carries the model, e.g. “Chi hội Phụ nữ ấp Trần Thệ”."),
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The administrative unit where the model takes place, as it was then."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    person = models.ForeignKey(
        Person, verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person_position = models.CharField(
        _("position of the individual"), max_length=300, blank=True, help_text=_("As written in this registration.")
    )
    registration_year = models.PositiveSmallIntegerField(_("registration year"))
    phase = models.CharField(_("phase"), max_length=40, blank=True, help_text=_("e.g. 2019 – 2024"))

    situation = models.TextField(_("situation and reason"), blank=True)
    goals = models.TextField(_("goals and criteria"), blank=True)
    content_and_method = models.TextField(_("content and method"), blank=True)
    beneficiaries = models.TextField(_("area and people concerned"), blank=True)
    lead_forces = models.TextField(_("who leads"), blank=True)
    participating_forces = models.TextField(_("who takes part"), blank=True)
    resources = models.TextField(_("resources"), blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    expected_results = models.TextField(_("expected results"), blank=True)
    replicability = models.TextField(_("sustainability and replicability"), blank=True)

    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    review_level = models.CharField(
        _("level under review"), max_length=10, choices=Level.choices, blank=True, editable=False
    )
    level_reached = models.CharField(
        _("level reached"), max_length=10, choices=Level.choices, blank=True, editable=False
    )
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("entered at"), default=timezone.now, editable=False)

    objects = EmulationModelQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("“Dân vận khéo” model")
        verbose_name_plural = _("“Dân vận khéo” models")
        ordering = ["-registration_year", "name", "pk"]
        indexes = [
            models.Index(fields=["status", "review_level"]),
            # The review queue's order, and the columns the scope and draft rules read: the
            # list's count then comes from the index alone.
            models.Index(fields=["-status", "registration_year", "id"], name="model_queue_order_idx"),
            models.Index(fields=["registering_organization", "status", "created_by"], name="model_scope_idx"),
            # The list's order: its first page is read from the index without sorting.
            models.Index(fields=["-registration_year", "name", "id"], name="model_list_order_idx"),
            models.Index(fields=["level_reached"]),
            # The list filtered by field and level, in its order: the first page without reading the
            # rows of other fields and levels, and its count (with the draft rule's columns) from the index alone.
            models.Index(
                fields=["field", "level_reached", "-registration_year", "name", "id", "status", "created_by"],
                name="model_field_level_order_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.fill_search_text()
        super().save(*args, **kwargs)

    def fill_search_text(self, fold=fold) -> None:
        """What the list's search reads: the name, the registering unit and the address, folded.

        A bulk insert, which calls no save(), fills it here too, with a `fold` that remembers.
        """
        parts = (fold(self.name), fold(self.registering_unit_name), fold(self.address))
        self.search_text = " ".join(part for part in parts if part)

    @property
    def is_editable(self) -> bool:
        return self.status in (Status.DRAFT, Status.RETURNED)

    @property
    def accepts_attachments(self) -> bool:
        """Files (photos, reports a reviewer asks for) are added until a decision freezes the model.

        The one rule for the upload view, the model page and the back office.
        """
        return self.status not in DECIDED_STATUSES


def attachment_path(attachment, filename: str) -> str:
    return f"registry/{attachment.emulation_model_id}/{filename}"


class Attachment(models.Model):
    emulation_model = models.ForeignKey(
        EmulationModel, verbose_name=_("model"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to=attachment_path,
        validators=[FileExtensionValidator(["pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png"])],
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.title


class Recognition(models.Model):
    """The decision that recognized a model at one level."""

    emulation_model = models.ForeignKey(
        EmulationModel, verbose_name=_("model"), on_delete=models.CASCADE, related_name="recognitions"
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    deciding_organization = models.ForeignKey(
        Organization, verbose_name=_("deciding body"), on_delete=models.PROTECT, related_name="recognitions"
    )
    decision = models.ForeignKey(
        Document, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="recognitions"
    )
    decided_on = models.DateField(_("decision date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("entered at"), default=timezone.now, editable=False)
    average_score = models.DecimalField(
        _("average score"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        help_text=_("The average of the complete score sheets at this level when the decision was recorded."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        ordering = ["decided_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["emulation_model", "level"], name="recognition_once_per_level"),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.decision}"


class Transition(models.Model):
    """One step of the workflow: who moved the model from which status to which, and why."""

    emulation_model = models.ForeignKey(
        EmulationModel, verbose_name=_("model"), on_delete=models.CASCADE, related_name="transitions"
    )
    action = models.CharField(_("action"), max_length=20)
    from_status = models.CharField(_("from"), max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=Status.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow history")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class Announcement(models.Model):
    """A batch publication: every model recognized by one decision, announced at once by one body."""

    decision = models.ForeignKey(
        Document, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="announcements"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("announcing body"), on_delete=models.PROTECT, related_name="announcements"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-published_at"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "organization"], name="announcement_once_per_body"),
        ]

    def __str__(self) -> str:
        return str(self.decision)


class ImportBatch(models.Model):
    """An uploaded spreadsheet kept in the database between preview and confirmation.

    Several app servers run in production: a file on one server's disk would be
    missing when the confirmation reaches another one.
    """

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("previewed")
        IMPORTED = "imported", _("imported")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    # The rows as the preview read them, as JSON (see `spreadsheets.stored_sheet`): the confirmation
    # checks them again but does not parse the workbook a second time. Text, not JSONField:
    # jsonb would turn 2266.0 into 2266 and refuse "\u0000", and cell types matter to the checks.
    sheet = models.TextField(blank=True, default="", editable=False)
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREVIEWED)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name


# Scoring rubrics (tiêu chí đánh giá, chấm điểm): see models_registry/rubric_rules.py for which one applies.


class RubricQuerySet(ScopedQuerySet):
    def visible_to(self, user) -> "RubricQuerySet":
        """In scope, and the rubrics of the bodies above it too: a district reviewer reads the province's criteria."""
        scope = scope_for(user)
        if scope.everything:
            return self.all()
        above = {
            "/".join(parts[:end]) + "/"
            for prefix in scope.read_prefixes
            for parts in [prefix.rstrip("/").split("/")]
            for end in range(2, len(parts))
        } | {CENTRAL_PATH}
        return self.filter(scope.q(self.scope_path_field) | Q(organization__path__in=above))

    def current(self) -> "RubricQuerySet":
        """Rubrics not replaced by a newer version."""
        return self.filter(newer_version__isnull=True)


class Rubric(models.Model):
    """The criteria a body scores “Dân vận khéo” models on, at one level, for one phase.

    Once a score sheet uses it, it is frozen: a change is a new version, copied from it.
    """

    organization = models.ForeignKey(
        Organization, verbose_name=_("issuing body"), on_delete=models.PROTECT, related_name="rubrics"
    )
    name = models.CharField(_("name"), max_length=300)
    level = models.CharField(_("applies to"), max_length=10, choices=Level.choices)
    valid_from_year = models.PositiveSmallIntegerField(_("valid from (year)"))
    valid_to_year = models.PositiveSmallIntegerField(_("valid until (year)"))
    pass_mark = models.DecimalField(_("pass mark"), max_digits=6, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    previous_version = models.OneToOneField(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="newer_version",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("entered at"), default=timezone.now, editable=False)

    objects = RubricQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scoring rubric")
        verbose_name_plural = _("scoring rubrics")
        ordering = ["-valid_from_year", "organization__path", "level", "-version", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_to_year__gte=models.F("valid_from_year")), name="rubric_period"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from_year} – {self.valid_to_year}, v{self.version})"

    @property
    def is_frozen(self) -> bool:
        """Used by a score sheet: kept as it was, so that every score keeps its meaning."""
        return self.pk is not None and self.score_sheets.exists()

    @property
    def max_total(self):
        return sum(criterion.max_score for criterion in self.criteria.all())


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, verbose_name=_("rubric"), on_delete=models.CASCADE, related_name="criteria")
    group = models.CharField(_("group of criteria"), max_length=200)
    name = models.CharField(_("criterion"), max_length=500)
    max_score = models.DecimalField(_("maximum score"), max_digits=6, decimal_places=2)
    guidance = models.TextField(_("scoring guidance"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["order", "pk"]
        constraints = [models.CheckConstraint(condition=Q(max_score__gt=0), name="criterion_max_score_positive")]

    def __str__(self) -> str:
        return self.name


class ScoreSheetQuerySet(ScopedQuerySet):
    scope_path_field = "emulation_model__registering_organization__path"


class ScoreSheet(models.Model):
    """One reviewer's scores for one model at one level; changed until the decision at that level."""

    emulation_model = models.ForeignKey(
        EmulationModel, verbose_name=_("model"), on_delete=models.CASCADE, related_name="score_sheets"
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    rubric = models.ForeignKey(Rubric, verbose_name=_("rubric"), on_delete=models.PROTECT, related_name="score_sheets")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.PROTECT, related_name="+"
    )
    total = models.DecimalField(_("total score"), max_digits=7, decimal_places=2, default=0, editable=False)
    is_complete = models.BooleanField(_("complete"), default=False, editable=False)
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(_("scored at"), default=timezone.now, editable=False)

    objects = ScoreSheetQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["level", "updated_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["emulation_model", "level", "reviewer"], name="score_sheet_once_per_reviewer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.emulation_model} · {self.get_level_display()} · {self.reviewer}"


class Score(models.Model):
    sheet = models.ForeignKey(
        ScoreSheet, verbose_name=_("score sheet"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["criterion__order", "criterion_id"]
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="score_once_per_criterion")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"
