"""Party organizations on the map, and who holds which role in them."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from danvan.models.units import REFORM_DATE, AdministrativeUnit, Era, document_date, valid_on
from danvan.scoping import CENTRAL_PATH, ScopedQuerySet


class OrganizationKind(models.TextChoices):
    CENTRAL = "central", _("Central Committee")
    PARTY_COMMITTEE = "committee", _("party committee")
    STANDING_COMMITTEE = "standing", _("standing committee")
    MASS_MOBILIZATION_BOARD = "mm_board", _("mass mobilization board")
    MASS_MOBILIZATION_BLOC = "mm_bloc", _("mass mobilization bloc")
    FATHERLAND_FRONT = "front", _("Fatherland Front committee")


class OrganizationQuerySet(ScopedQuerySet):
    scope_path_field = "path"

    def valid_on(self, date: datetime.date) -> "OrganizationQuerySet":
        return self.filter(valid_on(date))

    def only(self, *fields):
        # A name is never printed without its period: reading one without the
        # other would load each organization's period by itself (N+1).
        if "name" in fields:
            fields = (*fields, "period_label")
        return super().only(*fields)


def organization_label(prefix: str = "") -> models.Case:
    """`str(organization)` as SQL, for values_list(): `organization_label("organizer__")` for a related one."""
    name, period = models.F(f"{prefix}name"), models.F(f"{prefix}period_label")
    return models.Case(
        models.When(**{f"{prefix}period_label": ""}, then=name),
        default=Concat(name, models.Value(" ("), period, models.Value(")")),
        output_field=models.CharField(),
    )


class Organization(models.Model):
    """A party organization or one of the bodies it runs, on one administrative unit.

    Rows are created on demand (see `danvan.organizations`), never for all
    14,000 units. Names are stored as Vietnamese writes them, because they are
    printed on documents and must stay as they were when the body existed.
    """

    kind = models.CharField(_("kind"), max_length=12, choices=OrganizationKind.choices)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("administrative unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=200)
    party_organization_name = models.CharField(
        _("party organization"),
        max_length=200,
        blank=True,
        help_text=_("The Đảng bộ this body belongs to, e.g. “Đảng bộ huyện Lâm Bình”."),
    )
    issuer_code = models.CharField(
        _("issuer code"), max_length=12, blank=True, help_text=_("As in document numbers: TU, HU, ĐU, BDVHU…")
    )
    place_name = models.CharField(
        _("place name"), max_length=100, blank=True, help_text=_("Printed on the place and date line.")
    )
    path = models.CharField(_("path"), max_length=60, db_index=True, editable=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    # Kept by `danvan.organizations.refresh_namesakes`, the one place that knows the other names.
    period_label = models.CharField(
        _("period shown with the name"),
        max_length=40,
        blank=True,
        editable=False,
        help_text=_("Set only while another organization bears the same name, e.g. “từ 01/7/2025”."),
    )
    lock_version = models.PositiveIntegerField(default=0, editable=False)

    objects = OrganizationQuerySet.as_manager()

    # The period follows from the other rows' names: it is not part of the body's own history.
    history = HistoricalRecords(excluded_fields=["period_label"])

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["path", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "valid_from"], name="organization_unique_per_unit_kind"),
        ]
        indexes = [models.Index(fields=["name"], name="organization_name_idx")]

    def __str__(self) -> str:
        """The name, with the period when another organization bears it too: how selects and lists tell them apart.

        Documents print `name` itself: a letterhead names the body as it was. A row read
        without its period (a related `only("…__name")`) prints the name rather than
        loading the period by itself, one query per row.
        """
        period = self.__dict__.get("period_label")
        return f"{self.name} ({period})" if period else self.name

    def save(self, *args, **kwargs):
        self.path = self.unit.path if self.unit_id else CENTRAL_PATH
        super().save(*args, **kwargs)

    def is_valid_on(self, date: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= date) and (
            self.valid_until is None or date <= self.valid_until
        )

    @property
    def period(self) -> str:
        """When the body existed, as written after its name: "từ 01/7/2025", "đến 30/6/2025".

        Without dates of its own, the era of its unit says it (reads `unit`: select it with the row).
        """
        start, end = self.valid_from, self.valid_until
        if start is None and end is None and self.unit_id:
            if self.unit.era == Era.FROM_2025:
                start = REFORM_DATE
            else:
                end = REFORM_DATE - datetime.timedelta(days=1)
        parts = [f"từ {document_date(start)}" if start else "", f"đến {document_date(end)}" if end else ""]
        return " ".join(part for part in parts if part)

    @property
    def letterhead(self) -> tuple[str, str]:
        """The two left-hand header lines of a party document issued by this body."""
        if self.parent_id and self.kind != OrganizationKind.PARTY_COMMITTEE:
            return self.parent.name.upper(), self.short_body_name.upper()
        has_party_above = self.parent_id and self.parent.kind != OrganizationKind.CENTRAL
        upper = self.parent.party_organization_name if has_party_above else ""
        return upper.upper(), self.name.upper()

    @property
    def short_body_name(self) -> str:
        """The body's name without its committee, as printed under it ("Ban Dân vận")."""
        if self.parent_id and self.name.endswith(self.parent.name):
            return self.name[: -len(self.parent.name)].strip()
        return self.name


class Role(models.TextChoices):
    COMMUNE_OFFICIAL = "commune_official", _("commune official")
    DISTRICT_STAFF = "district_staff", _("district mass mobilization staff")
    PROVINCE_STAFF = "province_staff", _("province staff")
    LEADERSHIP = "leadership", _("leadership")
    SYSTEM_ADMIN = "system_admin", _("system administrator")


# Roles that may change records inside their scope; leadership reads and prints.
WRITING_ROLES = frozenset({Role.COMMUNE_OFFICIAL, Role.DISTRICT_STAFF, Role.PROVINCE_STAFF, Role.SYSTEM_ADMIN})


class MembershipQuerySet(ScopedQuerySet):
    def current(self, date: datetime.date | None = None) -> "MembershipQuerySet":
        date = date or datetime.date.today()
        return self.filter(valid_on(date))


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    position = models.CharField(_("position"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user", "organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organization}"

    @property
    def can_write(self) -> bool:
        return self.role in WRITING_ROLES

    @property
    def administers_everything(self) -> bool:
        """The central system administrator: the one role whose scope is the whole portal."""
        return self.role == Role.SYSTEM_ADMIN and self.organization.path == CENTRAL_PATH
