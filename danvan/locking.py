"""Optimistic locking: the second of two concurrent saves is refused, with what the first one changed.

Models that use it have a `lock_version` integer and django-simple-history
records; forms carry the version the user started from.
"""

from dataclasses import dataclass

from django import forms
from django.db.models import F


@dataclass
class Change:
    field: str
    old: object
    new: object


class StaleEdit(Exception):
    """Someone saved the record after this user opened it."""

    def __init__(self, current_version: int, changes: list[Change], by: str):
        super().__init__(f"record changed to version {current_version}")
        self.current_version = current_version
        self.changes = changes
        self.by = by


def claim_version(instance, expected: int) -> None:
    """Move `instance` to the next version if it is still at `expected`, atomically; else raise StaleEdit."""
    model = type(instance)
    claimed = model.objects.filter(pk=instance.pk, lock_version=expected).update(lock_version=F("lock_version") + 1)
    if not claimed:
        raise _stale(model.objects.get(pk=instance.pk), expected)
    instance.lock_version = expected + 1


def _stale(current, expected: int) -> StaleEdit:
    records = list(current.history.filter(lock_version__gte=expected).order_by("history_date", "history_id"))
    changes, by = [], ""
    if len(records) >= 2:
        delta = records[-1].diff_against(records[0])
        changes = [
            Change(str(current._meta.get_field(change.field).verbose_name), change.old, change.new)
            for change in delta.changes
            if change.field not in ("lock_version", "search_text")
        ]
        user = records[-1].history_user
        by = (user.get_full_name() or user.username) if user else ""
    return StaleEdit(current.lock_version, changes, by)


class LockVersionFormMixin(forms.Form):
    """Adds the hidden version the user started editing from."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lock_version"].initial = getattr(self.instance, "lock_version", 0)

    def accept_current_version(self, version: int) -> None:
        """After showing a conflict, let the user save over the newer version on purpose."""
        self.data = self.data.copy()
        self.data[self.add_prefix("lock_version")] = str(version)
