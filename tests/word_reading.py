"""Reading a .docx back with python-docx, the way the tests check the Word copies."""

from io import BytesIO
from pathlib import Path

from django.conf import settings
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "word"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def read_docx(content: bytes):
    return Document(BytesIO(content))


def paragraphs(document) -> list[str]:
    """The text of the body's paragraphs, in order (tables apart)."""
    return [paragraph.text for paragraph in document.paragraphs if paragraph.text]


def every_text(document) -> str:
    """Body paragraphs and every table cell, joined by spaces: what the document says."""
    parts = []
    for block in document.element.body.iter():
        if block.tag == qn("w:p"):
            text = "".join(node.text or "" for node in block.iter(qn("w:t")))
            if text:
                parts.append(text)
    return " ".join(" ".join(parts).split())


def table_rows(table) -> list[list[str]]:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:  # a merged cell is returned once per column it spans
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(cell.text)
        rows.append(cells)
    return rows


def borders(table) -> set[str]:
    """The w:val of every edge the table declares (top, left, …, insideV)."""
    declared = table._tbl.tblPr.find(qn("w:tblBorders"))
    return {edge.get(qn("w:val")) for edge in declared} if declared is not None else set()


def assert_party_layout(document, *, landscape_sections: int = 0):
    """Times New Roman 14 pt, A4 with the party's margins (36-HD/VPTW), the header a borderless 2-column table."""
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    fonts = normal.element.rPr.rFonts
    assert {fonts.get(qn(slot)) for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")} == {"Times New Roman"}
    assert all(run.font.size in (None, Pt(12), Pt(13), Pt(14), Pt(15), Pt(16)) for run in _runs(document))
    portrait = [section for section in document.sections if section.page_width < section.page_height]
    assert len(document.sections) - len(portrait) == landscape_sections
    for section in document.sections:
        # Word keeps lengths in twentieths of a point: compare whole millimetres.
        assert sorted((round(section.page_width.mm), round(section.page_height.mm))) == [210, 297]
        assert 20 <= round(section.top_margin.mm) <= 25 and 20 <= round(section.bottom_margin.mm) <= 25
        assert 30 <= round(section.left_margin.mm) <= 35 and 15 <= round(section.right_margin.mm) <= 20
    header = document.tables[0]
    assert len(header.columns) == 2 and borders(header) == {"nil"}
    return header


def _runs(document):
    for paragraph in document.paragraphs:
        yield from paragraph.runs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    yield from paragraph.runs


def keep(content: bytes, name: str) -> Path:
    """The file in test-artifacts/word/, to open and look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.docx"
    path.write_bytes(content)
    return path
