"""Scoring rubrics and score sheets: every change goes through here, as the acting user, with a history row.

Who may define a rubric: whoever writes for the issuing body, for its own level or a level
below (a province sets the criteria of its districts and communes too). Who may score: the
reviewers of the level the model is under review at (`reviewer_levels`, the workflow's rule),
until the decision at that level. Which rubric applies: `rubric_rules.applicable_rubric`.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.models import Organization
from danvan.scoping import CENTRAL_PATH
from models_registry.models import LEVEL_ORDER, Criterion, EmulationModel, Level, Rubric, Score, ScoreSheet, Status
from models_registry.rubric_rules import applicable_rubric
from models_registry.services import reviewer_levels

RUBRIC_FIELDS = ["organization", "name", "level", "valid_from_year", "valid_to_year", "pass_mark", "note"]


@dataclass(frozen=True)
class CriterionRow:
    group: str
    name: str
    max_score: Decimal
    guidance: str = ""


def levels_for(organization: Organization) -> list[str]:
    """The levels a body may set criteria for: its own and those below it."""
    if organization.path == CENTRAL_PATH or organization.unit_id is None:
        return list(LEVEL_ORDER)
    return LEVEL_ORDER[: LEVEL_ORDER.index(organization.unit.level) + 1]


def _check_rubric(fields: dict, criteria: list[CriterionRow]) -> None:
    errors = {}
    if fields["level"] not in levels_for(fields["organization"]):
        errors["level"] = _("%(body)s cannot set criteria for %(level)s, a level above its own.") % {
            "body": fields["organization"].name,
            "level": Level(fields["level"]).label,
        }
    if fields["valid_to_year"] < fields["valid_from_year"]:
        errors["valid_to_year"] = _("The period ends before it starts.")
    if not criteria:
        errors["__all__"] = _("A rubric needs at least one criterion.")
    elif fields["pass_mark"] > sum(row.max_score for row in criteria):
        errors["pass_mark"] = _("The pass mark is above the maximum total (%(total)s).") % {
            "total": sum(row.max_score for row in criteria)
        }
    if errors:
        raise ValidationError(errors)


def _write_criteria(rubric: Rubric, criteria: list[CriterionRow], acting_user) -> None:
    for old in rubric.criteria.all():
        old._history_user = acting_user
        old.delete()
    for order, row in enumerate(criteria, start=1):
        criterion = Criterion(
            rubric=rubric,
            group=row.group,
            name=row.name,
            max_score=row.max_score,
            guidance=row.guidance,
            order=order,
        )
        criterion._history_user = acting_user
        criterion.save()


@transaction.atomic
def create_rubric(*, fields: dict, criteria: list[CriterionRow], acting_user) -> Rubric:
    if not Organization.objects.editable_by(acting_user).filter(pk=fields["organization"].pk).exists():
        raise PermissionDenied
    _check_rubric(fields, criteria)
    rubric = Rubric(**{name: fields[name] for name in RUBRIC_FIELDS}, created_by=acting_user)
    rubric._history_user = acting_user
    rubric.save()
    _write_criteria(rubric, criteria, acting_user)
    return rubric


def frozen_reason(rubric: Rubric) -> str:
    """Why the rubric cannot be changed any more, or "" while it can."""
    if rubric.is_frozen:
        return _("This rubric has been used to score models: it is kept as it was. Make a new version to change it.")
    return ""


@transaction.atomic
def update_rubric(rubric: Rubric, *, fields: dict, criteria: list[CriterionRow], acting_user) -> Rubric:
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    editable = Organization.objects.editable_by(acting_user)
    if not editable.filter(pk=rubric.organization_id).exists():
        raise PermissionDenied
    if not editable.filter(pk=fields["organization"].pk).exists():
        raise PermissionDenied
    if reason := frozen_reason(rubric):
        raise ValidationError(reason)
    _check_rubric(fields, criteria)
    for name in RUBRIC_FIELDS:
        setattr(rubric, name, fields[name])
    rubric._history_user = acting_user
    rubric.save()
    _write_criteria(rubric, criteria, acting_user)
    return rubric


@transaction.atomic
def new_version(rubric: Rubric, *, acting_user) -> Rubric:
    """A copy of the rubric and its criteria, one version up; the copy is what applies from now on."""
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    if not Organization.objects.editable_by(acting_user).filter(pk=rubric.organization_id).exists():
        raise PermissionDenied
    if Rubric.objects.filter(previous_version=rubric).exists():
        raise ValidationError(_("This rubric already has a newer version: change that one."))
    copy = Rubric(
        **{name: getattr(rubric, name) for name in RUBRIC_FIELDS},
        version=rubric.version + 1,
        previous_version=rubric,
        created_by=acting_user,
    )
    copy._history_user = acting_user
    copy.save()
    rows = [CriterionRow(c.group, c.name, c.max_score, c.guidance) for c in rubric.criteria.all()]
    _write_criteria(copy, rows, acting_user)
    return copy


def scoring_refusal(user, model: EmulationModel) -> str:
    """Why `user` cannot score `model` now, or "" when they can (at the level it is under review at)."""
    if model.status != Status.UNDER_REVIEW:
        return _("Models are scored while they are under review.")
    if model.review_level not in reviewer_levels(user, model):
        return _("Only the reviewers of %(level)s score this model.") % {"level": Level(model.review_level).label}
    if applicable_rubric(model, model.review_level) is None:
        return _("No rubric applies to this model at %(level)s.") % {"level": Level(model.review_level).label}
    return ""


def sheet_for(user, model: EmulationModel) -> tuple[ScoreSheet | None, Rubric | None]:
    """The user's sheet at the model's review level (if any), and the rubric it is (or will be) scored on."""
    sheet = (
        ScoreSheet.objects.filter(emulation_model=model, level=model.review_level, reviewer=user)
        .select_related("rubric")
        .first()
    )
    if sheet:
        return sheet, sheet.rubric
    return None, applicable_rubric(model, model.review_level) if model.review_level else None


@transaction.atomic
def save_score_sheet(model: EmulationModel, *, points: dict[int, Decimal | None], comment: str = "", acting_user):
    """Record (or change) the acting reviewer's sheet; a criterion left empty leaves the sheet incomplete."""
    # Under the row lock that `perform` takes: no score changes beside a decision being recorded.
    model = (
        EmulationModel.objects.select_for_update().select_related("unit", "registering_organization").get(pk=model.pk)
    )
    if model.status == Status.UNDER_REVIEW and model.review_level not in reviewer_levels(acting_user, model):
        raise PermissionDenied
    if refusal := scoring_refusal(acting_user, model):
        raise ValidationError(refusal)
    sheet, rubric = sheet_for(acting_user, model)
    criteria = list(rubric.criteria.all())
    errors = {}
    for criterion in criteria:
        value = points.get(criterion.pk)
        if value is not None and not (0 <= value <= criterion.max_score):
            errors[f"criterion_{criterion.pk}"] = _("Between 0 and %(max)s.") % {"max": criterion.max_score}
    if errors:
        raise ValidationError(errors)
    if sheet is None:
        sheet = ScoreSheet(emulation_model=model, level=model.review_level, rubric=rubric, reviewer=acting_user)
    given = {c.pk: points[c.pk] for c in criteria if points.get(c.pk) is not None}
    sheet.total = sum(given.values(), Decimal(0))
    sheet.is_complete = len(given) == len(criteria)
    sheet.comment = comment.strip()
    sheet.updated_at = timezone.now()
    sheet._history_user = acting_user
    sheet.save()
    existing = {score.criterion_id: score for score in sheet.scores.all()}
    for criterion in criteria:
        score = existing.get(criterion.pk)
        if criterion.pk not in given:
            if score:
                score._history_user = acting_user
                score.delete()
            continue
        if score is None:
            score = Score(sheet=sheet, criterion=criterion, points=given[criterion.pk])
        elif score.points == given[criterion.pk]:
            continue
        score.points = given[criterion.pk]
        score._history_user = acting_user
        score.save()
    return sheet
