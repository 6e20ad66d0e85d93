"""Hostile files into every upload of the portal: never a 500."""

import io
import itertools
import zipfile
from collections.abc import Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from models_registry.spreadsheets import COLUMNS
from tests.hostile.probing import HOSTILE, values_for
from tests.registry.conftest import HEADERS, model_row, xlsx_bytes

pytestmark = pytest.mark.django_db


# Uploads


def csv_bytes(rows: list[list[str]]) -> bytes:
    return "\n".join(";".join(value.replace(";", ",").replace("\n", " ") for value in row) for row in rows).encode()


def small_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def hostile_files() -> list[tuple[str, bytes]]:
    return [
        ("empty.xlsx", b""),
        ("nul.xlsx", b"PK\x03\x04" + b"\x00" * 2000),
        ("truncated.xlsx", xlsx_bytes([model_row()])[:700]),
        ("bomb.xlsx", small_zip({"xl/worksheets/sheet1.xml": b"<a>" + b"A" * 8_000_000 + b"</a>"})),
        ("bomb.docx", small_zip({"word/document.xml": b"<a>" + b"A" * 8_000_000 + b"</a>"})),
        ("garbage.docx", b"PK\x03\x04 not really"),
        ("not-a-zip.xlsx", "Tên mô hình;Năm\n".encode()),
        ("nul.csv", b"\x00\x00\x00;\x00\n\x00"),
        ("latin1.csv", "Tên mô hình".encode("latin-1", errors="replace")),
        ("bom-only.csv", b"\xef\xbb\xbf"),
        ("quotes.csv", b'"unterminated;' * 1000),
        ("../../../etc/passwd.txt", b"root:x:0:0"),
        ("\x00.txt", b"text"),
        ("nul.txt", b"H\x00i \x00ngh\x00"),
        ("binary.txt", bytes(range(256)) * 40),
        ("rtl\u202egpj.exe", b"MZ\x90\x00"),
        ("x" * 300 + ".pdf", b"%PDF-1.4"),
        ("tệp 🙂.pdf", b"%PDF-1.4 demo"),
    ]


def storable(value: str) -> str:
    """What a workbook can hold: openpyxl refuses control characters (the CSV files keep them)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def hostile_sheets() -> Iterator[tuple[str, bytes]]:
    names = list(COLUMNS)
    valid = model_row()
    for index, column in enumerate(names):
        for value in values_for(index)[:3]:
            row = {**valid, column: value}
            cells = [str(row.get(name) or "") for name in names]
            yield f"mo-hinh-{index}.csv", b"\xef\xbb\xbf" + csv_bytes([HEADERS, cells])
            yield f"mo-hinh-{index}.xlsx", xlsx_bytes([{**row, column: storable(value)}])
    for value in HOSTILE:
        yield "all.csv", csv_bytes([HEADERS, [value] * len(HEADERS)])
        yield "all.xlsx", xlsx_bytes([{name: storable(value) for name in names}])
        yield "headers.csv", csv_bytes([[value] * len(HEADERS), [value] * len(HEADERS)])


def test_every_upload_survives_hostile_files(hostile_world, prober):
    import_url = reverse("registry:import")
    for name, content in hostile_sheets():
        response = prober.request(
            "province_staff", "post", import_url, {"file": SimpleUploadedFile(name, content)}, what=name
        )
        report = response.context and response.context.get("report")
        if response.status_code == 200 and report is not None and report.ok:
            batch = response.context["batch"]
            confirm = reverse("registry:import-confirm", args=[batch.pk])
            prober.request("province_staff", "post", confirm, allowed={302, 400}, what=f"confirm {name}")
    attach_url = reverse("registry:attachment-upload", args=[hostile_world["draft"].pk])
    article_url = reverse("conferences:from-article")
    for (name, content), title in zip(hostile_files(), itertools.cycle(HOSTILE), strict=False):
        for url, data in [
            (import_url, {}),
            (attach_url, {"title": title}),
            (article_url, {"text": title if len(title) < 200 else ""}),
        ]:
            upload = SimpleUploadedFile(name, content)
            prober.request("commune_a1_official", "post", url, {**data, "file": upload}, what=f"{name} {title}")
    for value in HOSTILE:
        prober.request("commune_a1_official", "post", article_url, {"text": value * 3}, what=value)
    prober.assert_clean("uploads")
