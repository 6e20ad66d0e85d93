"""The workflow's actions: from which statuses each one starts, and how its button reads.

Adding an action is one entry here, its branch in `services._apply` and, when it asks
for more than a note, its fields in the model page's workflow panel.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from models_registry.models import Status


@dataclass(frozen=True)
class Action:
    name: str
    from_statuses: frozenset[str]
    label: str  # may name the level under review as %(level)s
    needs_note: bool = False
    note_label: str = ""
    style: str = "outline-primary"  # the Bootstrap button style
    confirm: bool = False  # a decision that cannot be undone asks first

    def label_for(self, model) -> str:
        return str(self.label) % {"level": model.get_review_level_display()}


ACTIONS = {
    action.name: action
    for action in (
        Action("submit", frozenset({Status.DRAFT, Status.RETURNED}), _("Register (submit)"), style="success"),
        Action("start_review", frozenset({Status.REGISTERED}), _("Take up for review")),
        Action(
            "recognize", frozenset({Status.UNDER_REVIEW}), _("Recognize at %(level)s"), style="success", confirm=True
        ),
        Action(
            "return",
            frozenset({Status.UNDER_REVIEW}),
            _("Return for changes"),
            needs_note=True,
            note_label=_("What must be changed"),
        ),
        Action(
            "reject",
            frozenset({Status.UNDER_REVIEW}),
            _("Do not recognize"),
            needs_note=True,
            note_label=_("Reason for not recognizing"),
            style="outline-danger",
            confirm=True,
        ),
        Action("propose", frozenset({Status.RECOGNIZED}), _("Propose to the next level")),
        Action(
            "stop",
            frozenset({Status.REGISTERED, Status.UNDER_REVIEW, Status.RECOGNIZED, Status.RETURNED}),
            _("Stop (drop from the registry)"),
            needs_note=True,
            note_label=_("Reason for stopping"),
            style="outline-danger",
            confirm=True,
        ),
    )
}
