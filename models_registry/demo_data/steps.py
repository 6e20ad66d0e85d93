"""What the registry's demo loaders share: the demo users, the fields, and the climb through the workflow."""

import datetime

from django.contrib.auth import get_user_model

from danvan.documents import parse_document_number
from danvan.models import Organization
from models_registry.models import EmulationModel, Field
from models_registry.services import perform
from models_registry.standard_fields import ensure_standard_fields


def demo_users() -> dict:
    return {user.username: user for user in get_user_model().objects.all()}


def fields_by_code() -> dict[str, Field]:
    ensure_standard_fields(Field)
    return {field.code: field for field in Field.objects.all()}


def climb(
    model: EmulationModel,
    levels: list[str],
    *,
    actors: dict,
    decisions: dict[str, tuple[str, datetime.date]],
    bodies: dict[str, Organization],
) -> None:
    """Recognize a submitted model at each of `levels` in turn, each decision by `bodies[level]`.

    The first level takes the model up; from then on the level reached proposes it to the next.
    """
    reached = None
    for level in levels:
        take_up(model, level, reached=reached, actors=actors)
        number, decided_on = decisions[level]
        perform(
            model,
            "recognize",
            actor=actors[level],
            decision=parse_document_number(number),
            decided_on=decided_on,
            deciding_organization=bodies[level],
        )
        reached = level


def take_up(model: EmulationModel, level: str, *, reached: str | None, actors: dict) -> None:
    """Put the model under review at `level`: a review started there, or a proposal from the level reached."""
    if reached is None:
        perform(model, "start_review", actor=actors[level], level=level)
    else:
        perform(model, "propose", actor=actors[reached])
