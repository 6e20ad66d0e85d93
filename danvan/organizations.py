"""Party organizations created on demand from administrative units.

The names follow how Vietnamese documents write them ("Huyện ủy Lâm Bình",
"Đảng ủy xã Sơn Lâm", "Ban Dân vận Huyện ủy Lâm Bình"). Issuer codes follow
the document numbers seen in practice (TU, HU, QU, ĐU, BDVHU, BTGDVTU).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.management.base import CommandError
from django.db import transaction

from danvan.caching import data_changed
from danvan.locking import claim_version
from danvan.models import (
    AdministrativeUnit,
    Era,
    Organization,
    OrganizationKind,
    UnitKind,
)

# Ban Tuyên giáo and Ban Dân vận of the provinces merged in February–March 2025.
PROVINCE_BOARDS_MERGED = datetime.date(2025, 3, 1)


@dataclass(frozen=True)
class CommitteeStyle:
    title: str  # "Huyện ủy"
    code: str  # "HU"
    party_organization: str  # "Đảng bộ huyện"


COMMITTEE_STYLE = {
    UnitKind.PROVINCE: CommitteeStyle("Tỉnh ủy", "TU", "Đảng bộ tỉnh"),
    UnitKind.CENTRAL_CITY: CommitteeStyle("Thành ủy", "TU", "Đảng bộ thành phố"),
    UnitKind.RURAL_DISTRICT: CommitteeStyle("Huyện ủy", "HU", "Đảng bộ huyện"),
    UnitKind.URBAN_DISTRICT: CommitteeStyle("Quận ủy", "QU", "Đảng bộ quận"),
    UnitKind.DISTRICT_TOWN: CommitteeStyle("Thị ủy", "TU", "Đảng bộ thị xã"),
    UnitKind.PROVINCIAL_CITY: CommitteeStyle("Thành ủy", "ThU", "Đảng bộ thành phố"),
    UnitKind.COMMUNE: CommitteeStyle("Đảng ủy xã", "ĐU", "Đảng bộ xã"),
    UnitKind.WARD: CommitteeStyle("Đảng ủy phường", "ĐU", "Đảng bộ phường"),
    UnitKind.TOWNSHIP: CommitteeStyle("Đảng ủy thị trấn", "ĐU", "Đảng bộ thị trấn"),
    UnitKind.SPECIAL_ZONE: CommitteeStyle("Đảng ủy đặc khu", "ĐU", "Đảng bộ đặc khu"),
}


def refresh_namesakes(names: Iterable[str]) -> dict[int, str]:
    """Give each organization named one of `names` its period exactly when another one reads the same.

    Call it after every write that adds, renames, re-dates or removes organizations
    (with the old and the new names): "Tỉnh ủy Tuyên Quang" before and from the
    2025 reform become "… (đến 30/6/2025)" and "… (từ 01/7/2025)", while a name
    no other organization bears stays plain. Two queries at most, however many names.
    Returns the period label of each organization it read, by id, for instances in hand.
    """
    namesakes = defaultdict(list)
    for organization in Organization.objects.filter(name__in=set(names)).select_related("unit"):
        namesakes[organization.name].append(organization)
    changed = []
    for group in namesakes.values():
        # Periods that would not tell the namesakes apart (one era, two provinces) are not printed.
        distinct = len({organization.period for organization in group}) > 1
        for organization in group:
            label = organization.period if distinct else ""
            if organization.period_label != label:
                organization.period_label = label
                changed.append(organization)
    if changed:
        Organization.objects.bulk_update(changed, ["period_label"])
        data_changed(Organization)
    return {organization.pk: organization.period_label for group in namesakes.values() for organization in group}


def central_committee() -> Organization:
    organization, _ = Organization.objects.get_or_create(
        kind=OrganizationKind.CENTRAL,
        unit=None,
        defaults={
            "name": "Ban Chấp hành Trung ương",
            "party_organization_name": "Đảng Cộng sản Việt Nam",
            "issuer_code": "TW",
            "place_name": "Hà Nội",
        },
    )
    return organization


@transaction.atomic
def committee_for(unit: AdministrativeUnit) -> Organization:
    """The party committee (cấp ủy) of `unit`, created with its parents if missing."""
    existing = Organization.objects.filter(unit=unit, kind=OrganizationKind.PARTY_COMMITTEE).first()
    if existing:
        return existing
    parent = committee_for(unit.parent) if unit.parent_id else central_committee()
    style = COMMITTEE_STYLE[unit.kind]
    committee = Organization.objects.create(
        kind=OrganizationKind.PARTY_COMMITTEE,
        unit=unit,
        parent=parent,
        name=f"{style.title} {unit.name}",
        party_organization_name=f"{style.party_organization} {unit.name}",
        issuer_code=style.code,
        place_name=unit.name,
        valid_from=unit.valid_from,
        valid_until=unit.valid_until,
    )
    committee.period_label = refresh_namesakes([committee.name])[committee.pk]
    return committee


@transaction.atomic
def mass_mobilization_board_for(unit: AdministrativeUnit, on: datetime.date) -> Organization:
    """The body that runs mass mobilization work for `unit` on date `on`.

    Province and district: Ban Dân vận (from March 2025 at province level,
    Ban Tuyên giáo và Dân vận). Commune: the Khối dân vận before the reform,
    the Ban Xây dựng Đảng of the new commune party committee after it.
    """
    committee = committee_for(unit)
    name, code, kind, valid_from, valid_until = _board_style(unit, committee, on)
    board, created = Organization.objects.get_or_create(
        unit=unit,
        kind=kind,
        valid_from=valid_from,
        defaults={
            "parent": committee,
            "name": name,
            "party_organization_name": committee.party_organization_name,
            "issuer_code": code,
            "place_name": committee.place_name,
            "valid_until": valid_until,
        },
    )
    if created:
        board.period_label = refresh_namesakes([board.name])[board.pk]
    return board


def _board_style(unit, committee, on):
    board = OrganizationKind.MASS_MOBILIZATION_BOARD
    if unit.level == "commune":
        if unit.era == Era.PRE_2025:
            bloc_name = f"Khối dân vận {committee.party_organization_name.removeprefix('Đảng bộ ')}"
            return bloc_name, "", OrganizationKind.MASS_MOBILIZATION_BLOC, unit.valid_from, unit.valid_until
        return f"Ban Xây dựng Đảng {committee.name}", "BXDĐ", board, unit.valid_from, unit.valid_until
    if unit.level == "province" and (unit.era == Era.FROM_2025 or on >= PROVINCE_BOARDS_MERGED):
        valid_from = unit.valid_from if unit.era == Era.FROM_2025 else PROVINCE_BOARDS_MERGED
        name = f"Ban Tuyên giáo và Dân vận {committee.name}"
        return name, f"BTGDV{committee.issuer_code}", board, valid_from, unit.valid_until
    valid_until = PROVINCE_BOARDS_MERGED - datetime.timedelta(days=1) if unit.level == "province" else unit.valid_until
    return f"Ban Dân vận {committee.name}", f"BDV{committee.issuer_code}", board, unit.valid_from, valid_until


def organization_from_spec(spec: dict) -> Organization:
    """The organization a demo or fixture file names: {"era", "code", "body": "committee" | "board", "on"}."""
    if spec.get("central"):
        return central_committee()
    try:
        unit = AdministrativeUnit.objects.select_related("parent__parent").get(era=spec["era"], code=spec["code"])
    except AdministrativeUnit.DoesNotExist:
        raise CommandError(
            f"Unit {spec['era']}/{spec['code']} is missing: run `python manage.py load_units` first."
        ) from None
    if spec["body"] == "committee":
        return committee_for(unit)
    return mass_mobilization_board_for(unit, on=datetime.date.fromisoformat(spec["on"]))


@transaction.atomic
def save_organization(form) -> Organization:
    """Save an organization form unless someone saved the organization since it was opened (StaleEdit)."""
    organization = form.save(commit=False)
    claim_version(organization, form.cleaned_data["lock_version"] or 0)
    organization.save()
    labels = refresh_namesakes([organization.name, form.initial.get("name", "")])
    organization.period_label = labels[organization.pk]
    return organization
