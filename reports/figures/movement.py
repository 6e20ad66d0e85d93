"""The “Dân vận khéo” movement summary: models registered and recognized, the best units, the conferences."""

from collections import Counter, defaultdict

from django.db.models import Count, F, QuerySet, Sum
from django.template.defaultfilters import floatformat
from django.utils.text import capfirst

from conferences.models import KeyFigure
from danvan.models import Organization, organization_label
from danvan.scoping import subtree_paths
from models_registry.models import LEVEL_ORDER, Field, Level, Recognition, Status, SubjectKind
from reports.figures.common import (
    CONFERENCE_KIND_WORDING,
    LEVEL_WORDING,
    SUBJECT_WORDING,
    counts_wording,
    final_conferences,
    moved_to,
    recognized_rows,
    registered_in,
    scoped_models,
    short_date,
)
from reports.periods import Period

TOP_UNITS = 10
# The table's column headings: "Cấp Trung ương" would not fit its two narrow columns.
LEVEL_HEADING = {Level.CENTRAL: "Cấp TW"}


def movement_summary(user, organization: Organization, period: Period) -> dict:
    paths = subtree_paths(organization)
    all_models = scoped_models(user, paths)
    models = all_models.counted()
    registered = registered_in(models, period)
    in_period = Recognition.objects.filter(emulation_model__in=models, decided_on__range=(period.start, period.end))

    registered_counts = Counter(
        {
            (row["field_id"], row["subject_kind"]): row["n"]
            for row in registered.values("field_id", "subject_kind").annotate(n=Count("pk"))
        }
    )
    recognized_counts = Counter(
        {
            (row["emulation_model__field_id"], row["level"], row["emulation_model__subject_kind"]): row["n"]
            for row in in_period.values("emulation_model__field_id", "level", "emulation_model__subject_kind").annotate(
                n=Count("pk")
            )
        }
    )
    levels = [Level.COMMUNE, Level.DISTRICT, Level.PROVINCE]
    if any(level == Level.CENTRAL for _field, level, _kind in recognized_counts):
        levels.append(Level.CENTRAL)
    kinds = [SubjectKind.COLLECTIVE, SubjectKind.INDIVIDUAL]
    fields = list(Field.objects.order_by("order", "name").values_list("pk", "name"))

    def matrix_row(label: str, field_ids: list[int]) -> dict:
        registered_cells = [sum(registered_counts[f, kind] for f in field_ids) for kind in kinds]
        recognized_cells = [
            sum(recognized_counts[f, level, kind] for f in field_ids) for level in levels for kind in kinds
        ]
        return {"label": label, "cells": registered_cells + recognized_cells, "recognized": sum(recognized_cells)}

    matrix = [matrix_row(capfirst(name), [pk]) for pk, name in fields]
    recognized_by_level = Counter()
    for (_field, level, _kind), count in recognized_counts.items():
        recognized_by_level[level] += count
    cumulative_models = models.filter(registration_year__lte=period.last_year)
    cumulative_levels = dict(
        Recognition.objects.filter(emulation_model__in=cumulative_models, decided_on__lte=period.end)
        .values_list("level")
        .annotate(n=Count("pk"))
    )
    by_level_rows = [{"level": LEVEL_WORDING[level], "count": recognized_by_level[level]} for level in levels]
    cumulative_rows = [
        {"level": LEVEL_WORDING[level], "count": cumulative_levels.get(level, 0)}
        for level in LEVEL_ORDER
        if cumulative_levels.get(level) or level != Level.CENTRAL
    ]
    return {
        "levels": [LEVEL_HEADING.get(level, LEVEL_WORDING[level]) for level in levels],
        "kinds": [SUBJECT_WORDING[kind] for kind in kinds],
        "matrix": matrix,
        "matrix_total": matrix_row("Tổng cộng", [pk for pk, _name in fields]),
        "registered": sum(registered_counts.values()),
        "registered_by_kind": [sum(n for (_f, k), n in registered_counts.items() if k == kind) for kind in kinds],
        "recognized": sum(recognized_counts.values()),
        "recognized_models": in_period.values("emulation_model_id").distinct().count(),
        "recognized_by_level": by_level_rows,
        "recognized_levels": counts_wording(by_level_rows, "level"),
        "stopped": all_models.filter(pk__in=moved_to(Status.STOPPED, period)).count(),
        "cumulative": {
            "models": cumulative_models.count(),
            "by_level": cumulative_rows,
            "levels": counts_wording(cumulative_rows, "level"),
        },
        "top_units": _top_units(registered, in_period),
        "annex": recognized_rows(in_period),
        "conferences": _conference_figures(final_conferences(user, paths), period),
    }


def _top_units(registered: QuerySet, recognitions: QuerySet) -> list[dict]:
    units = defaultdict(lambda: {"registered": 0, "recognized": 0})
    for name, count in registered.values_list(organization_label("registering_organization__")).annotate(n=Count("pk")):
        units[name]["registered"] = count
    by_unit = recognitions.values_list(organization_label("emulation_model__registering_organization__")).annotate(
        n=Count("emulation_model", distinct=True)
    )
    for name, count in by_unit:
        units[name]["recognized"] = count
    ranked = sorted(units.items(), key=lambda item: (-item[1]["recognized"], -item[1]["registered"], item[0]))
    return [{"name": name, **counts} for name, counts in ranked[:TOP_UNITS]]


def _conference_figures(conferences: QuerySet, period: Period) -> dict:
    held = conferences.filter(held_on__range=(period.start, period.end))
    by_kind = held.values_list("kind").annotate(n=Count("pk"), people=Sum("participant_count")).order_by("kind")
    figures = (
        KeyFigure.objects.filter(conference__in=held)
        .order_by("conference__held_on", "conference_id", "order", "pk")
        .values("indicator", "value", "unit", "note", title=F("conference__title"), held_on=F("conference__held_on"))
    )
    return {
        "held": sum(n for _kind, n, _people in by_kind),
        "participants": sum(people or 0 for _kind, _n, people in by_kind),
        "by_kind": [{"kind": CONFERENCE_KIND_WORDING[kind], "count": n} for kind, n, _people in by_kind],
        "key_figures": _grouped_figures(figures),
    }


def _grouped_figures(figures) -> list[dict]:
    """Key figures under their conference, numbered through: the conference title is printed once."""
    groups = []
    for number, row in enumerate(figures, start=1):
        title = f"{row['title']} ({short_date(row['held_on'])})"
        if not groups or groups[-1]["conference"] != title:
            groups.append({"conference": title, "figures": []})
        groups[-1]["figures"].append(
            {
                "number": number,
                "indicator": capfirst(row["indicator"]),
                "value": floatformat(row["value"], "-2g"),
                "unit": row["unit"],
                "note": capfirst(row["note"]),
            }
        )
    return groups
