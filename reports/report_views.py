"""Report pages: the dashboard of each role, issuing a report, following its printing, its PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models.fields.json import KT
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.filters import organization_options
from danvan.models import Organization
from danvan.pdf import pdf_response
from danvan.scoping import chosen_organization, get_visible_or_404
from danvan.word import docx_response
from reports import figures, word
from reports.charts import bar_chart
from reports.forms import ReportForm
from reports.models import Report, ReportStatus
from reports.periods import parse_period
from reports.services import ReportRequest, issue_report, render_report_task, report_file_name

RECENT_REPORTS = 10
REFRESH_SECONDS = 3
# Seconds WeasyPrint needs per table row on the reference machine, for the progress estimate.
SECONDS_PER_ROW = 0.015


def _organizations(user):
    return Organization.objects.visible_to(user).order_by("path", "kind", "name")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    organization = chosen_organization(request)
    period, period_error = None, ""
    if request.GET.get("period"):
        try:
            period = parse_period(request.GET["period"])
        except ValidationError as error:
            period_error = error.messages[0]
    context = {
        "organization": organization,
        # Cached text: a central user sees thousands of organizations.
        "organization_options": organization_options(request.user, organization.pk if organization else None),
        "period": period,
        "period_text": request.GET.get("period", ""),
        "period_error": period_error,
        "recent_reports": Report.objects.visible_to(request.user)
        .select_related("organization")
        .defer("snapshot")[:RECENT_REPORTS],
    }
    if organization:
        numbers = figures.cached_dashboard(request.user, organization, period, timezone.localdate())
        context["numbers"] = numbers
        context["charts"] = [
            _chart("by-field", _("Models by field"), numbers["by_field"]),
            _chart("by-level", _("Models by level reached"), numbers["by_level"]),
            _chart("by-year", _("Models by registration year"), numbers["by_year"]),
            _chart("by-unit", _("Models by unit"), numbers["by_unit"]),
            _chart("by-status", _("Directives by status"), numbers["by_status"]),
        ]
    return render(request, "dashboard/dashboard.html", context)


def _chart(chart_id: str, title: str, rows: list) -> dict:
    return {"id": chart_id, "title": title, "rows": rows, "svg": bar_chart(rows, title=title, chart_id=chart_id)}


@login_required
def report_issue(request: HttpRequest) -> HttpResponse:
    """Issue a report: a small one comes back as the PDF at once, a big one is printed by a worker."""
    organizations = _organizations(request.user)
    if request.method != "POST":
        form = ReportForm(initial=request.GET.dict(), organizations=organizations)
        return render(request, "reports/report_form.html", {"form": form})
    form = ReportForm(request.POST, organizations=organizations)
    valid = form.is_valid()
    if form.cleaned_data.get("organization") is not None:
        # Out of scope is 404 whatever else the form says: the body's existence is not revealed.
        organization = get_visible_or_404(
            Organization.objects.all(), request.user, pk=form.cleaned_data["organization"]
        )
    if not valid:
        return render(request, "reports/report_form.html", {"form": form})
    data = form.cleaned_data
    report = issue_report(
        ReportRequest(
            kind=data["kind"],
            organization=organization,
            user=request.user,
            period=data["period"],
            decision=data["decision"],
            signer_name=data["signer_name"],
            number=data["number"],
            recipients=data["recipients"],
        )
    )
    if report.task_id or report.status != ReportStatus.READY:
        # A big report: its page follows the printing and links to the PDF when it is ready.
        return redirect("reports:detail", pk=report.pk)
    return _stored_pdf(report)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # The page polls while the report prints: read the lines it shows, not the whole snapshot.
    reports = (
        Report.objects.select_related("organization", "requested_by")
        .defer("snapshot")
        .annotate(
            issuer_name=KT("snapshot__issuer__name"),
            document_kind=KT("snapshot__document_kind"),
            subject=KT("snapshot__subject"),
        )
    )
    report = get_visible_or_404(reports, request.user, pk=pk)
    expected = 2 + report.row_count * SECONDS_PER_ROW
    elapsed = (timezone.now() - report.started_at).total_seconds() if report.started_at else 0
    response = render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "expected_seconds": round(expected),
            "progress": _progress(report, elapsed, expected),
            "refresh_seconds": REFRESH_SECONDS,
        },
    )
    if not report.is_finished:
        # The HTTP form of <meta http-equiv="refresh">: the page polls without any script.
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


def _progress(report: Report, elapsed: float, expected: float) -> int:
    """Percent printed: the pages a report printed in parts has recorded, else the time spent against the estimate."""
    if report.status != ReportStatus.RENDERING:
        return 0
    if report.progress_total:
        return round(100 * report.progress_done / report.progress_total)
    return min(95, round(100 * elapsed / expected))


@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The stored PDF, served as issued; printed again from its snapshot only if the file was lost."""
    report = get_visible_or_404(Report.objects.select_related("decision", "organization__unit"), request.user, pk=pk)
    if report.status == ReportStatus.READY and report.pdf and report.pdf.storage.exists(report.pdf.name):
        return _stored_pdf(report)
    if report.status == ReportStatus.READY:
        report.status = ReportStatus.QUEUED
        report.save(update_fields=["status"])
        render_report_task.enqueue(report.pk)
        messages.info(request, _("The stored file was missing: the report is being printed again from its snapshot."))
    return redirect("reports:detail", pk=report.pk)


@login_required
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The Word copy, to edit before signing: built from the snapshot, like the PDF beside it."""
    report = get_visible_or_404(Report.objects.select_related("decision", "organization__unit"), request.user, pk=pk)
    return docx_response(word.report_docx(report), word.docx_file_name(report))


def _stored_pdf(report: Report) -> HttpResponse:
    with report.pdf.storage.open(report.pdf.name, "rb") as stored:
        return pdf_response(stored.read(), report_file_name(report))
