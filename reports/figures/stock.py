"""The stock of a subtree for the dashboard's charts (UI text, through gettext; not a printed report)."""

import datetime
from collections import Counter

from django.db.models import Count, Q, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext

from conferences.models import DISPLAY_STATUS_ORDER, Conference, ConferenceStatus, Directive, DirectiveStatus
from danvan.caching import cached_while_unchanged
from danvan.models import AdministrativeUnit, Organization
from danvan.scoping import scope_for, subtree_paths
from models_registry.models import LEVEL_ORDER, EmulationModel, Field, Level
from reports.figures.common import (
    draft_models,
    draft_or_final_conferences,
    rate,
    registered_in,
    scoped_directives,
    scoped_models,
)
from reports.periods import Period


def cached_dashboard(user, organization: Organization, period: Period | None, today: datetime.date) -> dict:
    """`dashboard`, computed again only when a model, a directive or a conference changes."""
    return cached_while_unchanged(
        "dashboard",
        (scope_for(user).read_key, organization.pk, period.code if period else "", today),
        (EmulationModel, Directive, Conference, Field, AdministrativeUnit),
        lambda: dashboard(user, organization, period, today),
    )


def dashboard(user, organization: Organization, period: Period | None, today: datetime.date) -> dict:
    """The stock of the subtree, for the dashboard's charts: these labels are UI text, through gettext."""
    paths = subtree_paths(organization)
    models = scoped_models(user, paths).counted()
    directives = scoped_directives(user, paths)
    conferences = draft_or_final_conferences(user, paths)
    drafts = draft_models(user, paths)
    if period:
        models = registered_in(models, period)
        drafts = drafts.filter(registration_year__in=period.years)
        directives = directives.filter(conference__held_on__range=(period.start, period.end))
        conferences = conferences.filter(held_on__range=(period.start, period.end))
    minutes = conferences.aggregate(
        final=Count("pk", filter=Q(status=ConferenceStatus.FINAL)),
        draft=Count("pk", filter=Q(status=ConferenceStatus.DRAFT)),
    )

    # One scan for the three small breakdowns (at most fields × levels × years groups).
    by_field, by_level, by_year = Counter(), Counter(), Counter()
    groups = models.values_list("field_id", "level_reached", "registration_year").annotate(n=Count("pk"))
    for field_id, level, year, n in groups.order_by():
        by_field[field_id] += n
        by_level[level] += n
        by_year[year] += n
    statuses = directives.completion(today)
    return {
        "models": sum(by_level.values()),
        "recognized": sum(n for level, n in by_level.items() if level),
        "draft_models": drafts.count(),
        "conferences": minutes["final"],
        "draft_conferences": minutes["draft"],
        "directives": statuses["total"],
        "directive_rate": rate(statuses["completed"], statuses["total"]),
        "by_field": [(name, by_field.get(pk, 0)) for pk, name in Field.objects.values_list("pk", "name")],
        "by_level": [
            (str(capfirst(Level(level).label if level else gettext("not yet recognized"))), by_level.get(level, 0))
            for level in ["", *LEVEL_ORDER]
            if level != Level.CENTRAL or by_level.get(level)
        ],
        "by_year": [(str(year), by_year[year]) for year in sorted(by_year)],
        "by_unit": _by_unit(models, paths),
        "by_status": [
            (str(capfirst(DirectiveStatus(status).label)), statuses[status]) for status in DISPLAY_STATUS_ORDER
        ],
    }


def _by_unit(models: QuerySet, paths: list[str], shown: int = 12) -> list[tuple[str, int]]:
    """Models per unit one level below the subtree's root(s); the smallest units beyond `shown` are summed."""
    counts = Counter()
    for path, n in models.values_list("registering_organization__path").annotate(n=Count("pk")):
        root = next((root for root in paths if path.startswith(root)), "")
        child = path[len(root) :].split("/", 1)[0]
        counts[f"{root}{child}/" if child else root] += n
    names = {
        unit.path: unit.full_name
        for unit in AdministrativeUnit.objects.filter(path__in=counts).only("path", "name", "kind")
    }
    ranked = sorted(counts.items(), key=lambda item: (-item[1], names.get(item[0], item[0])))
    rows = [(names.get(path, path), n) for path, n in ranked[:shown]]
    if len(ranked) > shown:
        rows.append((gettext("Other units"), sum(n for _path, n in ranked[shown:])))
    return rows
