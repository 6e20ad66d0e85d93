"""The ground floor's records: the map, the organizations on it, who holds which role, and the shared registers.

One module per subject; everything is importable from `danvan.models`.
"""

from danvan.models.notifications import (
    DigestOptOut,
    DigestSent,
    Notification,
    NotificationKind,
    NotificationQuerySet,
)
from danvan.models.organizations import (
    WRITING_ROLES,
    Membership,
    MembershipQuerySet,
    Organization,
    OrganizationKind,
    OrganizationQuerySet,
    Role,
    organization_label,
)
from danvan.models.registers import (
    Document,
    DocumentQuerySet,
    DocumentSystem,
    Person,
    PersonQuerySet,
)
from danvan.models.units import (
    KIND_PREFIX,
    LEVEL_OF_KIND,
    REFORM_DATE,
    AdministrativeUnit,
    AdministrativeUnitQuerySet,
    AdministrativeUnitSuccession,
    Era,
    SuccessionKind,
    UnitKind,
    UnitLevel,
    document_date,
    valid_on,
)

__all__ = [
    "AdministrativeUnit",
    "AdministrativeUnitQuerySet",
    "AdministrativeUnitSuccession",
    "DigestOptOut",
    "DigestSent",
    "Document",
    "DocumentQuerySet",
    "DocumentSystem",
    "Era",
    "KIND_PREFIX",
    "LEVEL_OF_KIND",
    "Membership",
    "MembershipQuerySet",
    "Notification",
    "NotificationKind",
    "NotificationQuerySet",
    "Organization",
    "OrganizationKind",
    "OrganizationQuerySet",
    "Person",
    "PersonQuerySet",
    "REFORM_DATE",
    "Role",
    "SuccessionKind",
    "UnitKind",
    "UnitLevel",
    "WRITING_ROLES",
    "document_date",
    "organization_label",
    "valid_on",
]
