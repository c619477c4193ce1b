"""Running the app for the benchmark: its environment, manage.py, the database, a
logged-in HTTP client and a gunicorn server."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import time
import urllib.parse
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

from targets import PASSWORD, ROOT, VENV


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
