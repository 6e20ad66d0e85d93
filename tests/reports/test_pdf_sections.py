"""A long report printed in sections (worker processes, the cache, pypdf) is the one-pass document."""

import copy
import re
import subprocess

import pytest
from django.core.cache import caches
from django.utils import translation

from danvan.pdf import render_to_pdf
from reports import services
from reports.kinds import ANNEX_SECTION_ROWS, KINDS
from reports.models import Report
from tests.reports.synthetic import synthetic_snapshot

KIND = "movement-summary"
ANNEX_HEADER = "Tên mô hình, điển hình"


@pytest.fixture(autouse=True)
def empty_cache():
    caches["default"].clear()
    yield
    caches["default"].clear()


def one_pass(snapshot: dict) -> bytes:
    with translation.override("vi"):
        return render_to_pdf(KINDS[KIND].template, services.pdf_context(KIND, snapshot))


def pdftotext(pdf: bytes, tmp_path, *options: str) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, check=True, text=True).stdout


def landscape_pages(pdf: bytes, tmp_path) -> list[bool]:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(path)], capture_output=True, text=True).stdout
    sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", listing, re.MULTILINE)
    return [float(width) > float(height) for width, height in sizes]


def test_a_district_report_in_sections_is_the_one_pass_document(tmp_path):
    # A district's summary: 375 recognized models in the annex and 216 rows of key figures.
    snapshot = synthetic_snapshot(annex_rows=375, figure_groups=72)
    assert services.row_count(KIND, snapshot["data"]) >= 600

    sectioned = services.render_pdf_in_sections(KIND, snapshot)
    single = one_pass(snapshot)

    assert sectioned.sections == 1 + -(-375 // ANNEX_SECTION_ROWS) and sectioned.printed == sectioned.sections
    # The same text, page by page (pdftotext separates pages with a form feed), numbers included.
    text = pdftotext(sectioned.pdf, tmp_path)
    assert text == pdftotext(single, tmp_path)
    pages = text.split("\f")[:-1]
    assert len(pages) > 20
    # Page numbers run 1..N across the joins: none on the first page, then 2, 3, … on top of each.
    assert not pages[0].split("\n")[0].isdigit()
    assert [page.split("\n")[0] for page in pages[1:]] == [str(number) for number in range(2, len(pages) + 1)]
    # Every annex page (landscape) repeats the table's header, and its rows are numbered 1..375 across the joins.
    landscape = landscape_pages(sectioned.pdf, tmp_path)
    assert len(landscape) == len(pages) and landscape.count(True) > 10
    numbers = []
    for page, is_annex in zip(pages, landscape, strict=True):
        assert (ANNEX_HEADER in page) == is_annex
        if is_annex:
            numbers += [int(line) for line in page.split("\n")[1:] if line.isdigit()]
    assert numbers == list(range(1, 376))


def test_a_reprint_after_one_change_prints_only_the_section_holding_it(tmp_path):
    snapshot = synthetic_snapshot(annex_rows=3 * ANNEX_SECTION_ROWS, figure_groups=30)
    fresh = services.render_pdf_in_sections(KIND, snapshot)
    assert fresh.sections == 4 and fresh.printed == 4

    again = services.render_pdf_in_sections(KIND, snapshot)
    assert again.printed == 0 and pdftotext(again.pdf, tmp_path) == pdftotext(fresh.pdf, tmp_path)

    # One model of the second annex section is renamed (digits have one width: the layout stays).
    changed = copy.deepcopy(snapshot)
    row = changed["data"]["annex"][ANNEX_SECTION_ROWS + 7]
    assert row["name"].endswith(f"số {ANNEX_SECTION_ROWS + 8}")
    row["name"] = row["name"].replace(f"số {ANNEX_SECTION_ROWS + 8}", "số 999")
    reprint = services.render_pdf_in_sections(KIND, changed)
    assert reprint.printed == 1
    reprinted = pdftotext(reprint.pdf, tmp_path)
    assert "số 999" in reprinted and reprinted != pdftotext(fresh.pdf, tmp_path)
    assert reprinted == pdftotext(one_pass(changed), tmp_path)


@pytest.mark.django_db
def test_sections_print_in_worker_processes_inside_a_transaction(tmp_path, movement, district_a_staff):
    """The children never touch the database: the test's transaction and connection survive the fork."""
    before = Report.objects.count()
    sectioned = services.render_pdf_in_sections(KIND, synthetic_snapshot(annex_rows=2 * ANNEX_SECTION_ROWS), workers=2)
    assert sectioned.printed == 3
    assert Report.objects.count() == before
    assert type(district_a_staff).objects.filter(pk=district_a_staff.pk).exists()


def test_a_small_report_prints_in_one_pass_in_this_process(monkeypatch, tmp_path):
    def no_sections(*args, **kwargs):
        raise AssertionError("a small report is printed in one pass")

    monkeypatch.setattr(services, "render_pdf_in_sections", no_sections)
    snapshot = synthetic_snapshot(annex_rows=20, figure_groups=5)
    assert services.row_count(KIND, snapshot["data"]) < services.SECTIONED_MIN_ROWS
    assert "Cấp Trung ương" in pdftotext(services.render_pdf(KIND, snapshot), tmp_path)


def test_a_long_report_is_printed_in_sections(monkeypatch, tmp_path):
    calls = []
    real = services.render_pdf_in_sections

    def counting(kind, snapshot, **options):
        calls.append(kind)
        return real(kind, snapshot, **options)

    monkeypatch.setattr(services, "render_pdf_in_sections", counting)
    services.render_pdf(KIND, synthetic_snapshot(annex_rows=services.SECTIONED_MIN_ROWS))
    assert calls == [KIND]
