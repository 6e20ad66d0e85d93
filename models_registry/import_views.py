"""Pages for the spreadsheet import (upload → preview → confirm), the template and the export."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from danvan.forms import PortalFormMixin
from danvan.scoping import may_write
from models_registry.filters import EmulationModelFilter
from models_registry.models import EmulationModel, ImportBatch
from models_registry.spreadsheets import (
    EXTENSIONS,
    MAX_UPLOAD_BYTES,
    ImportReport,
    SheetError,
    build_template,
    export_dataset,
    read_sheet,
    restored_sheet,
    run_import,
    stored_sheet,
    write_csv,
    write_xlsx,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STALE_PREVIEW = datetime.timedelta(days=1)
# The preview lists this many of the models to create, then counts the others: a page of ten
# thousand table rows helps nobody and takes long to load. The confirmation creates them all.
PREVIEW_ROWS = 500


class UploadForm(PortalFormMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy("An Excel workbook (.xlsx) or a CSV file in UTF-8, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(_("Only Excel workbooks (.xlsx) and CSV files (.csv) can be imported."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


def _require_writer(user) -> None:
    if not may_write(user):
        raise PermissionDenied


def _attachment(content: bytes, content_type: str, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


def _preview(request: HttpRequest, batch: ImportBatch, report: ImportReport, status: int = 200) -> HttpResponse:
    listed, rest = report.planned[:PREVIEW_ROWS], report.planned[PREVIEW_ROWS:]
    context = {
        "batch": batch,
        "report": report,
        "listed": listed,
        "rest": {"count": len(rest), "first": rest[0].row, "last": rest[-1].row} if rest else None,
    }
    return render(request, "registry/import_preview.html", context, status=status)


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    """Read the upload, keep it in the database and show what importing it would do."""
    _require_writer(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            sheet = read_sheet(upload.name, content)
        except SheetError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            # Previews nobody confirmed within a day are abandoned; they would only fill the database.
            stale = timezone.now() - STALE_PREVIEW
            ImportBatch.objects.filter(
                user=request.user, status=ImportBatch.Status.PREVIEWED, created_at__lt=stale
            ).delete()
            report = run_import(sheet, request.user, dry_run=True)
            batch = ImportBatch.objects.create(
                user=request.user,
                file_name=upload.name[-255:],
                content=content,
                sheet=stored_sheet(sheet, content),
                row_count=len(sheet.rows),
            )
            return _preview(request, batch, report)
    status = 400 if form.errors else 200
    return render(request, "registry/import_upload.html", {"form": form}, status=status)


@login_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Import the stored file for good, after checking every row again: the preview may be stale.

    The rows come from the sheet the preview read and kept (the workbook is not parsed a
    second time), or from the file itself for a batch kept without them.
    """
    _require_writer(request.user)
    with transaction.atomic():
        batch = get_object_or_404(ImportBatch.objects.select_for_update(), pk=pk, user=request.user)
        if batch.status == ImportBatch.Status.IMPORTED:
            messages.info(request, _("This file has already been imported."))
            return redirect("registry:list")
        try:
            content = bytes(batch.content)
            sheet = restored_sheet(batch.sheet, content) or read_sheet(batch.file_name, content)
        except SheetError as error:  # the stored file changed, or it no longer reads
            form = UploadForm()
            form.cleaned_data = {}  # an unbound form has none, and add_error() needs it
            for message in error.messages:
                form.add_error(None, message)
            return render(request, "registry/import_upload.html", {"form": form}, status=400)
        report = run_import(sheet, request.user, dry_run=False)
        if report.ok:
            batch.status = ImportBatch.Status.IMPORTED
            batch.save(update_fields=["status"])
    if not report.ok:
        messages.error(request, _("Nothing was imported: the file has errors."))
        return _preview(request, batch, report, status=400)
    count = report.imported
    message = ngettext("%(count)s model was imported as a draft.", "%(count)s models were imported as drafts.", count)
    messages.success(request, message % {"count": count})
    return redirect("registry:list")


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    _require_writer(request.user)
    return _attachment(build_template(request.user), XLSX_TYPE, "mau-nhap-mo-hinh-dan-van-kheo.xlsx")


@login_required
def export_models(request: HttpRequest) -> HttpResponse:
    """The list page's rows, with its filters, as .xlsx (default) or .csv (`?format=csv`)."""
    listed = EmulationModel.objects.visible_to(request.user)
    filterset = EmulationModelFilter(request.GET or None, queryset=listed, request=request)
    dataset = export_dataset(filterset.qs.order_by("-registration_year", "name", "pk"))
    file_name = f"mo-hinh-dan-van-kheo-{timezone.localdate():%Y%m%d}"
    if request.GET.get("format") == "csv":
        return _attachment(write_csv(dataset), "text/csv; charset=utf-8", f"{file_name}.csv")
    return _attachment(write_xlsx(dataset, _("Models")), XLSX_TYPE, f"{file_name}.xlsx")
