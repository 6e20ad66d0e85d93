"""Load the official administrative map of both eras from `vietnamadminunits`.

The package ships a SQLite file (tables `admin_units_legacy` and
`admin_units`) and the 2025 conversion table as JSON. We read those files
directly instead of importing the package, whose `__init__` pulls in its
address parser and geometry libraries.
"""

import datetime
import importlib.metadata
import importlib.util
import json
import sqlite3
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from danvan.caching import data_changed
from danvan.models import (
    LEVEL_OF_KIND,
    REFORM_DATE,
    AdministrativeUnit,
    AdministrativeUnitSuccession,
    Era,
    SuccessionKind,
    UnitKind,
)
from danvan.text import fold

PACKAGE = "vietnamadminunits"
LAST_DAY_BEFORE_REFORM = REFORM_DATE - datetime.timedelta(days=1)

DISTRICT_KINDS = {
    "Huyện": UnitKind.RURAL_DISTRICT,
    "Quận": UnitKind.URBAN_DISTRICT,
    "Thị xã": UnitKind.DISTRICT_TOWN,
    "Thành phố": UnitKind.PROVINCIAL_CITY,
}
COMMUNE_KINDS = {
    "Xã": UnitKind.COMMUNE,
    "Phường": UnitKind.WARD,
    "Thị trấn": UnitKind.TOWNSHIP,
    "Đặc khu": UnitKind.SPECIAL_ZONE,
}
UPDATE_FIELDS = ["name", "search_name", "kind", "level", "parent", "path", "valid_from", "valid_until", "source"]


def package_data_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise CommandError(f"The package {PACKAGE} is not installed.")
    return Path(spec.submodule_search_locations[0]) / "data"


def province_kind(full_name: str) -> str:
    return UnitKind.CENTRAL_CITY if full_name.startswith("Thành phố") else UnitKind.PROVINCE


class Command(BaseCommand):
    help = "Load administrative units of both eras (before and from 1 July 2025) with successions."

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            action="append",
            default=[],
            metavar="CODE",
            help="Load only this province code (both eras); repeatable. Default: the whole country.",
        )

    def handle(self, *args, province, **options):
        started = time.monotonic()
        data_dir = package_data_dir()
        self.source = f"{PACKAGE} {importlib.metadata.version(PACKAGE)}"
        self.only = set(province)
        connection = sqlite3.connect(f"file:{data_dir / 'dataset.db'}?mode=ro", uri=True)
        connection.row_factory = sqlite3.Row
        with transaction.atomic():
            legacy_keys = self.load_legacy(connection)
            current_keys = self.load_current(connection)
            successions = self.load_successions(
                json.loads((data_dir / "converter_2025.json").read_text(encoding="utf-8")),
                legacy_keys,
                current_keys,
            )
        counts = {
            (era, level): AdministrativeUnit.objects.filter(era=era, level=level).count()
            for era in Era.values
            for level in ("province", "district", "commune")
        }
        self.stdout.write(
            "Loaded {} in {:.1f} s: before 2025 {}/{}/{} (province/district/commune), "
            "from 2025 {}/{}, {} successions.".format(
                self.source,
                time.monotonic() - started,
                counts[Era.PRE_2025, "province"],
                counts[Era.PRE_2025, "district"],
                counts[Era.PRE_2025, "commune"],
                counts[Era.FROM_2025, "province"],
                counts[Era.FROM_2025, "commune"],
                successions,
            )
        )

    def wanted(self, province_code: str) -> bool:
        return not self.only or province_code in self.only

    def upsert(self, era: str, rows: list[dict]) -> dict[str, int]:
        """Insert or update units of one level; return code → id for the era."""
        units = [
            AdministrativeUnit(
                era=era,
                level=LEVEL_OF_KIND[row["kind"]],
                search_name=fold(row["name"]),
                source=self.source,
                **row,
            )
            for row in rows
        ]
        AdministrativeUnit.objects.bulk_create(
            units,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["era", "code"],
            update_fields=UPDATE_FIELDS,
        )
        data_changed(AdministrativeUnit)
        return dict(AdministrativeUnit.objects.filter(era=era).values_list("code", "id"))

    def load_legacy(self, connection) -> dict[str, int]:
        """Load the three-level map in force until 30 June 2025; return conversion key → id."""
        rows = [r for r in connection.execute("SELECT * FROM admin_units_legacy") if self.wanted(r["provinceCode"])]
        era, validity = Era.PRE_2025, {"valid_from": None, "valid_until": LAST_DAY_BEFORE_REFORM}
        provinces = {
            r["provinceCode"]: {
                "code": r["provinceCode"],
                "name": r["provinceShort"],
                "kind": province_kind(r["province"]),
                "parent_id": None,
                "path": AdministrativeUnit.build_path(era, r["provinceCode"]),
                **validity,
            }
            for r in rows
        }
        ids = self.upsert(era, list(provinces.values()))
        districts = {
            r["districtCode"]: {
                "code": r["districtCode"],
                "name": r["districtShort"],
                "kind": DISTRICT_KINDS[r["districtType"]],
                "parent_id": ids[r["provinceCode"]],
                "path": AdministrativeUnit.build_path(era, r["provinceCode"], r["districtCode"]),
                **validity,
            }
            for r in rows
        }
        ids = self.upsert(era, list(districts.values()))
        # A few island districts (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo)
        # have no communes: their row carries no ward.
        communes = [r for r in rows if r["wardCode"]]
        ids = self.upsert(
            era,
            [
                {
                    "code": r["wardCode"],
                    "name": r["wardShort"],
                    "kind": COMMUNE_KINDS[r["wardType"]],
                    "parent_id": ids[r["districtCode"]],
                    "path": AdministrativeUnit.build_path(era, r["provinceCode"], r["districtCode"], r["wardCode"]),
                    **validity,
                }
                for r in communes
            ],
        )
        keys = {r["provinceKey"]: ids[r["provinceCode"]] for r in rows}
        keys.update({f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}": ids[r["wardCode"]] for r in communes})
        return keys

    def load_current(self, connection) -> dict[str, int]:
        """Load the two-level map in force from 1 July 2025; return conversion key → id."""
        rows = [r for r in connection.execute("SELECT * FROM admin_units") if self.wanted(r["provinceCode"])]
        era, validity = Era.FROM_2025, {"valid_from": REFORM_DATE, "valid_until": None}
        provinces = {
            r["provinceCode"]: {
                "code": r["provinceCode"],
                "name": r["provinceShort"],
                "kind": province_kind(r["province"]),
                "parent_id": None,
                "path": AdministrativeUnit.build_path(era, r["provinceCode"]),
                **validity,
            }
            for r in rows
        }
        ids = self.upsert(era, list(provinces.values()))
        ids = self.upsert(
            era,
            [
                {
                    "code": r["wardCode"],
                    "name": r["wardShort"],
                    "kind": COMMUNE_KINDS[r["wardType"]],
                    "parent_id": ids[r["provinceCode"]],
                    "path": AdministrativeUnit.build_path(era, r["provinceCode"], r["wardCode"]),
                    **validity,
                }
                for r in rows
            ],
        )
        keys = {r["provinceKey"]: ids[r["provinceCode"]] for r in rows}
        keys.update({f"{r['provinceKey']}:{r['wardKey']}": ids[r["wardCode"]] for r in rows})
        return keys

    def load_successions(self, converter: dict, legacy: dict[str, int], current: dict[str, int]) -> int:
        links = {}

        def link(old_key, new_key, kind, is_default=True):
            if old_key in legacy and new_key in current:
                links[legacy[old_key], current[new_key]] = (kind, is_default)

        for new_province, old_provinces in converter["DICT_PROVINCE"].items():
            for old_province in old_provinces:
                link(old_province, new_province, SuccessionKind.MERGED_WHOLE)
        for new_province, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
            for new_ward, old_wards in wards.items():
                for old_ward in old_wards:
                    link(old_ward, f"{new_province}:{new_ward}", SuccessionKind.MERGED_WHOLE)
        for new_province, old_wards in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
            for old_ward, parts in old_wards.items():
                for part in parts:
                    link(
                        old_ward,
                        f"{new_province}:{part['newWardKey']}",
                        SuccessionKind.MERGED_PART,
                        part["isDefaultNewWard"],
                    )
        AdministrativeUnitSuccession.objects.bulk_create(
            [
                AdministrativeUnitSuccession(
                    predecessor_id=old, successor_id=new, kind=kind, is_default=is_default, effective_date=REFORM_DATE
                )
                for (old, new), (kind, is_default) in links.items()
            ],
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["predecessor", "successor"],
            update_fields=["kind", "is_default", "effective_date"],
        )
        data_changed(AdministrativeUnitSuccession)
        return len(links)
