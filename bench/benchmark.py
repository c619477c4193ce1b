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
import secrets
import statistics
import sys
import tempfile
from pathlib import Path

from harness import AUDIT_TOP_UP, FACTS, Client, Server, app_env, ensure_database, manage, shell
from report import machine, write_report
from targets import AUDIT_ENTRIES, DEEP_PAGES, DEFAULT_DB, PEOPLE, ROOT
from timing import Row, deep_path, load, measure, measure_deep, two_servers


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
