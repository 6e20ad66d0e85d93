"""Page timings against gunicorn on loopback, side by side in one run, on the scale database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench .venv/bin/python scripts/bench.py

`make bench` prepares the database (migrate, load_units --province 08, generate_scale_data
--scale province when missing) and runs this. The script starts gunicorn on 127.0.0.1:8002
(DEBUG=0, plain HTTP), logs in a superuser, then prints one table:

- each page: median, min and max of --runs sequential requests, the pages interleaved round
  by round so that every row sees the same machine load, and the median as a multiple of the
  floor: a trivial logged-in view rendering the base template on the same stack
  (scripts/bench_urls.py); /healthz, which skips session and login, is shown too;
- its SQL query count, measured separately in-process with CaptureQueriesContext and the test
  client against the same database;
- under --clients concurrent clients (threads, urllib, one cookie jar each), bounded by
  --max-requests and --seconds per page: throughput and p50/p95 latency;
- the import of 10,000 rows (scripts/bench_import.py, its own scratch database) and the
  district/province summary PDF (issue_report in-process), unless skipped.
"""

import argparse
import http.cookiejar
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
HOST, PORT = "127.0.0.1", 8002
SERVER_ENV = {
    "DEBUG": "0",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "LOG_LEVEL": "ERROR",
}
BENCH_USER = "bench.admin"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="sequential requests per page (default 7)")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--max-requests", type=int, default=200, help="per page under concurrency")
    parser.add_argument("--seconds", type=float, default=10.0, help="per page under concurrency")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "2")))
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--skip-pdf", action="store_true")
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--pdf-runs", type=int, default=3, help="PDFs per summary (a province one takes minutes)")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to the bench database, e.g. postgres://postgres@127.0.0.1:5432/danvan_bench")
    os.environ.update(SERVER_ENV)
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="danvan-bench-media-")
    # The portal's settings plus one URL, the trivial logged-in page (scripts/bench_urls.py).
    os.environ["DJANGO_SETTINGS_MODULE"] = "scripts.bench_settings"
    import django

    django.setup()
    password = secrets.token_urlsafe(16)
    user = _superuser(password)
    pages = _pages()
    print(f"Load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; gunicorn --workers {args.workers}.")
    queries = {label: _query_count(user, url) for label, url in pages}
    rows = {label: {"queries": queries[label]} for label, _ in pages}

    server = _start_gunicorn(args.workers)
    try:
        openers = [_login(password) for _ in range(args.clients)]
        _sequential(pages, openers[0], args.runs, rows)
        for label, url in pages:
            rows[label].update(_concurrent(url, openers, args.max_requests, args.seconds))
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()

    # The page rows first: the import and the PDFs take minutes at province scale.
    floor = _print_table(pages, rows)
    if args.skip_import:
        _print_extra([("import 10,000 rows", None)], floor)
    else:
        _print_extra(_import_rows(args.import_rows), floor)
    if args.skip_pdf:
        _print_extra([("district summary PDF", None), ("province summary PDF", None)], floor)
    else:
        _pdf_rows(user, args.pdf_runs, floor)
    print(f"\nfloor = trivial logged-in page, median {floor * 1000:.1f} ms; ms are wall times on loopback.")


# -- set-up ---------------------------------------------------------------------------------


def _superuser(password):
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username=BENCH_USER, defaults={"is_staff": True})
    user.is_staff = user.is_superuser = user.is_active = True
    user.set_password(password)
    user.save()
    return user


def _pages():
    from django.db.models import Count

    from conferences.models import Conference
    from danvan.models import AdministrativeUnit, Era, Organization, OrganizationKind
    from models_registry.models import EmulationModel, Field

    field = Field.objects.get(code="kinh-te")
    if not EmulationModel.objects.exists():
        sys.exit("The bench database has no models: run `manage.py generate_scale_data --scale province` first.")
    conference = (
        Conference.objects.annotate(n=Count("attendees")).filter(n=40).order_by("pk").first()
        or Conference.objects.annotate(n=Count("attendees")).order_by("-n", "pk").first()
    )
    model = EmulationModel.objects.annotate(n=Count("recognitions")).order_by("-n", "pk").first()
    province = AdministrativeUnit.objects.get(era=Era.PRE_2025, code="08")
    board = Organization.objects.filter(unit=province, kind=OrganizationKind.MASS_MOBILIZATION_BOARD).order_by("pk")
    board = board.first()
    return [
        ("/healthz (no session, one SELECT 1)", "/healthz"),
        ("floor: trivial logged-in page", "/bench/trivial/"),
        ("registry list ?field&level_reached=district", f"/registry/?field={field.pk}&level_reached=district"),
        (
            "admin changelist, same filter",
            f"/admin/models_registry/emulationmodel/?field__id__exact={field.pk}&level_reached__exact=district",
        ),
        ("registry review queue", "/registry/queue/"),
        ("registry model detail", f"/registry/{model.pk}/"),
        ("conference list", "/conferences/"),
        (f"conference detail ({conference.attendees.count()} attendees)", f"/conferences/{conference.pk}/"),
        ("dashboard /reports/", "/reports/"),
        ("dashboard, province board 2023", f"/reports/?organization={board.pk}&period=2023"),
        ("directive follow-up", "/conferences/directives/"),
    ]


def _query_count(user, url):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME=HOST)
    client.force_login(user)
    client.get(url)  # warm caches (content types, translations) as a running server has them
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    if response.status_code != 200:
        print(f"warning: {url} answered {response.status_code} in-process", file=sys.stderr)
    return len(captured)


def _start_gunicorn(workers):
    gunicorn = BASE_DIR / ".venv" / "bin" / "gunicorn"
    command = [str(gunicorn) if gunicorn.exists() else "gunicorn", "danvan.wsgi", "--bind", f"{HOST}:{PORT}"]
    command += ["--workers", str(workers), "--error-logfile", "-", "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=BASE_DIR, env=os.environ.copy())
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{PORT}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    sys.exit("gunicorn did not answer /healthz within 30 s")


def _login(password):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = f"http://{HOST}:{PORT}/accounts/login/"
    with opener.open(login, timeout=30) as response:
        html = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode({"username": BENCH_USER, "password": password, "csrfmiddlewaretoken": token})
    request = urllib.request.Request(login, data=data.encode(), headers={"Referer": login})
    with opener.open(request, timeout=30) as response:
        response.read()
        if "/accounts/login/" in response.geturl():
            sys.exit("Logging in over HTTP failed.")
    return opener


# -- measuring ------------------------------------------------------------------------------


def _get(opener, url):
    started = time.perf_counter()
    with opener.open(f"http://{HOST}:{PORT}{url}", timeout=120) as response:
        response.read()
        if response.status != 200 or "/accounts/login/" in response.geturl():
            raise RuntimeError(f"{url}: {response.status} {response.geturl()}")
    return time.perf_counter() - started


def _sequential(pages, opener, runs, rows):
    timings = {label: [] for label, _ in pages}
    for _label, url in pages:
        _get(opener, url)  # warm-up: each worker's first request pays for imports
    for _ in range(runs):
        for label, url in pages:
            timings[label].append(_get(opener, url))
    for label, values in timings.items():
        rows[label].update(median=statistics.median(values), min=min(values), max=max(values))


def _concurrent(url, openers, max_requests, seconds):
    latencies, errors, lock = [], [], threading.Lock()
    deadline = time.monotonic() + seconds
    issued = [0]

    def client(opener):
        while time.monotonic() < deadline:
            with lock:
                if issued[0] >= max_requests:
                    return
                issued[0] += 1
            try:
                elapsed = _get(opener, url)
            except Exception as error:  # noqa: BLE001 (counted, reported)
                with lock:
                    errors.append(error)
                continue
            with lock:
                latencies.append(elapsed)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(opener,)) for opener in openers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if not latencies:
        return {"rps": 0.0, "p50": None, "p95": None, "n": 0, "errors": len(errors)}
    latencies.sort()
    return {
        "rps": len(latencies) / wall,
        "p50": statistics.median(latencies),
        "p95": latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))],
        "n": len(latencies),
        "errors": len(errors),
    }


def _import_rows(count):
    command = [sys.executable, str(BASE_DIR / "scripts" / "bench_import.py"), "--rows", str(count)]
    command += ["--postgres", "postgres://postgres@127.0.0.1:5432/postgres"]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=BASE_DIR, capture_output=True, text=True, env=_clean_env())
    total = time.perf_counter() - started
    if result.returncode != 0:
        print(result.stdout, result.stderr, file=sys.stderr)
        return [(f"import {count:,} rows: failed (exit {result.returncode})", None)]
    rows = []
    for line in result.stdout.splitlines():
        match = re.match(r"\s+(\S.*?)\s+([\d.]+)s\s+([\d.]+)s$", line)
        if match:
            rows.append((f"import {count:,}: {match[1]}", float(match[2])))
    return [*rows, (f"import {count:,}: whole script (incl. scratch db)", total)]


def _clean_env():
    """The import script makes its own database and settings: none of the server's."""
    return {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MEDIA_ROOT", *SERVER_ENV)}


def _pdf_rows(user, runs, floor):
    """Each summary three ways: ours printed afresh, ours asked again with unchanged data (the stored
    PDF is served), and the same snapshot in a plain WeasyPrint template (the naive alternative)."""
    from danvan.models import AdministrativeUnit, Era, Organization, OrganizationKind
    from reports.models import Report
    from reports.periods import parse_period
    from reports.services import ReportRequest, issue_report

    province = AdministrativeUnit.objects.get(era=Era.PRE_2025, code="08")
    boards = Organization.objects.filter(kind=OrganizationKind.MASS_MOBILIZATION_BOARD, path__startswith=province.path)
    district_board = boards.filter(unit__level="district").order_by("path").first()
    province_board = boards.filter(unit=province).order_by("pk").first()
    for label, board in [("district", district_board), ("province", province_board)]:
        if board is None:
            _print_extra([(f"{label} summary PDF: no board", None)], floor)
            continue
        request = ReportRequest(kind="movement-summary", organization=board, user=user, period=parse_period("2023"))
        fresh, again, plain = [], [], []
        for _ in range(max(1, runs)):
            # The same data would be served from the report issued before: start afresh each time.
            Report.objects.filter(organization=board, kind="movement-summary", requested_by=user).delete()
            fresh.append(_timed_call(issue_report, request, in_background=False))
            again.append(_timed_call(issue_report, request, in_background=False))
            report = Report.objects.filter(organization=board, kind="movement-summary", requested_by=user).get()
            plain.append(_timed_call(_plain_weasyprint, report.snapshot))
        rows = report.row_count
        _print_extra(
            [
                (f"{label} summary PDF 2023, {rows} rows", fresh),
                ("  same request, data unchanged (stored PDF)", again),
                ("  plain WeasyPrint template, same data", plain),
            ],
            floor,
        )
        print(f"  {label}: ours afresh ÷ plain = {statistics.median(fresh) / statistics.median(plain):.2f}", flush=True)


def _timed_call(function, *args, **kwargs):
    started = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - started


PLAIN_SUMMARY = BASE_DIR / "scripts" / "plain_summary.html"


def _plain_weasyprint(snapshot):
    """What a developer without care would write: one template, default fonts and layout."""
    from django.template import Context, Template
    from weasyprint import HTML

    return HTML(string=Template(PLAIN_SUMMARY.read_text()).render(Context(snapshot))).write_pdf()


# -- output ---------------------------------------------------------------------------------


def _ms(seconds):
    return "—" if seconds is None else f"{seconds * 1000:,.0f}"


def _print_table(pages, rows):
    floor = next(rows[label]["median"] for label, _url in pages if label.startswith("floor:"))
    header = (
        f"{'page':<46} {'median ms':>9} {'min':>6} {'max':>6} {'× floor':>8} {'queries':>7} "
        f"{'10c req/s':>9} {'p50 ms':>7} {'p95 ms':>7} {'n/err':>7}"
    )
    print()
    print(header)
    print("-" * len(header))
    for label, _url in pages:
        row = rows[label]
        print(
            f"{label[:46]:<46} {_ms(row['median']):>9} {_ms(row['min']):>6} {_ms(row['max']):>6} "
            f"{row['median'] / floor:>7.1f}× {row['queries']:>7} {row['rps']:>9.1f} {_ms(row['p50']):>7} "
            f"{_ms(row['p95']):>7} {row['n']:>4}/{row['errors']:<2}",
            flush=True,
        )
    return floor


def _print_extra(extra, floor):
    for label, value in extra:
        if value is None:
            print(f"{label[:46]:<46} {'not measured':>9}", flush=True)
        elif isinstance(value, list):
            print(
                f"{label[:46]:<46} {_ms(statistics.median(value)):>9} {_ms(min(value)):>6} {_ms(max(value)):>6} "
                f"{statistics.median(value) / floor:>7.0f}×",
                flush=True,
            )
        else:
            print(f"{label[:46]:<46} {_ms(value):>9} {'':>6} {'':>6} {value / floor:>7.0f}×", flush=True)


if __name__ == "__main__":
    main()
