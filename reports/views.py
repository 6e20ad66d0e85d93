"""Pages that read across the apps: the home page of each role."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from conferences.models import Conference
from danvan.scoping import current_memberships
from reports.todo import todo_for

HOME_ROWS = 5


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "danvan/home.html",
        {
            "memberships": current_memberships(user),
            "todo": todo_for(user),
            "recent_conferences": Conference.objects.visible_to(user).current_versions()[:HOME_ROWS],
        },
    )
