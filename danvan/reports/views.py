"""Pages that read across the apps: the home page of each role."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from conferences.models import Conference, ConferenceStatus, Directive
from danvan.scoping import current_memberships

HOME_ROWS = 5


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    conferences = Conference.objects.select_related("organizer")
    return render(
        request,
        "danvan/home.html",
        {
            "memberships": current_memberships(user),
            "draft_conferences": conferences.editable_by(user).filter(status=ConferenceStatus.DRAFT)[:HOME_ROWS],
            "overdue_directives": Directive.objects.visible_to(user)
            .exclude(conference__status=ConferenceStatus.SUPERSEDED)
            .overdue()
            .select_related("conference__organizer")
            .order_by("deadline")[:HOME_ROWS],
            "recent_conferences": conferences.visible_to(user).current_versions()[:HOME_ROWS],
        },
    )
