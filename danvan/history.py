"""The audit trail of a record, as people read it: who, when, what changed (old → new)."""

from dataclasses import dataclass

HIDDEN_FIELDS = {"lock_version", "search_text", "path"}


@dataclass
class HistoryEntry:
    date: object
    user: object
    kind: str  # "+" created, "~" changed, "-" deleted
    changes: list[tuple[str, object, object]]


def history_of(instance, limit: int = 50) -> list[HistoryEntry]:
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    entries = []
    # Rows bulk-loaded without history (generated data) simply have none.
    for newer, older in zip(records, [*records[1:], None][: len(records)], strict=True):
        changes = []
        if older is not None:
            changes = [
                (str(instance._meta.get_field(change.field).verbose_name), change.old, change.new)
                for change in newer.diff_against(older).changes
                if change.field not in HIDDEN_FIELDS
            ]
        entries.append(HistoryEntry(newer.history_date, newer.history_user, newer.history_type, changes))
    return entries[:limit]
