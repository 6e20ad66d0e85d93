"""Word copies of issued reports, built from the report's snapshot like its PDF (`danvan.word`).

Each kind's Word copy is its PDF's template read into a .docx, except the certificates: their
Word copy is the list of the certificates, the document an office edits and files with them.
"""

from django.template.loader import render_to_string
from django.utils import translation

from danvan.word import party_docx
from reports.kinds import KINDS
from reports.models import Report, ReportKind
from reports.services import pdf_context, report_file_name

WORD_TEMPLATES = {ReportKind.CERTIFICATES: "reports/certificate_list.html"}


def report_docx(report: Report) -> bytes:
    spec = KINDS[report.kind]
    context = pdf_context(report.kind, report.snapshot)
    if spec.annex:
        # The PDF prints a long annex in sections; an office edits it as one table.
        rows = spec.annex(report.snapshot["data"])
        context["annex_sections"] = [{"rows": rows, "offset": 0}] if rows else []
    with translation.override("vi"):
        html = render_to_string(WORD_TEMPLATES.get(report.kind, spec.template), context)
    return party_docx(html)


def docx_file_name(report: Report) -> str:
    """The PDF's name with the Word extension: "giay-chung-nhan-dan-van-kheo-xa-son-lam-05-qd-du.docx"."""
    return report_file_name(report).removesuffix(".pdf") + ".docx"
