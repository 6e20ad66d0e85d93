"""Render Django templates to PDF with WeasyPrint, offline: only static files are ever fetched."""

import re
import unicodedata
from urllib.parse import quote, unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
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
    """Render a template extending ``templates/pdf/base.html`` to PDF bytes."""
    # NFC: decomposed diacritics would reach the PDF text layer decomposed (and copy-paste that way).
    html = keep_line_ends_together(nfc(render_to_string(template_name, context, request=request)))
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
