"""Changed since publication: a published report's figures against the same scope and
period worked out now, figure by figure, and its method settings against today's.

A difference is a correction made since (an outcome recorded late, a date put right) or a
change of method (a setting edited, a new version of the app); the page says which
version published the report, so a reader can tell. Nothing here changes the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from coordinators.models import User
from reporting.figures import Figures
from reporting.models import PublishedReport
from reporting.publish import (
    app_version,
    canonical_json,
    frozen_table,
    load_snapshot,
    method_settings,
    report_tables,
    scope_of,
)
from reporting.report_views import shared_stories


@dataclass(frozen=True)
class Change:
    """One figure (or setting) as published and as it is worked out now."""

    table: str
    row: str
    column: str
    published: Any
    now: Any


@dataclass(frozen=True)
class Comparison:
    figures: list[Change]
    settings: list[Change]
    not_compared: list[str]  # tables the app no longer works out
    version_now: str


def _label_width(*row_lists: list[list]) -> int:
    """How many leading cells name a row: the fewest that tell the rows apart in every
    list (a level and an outcome type, say), leaving at least one cell of figures."""
    widest = max((len(row) for rows in row_lists for row in rows), default=2)
    for width in range(1, widest - 1):
        if all(len({canonical_json(r[:width]) for r in rows}) == len(rows) for rows in row_lists):
            return width
    return max(widest - 1, 1)


def _keyed(rows: list[list], width: int) -> dict[str, list]:
    """Rows by their label; two rows with one label are told apart by their order."""
    keyed, seen = {}, {}
    for row in rows:
        label = canonical_json(row[:width])
        seen[label] = seen.get(label, 0) + 1
        keyed[f"{label}#{seen[label]}"] = row
    return keyed


def _number(value: Any) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def differs(published: Any, now: Any) -> bool:
    """Whether a figure changed: numbers by value (35 and 35.00 are one figure, written
    as the setting behind it was read), anything else as written."""
    if _number(published) and _number(now):
        return published != now
    return canonical_json(published) != canonical_json(now)


def _cell(row: list | None, index: int) -> Any:
    return row[index] if row is not None and index < len(row) else None


def table_changes(published: dict, now: dict) -> list[Change]:
    """Every figure of a table that differs, row by row (a row that came or went counts
    each of its figures)."""
    width = _label_width(published["rows"], now["rows"])
    before, after = _keyed(published["rows"], width), _keyed(now["rows"], width)
    changes = []
    for key in [*before, *(key for key in after if key not in before)]:
        old, new = before.get(key), after.get(key)
        label = " · ".join(str(cell) for cell in (old or new)[:width])
        for index in range(width, max(len(old or ()), len(new or ()))):
            was, is_now = _cell(old, index), _cell(new, index)
            if differs(was, is_now):
                column = _cell(now["headers"], index) or _cell(published["headers"], index)
                changes.append(Change(published["title"], label, column or "", was, is_now))
    return changes


def changes_since(
    report: PublishedReport, snapshot: dict, *, reader: User | None = None
) -> Comparison:
    """The published figures against the same scope and period worked out now, as the
    report would show them to `reader` (whose stories it would print; by default whoever
    published it)."""
    scope = scope_of(report)
    figures = Figures(scope)
    printed = len(shared_stories(scope, reader or report.published_by))
    fresh = [
        frozen_table(section, table) for section, table in report_tables(figures, stories=printed)
    ]
    # Through the same JSON as the snapshot, so like is compared with like.
    fresh = {table["key"]: table for table in load_snapshot(canonical_json(fresh))}
    changed, gone = [], []
    for table in snapshot["tables"]:
        if table["key"] in fresh:
            changed += table_changes(table, fresh[table["key"]])
        else:
            gone.append(table["title"])
    now = dict(load_snapshot(canonical_json(method_settings()["settings"])))
    settings_changed = [
        Change("Method settings", label, "", value, now.get(label))
        for label, value in snapshot["method"]["settings"]
        if differs(value, now.get(label))
    ]
    return Comparison(changed, settings_changed, gone, app_version())
