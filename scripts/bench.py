"""Page timings against gunicorn on loopback, side by side in one run, on the scale database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench .venv/bin/python scripts/bench.py

`make bench` prepares the database (migrate, load_units --province 08, generate_scale_data
--scale province when missing) and runs this. The script starts gunicorn on 127.0.0.1:8002
(DEBUG=0, plain HTTP, the embedded per-process cache), logs in a superuser, then prints:

- a table of pages: median, min and max of --runs sequential requests, the pages interleaved round
  by round so that every row sees the same machine load, and the median as a multiple of the
  floor: a trivial logged-in view rendering the base template on the same stack
  (scripts/bench_urls.py); /healthz, which skips session and login, is shown too. Beside it the
  SQL query count (in-process, CaptureQueriesContext), and under --clients concurrent clients
  (threads, urllib, one cookie jar each; --rounds bursts per page taken turn about with the other
  pages and the floor, bounded by --max-requests and --seconds per page): throughput, p50 and p95,
  the p95 as a multiple of the floor's p95. Each ratio stands beside its target and met/MISSED;
- where each page's time goes, in-process with the test client: SQL, ORM (rows to objects), forms
  (filter sets, validation, widgets), template and the rest (see `_profile`), and the follow-up's
  first request with an empty cache;
- the follow-up page with --cache-workers gunicorn workers sharing one cache (CACHE_URL=--cache-url,
  Redis), beside the floor on that server, unless --skip-cache;
- the import of 10,000 rows (scripts/bench_import.py, its own scratch database) and the
  district/province summary PDF (issue_report in-process), unless skipped;
- at the end, one table with every target of issue 17 and what this run measured for it.

The machine is shared: read the ratios of one run, and the load average printed with them.
"""

import argparse
import contextlib
import http.cookiejar
import io
import os
import re
import secrets
import socket
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
FOLLOW_UP_URL = "/conferences/directives/"
# Kinds of page rows. The targets of issue 17: under --clients concurrent clients, each page's p95 at most
# 4× the floor's p95 in the same run; sequentially, its median at most 4× the floor's for a list, 3× for
# a dashboard or a detail page. The references (/healthz, the admin) have none.
REFERENCE, FLOOR, LIST, DETAIL = "reference", "floor", "list", "page"
MEDIAN_TARGET = {LIST: 4.0, DETAIL: 3.0}
P95_TARGET = 4.0


def main() -> None:
    global PORT  # noqa: PLW0603 (--port: one setting for every request of the run)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="sequential requests per page (default 7)")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--max-requests", type=int, default=200, help="per page under concurrency")
    parser.add_argument("--seconds", type=float, default=10.0, help="per page under concurrency")
    parser.add_argument(
        "--rounds", type=int, default=5, help="concurrent bursts per page, taken turn about with the other pages"
    )
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "2")))
    parser.add_argument("--port", type=int, default=PORT, help=f"of the gunicorn started on {HOST} (default {PORT})")
    parser.add_argument(
        "--profile-runs", type=int, default=5, help="in-process requests per page for the split (0: none)"
    )
    parser.add_argument("--cache-url", default=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/13"))
    parser.add_argument("--cache-workers", type=int, default=4)
    parser.add_argument("--skip-cache", action="store_true", help="no run with the shared cache")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--skip-pdf", action="store_true")
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--pdf-runs", type=int, default=3, help="PDFs per summary (a province one takes minutes)")
    args = parser.parse_args()
    PORT = args.port
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to the bench database, e.g. postgres://postgres@127.0.0.1:5432/danvan_bench")
    os.environ.update(SERVER_ENV)
    os.environ.pop("CACHE_URL", None)  # the page rows run on the embedded default; the shared cache has its own row
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="danvan-bench-media-")
    # The portal's settings plus one URL, the trivial logged-in page (scripts/bench_urls.py).
    os.environ["DJANGO_SETTINGS_MODULE"] = "scripts.bench_settings"
    import django

    django.setup()
    password = secrets.token_urlsafe(16)
    user = _superuser(password)
    pages = _pages()
    print(f"Load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; gunicorn --workers {args.workers}.")
    rows = {label: {"queries": _query_count(user, url)} for label, url, _kind in pages}
    if args.profile_runs:
        for label, url, _kind in pages:
            rows[label]["split"] = _profile(user, url, args.profile_runs)
        rows["first"] = _profile(user, FOLLOW_UP_URL, args.profile_runs, empty_cache=True)

    server = _start_gunicorn(args.workers)
    try:
        openers = [_login(password) for _ in range(args.clients)]
        _sequential(pages, openers[0], args.runs, rows)
        _concurrent_rounds(pages, openers, args, rows)
    finally:
        _stop(server)

    # The page rows first: the import and the PDFs take minutes at province scale.
    floor = _print_table(pages, rows, args.clients)
    if args.profile_runs:
        _print_split(pages, rows, args.profile_runs)
    if not args.skip_cache:
        _shared_cache_rows(password, args)
    if args.skip_import:
        _print_extra([("import 10,000 rows", None)], floor)
    else:
        imported = _import_rows(args.import_rows)
        _print_extra(imported, floor)
        _import_targets(imported)
    if args.skip_pdf:
        _print_extra([("district summary PDF", None), ("province summary PDF", None)], floor)
    else:
        printed = _Tee(sys.stdout)
        with contextlib.redirect_stdout(printed):
            _pdf_rows(user, args.pdf_runs, floor)
        _pdf_targets(printed.getvalue())
    print(f"\nfloor = trivial logged-in page, median {floor * 1000:.1f} ms; ms are wall times on loopback.")
    _print_targets(skipped={"import": args.skip_import, "pdf": args.skip_pdf, "cache": args.skip_cache})


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
    # The kind sets the median's target: a list may take 4× the floor, a dashboard or a detail page 3×.
    return [
        ("/healthz (no session, one SELECT 1)", "/healthz", REFERENCE),
        ("floor: trivial logged-in page", "/bench/trivial/", FLOOR),
        ("registry list ?field&level_reached=district", f"/registry/?field={field.pk}&level_reached=district", LIST),
        (
            "admin changelist, same filter",
            f"/admin/models_registry/emulationmodel/?field__id__exact={field.pk}&level_reached__exact=district",
            REFERENCE,
        ),
        ("registry review queue", "/registry/queue/", LIST),
        ("registry model detail", f"/registry/{model.pk}/", DETAIL),
        ("conference list", "/conferences/", LIST),
        (f"conference detail ({conference.attendees.count()} attendees)", f"/conferences/{conference.pk}/", DETAIL),
        ("dashboard /reports/", "/reports/", DETAIL),
        ("dashboard, province board 2023", f"/reports/?organization={board.pk}&period=2023", DETAIL),
        # Three paged lists of directives under the completion figures: a list page.
        ("directive follow-up", FOLLOW_UP_URL, LIST),
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


def _start_gunicorn(workers, **env):
    gunicorn = BASE_DIR / ".venv" / "bin" / "gunicorn"
    command = [str(gunicorn) if gunicorn.exists() else "gunicorn", "danvan.wsgi", "--bind", f"{HOST}:{PORT}"]
    command += ["--workers", str(workers), "--error-logfile", "-", "--log-level", "warning"]
    with socket.socket() as probe:
        if probe.connect_ex((HOST, PORT)) == 0:
            sys.exit(f"Something already listens on {HOST}:{PORT}: another bench? Pass --port.")
    server = subprocess.Popen(command, cwd=BASE_DIR, env={**os.environ, **env})
    deadline = time.monotonic() + 120  # a loaded 2-core machine starts 4 workers slowly
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise ServerDidNotStart(f"gunicorn exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{PORT}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    _stop(server)
    raise ServerDidNotStart("gunicorn did not answer /healthz within 120 s")


class ServerDidNotStart(Exception):
    pass


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


def _stop(server):
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def _sequential(pages, opener, runs, rows):
    timings = {label: [] for label, _url, _kind in pages}
    for _label, url, _kind in pages:
        _get(opener, url)  # warm-up: each worker's first request pays for imports
    for _ in range(runs):
        for label, url, _kind in pages:
            timings[label].append(_get(opener, url))
    for label, values in timings.items():
        rows[label].update(median=statistics.median(values), min=min(values), max=max(values))


def _concurrent_rounds(pages, openers, args, rows):
    """Every page under `--clients` clients, in `--rounds` bursts taken turn about with the other pages (the
    floor's among them): a page and the floor see the same load from the rest of the machine."""
    rounds = max(1, args.rounds)
    bursts = {label: [] for label, _url, _kind in pages}
    for _ in range(rounds):
        for label, url, _kind in pages:
            bursts[label].append(_concurrent(url, openers, args.max_requests // rounds, args.seconds / rounds))
    for label, results in bursts.items():
        rows[label].update(_pooled(results))


def _pooled(bursts):
    latencies = sorted(latency for burst in bursts for latency in burst["latencies"])
    errors = sum(burst["errors"] for burst in bursts)
    wall = sum(burst["wall"] for burst in bursts)
    if not latencies:
        return {"rps": 0.0, "p50": None, "p95": None, "n": 0, "errors": errors}
    return {
        "rps": len(latencies) / wall,
        "p50": statistics.median(latencies),
        "p95": latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))],
        "n": len(latencies),
        "errors": errors,
    }


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
    return {"latencies": latencies, "errors": len(errors), "wall": time.perf_counter() - started}


class _Split:
    """Exclusive wall time per part of a request: the time of an inner part is not counted in the outer one."""

    def __init__(self):
        self.totals, self.stack = {}, []

    def wrap(self, part, function):
        def timed(*args, **kwargs):
            self._switch(part)
            try:
                return function(*args, **kwargs)
            finally:
                self._back()

        return timed

    def _switch(self, part):
        now = time.perf_counter()
        if self.stack:
            outer = self.stack[-1]
            self.totals[outer[0]] = self.totals.get(outer[0], 0.0) + now - outer[1]
        self.stack.append([part, now])

    def _back(self):
        now = time.perf_counter()
        part, since = self.stack.pop()
        self.totals[part] = self.totals.get(part, 0.0) + now - since
        if self.stack:
            self.stack[-1][1] = now


PROFILE_PARTS = ("sql", "orm", "forms", "template")


def _profile(user, url, runs, *, empty_cache=False):
    """Where one page's time goes, in-process with the test client: the median of `runs` requests of
    SQL (cursor execute and fetch), ORM (rows to objects, beyond SQL), forms (form and filter set
    building, validation, widgets), template (rendering, beyond all of these) and the rest (view code,
    middleware, session). Each part counts its own time only: SQL run while rendering is SQL.
    With `empty_cache`, each request finds the cache empty, as the first one after a change does."""
    from django import forms
    from django.core.cache import cache
    from django.db import connection
    from django.db.models.query import QuerySet
    from django.forms.boundfield import BoundField
    from django.template.base import Template
    from django.test import Client

    client = Client(SERVER_NAME=HOST)
    client.force_login(user)
    client.get(url)  # warm, as for the query count
    patched = [
        (Template, "render", "template"),
        (QuerySet, "_fetch_all", "orm"),
        (forms.BaseForm, "__init__", "forms"),
        (forms.BaseForm, "full_clean", "forms"),
        (BoundField, "as_widget", "forms"),
    ]
    originals = [(owner, name, owner.__dict__[name]) for owner, name, _part in patched]
    samples = []
    try:
        for _ in range(runs):
            split = _Split()
            for owner, name, part in patched:
                setattr(owner, name, split.wrap(part, owner.__dict__[name]))

            def sql(execute, *args, split=split):
                return split.wrap("sql", execute)(*args)

            if empty_cache:
                cache.clear()
            split._switch("rest")
            with connection.execute_wrapper(sql):
                client.get(url)
            split._back()
            for owner, name, original in originals:
                setattr(owner, name, original)
            samples.append(split.totals)
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)
    return {part: statistics.median(sample.get(part, 0.0) for sample in samples) for part in (*PROFILE_PARTS, "rest")}


def _shared_cache_rows(password, args):
    """The follow-up with --cache-workers gunicorn workers sharing one cache (CACHE_URL, Redis), beside the floor
    on the same server: its figures are computed once for all workers instead of once per worker."""
    label = f"directive follow-up, {args.cache_workers} workers, CACHE_URL"
    try:
        import redis

        redis.Redis.from_url(args.cache_url, socket_timeout=2).ping()
    except Exception as error:  # noqa: BLE001 (reported: the row is then not measured)
        print(f"\n{label}: no cache answers at {args.cache_url} ({error}): not measured", flush=True)
        return
    pages = [("floor, same server", "/bench/trivial/", FLOOR), (label, FOLLOW_UP_URL, LIST)]
    rows = {page_label: {} for page_label, _url, _kind in pages}
    try:
        server = _start_gunicorn(args.cache_workers, CACHE_URL=args.cache_url)
    except ServerDidNotStart as error:
        print(f"\n{label}: {error}: not measured", flush=True)
        return
    try:
        openers = [_login(password) for _ in range(args.clients)]
        _sequential(pages, openers[0], args.runs, rows)
        _concurrent_rounds(pages, openers, args, rows)
    finally:
        _stop(server)
    floor, follow_up = rows["floor, same server"], rows[label]
    print(f"\nShared cache {args.cache_url}, gunicorn --workers {args.cache_workers}, {args.clients} clients:")
    for page_label, row in rows.items():
        print(
            f"  {page_label:<44} median {_ms(row['median']):>5} ms  p50 {_ms(row['p50']):>5}"
            f"  p95 {_ms(row['p95']):>5} ms  {row['rps']:6.1f} req/s  {row['n']}/{row['errors']}",
            flush=True,
        )
    if follow_up["p95"] and floor["p95"]:
        _target("cache-p95", follow_up["p95"] / floor["p95"], f"{_ms(follow_up['p95'])} ms")


def _import_targets(imported):
    """The import's targets, from its timed rows: ours (preview + confirm) against the raw bulk insert and
    against a plain ModelResource."""

    def seconds(words):
        return next((value for label, value in imported if value and words in label), None)

    ours, floor, plain = seconds("preview + confirm"), seconds("bulk insert"), seconds("ModelResource")
    if ours and floor:
        _target("import-floor", ours / floor, f"{ours:.2f} s ÷ {floor:.2f} s")
    if ours and plain:
        _target("import-plain", plain / ours, f"{plain:.2f} s ÷ {ours:.2f} s")


# -- targets --------------------------------------------------------------------------------

# Every target of issue 17, in its order: (key, what, comparison, limit, section). A section of the run
# reports its measure with `_target(key, measured)`; `_print_targets` prints them all at the end.
TARGETS = [
    ("pdf-district", "district summary PDF afresh ÷ plain template", "≤", 0.45, "pdf"),
    ("pdf-province", "province summary PDF afresh ÷ plain template", "≤", 0.5, "pdf"),
    ("pdf-reprint", "PDF reprint after one changed model ÷ afresh", "≤", 0.25, "pdf"),
    ("pdf-text", "PDF text (pdftotext) as today's", "=", True, "pdf"),
    ("page-p95", "p95 at 10 clients ÷ floor's p95, every page", "≤", P95_TARGET, "pages"),
    ("list-median", "median ÷ floor's median, lists", "≤", MEDIAN_TARGET[LIST], "pages"),
    ("detail-median", "median ÷ floor's median, dashboards and details", "≤", MEDIAN_TARGET[DETAIL], "pages"),
    ("admin", "registry list ÷ admin changelist, same filter", "<", 1.0, "pages"),
    ("cache-p95", "follow-up p95, 4 workers, Redis ÷ floor's p95", "≤", P95_TARGET, "cache"),
    ("import-floor", "import preview + confirm ÷ raw bulk insert", "≤", 2.0, "import"),
    ("import-plain", "plain ModelResource ÷ our import (× faster)", "≥", 5.0, "import"),
    ("nation", "nation scale: same queries, medians < 2× province", "", None, "closing note"),
]
MEASURED = {}


def _target(key, measured, note=""):
    """Record the measure of one of TARGETS (a ratio; True/False for an equality), with a short note."""
    MEASURED[key] = (measured, note)


class _Tee(io.StringIO):
    """Writes through to `stream` and keeps a copy."""

    def __init__(self, stream):
        super().__init__()
        self.stream = stream

    def write(self, text):
        self.stream.write(text)
        return super().write(text)

    def flush(self):
        self.stream.flush()


PDF_RATIO = r"\s(\d+\.\d+)\s+≤"


def _pdf_targets(printed):
    """The PDF rows print their own target lines (see `_pdf_rows`): read back into the targets table."""
    for line in printed.splitlines():
        if match := re.match(rf"(district|province) summary fresh ÷ plain template\s.*?{PDF_RATIO}", line):
            _target(f"pdf-{match[1]}", float(match[2]))
        elif match := re.match(rf"(district|province) summary reprint, one model changed\s.*?{PDF_RATIO}", line):
            if float(match[2]) > MEASURED.get("pdf-reprint", (-1,))[0]:
                _target("pdf-reprint", float(match[2]), f"worst: {match[1]}")
        elif "pdftotext" in line and ("identical" in line or "differs" in line):
            _target("pdf-text", "identical" in line, "district summary")


def _met(comparison, measured, limit):
    if comparison == "=":
        return measured == limit
    return {"≤": measured <= limit, "<": measured < limit, "≥": measured >= limit}[comparison]


def _print_targets(skipped):
    header = f"{'target (issue 17)':<52} {'limit':>9} {'measured':>9}  {'':<6}  note"
    print(f"\nTargets, one run (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    print(header)
    print("-" * len(header))
    for key, what, comparison, limit, section in TARGETS:
        limit_text = "" if limit is None else ("identical" if limit is True else f"{comparison} {limit:g}")
        if key in MEASURED:
            measured, note = MEASURED[key]
            shown = ("yes" if measured else "no") if isinstance(measured, bool) else f"{measured:.2f}"
            verdict = "met" if _met(comparison, measured, limit) else "MISSED"
        else:
            shown, verdict = "—", ""
            if skipped.get(section):
                note = f"not run (--skip-{section})"
            elif section == "closing note":
                note = "reported once in the closing note, not by every run"
            else:
                note = "not measured in this run: see the lines above"
        print(f"{what[:52]:<52} {limit_text:>9} {shown:>9}  {verdict:<6}  {note}", flush=True)


def _print_split(pages, rows, runs):
    columns = ("SQL", "ORM", "forms", "tmpl", "rest", "sum")
    header = f"{'where the time goes, in-process (ms)':<46} " + " ".join(f"{column:>6}" for column in columns)
    print(f"\n{header}  (median of {runs} requests with the test client)")
    print("-" * len(header))
    for label, _url, _kind in pages:
        split = rows[label]["split"]
        parts = [split[part] for part in (*PROFILE_PARTS, "rest")]
        print(f"{label[:46]:<46} " + " ".join(f"{value * 1000:6.1f}" for value in parts) + f" {sum(parts) * 1000:6.1f}")
    if "first" in rows:
        parts = [rows["first"][part] for part in (*PROFILE_PARTS, "rest")]
        label = "directive follow-up, first request (empty cache)"
        print(f"{label[:46]:<46} " + " ".join(f"{value * 1000:6.1f}" for value in parts) + f" {sum(parts) * 1000:6.1f}")


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
    """Each summary printed afresh (its sections in parallel, none cached), asked again with unchanged
    data (the stored PDF is served), reprinted after one of its models changed (only that section is
    printed; the change is rolled back), and the same snapshot in a plain WeasyPrint template (the
    naive alternative). Then one line per target of issue 17, from this same run."""
    import secrets

    from danvan import pdf
    from danvan.models import AdministrativeUnit, Era, Organization, OrganizationKind
    from reports.models import Report
    from reports.periods import parse_period
    from reports.services import ReportRequest, issue_report

    province = AdministrativeUnit.objects.get(era=Era.PRE_2025, code="08")
    boards = Organization.objects.filter(kind=OrganizationKind.MASS_MOBILIZATION_BOARD, path__startswith=province.path)
    district_board = boards.filter(unit__level="district").order_by("path").first()
    province_board = boards.filter(unit=province).order_by("pk").first()
    targets, same = [], None
    for label, board, target in [("district", district_board, 0.45), ("province", province_board, 0.5)]:
        if board is None:
            _print_extra([(f"{label} summary PDF: no board", None)], floor)
            continue
        request = ReportRequest(kind="movement-summary", organization=board, user=user, period=parse_period("2023"))
        fresh, again, changed, plain = [], [], [], []
        for _ in range(max(1, runs)):
            # The same data would be served from the report issued before, and its sections from the
            # cache: start afresh each time (a new cache prefix, so as not to empty a shared cache).
            Report.objects.filter(organization=board, kind="movement-summary", requested_by=user).delete()
            pdf.SECTION_CACHE_PREFIX = f"pdf-section-bench-{secrets.token_hex(4)}"
            fresh.append(_timed_call(issue_report, request, in_background=False))
            again.append(_timed_call(issue_report, request, in_background=False))
            report = Report.objects.filter(organization=board, kind="movement-summary", requested_by=user).get()
            changed.append(_reprint_after_one_change(request) or float("nan"))
            plain.append(_timed_call(_plain_weasyprint, report.snapshot))
        rows = report.row_count
        _print_extra(
            [
                (f"{label} summary PDF 2023, {rows} rows", fresh),
                ("  same request, data unchanged (stored PDF)", again),
                ("  reprint after one model changed", changed),
                ("  plain WeasyPrint template, same data", plain),
            ],
            floor,
        )
        fresh_s, plain_s, changed_s = (statistics.median(times) for times in (fresh, plain, changed))
        targets.append((f"{label} summary fresh ÷ plain template", fresh_s, plain_s, target))
        targets.append((f"{label} summary reprint, one model changed ÷ fresh", changed_s, fresh_s, 0.25))
        if label == "district":
            same = _same_text_as_one_pass(report.snapshot)
    print(f"\nPDF targets (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs):")
    print(f"{'target':<52} {'measured':>9} {'against':>9} {'ratio':>6} {'target':>7}")
    for name, measured, reference, target in targets:
        ratio = measured / reference
        verdict = "met" if ratio <= target else "missed"
        print(
            f"{name:<52} {_ms(measured):>7}ms {_ms(reference):>7}ms {ratio:>6.2f} {'≤ ' + str(target):>7} {verdict}",
            flush=True,
        )
    if same is not None:
        name, measured = "district summary: pdftotext of sections = one pass", "identical" if same else "differs"
        print(f"{name:<52} {measured:>9} {'met' if same else 'missed':>34}", flush=True)


def _reprint_after_one_change(request):
    """Rename one model of the report's annex, issue the report again, time it; then roll back."""
    from django.db import transaction

    from danvan.scoping import subtree_paths, subtree_q
    from models_registry.models import EmulationModel
    from reports.services import issue_report

    period = request.period
    model = (
        EmulationModel.objects.filter(
            subtree_q("registering_organization__path", subtree_paths(request.organization)),
            recognitions__decided_on__range=(period.start, period.end),
        )
        .order_by("pk")
        .first()
    )
    if model is None:
        return None
    with transaction.atomic():
        EmulationModel.objects.filter(pk=model.pk).update(name=f"{model.name} (đổi tên)")
        started = time.perf_counter()
        reprint = issue_report(request, in_background=False)
        seconds = time.perf_counter() - started
        renamed = any("(đổi tên)" in row["name"] for row in reprint.snapshot["data"]["annex"])
        transaction.set_rollback(True)
    return seconds if renamed else None


def _same_text_as_one_pass(snapshot):
    """pdftotext of the sectioned PDF and of the whole HTML printed in one pass, compared."""
    from django.utils import translation

    from danvan.pdf import render_to_pdf
    from reports.kinds import KINDS
    from reports.services import pdf_context, render_pdf_in_sections

    with translation.override("vi"):
        one_pass = render_to_pdf(KINDS["movement-summary"].template, pdf_context("movement-summary", snapshot))
    sectioned = render_pdf_in_sections("movement-summary", snapshot).pdf
    texts = [
        subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
        for pdf in (one_pass, sectioned)
    ]
    return texts[0] == texts[1]


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


def _print_table(pages, rows, clients):
    """The page rows; beside each, its median and its p95 at `clients` clients as multiples of the floor's, against
    their targets. Returns the floor's median (the unit of the rows after)."""
    floor = next(rows[label] for label, _url, kind in pages if kind == FLOOR)
    header = (
        f"{'page':<44} {'median':>6} {'min':>5} {'max':>5} {'× floor':>7} {'target':>10} {'queries':>7} "
        f"{f'{clients}c req/s':>9} {'p50':>5} {'p95':>5} {'× floor':>7} {'target':>10} {'n/err':>7}"
    )
    print("\nPage timings, ms (median, min, max of sequential requests; p50, p95 under concurrent clients)")
    print(header)
    print("-" * len(header))
    worst = {}
    for label, _url, kind in pages:
        row = rows[label]
        median_ratio, p95_ratio = row["median"] / floor["median"], _ratio(row["p95"], floor["p95"])
        median_target = _verdict(median_ratio, MEDIAN_TARGET.get(kind))
        p95_target = _verdict(p95_ratio, P95_TARGET if kind in (LIST, DETAIL) else None)
        print(
            f"{label[:44]:<44} {_ms(row['median']):>6} {_ms(row['min']):>5} {_ms(row['max']):>5} "
            f"{median_ratio:>6.1f}× {median_target:>10} {row['queries']:>7} {row['rps']:>9.1f} {_ms(row['p50']):>5} "
            f"{_ms(row['p95']):>5} {_x(p95_ratio):>7} {p95_target:>10} {row['n']:>4}/{row['errors']:<2}",
            flush=True,
        )
        if kind in (LIST, DETAIL):
            median_key = "list-median" if kind == LIST else "detail-median"
            for key, ratio in (("page-p95", p95_ratio), (median_key, median_ratio)):
                if ratio is not None and (key not in worst or ratio > worst[key][0]):
                    worst[key] = (ratio, label)
    for key, (ratio, label) in worst.items():
        _target(key, ratio, f"worst: {label}")
    admin = next((rows[label] for label, _url, _kind in pages if label.startswith("admin changelist")), None)
    registry = next((rows[label] for label, _url, _kind in pages if label.startswith("registry list")), None)
    if admin and registry:
        _target("admin", registry["median"] / admin["median"], "medians")
    return floor["median"]


def _ratio(value, floor):
    return None if value is None or not floor else value / floor


def _x(ratio):
    return "—" if ratio is None else f"{ratio:.1f}×"


def _verdict(ratio, limit):
    if limit is None or ratio is None:
        return ""
    return f"≤{limit:g} {'met' if ratio <= limit else 'MISSED'}"


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
