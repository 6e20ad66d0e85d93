"""The portal's URLs plus the benchmark's floor for pages.

`/bench/trivial/` is a logged-in view that renders the portal's base template with no data:
the same middleware, session, user and header as every page, and nothing else.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from danvan.urls import urlpatterns as portal_urlpatterns


@login_required
def trivial_page(request):
    return render(request, "base.html")


urlpatterns = [path("bench/trivial/", trivial_page), *portal_urlpatterns]
