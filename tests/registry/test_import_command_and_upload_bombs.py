"""The import_models command, and upload bombs: files that would unpack to, or be read as, far more than they hold."""

import io
import time
import zipfile
from unittest import mock
from xml.sax.saxutils import escape

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl.utils import get_column_letter

from danvan.models import Organization, Person
from models_registry.models import EmulationModel, ImportBatch, Transition
from models_registry.spreadsheets import COLUMNS, reading
from tests.registry.conftest import HEADERS, model_row, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (EmulationModel, Transition, Person, Organization))


def _write(tmp_path, rows, name="mo-hinh.xlsx") -> str:
    path = tmp_path / name
    path.write_bytes(xlsx_bytes(rows))
    return str(path)


def test_command_dry_run_changes_nothing(tmp_path, district_a_staff, commune_a3):
    before = _counts()
    out = io.StringIO()

    with translation.override("en"):
        call_command(
            "import_models", _write(tmp_path, [model_row()]), "--as", "district_a_staff", "--dry-run", stdout=out
        )

    assert out.getvalue().startswith("1 rows checked in ")
    assert _counts() == before


def test_command_imports_or_exits_2_with_a_row_report(tmp_path, district_a_staff, commune_a3):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command(
            "import_models",
            _write(tmp_path, [model_row(), model_row(field="Thể thao")]),
            "--as",
            "district_a_staff",
            stderr=err,
        )
    assert refused.value.returncode == 2
    assert "Lĩnh vực" in err.getvalue() and "Thể thao" in err.getvalue()
    assert EmulationModel.objects.count() == 0

    call_command("import_models", _write(tmp_path, [model_row()]), "--as", "district_a_staff", stdout=out)
    assert EmulationModel.objects.count() == 1


@pytest.mark.parametrize("problem", ["unknown-user", "missing-file", "corrupt-file"])
def test_command_exits_2_for_a_wrong_user_or_file(tmp_path, district_a_staff, problem):
    path = _write(tmp_path, [model_row()])
    username = "district_a_staff"
    if problem == "unknown-user":
        username = "nobody"
    elif problem == "missing-file":
        path = str(tmp_path / "missing.xlsx")
    else:
        (tmp_path / "mo-hinh.xlsx").write_bytes(b"PK\x03\x04 damaged")
    with pytest.raises(CommandError) as refused:
        call_command("import_models", path, "--as", username)
    assert refused.value.returncode == 2


def test_two_thousand_rows_import(tmp_path, district_a_staff, commune_a3, hierarchy):
    codes = ["02266", "18145", "18148", "439"]
    rows = [
        model_row(name=f"Mô hình số {number}", unit_code=codes[number % 4], person_name=f"Người {number % 50}")
        for number in range(2000)
    ]

    call_command("import_models", _write(tmp_path, rows), "--as", "district_a_staff", stdout=io.StringIO())

    assert EmulationModel.objects.count() == 2000
    assert Transition.objects.filter(action="import").count() == 2000
    # One person per registering committee and name: 4 committees × 50 names meet in 100 pairs (both follow n % 100).
    assert Person.objects.count() == 100


# Upload bombs: small files that would unpack to, or be read as, far more than they hold.

SHEET_XML_START = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
SHEET_XML_END = b"</sheetData></worksheet>"


def text_row(number: int, values: list) -> bytes:
    cells = "".join(
        f'<c r="{get_column_letter(index)}{number}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'
        for index, value in enumerate(values, 1)
        if value is not None
    )
    return f'<row r="{number}">{cells}</row>'.encode()


def workbook_with_sheet(write_rows) -> bytes:
    """A real workbook whose first sheet holds what `write_rows(file)` writes, streamed into the zip."""
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes([]))) as template:
        parts = {member.filename: template.read(member) for member in template.infolist()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name != "xl/worksheets/sheet1.xml":
                archive.writestr(name, data)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(SHEET_XML_START)
            sheet.write(text_row(1, HEADERS))
            write_rows(sheet)
            sheet.write(SHEET_XML_END)
    return buffer.getvalue()


def a_valid_row(number: int) -> bytes:
    return text_row(number, [model_row().get(name) for name in COLUMNS])


def assert_refused(response, message: str) -> None:
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["file"])
    assert ImportBatch.objects.count() == 0


def test_a_small_workbook_with_a_hundred_megabyte_cell_is_refused_before_it_is_unpacked(
    client_for, district_a_staff, commune_a3
):
    def hundred_megabyte_cell(sheet):
        sheet.write(b'<row r="2"><c r="A2" t="inlineStr"><is><t>')
        for _ in range(100):
            sheet.write(b"A" * 1024 * 1024)
        sheet.write(b"</t></is></c></row>")

    content = workbook_with_sheet(hundred_megabyte_cell)
    assert len(content) < 200 * 1024
    started = time.perf_counter()
    with mock.patch.object(reading, "load_workbook", side_effect=AssertionError("unpacked")) as opened:
        response = upload(client_for(district_a_staff), content)
    assert_refused(response, "Tệp Excel này khi giải nén chiếm 100 MB")
    assert not opened.called and time.perf_counter() - started < 2


def test_a_workbook_bigger_than_the_cap_once_unpacked_is_refused(client_for, district_a_staff, commune_a3):
    content = xlsx_bytes([model_row()])
    with mock.patch.object(reading, "MAX_UNPACKED_BYTES", 1000):
        assert_refused(upload(client_for(district_a_staff), content), "quá lớn so với dữ liệu mô hình cần có")


@pytest.mark.parametrize("name", ["mo-hinh.xlsx", "mo-hinh.csv"])
def test_a_cell_longer_than_excel_holds_is_refused_naming_its_row(client_for, district_a_staff, commune_a3, name):
    long_row = model_row(name="Mô hình thứ hai", situation="Thực trạng " * 4000)
    if name.endswith(".csv"):
        lines = [HEADERS, *([row.get(column) or "" for column in COLUMNS] for row in (model_row(), long_row))]
        content = "\n".join(";".join(str(value) for value in line) for line in lines).encode()
    else:  # written by hand: openpyxl itself cuts what it writes at Excel's limit
        content = workbook_with_sheet(
            lambda sheet: sheet.write(a_valid_row(2) + text_row(3, [long_row.get(column) for column in COLUMNS]))
        )
    response = upload(client_for(district_a_staff), content, name=name)
    assert_refused(response, "Dòng 3 có một ô dài hơn 32.767 ký tự")


def test_millions_of_empty_rows_are_not_read_to_the_end(client_for, district_a_staff, commune_a3):
    """Rows 3 to 4,999,999 are missing: openpyxl would hand them over one by one, all empty."""

    def gap_of_empty_rows(sheet):
        sheet.write(a_valid_row(2))
        sheet.write(a_valid_row(5_000_000))

    content = workbook_with_sheet(gap_of_empty_rows)
    started = time.perf_counter()
    response = upload(client_for(district_a_staff), content)
    assert time.perf_counter() - started < 3
    assert response.status_code == 200
    assert response.context["report"].total_rows == 1
    assert ImportBatch.objects.get().row_count == 1
