from danvan.scoping import current_memberships


def current_memberships_context(request):
    """The signed-in user's organizations and roles, shown in the page header."""
    user = getattr(request, "user", None)
    return {"current_memberships": lambda: current_memberships(user)}
