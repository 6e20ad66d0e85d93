"""Exit 0 once the PostgreSQL server of DATABASE_URL answers, 1 after a few tries.

The test run connects to the `postgres` maintenance database: pytest-django
creates its own test database there.
"""

import sys
import time

import dj_database_url
import psycopg


def reachable(url: str, attempts: int = 5) -> bool:
    config = dj_database_url.parse(url)
    for attempt in range(attempts):
        try:
            psycopg.connect(
                host=config["HOST"],
                port=config["PORT"] or 5432,
                user=config["USER"],
                password=config["PASSWORD"] or None,
                dbname="postgres",
                connect_timeout=3,
            ).close()
            return True
        except psycopg.OperationalError as error:
            print(f"PostgreSQL not ready ({error}); retrying…", file=sys.stderr)
            time.sleep(1 + attempt)
    return False


if __name__ == "__main__":
    attempts = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--attempts" else 5
    sys.exit(0 if reachable(sys.argv[1], attempts) else 1)
