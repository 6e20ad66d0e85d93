"""Writing files: the export (.xlsx or CSV, in the import's format) and the import template."""

import csv
import io

import tablib
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from danvan.models import AdministrativeUnit, Era
from danvan.scoping import scope_for
from models_registry.models import Field, SubjectKind
from models_registry.spreadsheets.cells import csv_cell, xlsx_cell
from models_registry.spreadsheets.columns import (
    COLUMNS,
    ERA_LABELS,
    SUBJECT_KIND_LABELS,
    TEXT_COLUMNS,
    EmulationModelResource,
)


def export_dataset(queryset: QuerySet) -> tablib.Dataset:
    """The rows of `queryset` in the import format; the caller scopes and filters it."""
    queryset = queryset.select_related("field", "registering_organization__unit", "person")
    return EmulationModelResource().export(queryset)


def write_xlsx(dataset: tablib.Dataset, title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    _write_header(sheet, dataset.headers)
    text_columns = {COLUMNS[name] for name in TEXT_COLUMNS}
    for row in dataset:
        sheet.append(
            [
                xlsx_cell(sheet, value, header in text_columns)
                for header, value in zip(dataset.headers, row, strict=True)
            ]
        )
    return _saved(workbook)


def _write_header(sheet, headers: list[str]) -> None:
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers, 1):
        sheet.column_dimensions[get_column_letter(index)].width = max(14, min(40, len(header) + 4))
    cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, header)
        cell.font = Font(bold=True)
        cells.append(cell)
    sheet.append(cells)


def write_csv(dataset: tablib.Dataset) -> bytes:
    """UTF-8 with a BOM, which Excel needs to read Vietnamese; formula-like cells are quoted."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(dataset.headers)
    for row in dataset:
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def _saved(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


TEMPLATE_ROWS = 1000  # rows pre-formatted as Text and offered drop-down lists


def build_template(user) -> bytes:
    """The import template: the headers to fill in under, an example on its own sheet (never read),
    then the valid fields and the user's units."""
    units = list(AdministrativeUnit.objects.filter(scope_for(user).q("path", for_edit=True)).order_by("era", "path"))
    field_names = list(Field.objects.values_list("name", flat=True))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Models")[:31]
    example = workbook.create_sheet(_("Example")[:31])
    lists = workbook.create_sheet(_("Lists")[:31])
    for page in (sheet, example):
        _add_headers(page)
    _format_text_columns(sheet)
    _add_example(example, units[0] if units else None, field_names[0] if field_names else "", sheet.title)
    _fill_lists(lists, field_names, units)
    _add_choices(sheet, lists, len(field_names))
    return _saved(workbook)


def _add_headers(sheet) -> None:
    headers = list(COLUMNS.values())
    sheet.append(headers)
    for index, header in enumerate(headers, 1):
        sheet.cell(1, index).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = max(14, min(40, len(header) + 4))
    sheet.freeze_panes = "A2"


def _format_text_columns(sheet) -> None:
    names = list(COLUMNS)
    for name in TEXT_COLUMNS:
        column = names.index(name) + 1
        for row in range(2, TEMPLATE_ROWS + 2):
            sheet.cell(row, column).number_format = "@"
    note = _("Typed as text so that Excel keeps the leading zeros, e.g. 02266.")
    sheet.cell(1, names.index("unit_code") + 1).comment = Comment(note, "")
    for name in ("starts_on", "ends_on"):
        sheet.cell(1, names.index(name) + 1).comment = Comment(_("Day first: dd/mm/yyyy, e.g. 05/03/2024."), "")


def _add_example(sheet, unit: AdministrativeUnit | None, field_name: str, data_sheet: str) -> None:
    year = timezone.localdate().year
    example = {
        "name": _("Example: skilful mass mobilization for cleaner village roads"),
        "subject_kind": SUBJECT_KIND_LABELS[SubjectKind.COLLECTIVE],
        "field": field_name,
        "unit_code": unit.code if unit else "02266",
        "era": ERA_LABELS[unit.era] if unit else ERA_LABELS[Era.FROM_2025],
        "registering_unit_name": _("Women's union of village 1"),
        "registration_year": year,
        "phase": f"{year} – {year + 2}",
        "address": _("Village 1"),
        "situation": _("Write your own models in the sheet “%(sheet)s”.") % {"sheet": data_sheet},
        "starts_on": f"01/03/{year}",
        "ends_on": f"31/12/{year}",
    }
    for index, name in enumerate(COLUMNS, 1):
        sheet.cell(2, index).value = example.get(name)
        sheet.cell(2, index).font = Font(italic=True, color="666666")
    note = _("This sheet is never imported, nor is a row whose name starts with “%(example)s:”.")
    sheet.cell(4, 1).value = note % {"example": _("Example")}
    sheet.cell(4, 1).font = Font(bold=True, color="C00000")


def _fill_lists(lists, field_names: list[str], units: list[AdministrativeUnit]) -> None:
    lists.append([_("Field"), "", _("Code"), _("Name"), _("Level"), _("Era")])
    for cell in lists[1]:
        cell.font = Font(bold=True)
    for width, letter in zip((32, 4, 10, 36, 16, 16), "ABCDEF", strict=True):
        lists.column_dimensions[letter].width = width
    for index in range(max(len(field_names), len(units))):
        unit = units[index] if index < len(units) else None
        lists.append(
            [
                field_names[index] if index < len(field_names) else None,
                None,
                unit.code if unit else None,
                unit.full_name if unit else None,
                unit.get_level_display() if unit else None,
                ERA_LABELS[unit.era] if unit else None,
            ]
        )
        if unit:
            lists.cell(index + 2, 3).number_format = "@"
            lists.cell(index + 2, 3).data_type = "s"


def _add_choices(sheet, lists, field_count: int) -> None:
    names = list(COLUMNS)
    choices = {
        "subject_kind": '"{}"'.format(",".join(SUBJECT_KIND_LABELS.values())),
        "era": '"{}"'.format(",".join(ERA_LABELS.values())),
    }
    if field_count:
        choices["field"] = f"'{lists.title}'!$A$2:$A${field_count + 1}"
    for name, formula in choices.items():
        letter = get_column_letter(names.index(name) + 1)
        validation = DataValidation(type="list", formula1=formula, allow_blank=True)
        validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
        sheet.add_data_validation(validation)
