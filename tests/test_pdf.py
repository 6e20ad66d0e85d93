"""PDF rendering: the party-document layout, its shipped fonts, the text layer and the offline fetcher."""

import datetime
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template

from danvan.pdf import PDF_ORIGIN, RefusedURL, StaticFilesFetcher, pdf_response, render_to_pdf
from danvan.templatetags.party_documents import place_date

SAMPLE = "pdf/sample_document.html"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "pdf"
STATIC_BASE = PDF_ORIGIN + settings.STATIC_URL
VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # ngang, huyền, sắc, hỏi, ngã, nặng
PLACE_DATE = "Lâm Bình, ngày 27 tháng 11 năm 2023"
SUBJECT = "Kết quả thực hiện phong trào thi đua “Dân vận khéo” năm 2023"
MM = 72 / 25.4


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def vietnamese_letters() -> str:
    """Every vowel with every tone, then đ; lower case, then upper case (the sample's order)."""
    lower = " ".join(nfc(vowel + tone) for vowel in VOWELS for tone in TONES) + " đ"
    return f"{lower} {lower.upper()}"


def sample_context(**overrides) -> dict:
    return {
        "letterhead_lines": ["ĐẢNG BỘ TỈNH TUYÊN QUANG", "HUYỆN ỦY LÂM BÌNH"],
        "number": "Số 27-BC/HU",
        "place_date": PLACE_DATE,
        "document_kind": "Báo cáo",
        "subject": SUBJECT,
        **overrides,
    }


def poppler(tool: str, pdf_path: Path, *options: str) -> str:
    output = ["-"] if tool == "pdftotext" else []
    return subprocess.run([tool, *options, str(pdf_path), *output], capture_output=True, check=True, text=True).stdout


def text_of(pdf_path: Path, *options: str) -> str:
    # -raw keeps the content-stream order; the default reading-order mode drops the spaces between
    # evenly spaced single letters such as the alphabet line. pdftotext also breaks lines anywhere.
    return " ".join(poppler("pdftotext", pdf_path, "-raw", *options).split())


def write_pdf(directory: Path, name: str, **context) -> Path:
    path = directory / name
    path.write_bytes(render_to_pdf(SAMPLE, sample_context(**context)))
    return path


@pytest.fixture(scope="module")
def sample_pdf() -> Path:
    """The sample, kept with a PNG of page 1 in test-artifacts/pdf/ for a look by eye."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = write_pdf(ARTIFACTS, "sample_document.pdf")
    png_root = str(ARTIFACTS / "sample_document")
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", "-f", "1", str(path), png_root], check=True)
    return path


def test_it_renders_a_one_page_a4_pdf(sample_pdf):
    assert sample_pdf.read_bytes().startswith(b"%PDF-")
    info = poppler("pdfinfo", sample_pdf)
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)$", info, re.MULTILINE)
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE)


def test_it_embeds_the_shipped_tinos_fonts_and_no_other(sample_pdf):
    rows = poppler("pdffonts", sample_pdf).splitlines()[2:]
    fonts = {row.split()[0].split("+")[-1]: row.split()[-5] for row in rows}
    assert set(fonts) == {"Tinos-Document", "Tinos-Document-Bold", "Tinos-Document-Italic"}
    assert set(fonts.values()) == {"yes"}


def test_the_text_layer_has_the_header_and_every_vietnamese_letter(sample_pdf):
    text = nfc(text_of(sample_pdf))
    for expected in ("ĐẢNG CỘNG SẢN VIỆT NAM", "HUYỆN ỦY LÂM BÌNH", "Số 27-BC/HU", PLACE_DATE, SUBJECT):
        assert expected in text
    assert vietnamese_letters() in text


def test_decomposed_input_reaches_the_pdf_composed(tmp_path):
    decomposed = unicodedata.normalize("NFD", SUBJECT)
    assert decomposed != SUBJECT
    text = text_of(write_pdf(tmp_path, "nfd.pdf", subject=decomposed))
    assert SUBJECT in text  # not normalized here: the PDF itself must carry NFC


def test_pages_are_numbered_top_centre_from_the_second_page(tmp_path):
    path = write_pdf(tmp_path, "long.pdf", extra_paragraphs=["Các chi, đảng bộ trực thuộc triển khai thực hiện."] * 40)
    assert poppler("pdftotext", path, "-f", "1", "-l", "1").splitlines()[0] == "ĐẢNG BỘ TỈNH TUYÊN QUANG"
    page_two = poppler("pdftotext", path, "-bbox", "-f", "2", "-l", "2")
    x_min, y_min, x_max = map(
        float, re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>2<', page_two).groups()
    )
    assert y_min < 20 * MM  # in the top margin
    assert (x_min + x_max) / 2 == pytest.approx((30 + (210 - 15)) / 2 * MM, abs=2)  # centred between the margins


def test_the_fetcher_serves_static_files():
    response = StaticFilesFetcher(STATIC_BASE).fetch(STATIC_BASE + "fonts/Tinos-Regular.ttf")
    assert response.read() == (Path(settings.BASE_DIR) / "static/fonts/Tinos-Regular.ttf").read_bytes()


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/logo.png",
        "https://fonts.example.com/Tinos-Regular.ttf",
        "file:///etc/passwd",
        # A real static file, asked for by its file URL rather than through the static URL.
        (Path(__file__).resolve().parent.parent / "static/fonts/Tinos-Regular.ttf").as_uri(),
        PDF_ORIGIN + "/media/avatar.png",
        "data:text/plain,hello",
    ],
)
def test_the_fetcher_refuses_everything_but_static_files(url):
    with pytest.raises(RefusedURL):
        StaticFilesFetcher(STATIC_BASE).fetch(url)


@pytest.mark.parametrize(
    "day, expected",
    [
        (datetime.date(2024, 2, 5), "Lâm Bình, ngày 05 tháng 02 năm 2024"),
        (datetime.date(2024, 7, 17), "Lâm Bình, ngày 17 tháng 7 năm 2024"),
        (datetime.date(2023, 11, 1), "Lâm Bình, ngày 01 tháng 11 năm 2023"),
        (datetime.date(2023, 1, 10), "Lâm Bình, ngày 10 tháng 01 năm 2023"),
        (datetime.date(2023, 12, 31), "Lâm Bình, ngày 31 tháng 12 năm 2023"),
    ],
)
def test_place_date_pads_days_below_10_and_the_first_two_months(day, expected):
    assert place_date(day, "Lâm Bình") == expected


def test_place_date_works_as_a_template_filter():
    template = Template("{% load party_documents %}{{ day|place_date:place }}")
    rendered = template.render(Context({"day": datetime.date(2024, 2, 5), "place": "Lâm Bình"}))
    assert rendered == "Lâm Bình, ngày 05 tháng 02 năm 2024"


@pytest.mark.parametrize("filename", ["Báo cáo số 27-BC.pdf", unicodedata.normalize("NFD", "Báo cáo số 27-BC.pdf")])
def test_pdf_response_names_the_file_in_ascii_and_utf8(filename):
    response = pdf_response(b"%PDF-1.7", filename)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "inline; filename=\"Bao cao so 27-BC.pdf\"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20s%E1%BB%91%2027-BC.pdf"
    )


def test_pdf_response_can_ask_for_a_download():
    response = pdf_response(b"%PDF-1.7", "Biên bản hội nghị.pdf", inline=False)
    assert response["Content-Disposition"].startswith('attachment; filename="Bien ban hoi nghi.pdf"; ')
