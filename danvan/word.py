"""Word copies (.docx) of party documents, for offices that edit before signing (python-docx).

A Word copy is built from the very HTML its PDF is printed from (a template extending
`templates/pdf/base.html`), so the two never say different things: `party_docx(html)` reads that
HTML and writes the same blocks into a document laid out by the party's rules (Hướng dẫn
36-HD/VPTW): A4, margins top and bottom 20 mm, left 30 mm, right 15 mm, Times New Roman 14 pt
(tables 13 pt, recipients 12 pt). The header of `party_header()` and the signatures become
borderless two-column tables; data tables keep their borders, spans and header row. Charts are
drawn for the PDF only: a Word copy has their figures in its tables.

Only the HTML that the PDF templates use is understood: p, div, h2/h3, ul/li, table (with
thead, rowspan, colspan, width), section.annex (a landscape section), b/i/u/br, and the classes
of `pdf/base.html`.
"""

import re
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from io import BytesIO

from django.http import HttpResponse
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from danvan.pdf import ascii_filename
from danvan.text import nfc

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"
BODY_SIZE, TABLE_SIZE, SMALL_SIZE = Pt(14), Pt(13), Pt(12)
# Hướng dẫn 36-HD/VPTW: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm; the PDFs use the same.
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
FIRST_LINE_INDENT = Mm(12.7)
SIGNATURE_ROOM = Mm(25)
SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML white space; a non-breaking space stays
SKIPPED = {"head", "style", "script", "title", "figure", "svg"}
SKIPPED_CLASSES = {"draft-watermark"}
INLINE = {"b", "strong", "i", "em", "u", "span", "a", "br", "small", "sup", "sub"}


@dataclass
class Node:
    tag: str
    attrs: dict = field(default_factory=dict)
    children: list = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class _TreeBuilder(HTMLParser):
    VOID = {"br", "meta", "link", "img", "hr", "col", "input"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_html(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(nfc(html))
    builder.close()
    return builder.root


@dataclass(frozen=True)
class Format:
    """How the paragraphs and runs of a block are set, inherited by what it holds."""

    align: int | None = WD_ALIGN_PARAGRAPH.JUSTIFY
    bold: bool = False
    italic: bool = False
    underline: bool = False
    size: Pt = BODY_SIZE
    indent: bool = True
    space_before: Pt | None = None
    space_after: Pt = Pt(6)
    in_list: bool = False  # inside the recipients' list: each item starts with a dash
    prefix: str = ""


CENTER = {"align": WD_ALIGN_PARAGRAPH.CENTER, "indent": False, "space_after": Pt(0)}
CLASS_FORMATS = {
    "title": {**CENTER},
    "document-kind": {"bold": True, "size": Pt(16)},
    "subject": {"bold": True},
    "title-rule": {"space_after": Pt(12)},
    "issuer": {"bold": True},
    "issuer-parent": {"bold": False},
    "party-name": {"bold": True, "underline": True, "size": Pt(15)},
    "place-date": {"italic": True},
    "caption": {**CENTER, "italic": True, "space_before": Pt(8), "space_after": Pt(2)},
    "note": {"italic": True, "size": SMALL_SIZE, "indent": False},
    "annex-title": {**CENTER, "bold": True},
    "annex-subtitle": {**CENTER, "italic": True, "space_after": Pt(10)},
    "signer-authority": {**CENTER, "bold": True},
    "signer-title": {**CENTER, "bold": True},
    "signer-name": {**CENTER, "bold": True, "space_before": SIGNATURE_ROOM},
    "recipients-label": {"align": WD_ALIGN_PARAGRAPH.LEFT, "indent": False, "underline": True, "space_after": Pt(0)},
    "recipients": {"align": WD_ALIGN_PARAGRAPH.LEFT, "indent": False, "size": SMALL_SIZE, "space_after": Pt(0)},
    "draft-stamp": {"align": WD_ALIGN_PARAGRAPH.RIGHT, "bold": True, "indent": False},
    "center": {"align": WD_ALIGN_PARAGRAPH.CENTER},
    "num": {"align": WD_ALIGN_PARAGRAPH.CENTER},
}
TAG_FORMATS = {
    "b": {"bold": True},
    "strong": {"bold": True},
    "i": {"italic": True},
    "em": {"italic": True},
    "u": {"underline": True},
    "h2": {"bold": True, "space_before": Pt(6)},
    "h3": {"bold": True, "space_before": Pt(6)},
    "th": {"bold": True, "align": WD_ALIGN_PARAGRAPH.CENTER},
}


def _format_of(node: Node, inherited: Format) -> Format:
    changes = dict(TAG_FORMATS.get(node.tag, {}))
    for name in sorted(node.classes):
        changes.update(CLASS_FORMATS.get(name, {}))
    return replace(inherited, **changes) if changes else inherited


class PartyDocx:
    """A .docx laid out as a party document, filled from the HTML of its PDF."""

    def __init__(self):
        self.document = Document()
        section = self.document.sections[0]
        _set_page(section, landscape=False)
        normal = self.document.styles["Normal"]
        normal.font.name, normal.font.size = FONT, BODY_SIZE
        # Word reads the East Asian and complex-script font slots too: all of them Times New Roman.
        fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(slot), FONT)
        normal.paragraph_format.space_after = Pt(0)

    def add_html(self, html: str) -> "PartyDocx":
        self._blocks(parse_html(html), self.document, Format(), table_size=None)
        return self

    def to_bytes(self) -> bytes:
        stream = BytesIO()
        self.document.save(stream)
        return stream.getvalue()

    # Blocks ------------------------------------------------------------------------------------

    def _blocks(self, node: Node, container, fmt: Format, table_size) -> None:
        """Write the children of `node` into `container` (the document or a table cell)."""
        pending: list = []
        for child in node.children:
            if isinstance(child, Node) and (child.tag in SKIPPED or child.classes & SKIPPED_CLASSES):
                continue
            if isinstance(child, Node) and child.tag not in INLINE:
                self._paragraph(pending, container, fmt, table_size)
                pending = []
                self._block(child, container, fmt, table_size)
            else:
                pending.append(child)
        self._paragraph(pending, container, fmt, table_size)

    def _block(self, node: Node, container, inherited: Format, table_size) -> None:
        fmt = _format_of(node, inherited)
        if node.tag == "table":
            self._table(node, container)
        elif node.tag == "section" and "annex" in node.classes:
            _set_page(self.document.add_section(WD_SECTION.NEW_PAGE), landscape=True)
            self._blocks(node, container, fmt, table_size)
        elif node.tag in ("ul", "ol"):
            self._blocks(node, container, replace(fmt, in_list="recipients" in node.classes), table_size)
        elif node.tag == "li":
            self._blocks(node, container, replace(fmt, prefix="- " if inherited.in_list else ""), table_size)
        else:
            self._blocks(node, container, fmt, table_size)

    def _paragraph(self, inline: list, container, fmt: Format, table_size) -> None:
        # Only HTML white space is empty: a lone non-breaking space keeps the room of an unsigned name.
        if not SPACE.sub("", _text_of(inline)):
            return
        paragraph = self._new_paragraph(container)
        layout = paragraph.paragraph_format
        layout.alignment = fmt.align
        layout.first_line_indent = FIRST_LINE_INDENT if fmt.indent and table_size is None else None
        layout.space_after = Pt(0) if table_size is not None else fmt.space_after
        if fmt.space_before is not None:
            layout.space_before = fmt.space_before
        size = table_size if table_size and fmt.size == BODY_SIZE else fmt.size
        state = {"start": True}
        if fmt.prefix:
            self._run(paragraph, fmt.prefix, fmt, size, state)
        for item in inline:
            self._inline(item, paragraph, fmt, size, state)
        # HTML drops the space before a closing tag at the end of a block.
        if paragraph.runs:
            paragraph.runs[-1].text = paragraph.runs[-1].text.rstrip(" ")

    def _new_paragraph(self, container):
        if hasattr(container, "_tc"):  # a table cell comes with one empty paragraph: fill it first
            first = container.paragraphs[0]
            if not first.runs and len(container.paragraphs) == 1:
                return first
        return container.add_paragraph()

    def _inline(self, item, paragraph, fmt: Format, size, state) -> None:
        if isinstance(item, str):
            self._run(paragraph, SPACE.sub(" ", item), fmt, size, state)
        elif item.tag == "br":
            paragraph.add_run().add_break(WD_BREAK.LINE)
            state["start"] = True
        elif item.tag not in SKIPPED:
            inner = _format_of(item, fmt)
            for child in item.children:
                self._inline(child, paragraph, inner, size, state)

    def _run(self, paragraph, text: str, fmt: Format, size, state) -> None:
        if state["start"]:
            text = text.lstrip(" ")
        if not text:
            return
        state["start"] = text.endswith(" ")
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = fmt.bold or None, fmt.italic or None, fmt.underline or None
        run.font.size = size

    # Tables ------------------------------------------------------------------------------------

    def _table(self, node: Node, container) -> None:
        rows = [(row, section) for section, row in _rows(node)]
        if not rows:
            return
        grid, cells = _layout(rows)
        columns = max(len(line) for line in grid)
        table = container.add_table(rows=len(grid), cols=columns)
        data = "data" in node.classes
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _set_borders(table, visible=data)
        widths = _widths(rows, columns, cells, self._text_width())
        if widths:
            table.autofit = False
            for column, width in zip(table.columns, widths, strict=True):
                column.width = width
            for row in table.rows:
                for index, cell in enumerate(row.cells):
                    cell.width = widths[index]
        header_rows = {index for index, (_row, section) in enumerate(rows) if section == "thead"}
        for index in header_rows:
            _repeat_as_header(table.rows[index])
        size = TABLE_SIZE if data else BODY_SIZE
        for (row_index, column), (cell_node, row_span, column_span) in cells.items():
            cell = table.cell(row_index, column)
            if row_span > 1 or column_span > 1:
                cell = cell.merge(table.cell(row_index + row_span - 1, column + column_span - 1))
            row_node = rows[row_index][0]
            fmt = _format_of(row_node, Format(align=WD_ALIGN_PARAGRAPH.LEFT, indent=False))
            if "total" in row_node.classes:
                fmt = replace(fmt, bold=True)
            if not data:
                fmt = replace(fmt, align=WD_ALIGN_PARAGRAPH.CENTER)
            self._blocks(cell_node, cell, _format_of(cell_node, fmt), table_size=size)
        if not hasattr(container, "_tc"):
            # A paragraph after a table keeps the next table from gluing onto it.
            spacer = self.document.add_paragraph()
            spacer.paragraph_format.space_after = Pt(0)

    def _text_width(self):
        section = self.document.sections[-1]
        return section.page_width - section.left_margin - section.right_margin


def _rows(table: Node):
    for child in table.children:
        if not isinstance(child, Node):
            continue
        if child.tag == "tr":
            yield "tbody", child
        elif child.tag in ("thead", "tbody", "tfoot"):
            for row in child.children:
                if isinstance(row, Node) and row.tag == "tr":
                    yield child.tag, row


def _layout(rows) -> tuple[list[list[bool]], dict]:
    """Place each cell on the grid the way HTML does, honouring rowspan and colspan."""
    grid: list[list[bool]] = [[] for _ in rows]
    cells = {}
    for row_index, (row, _section) in enumerate(rows):
        column = 0
        for cell in (child for child in row.children if isinstance(child, Node) and child.tag in ("td", "th")):
            while column < len(grid[row_index]) and grid[row_index][column]:
                column += 1
            row_span = min(int(cell.attrs.get("rowspan") or 1), len(rows) - row_index)
            column_span = int(cell.attrs.get("colspan") or 1)
            for r in range(row_index, row_index + row_span):
                line = grid[r]
                line.extend([False] * (column + column_span - len(line)))
                for c in range(column, column + column_span):
                    line[c] = True
            cells[(row_index, column)] = (cell, row_span, column_span)
            column += column_span
    width = max(len(line) for line in grid)
    for line in grid:
        line.extend([False] * (width - len(line)))
    return grid, cells


WIDTH = re.compile(r"width:\s*([\d.]+)%")
MIN_COLUMN_PERCENT = 7.0


def _widths(rows, columns: int, cells: dict, text_width) -> list | None:
    """Column widths: the first row's `width:` percentages, the others sharing the rest by their longest text."""
    first = [child for child in rows[0][0].children if isinstance(child, Node) and child.tag in ("td", "th")]
    percents: list[float | None] = []
    for cell in first:
        match = WIDTH.search(cell.attrs.get("style", ""))
        span = int(cell.attrs.get("colspan") or 1)
        percents.extend([float(match.group(1)) / span if match else None] * span)
    if columns == 2 and all(percent is None for percent in percents):
        percents = [48.0, 52.0]  # the header and the signatures: the PDF's two columns
    if len(percents) != columns:
        return None
    free = [index for index, percent in enumerate(percents) if percent is None]
    longest = {index: 4 for index in free}
    for (_row, column), (cell, _rows, column_span) in cells.items():
        if column_span == 1 and column in longest:
            longest[column] = max(longest[column], min(40, len(SPACE.sub(" ", _text_of(cell.children)).strip())))
    rest = max(0.0, 100 - sum(percent for percent in percents if percent is not None))
    for index in free:
        percents[index] = rest * longest[index] / sum(longest.values())
    # Room for "TT" and a two-digit figure at 13 pt, with the cell's margins.
    percents = [max(percent, MIN_COLUMN_PERCENT) for percent in percents]
    return [int(text_width * percent / sum(percents)) for percent in percents]


def _set_page(section, *, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (PAGE_HEIGHT, PAGE_WIDTH) if landscape else (PAGE_WIDTH, PAGE_HEIGHT)
    for side, value in MARGINS.items():
        setattr(section, f"{side}_margin", value)


def _set_borders(table, *, visible: bool) -> None:
    """Explicit borders on every edge: single lines for a data table, none for the header and signatures."""
    properties = table._tbl.tblPr
    for old in properties.findall(qn("w:tblBorders")):
        properties.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single" if visible else "nil")
        if visible:
            element.set(qn("w:sz"), "4")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    properties.append(borders)


def _repeat_as_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _text_of(items: list) -> str:
    parts = []
    for item in items:
        if isinstance(item, str):
            parts.append(item)
        elif item.tag == "br":
            parts.append(" ")
        else:
            parts.append(_text_of(item.children))
    return "".join(parts)


def party_docx(html: str) -> bytes:
    """The Word copy of a party document, from the HTML its PDF is printed from."""
    return PartyDocx().add_html(html).to_bytes()


def docx_response(content: bytes, filename: str) -> HttpResponse:
    """A .docx download under an ASCII name (`danvan.text.file_name` gives one)."""
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{ascii_filename(filename)}"'
    return response
