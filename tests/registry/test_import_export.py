"""Excel import (template → preview → confirm, all or nothing), export and the import_models command."""

import csv
import io
import time
import zipfile
from unittest import mock
from xml.sax.saxutils import escape

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from danvan.models import Organization, Person
from danvan.organizations import committee_for
from models_registry import resources
from models_registry.models import EmulationModel, Field, ImportBatch, Status, SubjectKind, Transition
from models_registry.resources import COLUMNS, MAX_UPLOAD_BYTES
from models_registry.services import register_model
from tests.registry.conftest import HEADERS, model_row, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (EmulationModel, Transition, Person, Organization))


def _register(user, unit, name: str, year: int = 2024, **fields) -> EmulationModel:
    details = {
        "name": name,
        "subject_kind": SubjectKind.COLLECTIVE,
        "field": Field.objects.get(code="kinh-te"),
        "registration_year": year,
        **fields,
    }
    return register_model(organization=committee_for(unit), fields=details, acting_user=user, submit=True)


def _error_cells(response) -> set[tuple[int, str]]:
    return {(error.row, error.column) for error in response.context["report"].errors}


def test_template_has_the_vietnamese_headers_the_fields_and_my_units(client_for, district_a_staff, commune_a3):
    response = client_for(district_a_staff).get(reverse("registry:import-template"))

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content))
    models, example, lists = workbook.worksheets
    assert [cell.value for cell in models[1]] == HEADERS
    assert models.max_row == 1 or not any(cell.value for cell in models[2])  # the example is on its own sheet
    assert [cell.value for cell in example[1]] == HEADERS and example.cell(2, 1).value.startswith("Ví dụ:")
    listed = [[cell.value for cell in row] for row in lists.iter_rows(min_row=2)]
    assert {row[0] for row in listed} >= {"Kinh tế", "Quốc phòng – an ninh"}
    codes = {row[2] for row in listed}
    assert {"02266", "18145", "439"} <= codes and "18118" not in codes
    code_cell = next(row for row in lists.iter_rows(min_row=2) if row[2].value == "02266")[2]
    assert code_cell.data_type == "s"


def test_good_sheet_previews_then_imports_every_row_as_a_draft(client_for, district_a_staff, commune_a3, hierarchy):
    rows = [
        model_row(),
        model_row(
            name="Gương người tốt việc tốt",
            subject_kind="ca nhan",
            field="van hoa xa hoi",
            person_name="Nguyễn Thị Hoa",
            person_position="Chi hội trưởng",
            unit_code="18145",
        ),
        model_row(name="Ấp không ma túy", field="QUỐC PHÒNG – AN NINH", era="trước 1/7/2025"),
    ]
    client = client_for(district_a_staff)
    before = _counts()

    preview = upload(client, xlsx_bytes(rows))

    assert preview.status_code == 200
    report = preview.context["report"]
    assert (report.total_rows, report.valid_rows, report.errors) == (3, 3, [])
    assert _counts() == before  # not even the committee of commune A3 or the person is created yet
    batch = ImportBatch.objects.get()
    assert reverse("registry:import-confirm", args=[batch.pk]) in preview.content.decode()

    confirmed = client.post(reverse("registry:import-confirm", args=[batch.pk]))

    assert confirmed.status_code == 302
    models = EmulationModel.objects.order_by("pk")
    assert models.count() == 3
    assert {model.status for model in models} == {Status.DRAFT}
    assert {model.created_by for model in models} == {district_a_staff}
    assert models[0].registering_organization == committee_for(commune_a3)
    assert models[0].registering_organization.unit.code == "02266"
    assert models[1].person.full_name == "Nguyễn Thị Hoa" and models[1].subject_kind == SubjectKind.INDIVIDUAL
    assert models[1].registering_organization.unit == hierarchy.commune_a1
    assert models[2].field.code == "quoc-phong-an-ninh"
    assert models[0].starts_on.isoformat() == "2024-03-01"
    assert models[0].search_text == "dan van kheo trong lam duong giao thong nong thon chi hoi phu nu thon 1 thon 1"
    assert Transition.objects.filter(action="import", to_status=Status.DRAFT, actor=district_a_staff).count() == 3
    assert EmulationModel.history.filter(history_type="+", history_user=district_a_staff).count() == 3
    assert ImportBatch.objects.get().status == ImportBatch.Status.IMPORTED

    again = client.post(reverse("registry:import-confirm", args=[batch.pk]))
    assert again.status_code == 302 and EmulationModel.objects.count() == 3


def test_a_code_excel_turned_into_a_number_gets_its_leading_zero_back(client_for, district_a_staff, commune_a3):
    client = client_for(district_a_staff)
    preview = upload(client, xlsx_bytes([model_row(unit_code=2266)], text_codes=False))
    assert preview.context["report"].errors == []

    client.post(reverse("registry:import-confirm", args=[ImportBatch.objects.get().pk]))

    assert EmulationModel.objects.get().registering_organization.unit.code == "02266"


def test_bad_sheet_lists_every_error_with_row_and_column_and_imports_nothing(
    client_for, district_a_staff, province_staff, commune_a3, hierarchy
):
    _register(province_staff, hierarchy.commune_a1, "Mô hình có sẵn")
    rows = [
        model_row(),  # row 2: valid
        model_row(name="Ngày sai", starts_on="31/02/2024"),  # row 3
        None,  # row 4: blank, skipped but still counted by Excel
        model_row(name="Lĩnh vực lạ", field="Thể thao"),  # row 5
        model_row(name="Ngoài phạm vi", unit_code="18118"),  # row 6: commune B1, district B
        model_row(name="mo hinh co san", unit_code="18145"),  # row 7: already registered
        model_row(),  # row 8: same as row 2
    ]
    before = _counts()
    client = client_for(district_a_staff)

    preview = upload(client, xlsx_bytes(rows))

    assert preview.status_code == 200
    assert _error_cells(preview) == {
        (3, "Bắt đầu"),
        (5, "Lĩnh vực"),
        (6, "Mã đơn vị hành chính"),
        (7, "Tên mô hình"),
        (8, "Tên mô hình"),
    }
    report = preview.context["report"]
    assert (report.total_rows, report.valid_rows) == (6, 1)
    values = {(error.row, error.value) for error in report.errors}
    assert {(3, "31/02/2024"), (5, "Thể thao"), (6, "18118"), (7, "mo hinh co san")} <= values
    html = preview.content.decode()
    assert "Thể thao" in html and "Mã đơn vị hành chính" in html
    batch = ImportBatch.objects.get()
    assert reverse("registry:import-confirm", args=[batch.pk]) not in html
    assert _counts() == before

    refused = client.post(reverse("registry:import-confirm", args=[batch.pk]))

    assert refused.status_code == 400
    assert len(refused.context["report"].errors) == 5
    assert _counts() == before
    assert ImportBatch.objects.get().status == ImportBatch.Status.PREVIEWED


def test_errors_read_in_english_on_the_english_site(client_for, district_a_staff, commune_a3):
    with translation.override("en"):
        url = reverse("registry:import")
    response = upload(client_for(district_a_staff), xlsx_bytes([model_row(unit_code="18118")]), url=url)
    html = response.content.decode()
    assert "is outside your scope" in html and "Mã đơn vị hành chính" in html


def test_another_communes_official_cannot_import_for_this_commune(client_for, commune_b1_official, hierarchy):
    before = _counts()
    client = client_for(commune_b1_official)

    preview = upload(client, xlsx_bytes([model_row(unit_code="18145"), model_row(name="Khác", unit_code="18145")]))

    assert _error_cells(preview) == {(2, "Mã đơn vị hành chính"), (3, "Mã đơn vị hành chính")}
    refused = client.post(reverse("registry:import-confirm", args=[ImportBatch.objects.get().pk]))
    assert refused.status_code == 400
    assert _counts() == before


def test_a_reader_cannot_import_and_a_batch_is_only_its_owners(
    client_for, district_a_leader, district_a_staff, province_staff, commune_a3
):
    assert client_for(district_a_leader).get(reverse("registry:import")).status_code == 403
    upload(client_for(district_a_staff), xlsx_bytes([model_row()]))
    other = client_for(province_staff).post(reverse("registry:import-confirm", args=[ImportBatch.objects.get().pk]))
    assert other.status_code == 404
    assert EmulationModel.objects.count() == 0


@pytest.mark.parametrize(
    "name, content",
    [
        ("mo-hinh.xlsx", b"PK\x03\x04 this is not really a workbook"),
        ("mo-hinh.xlsx", b"plain text renamed to xlsx"),
        ("setup.exe", b"MZ\x90\x00 an executable"),
        ("mo-hinh.xlsx", b"PK\x03\x04" + b"0" * MAX_UPLOAD_BYTES),
        ("mo-hinh.csv", "Tên mô hình;Ghi chú\n".encode("latin-1")),  # as legacy Windows encodings write it
    ],
    ids=["corrupt-xlsx", "not-a-zip", "exe", "oversized", "csv-not-utf8"],
)
def test_unusable_files_get_a_clear_message_not_a_crash(client_for, district_a_staff, name, content):
    with translation.override("en"):
        url = reverse("registry:import")
    response = upload(client_for(district_a_staff), content, name=name, url=url)
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert ImportBatch.objects.count() == 0


@pytest.mark.parametrize(
    "headers, rows, expected",
    [
        ([*HEADERS, "Ghi chú"], [model_row()], "Unknown column “Ghi chú”"),
        ([*HEADERS, "Ten mo hinh"], [model_row()], "The column “Tên mô hình” appears twice."),
        (HEADERS[1:], [model_row()], "Missing columns: “Tên mô hình”."),
        (HEADERS, [], "The file has no data rows under the headers."),
        ([], [], "The file is empty."),
    ],
    ids=["unknown", "duplicated", "missing", "no-rows", "empty"],
)
def test_bad_headers_and_empty_sheets_are_explained(client_for, district_a_staff, headers, rows, expected):
    with translation.override("en"):
        url = reverse("registry:import")
    response = upload(client_for(district_a_staff), xlsx_bytes(rows, headers), url=url)
    assert response.status_code == 400
    assert expected in " ".join(response.context["form"].errors["file"])


def test_headers_and_values_are_tolerant_of_case_and_missing_diacritics(client_for, district_a_staff, commune_a3):
    headers = [header.upper() for header in HEADERS]
    headers[HEADERS.index("Bắt đầu")] = "Bat dau (dd/mm/yyyy)"
    values = model_row(subject_kind="TAP THE", field="kinh te", era="Truoc 1/7/2025", registration_year="2024")
    response = upload(client_for(district_a_staff), xlsx_bytes([[values.get(name) for name in COLUMNS]], headers))
    assert response.status_code == 200 and response.context["report"].errors == []


def test_csv_import_keeps_leading_zeros(client_for, district_a_staff, commune_a3):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADERS)
    writer.writerow([model_row().get(name, "") for name in COLUMNS])
    client = client_for(district_a_staff)

    preview = upload(client, ("\ufeff" + buffer.getvalue()).encode(), name="mo-hinh.csv")
    assert preview.context["report"].errors == []
    client.post(reverse("registry:import-confirm", args=[ImportBatch.objects.get().pk]))

    assert EmulationModel.objects.get().registering_organization.unit.code == "02266"


def test_xlsx_export_keeps_codes_as_text_and_only_rows_in_scope(
    client_for, district_a_staff, province_staff, commune_a3, hierarchy
):
    _register(province_staff, commune_a3, "Mô hình xã Sơn Hồng", registering_unit_name="Chi đoàn thôn 2")
    _register(province_staff, hierarchy.commune_b1, "Mô hình phường Nam Hồng")

    response = client_for(district_a_staff).get(reverse("registry:export"))

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == HEADERS
    rows = list(sheet.iter_rows(min_row=2))
    assert [row[0].value for row in rows] == ["Mô hình xã Sơn Hồng"]
    code = rows[0][HEADERS.index("Mã đơn vị hành chính")]
    assert (code.value, code.data_type) == ("02266", "s")
    assert rows[0][HEADERS.index("Tập thể/Cá nhân")].value == "Tập thể"


def test_export_follows_the_list_filters(client_for, province_staff, commune_a3, hierarchy):
    _register(province_staff, commune_a3, "Mô hình năm 2023", year=2023)
    _register(province_staff, hierarchy.commune_b1, "Mô hình năm 2024", year=2024)

    response = client_for(province_staff).get(reverse("registry:export"), {"registration_year": 2023})

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Mô hình năm 2023"]


def test_csv_export_has_a_bom_and_neutralizes_formulas(client_for, province_staff, commune_a3):
    _register(province_staff, commune_a3, '=HYPERLINK("http://evil.example","Bấm vào đây")')

    response = client_for(province_staff).get(reverse("registry:export"), {"format": "csv"})

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADERS
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example","Bấm vào đây")'
    assert rows[1][HEADERS.index("Mã đơn vị hành chính")] == "02266"


def test_exported_sheet_imports_back_as_duplicates_only(client_for, province_staff, commune_a3):
    _register(province_staff, commune_a3, "Mô hình đã có")
    client = client_for(province_staff)
    exported = client.get(reverse("registry:export")).content

    preview = upload(client, exported)

    assert _error_cells(preview) == {(2, "Tên mô hình")}


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
    with mock.patch.object(resources, "load_workbook", side_effect=AssertionError("unpacked")) as opened:
        response = upload(client_for(district_a_staff), content)
    assert_refused(response, "Tệp Excel này khi giải nén chiếm 100 MB")
    assert not opened.called and time.perf_counter() - started < 2


def test_a_workbook_bigger_than_the_cap_once_unpacked_is_refused(client_for, district_a_staff, commune_a3):
    content = xlsx_bytes([model_row()])
    with mock.patch.object(resources, "MAX_UNPACKED_BYTES", 1000):
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
