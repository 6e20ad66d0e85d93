import functools

from danvan.back_office import needs_back_office
from danvan.notifications import unread_count
from danvan.scoping import current_memberships


def current_memberships_context(request):
    """The signed-in user's organizations and roles, shown in the page header."""
    user = getattr(request, "user", None)
    return {"current_memberships": lambda: current_memberships(user)}


def back_office_context(request):
    """Whether the main menu links to the back office: only for those who work there."""
    user = getattr(request, "user", None)
    return {"show_back_office": lambda: needs_back_office(user)}


def notifications_context(request):
    """The bell's number of unread notifications, counted only when a page shows the bell."""
    user = getattr(request, "user", None)
    return {"unread_notifications": functools.cache(lambda: unread_count(user))}
