"""The metric registry: every figure on dashboards, reports and exports, defined once.

Each metric has a key, a name, a plain-English definition, how it is counted and a
function computing it from a `Scope`, for the whole scope and per locality (the
comparison table). Metrics that count the same records share one query: a `Family`
reads its records once per scope, grouped by locality, with one aggregate per metric
(FILTERed to that metric's records), and the scope's figure is the sum of its
localities' rows. Every record has its own locality column (no join to the person): an
introduction, its contacts and connections where its work happens, which stays put once
it has closed; an outcome, story or wellbeing check where it was recorded.
The one figure that is not a sum is people supported, counted distinct over the scope,
since someone who moved may have been supported in two of its localities. Rows are
memoised on the scope, so a request's summary, comparison and breakdowns read them once,
whatever the number of localities.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Aggregate, Count, Q, QuerySet, Sum

from localities.models import CommunityAsset
from outcomes.models import Outcome, OutcomeStory
from people.models import AREAS_OF_SUPPORT, Connection, Contact, ContactMode, Introduction
from reporting.periods import Scope
from reporting.scoped import memoised


@dataclass(frozen=True)
class Metric:
    key: str
    name: str
    definition: str
    counting: str
    compute: Callable[[Scope], Any]
    by_locality: Callable[[Scope], dict[int, Any]] | None = None
    headers: tuple[str, ...] = ()  # for metrics whose value is a table of rows


REGISTRY: dict[str, Metric] = {}


def register(metric: Metric) -> Metric:
    REGISTRY[metric.key] = metric
    return metric


# What each metric counts, in the period: conditions, used both to filter a base
# queryset and to FILTER one aggregate of a family's shared query.


def introduced_in(scope: Scope) -> Q:
    return Q(introduced_on__range=(scope.start, scope.end))


def open_during(scope: Scope) -> Q:
    return (Q(closed_on__isnull=True) | Q(closed_on__gte=scope.start)) & Q(
        introduced_on__lte=scope.end
    )


def open_at_end(scope: Scope) -> Q:
    return (Q(closed_on__isnull=True) | Q(closed_on__gt=scope.end)) & Q(
        introduced_on__lte=scope.end
    )


def closed_in(scope: Scope) -> Q:
    return Q(closed_on__range=(scope.start, scope.end))


def developed_in(scope: Scope) -> Q:
    return Q(developed_on__range=(scope.start, scope.end))


# Attempted contacts (no answer) are contacts, but not time with people.
REAL_CONTACT = ~Q(mode=ContactMode.ATTEMPTED)
FEATURED = Q(featured=True)


# Base querysets: the records each metric counts, limited to the scope.


def _introductions(scope: Scope, when: Q) -> QuerySet[Introduction]:
    return Introduction.objects.filter(when, locality__in=scope.localities)


def introductions_in(scope: Scope) -> QuerySet[Introduction]:
    return _introductions(scope, introduced_in(scope))


def episodes_open_during(scope: Scope) -> QuerySet[Introduction]:
    return _introductions(scope, open_during(scope))


def episodes_open_at_end(scope: Scope) -> QuerySet[Introduction]:
    return _introductions(scope, open_at_end(scope))


def episodes_closed_in(scope: Scope) -> QuerySet[Introduction]:
    return _introductions(scope, closed_in(scope))


def first_contacts_in(scope: Scope) -> QuerySet[Introduction]:
    return _introductions(scope, Q(first_contact_on__range=(scope.start, scope.end)))


def contacts_in(scope: Scope) -> QuerySet[Contact]:
    return Contact.objects.filter(
        introduction__locality__in=scope.localities,
        contact_on__range=(scope.start, scope.end),
    )


def connections_made_in(scope: Scope) -> QuerySet[Connection]:
    return Connection.objects.filter(
        locality__in=scope.localities, connected_on__range=(scope.start, scope.end)
    )


def assets_developed_by_end(scope: Scope) -> QuerySet[CommunityAsset]:
    return CommunityAsset.objects.filter(
        Q(developed_on__isnull=True) | Q(developed_on__lte=scope.end),
        locality__in=scope.localities,
        developed_with_lac=True,
    )


def assets_developed_in(scope: Scope) -> QuerySet[CommunityAsset]:
    return assets_developed_by_end(scope).filter(developed_in(scope))


def outcomes_in(scope: Scope) -> QuerySet[Outcome]:
    return Outcome.objects.filter(
        locality__in=scope.localities, achieved_on__range=(scope.start, scope.end)
    )


def stories_in(scope: Scope) -> QuerySet[OutcomeStory]:
    return OutcomeStory.objects.filter(
        locality__in=scope.localities, told_on__range=(scope.start, scope.end)
    )


# Families: one GROUP BY query per scope for every metric counting the same records.


@dataclass(frozen=True, eq=False)
class Family:
    """Records several metrics count, read once per scope, grouped by locality.

    `base` holds every member metric's records (maybe more); each member is one named
    aggregate, FILTERed to its own records. `also_by` groups further, for breakdowns.
    """

    base: Callable[[Scope], QuerySet]
    locality: str
    aggregates: Callable[[Scope], dict[str, Aggregate]]
    also_by: tuple[str, ...] = ()

    def rows(self, scope: Scope) -> list[dict[str, Any]]:
        def read() -> list[dict[str, Any]]:
            grouped = self.base(scope).order_by().values(self.locality, *self.also_by)
            return list(grouped.annotate(**self.aggregates(scope)))

        return memoised(scope, self, read)

    def total(self, scope: Scope, column: str) -> int:
        # SUM over no rows is NULL: nothing counted is 0.
        return sum(row[column] or 0 for row in self.rows(scope))

    def per_locality(self, scope: Scope, column: str) -> dict[int, int]:
        totals: dict[int, int] = defaultdict(int)
        for row in self.rows(scope):
            totals[row[self.locality]] += row[column] or 0
        return dict(totals)

    def member(self, column: str, finish: Callable[[int], Any] = lambda v: v) -> dict:
        """A metric's `compute` and `by_locality`: one column of the family's rows."""

        def by_locality(scope: Scope) -> dict[int, Any]:
            return {pk: finish(v) for pk, v in self.per_locality(scope, column).items()}

        def compute(scope: Scope) -> Any:
            return finish(self.total(scope, column))

        return {"compute": compute, "by_locality": by_locality}


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


def hours(minutes: int | None) -> float:
    return round((minutes or 0) / 60, 1)


def percentile(values: list[int], fraction: float) -> float | None:
    """Linear interpolation between closest ranks, as PostgreSQL's percentile_cont."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * fraction
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return round(ordered[low] + (ordered[high] - ordered[low]) * (rank - low), 1)


def _waits(scope: Scope) -> dict[int, list[int]]:
    """Days from introduction to first contact, per locality. One query per scope."""

    def read() -> dict[int, list[int]]:
        rows = first_contacts_in(scope).values_list("locality", "introduced_on", "first_contact_on")
        days: dict[int, list[int]] = defaultdict(list)
        for locality, intro, first in rows:
            days[locality].append((first - intro).days)
        return dict(days)

    return memoised(scope, "waits", read)


def _days_to_first_contact(fraction: float) -> dict:
    def compute(scope: Scope) -> float | None:
        return percentile([d for days in _waits(scope).values() for d in days], fraction)

    def by_locality(scope: Scope) -> dict[int, float | None]:
        return {pk: percentile(days, fraction) for pk, days in _waits(scope).items()}

    return {"compute": compute, "by_locality": by_locality}


# Headline metrics: one number each, also per locality.

register(
    Metric(
        "introductions",
        "Introductions",
        "New introductions (episodes of involvement) made in the period.",
        "Introductions whose introduction date is in the period. A person introduced twice "
        "counts twice.",
        **INTRODUCTIONS.member("introductions"),
    )
)


def _people_supported(scope: Scope) -> int:
    """Distinct across the whole scope, not the sum of its localities' rows."""
    return memoised(
        scope,
        "people_supported",
        lambda: episodes_open_during(scope).values("person").distinct().count(),
    )


register(
    Metric(
        "people_supported",
        "People supported",
        "Different people with an introduction open at any time in the period.",
        "People with an introduction made on or before the last day of the period and not "
        "closed before its first day. A person with two introductions counts once; one who "
        "moved and was supported in two localities counts once in each, and once in all.",
        **{**INTRODUCTIONS.member("people_supported"), "compute": _people_supported},
    )
)
register(
    Metric(
        "active_at_end",
        "Active at period end",
        "People with an open introduction on the last day of the period.",
        "Introductions made on or before the last day and not closed by then.",
        **INTRODUCTIONS.member("active_at_end"),
    )
)
register(
    Metric(
        "closed",
        "Introductions closed",
        "Introductions closed in the period.",
        "Introductions whose closing date is in the period.",
        **INTRODUCTIONS.member("closed"),
    )
)
register(
    Metric(
        "median_days_to_first_contact",
        "Median days to first contact",
        "The typical wait from introduction to first contact.",
        "For introductions whose first contact fell in the period: the days from introduction "
        "to first contact; the median (half waited less, half more).",
        **_days_to_first_contact(0.5),
    )
)
register(
    Metric(
        "p90_days_to_first_contact",
        "90th percentile days to first contact",
        "The wait that nine in ten introductions were within.",
        "Same introductions as the median; the 90th percentile, interpolated between the "
        "closest values.",
        **_days_to_first_contact(0.9),
    )
)
register(
    Metric(
        "contacts",
        "Contacts",
        "Conversations, visits, calls, accompanied trips, group sessions and attempts.",
        "Contacts dated in the period, of every mode. An attempted contact (no answer) counts "
        "as a contact of mode 'attempted'.",
        **CONTACTS.member("contacts"),
    )
)
register(
    Metric(
        "hours",
        "Hours with people",
        "Time spent with people, in hours.",
        "Minutes of contacts dated in the period, divided by 60. Attempted contacts are NOT "
        "included in these hours; the table by mode shows their time separately.",
        **CONTACTS.member("real_minutes", hours),
    )
)
register(
    Metric(
        "connections",
        "Connections made",
        "People linked to a community asset in the period.",
        "Connections whose connected date is in the period, whatever their status now.",
        **CONNECTIONS.member("connections"),
    )
)
register(
    Metric(
        "assets_developed",
        "Assets developed with LAC support",
        "Groups and resources local people started or grew with a coordinator's help.",
        "Assets in the localities marked 'developed with LAC support' with a developed date in "
        "the period (area-wide assets are not counted).",
        **ASSETS.member("assets_developed"),
    )
)
register(
    Metric(
        "assets_developed_total",
        "Assets developed with LAC support (total)",
        "All assets developed with LAC support up to the end of the period.",
        "Assets marked 'developed with LAC support' dated on or before the last day, or "
        "without a date.",
        **ASSETS.member("assets_developed_total"),
    )
)
register(
    Metric(
        "outcomes",
        "Outcomes",
        "Counted changes recorded in the period.",
        "The sum of the quantities of outcomes dated in the period.",
        **OUTCOMES.member("outcomes"),
    )
)
register(
    Metric(
        "stories",
        "Stories",
        "Stories of change told in the period.",
        "Outcome stories dated in the period, whatever their consent to share.",
        **STORIES.member("stories"),
    )
)
register(
    Metric(
        "featured_stories",
        "Featured stories",
        "Stories a manager chose for reports.",
        "Outcome stories dated in the period and marked featured.",
        **STORIES.member("featured_stories"),
    )
)


# Wellbeing and value: defined in their own modules, registered here so every figure
# has its definition on the How we count page.

from reporting import breakdowns, value, wellbeing  # noqa: E402, F401  (breakdowns registers)

register(
    Metric(
        "wellbeing_change",
        "Wellbeing change (paired)",
        "How people's ONS personal wellbeing scores changed while we supported them.",
        "People with at least two checks in the period: their first check in the period "
        "against their latest. Per question: people, mean change, % better / same / worse "
        "(for anxiety lower is better), and movement between ONS bands. People with one check "
        "are left out; averages of unpaired checks are never used.",
        lambda scope: wellbeing.wellbeing_change(scope),
    )
)
register(
    Metric(
        "value_per_pound",
        "Estimated value per £1",
        "An estimate of the social value of counted outcomes for each pound the service costs.",
        "Σ outcomes × unit value of their type (types without a unit value are listed as not "
        "valued), less deadweight, attribution and displacement, divided by the cost of the "
        "service over the period (each locality's annual cost × days ÷ 365). Localities without "
        "a cost, and their outcomes, are left out of the ratio. Low / central / high use "
        "different adjustments.",
        lambda scope: value.value_estimate(scope).central.ratio,
        by_locality=value.ratio_by_locality,
    )
)

# Figures with a value per locality: the summary and the comparison table, in this order.
HEADLINES = [key for key, metric in REGISTRY.items() if metric.by_locality]
