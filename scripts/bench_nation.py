"""Ten times the data: the central user's pages at province scale and at nation scale, side by side.

    .venv/bin/python scripts/bench_nation.py
    .venv/bin/python scripts/bench_nation.py --province-db postgres://…/danvan_bench --nation-db postgres://…/danvan_nation

The province database is the one `make bench` prepares (province 08, 30,000 models); the nation
database holds ten provinces, 300,000 models:

    createdb danvan_nation; manage.py migrate
    manage.py load_units --province 08 --province 02 … (the ten of devdata.scale_data.NATION_PROVINCES)
    manage.py generate_scale_data --scale nation

Run once for the closing note, not on every bench run. Each database is measured in a child
process of its own (Django's test client, in-process, DEBUG off, the embedded cache), the two
taken turn about for --rounds rounds so that both see the same machine load. Per page: the SQL
query count of a warm request (the target: the same at both scales), its first request in the
process (the page's cached figures computed; the process itself warmed by a 404 page) and the
median of --runs warm requests; then the ratio nation ÷ province
of the medians (the target: under 2×). The user is a superuser, who sees the whole country, as
scripts/bench.py logs in; the databases are only read, but for that user and its sessions.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
SERVER = "postgres://postgres@127.0.0.1:5432"
BENCH_USER = "bench.admin"  # the superuser scripts/bench.py logs in as
ENV = {"DEBUG": "0", "SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0", "ALLOWED_HOSTS": "127.0.0.1"}
QUERY_TARGET = "same"
MEDIAN_TARGET = 2.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--province-db", default=f"{SERVER}/danvan_bench")
    parser.add_argument("--nation-db", default=f"{SERVER}/danvan_nation")
    parser.add_argument("--runs", type=int, default=7, help="warm requests per page and round (default 7)")
    parser.add_argument("--rounds", type=int, default=2, help="child processes per database, taken turn about")
    parser.add_argument("--measure", metavar="URL", help=argparse.SUPPRESS)  # the child: measure one database
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(_measure(args.measure, args.runs)))
        return
    results = {"province": [], "nation": []}
    for _ in range(max(1, args.rounds)):
        for scale, url in (("province", args.province_db), ("nation", args.nation_db)):
            command = [sys.executable, __file__, "--measure", url, "--runs", str(args.runs)]
            done = subprocess.run(command, cwd=BASE_DIR, capture_output=True, text=True, check=False)
            if done.returncode:
                sys.exit(f"measuring {scale} failed:\n{done.stdout}\n{done.stderr}")
            results[scale].append(json.loads(done.stdout.strip().splitlines()[-1]))
    _print(results)


def _print(results: dict) -> None:
    province, nation = results["province"], results["nation"]
    print(
        f"Central user (superuser), in-process test client, DEBUG off; load average {os.getloadavg()[0]:.1f}"
        f" on {os.cpu_count()} CPUs."
    )
    for scale, runs in results.items():
        counts = runs[0]["counts"]
        print(f"  {scale}: " + ", ".join(f"{count:,} {label}" for label, count in counts.items()))
    header = f"{'page':<44} {'queries':>13} {'first ms':>17} {'median ms':>17} {'nation ÷ province':>18}"
    print(header)
    print("-" * len(header))
    verdicts = []
    for label in province[0]["pages"]:
        queries = [runs[0]["pages"][label]["queries"] for runs in (province, nation)]
        first = [statistics.median(run["pages"][label]["first"] for run in runs) for runs in (province, nation)]
        median = [
            statistics.median([time for run in runs for time in run["pages"][label]["times"]])
            for runs in (province, nation)
        ]
        ratio = median[1] / median[0]
        same = queries[0] == queries[1] and all(
            run["pages"][label]["queries"] == queries[index]
            for index, runs in enumerate((province, nation))
            for run in runs
        )
        verdict = "met" if same and ratio < MEDIAN_TARGET else "missed"
        verdicts.append(verdict)
        print(
            f"{label:<44} {queries[0]:>6} → {queries[1]:<5} {first[0] * 1000:>7.0f} → {first[1] * 1000:<7.0f}"
            f" {median[0] * 1000:>7.1f} → {median[1] * 1000:<7.1f} {ratio:>8.2f}×  {verdict}"
        )
    print(
        f"target: the same query count and a median under {MEDIAN_TARGET:g}× the province's, on every page:"
        f" {verdicts.count('met')} of {len(verdicts)} met."
    )


def _pages() -> list[tuple[str, str]]:
    from models_registry.models import Field

    field = Field.objects.get(code="kinh-te")
    return [
        ("registry list ?field&level_reached=district", f"/registry/?field={field.pk}&level_reached=district"),
        ("registry list, no filter", "/registry/"),
        ("registry review queue", "/registry/queue/"),
        ("conference list", "/conferences/"),
        ("dashboard /reports/", "/reports/"),
        ("directive follow-up", "/conferences/directives/"),
    ]


def _measure(database_url: str, runs: int) -> dict:
    os.environ.update(ENV, DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="danvan.settings")
    os.environ.pop("CACHE_URL", None)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from conferences.models import Conference, Directive
    from models_registry.models import EmulationModel

    user = get_user_model().objects.filter(username=BENCH_USER, is_superuser=True, is_active=True).first()
    if user is None:  # a database scripts/bench.py has not run on yet
        user = get_user_model().objects.create_superuser(BENCH_USER, password=None)
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    client.get("/registry/0/")  # a 404 page: the URL configuration and base templates load, no page's data
    pages = {}
    for label, url in _pages():
        started = time.perf_counter()
        response = client.get(url)
        first = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        pages[label] = {"queries": len(captured), "first": first, "times": []}
    for _ in range(runs):  # the pages taken turn about, as scripts/bench.py takes them
        for label, url in _pages():
            started = time.perf_counter()
            client.get(url)
            pages[label]["times"].append(time.perf_counter() - started)
    counts = {
        "models": EmulationModel.objects.count(),
        "conferences": Conference.objects.count(),
        "directives": Directive.objects.count(),
    }
    return {"counts": counts, "pages": pages}


if __name__ == "__main__":
    main()
