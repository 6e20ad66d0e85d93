"""Issuing reports: snapshot the figures and the header, then print now or in the background.

issue_report ─▶ snapshot (figures read as the requesting user) ─▶ fingerprint
    same fingerprint already issued ─▶ that report, its PDF served again
    small (≤ REPORTS_SYNC_MAX_ROWS table rows) ─▶ printed in the request
    big ─▶ queued; `manage.py db_worker` prints it on any machine
"""

import datetime
import hashlib
import json
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from danvan.documents import DocumentNumberError, parse_document_number
from danvan.models import Document, Organization, OrganizationKind
from danvan.pdf import render_to_pdf
from danvan.reports import figures
from danvan.reports.charts import bar_chart
from danvan.reports.models import Report, ReportKind, ReportStatus
from danvan.reports.periods import Period
from danvan.scoping import subtree_paths, subtree_q
from danvan.templatetags.party_documents import place_date
from models_registry.models import Recognition

PDF_FONT = "Tinos Document"
# Left blank on the number line, for the clerk to write the number in when it is registered.
BLANK_NUMBER = "\u00a0" * 6
# Who signs for each kind of body (DOMAIN 2.2): a committee signs collectively, a board by its head.
SIGNERS = {
    OrganizationKind.CENTRAL: ("T/M BAN CHẤP HÀNH TRUNG ƯƠNG", "TỔNG BÍ THƯ"),
    OrganizationKind.PARTY_COMMITTEE: ("T/M BAN THƯỜNG VỤ", "BÍ THƯ"),
    OrganizationKind.STANDING_COMMITTEE: ("T/M BAN THƯỜNG VỤ", "BÍ THƯ"),
    OrganizationKind.MASS_MOBILIZATION_BOARD: ("", "TRƯỞNG BAN"),
    OrganizationKind.MASS_MOBILIZATION_BLOC: ("", "TRƯỞNG KHỐI"),
    OrganizationKind.FATHERLAND_FRONT: ("T/M BAN THƯỜNG TRỰC", "CHỦ TỊCH"),
}


@dataclass(frozen=True)
class KindSpec:
    template: str
    document_kind: str
    number_type: str  # "BC" for a báo cáo; lists carry no number of their own
    needs_period: bool


KINDS = {
    ReportKind.MOVEMENT_SUMMARY: KindSpec("reports/movement_summary.html", "BÁO CÁO", "BC", True),
    ReportKind.DIRECTIVE_FOLLOW_UP: KindSpec("reports/directive_report.html", "BÁO CÁO", "BC", True),
    ReportKind.RECOGNIZED_MODELS: KindSpec("reports/recognized_models.html", "DANH SÁCH", "", False),
    ReportKind.CONFERENCES: KindSpec("reports/conference_list.html", "DANH SÁCH", "", True),
}


@dataclass(frozen=True)
class ReportRequest:
    """What the user asked for; `user` decides what is counted."""

    kind: str
    organization: Organization
    user: object
    period: Period | None = None
    decision: Document | None = None
    signer_name: str = ""
    number: str = ""
    recipients: tuple[str, ...] = ()


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


def default_recipients(organization: Organization) -> list[str]:
    """The usual "Nơi nhận" of a report: the bodies above, then the archive."""
    recipients = []
    parent = organization.parent
    if parent and parent.kind != OrganizationKind.CENTRAL:
        recipients.append(f"Thường trực {parent.name} (b/c)")
        above = parent.parent
        if organization.kind == OrganizationKind.MASS_MOBILIZATION_BOARD and above:
            # The same board one level up: "Ban Dân vận Tỉnh ủy …", or "… Trung ương" for a province.
            above_name = "Trung ương" if above.kind == OrganizationKind.CENTRAL else above.name
            recipients.append(f"{organization.short_body_name} {above_name} (b/c)")
    return [*recipients, "Lưu VT."]


def build_snapshot(request: ReportRequest, today: datetime.date) -> dict:
    """Everything the PDF prints, as it is today."""
    spec = KINDS[request.kind]
    organization = request.organization
    authority, title = SIGNERS.get(organization.kind, ("", ""))
    with translation.override("vi"):
        data = _figures(request, today)
    subject = _subject(request, data)
    number_code = request.number
    if spec.number_type:
        number_code = f"{request.number or BLANK_NUMBER}-{spec.number_type}/{organization.issuer_code}"
    snapshot = {
        "issuer": {
            "name": organization.name,
            "letterhead_lines": [line for line in organization.letterhead if line],
            "place_name": organization.place_name,
            "issuer_code": organization.issuer_code,
            "signer_authority": authority,
            "signer_title": title,
        },
        "report_date": today,
        "report_date_short": f"{today:%d/%m/%Y}",
        "place_date": place_date(today, organization.place_name),
        "number": f"Số {number_code}" if number_code else "",
        "number_code": number_code,
        "document_kind": spec.document_kind,
        "subject": subject,
        "period": request.period.wording if request.period else "",
        "signer_name": request.signer_name,
        "recipients": list(request.recipients) or default_recipients(organization),
        "data": data,
    }
    # Stored as JSON: print the PDF from exactly what a reprint will read back.
    return json.loads(json.dumps(snapshot, cls=DjangoJSONEncoder))


def _figures(request: ReportRequest, today: datetime.date) -> dict:
    if request.kind == ReportKind.MOVEMENT_SUMMARY:
        return figures.movement_summary(request.user, request.organization, request.period)
    if request.kind == ReportKind.DIRECTIVE_FOLLOW_UP:
        return figures.directive_follow_up(request.user, request.organization, request.period, today)
    if request.kind == ReportKind.RECOGNIZED_MODELS:
        return figures.recognized_models(request.user, request.organization, request.decision)
    return figures.conference_list(request.user, request.organization, request.period)


def _subject(request: ReportRequest, data: dict) -> str:
    period = request.period.wording if request.period else ""
    if request.kind == ReportKind.MOVEMENT_SUMMARY:
        review = "Sơ kết" if request.period.is_interim else "Tổng kết"
        return f"{review} phong trào thi đua “Dân vận khéo” {period}"
    if request.kind == ReportKind.DIRECTIVE_FOLLOW_UP:
        return f"Kết quả thực hiện kết luận của các hội nghị {period}"
    if request.kind == ReportKind.RECOGNIZED_MODELS:
        return "Mô hình, điển hình “Dân vận khéo” được công nhận"
    return f"Các hội nghị {period}"


def row_count(kind: str, data: dict) -> int:
    """Table rows of the PDF: what its printing time grows with."""
    if kind == ReportKind.MOVEMENT_SUMMARY:
        key_figures = sum(len(group["figures"]) + 1 for group in data["conferences"]["key_figures"])
        return len(data["matrix"]) + len(data["top_units"]) + len(data["annex"]) + key_figures
    if kind == ReportKind.DIRECTIVE_FOLLOW_UP:
        return len(data["rows"]) + len(data["by_body"])
    return len(data["rows"])


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
        # Imported here: the task module imports this one.
        from danvan.reports.tasks import render_report_task

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
        pdf = render_pdf(report.kind, report.snapshot)
    except Exception as error:
        report.status, report.error = ReportStatus.FAILED, repr(error)[:2000]
        report.save(update_fields=["status", "error"])
        raise
    report.pdf.save(report.filename, ContentFile(pdf), save=False)
    report.status, report.rendered_at = ReportStatus.READY, timezone.now()
    report.render_seconds = round(time.monotonic() - started, 2)
    report.save(update_fields=["pdf", "status", "rendered_at", "render_seconds"])
    return report


def render_pdf(kind: str, snapshot: dict) -> bytes:
    with translation.override("vi"):
        return render_to_pdf(KINDS[kind].template, pdf_context(kind, snapshot))


def pdf_context(kind: str, snapshot: dict) -> dict:
    issuer = snapshot["issuer"]
    context = {
        **snapshot,
        "letterhead_lines": issuer["letterhead_lines"],
        "signer_authority": issuer["signer_authority"],
        "signer_title": issuer["signer_title"],
    }
    data = snapshot["data"]
    if kind == ReportKind.DIRECTIVE_FOLLOW_UP:
        rows = [(row["status"], row["count"]) for row in data["by_status"]]
        context["charts"] = [_pdf_chart(rows, "Kết luận theo tình trạng", "chart-status")]
    if kind == ReportKind.MOVEMENT_SUMMARY:
        by_field = [(row["label"], row["recognized"]) for row in data["matrix"]]
        by_level = [(row["level"], row["count"]) for row in data["recognized_by_level"]]
        context["charts"] = [
            _pdf_chart(by_field, "Mô hình được công nhận theo lĩnh vực", "chart-field"),
            _pdf_chart(by_level, "Mô hình được công nhận theo cấp", "chart-level"),
        ]
    return context


def _pdf_chart(rows: list, title: str, chart_id: str) -> str:
    """A bar chart at the document's font and size, drawn at a fixed size for print."""
    return bar_chart(rows, title=title, chart_id=chart_id, font_family=PDF_FONT, fixed_size=True, font_size=14)


def reprint(report: Report) -> bytes:
    """The PDF of an issued report, rendered again from its snapshot (the stored file may be gone)."""
    return render_pdf(report.kind, report.snapshot)
