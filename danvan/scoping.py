"""The one scoping mechanism of the portal.

A user's scope is the set of unit subtrees their memberships cover. Every
list, detail, form choice, export, PDF and admin page asks the same
question through `visible_to(user)` / `editable_by(user)` on a
`ScopedQuerySet`, and loads single objects through `get_visible_or_404` /
`get_editable_or_403`: outside the scope is 404 (we do not reveal that the
record exists), inside without the right to change is 403.

The models build their querysets on this module, so it never imports them:
it reaches memberships through the user and other rows through the app
registry. No import goes back and forth between the two.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404

CENTRAL_PATH = "central/"


@dataclass(frozen=True)
class Scope:
    read_prefixes: frozenset[str] = frozenset()
    write_prefixes: frozenset[str] = frozenset()
    everything: bool = False
    # Subtrees each writing role covers: who may act at which level of a workflow.
    role_prefixes: tuple[tuple[str, frozenset[str]], ...] = ()

    def q(self, path_field: str, *, for_edit: bool = False) -> models.Q:
        if self.everything:
            return models.Q()
        prefixes = self.write_prefixes if for_edit else self.read_prefixes
        if not prefixes:
            return models.Q(**{f"{path_field}__in": []})
        return subtree_q(path_field, sorted(prefixes))

    def covers(self, path: str, *, for_edit: bool = False) -> bool:
        if self.everything:
            return True
        prefixes = self.write_prefixes if for_edit else self.read_prefixes
        return any(path.startswith(prefix) for prefix in prefixes)

    def covers_as(self, path: str, role: str) -> bool:
        if self.everything:
            return True
        prefixes = dict(self.role_prefixes).get(role, frozenset())
        return any(path.startswith(prefix) for prefix in prefixes)

    @property
    def read_key(self) -> str:
        """Equal for two users who read exactly the same records: a part of cache keys."""
        return "*" if self.everything else "|".join(sorted(self.read_prefixes))

    @property
    def may_write(self) -> bool:
        """True when the user may change something somewhere: the question behind every "new" button."""
        return self.everything or bool(self.write_prefixes)

    @property
    def is_empty(self) -> bool:
        return not (self.everything or self.read_prefixes)


def scope_for(user) -> Scope:
    """The scope of `user`, computed once per user object (i.e. per request)."""
    if not getattr(user, "is_authenticated", False):
        return Scope()
    cached = getattr(user, "_danvan_scope", None)
    if cached is None:
        cached = _compute_scope(user)
        user._danvan_scope = cached
    return cached


def may_write(user) -> bool:
    return scope_for(user).may_write


def current_memberships(user) -> list:
    """The user's memberships valid today, loaded once per user object (the header shows them too)."""
    if not getattr(user, "is_authenticated", False):
        return []
    if not hasattr(user, "_danvan_memberships"):
        user._danvan_memberships = list(user.memberships.current().select_related("organization__unit"))
    return user._danvan_memberships


def _compute_scope(user) -> Scope:
    if user.is_superuser:
        return Scope(everything=True)
    memberships = current_memberships(user)
    if any(m.administers_everything for m in memberships):
        return Scope(everything=True)

    inherited = inherited_paths([m.organization.unit_id for m in memberships if m.organization.unit_id])
    read, write, by_role = set(), set(), {}
    for membership in memberships:
        paths = {membership.organization.path, *inherited.get(membership.organization.unit_id, ())}
        read |= paths
        if membership.can_write:
            write |= paths
            by_role.setdefault(membership.role, set()).update(paths)
    return Scope(
        read_prefixes=frozenset(read),
        write_prefixes=frozenset(write),
        role_prefixes=tuple((role, frozenset(paths)) for role, paths in sorted(by_role.items())),
    )


def subtree_paths(organization) -> list[str]:
    """The one subtree rule: the organization's path, and the units whose records it took over in 2025.

    Scoping, filters, figures, statistics and exports all read a subtree through this
    function, so a page and a report on the same organization count the same rows.
    """
    if organization.path == CENTRAL_PATH:
        return [""]
    return [organization.path, *inherited_paths([organization.unit_id]).get(organization.unit_id, [])]


def subtree_q(path_field: str, paths: list[str]) -> models.Q:
    """Rows whose path at `path_field` lies under one of `paths`."""
    condition = models.Q()
    for path in paths:
        condition |= models.Q(**{f"{path_field}__startswith": path})
    return condition


def inherited_paths(unit_ids: list) -> dict[int, list[str]]:
    """The one succession rule: for each unit, the paths of the old units whose records it keeps.

    Records kept from before the 1 July 2025 reform stay with whoever took the unit over:
    the new province has its old provinces, a new commune the old communes merged into it.
    A split unit's records follow its default successor only, so no record is seen or
    counted under two new units.
    """
    successions = apps.get_model("danvan", "AdministrativeUnitSuccession").objects
    paths = {}
    unit_ids = [unit_id for unit_id in unit_ids if unit_id]
    if unit_ids:
        links = successions.filter(successor_id__in=unit_ids, is_default=True)
        for successor_id, path in links.values_list("successor_id", "predecessor__path"):
            paths.setdefault(successor_id, []).append(path)
    return paths


class ScopedQuerySet(models.QuerySet):
    """Base for every queryset whose rows belong somewhere in the hierarchy.

    Subclasses name the lookup to the organization path of the row.
    """

    scope_path_field = "organization__path"

    def visible_to(self, user):
        return self.filter(scope_for(user).q(self.scope_path_field))

    def editable_by(self, user):
        return self.filter(scope_for(user).q(self.scope_path_field, for_edit=True))


def get_visible_or_404(queryset: ScopedQuerySet, user, **lookup):
    try:
        return get_object_or_404(queryset.visible_to(user), **lookup)
    except (ValueError, ValidationError):
        raise Http404 from None  # a malformed id ("abc", "1.234") names no record


def chosen_organization(request):
    """The organization named by ?organization= (404 outside the scope), else the user's own, if any."""
    if request.GET.get("organization"):
        organizations = apps.get_model("danvan", "Organization").objects.all()
        return get_visible_or_404(organizations, request.user, pk=request.GET["organization"])
    memberships = current_memberships(request.user)
    return memberships[0].organization if memberships else None


def get_editable_or_403(queryset: ScopedQuerySet, user, **lookup):
    obj = get_visible_or_404(queryset, user, **lookup)
    if not queryset.editable_by(user).filter(pk=obj.pk).exists():
        raise PermissionDenied
    return obj
