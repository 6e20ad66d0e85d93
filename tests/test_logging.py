"""Each log record is printed once: plain text in development, one JSON object in production.

The records come from the loggers `make run` writes to: runserver's request lines
(django.server), Django's own (django.*), the report worker's (django_tasks_db, after
db_worker has set up its logging) and the portal's. The settings are loaded in a fresh
process, as manage.py loads them.
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

RECORDS = {
    "django.server": "GET /healthz HTTP/1.1 200 15",
    "django.utils.autoreload": "Watching for file changes with StatReloader",
    "django_tasks_db": "Task id=7 state=SUCCESSFUL",
    "danvan.reports": "Report 7 took 12 s",
}
SCRIPT = f"""
import logging
from django_tasks_db.management.commands.db_worker import Command

Command().configure_logging(verbosity=1)  # as db_worker does when it starts
for name, message in {RECORDS!r}.items():
    logging.getLogger(name).log(logging.WARNING if name.startswith("danvan") else logging.INFO, message)
"""


def _log_lines(debug: bool) -> list[str]:
    env = os.environ | {"DEBUG": "1" if debug else "0", "LOG_LEVEL": "WARNING"}
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", SCRIPT],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return (done.stdout + done.stderr).splitlines()


@pytest.mark.parametrize("debug", [True, False], ids=["development", "production"])
def test_each_record_is_printed_once(debug):
    lines = _log_lines(debug)
    for logger, message in RECORDS.items():
        printed = [line for line in lines if message in line]
        assert len(printed) == 1, (logger, lines)
        if debug:
            assert not printed[0].startswith("{") and f" {logger}: {message}" in printed[0]
        else:
            entry = json.loads(printed[0])
            assert (entry["logger"], entry["message"]) == (logger, message)
