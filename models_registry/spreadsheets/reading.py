"""Reading an uploaded sheet (.xlsx or CSV) within its caps, and keeping it until the confirmation.

An upload is refused as a whole (`SheetError`) when it is not a workbook or a UTF-8 CSV,
is over 5 MB, would unpack to far more than its rows (a “zip bomb”), has a cell longer
than Excel holds, more than 20,000 rows, or headers that are not the template's.
The template's example sits on a sheet of its own, which is never read. A workbook is read
by calamine (Rust, about ten times faster) when it can read it as openpyxl would, and by
openpyxl otherwise (see `_calamine_reads`): both give the same cells the same values.

Between preview and confirmation the sheet as read is kept (`stored_sheet`), so the
confirmation checks every row again but does not parse the workbook a second time.
"""

import csv
import dataclasses
import datetime
import hashlib
import io
import json
import logging
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePath

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook, SheetTypeEnum

from models_registry.spreadsheets.cells import cell_text, clean_text, compact, in_every_language, unescape_formula
from models_registry.spreadsheets.columns import COLUMN_BY_KEY, COLUMNS, REQUIRED, header_key

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
        if _calamine_reads(content):
            return _limited(enumerate(_calamine_rows(content), 1))
        return _openpyxl_records(content)
    except SheetError:
        raise
    except BaseException as error:  # a damaged workbook fails in many ways inside the readers and zipfile
        if not isinstance(error, Exception) and type(error).__name__ != "PanicException":
            raise  # KeyboardInterrupt, SystemExit; a Rust panic in calamine is a damaged file
        logger.info("unreadable workbook: %r", error)
        raise SheetError(_("This file is not an Excel workbook (.xlsx) or it is damaged.")) from None


# calamine (Rust) reads a sheet about ten times faster than openpyxl, but it holds the sheet's whole
# rectangle in memory, from A1 to the farthest cell: one stray cell at XFD1048576 in a file of a few KB
# would ask for billions of cells. It also reads an error cell (#N/A, #DIV/0!) as empty, where openpyxl
# reads its text. So calamine reads a sheet only when a scan of its XML shows none of that: every row
# and cell names its reference first, no column beyond Z, no row from 30,000 on (20,000 rows and
# the blank run that ends a sheet fit), no error cell. Any other workbook is read by openpyxl, which
# streams the rows and stops at the first long blank run, as before.
FAR_CELL = re.compile(rb'r="(?:[A-Z]{2}|[A-Z]?(?:[3-9]\d{4}|[1-9]\d{5,}))')
UNREFERENCED = re.compile(rb'<(?:[\w.-]+:)?(?:c|row)(?=[\s>/])(?!\s+r=")')
ERROR_CELL = re.compile(rb't="e"')


def _calamine_reads(content: bytes) -> bool:
    """Whether calamine can read this workbook as openpyxl would, within a few MB of memory."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        if "xl/workbook.xml" not in names:  # a workbook laid out otherwise, or another format: openpyxl judges
            return False
        for name in names:  # every part that holds cells, wherever the workbook's links point
            xml = archive.read(name)
            if b"sheetData" in xml and any(p.search(xml) for p in (FAR_CELL, ERROR_CELL, UNREFERENCED)):
                return False
    return True


def _calamine_rows(content: bytes) -> Iterator[list]:
    """The data sheet's rows from row 1, each cell as openpyxl reads it (see `_cell_as_openpyxl_reads`)."""
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    try:
        titles = [sheet.name for sheet in workbook.sheets_metadata if sheet.typ == SheetTypeEnum.WorkSheet]
        rows = workbook.get_sheet_by_name(_data_sheet_title(titles)).to_python(skip_empty_area=False)
    finally:
        workbook.close()
    for values in rows:
        yield [_cell_as_openpyxl_reads(value) for value in values]


def _cell_as_openpyxl_reads(value):
    """An empty cell is None, a whole number an int (Excel writes 2021 as "2021"), a date a datetime."""
    kind = type(value)
    if kind is str:
        return value or None
    if kind is float:
        return int(value) if value.is_integer() else value
    if kind is datetime.date:
        return datetime.datetime(value.year, value.month, value.day)
    return value


def _openpyxl_records(content: bytes) -> list[tuple[int, list]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about Excel extensions it does not read
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            titles = [sheet.title for sheet in workbook.worksheets]
            worksheet = workbook.worksheets[titles.index(_data_sheet_title(titles))]
            worksheet.reset_dimensions()  # some writers declare a wrong size, which would cut rows off
            return _limited(enumerate(worksheet.iter_rows(values_only=True), 1))
        finally:
            workbook.close()


def _data_sheet_title(titles: list[str]) -> str:
    """The first sheet that is not the template's example or lists, wherever the user moved those."""
    guides = in_every_language("Example") | in_every_language("Lists")
    return ([title for title in titles if compact(title) not in guides] or titles)[0]


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
    return [(number, [unescape_formula(value) for value in values]) for number, values in records]


def _limited(records: Iterator[tuple[int, Iterable]]) -> list[tuple[int, list]]:
    """The rows that have a value, up to the first long run of blank rows; refuses too many or too long."""
    kept, blank_run = [], 0
    for number, values in records:
        _check_cell_lengths(number, values)
        values = [clean_text(value) if isinstance(value, str) else value for value in values]
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
