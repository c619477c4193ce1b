"""Timing pages against the control, deep pages, concurrent load and two servers."""

from __future__ import annotations

import re
import statistics
import threading
import time
from dataclasses import dataclass, field

from harness import Client, Server


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
