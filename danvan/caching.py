"""Figures kept while the data they count are unchanged, in a cache that several app servers may share.

Each model of the portal has a version in the cache: a token never used before, replaced after every
transaction that changed the model's rows. A figure is kept under its name, its parts and the versions
of the models it counts, so a change makes the next request compute it again at once.

Why a commit is never hidden behind an older value:
- a reader takes the versions first and only then computes, so whatever it keeps under a version
  was computed from data at least as new as the moment that version was written;
- a writer replaces the version after its transaction commits (`on_commit`). The new token is written
  after the commit, so every figure kept under it counts the commit; a reader that computed from
  older data kept it under an older token, which nobody reads any more.
So once `commit()` returns, a request that starts later sees the commit. Tokens are replaced, not
incremented, and a lost version (evicted, new cache) is created afresh: an old token never comes back.
Inside a transaction the version is also replaced at each write, so that the transaction's own reads
(a test, a view that writes then reads) do not find figures from before its writes.

`save()` and `delete()` (and many-to-many changes) of any model of the portal replace its version
through signals. Bulk writes (`bulk_create`, `bulk_update`, `QuerySet.update`) send no signal:
the service that makes them calls `data_changed(Model)`.

Readers compute at READ COMMITTED (PostgreSQL's default) or outside a transaction: a snapshot taken
before the version was read (REPEATABLE READ) could be older than the version says.

A cache of each process's own (LocMem, the embedded default) sees only its own process's tokens:
there the newest history ids of the models join the key, so that other processes' (the task
worker's, other gunicorn workers') writes show too. A transaction that commits after a newer one
can go unnoticed by the other processes; the shorter timeout bounds that. Set CACHE_URL to a
shared cache (Redis) when several processes serve the portal.
"""

import hashlib
import secrets
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

# In a shared cache a versioned key is never read after a change: the timeout only lets unused figures go.
SHARED_TIMEOUT_SECONDS = 3600
# In a cache of one process's own, it bounds how long another process's late commit can go unnoticed.
PER_PROCESS_TIMEOUT_SECONDS = 300


def cached_while_unchanged(name: str, key_parts: tuple, tracked_models: tuple, compute):
    """`compute()`, or its result kept under `name`, `key_parts` and the tracked models' versions."""
    versions = current_versions(tracked_models)  # first: see the module's docstring
    timeout = SHARED_TIMEOUT_SECONDS
    if is_per_process():
        versions += _newest_history_ids(tracked_models)
        timeout = PER_PROCESS_TIMEOUT_SECONDS
    digest = hashlib.sha256(repr((*key_parts, get_language(), versions)).encode()).hexdigest()
    return cache.get_or_set(f"{name}:{digest}", compute, timeout)


def is_per_process() -> bool:
    """Whether each process keeps a cache of its own (LocMem) rather than one shared by all (Redis)."""
    return isinstance(caches[DEFAULT_CACHE_ALIAS], LocMemCache)


def current_versions(models) -> tuple:
    """The versions of `models`, created where missing (first use, eviction, a new cache)."""
    keys = [_version_key(model) for model in models]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            token = _new_token()
            # add, not set: a version written meanwhile wins.
            found[key] = token if cache.add(key, token, None) else cache.get(key, token)
    return tuple(found[key] for key in keys)


def data_changed(*models, now: bool = True) -> None:
    """Figures counting `models` are out of date: at once (unless not `now`), and again on commit."""
    in_transaction = connection.in_atomic_block
    for model in models:
        key = _version_key(model)
        if now or not in_transaction:
            cache.set(key, _new_token(), None)
        if in_transaction and not any(
            getattr(callback, "version_key", None) == key for _sids, callback, _robust in connection.run_on_commit
        ):
            transaction.on_commit(_Replace(key))


def all_data_changed() -> None:
    """After rows were written behind the models' backs (a restore): every figure is out of date."""
    data_changed(*portal_models())


class _Replace:
    """One replacement per model and transaction, however many rows it writes."""

    def __init__(self, version_key: str):
        self.version_key = version_key

    def __call__(self):
        cache.set(self.version_key, _new_token(), None)


def _version_key(model) -> str:
    return f"version:{model._meta.concrete_model._meta.label_lower}"


def _new_token() -> str:
    return secrets.token_hex(8)


def _newest_history_ids(models) -> tuple:
    """The newest history id of each of `models` that keeps a history, in one query."""
    tables = [
        connection.ops.quote_name(model.history.model._meta.db_table) for model in models if hasattr(model, "history")
    ]
    if not tables:
        return ()
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT MAX(history_id) FROM {table})" for table in tables))
        return cursor.fetchone()


def portal_models() -> list:
    """The models of the portal's own apps, without their historical records."""
    return [
        model
        for app_config in apps.get_app_configs()
        if Path(app_config.path).parent == Path(settings.BASE_DIR)
        for model in app_config.get_models()
        if not hasattr(model, "instance_type")  # a historical record counts nothing
    ]


def watch_portal_models() -> None:
    """Replace the version of the portal's own models on every save, deletion and many-to-many change."""
    for model in portal_models():
        post_save.connect(_on_write, sender=model, dispatch_uid=f"caching-save-{model._meta.label}")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"caching-delete-{model._meta.label}")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="caching-m2m")


def _on_write(sender, raw=False, **kwargs):
    # Loading fixtures or a backup (raw) writes many rows in one transaction: replace once, on commit.
    data_changed(sender, now=not raw)


def _on_m2m_change(sender, instance, action, model, **kwargs):
    if action.startswith("post_"):
        data_changed(type(instance), model)
