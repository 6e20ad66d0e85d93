"""The pages of scoring rubrics and score sheets, scoped like every other registry page."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.history import history_of
from danvan.scoping import get_editable_or_403, get_visible_or_404, may_write
from models_registry.models import EmulationModel, Level, Rubric, Status
from models_registry.rubric_forms import RubricForm, ScoreSheetForm, criteria_formset
from models_registry.rubric_rules import average_of, sheets_of
from models_registry.rubric_services import (
    create_rubric,
    frozen_reason,
    new_version,
    save_score_sheet,
    scoring_refusal,
    sheet_for,
    update_rubric,
)
from models_registry.rubric_spreadsheet import export_rubric, read_criteria
from models_registry.spreadsheets.reading import SheetError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class LevelScores:
    """The score sheets of one model at one level, as the model page and the queue show them."""

    level: str
    sheets: list
    average: Decimal | None

    @property
    def level_label(self) -> str:
        return Level(self.level).label


def scores_by_level(sheets) -> list[LevelScores]:
    by_level: dict[str, list] = {}
    for sheet in sheets:
        by_level.setdefault(sheet.level, []).append(sheet)
    return [LevelScores(level, group, average_of(group)) for level, group in by_level.items()]


def score_context(user, model: EmulationModel) -> dict:
    """What the model page shows of the scoring: every sheet by level, and whether `user` may score now."""
    return {
        "score_levels": scores_by_level(sheets_of([model.pk])),
        "can_score": not scoring_refusal(user, model) and may_write(user),
    }


def attach_queue_scores(models: list[EmulationModel]) -> None:
    """Give each model under review its sheets at that level (`score_summary`), one query for the page."""
    under_review = {model.pk: model for model in models if model.status == Status.UNDER_REVIEW}
    sheets: dict[int, list] = {}
    for sheet in sheets_of(list(under_review)):
        if sheet.level == under_review[sheet.emulation_model_id].review_level:
            sheets.setdefault(sheet.emulation_model_id, []).append(sheet)
    for pk, group in sheets.items():
        under_review[pk].score_summary = LevelScores(group[0].level, group, average_of(group))


@login_required
def rubric_list(request: HttpRequest) -> HttpResponse:
    rubrics = (
        Rubric.objects.visible_to(request.user)
        .select_related("organization", "newer_version")
        .annotate(criterion_count=Count("criteria", distinct=True), sheet_count=Count("score_sheets", distinct=True))
    )
    return render(request, "registry/rubric_list.html", {"rubrics": rubrics, "can_create": may_write(request.user)})


@login_required
def rubric_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = get_visible_or_404(
        Rubric.objects.select_related("organization", "previous_version", "created_by"), request.user, pk=pk
    )
    criteria = list(rubric.criteria.all())
    groups: list[tuple[str, list]] = []
    for criterion in criteria:
        if not groups or groups[-1][0] != criterion.group:
            groups.append((criterion.group, []))
        groups[-1][1].append(criterion)
    newer = Rubric.objects.filter(previous_version=rubric).first()
    editable = Rubric.objects.editable_by(request.user).filter(pk=rubric.pk).exists()
    return render(
        request,
        "registry/rubric_detail.html",
        {
            "rubric": rubric,
            "groups": groups,
            "max_total": sum(criterion.max_score for criterion in criteria),
            "newer": newer,
            "frozen": frozen_reason(rubric),
            "editable": editable,
            "history": history_of(rubric),
        },
    )


def _save_rubric(request: HttpRequest, rubric: Rubric) -> HttpResponse:
    form = RubricForm(request.POST or None, request.FILES or None, instance=rubric, user=request.user)
    formset = criteria_formset(request.POST or None, rubric=rubric)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        upload = form.cleaned_data.get("criteria_file")
        try:
            if upload:
                criteria = read_criteria(upload.name, upload.read())
            else:
                criteria = [row for row in (f.row() for f in formset.forms) if row]
            fields = {name: form.cleaned_data[name] for name in RubricForm.Meta.fields}
            if rubric.pk:
                saved = update_rubric(rubric, fields=fields, criteria=criteria, acting_user=request.user)
            else:
                saved = create_rubric(fields=fields, criteria=criteria, acting_user=request.user)
        except SheetError as error:
            for message in error.messages:
                form.add_error("criteria_file", message)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The rubric is saved."))
            return redirect("registry:rubric-detail", pk=saved.pk)
    if request.method == "POST":
        messages.error(request, _("Please correct the errors below; nothing has been saved yet."))
    return render(
        request,
        "registry/rubric_form.html",
        {"rubric": rubric, "form": form, "formset": formset},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def rubric_create(request: HttpRequest) -> HttpResponse:
    if not may_write(request.user):
        raise PermissionDenied
    return _save_rubric(request, Rubric())


@login_required
def rubric_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = get_editable_or_403(Rubric.objects.select_related("organization"), request.user, pk=pk)
    if reason := frozen_reason(rubric):
        messages.error(request, reason)
        return redirect("registry:rubric-detail", pk=pk)
    return _save_rubric(request, rubric)


@login_required
@require_POST
def rubric_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = get_editable_or_403(Rubric.objects.all(), request.user, pk=pk)
    try:
        copy = new_version(rubric, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("registry:rubric-detail", pk=pk)
    messages.success(request, _("Version %(version)s is made: change it, then it applies.") % {"version": copy.version})
    return redirect("registry:rubric-edit", pk=copy.pk)


@login_required
def rubric_export(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = get_visible_or_404(Rubric.objects.all(), request.user, pk=pk)
    response = HttpResponse(export_rubric(rubric), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="tieu-chi-{rubric.pk}-v{rubric.version}.xlsx"'
    return response


@login_required
def score_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The acting reviewer's own score sheet for a model under review at their level."""
    model = get_visible_or_404(
        EmulationModel.objects.select_related("unit", "registering_organization"), request.user, pk=pk
    )
    if not EmulationModel.objects.editable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    if refusal := scoring_refusal(request.user, model):
        messages.error(request, refusal)
        return redirect("registry:detail", pk=pk)
    sheet, rubric = sheet_for(request.user, model)
    form = ScoreSheetForm(request.POST or None, rubric=rubric, sheet=sheet)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_score_sheet(
                model, points=form.points(), comment=form.cleaned_data["comment"], acting_user=request.user
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            if saved.is_complete:
                messages.success(request, _("Your score sheet is saved: %(total)s points.") % {"total": saved.total})
            else:
                messages.warning(request, _("Your score sheet is saved, but some criteria are not scored yet."))
            return redirect("registry:detail", pk=pk)
    return render(
        request,
        "registry/rubric_score_sheet.html",
        {
            "model": model,
            "rubric": rubric,
            "sheet": sheet,
            "form": form,
            "max_total": sum(criterion.max_score for criterion in form.criteria),
        },
        status=400 if request.method == "POST" else 200,
    )
