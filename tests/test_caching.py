"""Figures kept in the cache: shown again at once after a commit, on one app server or several.

Each test runs twice: on the cache of one process (LocMem, the embedded default) and on the real
Redis that several app servers share (CACHE_URL=redis://…). The Redis tests do not skip: without a
Redis at TEST_REDIS_URL they fail. Each run keeps its keys under a prefix of its own and deletes
only those, so parallel runs on one Redis do not meet.
"""

import json
import os
import subprocess
import sys
import threading
import uuid

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections, transaction
from django.utils import timezone

from danvan.caching import (
    all_data_changed,
    cached_while_unchanged,
    current_versions,
    data_changed,
)
from danvan.organizations import committee_for
from danvan.settings import cache_settings
from models_registry.models import EmulationModel, Field
from models_registry.services import Registration, register_models_in_bulk
from reports.figures import cached_dashboard

TEST_REDIS_URL = os.environ.get("DANVAN_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")
REDIS = "django.core.cache.backends.redis.RedisCache"
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"


def redis_client() -> redis.Redis:
    client = redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        pytest.fail(f"The cache tests run against a real Redis at {TEST_REDIS_URL} (CI starts one): {error}")
    return client


@pytest.fixture
def redis_cache_config(settings):
    """The default cache for one test: the real Redis, under a key prefix of this test's own."""
    client = redis_client()
    prefix = f"danvan-test-{uuid.uuid4().hex}"
    config = {"BACKEND": REDIS, "LOCATION": TEST_REDIS_URL, "KEY_PREFIX": prefix}
    settings.CACHES = {"default": config}
    yield config
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


@pytest.fixture(params=["locmem", "redis"])
def cache_config(request, settings):
    """The default cache for one test: LocMem, or the real Redis (see `redis_cache_config`)."""
    if request.param == "redis":
        return request.getfixturevalue("redis_cache_config")
    prefix = f"danvan-test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": {"BACKEND": LOCMEM, "LOCATION": prefix, "KEY_PREFIX": prefix}}
    return settings.CACHES["default"]


def field_count() -> int:
    return Field.objects.count()


def new_field(code: str) -> Field:
    return Field.objects.create(code=code, name=code)


def counted(calls: list):
    """`field_count`, noting each time it is computed."""

    def compute():
        calls.append(1)
        return field_count()

    return compute


def figure(compute, name="fields"):
    return cached_while_unchanged(name, ("part",), (Field,), compute)


def test_a_figure_is_computed_once_while_its_data_are_unchanged(db, cache_config):
    calls = []
    assert figure(counted(calls)) == figure(counted(calls)) == field_count()
    assert len(calls) == 1


def test_a_save_shows_at_once_without_waiting_for_a_timeout(db, cache_config):
    before = figure(field_count)
    new_field("a")
    assert figure(field_count) == before + 1
    Field.objects.get(code="a").delete()
    assert figure(field_count) == before


def test_a_bulk_write_shows_once_its_service_says_the_model_changed(db, cache_config):
    before = figure(field_count)
    Field.objects.bulk_create([Field(code="b1", name="b1"), Field(code="b2", name="b2")])  # no signal, no history
    assert figure(field_count) == before
    data_changed(Field)
    assert figure(field_count) == before + 2


def test_the_import_service_shows_its_models_on_the_dashboard_at_once(
    hierarchy, commune_a1_official, cache_config, django_capture_on_commit_callbacks
):
    """register_models_in_bulk writes with bulk_create: the dashboard's count follows all the same."""
    organization = committee_for(hierarchy.commune_a1)
    today = timezone.localdate()
    field = Field.objects.get_or_create(code="kinh-te", defaults={"name": "Kinh tế"})[0]
    before = cached_dashboard(commune_a1_official, organization, None, today)["draft_models"]
    registration = Registration(
        organization=organization,
        fields={"name": "Mô hình mới", "subject_kind": "collective", "field": field, "registration_year": 2024},
    )
    with django_capture_on_commit_callbacks(execute=True):
        register_models_in_bulk([registration], acting_user=commune_a1_official)
    assert EmulationModel.objects.count() == 1
    assert cached_dashboard(commune_a1_official, organization, None, today)["draft_models"] == before + 1


def test_a_commit_after_a_reader_computed_from_older_data_is_not_hidden(
    db, cache_config, django_capture_on_commit_callbacks
):
    """The race, its steps driven one by one: a reader takes the versions while a transaction is
    open, computes from data without it (as its snapshot would), keeps the result; then the
    transaction commits. The next request must see the commit."""
    old_count = field_count()
    with django_capture_on_commit_callbacks(execute=False) as commit_callbacks:
        with transaction.atomic():
            new_field("late")
            assert figure(lambda: old_count) == old_count  # the concurrent reader keeps what it saw
    assert figure(field_count) == old_count  # not committed yet: the reader's figure stands
    for callback in commit_callbacks:  # the commit
        callback()
    assert figure(field_count) == old_count + 1


def test_one_replacement_per_model_and_transaction_however_many_rows(
    db, cache_config, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as commit_callbacks:
        with transaction.atomic():
            for index in range(5):
                new_field(f"f{index}")
    assert [callback.version_key for callback in commit_callbacks] == ["version:models_registry.field"]


def test_a_write_rolled_back_with_its_savepoint_leaves_the_next_one_its_replacement(
    db, cache_config, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as commit_callbacks:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    new_field("rolled-back")
                    raise RuntimeError
            except RuntimeError:
                pass
            new_field("kept")
    assert [callback.version_key for callback in commit_callbacks] == ["version:models_registry.field"]


def test_a_lost_version_never_brings_back_an_older_figure(db, cache_config):
    calls = []
    figure(counted(calls))
    (old_version,) = current_versions((Field,))
    new_field("x")
    assert figure(counted(calls)) == field_count()
    cache.delete("version:models_registry.field")  # evicted, or a new cache
    assert figure(counted(calls)) == field_count()
    (new_version,) = current_versions((Field,))
    assert new_version != old_version
    assert len(calls) == 3


def test_a_restore_makes_every_figure_out_of_date(db, cache_config):
    calls = []
    figure(counted(calls))
    all_data_changed()
    figure(counted(calls))
    assert len(calls) == 2


SECOND_SERVER = """
import json, os, sys
import django
django.setup()
from django.test.utils import override_settings
with override_settings(CACHES={"default": json.loads(sys.argv[1])}):
    from danvan.caching import cached_while_unchanged, data_changed
    from django.utils import translation
    from models_registry.models import Field
    with translation.override(sys.argv[2]):
        seen = cached_while_unchanged("fields", ("part",), (Field,), lambda: "computed by the second server")
    data_changed(Field)  # as after a commit there
print(json.dumps(seen))
"""


def test_two_app_servers_share_one_value_and_one_version(db, redis_cache_config):
    """A second process on the same CACHE_URL reads the first one's figure; its write shows in the first."""
    assert figure(lambda: "computed by the first server") == "computed by the first server"
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "danvan.settings"}
    second = subprocess.run(
        [sys.executable, "-c", SECOND_SERVER, json.dumps(redis_cache_config), django_settings.LANGUAGE_CODE],
        capture_output=True,
        text=True,
        env=environment,
        cwd=django_settings.BASE_DIR,
        check=True,
    )
    assert json.loads(second.stdout) == "computed by the first server"
    assert figure(lambda: "computed again") == "computed again"


def test_two_clients_of_one_redis_see_one_value(db, redis_cache_config):
    """Two connections to one Redis, as two app servers hold: one version; a change by one shows in the other."""
    other = RedisCache(TEST_REDIS_URL, {"KEY_PREFIX": redis_cache_config["KEY_PREFIX"]})
    try:
        figure(lambda: "first")
        assert current_versions((Field,)) == (other.get("version:models_registry.field"),)
        assert figure(lambda: "computed again") == "first"
        other.set("version:models_registry.field", "replaced by the other server", None)
        assert figure(lambda: "after the other server's commit") == "after the other server's commit"
    finally:
        other.close()


@pytest.mark.django_db(transaction=True)
def test_a_transaction_committing_after_a_newer_one_is_not_hidden(cache_config):
    """Two real transactions on PostgreSQL: A writes first and commits last. Keys made of the
    newest history ids missed A's commit (B's id was already newer); versions do not."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer at a time: A would hold B back, the order cannot occur")
    before = field_count()
    a_wrote, a_may_commit = threading.Event(), threading.Event()
    errors = []

    def transaction_a():
        try:
            with transaction.atomic():
                new_field("a")
                a_wrote.set()
                assert a_may_commit.wait(20)
        except Exception as error:  # reported to the test
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=transaction_a)
    thread.start()
    try:
        assert a_wrote.wait(20)
        new_field("b")  # B: a newer history id, committed first
        assert figure(field_count) == before + 1  # a reader keeps what it sees: B without A
    finally:
        a_may_commit.set()
        thread.join()
    assert not errors
    assert field_count() == before + 2
    assert figure(field_count) == before + 2


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("redis://127.0.0.1:6379/3", REDIS),
        ("rediss://cache.example:6380/0", REDIS),
        ("locmem://", LOCMEM),
        ("dummy://", "django.core.cache.backends.dummy.DummyCache"),
    ],
)
def test_cache_url_names_the_backend(url, backend):
    config = cache_settings(url)
    assert config["BACKEND"] == backend
    if backend == REDIS:
        assert config["LOCATION"] == url


def test_an_unknown_cache_url_is_refused():
    with pytest.raises(ImproperlyConfigured):
        cache_settings("memcached://127.0.0.1:11211")


def test_without_a_cache_every_figure_is_computed(db, settings):
    settings.CACHES = {"default": cache_settings("dummy://")}
    calls = []
    figure(counted(calls))
    figure(counted(calls))
    assert len(calls) == 2
