"""Families: one GROUP BY query per scope for every metric counting the same records.

A family reads its records grouped by locality, with one aggregate per metric (FILTERed
to that metric's records), so the scope's figure is the sum of its localities' rows and
the comparison table splits the same rows by locality; a family counting people reads the
scope's own figure in the same query, as a person may count in two of its localities.
`Figures` reads each family once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Aggregate, Count, IntegerField, Q, QuerySet, Sum, Value

from outcomes.models import Consent
from people.models import AREAS_OF_SUPPORT
from people.retention import ANONYMISED
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
    introductions_in,
    open_at_end,
    outcomes_in,
    stories_in,
)


@dataclass(frozen=True)
class Rows:
    """One family's rows for a scope: grouped by locality (and maybe more), a column each."""

    rows: list[dict[str, Any]]
    locality: str  # the column naming each row's locality
    # The same aggregates over the whole scope, for families counting people: someone
    # counted in two of its localities is one person in the scope.
    scope_wide: dict[str, Any] | None = None

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)

    def total(self, column: str) -> int:
        if self.scope_wide is not None:
            return self.scope_wide[column] or 0
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
    # Read the aggregates over the whole scope too (`Rows.scope_wide`), in the same query.
    scope_wide: bool = False

    def read(self, scope: Scope) -> Rows:
        base, aggregates = self.base(scope).order_by(), self.aggregates(scope)
        grouped = base.values(self.locality, *self.also_by).annotate(**aggregates)
        if not self.scope_wide:
            return Rows(list(grouped), self.locality)
        # One more row, its locality NULL, with no GROUP BY: one query still.
        whole = base.annotate(_scope=Value(None, output_field=IntegerField()))
        whole = whole.values("_scope").annotate(**aggregates)
        rows = list(grouped.union(whole, all=True).order_by())
        by_locality = [row for row in rows if row[self.locality] is not None]
        (scope_row,) = [row for row in rows if row[self.locality] is None]
        return Rows(by_locality, self.locality, scope_row)


# Introductions made: where each was made.
INTRODUCTIONS = Family(introductions_in, "locality", lambda scope: {"introductions": Count("pk")})
# Episodes open during the period, each where it was on its last day in it: people
# supported, active at the end and closings. A person counts once in each locality they
# were counted in, and once in the scope.
EPISODES = Family(
    episodes_open_during,
    "counts_in",
    lambda scope: {
        "people_supported": Count("person", distinct=True),
        "active_at_end": Count("person", distinct=True, filter=open_at_end(scope)),
        "closed": Count("pk", filter=closed_in(scope)),
    },
    scope_wide=True,
)
# Grouped by mode too, so the table by mode and the areas of support share the scan.
CONTACTS = Family(
    contacts_in,
    "locality",
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
        "outcome_type__duration_years",
        "outcome_type__drop_off_pct",
    ),
)
# Featured stories: the ones a report prints — consent to share, named or anonymised, and
# never a story of someone the retention run anonymised.
STORIES = Family(
    stories_in,
    "locality",
    lambda scope: {
        "stories": Count("pk"),
        "featured_stories": Count(
            "pk",
            filter=FEATURED & ~Q(consent=Consent.NONE) & ~Q(person__first_name=ANONYMISED),
        ),
    },
)
