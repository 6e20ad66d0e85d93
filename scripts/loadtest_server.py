"""Start gunicorn on a fresh PostgreSQL demo database, run the load test against it, stop everything."""

import os
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import dj_database_url
import psycopg

ROOT = Path(__file__).resolve().parent.parent
BIND = "127.0.0.1:8001"


def fresh_database(url: str) -> None:
    config = dj_database_url.parse(url)
    with psycopg.connect(
        host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"], dbname="postgres", autocommit=True
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}"')
        connection.execute(f'CREATE DATABASE "{config["NAME"]}"')


def main(url: str) -> int:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "AXES_FAILURE_LIMIT": "1000",
    }
    python = str(ROOT / ".venv" / "bin" / "python")
    fresh_database(url)
    for command in (
        ["migrate", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["load_units", "--province", "08", "--province", "42", "--province", "91"],
        ["load_demo"],
    ):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "danvan.wsgi",
            "--bind",
            BIND,
            "--workers",
            "4",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://{BIND}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        return subprocess.run(
            [python, "scripts/loadtest.py", "--base", f"http://{BIND}", *sys.argv[2:]], cwd=ROOT, env=env
        ).returncode
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
