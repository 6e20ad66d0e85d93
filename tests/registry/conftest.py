"""Spreadsheets for the import tests, and one more commune whose code starts with a zero.

Province P ─┬─ District A ─┬─ Commune A1 (18145)
            │              ├─ Commune A2 (18148)
            │              └─ Commune A3 (02266)
            └─ District B ─── Commune B1 (18118)
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from danvan.models import UnitKind
from models_registry.models import Field
from models_registry.spreadsheets import COLUMNS
from tests.factories import AdministrativeUnitFactory

HEADERS = list(COLUMNS.values())
STANDARD_FIELDS = [
    ("kinh-te", "Kinh tế", 1),
    ("van-hoa-xa-hoi", "Văn hóa – xã hội", 2),
    ("quoc-phong-an-ninh", "Quốc phòng – an ninh", 3),
    ("xay-dung-he-thong-chinh-tri", "Xây dựng hệ thống chính trị", 4),
]


@pytest.fixture(autouse=True)
def standard_fields(db):
    """The four fields the data migration seeds, also when tests run without migrations."""
    for code, name, order in STANDARD_FIELDS:
        Field.objects.get_or_create(code=code, defaults={"name": name, "order": order})


@pytest.fixture
def commune_a3(hierarchy):
    return AdministrativeUnitFactory(code="02266", name="Sơn Hồng", kind=UnitKind.COMMUNE, parent=hierarchy.district_a)


def model_row(**values) -> dict:
    """One row of the import sheet, by resource field name; a valid collective model of commune A3 by default."""
    return {
        "name": "Dân vận khéo trong làm đường giao thông nông thôn",
        "subject_kind": "Tập thể",
        "field": "Kinh tế",
        "unit_code": "02266",
        "registering_unit_name": "Chi hội Phụ nữ thôn 1",
        "registration_year": 2024,
        "phase": "2024 – 2026",
        "address": "Thôn 1",
        "starts_on": "01/03/2024",
        "ends_on": "31/12/2024",
        **values,
    }


def xlsx_bytes(rows: list, headers: list[str] | None = None, *, text_codes: bool = True) -> bytes:
    """A workbook as a user fills it in: dict rows by field name, list rows as they are, None for a blank row."""
    headers = HEADERS if headers is None else headers
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    names = list(COLUMNS)
    for row in rows:
        if row is None:
            sheet.append([])
        elif isinstance(row, dict):
            sheet.append([row.get(names[HEADERS.index(header)]) if header in HEADERS else None for header in headers])
        else:
            sheet.append(row)
    if text_codes:
        for cell in sheet["D"][1:]:
            cell.number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, content: bytes, name: str = "mo-hinh.xlsx", url: str | None = None):
    return client.post(url or reverse("registry:import"), {"file": SimpleUploadedFile(name, content)})
