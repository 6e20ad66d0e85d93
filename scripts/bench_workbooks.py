"""The workbooks the import benchmark uploads: generated rows, saved as Excel saves them."""

import io
import re
import zipfile


def workbook(row_count: int, codes: list[str]) -> bytes:
    from openpyxl import Workbook

    from models_registry.spreadsheets import COLUMNS

    # The fields as the template's drop-down list writes them: the plain resource matches names exactly.
    fields = ["Kinh tế", "Văn hóa – xã hội", "Quốc phòng – an ninh", "Xây dựng hệ thống chính trị"]
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


def with_shared_strings(content: bytes) -> bytes:
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
