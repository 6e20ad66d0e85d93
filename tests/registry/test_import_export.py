"""Excel import through the pages (template → preview → confirm, all or nothing), and the export."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from danvan.models import Organization, Person
from danvan.organizations import committee_for
from models_registry.models import EmulationModel, Field, ImportBatch, Status, SubjectKind, Transition
from models_registry.services import register_model
from models_registry.spreadsheets import COLUMNS, MAX_UPLOAD_BYTES
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
