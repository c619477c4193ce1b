"""Benchmark the app under gunicorn with production settings against PostgreSQL.

    .venv/bin/python bench/benchmark.py --tier S --tier M

For each tier: creates the database if needed (lac_bench_s, lac_bench_m, ...), migrates,
collects static files, seeds the tier (`manage.py seed_tier`) unless it is already there,
starts `gunicorn lac.wsgi -w 2`, logs in through the real login form as a coordinator and
as a manager, and times each page alternately with a control page (the full middleware
stack and login, and nothing else). Shared machines are noisy, so the figures that count
are ratios to the control measured side by side, not milliseconds. The long lists (people,
contacts, audit trail) are timed on their first page and on a deep one (reached by
following Next links ~50 times first), interleaved, to check keyset pagination keeps a
deep page within 2× of the first. Then: 20 concurrent
connections for 20 seconds, each worker's resident memory, and a second gunicorn on
another port serving the same logged-in user. Prints a table and writes it to
docs/BENCHMARKS.md, keeping the other tiers' sections.

Standard library only (plus psycopg, installed with the app, to create the database).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
PASSWORD = "demo-password-2026"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/lac_bench_{tier}"
# Targets from the issue, as (page, limit on p50 ÷ control p50).
RATIO_TARGETS = {"caseload": 10, "person": 10, "dashboard_one": 20, "dashboard_all": 30}
GROWTH_TARGETS = {"caseload": 1.5, "person": 1.5, "dashboard_one": 3, "dashboard_all": 3}
RSS_TARGET_MB = 150
# Keyset pagination (issue: scale): a deep page costs ≤ 2× the first, following Next this often.
DEEP_TARGET = 2
DEEP_PAGES = 50
# Audit entries a tier needs for a deep audit-trail page; seed_tier writes none, so the
# benchmark adds person-page views (ACCESS entries) up to this many.
AUDIT_ENTRIES = {"S": 3_000, "M": 20_000, "L": 20_000}
# A tier is taken as seeded when its people count is in this range.
PEOPLE = {"S": (100, 2000), "M": (9000, 11000), "L": (450_000, 550_000)}


# --- HTTP ---------------------------------------------------------------------------------


class Client:
    """One keep-alive connection with its own cookies: a browser tab, roughly."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None) -> None:
        self.port = port
        self.cookies: dict[str, str] = dict(cookies or {})
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
        headers = {"Host": "127.0.0.1", "User-Agent": "lac-benchmark"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                content = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()  # the server closed a kept-alive connection: once more
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        if response.will_close:
            self.conn.close()
        return response.status, content

    def get(self, path: str) -> tuple[int, bytes]:
        return self.request("GET", path)

    def timed_get(self, path: str) -> tuple[float, int]:
        started = time.perf_counter()
        status, _content = self.get(path)
        return time.perf_counter() - started, status

    def login(self, username: str) -> None:
        status, page = self.get("/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not token:
            raise RuntimeError(f"GET /login/ gave {status} without a CSRF token")
        form = {
            "csrfmiddlewaretoken": token.group(1).decode(),
            "username": username,
            "password": PASSWORD,
            "next": "",
        }
        status, _page = self.request("POST", "/login/", form)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"Logging in as {username} failed (HTTP {status})")


# --- the app under test ---------------------------------------------------------------------


def app_env(database_url: str, secret_key: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DEBUG="false",
        SECRET_KEY=secret_key,
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [str(VENV / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def shell(env: dict[str, str], code: str) -> dict:
    return json.loads(manage(env, "shell", "-c", code, capture=True).strip().splitlines()[-1])


def ensure_database(database_url: str) -> None:
    import psycopg

    url = urllib.parse.urlparse(database_url)
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


FACTS = """
import json
from django.db.models import Count
from people.models import Person
from localities.models import Locality
mine = (Person.objects.filter(lead_coordinator__username="coordinator",
        introductions__closed_on__isnull=True)
        .annotate(n=Count("introductions__contacts")).order_by("-n", "pk"))
people = list(mine.values("pk", "first_name", "n"))
person = people[0]  # the open case with the most contacts: the heaviest person page
loc = Person.objects.get(pk=person["pk"]).locality
from coordinators.models import User
manager = User.objects.get(username="manager")
from auditlog.models import LogEntry
from people.models import Contact
print(json.dumps({"people": Person.objects.count(), "person": person["pk"],
    "contacts": Contact.objects.count(), "audit_entries": LogEntry.objects.count(),
    "person_name": person["first_name"], "person_contacts": person["n"],
    "caseload": len(people), "locality": loc.pk, "locality_name": loc.name,
    "manager_localities": Locality.objects.visible_to(manager).count(),
    "localities": Locality.objects.count()}))
"""

# Person-page views spread over the last year, by the tier's coordinators, in bulk and
# from a seeded generator: the same entries each time a tier is topped up from empty.
AUDIT_TOP_UP = """
import datetime as dt, json, random
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from coordinators.models import User
from people.models import Person
target, have = {target}, LogEntry.objects.count()
if have < target:
    rng = random.Random(2026)
    person_type = ContentType.objects.get_for_model(Person)
    people = list(Person.objects.order_by("pk").values_list("pk", "first_name", "last_name")[:5000])
    actors = list(User.objects.filter(groups__name="Coordinator").order_by("pk")
        .values_list("pk", flat=True))
    now = timezone.now()
    LogEntry.objects.bulk_create(
        [LogEntry(content_type=person_type, object_pk=str(pk), object_id=pk,
                  object_repr=f"{{first}} {{last}}", action=LogEntry.Action.ACCESS,
                  actor_id=rng.choice(actors), remote_addr="10.0.0.1",
                  timestamp=now - dt.timedelta(seconds=rng.randrange(365 * 86400)))
         for pk, first, last in (rng.choice(people) for _ in range(target - have))],
        batch_size=2000)
print(json.dumps({{"added": max(0, target - have), "entries": LogEntry.objects.count()}}))
"""


@dataclass
class Server:
    port: int
    env: dict[str, str]
    workers: int
    log: Path
    process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                str(VENV / "gunicorn"),
                "lac.wsgi",
                "-w",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if Client(self.port).get("/login/")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn on port {self.port} did not start; see {self.log}")

    def worker_rss_mb(self) -> list[float]:
        """VmRSS of each worker (the master's children), from /proc."""
        sizes = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            ppid = re.search(r"^PPid:\s+(\d+)", status, re.M)
            rss = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
            if ppid and rss and int(ppid.group(1)) == self.process.pid:
                sizes.append(int(rss.group(1)) / 1024)
        return sorted(sizes)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


# --- measuring ------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


@dataclass
class Row:
    key: str
    label: str
    path: str
    user: str
    page_ms: list[float] = field(default_factory=list)
    control_ms: list[float] = field(default_factory=list)
    statuses: set[int] = field(default_factory=set)

    @property
    def ratio(self) -> float:
        return statistics.median(self.page_ms) / statistics.median(self.control_ms)

    def summary(self) -> dict:
        return {
            "label": self.label,
            "path": self.path,
            "user": self.user,
            "p50": statistics.median(self.page_ms),
            "p95": percentile(self.page_ms, 95),
            "control_p50": statistics.median(self.control_ms),
            "control_p95": percentile(self.control_ms, 95),
            "ratio": self.ratio,
            "statuses": sorted(self.statuses),
        }


def measure(client: Client, row: Row, rounds: int, warmup: int) -> None:
    """Page, control, page, control…: both see the same moments of a noisy machine."""
    for _ in range(warmup):
        client.get(row.path)
        client.get("/bench/control/")
    for _ in range(rounds):
        seconds, status = client.timed_get(row.path)
        row.page_ms.append(seconds * 1000)
        row.statuses.add(status)
        seconds, status = client.timed_get("/bench/control/")
        row.control_ms.append(seconds * 1000)
        if status != 200:
            raise RuntimeError(f"The control page gave HTTP {status}")


NEXT_LINK = re.compile(rb'href="\?[^"]*?after=([A-Za-z0-9_-]+)">Next<')


def deep_path(client: Client, path: str, pages: int) -> tuple[str, int]:
    """Follow Next links from `path` up to `pages` times: the deep page's path, and depth.

    Walked once before timing, through the real links, so the cursor is the one a user
    paging along would hold.
    """
    url, depth = path, 0
    while depth < pages:
        status, content = client.get(url)
        found = NEXT_LINK.search(content)
        if status != 200 or not found:
            break
        url = f"{path}{'&' if '?' in path else '?'}after={found.group(1).decode()}"
        depth += 1
    return url, depth


def measure_deep(client: Client, first: Row, deep: Row, rounds: int, warmup: int) -> None:
    """First page, control, deep page, control…: the two pages see the same moments."""
    for _ in range(warmup):
        client.get(first.path)
        client.get(deep.path)
        client.get("/bench/control/")
    for _ in range(rounds):
        for row in (first, deep):
            seconds, status = client.timed_get(row.path)
            row.page_ms.append(seconds * 1000)
            row.statuses.add(status)
            seconds, status = client.timed_get("/bench/control/")
            row.control_ms.append(seconds * 1000)
            if status != 200:
                raise RuntimeError(f"The control page gave HTTP {status}")


def load(port: int, paths: list[str], connections: int, seconds: float) -> dict:
    """`connections` threads, each its own logged-in session, for `seconds`."""
    clients = []
    for _ in range(connections):
        client = Client(port)
        client.login("coordinator")
        clients.append(client)
    done, errors, latencies, lock = [0], [0], [], threading.Lock()
    barrier = threading.Barrier(connections + 1)
    stop_at = [0.0]

    def run(client: Client, offset: int) -> None:
        barrier.wait()
        i, mine, bad = offset, [], 0
        while time.perf_counter() < stop_at[0]:
            try:
                seconds, status = client.timed_get(paths[i % len(paths)])
                mine.append(seconds * 1000)
                bad += status != 200
            except Exception:
                bad += 1
                client.conn.close()
            i += 1
        with lock:
            done[0] += len(mine)
            errors[0] += bad
            latencies.extend(mine)

    threads = [threading.Thread(target=run, args=(c, n)) for n, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    stop_at[0] = time.perf_counter() + seconds
    started = time.perf_counter()
    barrier.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "connections": connections,
        "seconds": round(elapsed, 1),
        "requests": done[0],
        "errors": errors[0],
        "per_second": done[0] / elapsed,
        "p50": statistics.median(latencies) if latencies else None,
        "p95": percentile(latencies, 95) if latencies else None,
    }


def two_servers(first: Server, second: Server, facts: dict) -> dict:
    """Log in on one server; the other serves the same user with the same cookie."""
    one = Client(first.port)
    one.login("coordinator")
    two = Client(second.port, one.cookies)
    status, page = two.get(f"/people/{facts['person']}/")
    right_content = facts["person_name"].encode() in page
    back_status, _page = one.get("/people/caseload/")
    two.request("POST", "/logout/", {"csrfmiddlewaretoken": two.cookies.get("csrftoken", "")})
    # The logout above went through server two; server one must now send us to log in.
    after_status, _page = Client(first.port, one.cookies).get("/people/caseload/")
    ok = status == 200 and right_content and back_status == 200 and after_status == 302
    return {
        "person_on_second": status,
        "right_content": right_content,
        "caseload_back_on_first": back_status,
        "after_logout_on_second": after_status,
        "ok": ok,
    }


# --- one tier -------------------------------------------------------------------------------


def run_tier(tier: str, args: argparse.Namespace, secret_key: str) -> dict:
    database_url = args.database_url or DEFAULT_DB.format(tier=tier.lower())
    env = app_env(database_url, secret_key)
    print(f"\n== Tier {tier}: {database_url}", flush=True)
    ensure_database(database_url)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    people = shell(
        env,
        "import json; from people.models import Person; "
        "print(json.dumps({'n': Person.objects.count()}))",
    )["n"]
    low, high = PEOPLE[tier]
    if args.reseed or not low <= people <= high:
        print(f"Seeding tier {tier} (found {people} people)…", flush=True)
        manage(env, "seed_tier", "--tier", tier, "--reset")
    audit = shell(env, AUDIT_TOP_UP.format(target=AUDIT_ENTRIES[tier]))
    if audit["added"]:
        print(f"Added {audit['added']:,} audit entries ({audit['entries']:,} now)", flush=True)
    facts = shell(env, FACTS)
    print(
        f"{facts['people']} people; `coordinator` leads {facts['caseload']} open cases; "
        f"person page: #{facts['person']} ({facts['person_contacts']} contacts)",
        flush=True,
    )
    logs = Path(tempfile.mkdtemp(prefix="lac-bench-"))
    server = Server(args.port, env, args.workers, logs / "gunicorn-1.log")
    second = Server(args.port + 1, env, args.workers, logs / "gunicorn-2.log")
    period = "period=last12"
    pages = [
        Row("caseload", "Caseload", "/people/caseload/", "coordinator"),
        Row("person", "Person page", f"/people/{facts['person']}/", "coordinator"),
        Row("assets", "Asset directory", "/assets/", "coordinator"),
        Row(
            "contact_form",
            "Log-contact form",
            f"/people/{facts['person']}/contacts/new/",
            "coordinator",
        ),
        Row(
            "dashboard_one",
            f"Dashboard, one locality ({facts['locality_name']})",
            f"/reports/dashboard/?scope=locality:{facts['locality']}&{period}",
            "manager",
        ),
        Row(
            "dashboard_all",
            "Dashboard, all localities",
            f"/reports/dashboard/?scope=all&{period}",
            "manager",
        ),
        Row(
            "report",
            "Impact report, all localities",
            f"/reports/impact/?scope=all&{period}",
            "manager",
        ),
        Row(
            "csv",
            "CSV export (locality comparison)",
            f"/reports/dashboard/?scope=all&{period}&format=csv&table=comparison",
            "manager",
        ),
    ]
    # The long lists, as users who see every row: (key, label, path, user, rows).
    lists = [
        ("people_list", "People", "/people/", "manager", facts["people"]),
        ("contact_list", "Contacts", "/people/contacts/", "manager", facts["contacts"]),
        ("audit_list", "Audit trail", "/people/audit/", "admin", facts["audit_entries"]),
    ]
    deep = {}
    try:
        server.start()
        second.start()
        clients = {}
        for username in ("coordinator", "manager", "admin"):
            clients[username] = Client(server.port)
            clients[username].login(username)
        for row in pages:
            print(f"  {row.label}…", end=" ", flush=True)
            measure(clients[row.user], row, args.rounds, args.warmup)
            print(f"p50 {statistics.median(row.page_ms):.1f} ms, ×{row.ratio:.1f}", flush=True)
        for key, label, path, user, count in lists:
            print(f"  {label}, first and deep page…", end=" ", flush=True)
            path_deep, depth = deep_path(clients[user], path, DEEP_PAGES)
            first = Row(f"{key}_first", f"{label}, page 1", path, user)
            far = Row(f"{key}_deep", f"{label}, page {depth + 1}", path_deep, user)
            measure_deep(clients[user], first, far, args.rounds, args.warmup)
            deep[key] = {
                "label": label,
                "user": user,
                "rows": count,
                "page": depth + 1,
                "first": first.summary(),
                "deep": far.summary(),
                # Each page's p50 over its own control: drift on the machine cancels out.
                "deep_over_first": far.ratio / first.ratio,
            }
            print(f"page {depth + 1}: {deep[key]['deep_over_first']:.2f}× the first", flush=True)
        coordinator_paths = ["/bench/control/"] + [r.path for r in pages if r.user == "coordinator"]
        print(f"  {args.connections} connections for {args.seconds} s…", end=" ", flush=True)
        throughput = load(server.port, coordinator_paths, args.connections, args.seconds)
        print(f"{throughput['per_second']:.1f} req/s, {throughput['errors']} errors", flush=True)
        rss = server.worker_rss_mb()
        shared = two_servers(server, second, facts)
        print(f"  worker RSS {rss} MB; two servers: {shared}", flush=True)
    finally:
        server.stop()
        second.stop()
    return {
        "tier": tier,
        "facts": facts,
        "pages": {row.key: row.summary() for row in pages},
        "deep": deep,
        "throughput": throughput,
        "rss_mb": rss,
        "two_servers": shared,
        "rounds": args.rounds,
        "workers": args.workers,
        "date": dt.datetime.now().astimezone().isoformat(timespec="minutes"),
        "machine": machine(database_url),
    }


def machine(database_url: str) -> dict:
    import psycopg

    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
    with psycopg.connect(database_url) as conn:
        pg = conn.execute("SHOW server_version").fetchone()[0]
    return {
        "nproc": os.cpu_count(),
        "memory_gb": round(int(mem.group(1)) / 1024 / 1024, 1) if mem else None,
        "cpu": cpu,
        "python": platform.python_version(),
        "postgresql": pg,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


# --- reporting ------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def tier_markdown(result: dict, baseline: dict | None) -> str:
    m, facts, t = result["machine"], result["facts"], result["throughput"]
    lines = [
        f"## Tier {result['tier']}",
        "",
        f"- Date: {result['date']}",
        f"- Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory_gb']} GB memory, load average "
        f"{' / '.join(map(str, m['load_average']))} at the end; Python {m['python']}, "
        f"PostgreSQL {m['postgresql']}",
        f"- Data: {facts['people']:,} people; `coordinator` leads {facts['caseload']} open "
        f"cases; the person page is #{facts['person']} (the open case with the most contacts: "
        f"{facts['person_contacts']} contacts); `manager` sees {facts['manager_localities']} of "
        f'{facts["localities"]} localities ("all localities" below)',
        f"- gunicorn with {result['workers']} workers, production settings; {result['rounds']} "
        "rounds per page after warm-up, each request followed by one to the control page",
        "",
        "| page | who | p50 ms | p95 ms | control p50 ms | p50 ÷ control | target "
        "| growth from S |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for key, page in result["pages"].items():
        target = ""
        if key in RATIO_TARGETS:
            limit = RATIO_TARGETS[key]
            target = f"≤ {limit}×: {verdict(page['ratio'] <= limit)}"
        growth = ""
        if baseline and key in baseline["pages"]:
            g = page["ratio"] / baseline["pages"][key]["ratio"]
            growth = f"{g:.2f}×"
            if key in GROWTH_TARGETS:
                growth += f" (≤ {GROWTH_TARGETS[key]}×: {verdict(g <= GROWTH_TARGETS[key])})"
        lines.append(
            f"| {page['label']} | {page['user']} | {page['p50']:.1f} | {page['p95']:.1f} | "
            f"{page['control_p50']:.1f} | {page['ratio']:.1f}× | {target} | {growth} |"
        )
    lines += deep_markdown(result.get("deep") or {})
    rss, shared = result["rss_mb"], result["two_servers"]
    biggest = max(rss) if rss else 0
    lines += [
        "",
        f"- Throughput: {t['connections']} concurrent connections (each its own coordinator "
        f"session, cycling the control and the coordinator pages) for {t['seconds']} s: "
        f"{t['requests']:,} requests, {t['per_second']:.1f} per second, p50 {t['p50']:.0f} ms, "
        f"p95 {t['p95']:.0f} ms, **{t['errors']} errors** (target 0: "
        f"{verdict(t['errors'] == 0)})",
        f"- Worker resident memory after the run: {', '.join(f'{x:.0f}' for x in rss)} MB "
        f"(target ≤ {RSS_TARGET_MB} MB: {verdict(biggest <= RSS_TARGET_MB)})",
        f"- Two app servers, one database: logged in on port A, the person page on port B with "
        f"the same cookie gave HTTP {shared['person_on_second']} "
        f"({'the right person' if shared['right_content'] else 'WRONG CONTENT'}), the caseload "
        f"back on A gave {shared['caseload_back_on_first']}, and after logging out on B, A "
        f"redirected to log in ({shared['after_logout_on_second']}): "
        f"{verdict(shared['ok'])}",
        "",
        f"<!-- results {json.dumps(result, sort_keys=True)} -->",
        "",
    ]
    return "\n".join(lines)


def deep_markdown(deep: dict) -> list[str]:
    if not deep:
        return []
    lines = [
        "",
        f"Long lists, first page and a deep one (reached by following Next up to {DEEP_PAGES} "
        "times), timed alternately; deep ÷ first is the deep page's p50 ÷ control over the "
        "first page's:",
        "",
        "| list | who | rows | deep page | first p50 ms | deep p50 ms | first ÷ control "
        "| deep ÷ control | deep ÷ first | target |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for item in deep.values():
        first, far, ratio = item["first"], item["deep"], item["deep_over_first"]
        target = f"≤ {DEEP_TARGET}×: {verdict(ratio <= DEEP_TARGET)}"
        if item["page"] <= 1:
            target = "only one page"
        lines.append(
            f"| {item['label']} | {item['user']} | {item['rows']:,} | {item['page']} | "
            f"{first['p50']:.1f} | {far['p50']:.1f} | {first['ratio']:.1f}× | "
            f"{far['ratio']:.1f}× | {ratio:.2f}× | {target} |"
        )
    return lines


HEADER = """# Benchmarks

Written by `bench/benchmark.py` (see the README's *Benchmark* section). Each page is timed
alternately with a control page (`/bench/control/`: the full middleware stack and login,
and nothing else), so the ratios compare like with like on a shared, noisy machine; the
milliseconds are for orientation only. Targets (issue: scale): at tier M, caseload and
person page p50 ≤ 10× the control, a one-locality dashboard ≤ 20×, all localities ≤ 30×;
from S to M, ratios may grow ≤ 1.5× (caseload, person page) and ≤ 3× (dashboards);
20 concurrent connections for 20 s give 0 errors; a worker stays ≤ 150 MB resident;
the long lists (people, contacts, audit trail) page by key, so a deep page (~50 pages in)
costs ≤ 2× the first.

"""


def read_sections(path: Path) -> dict[str, str]:
    """The file's `## ` sections: tiers keyed by their letter, hand-written notes by title."""
    if not path.exists():
        return {}
    sections = re.split(r"^(?=## )", path.read_text(), flags=re.M)
    found = {}
    for section in sections:
        if section.startswith("## Tier "):
            found[section.split()[2]] = section.rstrip() + "\n\n"
        elif section.startswith("## "):
            found[section.splitlines()[0]] = section.rstrip() + "\n\n"
    return found


def results_in(section: str) -> dict | None:
    found = re.search(r"<!-- results (\{.*\}) -->", section)
    return json.loads(found.group(1)) if found else None


def write_report(path: Path, results: list[dict]) -> None:
    sections = read_sections(path)
    order = ["S", "M", "L"]
    for result in sorted(results, key=lambda r: order.index(r["tier"])):
        baseline = None
        if result["tier"] != "S":
            fresh = [r for r in results if r["tier"] == "S"]
            baseline = fresh[0] if fresh else results_in(sections.get("S", ""))
        sections[result["tier"]] = tier_markdown(result, baseline)
        print("\n" + sections[result["tier"]].split("<!--")[0], flush=True)
    notes = [text for key, text in sections.items() if key not in order]  # kept, after tiers
    body = HEADER + "".join(sections[t] for t in order if t in sections) + "".join(notes)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body.rstrip() + "\n")
    print(f"Wrote {path.resolve()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--tier",
        action="append",
        choices=["S", "M", "L"],
        help="tier to run (repeat for several; default S)",
    )
    parser.add_argument("--database-url", help=f"default {DEFAULT_DB}")
    parser.add_argument("--reseed", action="store_true", help="seed the tier again first")
    parser.add_argument("--port", type=int, default=8765, help="and the next port, for server 2")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "BENCHMARKS.md")
    args = parser.parse_args()
    tiers = args.tier or ["S"]
    if args.database_url and len(tiers) > 1:
        parser.error("--database-url names one database: give one --tier with it")
    secret_key = secrets.token_urlsafe(50)
    results = [run_tier(tier, args, secret_key) for tier in tiers]
    write_report(args.output, results)


if __name__ == "__main__":
    sys.exit(main())
