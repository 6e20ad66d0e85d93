"""Spreadsheet import and export of “Dân vận khéo” models.

One file format serves the template, the import and the export: the columns of
`COLUMNS`, administrative codes as text, dates day first. An import is all or
nothing: `run_import` validates every row, reports each error with the row
number Excel shows, and writes nothing if a single row is wrong.

The widgets of `EmulationModelResource` read and write the cells; the export goes
through django-import-export. The import does not use the library's row-by-row
machinery (an instance, a diff and a savepoint per row, ten times the cost of the
checks themselves): `ImportCheck` loads what the rows refer to in a few queries and
checks each row with dictionaries, and `_create` writes models, history rows and
workflow steps with `bulk_create`, in batches. Between preview and confirmation the
sheet as read is kept (`stored_sheet`), so the confirmation checks every row again
against the database as it is then, but does not parse the workbook a second time.

The template's example sits on a sheet of its own that is never read, and its name starts
with “Ví dụ:” (“Example:”): a row named so is never imported, wherever it is copied to and
in the data sheet of the templates handed out before, where the example was row 2.
"""

import csv
import dataclasses
import datetime
import functools
import hashlib
import io
import json
import logging
import re
import time
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePath

import tablib
from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from import_export import fields, resources, widgets
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from simple_history.utils import bulk_create_with_history

from danvan.models import REFORM_DATE, AdministrativeUnit, Era, Organization, OrganizationKind
from danvan.organizations import committee_for
from danvan.registers import people_for
from danvan.scoping import scope_for
from danvan.text import fold, nfc, without_control_characters
from models_registry.models import EmulationModel, Field, Status, SubjectKind, Transition

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
# A 5 MB workbook of real rows unpacks to at most a few tens of MB, packed up to about 35 times
# (an export of 20,000 rows with long repeated texts); a "zip bomb" packs a hundred MB into 100 KB.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_PACKING_RATIO = 100
RATIO_CHECKED_FROM_BYTES = 1024 * 1024  # small parts (styles, a short sheet) may pack tighter, harmlessly
MAX_CELL_CHARACTERS = 32_767  # what Excel itself holds in a cell
# Blank rows past the data (a template's pre-formatted rows) end the reading: a file of
# millions of empty rows is not read to its end. A gap this long between real rows is implausible.
MAX_BLANK_ROWS_IN_A_ROW = 1000
EXTENSIONS = (".xlsx", ".csv")
FIRST_YEAR = 2009  # the movement started in 2009

# The headers and the values below are a file format shared by every user, whatever the
# language of their screen: a sheet exported in English must import in Vietnamese, so
# they are not translated.
COLUMNS = {
    "name": "Tên mô hình",
    "subject_kind": "Tập thể/Cá nhân",
    "field": "Lĩnh vực",
    "unit_code": "Mã đơn vị hành chính",
    "era": "Thời kỳ",
    "registering_unit_name": "Đơn vị đăng ký",
    "person_name": "Họ tên cá nhân",
    "person_position": "Chức vụ",
    "registration_year": "Năm đăng ký",
    "phase": "Giai đoạn",
    "address": "Địa chỉ",
    "situation": "Thực trạng, lý do",
    "goals": "Mục tiêu",
    "content_and_method": "Nội dung, cách thức",
    "starts_on": "Bắt đầu",
    "ends_on": "Kết thúc",
}
REQUIRED = ("name", "subject_kind", "field", "unit_code", "registration_year")
TEXT_COLUMNS = ("unit_code", "starts_on", "ends_on")  # typed as Text in the template: Excel keeps them as written
SUBJECT_KIND_LABELS = {SubjectKind.COLLECTIVE: "Tập thể", SubjectKind.INDIVIDUAL: "Cá nhân"}
ERA_LABELS = {Era.PRE_2025: "trước 1/7/2025", Era.FROM_2025: "từ 1/7/2025"}
CODE_LENGTHS = (2, 3, 5)  # province, district, commune
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_PATTERN = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
ISO_DATE_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


# Cells repeat the same few values ("Tập thể", "Kinh tế") thousands of times; folding is not free.
fold_value = functools.lru_cache(maxsize=4096)(fold)


@functools.lru_cache(maxsize=4096)
def header_key(text: str) -> str:
    """Headers match without case, diacritics, punctuation or a trailing note: "Bat dau (dd/mm/yyyy)"."""
    return re.sub(r"[^a-z0-9]", "", fold(re.sub(r"\(.*\)\s*$", "", text)))


COLUMN_BY_KEY = {header_key(header): name for name, header in COLUMNS.items()}


def _compact(text: str) -> str:
    return re.sub(r"\s", "", fold(text))


@functools.cache
def _in_every_language(message: str) -> frozenset[str]:
    """`message` as the template writes it in each language of the site, compacted: the file
    format does not depend on the language of the screen it was downloaded from."""
    translated = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            translated.add(_compact(_(message)))
    return frozenset(translated)


def is_example(name) -> bool:
    """The template's example row, by its name: “Ví dụ: …” or “Example: …”, in any case or spacing."""
    return _compact(cell_text(name)).startswith(tuple(f"{word}:" for word in _in_every_language("Example")))


def cell_text(value) -> str:
    """A cell as the user reads it: 2266.0 → "2266", a date → "05/03/2024"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value:%d/%m/%Y}"
    return str(value).strip()


# Widgets: one column each; a ValueError becomes the row's error for that column.


class TextWidget(widgets.Widget):
    def __init__(self, max_length: int | None = None, required: bool = False):
        super().__init__(coerce_to_string=False)
        self.max_length, self.required = max_length, required

    def clean(self, value, row=None, **kwargs) -> str:
        text = cell_text(value)
        if self.required and not text:
            raise ValueError(_("This column must be filled in."))
        if self.max_length and len(text) > self.max_length:
            raise ValueError(_("At most %(limit)s characters.") % {"limit": self.max_length})
        return text

    def render(self, value, obj=None, **kwargs):
        return value or ""


class SubjectKindWidget(widgets.Widget):
    CHOICES = {
        **{fold(label): kind for kind, label in SUBJECT_KIND_LABELS.items()},
        **{kind.value: kind for kind in SubjectKind},
    }

    def clean(self, value, row=None, **kwargs) -> str:
        text = fold_value(cell_text(value))
        if text in self.CHOICES:
            return self.CHOICES[text]
        if not text:
            raise ValueError(_("This column must be filled in."))
        labels = SUBJECT_KIND_LABELS
        raise ValueError(
            _("Write “%(collective)s” or “%(individual)s”.")
            % {"collective": labels[SubjectKind.COLLECTIVE], "individual": labels[SubjectKind.INDIVIDUAL]}
        )

    def render(self, value, obj=None, **kwargs):
        return SUBJECT_KIND_LABELS.get(value, "")


class FieldWidget(widgets.Widget):
    """A field by name or code, without case or diacritics: "kinh te" is “Kinh tế”."""

    def __init__(self):
        super().__init__(coerce_to_string=False)
        self.choices: dict[str, Field] = {}
        self.names: list[str] = []

    def load(self) -> None:
        for item in Field.objects.all():
            self.names.append(item.name)
            for key in (item.name, item.code, item.code.replace("-", " ")):
                self.choices.setdefault(fold(key), item)

    def clean(self, value, row=None, **kwargs) -> Field:
        text = cell_text(value)
        if not text:
            raise ValueError(_("This column must be filled in."))
        try:
            return self.choices[fold_value(text)]
        except KeyError:
            raise ValueError(_("Unknown field: use one of %(choices)s.") % {"choices": ", ".join(self.names)}) from None

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


@dataclass(frozen=True)
class CodeCell:
    text: str
    typed_as_number: bool

    @property
    def candidates(self) -> set[str]:
        """The codes this cell may stand for once Excel has dropped the leading zeros."""
        if not self.text.isdigit():
            return {self.text}
        if not self.typed_as_number and len(self.text) in CODE_LENGTHS:
            return {self.text}
        codes = {self.text.zfill(length) for length in CODE_LENGTHS if length > len(self.text)}
        return codes | ({self.text} if len(self.text) in CODE_LENGTHS else set())


class UnitCodeWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs) -> CodeCell:
        text = cell_text(value)
        if not text:
            raise ValueError(_("This column must be filled in."))
        return CodeCell(text, typed_as_number=isinstance(value, int | float))


class EraWidget(widgets.Widget):
    """ "pre2025" / "from2025", or as people write it: "trước 1/7/2025", "Từ 01/07/2025"."""

    WORDS = {"truoc": Era.PRE_2025, "pre": Era.PRE_2025, "tu": Era.FROM_2025, "from": Era.FROM_2025}
    REFORM_SPELLINGS = ("", "2025", "172025", "0172025", "01072025")

    def clean(self, value, row=None, **kwargs) -> str:
        key = header_key(cell_text(value))
        if not key:
            return ""
        for word, era in self.WORDS.items():
            if key.startswith(word) and key.removeprefix(word) in self.REFORM_SPELLINGS:
                return era
        raise ValueError(
            _("Write “%(before)s” or “%(after)s”, or leave it empty.")
            % {"before": ERA_LABELS[Era.PRE_2025], "after": ERA_LABELS[Era.FROM_2025]}
        )

    def render(self, value, obj=None, **kwargs):
        return ERA_LABELS.get(value, "")


class YearWidget(widgets.Widget):
    def __init__(self):
        super().__init__(coerce_to_string=False)

    def clean(self, value, row=None, **kwargs) -> int:
        text = cell_text(value)
        if not text:
            raise ValueError(_("This column must be filled in."))
        if not (text.isdigit() and len(text) == 4):
            raise ValueError(_("Write the year with four digits, e.g. 2024."))
        year = int(text)
        if not FIRST_YEAR <= year <= timezone.localdate().year + 1:
            raise ValueError(_("The movement started in 2009: give a year from 2009 to next year."))
        return year

    def render(self, value, obj=None, **kwargs):
        return value


class DayFirstDateWidget(widgets.Widget):
    def __init__(self):
        super().__init__(coerce_to_string=False)

    def clean(self, value, row=None, **kwargs) -> datetime.date | None:
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = cell_text(value)
        if not text:
            return None
        if match := DATE_PATTERN.match(text):
            day, month, year = (int(part) for part in match.groups())
        elif match := ISO_DATE_PATTERN.match(text):
            year, month, day = (int(part) for part in match.groups())
        else:
            raise ValueError(_("Write the date as dd/mm/yyyy, e.g. 05/03/2024."))
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise ValueError(_("Write the date as dd/mm/yyyy, e.g. 05/03/2024.")) from None

    def render(self, value, obj=None, **kwargs):
        return value


def _column(name: str, attribute: str | None = None, widget: widgets.Widget | None = None) -> fields.Field:
    return fields.Field(attribute=attribute or name, column_name=COLUMNS[name], widget=widget or TextWidget())


class EmulationModelResource(resources.ModelResource):
    """The columns of the file ↔ the fields of a model, one widget per column.

    A widget reads a cell (`clean`, used by `ImportCheck`) and writes one (`render`, used by
    the export, which goes through django-import-export). Columns that are not model
    fields (code, era, person) are written by the `dehydrate_*` methods below.
    """

    name = _column("name", widget=TextWidget(300, required=True))
    subject_kind = _column("subject_kind", widget=SubjectKindWidget())
    field = _column("field", widget=FieldWidget())
    unit_code = _column("unit_code", "import_unit_code", UnitCodeWidget())
    era = _column("era", "import_era", EraWidget())
    registering_unit_name = _column("registering_unit_name", widget=TextWidget(300))
    person_name = _column("person_name", "import_person_name", TextWidget(120))
    person_position = _column("person_position", "import_person_position", TextWidget(300))
    registration_year = _column("registration_year", widget=YearWidget())
    phase = _column("phase", widget=TextWidget(40))
    address = _column("address", widget=TextWidget(300))
    situation = _column("situation")
    goals = _column("goals")
    content_and_method = _column("content_and_method")
    starts_on = _column("starts_on", widget=DayFirstDateWidget())
    ends_on = _column("ends_on", widget=DayFirstDateWidget())

    class Meta:
        model = EmulationModel
        fields = tuple(COLUMNS)
        export_order = tuple(COLUMNS)

    def dehydrate_unit_code(self, model: EmulationModel) -> str:
        unit = model.registering_organization.unit
        return unit.code if unit else ""

    def dehydrate_era(self, model: EmulationModel) -> str:
        unit = model.registering_organization.unit
        return ERA_LABELS.get(unit.era, "") if unit else ""

    def dehydrate_person_name(self, model: EmulationModel) -> str:
        return model.person.full_name if model.person else ""

    def dehydrate_person_position(self, model: EmulationModel) -> str:
        return model.person_position if model.person else ""


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


# Reading a file


class SheetError(Exception):
    """The file as a whole cannot be imported; `messages` say why, in the user's language."""

    def __init__(self, *messages: str):
        super().__init__("; ".join(messages))
        self.messages = list(messages)


@dataclass
class Sheet:
    columns: list[str]  # resource field names, in the order of the file
    rows: list[list] = dataclasses.field(default_factory=list)
    row_numbers: list[int] = dataclasses.field(default_factory=list)  # as Excel numbers them: the header is row 1


def read_sheet(file_name: str, content: bytes) -> Sheet:
    extension = PurePath(file_name.lower()).suffix
    if extension not in EXTENSIONS:
        raise SheetError(_("Only Excel workbooks (.xlsx) and CSV files (.csv) can be imported."))
    if len(content) > MAX_UPLOAD_BYTES:
        raise SheetError(_("The file is larger than 5 MB."))
    records = _xlsx_records(content) if extension == ".xlsx" else _csv_records(content)
    return _sheet_from(records)


def _xlsx_records(content: bytes) -> list[tuple[int, list]]:
    if not content.startswith(b"PK\x03\x04"):
        raise SheetError(_("This file is not an Excel workbook (.xlsx) or it is damaged."))
    _check_unpacked_size(content)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about Excel extensions it does not read
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            try:
                worksheet = _data_worksheet(workbook)
                worksheet.reset_dimensions()  # some writers declare a wrong size, which would cut rows off
                return _limited(enumerate(worksheet.iter_rows(values_only=True), 1))
            finally:
                workbook.close()
    except SheetError:
        raise
    except Exception as error:  # a damaged workbook fails in many ways inside openpyxl and zipfile
        logger.info("unreadable workbook: %r", error)
        raise SheetError(_("This file is not an Excel workbook (.xlsx) or it is damaged.")) from None


def _data_worksheet(workbook):
    """The first sheet that is not the template's example or lists, wherever the user moved those."""
    guides = _in_every_language("Example") | _in_every_language("Lists")
    sheets = [sheet for sheet in workbook.worksheets if _compact(sheet.title) not in guides]
    return (sheets or workbook.worksheets)[0]


def _check_unpacked_size(content: bytes) -> None:
    """Refuse a workbook that would unpack to far more than its rows, before openpyxl unpacks anything.

    The sizes are those the zip directory declares; zipfile never unpacks more than a member declares.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise SheetError(_("This file is not an Excel workbook (.xlsx) or it is damaged.")) from None
    unpacked = sum(member.file_size for member in members)
    packed_too_tightly = any(
        member.file_size >= RATIO_CHECKED_FROM_BYTES
        and member.file_size > MAX_PACKING_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if unpacked > MAX_UNPACKED_BYTES or packed_too_tightly:
        logger.warning("workbook refused: %s bytes unpacked from %s", unpacked, len(content))
        raise SheetError(
            _(
                "This workbook unpacks to %(size)s MB, far more than rows of models need: it is not imported. "
                "Copy the rows into the template and upload that."
            )
            % {"size": number_format(round(unpacked / 1024 / 1024), force_grouping=True)}
        )


def _csv_records(content: bytes) -> list[tuple[int, list]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SheetError(_("The CSV file is not in UTF-8: save it from Excel as “CSV UTF-8”.")) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        records = _limited(enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1))
    except csv.Error:
        raise SheetError(_("This CSV file cannot be read.")) from None
    return [(number, [_unescape_formula(value) for value in values]) for number, values in records]


def _unescape_formula(value: str) -> str:
    """Undo the quote our CSV export puts before a formula-like value."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def _clean_text(value: str) -> str:
    return nfc(without_control_characters(value)).strip()


def _limited(records: Iterator[tuple[int, Iterable]]) -> list[tuple[int, list]]:
    """The rows that have a value, up to the first long run of blank rows; refuses too many or too long."""
    kept, blank_run = [], 0
    for number, values in records:
        _check_cell_lengths(number, values)
        values = [_clean_text(value) if isinstance(value, str) else value for value in values]
        if not any(value not in (None, "") for value in values):
            blank_run += 1
            if blank_run >= MAX_BLANK_ROWS_IN_A_ROW:
                break
            continue
        blank_run = 0
        kept.append((number, values))
        if len(kept) > MAX_ROWS + 1:
            raise SheetError(_("The file has more than %(count)s rows: split it.") % {"count": MAX_ROWS})
    return kept


def _check_cell_lengths(number: int, values: list) -> None:
    if any(isinstance(value, str) and len(value) > MAX_CELL_CHARACTERS for value in values):
        raise SheetError(
            _("Row %(row)s has a cell of more than %(limit)s characters, more than Excel itself holds: shorten it.")
            % {"row": number, "limit": number_format(MAX_CELL_CHARACTERS, force_grouping=True)}
        )


def _sheet_from(records: list[tuple[int, list]]) -> Sheet:
    if not records:
        raise SheetError(_("The file is empty."))
    header_number, headers = records[0]
    if header_number != 1:
        raise SheetError(_("Row 1 must hold the column headers, as in the template."))
    positions, errors = _match_headers(headers)
    sheet = Sheet(columns=list(positions.values()))
    unnamed = set()
    for number, values in records[1:]:
        unnamed |= {index for index, value in enumerate(values) if value not in (None, "") and index not in positions}
        sheet.rows.append([values[index] if index < len(values) else None for index in positions])
        sheet.row_numbers.append(number)
    for index in sorted(unnamed):
        if index >= len(headers) or not cell_text(headers[index]):
            errors.append(_("Column %(letter)s has values but no header.") % {"letter": get_column_letter(index + 1)})
    if errors:
        raise SheetError(*errors)
    if not sheet.rows:
        raise SheetError(_("The file has no data rows under the headers."))
    return sheet


def _match_headers(headers: list) -> tuple[dict[int, str], list[str]]:
    """The resource field of each named column (by position), and what is wrong with the headers."""
    positions: dict[int, str] = {}
    errors = []
    for index, header in enumerate(headers):
        text = cell_text(header)
        if not text:
            continue
        name = COLUMN_BY_KEY.get(header_key(text))
        if name is None:
            errors.append(_("Unknown column “%(header)s”: use the headers of the template.") % {"header": text})
        elif name in positions.values():
            errors.append(_("The column “%(header)s” appears twice.") % {"header": COLUMNS[name]})
        else:
            positions[index] = name
    missing = [COLUMNS[name] for name in REQUIRED if name not in positions.values()]
    if missing:
        errors.append(_("Missing columns: %(columns)s.") % {"columns": ", ".join(f"“{m}”" for m in missing)})
    return positions, errors


# Importing

MODEL_COLUMNS = (
    "name",
    "subject_kind",
    "registering_unit_name",
    "registration_year",
    "phase",
    "address",
    "situation",
    "goals",
    "content_and_method",
    "starts_on",
    "ends_on",
)
BATCH_SIZE = 2000  # rows per INSERT: ten thousand rows in a few statements, each of bounded size


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
        values["folded_name"] = name  # every valid row has one: its search text starts with it
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


COLUMN_BY_HEADER = {header: name for name, header in COLUMNS.items()}


def run_import(sheet: Sheet, user, *, dry_run: bool) -> ImportReport:
    """Check every row and, unless `dry_run`, create them all as drafts, or none if any row is wrong.

    An import checks and writes in one transaction, holding the lock of the units its rows name:
    two confirmations of the same file cannot both find no duplicate.
    """
    started = time.perf_counter()
    if dry_run:
        report = ImportReport.of(ImportCheck(sheet, user))
    else:
        with transaction.atomic():
            check = ImportCheck(sheet, user, lock=True)
            report = ImportReport.of(check)
            if report.ok:
                _create_or_report(check, report)
    report.seconds = time.perf_counter() - started
    return report


def _create_or_report(check: ImportCheck, report: ImportReport) -> None:
    try:
        with transaction.atomic():
            report.imported = _create(check)
    except DatabaseError:
        logger.exception("the database refused an import")
        report.errors.append(RowError(0, "", "", _("The database refused the import.")))


def _create(check: ImportCheck) -> int:
    """The checked rows as drafts, each with its history row and its “import” workflow step.

    A few statements for any number of rows; the caller's transaction keeps it all or nothing.
    """
    user, rows, committees = check.user, check.valid, check.committees
    for unit in {values["unit"].pk: values["unit"] for values in rows}.values():
        if unit.pk not in committees:
            committees[unit.pk] = committee_for(unit)
    people = people_for(
        (committees[values["unit"].pk], values["person_name"]) for values in rows if values.get("person_name")
    )
    now = timezone.now()
    models = []
    for values in rows:
        unit, person_name = values["unit"], values.get("person_name")
        person = people.get((committees[unit.pk].pk, fold_value(person_name))) if person_name else None
        # As EmulationModel.save() fills it, fold(" ".join(name, unit name, address)), from folded parts:
        # the name is folded already and the other two repeat from row to row.
        searchable = [fold_value(values.get(name, "")) for name in ("registering_unit_name", "address")]
        models.append(
            EmulationModel(
                **{name: values[name] for name in MODEL_COLUMNS if name in values},
                field_id=values["field"].pk,
                registering_organization_id=committees[unit.pk].pk,
                unit_id=unit.pk,
                person_id=person.pk if person else None,
                person_position=values.get("person_position", "") if person else "",
                status=Status.DRAFT,
                created_by_id=user.pk,
                created_at=now,
                search_text=" ".join(part for part in (values["folded_name"], *searchable) if part),
            )
        )
    # The history rows that a plain bulk_create would skip; `bulk_create` returns the ids on
    # PostgreSQL and SQLite ≥ 3.35, so the history is written in the same few statements.
    bulk_create_with_history(models, EmulationModel, batch_size=BATCH_SIZE, default_user=user, default_date=now)
    if any(model.pk is None for model in models):
        raise RuntimeError("The database did not return the ids of the imported models.")
    Transition.objects.bulk_create(
        [
            Transition(emulation_model_id=model.pk, action="import", to_status=Status.DRAFT, actor_id=user.pk, at=now)
            for model in models
        ],
        batch_size=BATCH_SIZE,
    )
    return len(models)


# Keeping a checked sheet between the preview and the confirmation

SHEET_FORMAT = 1  # raise it when reading a file changes: sheets stored before are then read again


def stored_sheet(sheet: Sheet, content: bytes) -> str:
    """The sheet as read, as JSON text, tied to the file by its digest ("" if a cell cannot be stored).

    Cell types are kept (2266 and 2266.0 and "2266" are checked differently); dates and
    times as tagged ISO strings.
    """
    payload = {
        "format": SHEET_FORMAT,
        "sha256": hashlib.sha256(content).hexdigest(),
        "columns": sheet.columns,
        "row_numbers": sheet.row_numbers,
        "rows": sheet.rows,
    }
    try:
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=_cell_to_json)
    except TypeError:  # a kind of cell we do not keep: the confirmation reads the file again
        logger.info("sheet not stored: a cell has no JSON form")
        return ""


def restored_sheet(text: str, content: bytes) -> Sheet | None:
    """The sheet `stored_sheet` kept, or None if there is none in the current format (read the file).

    Raises SheetError if `content` is not the file the sheet was read from: what the user
    checked is not what would be imported.
    """
    try:
        payload = json.loads(text, object_hook=_cell_from_json) if text else {}
        if payload.get("format") != SHEET_FORMAT:
            return None
        sheet = Sheet(columns=payload["columns"], rows=payload["rows"], row_numbers=payload["row_numbers"])
    except (ValueError, KeyError, TypeError, AttributeError):  # not what `stored_sheet` writes
        logger.warning("stored sheet unreadable: the file is read again")
        return None
    if payload.get("sha256") != hashlib.sha256(content).hexdigest():
        raise SheetError(_("The stored file no longer matches the one you checked: upload it again."))
    return sheet


CELL_TYPES = {
    "datetime": datetime.datetime.fromisoformat,
    "date": datetime.date.fromisoformat,
    "time": datetime.time.fromisoformat,
    "timedelta": lambda parts: datetime.timedelta(*parts),
}


def _cell_to_json(value) -> dict:
    """Called by json.dumps for what JSON has no type for: {"date": "2024-03-05"}."""
    for kind in (datetime.datetime, datetime.date, datetime.time):  # a datetime is a date too: test it first
        if isinstance(value, kind):
            return {kind.__name__: value.isoformat()}
    if isinstance(value, datetime.timedelta):
        return {"timedelta": [value.days, value.seconds, value.microseconds]}
    raise TypeError(f"no JSON form for {type(value).__name__}")


def _cell_from_json(item: dict):
    if len(item) == 1:
        ((kind, value),) = item.items()
        if kind in CELL_TYPES:
            return CELL_TYPES[kind](value)
    return item


# Writing files


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
                _xlsx_cell(sheet, value, header in text_columns)
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


def _xlsx_cell(sheet, value, as_text: bool):
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "DD/MM/YYYY"
        return cell
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not (as_text or value.startswith("=")):
        return value
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"  # a string cell: never a formula, and "02266" keeps its zero
    cell.number_format = "@"
    return cell


def write_csv(dataset: tablib.Dataset) -> bytes:
    """UTF-8 with a BOM, which Excel needs to read Vietnamese; formula-like cells are quoted."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(dataset.headers)
    for row in dataset:
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def _csv_cell(value) -> str:
    text = cell_text(value) if not isinstance(value, str) else value
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


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
