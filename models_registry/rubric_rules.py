"""Which rubric a model is scored on, and what its score sheets add up to.

The rule: a rubric of a body applies to the models registered in that body's subtree
(`subtree_paths`, so a province of the new map keeps scoring the models of the old
provinces it took over), at the level the rubric names, when the model's registration
year lies in the rubric's period. When several apply, the nearest body wins (the
district's own rubric before the province's), then the newest version.

A recognition at a level with an applicable rubric needs at least one complete score
sheet (every criterion scored); the decision records the average of the complete sheets.
Sheets scored on an older version keep their own rubric and still count.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch

from danvan.scoping import CENTRAL_PATH, inherited_paths
from models_registry.models import EmulationModel, Rubric, Score, ScoreSheet

TWO_PLACES = Decimal("0.01")


def applicable_rubric(model: EmulationModel, level: str) -> Rubric | None:
    """The rubric `model` is scored on at `level`, or None when no body of its line set one."""
    year = model.registration_year
    candidates = list(
        Rubric.objects.current()
        .filter(level=level, valid_from_year__lte=year, valid_to_year__gte=year)
        .select_related("organization")
    )
    if not candidates:
        return None
    # `subtree_paths` of each candidate, the inherited units read in one query for all of them.
    inherited = inherited_paths([rubric.organization.unit_id for rubric in candidates])

    def subtree(organization) -> list[str]:
        if organization.path == CENTRAL_PATH:
            return [""]
        return [organization.path, *inherited.get(organization.unit_id, [])]

    path = model.registering_organization.path
    covering = [rubric for rubric in candidates if any(map(path.startswith, subtree(rubric.organization)))]
    if not covering:
        return None
    return max(covering, key=lambda rubric: (len(rubric.organization.path), rubric.version, rubric.pk))


def sheets_of(model_ids, level: str | None = None):
    """The score sheets of these models (at `level`, if given), with their reviewers, rubrics and scores."""
    sheets = ScoreSheet.objects.filter(emulation_model_id__in=model_ids).select_related("reviewer", "rubric")
    if level:
        sheets = sheets.filter(level=level)
    return sheets.prefetch_related(
        Prefetch("scores", queryset=Score.objects.select_related("criterion")),
    ).order_by("level", "updated_at", "pk")


def average_of(sheets) -> Decimal | None:
    """The average total of the complete sheets, to two decimals; None when none is complete."""
    totals = [sheet.total for sheet in sheets if sheet.is_complete]
    if not totals:
        return None
    return (sum(totals) / len(totals)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def average_score(model: EmulationModel, level: str) -> Decimal | None:
    return average_of(ScoreSheet.objects.filter(emulation_model=model, level=level).only("total", "is_complete"))


def missing_score_sheet(model: EmulationModel, level: str) -> Rubric | None:
    """The rubric that still needs a complete score sheet before `model` is recognized at `level`, else None."""
    rubric = applicable_rubric(model, level)
    if rubric is None:
        return None
    if ScoreSheet.objects.filter(emulation_model=model, level=level, is_complete=True).exists():
        return None
    return rubric
