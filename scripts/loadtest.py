"""Load test: concurrent users browse and save against a running portal, then check nothing was lost.

Usage (see `make loadtest`): python scripts/loadtest.py --base http://127.0.0.1:8001 --users 20 --seconds 120
Only loopback addresses are accepted. Every user logs in as one of the demo
district staff, opens list and detail pages, and reports progress on a
directive of its district; afterwards the number of saved progress updates
must equal the number of successful saves.
"""

import argparse
import http.cookiejar
import os
import re
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")

PASSWORD = "Tai-khoan-tai-thu-2024!"
PAGES = ["/", "/conferences/", "/registry/", "/conferences/directives/", "/registry/statistics/"]


def prepare(users: int) -> list[tuple[str, int, int]]:
    """Give each load-test user a password and a directive it may report on."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from conferences.models import Directive
    from danvan.scoping import current_memberships

    accounts = []
    staff = [
        u
        for u in get_user_model().objects.filter(username__startswith="huyen.")
        if Directive.objects.editable_by(u).exists()
    ]
    for index in range(users):
        user = staff[index % len(staff)]
        user.set_password(PASSWORD)
        user.save()
        directive = Directive.objects.editable_by(user).first()
        organization = current_memberships(user)[0].organization
        accounts.append((user.username, directive.pk, organization.pk))
    return accounts


class Browser:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path: str, data: dict) -> int:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get(path)).group(1)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        with self.opener.open(request, timeout=30) as response:
            return response.status


def run_user(base, account, deadline, stats, lock):
    username, directive_pk, _organization_pk = account
    browser = Browser(base)
    browser.post("/accounts/login/", {"username": username, "password": PASSWORD})
    while time.monotonic() < deadline:
        for path in PAGES + [f"/conferences/directives/{directive_pk}/"]:
            started = time.monotonic()
            try:
                browser.get(path)
                outcome = "ok"
            except (urllib.error.URLError, TimeoutError):
                outcome = "error"
            with lock:
                stats["latencies"].append(time.monotonic() - started)
                stats[outcome] += 1
        try:
            form = browser.get(f"/conferences/directives/{directive_pk}/")
            organization = re.search(r'name="organization"[^>]*>\s*<option value="(\d+)"', form)
            organization = organization or re.search(
                r'<option value="(\d+)"[^>]*>', form.split('name="organization"', 1)[1]
            )
            browser.post(
                f"/conferences/directives/{directive_pk}/",
                {
                    "reported_on": time.strftime("%d/%m/%Y"),
                    "organization": organization.group(1),
                    "text": f"Tiến độ từ {username}",
                    "status": "in_progress",
                },
            )
            with lock:
                stats["saves"] += 1
        except (urllib.error.URLError, TimeoutError, AttributeError):
            with lock:
                stats["error"] += 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8001")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=120)
    args = parser.parse_args()
    if urllib.parse.urlsplit(args.base).hostname not in {"127.0.0.1", "localhost", "::1"}:
        sys.exit("The load test only targets this machine (loopback).")
    accounts = prepare(args.users)
    from conferences.models import DirectiveUpdate

    before = DirectiveUpdate.objects.count()
    stats, lock = {"ok": 0, "error": 0, "saves": 0, "latencies": []}, threading.Lock()
    deadline = time.monotonic() + args.seconds
    threads = [threading.Thread(target=run_user, args=(args.base, a, deadline, stats, lock)) for a in accounts]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    saved = DirectiveUpdate.objects.count() - before
    latencies = sorted(stats["latencies"])
    print(
        f"users {args.users}, {elapsed:.0f} s: {stats['ok']} page views ({stats['ok'] / elapsed:.1f}/s), "
        f"p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms, "
        f"{stats['error']} errors, {stats['saves']} saves sent, {saved} saved"
    )
    sys.exit(0 if stats["error"] == 0 and saved == stats["saves"] else 1)


if __name__ == "__main__":
    main()
