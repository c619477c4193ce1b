"""Families: one GROUP BY query per scope for every metric counting the same records.

A family reads its records grouped by locality, with one aggregate per metric (FILTERed
to that metric's records), so the scope's figure is the sum of its localities' rows and
the comparison table splits the same rows by locality. `Figures` reads each family once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Aggregate, Count, Q, QuerySet, Sum

from people.models import AREAS_OF_SUPPORT
from reporting.periods import Scope
from reporting.scoped import (
    FEATURED,
    REAL_CONTACT,
    assets_developed_by_end,
    closed_in,
    connections_made_in,
    contacts_in,
    developed_in,
    episodes_open_during,
    introduced_in,
    open_at_end,
    outcomes_in,
    stories_in,
)


@dataclass(frozen=True)
class Rows:
    """One family's rows for a scope: grouped by locality (and maybe more), a column each."""

    rows: list[dict[str, Any]]
    locality: str  # the column naming each row's locality

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)

    def total(self, column: str) -> int:
        # SUM over no rows is NULL: nothing counted is 0.
        return sum(row[column] or 0 for row in self.rows)

    def per_locality(self, column: str) -> dict[int, int]:
        totals: dict[int, int] = defaultdict(int)
        for row in self.rows:
            totals[row[self.locality]] += row[column] or 0
        return dict(totals)


@dataclass(frozen=True, eq=False)
class Family:
    """Records several metrics count, grouped by locality.

    `base` holds every member metric's records (maybe more); each member is one named
    aggregate, FILTERed to its own records. `also_by` groups further, for breakdowns.
    """

    base: Callable[[Scope], QuerySet]
    locality: str
    aggregates: Callable[[Scope], dict[str, Aggregate]]
    also_by: tuple[str, ...] = ()

    def read(self, scope: Scope) -> Rows:
        grouped = self.base(scope).order_by().values(self.locality, *self.also_by)
        return Rows(list(grouped.annotate(**self.aggregates(scope))), self.locality)


# Every headline introduction condition implies "open during the period", given the
# check constraints (closed on or after introduced, first contact in between).
INTRODUCTIONS = Family(
    episodes_open_during,
    "locality",
    lambda scope: {
        "introductions": Count("pk", filter=introduced_in(scope)),
        "people_supported": Count("person", distinct=True),
        "active_at_end": Count("person", distinct=True, filter=open_at_end(scope)),
        "closed": Count("pk", filter=closed_in(scope)),
    },
)
# Grouped by mode too, so the table by mode and the areas of support share the scan.
CONTACTS = Family(
    contacts_in,
    "introduction__locality",
    lambda scope: {
        "contacts": Count("pk"),
        "all_minutes": Sum("minutes"),
        "real_minutes": Sum("minutes", filter=REAL_CONTACT),
        # Areas of support: only contacts that reached the person touch one.
        **{
            f"{area}_n": Count("pk", filter=Q(**{area: True}) & REAL_CONTACT)
            for area, _ in AREAS_OF_SUPPORT
        },
        **{
            f"{area}_m": Sum("minutes", filter=Q(**{area: True}) & REAL_CONTACT)
            for area, _ in AREAS_OF_SUPPORT
        },
    },
    also_by=("mode",),
)
CONNECTIONS = Family(connections_made_in, "locality", lambda scope: {"connections": Count("pk")})
ASSETS = Family(
    assets_developed_by_end,
    "locality",
    lambda scope: {
        "assets_developed": Count("pk", filter=developed_in(scope)),
        "assets_developed_total": Count("pk"),
    },
)
# Grouped by outcome type too: the table by type and the value estimate read these rows.
OUTCOMES = Family(
    outcomes_in,
    "locality",
    lambda scope: {"outcomes": Sum("quantity")},
    also_by=(
        "outcome_type__name",
        "outcome_type__level",
        "outcome_type__unit_value",
        "outcome_type__value_source",
        "outcome_type__price_year",
    ),
)
STORIES = Family(
    stories_in,
    "locality",
    lambda scope: {"stories": Count("pk"), "featured_stories": Count("pk", filter=FEATURED)},
)
