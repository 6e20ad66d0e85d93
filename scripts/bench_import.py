"""Time the spreadsheet import (preview, then confirm) and the export on a throwaway database.

    .venv/bin/python scripts/bench_import.py --rows 10000
    .venv/bin/python scripts/bench_import.py --rows 10000 --postgres postgres://postgres@127.0.0.1:5432/postgres

SQLite runs in a temporary file. With --postgres, the script creates its own database
on that server (danvan_bench_import_<pid>) and drops it at the end, so it never touches
the database of the test suite. The requests go through the real views with Django's
test client, over HTTPS as production settings (DEBUG=0) require.
"""

import argparse
import datetime
import io
import os
import re
import sys
import tempfile
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL server URL; a scratch database is made on it")
    parser.add_argument("--inline-strings", action="store_true", help="keep the workbook as openpyxl writes it")
    args = parser.parse_args()
    with _throwaway_database(args.postgres) as url:
        os.environ["DATABASE_URL"] = url
        os.environ["DEBUG"] = "0"  # as in production: no query log kept in memory
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
        import django

        django.setup()
        _run(args.rows, "PostgreSQL" if args.postgres else "SQLite", shared_strings=not args.inline_strings)


@contextmanager
def _throwaway_database(server_url: str | None):
    if not server_url:
        with tempfile.TemporaryDirectory() as directory:
            yield f"sqlite:///{directory}/bench.sqlite3"
        return
    import psycopg

    name = f"danvan_bench_import_{os.getpid()}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(server_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


@contextmanager
def _timed(label: str, timings: dict):
    """Wall time, and this process's CPU time: on a busy machine the second shows the cost of the code."""
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    timings[label] = (time.perf_counter() - wall, time.process_time() - cpu)


def _run(row_count: int, engine: str, *, shared_strings: bool) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from models_registry.models import EmulationModel, ImportBatch, Transition
    from models_registry.resources import read_sheet

    call_command("migrate", verbosity=0)
    user, codes = _world()
    content = _workbook(row_count, codes)
    content = _with_shared_strings(content) if shared_strings else content
    client = Client()
    client.force_login(user)
    timings: dict[str, tuple[float, float]] = {}

    with _timed("read the file", timings):
        read_sheet("bench.xlsx", content)
    with _timed("preview (upload, check, store)", timings):
        preview = client.post(
            reverse("registry:import"), {"file": SimpleUploadedFile("bench.xlsx", content)}, secure=True
        )
    assert preview.status_code == 200 and b"registry/import/" in preview.content, preview.status_code
    batch = ImportBatch.objects.get()
    assert EmulationModel.objects.count() == 0
    with _timed("confirm (re-read, re-check, import)", timings):
        confirmed = client.post(reverse("registry:import-confirm", args=[batch.pk]), secure=True)
    assert confirmed.status_code == 302, confirmed.status_code
    imported = EmulationModel.objects.count()
    assert imported == row_count == Transition.objects.filter(action="import").count(), imported
    with _timed("export .xlsx", timings):
        xlsx = client.get(reverse("registry:export"), secure=True)
    with _timed("export .csv", timings):
        csv = client.get(reverse("registry:export"), {"format": "csv"}, secure=True)

    layout = "shared strings, as Excel saves" if shared_strings else "inline strings, as openpyxl writes"
    print(f"{engine}: {row_count} rows, {len(content) / 1024:.0f} KB workbook ({layout}), {imported} drafts imported")
    print(f"  {'':<38} {'wall':>7} {'CPU':>7}   (load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs)")
    preview, confirm = timings["preview (upload, check, store)"], timings["confirm (re-read, re-check, import)"]
    timings["preview + confirm"] = (preview[0] + confirm[0], preview[1] + confirm[1])
    for label, (wall, cpu) in timings.items():
        print(f"  {label:<38} {wall:6.2f}s {cpu:6.2f}s")
    print(f"  export sizes: {len(xlsx.content) / 1024:.0f} KB .xlsx, {len(csv.content) / 1024:.0f} KB .csv")


def _world():
    """A province with two districts of ten communes each, codes starting with zeros, and its staff."""
    from django.contrib.auth import get_user_model

    from danvan.models import LEVEL_OF_KIND, AdministrativeUnit, Era, Membership, Role, UnitKind
    from danvan.organizations import mass_mobilization_board_for
    from danvan.text import fold

    def unit(code, name, kind, parent=None):
        path = f"{parent.path}{code}/" if parent else f"{Era.PRE_2025}/{code}/"
        return AdministrativeUnit.objects.create(
            era=Era.PRE_2025, code=code, name=name, search_name=fold(name), kind=kind,
            level=LEVEL_OF_KIND[kind], parent=parent, path=path,
        )  # fmt: skip

    province = unit("08", "Tuyên Quang", UnitKind.PROVINCE)
    codes = []
    for district_number in range(2):
        district = unit(f"07{district_number}", f"Huyện {district_number}", UnitKind.RURAL_DISTRICT, province)
        for commune_number in range(10):
            code = f"0{2200 + district_number * 10 + commune_number}"
            unit(code, f"Xã {code}", UnitKind.COMMUNE, district)
            codes.append(code)
    user = get_user_model().objects.create_user("bench", password="bench-password-2024")
    board = mass_mobilization_board_for(province, on=datetime.date(2024, 7, 1))
    Membership.objects.create(user=user, organization=board, role=Role.PROVINCE_STAFF)
    return user, codes


def _workbook(row_count: int, codes: list[str]) -> bytes:
    from openpyxl import Workbook

    from models_registry.resources import COLUMNS

    fields = ["Kinh tế", "van hoa xa hoi", "Quốc phòng – an ninh", "xay-dung-he-thong-chinh-tri"]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Mô hình")
    sheet.append(list(COLUMNS.values()))
    for number in range(row_count):
        individual = number % 10 == 0
        sheet.append(
            [
                f"Mô hình dân vận khéo số {number}",
                "Cá nhân" if individual else "Tập thể",
                fields[number % 4],
                codes[number % len(codes)],
                "trước 1/7/2025",
                "" if individual else f"Chi hội Phụ nữ thôn {number % 12}",
                f"Nguyễn Văn {number % 500}" if individual else "",
                "Bí thư chi bộ" if individual else "",
                2020 + number % 5,
                "2020 – 2025",
                f"Thôn {number % 12}",
                "Đường làng lầy lội, người dân đi lại khó khăn vào mùa mưa.",
                "Bê tông hóa 2 km đường thôn.",
                "Vận động nhân dân hiến đất, góp công.",
                f"{1 + number % 28:02d}/03/2024",
                "31/12/2024",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


INLINE_CELL = re.compile(r'<c([^>]*?) t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>', re.DOTALL)
SHARED_STRINGS = (
    ("[Content_Types].xml", "</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
     'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'),
    ("xl/_rels/workbook.xml.rels", "</Relationships>", '<Relationship Id="rIdStrings" Type="http://schemas.'
     'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
     "</Relationships>"),
)  # fmt: skip


def _with_shared_strings(content: bytes) -> bytes:
    """The workbook as Excel, LibreOffice and Google Sheets save it: text in one shared-strings table.

    openpyxl writes each text inline instead, which it reads back 1.5–2.5 times more slowly
    (our own exports are such files); users mostly upload files saved by Excel.
    """
    strings: dict[str, int] = {}

    def shared(match: re.Match) -> str:
        index = strings.setdefault(match[2], len(strings))
        return f'<c{match[1]} t="s"><v>{index}</v></c>'

    source, buffer = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename).decode()
            if item.filename.startswith("xl/worksheets/"):
                data = INLINE_CELL.sub(shared, data)
            for name, end, addition in SHARED_STRINGS:
                data = data.replace(end, addition) if item.filename == name else data
            target.writestr(item, data)
        table = "".join(f"<si><t>{text}</t></si>" for text in strings)
        target.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
            f' count="{len(strings)}" uniqueCount="{len(strings)}">{table}</sst>',
        )
    return buffer.getvalue()


if __name__ == "__main__":
    main()
