"""Where the benchmark runs and what it aims for: paths, tiers and targets."""

from __future__ import annotations

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
