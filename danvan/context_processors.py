from danvan.models import Membership


def current_memberships(request):
    """The signed-in user's organizations and roles, shown in the page header."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}

    def memberships():
        if not hasattr(user, "_danvan_memberships"):
            user._danvan_memberships = list(
                Membership.objects.current().filter(user=user).select_related("organization")
            )
        return user._danvan_memberships

    return {"current_memberships": memberships}
