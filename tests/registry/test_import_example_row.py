"""The template's example row is never imported, however it reaches the data sheet; the preview
lists, row by row, the models the confirmation then creates, exactly those."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from models_registry.models import EmulationModel, ImportBatch
from models_registry.spreadsheets import COLUMNS
from tests.registry.conftest import model_row, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

# The example rows of the templates handed out before: they sat in row 2 of the data sheet.
OLD_EXAMPLES = [
    "Ví dụ: Dân vận khéo vận động làm sạch đường thôn",
    "Example: skilful mass mobilization for cleaner village roads",
]


def _values(row: dict) -> list:
    return [row.get(name) for name in COLUMNS]


def _preview_rows(response) -> list[tuple[str, ...]]:
    """The rows of the preview's table of models to create, as the page shows them."""
    html = response.content.decode()
    table = html.split('id="planned-rows"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in body.split("</tr>") if "<td" in row]
    return [tuple(re.sub(r"<[^>]+>", "", cell).strip() for cell in row) for row in cells]


def _confirm(client):
    return client.post(reverse("registry:import-confirm", args=[ImportBatch.objects.get().pk]))


def test_the_template_keeps_its_example_apart_and_only_the_filled_rows_are_imported(
    client_for, district_a_staff, commune_a3
):
    client = client_for(district_a_staff)
    template = load_workbook(io.BytesIO(client.get(reverse("registry:import-template")).content))
    data, example = template.worksheets[:2]
    assert data.max_row == 1 or not any(cell.value for cell in data[2])  # nothing to delete before filling in
    assert example.title == "Ví dụ"
    assert str(example.cell(2, 1).value).startswith("Ví dụ:")
    rows = [
        model_row(name="Dân vận khéo trong xây dựng nông thôn mới"),
        model_row(name="Gương người tốt việc tốt", subject_kind="Cá nhân", person_name="Nguyễn Thị Hoa"),
    ]
    for number, row in enumerate(rows, 2):
        for column, value in enumerate(_values(row), 1):
            data.cell(number, column).value = value
    buffer = io.BytesIO()
    template.save(buffer)

    preview = upload(client, buffer.getvalue())

    assert preview.status_code == 200
    assert _preview_rows(preview) == [
        ("2", "Dân vận khéo trong xây dựng nông thôn mới", "Xã Sơn Hồng (02266)", "Chi hội Phụ nữ thôn 1", "2024"),
        ("3", "Gương người tốt việc tốt", "Xã Sơn Hồng (02266)", "Chi hội Phụ nữ thôn 1", "2024"),
    ]
    assert _confirm(client).status_code == 302
    assert sorted(EmulationModel.objects.values_list("name", flat=True)) == [
        "Dân vận khéo trong xây dựng nông thôn mới",
        "Gương người tốt việc tốt",
    ]


@pytest.mark.parametrize("example", OLD_EXAMPLES)
def test_a_file_made_from_an_old_template_does_not_import_its_example_row(
    client_for, district_a_staff, commune_a3, example
):
    client = client_for(district_a_staff)
    rows = [
        model_row(name=example, situation="Thay dòng ví dụ này bằng các mô hình của đơn vị."),
        model_row(name="Mô hình thật thứ nhất"),
        model_row(name="Mô hình thật thứ hai", unit_code="18145"),
    ]

    preview = upload(client, xlsx_bytes(rows))

    assert preview.status_code == 200
    assert [row[:2] for row in _preview_rows(preview)] == [
        ("3", "Mô hình thật thứ nhất"),
        ("4", "Mô hình thật thứ hai"),
    ]
    page = preview.content.decode()
    assert "Dòng 2 là dòng ví dụ của mẫu: không được nhập." in page
    assert "Nhập 2 mô hình ở dạng bản nháp" in page
    assert _confirm(client).status_code == 302
    assert sorted(EmulationModel.objects.values_list("name", flat=True)) == [
        "Mô hình thật thứ hai",
        "Mô hình thật thứ nhất",
    ]


def test_the_example_row_copied_among_real_rows_is_skipped_even_with_other_spacing(
    client_for, district_a_staff, commune_a3
):
    client = client_for(district_a_staff)
    rows = [model_row(name="Mô hình A"), model_row(name="  VÍ DỤ :  một mô hình mẫu"), model_row(name="Mô hình B")]

    preview = upload(client, xlsx_bytes(rows))

    assert [row[0] for row in _preview_rows(preview)] == ["2", "4"]
    _confirm(client)
    assert sorted(EmulationModel.objects.values_list("name", flat=True)) == ["Mô hình A", "Mô hình B"]


def test_a_file_holding_only_the_example_imports_nothing_and_says_why(client_for, district_a_staff, commune_a3):
    client = client_for(district_a_staff)

    preview = upload(client, xlsx_bytes([model_row(name=OLD_EXAMPLES[0])]))

    page = preview.content.decode()
    assert "Tệp không có dòng nào để nhập: dòng ví dụ của mẫu không bao giờ được nhập." in page
    assert reverse("registry:import-confirm", args=[ImportBatch.objects.get().pk]) not in page
    assert _confirm(client).status_code == 400
    assert not EmulationModel.objects.exists()


def test_a_long_preview_lists_the_first_rows_counts_the_rest_and_the_confirmation_creates_them_all(
    client_for, district_a_staff, commune_a3
):
    client = client_for(district_a_staff)
    rows = [model_row(name=OLD_EXAMPLES[0])] + [model_row(name=f"Mô hình số {n}") for n in range(620)]

    preview = upload(client, xlsx_bytes(rows))

    listed = _preview_rows(preview)
    assert len(listed) == 500
    assert (listed[0][:2], listed[-1][:2]) == (("3", "Mô hình số 0"), ("502", "Mô hình số 499"))
    page = preview.content.decode()
    assert "và 120 dòng nữa (dòng 503 – 622), không liệt kê ở đây" in page
    assert "Nhập 620 mô hình ở dạng bản nháp" in page
    assert _confirm(client).status_code == 302
    names = set(EmulationModel.objects.values_list("name", flat=True))
    assert names == {f"Mô hình số {n}" for n in range(620)}


def test_the_command_skips_the_example_row_of_an_old_template(tmp_path, district_a_staff, commune_a3, capsys):
    path = tmp_path / "mo-hinh.xlsx"
    path.write_bytes(xlsx_bytes([model_row(name=OLD_EXAMPLES[0]), model_row(name="Mô hình thật")]))

    call_command("import_models", str(path), "--as", district_a_staff.username)

    assert list(EmulationModel.objects.values_list("name", flat=True)) == ["Mô hình thật"]
    assert "Dòng 2 là dòng ví dụ của mẫu: không được nhập." in capsys.readouterr().out
