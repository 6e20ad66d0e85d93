"""The figures of each report, read only through the apps' own `visible_to(user)` querysets.

Each report function returns plain JSON data (strings and numbers): the report keeps it as its
snapshot and prints from it. One module per report kind, `stock` for the dashboard, `common`
for what they share. The Vietnamese words are the fixed wording of party documents, printed as
is and never translated, like the words of the PDF templates.
"""

from reports.figures.common import (
    draft_models,
    draft_or_final_conferences,
    final_conferences,
    registered_in,
    scoped_directives,
    scoped_models,
)
from reports.figures.conferences_held import conference_list
from reports.figures.follow_up import directive_follow_up
from reports.figures.movement import movement_summary
from reports.figures.recognized import recognized_models
from reports.figures.stock import cached_dashboard, dashboard

__all__ = [
    "cached_dashboard",
    "conference_list",
    "dashboard",
    "directive_follow_up",
    "draft_models",
    "draft_or_final_conferences",
    "final_conferences",
    "movement_summary",
    "recognized_models",
    "registered_in",
    "scoped_directives",
    "scoped_models",
]
