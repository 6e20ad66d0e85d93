"""A rubric's criteria as a simple .xlsx sheet: group, criterion, maximum score, guidance.

The import is all or nothing: one bad row and no criterion is taken, with the reason of
every bad row by its row number. Uploads pass the same caps as the registry's import.
"""

import io
import warnings
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from models_registry.models import Rubric
from models_registry.rubric_services import CriterionRow
from models_registry.spreadsheets.cells import cell_text, clean_text, compact, xlsx_cell
from models_registry.spreadsheets.reading import MAX_UPLOAD_BYTES, SheetError, _check_unpacked_size

MAX_CRITERIA = 200
WIDTHS = [30, 60, 14, 60]


def headers() -> list[str]:
    return [_("Group of criteria"), _("Criterion"), _("Maximum score"), _("Scoring guidance")]


def export_rubric(rubric: Rubric) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Criteria")[:31])
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions["ABCD"[index]].width = width
    header_cells = []
    for header in headers():
        cell = WriteOnlyCell(sheet, header)
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for criterion in rubric.criteria.all():
        sheet.append(
            [
                xlsx_cell(sheet, criterion.group, True),
                xlsx_cell(sheet, criterion.name, True),
                float(criterion.max_score),
                xlsx_cell(sheet, criterion.guidance, True),
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_criteria(file_name: str, content: bytes) -> list[CriterionRow]:
    """The criteria of an uploaded sheet, or SheetError with every reason (row by row) in the user's language."""
    if not file_name.lower().endswith(".xlsx") or not content.startswith(b"PK\x03\x04"):
        raise SheetError(_("Only Excel workbooks (.xlsx) can be imported."))
    if len(content) > MAX_UPLOAD_BYTES:
        raise SheetError(_("The file is larger than 5 MB."))
    _check_unpacked_size(content)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            try:
                worksheet = workbook.worksheets[0]
                worksheet.reset_dimensions()
                rows = []
                for number, values in enumerate(worksheet.iter_rows(values_only=True, max_col=4), 1):
                    rows.append((number, list(values)))
                    if len(rows) > MAX_CRITERIA + 1:
                        raise SheetError(_("A rubric has at most %(count)s criteria.") % {"count": MAX_CRITERIA})
            finally:
                workbook.close()
    except SheetError:
        raise
    except Exception:  # a damaged workbook fails in many ways inside openpyxl and zipfile
        raise SheetError(_("This file is not an Excel workbook (.xlsx) or it is damaged.")) from None
    return _criteria_from(rows)


def _criteria_from(rows: list[tuple[int, list]]) -> list[CriterionRow]:
    if not rows or [compact(cell_text(value)) for value in (rows[0][1] + [None] * 4)[:4]] != [
        compact(header) for header in headers()
    ]:
        raise SheetError(_("The first row must be the headers: %(headers)s.") % {"headers": ", ".join(headers())})
    criteria, errors = [], []
    for number, values in rows[1:]:
        group, name, max_score, guidance = (values + [None] * 4)[:4]
        if all(cell_text(value) == "" for value in (group, name, max_score, guidance)):
            continue
        group, name, guidance = (clean_text(cell_text(value)) for value in (group, name, guidance))
        reasons = []
        if not group:
            reasons.append(_("the group is empty"))
        if not name:
            reasons.append(_("the criterion is empty"))
        if len(group) > 200 or len(name) > 500:
            reasons.append(_("the text is too long"))
        score = _score(max_score)
        if score is None:
            reasons.append(_("the maximum score must be a number above 0, such as 10 or 7.5"))
        if reasons:
            errors.append(_("Row %(row)s: %(reasons)s.") % {"row": number, "reasons": "; ".join(reasons)})
        else:
            criteria.append(CriterionRow(group, name, score, guidance))
    if errors:
        raise SheetError(*errors)
    if not criteria:
        raise SheetError(_("The sheet has no criterion."))
    return criteria


def _score(value) -> Decimal | None:
    text = cell_text(value).replace(",", ".")
    try:
        score = Decimal(text)
    except InvalidOperation:
        return None
    if not score.is_finite() or score <= 0 or score >= 10_000 or score != score.quantize(Decimal("0.01")):
        return None
    return score
