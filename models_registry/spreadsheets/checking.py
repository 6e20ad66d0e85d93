"""Checking the rows of a sheet against every rule and the database as it is now: `ImportCheck`.

The import does not use django-import-export's row-by-row machinery (an instance, a diff
and a savepoint per row, ten times the cost of the checks themselves): `ImportCheck`
loads what the rows refer to in a few queries and checks each row with dictionaries.
Errors name the row as Excel numbers it and the column by its header (`ImportReport`).
"""

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from danvan.models import REFORM_DATE, AdministrativeUnit, Era, Organization, OrganizationKind
from danvan.scoping import scope_for
from danvan.text import fold
from models_registry.models import EmulationModel, SubjectKind
from models_registry.spreadsheets.cells import cell_text, is_example
from models_registry.spreadsheets.columns import COLUMN_BY_HEADER, COLUMNS, CodeCell, EmulationModelResource
from models_registry.spreadsheets.reading import Sheet


@dataclass(frozen=True)
class RowError:
    row: int  # as Excel numbers it
    column: str
    value: str
    message: str


@dataclass(frozen=True)
class PlannedRow:
    """A model the import creates, as the preview lists it."""

    row: int  # as Excel numbers it
    name: str
    unit: AdministrativeUnit
    registering_unit_name: str
    year: int


@dataclass
class ImportReport:
    total_rows: int
    errors: list[RowError] = dataclasses.field(default_factory=list)
    planned: list[PlannedRow] = dataclasses.field(default_factory=list)  # the valid rows, in sheet order
    example_rows: list[int] = dataclasses.field(default_factory=list)  # skipped: the template's example
    imported: int = 0
    seconds: float = 0.0

    @classmethod
    def of(cls, check: "ImportCheck") -> "ImportReport":
        planned = [
            PlannedRow(v["sheet_row"], v["name"], v["unit"], v.get("registering_unit_name", ""), v["registration_year"])
            for v in check.valid
        ]
        return cls(len(check.sheet.rows), check.errors, planned, check.example_rows)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def valid_rows(self) -> int:
        return len(self.planned)

    @property
    def examples_note(self) -> str:
        rows = self.example_rows
        message = ngettext(
            "Row %(rows)s is the template's example: it is not imported.",
            "Rows %(rows)s are the template's examples: they are not imported.",
            len(rows),
        )
        return message % {"rows": ", ".join(str(row) for row in rows)} if rows else ""


class ImportCheck:
    """Every rule, for every row of `sheet`, against what the database holds now. Writes nothing.

    What the rows refer to (fields, units, committees, models already registered) is
    loaded once, in a few queries; each row is then checked with dictionaries. Errors
    name the row as Excel numbers it and the column by its header.
    """

    def __init__(self, sheet: Sheet, user, *, lock: bool = False):
        self.sheet, self.user = sheet, user
        self.widgets = {name: field.widget for name, field in EmulationModelResource().fields.items()}
        self.widgets["field"].load()
        self.scope = scope_for(user)
        code_index = sheet.columns.index("unit_code")
        # Locked before anything else is read: a concurrent import of the same rows then waits
        # here until this one commits, and its duplicate check sees what this one wrote.
        self.units = _units_for((row[code_index] for row in sheet.rows), lock=lock)
        self.committees = _committees_of(self.units.values())
        self.existing = _existing_keys(self.committees.values())
        self.seen: dict[tuple, int] = {}  # (folded name, unit id, year) → the row that has it first
        self.errors: list[RowError] = []
        self.valid: list[dict] = []  # each valid row's values by column name, with its "unit" and "sheet_row"
        self.example_rows: list[int] = []
        self._check_all()

    def _check_all(self) -> None:
        columns = [(index, name, self.widgets[name]) for index, name in enumerate(self.sheet.columns)]
        name_index = self.sheet.columns.index("name")
        for raw, sheet_row in zip(self.sheet.rows, self.sheet.row_numbers, strict=True):
            if is_example(raw[name_index]):
                self.example_rows.append(sheet_row)
                continue
            values: dict = {"sheet_row": sheet_row}
            errors: dict[str, list[str]] = {}
            for index, name, widget in columns:
                try:
                    values[name] = widget.clean(raw[index])
                except ValueError as error:
                    errors[name] = [str(error)]
            self._check_row(values, errors, sheet_row)
            if errors:
                self._report(raw, errors, sheet_row)
            else:
                self.valid.append(values)
        if not self.valid and not self.errors:
            message = _("The file has no rows to import: the template's example row is never imported.")
            self.errors.append(RowError(0, "", "", message))
        order = {name: index for index, name in enumerate(self.sheet.columns)}
        self.errors.sort(key=lambda error: (error.row, order.get(COLUMN_BY_HEADER.get(error.column), 99)))

    def _check_row(self, values: dict, errors: dict, sheet_row: int) -> None:
        """The rules that need several columns: unit and scope, person, dates, duplicates."""
        unit = self._unit(values, errors)
        if values.get("subject_kind") == SubjectKind.INDIVIDUAL and not values.get("person_name"):
            if "person_name" not in errors:
                self._add(errors, "person_name", _("An exemplar is a person: give their full name."))
        starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self._add(errors, "ends_on", _("The end date is before the start date."))
        if unit and values.get("name") and values.get("registration_year"):
            self._check_duplicate(values, unit, errors, sheet_row)

    def _unit(self, values: dict, errors: dict) -> AdministrativeUnit | None:
        if "unit_code" in errors or "era" in errors or "unit_code" not in values:
            return None
        code: CodeCell = values["unit_code"]
        era = values.get("era", "")
        year = values.get("registration_year")
        eras = [era] if era else ([Era.PRE_2025] if year and year < REFORM_DATE.year else [])
        eras = eras or ([Era.FROM_2025] if year and year > REFORM_DATE.year else [Era.PRE_2025, Era.FROM_2025])
        matches = {self.units[key] for key in ((e, c) for e in eras for c in code.candidates) if key in self.units}
        if not matches:
            self._add(errors, "unit_code", _("No administrative unit has this code."))
            return None
        if len({unit.era for unit in matches}) > 1:
            self._add(errors, "era", _("This code names a unit both before and after 1 July 2025: fill in the era."))
            return None
        if len(matches) > 1:
            self._add(
                errors,
                "unit_code",
                _("Excel turned this code into a number and dropped its leading zeros: format the column as Text."),
            )
            return None
        unit = matches.pop()
        if not self.scope.covers(unit.path, for_edit=True):
            self._add(errors, "unit_code", _("The unit %(unit)s is outside your scope.") % {"unit": unit})
            return None
        values["unit"] = unit
        return unit

    def _check_duplicate(self, values: dict, unit: AdministrativeUnit, errors: dict, sheet_row: int) -> None:
        name, year = fold(values["name"]), values["registration_year"]
        committee = self.committees.get(unit.pk)  # none yet: its committee has registered nothing
        if committee and (name, committee.pk, year) in self.existing:
            message = _("%(organization)s already registered a model of this name in %(year)s.") % {
                "organization": committee.name,
                "year": year,
            }
            self._add(errors, "name", message)
        elif (name, unit.pk, year) in self.seen:
            row = self.seen[(name, unit.pk, year)]
            self._add(errors, "name", _("The same model as in row %(row)s of this file.") % {"row": row})
        else:
            self.seen[(name, unit.pk, year)] = sheet_row

    @staticmethod
    def _add(errors: dict, column: str, message: str) -> None:
        errors.setdefault(column, []).append(message)

    def _report(self, raw: list, errors: dict, sheet_row: int) -> None:
        cells = dict(zip(self.sheet.columns, raw, strict=True))
        for name in [*self.sheet.columns, *COLUMNS]:
            for message in errors.pop(name, []):
                self.errors.append(RowError(sheet_row, COLUMNS[name], cell_text(cells.get(name))[:200], message))


def _units_for(codes: Iterable, *, lock: bool = False) -> dict[tuple[str, str], AdministrativeUnit]:
    """The units the codes may stand for; with `lock`, their rows locked until the transaction ends.

    Locked in the order of their ids, as every import locks them: two imports wait for each other
    instead of deadlocking.
    """
    candidates = set()
    for value in codes:
        text = cell_text(value)
        if text:
            candidates |= CodeCell(text, isinstance(value, int | float)).candidates
    if not candidates:
        return {}
    units = AdministrativeUnit.objects.filter(code__in=candidates)
    if lock:
        units = units.order_by("pk").select_for_update()
    return {(unit.era, unit.code): unit for unit in units}


def _committees_of(units: Iterable[AdministrativeUnit]) -> dict[int, Organization]:
    """The committee of each unit that has one already, chosen as `committee_for` chooses it."""
    committees: dict[int, Organization] = {}
    unit_by_id = {unit.pk: unit for unit in units}
    queryset = Organization.objects.filter(unit__in=list(unit_by_id), kind=OrganizationKind.PARTY_COMMITTEE)
    for organization in queryset:
        organization.unit = unit_by_id[organization.unit_id]
        committees.setdefault(organization.unit_id, organization)
    return committees


def _existing_keys(organizations: Iterable[Organization]) -> set[tuple]:
    rows = EmulationModel.objects.filter(registering_organization__in=[o.pk for o in organizations]).values_list(
        "name", "registering_organization_id", "registration_year"
    )
    return {(fold(name), organization_id, year) for name, organization_id, year in rows}
