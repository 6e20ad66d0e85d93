"""A write that loses a race for the database answers "try again", not a server error.

SQLite refuses a writer that waited longer than its busy timeout ("database is locked");
PostgreSQL aborts one side of a serialization failure or a deadlock. Nothing was saved
in either case, so the user can safely do the same thing again.
"""

import logging

from django.db import OperationalError
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

logger = logging.getLogger(__name__)

# serialization_failure, deadlock_detected, lock_not_available
POSTGRESQL_CONFLICT_STATES = frozenset({"40001", "40P01", "55P03"})
SQLITE_CONFLICT_MESSAGES = ("database is locked", "database table is locked")


def is_lock_conflict(error: Exception) -> bool:
    if not isinstance(error, OperationalError):
        return False
    driver_error = error.__cause__
    # psycopg 3 names it sqlstate, psycopg2 pgcode.
    state = getattr(driver_error, "sqlstate", None) or getattr(driver_error, "pgcode", None)
    if state in POSTGRESQL_CONFLICT_STATES:
        return True
    return any(message in str(error) for message in SQLITE_CONFLICT_MESSAGES)


def page_to_retry_from(request) -> str:
    """The page the user came from, when it is one of ours."""
    referer = request.META.get("HTTP_REFERER", "")
    if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return referer
    return reverse("home")


class DatabaseConflictMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_lock_conflict(exception):
            return None
        logger.warning("Database conflict on %s %s: %s", request.method, request.path, exception)
        return render(request, "conflict.html", {"retry_url": page_to_retry_from(request)}, status=409)
