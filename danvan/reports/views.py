"""Pages that read across the apps: the home page of each role."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from danvan.models import Membership


@login_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = (
        Membership.objects.current()
        .filter(user=request.user)
        .select_related("organization__unit__parent__parent", "organization__parent")
    )
    return render(request, "danvan/home.html", {"memberships": memberships})
