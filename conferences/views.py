from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conferences.filters import ConferenceFilter
from conferences.forms import (
    ArticleForm,
    ConferenceForm,
    CorrectionForm,
    DirectiveUpdateForm,
    FinalizeForm,
    conference_data,
    row_formsets,
)
from conferences.from_article import (
    UnreadableFile,
    article_text,
    forget_draft,
    prefilled_conference,
    recalled_draft,
    remember_draft,
)
from conferences.models import (
    Attendee,
    AttendeeRole,
    Conference,
    ConferenceKind,
    ConferenceStatus,
    Directive,
    DirectiveAssignment,
)
from conferences.services import (
    correct_conference,
    finalize_conference,
    report_directive_progress,
    reporting_organization_ids,
    write_conference,
)
from danvan.caching import cached_while_unchanged
from danvan.filters import visible_options, with_selected
from danvan.history import history_of
from danvan.locking import StaleEdit
from danvan.models import Organization
from danvan.pagination import CappedPaginator, label_choices
from danvan.party_documents import number_code, party_header
from danvan.pdf import pdf_response, render_to_pdf
from danvan.scoping import chosen_organization, get_editable_or_403, get_visible_or_404, may_write, scope_for
from danvan.text import file_name, in_brackets
from danvan.word import docx_response, party_docx

PAGE_SIZE = 25
FOLLOW_UP_PAGE_SIZE = 20


def _conferences_for(user):
    return Conference.objects.visible_to(user).current_versions()


@login_required
def conference_list(request: HttpRequest) -> HttpResponse:
    conferences = (
        _conferences_for(request.user).select_related("organizer").order_by("-held_on", "-pk").with_row_counts()
    )
    filterset = ConferenceFilter(request.GET or None, queryset=conferences, request=request)
    page = CappedPaginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    label_choices(page, kind=ConferenceKind.choices, status=ConferenceStatus.choices)
    can_create = may_write(request.user)
    return render(
        request, "conferences/conference_list.html", {"filter": filterset, "page": page, "can_create": can_create}
    )


def _detail_queryset():
    return Conference.objects.select_related("organizer__parent", "previous_version", "created_by").prefetch_related(
        Prefetch("attendees", queryset=Attendee.objects.select_related("person")),
        "document_links__document",
        "figures",
        Prefetch(
            "directives", queryset=Directive.objects.with_display_status().prefetch_related("responsible_organizations")
        ),
        "commendations",
    )


@login_required
def conference_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_visible_or_404(_detail_queryset(), request.user, pk=pk)
    can_write = Conference.objects.editable_by(request.user).filter(pk=pk).exists()
    return render(
        request,
        "conferences/conference_detail.html",
        {
            "conference": conference,
            "can_write": can_write,
            "correction_form": CorrectionForm(),
            "newer_version": getattr(conference, "correction", None),
            "history": history_of(conference),
        },
    )


def _edit(request: HttpRequest, conference: Conference) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = ConferenceForm(data, instance=conference, user=request.user)
    formsets = row_formsets(data, conference, request.user)
    conflict = None
    if data is not None:
        if form.is_valid() and all(formset.is_valid() for formset in formsets.values()):
            try:
                editing = conference if conference.pk else None
                entered = conference_data(form, formsets)
                conference = write_conference(editing, entered, acting_user=request.user)
            except ValidationError as error:
                messages.error(request, error.messages[0])
            except StaleEdit as stale:
                conflict = stale
                form.accept_current_version(stale.current_version)
            else:
                messages.success(request, _("The conference is saved as a draft."))
                return redirect("conferences:detail", pk=conference.pk)
        else:
            messages.error(request, _("Please correct the errors below; nothing has been saved yet."))
    return render(
        request,
        "conferences/conference_form.html",
        {"conference": conference, "form": form, "formsets": formsets, "conflict": conflict},
    )


@login_required
def conference_create(request: HttpRequest) -> HttpResponse:
    if not may_write(request.user):
        raise PermissionDenied
    return _edit(request, Conference())


@login_required
def conference_from_article(request: HttpRequest) -> HttpResponse:
    """Paste an article: the extractor pre-fills the new-conference form beside the sentence each value came from.

    The pre-filled form posts back here (?draft=…), so that a form error keeps that evidence; it is saved
    like any new conference, and nothing is saved before the user does.
    """
    if not may_write(request.user):
        raise PermissionDenied
    conference, token = Conference(), request.GET.get("draft", "")
    if request.method == "POST" and token:
        form = ConferenceForm(request.POST, instance=conference, user=request.user)
        formsets = row_formsets(request.POST, conference, request.user)
        if form.is_valid() and all(formset.is_valid() for formset in formsets.values()):
            try:
                conference = write_conference(None, conference_data(form, formsets), acting_user=request.user)
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                forget_draft(request.session, token)
                messages.success(request, _("The conference is saved as a draft."))
                return redirect("conferences:detail", pk=conference.pk)
        else:
            messages.error(request, _("Please correct the errors below; nothing has been saved yet."))
        draft = recalled_draft(request.session, token)
    else:
        article = ArticleForm(request.POST or None, request.FILES or None)
        draft = None
        if request.method == "POST" and article.is_valid():
            try:
                draft = prefilled_conference(article_text(article.cleaned_data), request.user)
            except UnreadableFile:
                article.add_error("file", _("This file cannot be read: send UTF-8 text or a Word .docx file."))
            else:
                if draft is None:
                    messages.warning(request, _("No conference information was found in this text."))
        if draft is None:
            return render(request, "conferences/from_article.html", {"article": article})
        token = remember_draft(request.session, draft)
        form = ConferenceForm(instance=conference, user=request.user, initial=draft.initial)
        formsets = row_formsets(None, conference, request.user, initial=draft.rows)
    return render(
        request,
        "conferences/from_article.html",
        {
            "conference": conference,
            "form": form,
            "formsets": formsets,
            "draft": draft,
            "form_action": f"{reverse('conferences:from-article')}?{urlencode({'draft': token})}",
        },
    )


@login_required
def conference_edit(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_editable_or_403(Conference.objects.select_related("organizer"), request.user, pk=pk)
    if not conference.is_editable:
        messages.error(request, _("A final conference cannot be changed: make a correction instead."))
        return redirect("conferences:detail", pk=pk)
    return _edit(request, conference)


@login_required
def conference_finalize(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for the minutes number and an explicit confirmation, then make the draft final."""
    conference = get_editable_or_403(_detail_queryset(), request.user, pk=pk)
    if not conference.is_editable:
        messages.error(request, _("Only a draft can be made final."))
        return redirect("conferences:detail", pk=pk)
    form = FinalizeForm(request.POST if request.method == "POST" else None, conference=conference)
    if form.is_valid():
        try:
            finalize_conference(
                conference, minutes_number=form.cleaned_data["minutes_number"], acting_user=request.user
            )
        except ValidationError as error:
            form.refuse(error)
        else:
            messages.success(request, _("The minutes are final and can no longer be changed."))
            return redirect("conferences:detail", pk=pk)
    return render(request, "conferences/conference_finalize.html", {"conference": conference, "form": form})


@login_required
@require_POST
def conference_correct(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_editable_or_403(Conference.objects.all(), request.user, pk=pk)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the correction."))
        return redirect("conferences:detail", pk=pk)
    try:
        correction = correct_conference(conference, reason=form.cleaned_data["reason"], acting_user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("conferences:detail", pk=pk)
    messages.success(request, _("A new version is open for the correction."))
    return redirect("conferences:edit", pk=correction.pk)


@login_required
def conference_minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_visible_or_404(_detail_queryset(), request.user, pk=pk)
    pdf = render_to_pdf("conferences/minutes_pdf.html", minutes_context(conference), request=request)
    draft = "Dự thảo" if conference.is_editable else ""
    name = file_name(draft, "Biên bản", conference.title, str(conference.held_on.year), extension="pdf")
    return pdf_response(pdf, name)


@login_required
def conference_minutes_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes as a Word copy to edit before signing: the same document as the PDF beside it."""
    conference = get_visible_or_404(_detail_queryset(), request.user, pk=pk)
    html = render_to_string("conferences/minutes_pdf.html", minutes_context(conference), request=request)
    draft = "Dự thảo" if conference.is_editable else ""
    name = file_name(draft, "Biên bản", conference.title, str(conference.held_on.year), extension="docx")
    return docx_response(party_docx(html), name)


def minutes_context(conference: Conference) -> dict:
    attendees = list(conference.attendees.all())
    return {
        **party_header(conference.organizer, number_code=_number_code(conference), on=conference.held_on),
        "conference": conference,
        "is_draft": conference.is_editable,
        "document_kind": "BIÊN BẢN",
        "subject": conference.title,
        "period_remark": in_brackets(conference.period) if conference.period else "",
        "present": [a for a in attendees if a.present],
        "absent": [a for a in attendees if not a.present],
        "chairs": [a for a in attendees if a.role == AttendeeRole.CHAIR],
        "secretaries": [a for a in attendees if a.role == AttendeeRole.SECRETARY],
        "documents": conference.document_links.all(),
        "summary_paragraphs": [line for line in conference.summary.splitlines() if line.strip()],
    }


def _number_code(conference: Conference) -> str:
    """A draft has no number yet; final minutes from before numbers were asked leave room to write it in."""
    if conference.is_editable:
        return ""
    return conference.minutes_number or number_code(conference.organizer, "BB")


@login_required
def directive_follow_up(request: HttpRequest) -> HttpResponse:
    organization = chosen_organization(request)
    directives = Directive.objects.visible_to(request.user).of_final_minutes()
    if organization:
        directives = directives.in_subtree(organization)
    today = timezone.localdate()
    completion, by_organization_table, options = cached_while_unchanged(
        "directive-follow-up",
        (scope_for(request.user).read_key, organization.pk if organization else None, today),
        (Directive, DirectiveAssignment, Conference, Organization),
        lambda: (*_follow_up_figures(directives, today), visible_options(request.user)),
    )
    listed = directives.with_display_status(today).select_related("conference__organizer")
    lists = {
        "overdue": _follow_up_page(request, "overdue_page", listed.overdue(today), completion["overdue"]),
        "open": _follow_up_page(request, "open_page", listed.open_on_time(today), completion["on_time"]),
        "without_deadline": _follow_up_page(
            request, "no_deadline_page", listed.open_without_deadline(), completion["without_deadline"]
        ),
    }
    _with_shares(lists.values(), today)
    return render(
        request,
        "conferences/directive_follow_up.html",
        {
            "organization": organization,
            "organization_options": with_selected(options, organization.pk if organization else None),
            **lists,
            "completion": completion,
            "rate": round(100 * completion["completed"] / completion["total"]) if completion["total"] else None,
            # Read only by whoever asks for the rows themselves: the page shows the table kept with the figures.
            "by_organization": SimpleLazyObject(lambda: directives.progress_by_responsible(today)),
            "by_organization_table": by_organization_table,
        },
    )


def _follow_up_figures(directives, today) -> tuple:
    """The follow-up's counts, and its table by responsible organization (a row for each of a province's
    hundreds of bodies) rendered once: kept together, as text, while the directives are unchanged."""
    by_organization = directives.progress_by_responsible(today)
    table = render_to_string("conferences/_follow_up_by_organization.html", {"by_organization": by_organization})
    return directives.completion(today), table


def _with_shares(pages, today) -> None:
    """Each listed directive's `shares` (its units' own shares), for the three lists in one query.

    (A prefetch per list would cost a query each, and clones its query once per directive.)
    """
    listed = []
    for page in pages:
        page.object_list = list(page.object_list)
        listed += page.object_list
    shares = defaultdict(list)
    if listed:
        for share in _assignments(today).filter(directive__in=[directive.pk for directive in listed]):
            shares[share.directive_id].append(share)
    for directive in listed:
        directive.shares = shares[directive.pk]


def _assignments(today):
    """Each unit's share with what it shows, for the per-unit columns of the lists and the detail page."""
    return DirectiveAssignment.objects.with_display_status(today).select_related("organization")


def _follow_up_page(request, param: str, directives, count: int):
    """One page of a list whose size the completion query already counted."""
    paginator = Paginator(directives.order_by(F("deadline").asc(nulls_last=True), "pk"), FOLLOW_UP_PAGE_SIZE)
    paginator.count = count  # a cached property: saves a COUNT over the same rows
    page = paginator.get_page(request.GET.get(param))
    page.param = param
    return page


@login_required
def directive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    directive = get_visible_or_404(
        Directive.objects.with_display_status(today)
        .select_related("conference__organizer")
        .prefetch_related(
            Prefetch("assignments", queryset=_assignments(today).select_related("latest_update")),
            "updates__organization",
            "updates__created_by",
        ),
        request.user,
        pk=pk,
    )
    reporting = Organization.objects.editable_by(request.user).filter(pk__in=reporting_organization_ids(directive))
    can_report = Directive.objects.editable_by(request.user).filter(pk=pk).exists() and reporting.exists()
    form = DirectiveUpdateForm(request.POST or None, organizations=reporting) if can_report else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            report_directive_progress(directive, acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("The progress update is saved."))
            return redirect("conferences:directive-detail", pk=pk)
    return render(
        request,
        "conferences/directive_detail.html",
        {"directive": directive, "form": form, "history": history_of(directive)},
    )
