"""Reading .xlsx with calamine: the same cells give the same values as openpyxl gave, and the
workbooks calamine cannot read as openpyxl would (error cells, a far stray cell, cells without
their reference) are read by openpyxl, as before.

The workbooks are written by openpyxl, then their sheet XML is edited where a test needs what
Excel writes and openpyxl does not (cached formula values, error cells, "2021.0").
"""

import datetime
import io
import re
import unicodedata
import zipfile

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from models_registry.models import EmulationModel, ImportBatch
from models_registry.spreadsheets import COLUMNS, SheetError, read_sheet
from models_registry.spreadsheets.reading import _calamine_reads, _calamine_rows, _limited, _openpyxl_records
from tests.registry.conftest import HEADERS, model_row, upload, xlsx_bytes

SHEET = "xl/worksheets/sheet1.xml"


def _edited(content: bytes, *replacements: tuple[bytes, bytes], part: str = SHEET) -> bytes:
    """The workbook with `part` edited: each (pattern, replacement) a regular expression on its bytes."""
    source, buffer = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == part:
                for pattern, replacement in replacements:
                    data, count = re.subn(pattern, replacement, data)
                    assert count, pattern  # the edit must apply, or the test checks nothing
            target.writestr(item, data)
    return buffer.getvalue()


def _both_readers(content: bytes) -> tuple[list, list]:
    return _limited(enumerate(_calamine_rows(content), 1)), _openpyxl_records(content)


def _workbook(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_every_kind_of_cell_reads_the_same_with_calamine_as_with_openpyxl():
    decomposed = unicodedata.normalize("NFD", "Mô hình “Dân vận khéo” ở xã Sơn Hồng")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Tên", "Năm", "Ngày", "Giờ", "Số", "Có", "Ghi chú"])
    sheet.append([decomposed, 2021, datetime.datetime(2024, 3, 5), datetime.time(8, 30), 2.5, True, "  lề  "])
    sheet.append([])  # a blank row inside the data
    sheet.append(["Dòng sau dòng trống", 2022.0, datetime.date(2024, 12, 31), None, 45356, False, "05/03/2024"])
    sheet.merge_cells("A5:C5")
    sheet["A5"] = "Ô gộp ba cột"
    sheet["G5"] = "=1+1"  # openpyxl writes no cached value: both read the cell as empty
    for number in range(6, 30):  # rows formatted ahead for data, as templates are: empty, they end the reading
        sheet.row_dimensions[number].height = 20
        sheet.cell(number, 1).number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    content = buffer.getvalue()

    assert _calamine_reads(content)
    calamine, openpyxl = _both_readers(content)

    assert calamine == openpyxl
    assert [number for number, _values in calamine] == [1, 2, 4, 5]
    assert calamine[1][1][0] == unicodedata.normalize("NFC", decomposed)  # composed diacritics
    assert calamine[1][1][1:] == [2021, datetime.datetime(2024, 3, 5), datetime.time(8, 30), 2.5, True, "lề"]
    assert type(calamine[1][1][1]) is int and type(calamine[2][1][1]) is int  # 2022.0 as Excel writes it: "2022"
    assert calamine[2][1][2:] == [datetime.datetime(2024, 12, 31), None, 45356, False, "05/03/2024"]
    assert calamine[3][1] == ["Ô gộp ba cột", None, None, None, None, None, None]


def test_cached_formula_values_and_numbers_written_as_2021_0_read_as_openpyxl_reads_them():
    content = _edited(
        _workbook([["Tên", "Năm", "Mã"], ["a", 1, 2], ["b", 3, 4]]),
        (rb'<c r="B2" t="n"><v>1</v></c>', b'<c r="B2"><f>2020+1</f><v>2021</v></c>'),
        (rb'<c r="C2" t="n"><v>2</v></c>', b'<c r="C2" t="str"><f>"0"&amp;"2266"</f><v>02266</v></c>'),
        (rb'<c r="B3" t="n"><v>3</v></c>', b'<c r="B3"><v>2021.0</v></c>'),
        (rb'<c r="C3" t="n"><v>4</v></c>', b'<c r="C3"><f>1/3</f><v>0.3333333333333333</v></c>'),
    )

    assert _calamine_reads(content)
    calamine, openpyxl = _both_readers(content)

    assert calamine[1:] == [(2, ["a", 2021, "02266"]), (3, ["b", 2021, 1 / 3])]
    # openpyxl reads "2021.0" as the float 2021.0; calamine's int is the same year, the same code, the same text.
    assert openpyxl[1:] == [(2, ["a", 2021, "02266"]), (3, ["b", 2021.0, 1 / 3])]


def test_dates_as_excel_serials_as_text_and_years_as_floats_import_as_the_user_meant(
    client_for, district_a_staff, commune_a3
):
    rows = [
        model_row(name="Ngày là số của Excel", starts_on=datetime.date(2024, 3, 5), registration_year=2021),
        model_row(name="Ngày là chữ", starts_on="05/03/2024", ends_on="2024-12-31", registration_year=2022),
        None,
        None,
    ]
    assert HEADERS[ord("I") - ord("A")] == COLUMNS["registration_year"]
    content = _edited(xlsx_bytes(rows), (rb'(<c r="I3" t="n"><v>)2022(</v>)', rb"\g<1>2022.0\g<2>"))
    assert _calamine_reads(content)

    preview = upload(client_for(district_a_staff), content)

    assert preview.status_code == 200, preview.context["form"].errors
    report = preview.context["report"]
    assert (report.total_rows, report.valid_rows, report.errors) == (2, 2, [])
    assert [(row.row, row.year) for row in report.planned] == [(2, 2021), (3, 2022)]
    batch = ImportBatch.objects.get()
    confirmed = client_for(district_a_staff).post(reverse("registry:import-confirm", args=[batch.pk]))
    assert confirmed.status_code == 302
    models = list(EmulationModel.objects.order_by("pk").values_list("starts_on", "ends_on", "registration_year"))
    assert models == [
        (datetime.date(2024, 3, 5), datetime.date(2024, 12, 31), 2021),
        (datetime.date(2024, 3, 5), datetime.date(2024, 12, 31), 2022),
    ]


@pytest.mark.parametrize(
    "edit",
    [
        (rb'<c r="B2" t="n"><v>1</v></c>', b'<c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'),
        (rb"</row></sheetData>", b'</row><row r="1048576"><c r="P1048576"><v>1</v></c></row></sheetData>'),
        (rb"</row></sheetData>", b'</row><row r="4"><c r="XFD4"><v>1</v></c></row></sheetData>'),
        (rb' r="B2"', b""),
    ],
    ids=["error-cell", "far-row", "far-column", "cell-without-reference"],
)
def test_what_calamine_cannot_read_as_openpyxl_would_is_read_by_openpyxl(edit):
    content = _edited(_workbook([["Tên", "Năm"], ["a", 1], ["b", 2]]), edit)

    assert not _calamine_reads(content)
    records = _openpyxl_records(content)
    assert records[:3] == [(1, ["Tên", "Năm"]), (2, ["a", "#DIV/0!" if b't="e"' in edit[1] else 1]), (3, ["b", 2])]


def test_a_stray_cell_at_the_last_row_neither_blows_the_memory_nor_counts_as_a_row(client_for, district_a_staff):
    content = _edited(
        xlsx_bytes([model_row()]),
        (rb"</row></sheetData>", b'</row><row r="1048576"><c r="P1048576"><v>7</v></c></row></sheetData>'),
    )
    sheet = read_sheet("mo-hinh.xlsx", content)
    assert sheet.row_numbers == [2]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"plain text renamed to xlsx", "Tệp này không phải tệp Excel (.xlsx) hoặc đã bị hỏng."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "Tệp này không phải tệp Excel (.xlsx) hoặc đã bị hỏng."),
        ("broken-xml", "Tệp này không phải tệp Excel (.xlsx) hoặc đã bị hỏng."),
        ("blank-first-row", "Dòng 1 phải là dòng tiêu đề cột, như trong tệp mẫu."),
    ],
    ids=["not-a-zip", "password-protected", "broken-xml", "blank-first-row"],
)
def test_bad_workbooks_get_the_same_vietnamese_messages(content, message):
    if content == "broken-xml":  # a zip laid out as a workbook, its sheet cut in the middle: calamine reads it
        content = _edited(_workbook([["Tên"], ["a"]]), (rb"</sheetData>.*", b"<row"))
        assert _calamine_reads(content)
    elif content == "blank-first-row":
        content = _workbook([[], HEADERS, list(model_row().values())])
        assert _calamine_reads(content)
    with translation.override("vi"), pytest.raises(SheetError) as raised:
        read_sheet("mo-hinh.xlsx", content)
    assert raised.value.messages == [message]


def test_a_wrong_header_is_explained_in_vietnamese_when_calamine_reads_the_file():
    content = xlsx_bytes([model_row()], [*HEADERS, "Ghi chú"])
    assert _calamine_reads(content)
    with translation.override("vi"), pytest.raises(SheetError) as raised:
        read_sheet("mo-hinh.xlsx", content)
    assert raised.value.messages == ["Cột “Ghi chú” không có trong mẫu: hãy dùng đúng tiêu đề của tệp mẫu."]
