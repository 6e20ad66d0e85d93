"""Spreadsheet import and export of “Dân vận khéo” models, one module per job.

One file format serves the template, the import and the export: the columns of
`COLUMNS`, administrative codes as text, dates day first. An import is all or
nothing: `run_import` checks every row, reports each error with the row number
Excel shows, and writes nothing if a single row is wrong.

- `cells`: what a cell holds as the user reads it; formulas never run.
- `columns`: the headers and the widget that reads and writes each column.
- `reading`: reading an upload within its caps, and keeping it until the confirmation.
- `checking`: every rule for every row, against the database (`ImportCheck`, `ImportReport`).
- `importing`: the rows as drafts, through the workflow service (`run_import`).
- `exporting`: the export and the import template.

The template's example sits on a sheet of its own that is never read, and its name starts
with “Ví dụ:” (“Example:”): a row named so is never imported, wherever it is copied to and
in the data sheet of the templates handed out before, where the example was row 2.
"""

from models_registry.spreadsheets.checking import ImportCheck, ImportReport, PlannedRow, RowError
from models_registry.spreadsheets.columns import COLUMNS, EmulationModelResource
from models_registry.spreadsheets.exporting import build_template, export_dataset, write_csv, write_xlsx
from models_registry.spreadsheets.importing import run_import
from models_registry.spreadsheets.reading import (
    EXTENSIONS,
    MAX_UPLOAD_BYTES,
    SHEET_FORMAT,
    Sheet,
    SheetError,
    read_sheet,
    restored_sheet,
    stored_sheet,
)

__all__ = [
    "COLUMNS",
    "EXTENSIONS",
    "MAX_UPLOAD_BYTES",
    "SHEET_FORMAT",
    "EmulationModelResource",
    "ImportCheck",
    "ImportReport",
    "PlannedRow",
    "RowError",
    "Sheet",
    "SheetError",
    "build_template",
    "export_dataset",
    "read_sheet",
    "restored_sheet",
    "run_import",
    "stored_sheet",
    "write_csv",
    "write_xlsx",
]
