"""`make bench`: every page a coordinator, a guide or a participant uses, measured on the
benchmark data set (`manage.py seed_bench`) and, in the same run, on the demo data set, plus load
through gunicorn + wrk and the engine, reminder and report benchmarks (bench/*.py).

Prints one JSON line per measurement and writes them all to bench/results/latest.json.

    .venv/bin/python bench/run.py --database-url postgres://.../peerplatform_bench \\
        --demo-database-url postgres://.../peerplatform_bench_demo

Pages (through Django's test client, one request at a time): the admin index; every admin
changelist and one change page of every model in `admin.site._registry` (so a new admin page is
measured without touching this file); the batch proposal; every report page and its CSV/XLSX
export, the funder figures and the evaluation export; the guide's dashboard and match page; every
public page without parameters. Each page: status, bytes, query count, and the median and p95 of
`--requests` requests after one warm-up (fewer when a page exceeds `--page-budget` seconds; the
line says how many), beside the same run's floor (`/healthz/`). The two data sets are measured
by two processes taking turns on each page, five requests at a time, so that a page's time on
the benchmark data and on the demo data are taken under the same conditions.

Load: gunicorn with 2 workers (DEBUG off) and wrk (Debian's `wrk`), `--load-seconds` per page and
`--connections` connections, logged in as the Odense coordinator or the bench guide: p50, p95,
p99 and errors.
"""

from __future__ import annotations

import argparse
import base64
import gc
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
COORDINATOR = "koordinator@p2p-odense.test"
LOAD_PAGES = [  # (who, name, url name or path) measured under load
    ("none", "floor /healthz/", "/healthz/"),
    ("coordinator", "admin index", "/admin/"),
    ("coordinator", "matches list", "/admin/matching/match/"),
    ("coordinator", "guides list", "/admin/volunteers/peerguide/"),
    ("coordinator", "meetings list", "/admin/matching/meeting/"),
    ("coordinator", "report overview", "/rapporter/"),
    ("guide", "guide dashboard", "/dashboard/"),
    ("none", "public front page", "/"),
]


# --- Pages through the test client (run in a child process per database) --------------------


def _setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerplatform.settings")
    import django

    django.setup()


def _logged_in_client(user):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    if user.is_staff:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def _people():
    from django.db.models import Count, Q

    from core.models import User
    from volunteers.models import PeerGuide

    coordinator = User.objects.get(email=COORDINATOR)
    organisation = coordinator.memberships.get().organisation_id
    guide = (
        PeerGuide.objects.filter(organisation_id=organisation, status="active")
        .annotate(n=Count("matches", filter=Q(matches__status__in=["active", "paused"])))
        .order_by("-n", "pk")
        .select_related("user")
        .first()
    )
    return coordinator, organisation, guide


def _heavy_object(model, queryset):
    """The object whose page is the heaviest we know of (most meetings, most enrollments, a
    waiting request with suggestions), else the first one the coordinator sees."""
    from django.db.models import Count

    label = model._meta.label
    if label == "matching.Match":
        from matching.models import Meeting

        row = (
            Meeting.objects.filter(match__in=queryset.values("pk"))
            .values("match_id")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .first()
        )
        return row and row["match_id"]
    if label == "courses.Cohort":
        from courses.models import Enrollment

        row = (
            Enrollment.objects.filter(cohort__in=queryset.values("pk"))
            .values("cohort_id")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .first()
        )
        return row and row["cohort_id"]
    if label == "matching.SupportRequest":
        waiting = queryset.filter(status="waiting").order_by("pk").values_list("pk", flat=True)
        return waiting.first()
    return queryset.order_by("pk").values_list("pk", flat=True).first()


def _public_urls():
    from django.urls import URLPattern, URLResolver, get_resolver

    skip = ("admin/", "konto/", "i18n/", "dashboard/", "rapporter/", "healthz/", "static/")
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if any(c in route for c in "<(^$\\"):
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and not route.startswith(skip):
                found.append("/" + route)

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


def page_list():
    """(who, page, url) for every page measured."""
    from django.contrib import admin
    from django.test import RequestFactory
    from django.urls import NoReverseMatch, reverse

    from matching.models import Meeting
    from reports.pages import AREAS

    coordinator, organisation, guide = _people()
    request = RequestFactory().get("/admin/")
    request.user = coordinator
    pages = [("coordinator", "admin index", "/admin/")]
    for model, model_admin in sorted(
        admin.site._registry.items(), key=lambda item: item[0]._meta.label
    ):
        label = model._meta.label
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        if not model_admin.has_view_permission(request):
            continue  # not a page the coordinator uses
        try:
            pages.append(("coordinator", f"{label} changelist", reverse(f"{prefix}_changelist")))
        except NoReverseMatch:
            continue
        pk = _heavy_object(model, model_admin.get_queryset(request))
        if pk is not None:
            pages.append(("coordinator", f"{label} change", reverse(f"{prefix}_change", args=[pk])))
    pages.append(
        (
            "coordinator",
            "batch proposal",
            reverse("admin:matching_supportrequest_batch") + f"?organisation={organisation}",
        )
    )
    for area in AREAS:
        url = reverse("reports:overview") if area == "overview" else f"/rapporter/{area}/"
        pages.append(("coordinator", f"report {area}", url))
        for fmt in ("csv", "xlsx"):
            pages.append(("coordinator", f"report {area} {fmt}", f"{url}?format={fmt}"))
    pages.append(("coordinator", "funder figures xlsx", reverse("reports:funder")))
    pages.append(("coordinator", "evaluation export csv", reverse("reports:evaluation")))
    pages.append(
        ("coordinator", "evaluation export xlsx", reverse("reports:evaluation") + "?format=xlsx")
    )
    if guide is not None:
        pages.append(("guide", "guide dashboard", "/dashboard/"))
        match = (
            Meeting.objects.filter(match__guide=guide)
            .values("match_id")
            .order_by("match_id")
            .first()
        )
        if match:
            url = reverse("guide_matching:detail", args=[match["match_id"]])
            pages.append(("guide", "guide match page", url))
    for url in _public_urls():
        pages.append(("public", f"public {url}", url))
    return coordinator, guide, pages


def _warm(client, url) -> dict:
    """One warm-up request (caches, lazy imports), then one with its queries counted."""
    from django.db import connection

    first = client.get(url)
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    return {
        "status": response.status_code,
        "first_status": first.status_code,
        "bytes": len(getattr(response, "content", b"") or b""),
        "queries": len(queries),
    }


def _timed(client, url, n) -> list[float]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return times


def _stats(times) -> dict:
    times = sorted(times)
    return {
        "requests": len(times),
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
    }


def _measure(client, url, *, requests) -> dict:
    return _warm(client, url) | _stats(_timed(client, url, requests))


def _after_a_change(client, url, times=3) -> dict:
    """Report pages are kept in the cache per scope (reports/cache.py): also time the view right
    after a change (median of `times`): `after_a_change_median_ms` after a meeting is logged today
    in every organisation (the page is computed again; the meeting's day is computed again in the
    rollup of meetings per day when it is saved, reports.rollup, not timed here),
    `cold_median_ms` with nothing kept (an emptied cache, or the first view after
    REPORT_CACHE_SECONDS)."""
    from django.utils import timezone

    from core.models import Organisation
    from reports import cache as report_cache
    from reports import rollup

    organisations = list(Organisation.objects.values_list("pk", flat=True))
    today = timezone.localdate()

    def timed(change) -> float:
        runs = []
        for _ in range(times):
            change()
            start = time.perf_counter()
            client.get(url)
            runs.append((time.perf_counter() - start) * 1000)
        return round(statistics.median(runs), 1)

    def new_meeting():
        for organisation_id in organisations:
            rollup.refresh(organisation_id, [today])
        report_cache.bump(None)

    def nothing_kept():
        report_cache.bump(None)

    return {"after_a_change_median_ms": timed(new_meeting), "cold_median_ms": timed(nothing_kept)}


def organisation_of(user) -> int:
    return user.memberships.get().organisation_id


def suggestion_timings(args, organisation_id):
    """`suggest_guides` for one waiting request, database included: with the organisation's
    guide pool rebuilt (after a change) and with the prepared pool (every other call)."""
    from matching import selectors
    from matching.models import SupportRequest

    request = SupportRequest.objects.filter(
        organisation_id=organisation_id, status="waiting"
    ).first()
    lines = []
    if request is None:
        return lines
    cold, warm = [], []
    for _ in range(args.requests):
        selectors.invalidate_guide_pool(organisation_id)
        start = time.perf_counter()
        selectors.suggest_guides(request)
        cold.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        selectors.suggest_guides(request)
        warm.append((time.perf_counter() - start) * 1000)
    guides = len(selectors.guide_pool(organisation_id))
    for name, times in (("after a change", cold), ("prepared pool", warm)):
        times.sort()
        line = {"kind": "suggest_guides", "data": args.label, "pool": name, "guides": guides}
        line |= {
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
        }
        lines.append(line)
    return lines


def pages_main(args):
    """A child process measuring the pages of one database on request (the driver alternates the
    two data sets page by page, see `measure_pages`). It reads one JSON command a line on
    standard input and answers with one JSON line."""
    _setup_django()
    import logging

    from django.core import signals
    from django.db import close_old_connections

    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    # As in Django's test runner: one connection for the whole run (its queries are counted).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    from django.test import Client

    coordinator, guide, pages = page_list()
    clients = {
        "coordinator": _logged_in_client(coordinator),
        "guide": _logged_in_client(guide.user) if guide else None,
        "public": Client(),
    }
    pages = {name: (who, url) for who, name, url in pages if clients[who] is not None}
    # As gunicorn.conf.py's pre_fork does for each worker: what is loaded so far is frozen, so a
    # full garbage collection does not walk it (about 100 ms every few dozen requests otherwise).
    gc.freeze()
    floor = _measure(Client(), "/healthz/", requests=args.requests)
    ready = {"kind": "ready", "pages": [[who, name, url] for name, (who, url) in pages.items()]}
    print(json.dumps(ready | {"floor": floor}), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        op = command["op"]
        if op == "quit":
            break
        if op in ("warm", "time", "after"):
            who, url = pages[command["name"]]
            client = clients[who]
            if op == "warm":
                answer = _warm(client, url)
            elif op == "time":
                answer = {"times": _timed(client, url, command["n"])}
            else:
                answer = _after_a_change(client, url)
        elif op == "suggest":
            answer = {"lines": suggestion_timings(args, organisation_of(coordinator))}
        elif op == "sessions":
            for client in clients.values():
                if client is not None:
                    client.get("/healthz/")
            answer = {
                who: client.cookies["sessionid"].value
                for who, client in clients.items()
                if client is not None and "sessionid" in client.cookies
            }
        else:
            answer = {"error": f"unknown command {op}"}
        print(json.dumps(answer), flush=True)


# --- The driver ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _PageChild:
    """`run.py --pages` on one database, driven one command at a time (`pages_main`)."""

    def __init__(self, label, url, args):
        command = [PY, str(Path(__file__)), "--pages", "--label", label]
        command += ["--requests", str(args.requests)]
        env = {**os.environ, "DATABASE_URL": url} if url else dict(os.environ)
        self.label = label
        self.errors = tempfile.TemporaryFile("w+")  # noqa: SIM115 - closed in close()
        self.process = subprocess.Popen(  # noqa: S603 - our own script
            command,
            env=env,
            cwd=ROOT,
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
        )
        ready = self._answer()
        self.pages = {name: (who, url) for who, name, url in ready["pages"]}
        self.floor = ready["floor"]

    def _answer(self) -> dict:
        while True:
            line = self.process.stdout.readline()
            if not line:
                self.errors.seek(0)
                stopped = self.errors.read()[-2000:]
                raise RuntimeError(f"the {self.label} page process stopped: {stopped}")
            line = line.strip()
            if line.startswith("{"):
                try:
                    return json.loads(line)
                except json.JSONDecodeError:
                    continue

    def ask(self, op, **command) -> dict:
        self.process.stdin.write(json.dumps({"op": op, **command}) + "\n")
        self.process.stdin.flush()
        return self._answer()

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.write(json.dumps({"op": "quit"}) + "\n")
            self.process.stdin.close()
            self.process.wait(timeout=60)
        self.errors.close()


_ROUND = 5  # requests a data set gets before the other one's turn


def measure_pages(args, emit) -> dict:
    """Every page on both data sets, alternating: for each page a few requests on the demo data,
    then a few on the benchmark data, and so on until each has `--requests`. The machine's
    drift over a run (other work, frequency) then falls on both sides of a page's comparison
    alike, which one pass over all pages per data set did not give. Returns the benchmark data
    set's logged-in sessions for the load test."""
    children = []
    try:
        if args.demo_database_url and not args.skip_pages:
            children.append(_PageChild("demo", args.demo_database_url, args))
        children.append(_PageChild("scale", args.database_url, args))
        for child in children:
            emit({"kind": "floor", "data": child.label, **child.floor})
        scale = children[-1]
        names = list(scale.pages) + [
            name for child in children[:-1] for name in child.pages if name not in scale.pages
        ]
        if args.skip_pages:
            names = []
        if args.only:
            names = [name for name in names if re.search(args.only, name)]
        for name in names:
            here = [child for child in children if name in child.pages]
            results = {child.label: child.ask("warm", name=name) for child in here}
            times = {child.label: [] for child in here}
            started = time.perf_counter()
            while any(len(t) < args.requests for t in times.values()):
                for child in here:
                    n = min(_ROUND, args.requests - len(times[child.label]))
                    if n > 0:
                        times[child.label] += child.ask("time", name=name, n=n)["times"]
                spent = time.perf_counter() - started
                if spent > args.page_budget * len(here) and min(map(len, times.values())) >= 3:
                    break  # a slow page: fewer requests (the line says how many)
            for child in here:
                who, url = child.pages[name]
                result = results[child.label] | _stats(times[child.label])
                if url.startswith("/rapporter/"):
                    result |= child.ask("after", name=name)
                line = {"kind": "page", "data": child.label, "who": who, "page": name, "url": url}
                load = round(os.getloadavg()[0], 2)
                emit({**line, **result, "floor_ms": child.floor["median_ms"], "load_1m": load})
        if not args.skip_pages:
            for child in children:
                for line in child.ask("suggest")["lines"]:
                    emit(line | {"data": child.label})
        return scale.ask("sessions")
    finally:
        for child in children:
            child.close()


def _json_object(text: str):
    start, end = text.find("{"), text.rfind("}")
    return json.loads(text[start : end + 1]) if start >= 0 else None


def _drain(port: int) -> None:
    """Wait until the server answers /healthz/ again (it queues behind unfinished requests)."""
    import urllib.request

    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=300).read()  # noqa: S310
    except OSError:
        pass


def load_test(args, sessions, emit):
    wrk = shutil.which("wrk")
    if not wrk:
        emit({"kind": "load", "error": "wrk is not installed (apt-get install wrk)"})
        return
    port = _free_port()
    static = tempfile.mkdtemp(prefix="bench-static-")
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DJANGO_DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": static,
        "SITE_URL": f"http://127.0.0.1:{port}",  # required when DEBUG is off
        # Required when DEBUG is off; a throw-away key (the pages under load open no plan).
        "PLAN_ENCRYPTION_KEY": os.environ.get("PLAN_ENCRYPTION_KEY")
        or base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    }
    subprocess.run(  # noqa: S603
        [PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True
    )
    server = subprocess.Popen(  # noqa: S603
        [
            str(Path(PY).parent / "gunicorn"),
            "peerplatform.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--timeout",
            "120",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        for _ in range(60):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.5)
        for who, name, path in LOAD_PAGES:
            headers = []
            if who != "none":
                if who not in sessions:
                    continue
                headers = ["-H", f"Cookie: sessionid={sessions[who]}"]
            command = [
                wrk,
                "-t2",
                f"-c{args.connections}",
                f"-d{args.load_seconds}s",
                "--timeout",
                "30s",
                "-s",
                str(ROOT / "bench" / "wrk_report.lua"),
                *headers,
                f"http://127.0.0.1:{port}{path}",
            ]
            out = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
            result = next(
                (
                    json.loads(line[len("WRKJSON ") :])
                    for line in out.stdout.splitlines()
                    if line.startswith("WRKJSON ")
                ),
                {"error": out.stderr[-500:]},
            )
            if not result.get("requests"):
                # Nothing finished within the run: no percentiles to report.
                result.update(p50_ms=None, p95_ms=None, p99_ms=None)
            _drain(port)  # requests still queued must not slow down the next page
            emit(
                {
                    "kind": "load",
                    "data": "scale",
                    "page": name,
                    "url": path,
                    "connections": args.connections,
                    "workers": 2,
                    **result,
                }
            )
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(static, ignore_errors=True)


def engine_benchmarks(args, emit):
    env = {**os.environ, "DATABASE_URL": args.database_url}
    runs = [
        ("matching", ["bench/matching.py"]),
        ("reminders", ["bench/reminders.py", "--rows", "10000"]),
        (
            "reports",
            [
                "bench/reports.py",
                "--participants",
                "2000",
                "--guides",
                "200",
                "--meetings",
                "100000",
                "--cohorts",
                "50",
            ],
        ),
    ]
    for name, command in runs:
        done = subprocess.run(  # noqa: S603
            [PY, *command], env=env, cwd=ROOT, capture_output=True, text=True, check=False
        )
        try:
            result = _json_object(done.stdout)
        except json.JSONDecodeError:
            result = None
        emit({"kind": "benchmark", "name": name, **(result or {"error": done.stderr[-1000:]})})


def table(lines) -> str:
    """A short Markdown table: pages at scale beside the demo data set."""
    demo = {
        (x["who"], x["page"]): x for x in lines if x.get("kind") == "page" and x["data"] == "demo"
    }
    floors = {x["data"]: x["median_ms"] for x in lines if x.get("kind") == "floor"}
    rows = [
        "| page | queries demo → scale | p95 demo | p95 scale | median demo | median scale | "
        "scale ÷ demo | after a change |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for x in lines:
        if x.get("kind") != "page" or x["data"] != "scale":
            continue
        d = demo.get((x["who"], x["page"]), {})
        ratio = f"{x['median_ms'] / d['median_ms']:.2f}" if d.get("median_ms") else "–"
        rows.append(
            f"| {x['page']} | {d.get('queries', '–')} → {x['queries']} | "
            f"{d.get('p95_ms', '–')} ms | {x['p95_ms']} ms | {d.get('median_ms', '–')} ms | "
            f"{x['median_ms']} ms | {ratio} | "
            + (f"{x['after_a_change_median_ms']} ms |" if "after_a_change_median_ms" in x else "|")
        )
    rows.append(
        f"\nFloor (`/healthz/`, median): demo {floors.get('demo', '–')} ms, "
        f"scale {floors.get('scale', '–')} ms."
    )
    load = [x for x in lines if x.get("kind") == "load" and "p50_ms" in x]
    if load:
        rows += ["", "| under load (wrk, gunicorn 2 workers) | p50 | p95 | p99 | errors |"]
        rows.append("|---|---|---|---|---|")
        rows += [
            f"| {x['page']} | {x['p50_ms']} ms | {x['p95_ms']} ms | {x['p99_ms']} ms | "
            f"{x['errors']} ({x['requests']} done) |"
            for x in load
        ]
    return "\n".join(rows)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--demo-database-url", default="")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--page-budget", type=float, default=30.0, help="seconds per page at most")
    parser.add_argument("--load-seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--skip-pages", action="store_true")
    parser.add_argument("--skip-benchmarks", action="store_true")
    parser.add_argument(
        "--only", default="", help="measure only the pages whose name matches this expression"
    )
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "latest.json"))
    # internal: measure the pages of one database in this process, driven by `measure_pages`
    parser.add_argument("--pages", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--label", default="scale", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pages:
        pages_main(args)
        return

    lines = []

    def emit(obj):
        print(json.dumps(obj, ensure_ascii=False), flush=True)
        lines.append(obj)

    # The logged-in sessions made by the page run are signed with SECRET_KEY: gunicorn needs the
    # same key to accept them in the load test.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    sessions = measure_pages(args, emit)
    if not args.skip_load:
        load_test(args, sessions, emit)
    if not args.skip_benchmarks:
        engine_benchmarks(args, emit)

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    summary = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "measurements": lines,
        "table": table(lines),
    }
    out.write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n")
    print(summary["table"], file=sys.stderr)


if __name__ == "__main__":
    main()
