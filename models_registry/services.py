"""The registry workflow: every change of status goes through `perform` and leaves a history row.

    draft ─submit─▶ registered ─start_review(level)─▶ under_review(level)
    under_review ─recognize─▶ recognized(level) ─propose─▶ under_review(next level)
    under_review ─return─▶ returned ─submit─▶ registered
    under_review ─reject─▶ not_recognized
    registered | under_review | recognized | returned ─stop─▶ stopped

A reviewer acts at the level of their role (commune official: commune,
district staff: district, province staff: province, system administrator:
central), inside their own subtree. Since the 2025 reform, units of the new
era have no district level. Every model starts as a draft with a first step in its
history: `register_model` creates one, `register_models_in_bulk` many (the import).
"""

import datetime
import enum
import functools
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F, Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from danvan.caching import data_changed
from danvan.locking import claim_version
from danvan.models import (
    AdministrativeUnitSuccession,
    Era,
    Membership,
    NotificationKind,
    Organization,
    Person,
    Role,
)
from danvan.notifications import in_portal_language, notify, portal_path
from danvan.registers import find_or_create_person, line_of, people_for, register_document
from danvan.scoping import CENTRAL_PATH, scope_for
from danvan.text import fold
from models_registry.actions import ACTIONS
from models_registry.models import (
    LEVEL_ORDER,
    Announcement,
    Attachment,
    EmulationModel,
    Level,
    Recognition,
    Status,
    Transition,
)
from models_registry.recognitions import check_recognition
from models_registry.rubric_rules import average_score

ROLE_LEVEL = {
    Role.COMMUNE_OFFICIAL: Level.COMMUNE,
    Role.DISTRICT_STAFF: Level.DISTRICT,
    Role.PROVINCE_STAFF: Level.PROVINCE,
    Role.SYSTEM_ADMIN: Level.CENTRAL,
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
    model._history_user = actor  # the change history names who acted, as the workflow steps do
    model.save(update_fields=["status", "review_level", "level_reached", "search_text"])
    transition = Transition.objects.create(
        emulation_model=model,
        action=action,
        from_status=from_status,
        to_status=model.status,
        level=level,
        note=note.strip(),
        actor=actor,
    )
    notify_step(model, transition)
    return transition


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
    check_recognition(
        model, actor=actor, decision=decision, decided_on=decided_on, deciding_organization=deciding_organization
    )
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
        average_score=average_score(model, model.review_level),
    )


def reviewers_at(model: EmulationModel, level: str, *, besides=None) -> list:
    """The reviewers of `level` who may act on `model` there, as `reviewer_levels` decides (`besides` left out).

    Those of that level's role in a body on the model's line (or in one that took a unit of that
    line over in 2025); the system administrators, who may act at every level, for the central one.
    """
    line = line_of(model.registering_organization)
    successors = AdministrativeUnitSuccession.objects.filter(predecessor__path__in=line, is_default=True)
    bodies = Organization.objects.filter(Q(path__in=line) | Q(unit__in=successors.values("successor_id")))
    role = {level: role for role, level in ROLE_LEVEL.items()}[level]
    memberships = Membership.objects.current().filter(
        Q(organization__path=CENTRAL_PATH) if role == Role.SYSTEM_ADMIN else Q(organization__in=bodies), role=role
    )
    users = get_user_model().objects.filter(is_active=True, pk__in=memberships.values("user_id"))
    if besides is not None:
        users = users.exclude(pk=besides.pk)
    return [user for user in users.order_by("pk") if level in reviewer_levels(user, model)]


# What each step tells whom: a model entering reviewers' queues, or a decision its author waits for.
QUEUE_TEXT = _lazy("“%(name)s” of %(organization)s is waiting in your review queue at %(level)s.")
DECISION_TEXT = {
    "return": (NotificationKind.MODEL_RETURNED, _lazy("Your model “%(name)s” was returned for changes: %(note)s")),
    "recognize": (NotificationKind.MODEL_RECOGNIZED, _lazy("Your model “%(name)s” is recognized at %(level)s.")),
}


def notify_step(model: EmulationModel, transition: Transition) -> None:
    """Tell the reviewers a model reached their queue, and its author a decision; never the one who acted."""
    organization = model.registering_organization
    where = {"link": portal_path("registry:detail", pk=model.pk), "key": f"step:{transition.pk}"}
    params = {"name": model.name, "organization": organization.name, "note": transition.note}
    queue_level = {"submit": next_level(model), "propose": model.review_level}.get(transition.action)
    if queue_level:
        reviewers = reviewers_at(model, queue_level, besides=transition.actor)
        text = in_portal_language(QUEUE_TEXT, level=Level(queue_level).label, **params)
        notify(reviewers, kind=NotificationKind.MODEL_TO_REVIEW, text=text, organization=organization, **where)
    if transition.action in DECISION_TEXT:
        kind, message = DECISION_TEXT[transition.action]
        ids = {model.created_by_id, submitted_by(model)} - {None, transition.actor_id}
        model_only = EmulationModel.objects.filter(pk=model.pk)
        users = get_user_model().objects.filter(pk__in=ids, is_active=True)
        authors = [user for user in users if model_only.visible_to(user).exists()]  # still theirs to see
        text = in_portal_language(message, level=Level(transition.level).label if transition.level else "", **params)
        notify(authors, kind=kind, text=text, organization=organization, **where)


@dataclass(frozen=True)
class Registration:
    """One model to register: the arguments of `register_model`, for `register_models_in_bulk`."""

    organization: Organization
    fields: dict
    person_name: str = ""
    person_position: str = ""


def _new_draft(registration: Registration, person: Person | None, acting_user, fold=fold) -> EmulationModel:
    """A new model as every way of registering one builds it: a draft of the organization, in its unit."""
    model = EmulationModel(
        registering_organization_id=registration.organization.pk,
        unit_id=registration.organization.unit_id,
        created_by_id=acting_user.pk,
        status=Status.DRAFT,
        **registration.fields,
    )
    if person:
        model.person_id, model.person_position = person.pk, registration.person_position
    model.fill_search_text(fold)
    return model


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
    registration = Registration(organization, fields, person_name, person_position)
    person = find_or_create_person(person_name, organization=organization) if person_name else None
    model = _new_draft(registration, person, acting_user)
    model._history_user = acting_user
    model.save()
    Transition.objects.create(emulation_model=model, action="create", to_status=Status.DRAFT, actor=acting_user)
    if submit:
        perform(model, "submit", actor=acting_user)
        model.refresh_from_db()
    return model


BULK_BATCH_SIZE = 2000  # rows per INSERT: ten thousand rows in a few statements, each of bounded size


@transaction.atomic
def register_models_in_bulk(registrations: Iterable[Registration], *, acting_user) -> list[EmulationModel]:
    """Create many drafts as `register_model` creates one, in a few statements; their first step is "import".

    Each gets its history row and its workflow step; the people are found or created all at once.
    The organizations must be the acting user's to write for, as in `register_model`.
    """
    registrations = list(registrations)
    organizations = {registration.organization.pk for registration in registrations}
    if Organization.objects.editable_by(acting_user).filter(pk__in=organizations).count() != len(organizations):
        raise PermissionDenied
    people = people_for((r.organization, r.person_name) for r in registrations if r.person_name)
    # Cells repeat the same few values (the same village, the same union) from row to row: fold each once.
    fold_once = functools.cache(fold)
    now = timezone.now()
    models = []
    for registration in registrations:
        name = registration.person_name
        person = people[(registration.organization.pk, fold_once(name))] if name else None
        model = _new_draft(registration, person, acting_user, fold_once)
        model.created_at = now
        models.append(model)
    if connection.vendor == "postgresql":
        _copy_models(models)
    else:
        EmulationModel.objects.bulk_create(models, batch_size=BULK_BATCH_SIZE)
    # The COPY draws the ids first; `bulk_create` returns them on SQLite ≥ 3.35: the rows below name them.
    if any(model.pk is None for model in models):
        raise RuntimeError("The database did not return the ids of the new models.")
    pks = [model.pk for model in models]
    # The history rows that a plain bulk_create would skip, as simple-history's `bulk_history_create`
    # writes them: a copy of every tracked column, the acting user, one date, "+" (created), no reason.
    history = EmulationModel.history.model
    _insert_for_models(
        history,
        pks,
        {field.name: F(field.name) for field in history.tracked_fields}
        | {"history_date": now, "history_user": acting_user, "history_type": "+", "history_change_reason": None},
    )
    step = {"action": "import", "to_status": Status.DRAFT, "actor": acting_user, "at": now}
    _insert_for_models(Transition, pks, {"emulation_model": F("id"), **step})
    data_changed(EmulationModel, Transition)
    return models


def _copy_models(models: list[EmulationModel]) -> None:
    """Insert new models on PostgreSQL by COPY, ids first drawn from the table's sequence, as `bulk_create` would.

    `bulk_create` prepares every value of an INSERT through its field, one by one: on an import,
    more time than the database takes to store the rows. COPY takes the values as they are (the
    model's own: strings, numbers, dates, the aware date of entry), adapted by psycopg.
    """
    meta, quote = EmulationModel._meta, connection.ops.quote_name
    fields = meta.concrete_fields
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(models)],
        )
        for model, (pk,) in zip(models, cursor.fetchall(), strict=True):
            model.pk = pk
        columns = ", ".join(quote(field.column) for field in fields)
        with cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for model in models:
                copy.write_row([_plain(getattr(model, field.attname)) for field in fields])
    for model in models:
        model._state.adding, model._state.db = False, connection.alias


def _plain(value):
    """A choice (Status.DRAFT) as its value, which is what the column holds; any other value as it is."""
    return value.value if isinstance(value, enum.Enum) else value


def _insert_for_models(target: type[Model], pks: list[int], values: dict) -> None:
    """One row of `target` per emulation model of `pks`, copied by the database from the model's row.

    `values` gives, by field name, F("a field of the model") for a column to copy, or one value for
    every row; the other fields take their default, as a `target(**values)` would. Building INSERT
    statements value by value costs Django more than the database takes to copy the rows, so the
    columns of the models are not sent twice.
    """
    source, quote = EmulationModel._meta, connection.ops.quote_name
    unknown = values.keys() - {field.name for field in target._meta.concrete_fields}
    if unknown:
        raise ValueError(f"{target.__name__} has no field {', '.join(sorted(unknown))}.")
    columns, selected, params = [], [], []
    for field in target._meta.concrete_fields:
        if field.primary_key and field.name not in values:
            continue
        columns.append(quote(field.column))
        value = values.get(field.name, field.get_default())
        if isinstance(value, F):
            selected.append(quote(source.get_field(value.name).column))
        else:
            selected.append("%s")
            params.append(field.get_db_prep_save(value.pk if isinstance(value, Model) else value, connection))
    pk = quote(source.pk.column)
    limit = connection.features.max_query_params  # SQLite's; PostgreSQL has none that matters here
    per_statement = BULK_BATCH_SIZE if limit is None else min(BULK_BATCH_SIZE, limit - len(params))
    with connection.cursor() as cursor:
        for start in range(0, len(pks), per_statement):
            batch = pks[start : start + per_statement]
            cursor.execute(
                f"INSERT INTO {quote(target._meta.db_table)} ({', '.join(columns)})"
                f" SELECT {', '.join(selected)} FROM {quote(source.db_table)}"
                f" WHERE {pk} IN ({', '.join(['%s'] * len(batch))}) ORDER BY {pk}",
                [*params, *batch],
            )


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


def attachments_frozen(model: EmulationModel) -> str:
    """Why no file can be added to `model` any more, or "" while files can be added."""
    if model.accepts_attachments:
        return ""
    return _("No more files can be added: the model is “%(status)s”, and a decision keeps its file as it was.") % {
        "status": model.get_status_display()
    }


@transaction.atomic
def add_attachment(model: EmulationModel, *, title: str, file, acting_user) -> Attachment:
    """Attach a file to a model, which its writers may do until a decision freezes it (see `accepts_attachments`)."""
    if not EmulationModel.objects.editable_by(acting_user).filter(pk=model.pk).exists():
        raise PermissionDenied
    # Under the row lock that `perform` takes too: no file slips in beside a decision being recorded.
    model = EmulationModel.objects.select_for_update().get(pk=model.pk)
    if refusal := attachments_frozen(model):
        raise ValidationError(refusal)
    attachment = Attachment(emulation_model=model, title=title, file=file, uploaded_by=acting_user)
    attachment._history_user = acting_user
    attachment.save()
    return attachment


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
