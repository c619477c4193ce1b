"""Writing the results to docs/BENCHMARKS.md, keeping hand-written notes."""

from __future__ import annotations

import json
import os
import platform
import re
from pathlib import Path

from targets import DEEP_PAGES, DEEP_TARGET, GROWTH_TARGETS, RATIO_TARGETS, RSS_TARGET_MB


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
