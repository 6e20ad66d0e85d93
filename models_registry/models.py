"""The “Dân vận khéo” registry: models and exemplars, recognized level by level."""

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from danvan.models import AdministrativeUnit, Document, Organization, Person
from danvan.scoping import ScopedQuerySet, current_memberships
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
