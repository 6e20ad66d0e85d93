"""The audit trail of a record, as people read it: who, when, what changed (old → new).

Values read as on the record's own page, never as stored: the label of a choice, the name
of a related row, dates day first, “yes” or “no”. The related rows of the whole trail are
loaded together (one query per related model, one per many-to-many field), so a page's
queries do not grow with its history.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from danvan.text import fold

HIDDEN_FIELDS = {"lock_version", "search_text", "path"}
EMPTY = "—"


@dataclass
class HistoryEntry:
    date: object
    user: object
    kind: str  # "+" created, "~" changed, "-" deleted
    changes: list[tuple[str, str, str]]  # field label, old value, new value, as people read them


def history_of(instance, limit: int = 50) -> list[HistoryEntry]:
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    m2m_fields = [field for field in instance.history.model._history_m2m_fields if field.name not in HIDDEN_FIELDS]
    members = {field: _members(instance.history.model, field, records) for field in m2m_fields}
    excluded = [field.name for field in m2m_fields]
    raw = []  # (entry, [(field, old, new)]), values as stored
    # Rows bulk-loaded without history (generated data) simply have none.
    for newer, older in zip(records, [*records[1:], None][: len(records)], strict=True):
        changes = []
        if older is not None:
            for change in newer.diff_against(older, excluded_fields=excluded).changes:
                if change.field not in HIDDEN_FIELDS:
                    changes.append((instance._meta.get_field(change.field), change.old, change.new))
            for field, rows in members.items():
                if rows[older.pk] != rows[newer.pk]:
                    changes.append((field, rows[older.pk], rows[newer.pk]))
        entry = HistoryEntry(newer.history_date, newer.history_user, newer.history_type, [])
        raw.append((entry, changes))
    raw = raw[:limit]
    names = _related_names(change for _entry, changes in raw for change in changes)
    order = {field.name: index for index, field in enumerate([*instance._meta.fields, *instance._meta.many_to_many])}
    for entry, changes in raw:
        changes.sort(key=lambda change: order.get(change[0].name, len(order)))
        entry.changes = [
            (str(field.verbose_name), _display(field, old, names), _display(field, new, names))
            for field, old, new in changes
        ]
    return [entry for entry, _changes in raw]


def _members(history_model, field, records) -> dict[int, frozenset]:
    """The ids of the related rows of a many-to-many field, as each history record saw them."""
    rows = getattr(history_model, field.name).model.objects.filter(history__in=[record.pk for record in records])
    members = defaultdict(set)
    for history_id, related_id in rows.values_list("history_id", field.m2m_reverse_field_name()):
        members[history_id].add(related_id)
    return defaultdict(frozenset, {history_id: frozenset(ids) for history_id, ids in members.items()})


def _related_names(changes) -> dict[tuple[type, object], str]:
    """The name of every related row the changes refer to, one query per related model."""
    wanted = defaultdict(set)
    for field, old, new in changes:
        if field.is_relation:
            for value in (old, new):
                ids = value if field.many_to_many else {value}
                wanted[field.related_model].update(pk for pk in ids if pk is not None)
    user_model = get_user_model()
    names = {}
    for model, ids in wanted.items():
        for pk, row in model._base_manager.in_bulk(ids).items():
            name = (row.get_full_name() or row.get_username()) if model is user_model else str(row)
            names[(model, pk)] = name
    return names


def _display(field, value, names: dict) -> str:
    """A stored value as the record's page shows it."""
    if field.many_to_many:
        return ", ".join(sorted((_name(field, pk, names) for pk in value), key=fold)) or EMPTY
    if value is None or value == "":
        return EMPTY
    if field.is_relation:
        return _name(field, value, names)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool) or isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, datetime.time):
        return time_format(value, "TIME_FORMAT")
    return str(value)


def _name(field, pk, names: dict) -> str:
    return names.get((field.related_model, pk), _("(deleted)"))
