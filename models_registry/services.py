"""The registry workflow: every change of status goes through `perform` and leaves a history row.

    draft ─submit─▶ registered ─start_review(level)─▶ under_review(level)
    under_review ─recognize─▶ recognized(level) ─propose─▶ under_review(next level)
    under_review ─return─▶ returned ─submit─▶ registered
    under_review ─reject─▶ not_recognized
    registered | under_review | recognized | returned ─stop─▶ stopped

A reviewer acts at the level of their role (commune official: commune,
district staff: district, province staff: province, system administrator:
central), inside their own subtree. Since the 2025 reform, units of the new
era have no district level.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from danvan.documents import DocumentNumber
from danvan.locking import claim_version
from danvan.models import Era, Organization, OrganizationKind, Role
from danvan.registers import find_or_create_person, line_of, register_document
from danvan.scoping import CENTRAL_PATH, scope_for
from models_registry.models import (
    LEVEL_ORDER,
    Announcement,
    EmulationModel,
    Level,
    Recognition,
    Status,
    Transition,
)

ROLE_LEVEL = {
    Role.COMMUNE_OFFICIAL: Level.COMMUNE,
    Role.DISTRICT_STAFF: Level.DISTRICT,
    Role.PROVINCE_STAFF: Level.PROVINCE,
    Role.SYSTEM_ADMIN: Level.CENTRAL,
}


@dataclass(frozen=True)
class Action:
    name: str
    from_statuses: frozenset[str]
    needs_note: bool = False


ACTIONS = {
    action.name: action
    for action in (
        Action("submit", frozenset({Status.DRAFT, Status.RETURNED})),
        Action("start_review", frozenset({Status.REGISTERED})),
        Action("recognize", frozenset({Status.UNDER_REVIEW})),
        Action("return", frozenset({Status.UNDER_REVIEW}), needs_note=True),
        Action("reject", frozenset({Status.UNDER_REVIEW}), needs_note=True),
        Action("propose", frozenset({Status.RECOGNIZED})),
        Action(
            "stop",
            frozenset({Status.REGISTERED, Status.UNDER_REVIEW, Status.RECOGNIZED, Status.RETURNED}),
            needs_note=True,
        ),
    )
}


def levels_of(model: EmulationModel) -> list[str]:
    """The recognition ladder from the model's own level up; the two-level map has no district."""
    ladder = LEVEL_ORDER[LEVEL_ORDER.index(model.unit.level) :]
    if model.unit.era == Era.FROM_2025:
        return [level for level in ladder if level != Level.DISTRICT]
    return ladder


def next_level(model: EmulationModel) -> str | None:
    ladder = levels_of(model)
    if not model.level_reached:
        return ladder[0]
    position = ladder.index(model.level_reached) + 1
    return ladder[position] if position < len(ladder) else None


def reviewer_levels(user, model: EmulationModel) -> set[str]:
    """The levels at which `user` may review this model."""
    scope = scope_for(user)
    path = model.registering_organization.path
    if scope.everything:
        return set(levels_of(model))
    return {level for role, level in ROLE_LEVEL.items() if scope.covers_as(path, role) and level in levels_of(model)}


def review_levels_open_to(user, model: EmulationModel) -> list[str]:
    """Levels above what the model reached, at which `user` may start a review now."""
    ladder = levels_of(model)
    reached = ladder.index(model.level_reached) if model.level_reached else -1
    return [level for level in ladder[reached + 1 :] if level in reviewer_levels(user, model)]


FOUR_EYES = _lazy("Whoever submitted a model cannot also recognize it: another reviewer records the decision.")


def submitted_by(model: EmulationModel) -> int | None:
    """The id of the user who last submitted the model; a recognition must be decided by someone else."""
    return model.transitions.filter(action="submit").order_by("-at", "-pk").values_list("actor_id", flat=True).first()


def available_actions(user, model: EmulationModel) -> list[str]:
    scope = scope_for(user)
    writer = scope.covers(model.registering_organization.path, for_edit=True)
    mine = reviewer_levels(user, model)
    allowed = {
        "submit": writer,
        "start_review": bool(review_levels_open_to(user, model)),
        "recognize": model.review_level in mine,
        "return": model.review_level in mine,
        "reject": model.review_level in mine,
        "propose": next_level(model) is not None and bool(mine & {model.level_reached, next_level(model)}),
        "stop": writer,
    }
    return [name for name, action in ACTIONS.items() if model.status in action.from_statuses and allowed[name]]


def awaiting_review_by(user) -> Q:
    """The models on which `user` has a reviewer action, as one SQL condition.

    The same rules as `available_actions` (start a review, decide, propose upward), so that
    the review queue is filtered and paginated in the database; a test holds the two equal.
    """
    scope = scope_for(user)
    role_prefixes = {role: {""} for role in ROLE_LEVEL} if scope.everything else dict(scope.role_prefixes)
    condition = Q(pk__in=[])
    for role, prefixes in role_prefixes.items():
        if role in ROLE_LEVEL:
            level = ROLE_LEVEL[role]
            in_scope = Q(pk__in=[])
            for prefix in prefixes:
                in_scope |= Q(registering_organization__path__startswith=prefix)
            condition |= in_scope & _on_ladder(level) & _reviewable_at(level)
    return condition


# Decisions first (under review), then models to take up (registered), then proposals upward
# (recognized): the reverse alphabetical order of the status codes, read from model_queue_order_idx.
QUEUE_ORDER = ["-status", "registration_year", "pk"]


def waiting_for(user):
    """The models waiting for `user`: the queue page and the home page's to-do list read this one query."""
    return EmulationModel.objects.visible_to(user).filter(awaiting_review_by(user)).order_by(*QUEUE_ORDER)


def unfinished_by(user):
    """Drafts `user` started and models returned to them for changes: theirs to complete and submit."""
    return EmulationModel.objects.editable_by(user).filter(created_by=user, status__in=[Status.DRAFT, Status.RETURNED])


def _on_ladder(level: str) -> Q:
    """Models whose recognition ladder (see `levels_of`) includes `level`."""
    on_ladder = Q(unit__level__in=LEVEL_ORDER[: LEVEL_ORDER.index(level) + 1])
    return on_ladder & ~Q(unit__era=Era.FROM_2025) if level == Level.DISTRICT else on_ladder


def _reviewable_at(level: str) -> Q:
    below = LEVEL_ORDER[: LEVEL_ORDER.index(level)]
    start_review = Q(status=Status.REGISTERED) & (Q(level_reached="") | Q(level_reached__in=below))
    decide = Q(status=Status.UNDER_REVIEW, review_level=level)
    # Propose upward: from the level reached, or to the next rung, which is `level`.
    propose_from = Q(level_reached=level) & ~Q(level_reached=LEVEL_ORDER[-1])
    propose_to = Q(level_reached__in=below[-1:])
    if level in (Level.PROVINCE, Level.CENTRAL):
        rung_below_2025 = [rung for rung in below if rung != Level.DISTRICT][-1:]
        propose_to = (propose_to & ~Q(unit__era=Era.FROM_2025)) | Q(
            unit__era=Era.FROM_2025, level_reached__in=rung_below_2025
        )
    propose_to |= Q(level_reached="", unit__level=level)  # nothing reached yet: the first rung
    return start_review | decide | (Q(status=Status.RECOGNIZED) & (propose_from | propose_to))


@transaction.atomic
def perform(
    model: EmulationModel,
    action: str,
    *,
    actor,
    note: str = "",
    level: str = "",
    decision=None,
    decided_on: datetime.date | None = None,
    deciding_organization: Organization | None = None,
) -> Transition:
    """Apply one workflow action, or refuse it with PermissionDenied / ValidationError."""
    model = (
        EmulationModel.objects.select_for_update().select_related("unit", "registering_organization").get(pk=model.pk)
    )
    if action not in available_actions(actor, model):
        raise PermissionDenied
    if action == "recognize" and submitted_by(model) == actor.pk:
        raise ValidationError(FOUR_EYES)
    if ACTIONS[action].needs_note and not note.strip():
        raise ValidationError({"note": _("Give the reason.")})
    from_status = model.status
    level = _apply(model, action, actor, level, decision, decided_on, deciding_organization)
    model.save(update_fields=["status", "review_level", "level_reached", "search_text"])
    return Transition.objects.create(
        emulation_model=model,
        action=action,
        from_status=from_status,
        to_status=model.status,
        level=level,
        note=note.strip(),
        actor=actor,
    )


def _apply(model, action, actor, level, decision, decided_on, deciding_organization) -> str:
    if action == "submit":
        model.status = Status.REGISTERED
        return ""
    if action == "start_review":
        if level not in review_levels_open_to(actor, model):
            raise ValidationError(_("You cannot review this model at that level."))
        model.status, model.review_level = Status.UNDER_REVIEW, level
        return level
    if action == "recognize":
        _record_recognition(model, actor, decision, decided_on, deciding_organization)
        level = model.review_level
        model.status, model.level_reached, model.review_level = Status.RECOGNIZED, level, ""
        return level
    if action == "propose":
        model.status, model.review_level = Status.UNDER_REVIEW, next_level(model)
        return model.review_level
    level = model.review_level
    model.status = {"return": Status.RETURNED, "reject": Status.NOT_RECOGNIZED, "stop": Status.STOPPED}[action]
    model.review_level = ""
    return level


def _record_recognition(model, actor, decision, decided_on, deciding_organization) -> None:
    if decision is None or decided_on is None or deciding_organization is None:
        raise ValidationError(
            {
                name: _("A recognition needs the deciding body, the decision number and its date.")
                for name, value in [
                    ("decision", decision),
                    ("decided_on", decided_on),
                    ("deciding_organization", deciding_organization),
                ]
                if value is None
            }
        )
    if not Organization.objects.editable_by(actor).filter(pk=deciding_organization.pk).exists():
        raise PermissionDenied
    refusals = recognition_refusals(
        model, decision=decision, decided_on=decided_on, deciding_organization=deciding_organization
    )
    if refusals:
        raise ValidationError(refusals)
    Recognition.objects.create(
        emulation_model=model,
        level=model.review_level,
        deciding_organization=deciding_organization,
        decision=register_document(
            decision,
            organization=deciding_organization,
            issued_on=decided_on,
            issuer_name=deciding_organization.name,
        ),
        decided_on=decided_on,
        recorded_by=actor,
    )


DECIDING_KINDS = [
    OrganizationKind.CENTRAL,
    OrganizationKind.PARTY_COMMITTEE,
    OrganizationKind.STANDING_COMMITTEE,
    OrganizationKind.MASS_MOBILIZATION_BOARD,
]


def deciding_bodies(model: EmulationModel, level: str):
    """The party bodies that may decide a recognition of `model` at `level`.

    The committee of exactly that level, its standing committee or its Ban Dân vận
    (Ban Tuyên giáo và Dân vận), on the registering organization's own line: the
    commune's own committee, the district and province above it, in the same era.
    """
    bodies = Organization.objects.filter(kind__in=DECIDING_KINDS)
    if level == Level.CENTRAL:
        return bodies.filter(path=CENTRAL_PATH)
    return bodies.filter(unit__level=level, path__in=line_of(model.registering_organization))


def submitted_on(model: EmulationModel) -> datetime.date | None:
    """When the model was last submitted; a record entered after the fact counts from its registration year."""
    at = model.transitions.filter(action="submit").order_by("-at", "-pk").values_list("at", flat=True).first()
    if at is None:
        return None
    return min(timezone.localdate(at), datetime.date(model.registration_year, 1, 1))


def recognition_refusals(
    model: EmulationModel,
    *,
    decision: DocumentNumber,
    decided_on: datetime.date,
    deciding_organization: Organization,
    today: datetime.date | None = None,
) -> dict[str, str]:
    """Why a recognition of `model` at its review level cannot be recorded, by form field; empty when it can."""
    level = model.review_level
    refusals = {}
    if model.recognitions.filter(level=level).exists():
        refusals["__all__"] = _("This model is already recognized at %(level)s.") % {"level": Level(level).label}
    if not deciding_bodies(model, level).filter(pk=deciding_organization.pk).exists():
        refusals["deciding_organization"] = _(
            "%(body)s cannot decide a recognition at %(level)s: choose the party committee or its mass "
            "mobilization board of that level above the registering organization."
        ) % {"body": deciding_organization.name, "level": Level(level).label}
    elif not deciding_organization.is_valid_on(decided_on):
        refusals["deciding_organization"] = _("%(body)s did not exist on %(date)s.") % {
            "body": deciding_organization.name,
            "date": _day(decided_on),
        }
    if deciding_organization.issuer_code and decision.issuer_code != deciding_organization.issuer_code:
        refusals["decision"] = _(
            "The number %(number)s is issued by “%(issuer)s”; a decision of %(body)s ends in “/%(expected)s”."
        ) % {
            "number": decision.code,
            "issuer": decision.issuer_code,
            "body": deciding_organization.name,
            "expected": deciding_organization.issuer_code,
        }
    date_refusal = _decision_date_refusal(model, level, decided_on, today or timezone.localdate())
    if date_refusal:
        refusals["decided_on"] = date_refusal
    return refusals


def _decision_date_refusal(model, level: str, decided_on: datetime.date, today: datetime.date) -> str | None:
    if decided_on > today:
        return _("The decision date %(date)s is in the future.") % {"date": _day(decided_on)}
    submitted = submitted_on(model)
    if submitted and decided_on < submitted:
        return _("The decision date is before the model was submitted (%(date)s).") % {"date": _day(submitted)}
    below = LEVEL_ORDER[: LEVEL_ORDER.index(level)]
    lower = model.recognitions.filter(level__in=below).aggregate(latest=Max("decided_on"))["latest"]
    if lower and decided_on < lower:
        return _("The decision date is before the recognition at a lower level (%(date)s).") % {"date": _day(lower)}
    return None


def _day(date: datetime.date) -> str:
    return date_format(date, "SHORT_DATE_FORMAT")


@transaction.atomic
def register_model(
    *,
    organization: Organization,
    fields: dict,
    person_name: str = "",
    person_position: str = "",
    acting_user,
    submit: bool = False,
) -> EmulationModel:
    """Create a model as a draft of `organization` (and submit it at once when asked)."""
    if not Organization.objects.editable_by(acting_user).filter(pk=organization.pk).exists():
        raise PermissionDenied
    model = EmulationModel(
        registering_organization=organization, unit=organization.unit, created_by=acting_user, **fields
    )
    if person_name:
        model.person = find_or_create_person(person_name, organization=organization)
        model.person_position = person_position
    model.save()
    Transition.objects.create(emulation_model=model, action="create", to_status=Status.DRAFT, actor=acting_user)
    if submit:
        perform(model, "submit", actor=acting_user)
        model.refresh_from_db()
    return model


@transaction.atomic
def update_draft(
    model: EmulationModel,
    *,
    organization: Organization,
    fields: dict,
    person_name: str = "",
    person_position: str = "",
    acting_user,
    lock_version: int,
) -> EmulationModel:
    """Change a draft or returned model; submitted models change only through the workflow."""
    editable = EmulationModel.objects.editable_by(acting_user).filter(pk=model.pk).exists()
    if not (editable and Organization.objects.editable_by(acting_user).filter(pk=organization.pk).exists()):
        raise PermissionDenied
    if not model.is_editable:
        raise ValidationError(_("Only a draft or a returned model can be changed."))
    claim_version(model, lock_version)
    for name, value in fields.items():
        setattr(model, name, value)
    model.registering_organization, model.unit = organization, organization.unit
    model.person = find_or_create_person(person_name, organization=organization) if person_name else None
    model.person_position = person_position if person_name else ""
    model.save()
    return model


@transaction.atomic
def publish_decision(decision, *, organization: Organization, acting_user) -> Announcement:
    """Announce at once every model recognized by one decision."""
    if not Organization.objects.editable_by(acting_user).filter(pk=organization.pk).exists():
        raise PermissionDenied
    if not Recognition.objects.filter(decision=decision).exists():
        raise ValidationError(_("No model was recognized by this decision."))
    announcement, _created = Announcement.objects.get_or_create(
        decision=decision, organization=organization, defaults={"published_by": acting_user}
    )
    return announcement
