"""Who works in the back office (/admin/), and the admin site that asks.

The portal's own pages carry the daily work of every role: conferences, directives,
the registry's workflow, reports, an organization's details. What is left to the back
office is administration: granting roles, the reference data, corrections to the shared
registers, the login and task logs. Province staff grant the roles of their province and
keep its registers; system administrators keep everything else. District staff,
commune officials and leadership have nothing to do there, so they neither see the
link nor open the pages.
"""

from functools import update_wrapper

from django.contrib import admin
from django.core.exceptions import PermissionDenied

from danvan.models import Role
from danvan.scoping import current_memberships

BACK_OFFICE_ROLES = frozenset({Role.PROVINCE_STAFF, Role.SYSTEM_ADMIN})


def needs_back_office(user) -> bool:
    """Superusers, and staff accounts holding a role that administers something in the back office."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return False
    if user.is_superuser:
        return True
    return user.is_staff and any(membership.role in BACK_OFFICE_ROLES for membership in current_memberships(user))


class BackOfficeSite(admin.AdminSite):
    """Django's admin site, open to those who need the back office; others signed in get the site's 403."""

    # The app list beside every page takes a fifth of a 1366 px screen from the lists' columns;
    # the index and the breadcrumbs lead to the same places.
    enable_nav_sidebar = False

    def has_permission(self, request) -> bool:
        return needs_back_office(request.user)

    def admin_view(self, view, cacheable=False):
        checked = super().admin_view(view, cacheable)

        def back_office_view(request, *args, **kwargs):
            self._refuse_portal_users(request)
            return checked(request, *args, **kwargs)

        return update_wrapper(back_office_view, checked)

    def login(self, request, extra_context=None):
        self._refuse_portal_users(request)
        return super().login(request, extra_context)

    def _refuse_portal_users(self, request) -> None:
        # Django would send them to the admin's login page, which cannot let them in either.
        if request.user.is_authenticated and not self.has_permission(request):
            raise PermissionDenied
