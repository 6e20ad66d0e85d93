"""What the figures of several reports share: the scoped querysets, the fixed wordings, the recognized rows."""

import datetime

from django.db.models import F, QuerySet
from django.utils.text import capfirst

from conferences.models import Conference, ConferenceKind, ConferenceStatus, Directive, DirectiveStatus
from danvan.models import organization_label
from danvan.scoping import subtree_q
from danvan.text import in_brackets
from models_registry.models import LEVEL_ORDER, EmulationModel, Level, Status, SubjectKind, Transition
from reports.periods import Period

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
    return models.filter(pk__in=moved_to(Status.REGISTERED, period))


def moved_to(status: str, period: Period) -> QuerySet:
    steps = Transition.objects.filter(to_status=status, at__date__range=(period.start, period.end))
    return steps.values("emulation_model_id")


def short_date(date: datetime.date | None) -> str:
    return f"{date:%d/%m/%Y}" if date else ""


def decision_wording(code: str, issued_on: datetime.date | None) -> str:
    return f"{code} ngày {short_date(issued_on)}" if issued_on else code


def recognized_model_columns() -> dict:
    """What names a recognized model and its carrier, for `Recognition.objects.values(...)`."""
    return {
        "name": F("emulation_model__name"),
        "subject_kind": F("emulation_model__subject_kind"),
        "carrier": F("emulation_model__registering_unit_name"),
        "person": F("emulation_model__person__full_name"),
        "organization": organization_label("emulation_model__registering_organization__"),
    }


def recognized_rows(recognitions: QuerySet) -> list[dict]:
    """One row per model, at the highest level it reached among `recognitions`."""
    highest = {}
    rows = recognitions.values(
        "emulation_model_id",
        "level",
        "decided_on",
        "decision__code",
        **recognized_model_columns(),
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
            "name": capfirst(row["name"]),
            "carrier": _carrier(row),
            "field": capfirst(row["field"]),
            "kind": SUBJECT_WORDING[row["subject_kind"]],
            "level": LEVEL_WORDING[row["level"]],
            "decision": decision_wording(row["decision__code"], row["decided_on"]),
        }
        for _rank, row in ordered
    ]


def _carrier(row: dict) -> str:
    """Who carries the model, then the registering body: "Chi hội Phụ nữ thôn 3 (Đảng ủy xã Phú Lợi)"."""
    carrier = row["person"] if row["subject_kind"] == SubjectKind.INDIVIDUAL else row["carrier"]
    return capfirst(f"{carrier} {in_brackets(row['organization'])}" if carrier else row["organization"])


def scoped_directives(user, paths: list[str]) -> QuerySet:
    """Directives of final minutes, organized in the subtree or given to a body of the subtree."""
    return Directive.objects.visible_to(user).of_final_minutes().under(paths)


def counts_wording(rows: list[dict], label: str) -> str:
    """The non-zero counts of a breakdown inside a sentence: "cấp xã 29, cấp huyện 3" (a zero says nothing)."""
    return ", ".join(f"{row[label][:1].lower()}{row[label][1:]} {row['count']}" for row in rows if row["count"])


def rate(done: int, total: int) -> int | None:
    return round(100 * done / total) if total else None
