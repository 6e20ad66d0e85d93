"""Figures kept while the data they count are unchanged.

Every save or deletion of a tracked model writes a history row (django-simple-history), so the
newest history ids name the state of its data: a key made of them changes with the data. A
transaction that commits after a newer one can go unnoticed; the timeout bounds that.
"""

import hashlib

from django.core.cache import cache
from django.db.models import Max
from django.utils.translation import get_language

TIMEOUT_SECONDS = 300


def cached_while_unchanged(name: str, key_parts: tuple, tracked_models: tuple, compute):
    """`compute()`, or its result kept under `name`, `key_parts` and the tracked models' data."""
    versions = tuple(model.history.aggregate(newest=Max("history_id"))["newest"] or 0 for model in tracked_models)
    digest = hashlib.sha256(repr((*key_parts, get_language(), versions)).encode()).hexdigest()
    return cache.get_or_set(f"{name}:{digest}", compute, TIMEOUT_SECONDS)
