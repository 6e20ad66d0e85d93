"""Issuing reports: snapshot the figures and the header, then print now or in the background.

issue_report ─▶ snapshot (figures read as the requesting user) ─▶ fingerprint
    same fingerprint already issued ─▶ that report, its PDF served again
    small (≤ REPORTS_SYNC_MAX_ROWS table rows) ─▶ printed in the request
    big ─▶ queued (render_report_task, django-tasks); `manage.py db_worker` prints it on any machine
    long (≥ SECTIONED_MIN_ROWS) ─▶ body and annex sections printed on every core, unchanged ones cached

What differs between kinds is in their spec (`reports.kinds.KINDS`), never in a branch here.
"""

import datetime
import hashlib
import json
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_tasks import task

from danvan.documents import DocumentNumberError, parse_document_number
from danvan.models import Document, NotificationKind, Organization
from danvan.notifications import in_portal_language, notify, portal_path
from danvan.party_documents import default_recipients, number_code, party_header, signer
from danvan.pdf import SectionedPdf, render_to_pdf, render_to_pdf_in_sections
from danvan.scoping import subtree_paths, subtree_q
from danvan.text import file_name
from models_registry.models import Recognition
from reports.charts import bar_chart
from reports.kinds import KINDS, ReportRequest, annex_sections
from reports.models import Report, ReportStatus

PDF_FONT = "Tinos Document"


def find_decision(number: str, issued_on: datetime.date | None = None, *, within: Organization) -> Document:
    """The recognition decision with this number (and date, when two terms reused the number).

    Only decisions issued inside the subtree of `within`, the report's issuing body, are found.
    """
    try:
        code = parse_document_number(number).code
    except DocumentNumberError as error:
        raise ValidationError(str(error)) from None
    decisions = Document.objects.filter(
        subtree_q("organization__path", subtree_paths(within)),
        code=code,
        pk__in=Recognition.objects.values("decision_id"),
    )
    if issued_on:
        decisions = decisions.filter(issued_on=issued_on)
    found = list(decisions[:2])
    if not found:
        raise ValidationError(_("No model was recognized by a decision numbered %(code)s.") % {"code": code})
    if len(found) > 1:
        raise ValidationError(_("Several decisions are numbered %(code)s: give its date too.") % {"code": code})
    return found[0]


def build_snapshot(request: ReportRequest, today: datetime.date) -> dict:
    """Everything the PDF prints, as it is today."""
    spec = KINDS[request.kind]
    organization = request.organization
    authority, title = signer(organization)
    with translation.override("vi"):
        data = spec.figures(request, today)
    number = request.number
    if spec.number_type:
        number = number_code(organization, spec.number_type, request.number)
    header = party_header(organization, number_code=number, on=today)
    snapshot = {
        "issuer": {
            "name": header["issuer_name"],
            "letterhead_lines": header["letterhead_lines"],
            "place_name": organization.place_name,
            "issuer_code": organization.issuer_code,
            "signer_authority": authority,
            "signer_title": title,
        },
        "report_date": today,
        "report_date_short": f"{today:%d/%m/%Y}",
        "place_date": header["place_date"],
        "number": header["number"],
        "number_code": header["number_code"],
        "document_kind": spec.document_kind,
        "subject": spec.subject(request),
        "period": request.period.wording if request.period else "",
        "signer_name": request.signer_name,
        "recipients": list(request.recipients) or default_recipients(organization),
        "data": data,
    }
    # Stored as JSON: print the PDF from exactly what a reprint will read back.
    return json.loads(json.dumps(snapshot, cls=DjangoJSONEncoder))


def row_count(kind: str, data: dict) -> int:
    """Table rows of the PDF: what its printing time grows with."""
    return KINDS[kind].row_count(data)


def fingerprint(request: ReportRequest, snapshot: dict) -> str:
    """A hash of every input of the PDF except its date.

    Hashing the figures themselves (not only counts and latest timestamps) also notices a model
    renamed in the back office, which leaves no workflow step behind.
    """
    inputs = {
        "kind": request.kind,
        "organization": request.organization.pk,
        "period": request.period.code if request.period else "",
        "decision": request.decision.pk if request.decision else None,
        **{
            key: value
            for key, value in snapshot.items()
            if key not in ("report_date", "report_date_short", "place_date")
        },
    }
    encoded = json.dumps(inputs, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def issue_report(request: ReportRequest, *, today: datetime.date | None = None, in_background: bool = True) -> Report:
    """The report for `request`: one already issued from the same data, or a new one, printed or queued."""
    today = today or timezone.localdate()
    snapshot = build_snapshot(request, today)
    digest = fingerprint(request, snapshot)
    issued = (
        Report.objects.filter(kind=request.kind, organization=request.organization, fingerprint=digest)
        .exclude(status=ReportStatus.FAILED)
        .first()
    )
    if issued and (issued.status != ReportStatus.READY or issued.pdf.storage.exists(issued.pdf.name)):
        return issued
    report = Report.objects.create(
        kind=request.kind,
        organization=request.organization,
        period=request.period.code if request.period else "",
        decision=request.decision,
        requested_by=request.user if getattr(request.user, "pk", None) else None,
        fingerprint=digest,
        snapshot=snapshot,
        row_count=row_count(request.kind, snapshot["data"]),
    )
    if report.row_count <= settings.REPORTS_SYNC_MAX_ROWS or not in_background:
        render_report(report)
    else:
        report.task_id = str(render_report_task.enqueue(report.pk).id)
        report.save(update_fields=["task_id"])
        report.refresh_from_db()
    return report


def render_report(report: Report) -> Report:
    """Print the report from its snapshot alone and keep the PDF."""
    started = time.monotonic()
    report.status, report.started_at = ReportStatus.RENDERING, timezone.now()
    report.save(update_fields=["status", "started_at"])
    try:
        pdf = render_pdf(report.kind, report.snapshot, progress=report.record_progress)
    except Exception as error:
        report.status, report.error = ReportStatus.FAILED, repr(error)[:2000]
        report.save(update_fields=["status", "error"])
        raise
    report.pdf.save(report_file_name(report), ContentFile(pdf), save=False)
    report.status, report.rendered_at = ReportStatus.READY, timezone.now()
    report.render_seconds = round(time.monotonic() - started, 2)
    report.save(update_fields=["pdf", "status", "rendered_at", "render_seconds"])
    notify_ready(report)
    return report


REPORT_READY = _lazy("The report “%(report)s” you asked for is ready.")


def notify_ready(report: Report) -> None:
    """Tell whoever asked for the report, while it is still theirs to see, that its PDF is ready."""
    user = report.requested_by
    if user is not None and Report.objects.visible_to(user).filter(pk=report.pk).exists():
        notify(
            [user],
            kind=NotificationKind.REPORT_READY,
            text=in_portal_language(REPORT_READY, report=report),
            organization=report.organization,
            link=portal_path("reports:detail", pk=report.pk),
            key=f"report:{report.pk}",
        )


def report_file_name(report: Report) -> str:
    """What, where and when, without diacritics: "bao-cao-tong-hop-dan-van-kheo-huyen-giang-thanh-2021.pdf"."""
    unit = report.organization.unit
    subject = report.decision.code if report.decision_id else report.period
    return file_name(KINDS[report.kind].file_title, unit.full_name if unit else "Trung ương", subject, extension="pdf")


def render_pdf(kind: str, snapshot: dict, progress=None) -> bytes:
    """The PDF of a snapshot; a kind printed in parts (certificates) calls `progress(done, total)` after each.

    A long report is printed in sections (`render_pdf_in_sections`), a short one in one pass here.
    """
    if KINDS[kind].render:
        return KINDS[kind].render(pdf_context(kind, snapshot), progress)
    if row_count(kind, snapshot["data"]) < SECTIONED_MIN_ROWS:
        with translation.override("vi"):
            return render_to_pdf(KINDS[kind].template, pdf_context(kind, snapshot))
    return render_pdf_in_sections(kind, snapshot, progress=progress).pdf


# Below this, one pass in this process costs less than starting workers and joining sections.
SECTIONED_MIN_ROWS = 150


def render_pdf_in_sections(kind: str, snapshot: dict, *, progress=None, workers: int | None = None) -> SectionedPdf:
    """The same PDF, its body and annex sections printed in parallel or taken from the cache."""
    with translation.override("vi"):
        return render_to_pdf_in_sections(
            KINDS[kind].template, pdf_context(kind, snapshot), progress=progress, workers=workers
        )


def pdf_context(kind: str, snapshot: dict) -> dict:
    issuer = snapshot["issuer"]
    return {
        **snapshot,
        "letterhead_lines": issuer["letterhead_lines"],
        "signer_authority": issuer["signer_authority"],
        "signer_title": issuer["signer_title"],
        "charts": [
            _pdf_chart(chart.rows(snapshot["data"]), chart.title, chart.chart_id) for chart in KINDS[kind].charts
        ],
        "annex_sections": annex_sections(KINDS[kind], snapshot["data"]),
    }


def _pdf_chart(rows: list, title: str, chart_id: str) -> str:
    """A bar chart at the document's font and size, drawn at a fixed size for print."""
    return bar_chart(rows, title=title, chart_id=chart_id, font_family=PDF_FONT, fixed_size=True, font_size=14)


def reprint(report: Report) -> bytes:
    """The PDF of an issued report, rendered again from its snapshot (the stored file may be gone)."""
    return render_pdf(report.kind, report.snapshot)


@task()
def render_report_task(report_id: int) -> str:
    """Print a big report in the background: any machine running `manage.py db_worker` takes it."""
    report = Report.objects.get(pk=report_id)
    if report.status != ReportStatus.READY:
        render_report(report)
    return report.status
