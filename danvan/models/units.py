"""The official map: administrative units of both eras and how the 2025 reform joined them.

Units are versioned by era: the same official code names different places
before and after the 1 July 2025 reform, so a unit is keyed by (era, code).
Every unit carries a materialized `path` so that a subtree is one indexed
prefix query.
"""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.scoping import scope_for
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
