"""Who may grant which role: never to oneself, never above one's own rank, only on a body that fits the role.

A membership's power is its organization's subtree and its role's level in
the workflow, so both are checked: a district's staff cannot give anyone a
province role, nor put a province role on a district body.
"""

from django.utils.translation import gettext as _

from danvan.models import Organization, Role, UnitLevel
from danvan.scoping import scope_for

ROLE_RANK = {
    Role.LEADERSHIP: 0,  # reads and prints only
    Role.COMMUNE_OFFICIAL: 1,
    Role.DISTRICT_STAFF: 2,
    Role.PROVINCE_STAFF: 3,
    Role.SYSTEM_ADMIN: 4,
}

# The unit level of the body each role sits on; None is the central organization.
ROLE_BODY_LEVEL = {
    Role.COMMUNE_OFFICIAL: UnitLevel.COMMUNE,
    Role.DISTRICT_STAFF: UnitLevel.DISTRICT,
    Role.PROVINCE_STAFF: UnitLevel.PROVINCE,
    Role.SYSTEM_ADMIN: None,
}


def granter_rank(granter, organization: Organization) -> int:
    """The highest rank among the granter's writing roles whose subtree holds `organization`; -1 if none."""
    scope = scope_for(granter)
    if scope.everything:
        return max(ROLE_RANK.values())
    ranks = [ROLE_RANK[role] for role, _paths in scope.role_prefixes if scope.covers_as(organization.path, role)]
    return max(ranks, default=-1)


def grant_refusal(granter, *, user, organization: Organization, role: str) -> str | None:
    """Why `granter` may not give `user` the `role` on `organization`, or None when they may."""
    if granter.is_superuser:
        return None
    if user is not None and user.pk == granter.pk:
        return _("You cannot grant a role to yourself.")
    if not scope_for(granter).covers(organization.path, for_edit=True):
        return _("This organization is outside your scope.")
    if role in ROLE_BODY_LEVEL and _body_level(organization) != ROLE_BODY_LEVEL[role]:
        return _("This role belongs to a body of another level.")
    if ROLE_RANK.get(role, max(ROLE_RANK.values())) > granter_rank(granter, organization):
        return _("You cannot grant a role above your own.")
    return None


def grantable_roles(granter, organization: Organization | None = None) -> list[tuple[str, str]]:
    """The role choices a granter is offered: at or below their highest rank."""
    if granter.is_superuser:
        return list(Role.choices)
    scope = scope_for(granter)
    if organization is not None:
        highest = granter_rank(granter, organization)
    elif scope.everything:
        highest = max(ROLE_RANK.values())
    else:
        highest = max((ROLE_RANK[role] for role, _paths in scope.role_prefixes), default=-1)
    return [(value, label) for value, label in Role.choices if ROLE_RANK[value] <= highest]


def _body_level(organization: Organization) -> str | None:
    return organization.unit.level if organization.unit_id else None
