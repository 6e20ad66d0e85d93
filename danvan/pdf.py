"""Render Django templates to PDF with WeasyPrint, offline: only static files are ever fetched.

A long document prints in sections (render_to_pdf_in_sections):

    template ─▶ HTML ─▶ split at SECTION_MARK ─▶ each section: cached PDF, or printed in a worker
    process (one per core) ─▶ joined with pypdf ─▶ page numbers stamped across the joins

A section starts on a page of its own, so the joined PDF is the one the whole HTML prints in one
pass. Sections are printed without page numbers (the numbers depend on the pages before them) and
kept in the cache under the hash of their own HTML, which holds their rows and the CSS, plus the
fonts and the WeasyPrint version: a reprint after one row changed prints only its section.
"""

import hashlib
import io
import logging
import multiprocessing
import os
import re
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from danvan.text import nfc

# Words a line must not split, bound with non-breaking spaces: a short name in quotes (“Dân vận
# khéo”), a committee's name ("Huyện ủy": "ủy" never stands alone), and the end of a table cell,
# header line or recipient, that is a short remark in brackets ("(thôn 3)", "(để báo cáo),") or
# the last two words ("chính trị", "Giang Thành").
QUOTED_NAME = re.compile(r"“[^”<>\s]+(?: [^”<>\s]+){1,2}”")
COMMITTEE = re.compile(r"[^\s<>]+ ủy\b")
# A dash is left free: a line may break after it anyway (UAX #14), and a bound space would then
# start the next line.
LINE_END = re.compile(
    r"(?:\([^()<>]{1,20}\)[.,;]?|[^\s<>]*\w[^\s<>]* [^\s<>]{1,12})(?=(?:</(?:i|b)>)*</(?:td|th|div|li)>)"
)
# Relative and root-relative URLs in PDF templates resolve against this origin. The
# .invalid TLD (RFC 2606) never resolves, and the fetcher below never goes online anyway.
PDF_ORIGIN = "https://pdf.invalid"


class RefusedURL(ValueError):
    """The PDF asked for something that is not a static file."""


class StaticFilesFetcher(URLFetcher):
    """Serve URLs under ``static_base`` from the staticfiles finders; refuse every other URL."""

    def __init__(self, static_base: str) -> None:
        # fail_on_errors: a missing font or image stops the rendering instead of a silent fallback.
        super().__init__(fail_on_errors=True)
        self.static_base = static_base

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if not url.startswith(self.static_base):
            raise RefusedURL(f"PDF rendering fetches static files only, not {url!r}")
        relative_path = unquote(urlsplit(url[len(self.static_base) :]).path)
        absolute_path = finders.find(relative_path)
        if not absolute_path:
            raise FileNotFoundError(f"No static file {relative_path!r}")
        with open(absolute_path, "rb") as static_file:
            return URLFetcherResponse(url, static_file.read())


def render_to_pdf(template_name: str, context: dict, request: HttpRequest | None = None) -> bytes:
    """Render a template extending ``templates/pdf/base.html`` to PDF bytes, in one pass."""
    return html_to_pdf(render_html(template_name, context, request))


def render_html(template_name: str, context: dict, request: HttpRequest | None = None) -> str:
    # NFC: decomposed diacritics would reach the PDF text layer decomposed (and copy-paste that way).
    return keep_line_ends_together(nfc(render_to_string(template_name, context, request=request)))


def html_to_pdf(html: str) -> bytes:
    base_url = urljoin(PDF_ORIGIN, settings.STATIC_URL)
    return HTML(string=html, base_url=base_url, url_fetcher=StaticFilesFetcher(base_url)).write_pdf()


def keep_line_ends_together(html: str) -> str:
    """Bind the words a line must not split (see above) with non-breaking spaces.

    A narrow column otherwise leaves one syllable alone on a line, which splits a Vietnamese
    word: "chính / trị", "Giang / Thành", "Huyện / ủy", "(thôn / 3)", "“Dân / vận khéo”".
    """
    for words in (QUOTED_NAME, COMMITTEE, LINE_END):
        html = words.sub(lambda match: match.group(0).replace(" ", "\u00a0"), html)
    return html


def pdf_response(pdf: bytes, filename: str, inline: bool = True) -> HttpResponse:
    """Wrap PDF bytes in a response; the Vietnamese file name survives through RFC 5987 ``filename*``."""
    filename = nfc(filename)
    disposition = "inline" if inline else "attachment"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f"{disposition}; filename=\"{ascii_filename(filename)}\"; filename*=UTF-8''{quote(filename, safe='')}"
    )
    return response


def ascii_filename(filename: str) -> str:
    """Fallback name for clients without ``filename*``: "Báo cáo số 27.pdf" → "Bao cao so 27.pdf"."""
    decomposed = unicodedata.normalize("NFD", filename.replace("đ", "d").replace("Đ", "D"))
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9 ._()-]", "_", ascii_only)


# -- long documents, in sections ------------------------------------------------------------

# Where a section starts: the templates write it before each annex section (templates/pdf/base.html).
SECTION_MARK = "<!--pdf-section-->"
# Sections are printed without the page numbers; they are stamped on the joined document.
NO_PAGE_NUMBERS = "<style>@page { @top-center { content: none; } }</style>"
SECTION_CACHE_SECONDS = 30 * 24 * 3600
SECTION_CACHE_PREFIX = "pdf-section"
# The number pages are printed from the document's own head (its @page rules and fonts): an empty
# block per page, on the named page of its section (an annex prints on `.annex` pages).
STAMP_STYLE = "<style>body > div { break-before: page; height: 1pt; }</style>"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SectionedPdf:
    pdf: bytes
    sections: int  # the sections of the document
    printed: int  # those printed now, the others came from the cache


def render_to_pdf_in_sections(
    template_name: str, context: dict, *, progress=None, workers: int | None = None
) -> SectionedPdf:
    """Like render_to_pdf, section by section: the same pages (pdftotext gives the same text), faster."""
    html = render_html(template_name, context)
    head, sections = split_sections(html)
    if len(sections) == 1:
        return SectionedPdf(html_to_pdf(html), 1, 1)
    started = time.monotonic()
    section_htmls = [f"{head}{NO_PAGE_NUMBERS}</head>{body}</html>" for body in sections]
    cache = caches["default"]
    keys = [section_cache_key(section) for section in section_htmls]
    found = cache.get_many(keys)
    missing = [index for index, key in enumerate(keys) if key not in found]
    printed = print_sections([section_htmls[index] for index in missing], progress, workers)
    cache.set_many({keys[index]: pdf for index, pdf in zip(missing, printed, strict=True)}, SECTION_CACHE_SECONDS)
    pdfs = [found.get(key) for key in keys]
    for index, pdf in zip(missing, printed, strict=True):
        pdfs[index] = pdf
    joined = join_sections(head, pdfs)
    seconds = time.monotonic() - started
    logger.info("Printed %s of %s sections of %s in %.1f s", len(missing), len(sections), template_name, seconds)
    return SectionedPdf(joined, len(sections), len(missing))


def split_sections(html: str) -> tuple[str, list[str]]:
    """The head (up to ``</head>``, excluded) and each section's ``<body>…</body>``."""
    head_end = html.index("</head>")
    body_start = html.index("<body", head_end)
    body_open = html[body_start : html.index(">", body_start) + 1]
    body = html[body_start + len(body_open) : html.rindex("</body>")]
    head = html[:head_end]
    return head, [f"{body_open}{part}</body>" for part in body.split(SECTION_MARK)]


def section_cache_key(html: str, what: str = "") -> str:
    digest = hashlib.sha256(render_version().encode())
    digest.update(html.encode())
    return f"{SECTION_CACHE_PREFIX}{what}:{digest.hexdigest()}"


@cache
def render_version() -> str:
    """What else a section's PDF depends on: WeasyPrint and the fonts (its HTML holds the CSS)."""
    digest = hashlib.sha256(weasyprint.__version__.encode())
    fonts = Path(finders.find("fonts/Tinos-Regular.ttf")).parent
    for font in sorted(fonts.glob("*.ttf")):
        digest.update(font.read_bytes())
    return digest.hexdigest()[:16]


def print_sections(htmls: list[str], progress=None, workers: int | None = None) -> list[bytes]:
    """Print each HTML to PDF, in worker processes (one per core) when there are several."""
    workers = min(workers or os.cpu_count() or 1, len(htmls))
    if workers < 2:
        printed = []
        for html in htmls:
            printed.append(html_to_pdf(html))
            if progress:
                progress(len(printed), len(htmls))
        return printed
    # The children only print HTML: they never touch the database. Close the parent's connections
    # first so that no child inherits an open one (but not inside a transaction, which it would end).
    if not any(connection.in_atomic_block for connection in connections.all(initialized_only=True)):
        connections.close_all()
    results = [b""] * len(htmls)
    # fork: the children start at once with Django, WeasyPrint and the fonts already loaded.
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        # Longest first, so that no core waits alone for a long section at the end.
        order = sorted(range(len(htmls)), key=lambda index: -len(htmls[index]))
        futures = {pool.submit(html_to_pdf, htmls[index]): index for index in order}
        for done, future in enumerate(as_completed(futures), start=1):
            results[futures[future]] = future.result()
            if progress:
                progress(done, len(htmls))
    return results


def join_sections(head: str, pdfs: list[bytes]) -> bytes:
    """One PDF of the sections, in order, numbered across the joins as the whole document would be."""
    writer = PdfWriter()
    page_bodies = []
    for index, pdf in enumerate(pdfs):
        reader = PdfReader(io.BytesIO(pdf))
        writer.append(reader)
        # The first section is the document's own pages; the others are annex pages.
        block = "<div></div>" if index == 0 else '<div class="annex"></div>'
        page_bodies.extend([block] * len(reader.pages))
        if index == 0 and reader.metadata:
            writer.add_metadata({key: value for key, value in reader.metadata.items() if isinstance(value, str)})
    numbers = PdfReader(io.BytesIO(page_numbers(head, "".join(page_bodies))))
    for page, number in zip(writer.pages, numbers.pages, strict=True):
        page.merge_page(number)
        page.compress_content_streams()  # merge_page leaves them uncompressed: ten times the size
    # Each section brings its own font subsets: what is identical is kept once.
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def page_numbers(head: str, page_bodies: str) -> bytes:
    """Pages blank but for their number, as the document's head prints it; cached, as a reprint
    mostly has the same pages."""
    html = f"{head}{STAMP_STYLE}</head><body>{page_bodies}</body></html>"
    key = section_cache_key(html, "-numbers")
    numbers = caches["default"].get(key)
    if numbers is None:
        numbers = html_to_pdf(html)
        caches["default"].set(key, numbers, SECTION_CACHE_SECONDS)
    return numbers
