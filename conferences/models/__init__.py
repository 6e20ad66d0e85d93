"""Conference minutes: who met, what they reviewed, what they found and decided.

`conference` holds a conference and the rows of its minutes, `directives` the directives and
their follow-up; every model is importable from here.
"""

from conferences.models.conference import (
    Attendee,
    AttendeeRole,
    Commendation,
    CommendationForm,
    Conference,
    ConferenceDocument,
    ConferenceKind,
    ConferenceQuerySet,
    ConferenceStatus,
    DocumentRelation,
    KeyFigure,
    RecipientKind,
)
from conferences.models.directives import (
    DISPLAY_STATUS_ORDER,
    STORED_DIRECTIVE_STATUSES,
    Directive,
    DirectiveAssignment,
    DirectiveAssignmentQuerySet,
    DirectiveQuerySet,
    DirectiveStatus,
    DirectiveUpdate,
    DisplayStatusMixin,
    display_status_conditions,
    display_status_expression,
    open_work_conditions,
)

__all__ = [
    "DISPLAY_STATUS_ORDER",
    "STORED_DIRECTIVE_STATUSES",
    "Attendee",
    "AttendeeRole",
    "Commendation",
    "CommendationForm",
    "Conference",
    "ConferenceDocument",
    "ConferenceKind",
    "ConferenceQuerySet",
    "ConferenceStatus",
    "Directive",
    "DirectiveAssignment",
    "DirectiveAssignmentQuerySet",
    "DirectiveQuerySet",
    "DirectiveStatus",
    "DirectiveUpdate",
    "DisplayStatusMixin",
    "DocumentRelation",
    "KeyFigure",
    "RecipientKind",
    "display_status_conditions",
    "display_status_expression",
    "open_work_conditions",
]
