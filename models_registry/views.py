from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.history import history_of
from danvan.locking import StaleEdit
from danvan.models import Organization
from danvan.pagination import CappedPaginator, label_choices, page_by_ids
from danvan.scoping import (
    chosen_organization,
    get_editable_or_403,
    get_visible_or_404,
    may_write,
    scope_for,
    subtree_paths,
    subtree_q,
)
from models_registry.filters import EmulationModelFilter
from models_registry.forms import ActionForm, AttachmentForm, EmulationModelForm
from models_registry.models import (
    Announcement,
    Attachment,
    EmulationModel,
    Field,
    Level,
    Recognition,
    Status,
    SubjectKind,
)
from models_registry.rubric_views import attach_queue_scores, score_context
from models_registry.services import (
    ACTIONS,
    add_attachment,
    attachments_frozen,
    available_actions,
    perform,
    publish_decision,
    register_model,
    review_levels_open_to,
    submitted_by,
    update_draft,
    waiting_for,
)

PAGE_SIZE = 50
MODEL_FIELDS = [
    name
    for name in EmulationModelForm.Meta.fields
    if name not in ("registering_organization", "person_name", "person_position")
]


LISTED_COLUMNS = [
    "name", "subject_kind", "registering_unit_name", "registration_year", "status", "review_level", "level_reached",
    "field__name", "registering_organization__name", "registering_organization__period_label",
    "registering_organization__path", "person__full_name",
]  # fmt: skip


def _listed(user, models=None):
    """The rows of the list pages: the long texts of a model are read on its own page only."""
    models = EmulationModel.objects.visible_to(user) if models is None else models
    return models.select_related("field", "registering_organization", "person").only(*LISTED_COLUMNS)


def _labelled(page):
    """The rows with the labels of their choices, for the list's table (see `label_choices`)."""
    return label_choices(
        page,
        subject_kind=SubjectKind.choices,
        level_reached=Level.choices,
        status=Status.choices,
        review_level=Level.choices,
    )


@login_required
def model_list(request: HttpRequest) -> HttpResponse:
    filterset = EmulationModelFilter(request.GET or None, queryset=_listed(request.user), request=request)
    page = CappedPaginator(filterset.qs.order_by("-registration_year", "name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    _labelled(page)
    can_register = may_write(request.user)
    return render(
        request, "registry/model_list.html", {"filter": filterset, "page": page, "can_register": can_register}
    )


def _detail_queryset():
    return EmulationModel.objects.select_related(
        "field", "registering_organization", "unit__parent__parent", "person", "created_by"
    ).prefetch_related(
        "recognitions__decision",
        "recognitions__deciding_organization",
        "transitions__actor",
        Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by")),
    )


@login_required
def model_detail(request: HttpRequest, pk: int) -> HttpResponse:
    model = get_visible_or_404(_detail_queryset(), request.user, pk=pk)
    return _render_detail(request, model)


def _render_detail(
    request, model, *, failed_action: str = "", action_form=None, attachment_form=None, status: int = 200
) -> HttpResponse:
    """The model page; after a refused action or upload, its form shows what was typed and why it was refused."""
    actions = available_actions(request.user, model)
    scope = scope_for(request.user)  # the model's and its deciding organizations' paths are loaded: no query
    writer = scope.covers(model.registering_organization.path, for_edit=True)
    can_edit = model.is_editable and writer
    if attachment_form is None and writer and model.accepts_attachments:
        attachment_form = AttachmentForm()
    action_form = action_form or ActionForm(user=request.user, model=model)
    action_form.fields["level"].choices = [
        (level, Level(level).label) for level in review_levels_open_to(request.user, model)
    ]
    return render(
        request,
        "registry/model_detail.html",
        {
            "model": model,
            "publishable": {
                r.pk for r in model.recognitions.all() if scope.covers(r.deciding_organization.path, for_edit=True)
            },
            "actions": [(ACTIONS[name], ACTIONS[name].label_for(model)) for name in actions],
            "submitted_by_me": "recognize" in actions and submitted_by(model) == request.user.pk,
            "action_form": action_form,
            "failed_action": failed_action,
            "can_edit": can_edit,
            "attachment_form": attachment_form,
            "attachments_frozen": attachments_frozen(model),
            "history": history_of(model),
            **score_context(request.user, model),
        },
        status=status,
    )


def _save(request: HttpRequest, model: EmulationModel) -> HttpResponse:
    form = EmulationModelForm(request.POST or None, instance=model, user=request.user)
    conflict = None
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            details = {
                "organization": data["registering_organization"],
                "fields": {name: data[name] for name in MODEL_FIELDS},
                "person_name": data["person_name"],
                "person_position": data["person_position"],
                "acting_user": request.user,
            }
            try:
                if model.pk:
                    saved = update_draft(model, **details, lock_version=data["lock_version"] or 0)
                else:
                    saved = register_model(**details, submit="submit" in request.POST)
            except StaleEdit as stale:
                conflict = stale
                form.accept_current_version(stale.current_version)
            else:
                messages.success(request, _("The model is saved."))
                return redirect("registry:detail", pk=saved.pk)
        else:
            messages.error(request, _("Please correct the errors below; nothing has been saved yet."))
    return render(request, "registry/model_form.html", {"model": model, "form": form, "conflict": conflict})


@login_required
def model_create(request: HttpRequest) -> HttpResponse:
    if not may_write(request.user):
        raise PermissionDenied
    return _save(request, EmulationModel())


@login_required
def model_edit(request: HttpRequest, pk: int) -> HttpResponse:
    model = get_editable_or_403(EmulationModel.objects.select_related("person"), request.user, pk=pk)
    if not model.is_editable:
        messages.error(request, _("Only a draft or a returned model can be changed."))
        return redirect("registry:detail", pk=pk)
    return _save(request, model)


@login_required
@require_POST
def model_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    model = get_visible_or_404(
        EmulationModel.objects.select_related("unit", "registering_organization"), request.user, pk=pk
    )
    if action in ACTIONS and model.status not in ACTIONS[action].from_statuses:
        return _overtaken(request, model)
    if action not in available_actions(request.user, model):
        raise PermissionDenied
    form = ActionForm(request.POST, user=request.user, model=model)
    if form.is_valid():
        try:
            perform(model, action, actor=request.user, **form.cleaned_data)
        except PermissionDenied:
            # `perform` checks again under the row lock: someone may have acted in between.
            model.refresh_from_db(fields=["status"])
            if model.status not in ACTIONS[action].from_statuses:
                return _overtaken(request, model)
            raise
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Done: the model is now “%(status)s”.")
                % {"status": EmulationModel.objects.get(pk=pk).get_status_display()},
            )
            return redirect("registry:detail", pk=pk)
    model = get_visible_or_404(_detail_queryset(), request.user, pk=pk)
    return _render_detail(request, model, failed_action=action, action_form=form, status=400)


def _overtaken(request: HttpRequest, model: EmulationModel) -> HttpResponse:
    """Two reviewers clicked at once and the other one was first: say so, change nothing."""
    messages.error(
        request,
        _("Someone acted on this model before you: it is now “%(status)s”.") % {"status": model.get_status_display()},
    )
    return redirect("registry:detail", pk=model.pk)


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    model = get_editable_or_403(EmulationModel.objects.all(), request.user, pk=pk)
    if refusal := attachments_frozen(model):
        messages.error(request, refusal)
        return redirect("registry:detail", pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        model = get_visible_or_404(_detail_queryset(), request.user, pk=pk)
        return _render_detail(request, model, attachment_form=form, status=400)
    try:
        add_attachment(model, **form.cleaned_data, acting_user=request.user)
    except ValidationError as error:  # a decision was recorded meanwhile: nothing is stored
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The file is attached."))
    return redirect("registry:detail", pk=pk)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("emulation_model"), pk=pk)
    get_visible_or_404(EmulationModel.objects.all(), request.user, pk=attachment.emulation_model_id)
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.file.name.rsplit("/", 1)[-1]
    )


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """Models waiting for this user at their own level: to take up for review, or to decide."""
    page = page_by_ids(waiting_for(request.user), _listed(request.user), request.GET.get("page"), PAGE_SIZE)
    attach_queue_scores(_labelled(page).object_list)
    return render(request, "registry/queue.html", {"page": page})


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    """Counts by field × level × collective/individual, rolled up over the subtree of one organization."""
    organizations = Organization.objects.visible_to(request.user).select_related("unit")
    organization = chosen_organization(request)
    models = EmulationModel.objects.visible_to(request.user).counted()
    if organization:
        models = models.filter(subtree_q("registering_organization__path", subtree_paths(organization)))
    rows = models.values("registering_organization__path", "field_id", "level_reached", "subject_kind").annotate(
        count=Count("pk")
    )
    return render(request, "registry/statistics.html", _statistics_context(rows, organization, organizations))


def _statistics_context(rows, organization, organizations) -> dict:
    fields = list(Field.objects.all())
    levels = [("", _("not yet recognized"))] + list(Level.choices)
    kinds = list(SubjectKind.choices)
    table = defaultdict(int)
    children = list(organization.unit.children.order_by("code")) if organization and organization.unit else []
    by_child = defaultdict(lambda: defaultdict(int))
    for row in rows:
        table[row["field_id"], row["level_reached"], row["subject_kind"]] += row["count"]
        for child in children:
            if row["registering_organization__path"].startswith(child.path):
                by_child[child.pk][row["level_reached"]] += row["count"]
    matrix = [
        {
            "field": field,
            "cells": [table[field.pk, level, kind] for level, _label in levels for kind, _kind_label in kinds],
            "total": sum(table[field.pk, level, kind] for level, _l in levels for kind, _k in kinds),
        }
        for field in fields
    ]
    totals = [sum(row["cells"][i] for row in matrix) for i in range(len(levels) * len(kinds))]
    child_rows = [
        {
            "unit": child,
            "cells": [by_child[child.pk][level] for level, _l in levels],
            "total": sum(by_child[child.pk].values()),
        }
        for child in children
    ]
    return {
        "organization": organization,
        "organizations": organizations,
        "levels": levels,
        "kinds": kinds,
        "matrix": matrix,
        "totals": totals,
        "grand_total": sum(totals),
        "child_rows": [row for row in child_rows if row["total"]],
    }


@login_required
def announcement_list(request: HttpRequest) -> HttpResponse:
    announcements = (
        Announcement.objects.visible_to(request.user)
        .select_related("decision", "organization")
        .annotate(model_count=Count("decision__recognitions"))
    )
    return render(request, "registry/announcement_list.html", {"announcements": announcements})


@login_required
def announcement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = get_visible_or_404(
        Announcement.objects.select_related("decision", "organization"), request.user, pk=pk
    )
    visible = EmulationModel.objects.visible_to(request.user)
    recognitions = Recognition.objects.filter(
        decision=announcement.decision, emulation_model__in=visible
    ).select_related("emulation_model__field", "emulation_model__registering_organization", "emulation_model__person")
    return render(
        request, "registry/announcement_detail.html", {"announcement": announcement, "recognitions": recognitions}
    )


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    recognition = get_object_or_404(Recognition.objects.select_related("decision", "deciding_organization"), pk=pk)
    get_visible_or_404(EmulationModel.objects.all(), request.user, pk=recognition.emulation_model_id)
    announcement = publish_decision(
        recognition.decision, organization=recognition.deciding_organization, acting_user=request.user
    )
    messages.success(request, _("Every model recognized by this decision is announced."))
    return redirect("registry:announcement-detail", pk=announcement.pk)
