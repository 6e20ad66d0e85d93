"""The user's notifications: the list behind the bell, marking read, and what the daily e-mail brings."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from danvan.models import DigestOptOut, Notification, NotificationKind
from danvan.notifications import mark_all_read, mark_read, set_digest_opt_outs

PER_PAGE = 30


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """Mine only, newest first, unread ones marked."""
    notifications = Notification.objects.of(request.user).select_related("organization")
    page = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page})


@require_POST
@login_required
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of mine as read (another's is not found), then open what it is about when asked."""
    notification = get_object_or_404(Notification.objects.of(request.user), pk=pk)
    mark_read(notification)
    link = notification.link
    if request.POST.get("open") and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("notification-list")


@require_POST
@login_required
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = mark_all_read(request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notification-list")


class DigestPreferencesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_lazy("The daily e-mail brings"),
        choices=NotificationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_lazy("Unticked kinds stay in the bell, without an e-mail."),
    )


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    """What the daily e-mail brings: every kind unless the user opted out of it."""
    muted = set(DigestOptOut.objects.filter(user=request.user).values_list("kind", flat=True))
    form = DigestPreferencesForm(
        request.POST or None, initial={"kinds": [kind for kind in NotificationKind.values if kind not in muted]}
    )
    if request.method == "POST" and form.is_valid():
        set_digest_opt_outs(request.user, set(NotificationKind.values) - set(form.cleaned_data["kinds"]))
        messages.success(request, _("Your choice is saved."))
        return redirect("notification-preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "has_email": bool(request.user.email)},
    )
