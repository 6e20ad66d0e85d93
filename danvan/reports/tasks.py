"""Background printing of big reports (django-tasks; any machine running `manage.py db_worker` takes them)."""

from django_tasks import task

from danvan.reports.models import Report, ReportStatus
from danvan.reports.services import render_report


@task()
def render_report_task(report_id: int) -> str:
    report = Report.objects.get(pk=report_id)
    if report.status != ReportStatus.READY:
        render_report(report)
    return report.status
