"""The figures of each report, read only through the apps' own `visible_to(user)` querysets.

Each report function returns plain JSON data (strings and numbers): the report keeps it as its
snapshot and prints from it. The Vietnamese words here are the fixed wording of party
documents, printed as is and never translated, like the words of the PDF templates.
"""

import datetime
from collections import Counter, defaultdict

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.template.defaultfilters import floatformat
from django.utils.text import capfirst
from django.utils.translation import gettext

from conferences.models import (
    DISPLAY_STATUS_ORDER,
    Conference,
    ConferenceKind,
    ConferenceStatus,
    Directive,
    DirectiveAssignment,
    DirectiveStatus,
    DirectiveUpdate,
    KeyFigure,
)
from danvan.caching import cached_while_unchanged
from danvan.models import AdministrativeUnit, Document, Organization, organization_label
from danvan.reports.periods import Period
from danvan.scoping import scope_for, subtree_paths, subtree_q
from models_registry.models import (
    LEVEL_ORDER,
    EmulationModel,
    Field,
    Level,
    Recognition,
    Status,
    SubjectKind,
    Transition,
)

LEVEL_WORDING = {
    Level.COMMUNE: "Cấp xã",
    Level.DISTRICT: "Cấp huyện",
    Level.PROVINCE: "Cấp tỉnh",
    Level.CENTRAL: "Cấp Trung ương",
}
SUBJECT_WORDING = {SubjectKind.COLLECTIVE: "Tập thể", SubjectKind.INDIVIDUAL: "Cá nhân"}
DIRECTIVE_STATUS_WORDING = {
    DirectiveStatus.OVERDUE: "Quá hạn",
    DirectiveStatus.IN_PROGRESS: "Đang thực hiện",
    DirectiveStatus.NOT_STARTED: "Chưa thực hiện",
    DirectiveStatus.DONE_LATE: "Hoàn thành quá hạn",
    DirectiveStatus.DONE: "Đã hoàn thành",
}
CONFERENCE_KIND_WORDING = {
    ConferenceKind.INTERIM_REVIEW: "Sơ kết",
    ConferenceKind.FINAL_REVIEW: "Tổng kết",
    ConferenceKind.TASK_LAUNCH: "Triển khai nhiệm vụ",
    ConferenceKind.THEMATIC: "Chuyên đề",
    ConferenceKind.DIALOGUE: "Đối thoại",
    ConferenceKind.OTHER: "Khác",
}
TOP_UNITS = 10


def scoped_models(user, paths: list[str]) -> QuerySet:
    """Models the user may see in the subtree; drafts are not part of the movement yet."""
    return (
        EmulationModel.objects.visible_to(user)
        .exclude(status=Status.DRAFT)
        .filter(subtree_q("registering_organization__path", paths))
    )


def draft_models(user, paths: list[str]) -> QuerySet:
    """Drafts not yet registered: shown beside the figures, never inside them."""
    return EmulationModel.objects.visible_to(user).filter(
        subtree_q("registering_organization__path", paths), status=Status.DRAFT
    )


def final_conferences(user, paths: list[str]) -> QuerySet:
    """Conferences whose minutes are final (drafts are still being typed; corrections replace their original)."""
    return draft_or_final_conferences(user, paths).filter(status=ConferenceStatus.FINAL)


def draft_or_final_conferences(user, paths: list[str]) -> QuerySet:
    """The current version of each conference in the subtree: what the conference list shows."""
    return Conference.objects.visible_to(user).current_versions().filter(subtree_q("organizer__path", paths))


def registered_in(models: QuerySet, period: Period) -> QuerySet:
    """Models newly registered in the period.

    A year or a phase counts the registration year the unit declared, which imported and
    back-filled records carry too; a half-year has no such field, so it counts the date the
    model was submitted in the portal (its first step into "registered").
    """
    if not period.is_interim:
        return models.filter(registration_year__in=period.years)
    return models.filter(pk__in=_moved_to(Status.REGISTERED, period))


def _moved_to(status: str, period: Period) -> QuerySet:
    steps = Transition.objects.filter(to_status=status, at__date__range=(period.start, period.end))
    return steps.values("emulation_model_id")


def short_date(date: datetime.date | None) -> str:
    return f"{date:%d/%m/%Y}" if date else ""


def decision_wording(code: str, issued_on: datetime.date | None) -> str:
    return f"{code} ngày {short_date(issued_on)}" if issued_on else code


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

    matrix = [matrix_row(name, [pk]) for pk, name in fields]
    recognized_by_level = Counter()
    for (_field, level, _kind), count in recognized_counts.items():
        recognized_by_level[level] += count
    cumulative_models = models.filter(registration_year__lte=period.last_year)
    cumulative_levels = dict(
        Recognition.objects.filter(emulation_model__in=cumulative_models, decided_on__lte=period.end)
        .values_list("level")
        .annotate(n=Count("pk"))
    )
    return {
        "levels": [LEVEL_WORDING[level] for level in levels],
        "kinds": [SUBJECT_WORDING[kind] for kind in kinds],
        "matrix": matrix,
        "matrix_total": matrix_row("Tổng cộng", [pk for pk, _name in fields]),
        "registered": sum(registered_counts.values()),
        "registered_by_kind": [sum(n for (_f, k), n in registered_counts.items() if k == kind) for kind in kinds],
        "recognized": sum(recognized_counts.values()),
        "recognized_models": in_period.values("emulation_model_id").distinct().count(),
        "recognized_by_level": [
            {"level": LEVEL_WORDING[level], "count": recognized_by_level[level]} for level in levels
        ],
        "stopped": all_models.filter(pk__in=_moved_to(Status.STOPPED, period)).count(),
        "cumulative": {
            "models": cumulative_models.count(),
            "by_level": [
                {"level": LEVEL_WORDING[level], "count": cumulative_levels.get(level, 0)}
                for level in LEVEL_ORDER
                if cumulative_levels.get(level) or level != Level.CENTRAL
            ],
        },
        "top_units": _top_units(registered, in_period),
        "annex": _recognized_rows(in_period),
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


def _recognized_rows(recognitions: QuerySet) -> list[dict]:
    """One row per model, at the highest level it reached among `recognitions`."""
    highest = {}
    rows = recognitions.values(
        "emulation_model_id",
        "level",
        "decided_on",
        "decision__code",
        name=F("emulation_model__name"),
        subject_kind=F("emulation_model__subject_kind"),
        carrier=F("emulation_model__registering_unit_name"),
        person=F("emulation_model__person__full_name"),
        organization=organization_label("emulation_model__registering_organization__"),
        path=F("emulation_model__registering_organization__path"),
        field=F("emulation_model__field__name"),
    )
    for row in rows:
        rank = LEVEL_ORDER.index(row["level"])
        kept = highest.get(row["emulation_model_id"])
        if kept is None or rank > kept[0]:
            highest[row["emulation_model_id"]] = (rank, row)
    ordered = sorted(
        highest.values(), key=lambda item: (-item[0], item[1]["path"], item[1]["name"], item[1]["emulation_model_id"])
    )
    return [
        {
            "name": row["name"],
            "carrier": _carrier(row),
            "field": row["field"],
            "kind": SUBJECT_WORDING[row["subject_kind"]],
            "level": LEVEL_WORDING[row["level"]],
            "decision": decision_wording(row["decision__code"], row["decided_on"]),
        }
        for _rank, row in ordered
    ]


def _carrier(row: dict) -> str:
    """Who carries the model, then the registering body: "Chi hội Phụ nữ thôn 3 (Đảng ủy xã Phú Lợi)"."""
    carrier = row["person"] if row["subject_kind"] == SubjectKind.INDIVIDUAL else row["carrier"]
    return f"{carrier} ({row['organization']})" if carrier else row["organization"]


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
                "indicator": row["indicator"],
                "value": floatformat(row["value"], "-2g"),
                "unit": row["unit"],
                "note": row["note"],
            }
        )
    return groups


def conference_list(user, organization: Organization, period: Period) -> dict:
    held = (
        final_conferences(user, subtree_paths(organization))
        .filter(held_on__range=(period.start, period.end))
        .order_by("held_on", "pk")
        .annotate(directive_count=Count("directives", distinct=True), figure_count=Count("figures", distinct=True))
        .values(
            "held_on",
            "title",
            "kind",
            "place",
            "participant_count",
            "directive_count",
            organizer_name=organization_label("organizer__"),
        )
    )
    rows = [
        {
            "held_on": short_date(row["held_on"]),
            "title": row["title"],
            "organizer": row["organizer_name"],
            "kind": CONFERENCE_KIND_WORDING[row["kind"]],
            "place": row["place"],
            "participants": row["participant_count"],
            "directives": row["directive_count"],
        }
        for row in held
    ]
    return {"rows": rows, "participants": sum(row["participants"] or 0 for row in rows)}


def recognized_models(user, organization: Organization, decision: Document) -> dict:
    models = scoped_models(user, subtree_paths(organization))
    recognitions = Recognition.objects.filter(decision=decision, emulation_model__in=models)
    deciding = recognitions.values_list("deciding_organization__name", flat=True).first()
    return {
        "decision": decision_wording(decision.code, decision.issued_on),
        "deciding_body": deciding or decision.issuer_name,
        "rows": _recognized_rows(recognitions),
    }


def scoped_directives(user, paths: list[str]) -> QuerySet:
    """Directives of final minutes, organized in the subtree or given to a body of the subtree."""
    return Directive.objects.visible_to(user).of_final_minutes().under(paths)


def directive_follow_up(user, organization: Organization, period: Period, today: datetime.date) -> dict:
    latest = DirectiveUpdate.objects.filter(directive=OuterRef("pk")).order_by("-reported_on", "-pk")
    shares = DirectiveAssignment.objects.with_display_status(today).select_related("organization")
    directives = (
        scoped_directives(user, subtree_paths(organization))
        .filter(conference__held_on__range=(period.start, period.end))
        .with_display_status(today)
        .select_related("conference__organizer")
        .prefetch_related(Prefetch("assignments", queryset=shares))
        .annotate(progress=Subquery(latest.values("text")[:1]), progress_on=Subquery(latest.values("reported_on")[:1]))
    )
    rows, by_body = [], defaultdict(Counter)
    # Overdue first, then by deadline (none last) within each status.
    ordered = sorted(
        directives,
        key=lambda d: (DISPLAY_STATUS_ORDER.index(d.display_status), d.deadline or datetime.date.max, d.pk),
    )
    for directive in ordered:
        conference = directive.conference
        # Each unit counts its own share; a directive given to no unit counts for its organizer.
        bodies = [(str(a.organization), a.display_status) for a in directive.assignments.all()] or [
            (str(conference.organizer), directive.display_status)
        ]
        for body, status in bodies:
            by_body[body]["total"] += 1
            by_body[body][status] += 1
        rows.append(
            {
                "text": directive.text,
                "conference": f"Hội nghị ngày {short_date(conference.held_on)}, {conference.organizer}",
                "responsible": _responsible_wording(bodies),
                "deadline": short_date(directive.deadline),
                "status": directive.display_status,
                "status_wording": DIRECTIVE_STATUS_WORDING[directive.display_status],
                "progress": directive.progress or "",
                "progress_on": short_date(directive.progress_on),
            }
        )
    counts = Counter(row["status"] for row in rows)
    return {
        "rows": rows,
        "total": len(rows),
        "by_status": [
            {"status": DIRECTIVE_STATUS_WORDING[status], "count": counts[status]} for status in DISPLAY_STATUS_ORDER
        ],
        "rate": _rate(_completed(counts), len(rows)),
        "by_body": [
            {
                "name": name,
                "total": counts_of_body["total"],
                "done": _completed(counts_of_body),
                "overdue": counts_of_body[DirectiveStatus.OVERDUE],
                "rate": _rate(_completed(counts_of_body), counts_of_body["total"]),
            }
            for name, counts_of_body in sorted(by_body.items())
        ],
    }


def _responsible_wording(bodies: list[tuple[str, str]]) -> str:
    """The units; with several, each with the state of its own share."""
    if len(bodies) == 1:
        return bodies[0][0]
    return "; ".join(f"{name} ({DIRECTIVE_STATUS_WORDING[status].lower()})" for name, status in bodies)


def _completed(counts: Counter) -> int:
    return counts[DirectiveStatus.DONE] + counts[DirectiveStatus.DONE_LATE]


def _rate(done: int, total: int) -> int | None:
    return round(100 * done / total) if total else None


def cached_dashboard(user, organization: Organization, period: Period | None, today: datetime.date) -> dict:
    """`dashboard`, computed again only when a model, a directive or a conference changes."""
    return cached_while_unchanged(
        "dashboard",
        (scope_for(user).read_key, organization.pk, period.code if period else "", today),
        (EmulationModel, Directive, Conference),
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
        "directive_rate": _rate(statuses["completed"], statuses["total"]),
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
