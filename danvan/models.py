"""The committee hierarchy: administrative units, party organizations, memberships.

Units are versioned by era: the same official code names different places
before and after the 1 July 2025 reform, so a unit is keyed by (era, code).
Every unit and organization carries a materialized `path` so that a subtree
is one indexed prefix query.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from danvan.scoping import CENTRAL_PATH, ScopedQuerySet
from danvan.text import fold

REFORM_DATE = datetime.date(2025, 7, 1)


def document_date(date: datetime.date) -> str:
    """A date as Vietnamese documents write it in running text: "01/7/2025" (the month without its zero)."""
    return f"{date.day:02d}/{date.month}/{date.year}"


def valid_on(date: datetime.date) -> models.Q:
    """Rows whose validity period (open at either end) contains `date`."""
    return (models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=date)) & (
        models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=date)
    )


class Era(models.TextChoices):
    PRE_2025 = "pre2025", _("three levels (before 1 July 2025)")
    FROM_2025 = "from2025", _("two levels (from 1 July 2025)")


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("province level")
    DISTRICT = "district", _("district level")
    COMMUNE = "commune", _("commune level")


class UnitKind(models.TextChoices):
    PROVINCE = "tinh", _("province")
    CENTRAL_CITY = "thanh_pho_tw", _("centrally-run city")
    RURAL_DISTRICT = "huyen", _("rural district")
    URBAN_DISTRICT = "quan", _("urban district")
    DISTRICT_TOWN = "thi_xa", _("district-level town")
    PROVINCIAL_CITY = "thanh_pho_thuoc_tinh", _("provincial city")
    COMMUNE = "xa", _("commune")
    WARD = "phuong", _("ward")
    TOWNSHIP = "thi_tran", _("township")
    SPECIAL_ZONE = "dac_khu", _("special zone")


LEVEL_OF_KIND = {
    UnitKind.PROVINCE: UnitLevel.PROVINCE,
    UnitKind.CENTRAL_CITY: UnitLevel.PROVINCE,
    UnitKind.RURAL_DISTRICT: UnitLevel.DISTRICT,
    UnitKind.URBAN_DISTRICT: UnitLevel.DISTRICT,
    UnitKind.DISTRICT_TOWN: UnitLevel.DISTRICT,
    UnitKind.PROVINCIAL_CITY: UnitLevel.DISTRICT,
    UnitKind.COMMUNE: UnitLevel.COMMUNE,
    UnitKind.WARD: UnitLevel.COMMUNE,
    UnitKind.TOWNSHIP: UnitLevel.COMMUNE,
    UnitKind.SPECIAL_ZONE: UnitLevel.COMMUNE,
}

# How Vietnamese writes the unit type before the name ("Huyện Lâm Bình").
KIND_PREFIX = {
    UnitKind.PROVINCE: "Tỉnh",
    UnitKind.CENTRAL_CITY: "Thành phố",
    UnitKind.RURAL_DISTRICT: "Huyện",
    UnitKind.URBAN_DISTRICT: "Quận",
    UnitKind.DISTRICT_TOWN: "Thị xã",
    UnitKind.PROVINCIAL_CITY: "Thành phố",
    UnitKind.COMMUNE: "Xã",
    UnitKind.WARD: "Phường",
    UnitKind.TOWNSHIP: "Thị trấn",
    UnitKind.SPECIAL_ZONE: "Đặc khu",
}


class AdministrativeUnitQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AdministrativeUnitQuerySet":
        """The official map is public reference data for every signed-in user."""
        return self.all() if user.is_authenticated else self.none()

    def editable_by(self, user) -> "AdministrativeUnitQuerySet":
        """Units a user may attach records to: those inside their write scope."""
        from danvan.scoping import scope_for

        return self.filter(scope_for(user).q("path", for_edit=True))

    def subtree_of(self, unit: "AdministrativeUnit") -> "AdministrativeUnitQuerySet":
        return self.filter(path__startswith=unit.path)

    def search(self, text: str) -> "AdministrativeUnitQuerySet":
        """Match names regardless of diacritics and case: "son lam" finds "Sơn Lâm"."""
        return self.filter(search_name__contains=fold(text))

    def valid_on(self, date: datetime.date) -> "AdministrativeUnitQuerySet":
        return self.filter(valid_on(date))


class AdministrativeUnit(models.Model):
    era = models.CharField(_("era"), max_length=10, choices=Era.choices)
    code = models.CharField(_("official code"), max_length=5)
    name = models.CharField(_("name"), max_length=100)
    search_name = models.CharField(max_length=100, db_index=True, editable=False)
    kind = models.CharField(_("unit type"), max_length=24, choices=UnitKind.choices)
    level = models.CharField(_("level"), max_length=10, choices=UnitLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=40, db_index=True, editable=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    source = models.CharField(_("data source"), max_length=60, blank=True)

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["era", "code"]
        constraints = [
            models.UniqueConstraint(fields=["era", "code"], name="unit_unique_era_code"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.code})"

    @property
    def full_name(self) -> str:
        return f"{KIND_PREFIX[self.kind]} {self.name}"

    @staticmethod
    def build_path(era: str, *codes: str) -> str:
        return "/".join([era, *codes]) + "/"


class SuccessionKind(models.TextChoices):
    MERGED_WHOLE = "merged_whole", _("merged whole")
    MERGED_PART = "merged_part", _("merged in part")


class AdministrativeUnitSuccession(models.Model):
    """An old unit that became (part of) a new one on the reform date."""

    predecessor = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("predecessor"),
        on_delete=models.CASCADE,
        related_name="successions",
    )
    successor = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("successor"),
        on_delete=models.CASCADE,
        related_name="predecessions",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SuccessionKind.choices)
    is_default = models.BooleanField(
        _("default successor"),
        default=True,
        help_text=_("Where an old unit was split, records follow its default successor."),
    )
    effective_date = models.DateField(_("effective date"), default=REFORM_DATE)

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


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


class PersonQuerySet(ScopedQuerySet):
    """People are kept by the organization whose record first named them, and scoped by it."""

    scope_path_field = "organization__path"

    def search(self, text: str) -> "PersonQuerySet":
        return self.filter(search_name__contains=fold(text))


class Person(models.Model):
    """An official known to the portal, recognized across the records of one line of the hierarchy.

    A position is not kept here: it belongs to the record that states it (an
    attendee on the day of a conference, the individual of a model), so one
    province's record never changes what another province's record says.
    """

    full_name = models.CharField(_("full name"), max_length=120)
    search_name = models.CharField(max_length=120, db_index=True, editable=False)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("kept by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_name = fold(self.full_name)
        super().save(*args, **kwargs)


class DocumentSystem(models.TextChoices):
    PARTY = "party", _("party document")
    STATE = "state", _("state document")


class DocumentQuerySet(ScopedQuerySet):
    """Documents are kept by the organization that issued (a decision) or cited them, and scoped by it."""


class Document(models.Model):
    """A document reviewed or cited by a conference, or a recognition decision.

    `code` is the normalized number ("09-NQ/TU", "16/CT-TTg"). Party numbers
    restart with each committee term and every commune numbers its own
    decisions, so a document is identified by the organization that keeps it
    (the issuer of a decision, or the body whose record cites it), its number
    and its date.
    """

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("kept by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        help_text=_("The issuing body of a decision; for a cited document, the body whose record cites it."),
    )
    code = models.CharField(_("number and symbol"), max_length=60, db_index=True)
    system = models.CharField(_("system"), max_length=5, choices=DocumentSystem.choices)
    type_code = models.CharField(_("type code"), max_length=10)
    number = models.CharField(_("number"), max_length=10)
    year = models.PositiveSmallIntegerField(_("year in the number"), null=True, blank=True)
    issuer_code = models.CharField(_("issuer code"), max_length=20)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issuer_name = models.CharField(_("issued by"), max_length=200, blank=True)
    title = models.CharField(_("subject"), max_length=500, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issued_on", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "code", "issued_on"], name="document_unique_keeper_code_date"
            ),
        ]

    def __str__(self) -> str:
        if self.issued_on:
            return f"{self.code} ({self.issued_on:%d/%m/%Y})"
        return self.code
