"""Metrics, and the headline ones: a number each, for the scope and per locality.

Each metric has a key, a name, a plain-English definition, how it is counted and a
function computing it from a request's `Figures`, for the whole scope and per locality
(the comparison table). Headline metrics are columns of their family's rows: the scope's
figure is the sum of its localities' rows. The figures counting people (supported,
active at the end) are not sums: they count each person once over the scope, since
someone who moved may count in two of its localities. The registry
(`reporting.registry`) lists them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from outcomes.models import Level
from people.models import ContactMode
from reporting.families import Rows
from reporting.figures import Figures

ATTEMPTED = ContactMode.ATTEMPTED
LEVEL = "outcome_type__level"


@dataclass(frozen=True)
class Metric:
    key: str
    name: str
    definition: str
    counting: str
    compute: Callable[[Figures], Any]
    by_locality: Callable[[Figures], dict[int, Any]] | None = None
    headers: tuple[str, ...] = ()  # for metrics whose value is a table of rows
    # What a locality with nothing to count shows: 0 for a count; None (a dash) for a
    # median, a rate or a share, which are not sums of their localities' figures either.
    empty: Any = 0


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


def _column(
    family: Callable[[Figures], Rows], column: str, finish: Callable[[int], Any] = lambda v: v
) -> dict:
    """A metric's `compute` and `by_locality`: one column of a family's rows."""

    def compute(figures: Figures) -> Any:
        return finish(family(figures).total(column))

    def by_locality(figures: Figures) -> dict[int, Any]:
        return {pk: finish(v) for pk, v in family(figures).per_locality(column).items()}

    return {"compute": compute, "by_locality": by_locality}


def _days_to_first_contact(fraction: float) -> dict:
    return _days(lambda f: f.waits, fraction)


def _days(waits: Callable[[Figures], dict[int, list[int]]], fraction: float) -> dict:
    """A percentile of days per locality (`waits`), over the scope and per locality."""

    def compute(figures: Figures) -> float | None:
        return percentile([d for days in waits(figures).values() for d in days], fraction)

    def by_locality(figures: Figures) -> dict[int, float | None]:
        return {pk: percentile(days, fraction) for pk, days in waits(figures).items()}

    return {"compute": compute, "by_locality": by_locality, "empty": None}


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _rows_where(
    family: Callable[[Figures], Rows], column: str, keep: Callable[[dict], bool]
) -> dict:
    """A count from some of a family's rows (`keep`), over the scope and per locality."""

    def by_locality(figures: Figures) -> dict[int, int]:
        rows = family(figures)
        totals: dict[int, int] = {}
        for row in rows:
            if keep(row):
                place = row[rows.locality]
                totals[place] = totals.get(place, 0) + (row[column] or 0)
        return totals

    return {"compute": lambda f: sum(by_locality(f).values()), "by_locality": by_locality}


def _introductions_made(figures: Figures) -> dict[int, list[int]]:
    """Per locality: [introductions, re-introductions] made in the period."""
    counts: dict[int, list[int]] = {}
    for row in figures.introductions_made:
        place = counts.setdefault(row["locality"], [0, 0])
        place[0] += row["n"]
        place[1] += row["n"] if row["again"] else 0
    return counts


def _reintroduction_rate(figures: Figures) -> float | None:
    counts = _introductions_made(figures).values()
    return percent(sum(again for _, again in counts), sum(n for n, _ in counts))


def _reintroduction_rate_by_locality(figures: Figures) -> dict[int, float | None]:
    return {pk: percent(again, n) for pk, (n, again) in _introductions_made(figures).items()}


def _people_with_outcome(figures: Figures) -> dict[int, set[int]]:
    """Per locality, the people supported in the period with an outcome dated in it."""
    people: dict[int, set[int]] = {}
    for row in figures.outcome_people:
        if row["person"] is not None and row["supported"]:
            people.setdefault(row["locality"], set()).add(row["person"])
    return people


def _people_with_outcome_count(figures: Figures) -> int:
    return len(set().union(*_people_with_outcome(figures).values()))


def _share_with_outcome(figures: Figures) -> float | None:
    supported = _metric("people_supported").compute(figures)
    return percent(_people_with_outcome_count(figures), supported)


def _share_with_outcome_by_locality(figures: Figures) -> dict[int, float | None]:
    supported = _metric("people_supported").by_locality(figures)
    people = _people_with_outcome(figures)
    return {pk: percent(len(people.get(pk, ())), n) for pk, n in supported.items()}


def _people_moved(figures: Figures) -> int:
    return len(set().union(*figures.moved_to_walking_alongside.values()))


def _metric(key: str) -> Metric:
    return next(metric for metric in HEADLINE_METRICS if metric.key == key)


def _value_per_pound(figures: Figures) -> Decimal | None:
    return figures.value.central.ratio


def _value_per_pound_by_locality(figures: Figures) -> dict[int, Decimal | None]:
    """Each locality's own figure, worked out as the scope's (which adds these rows up)."""
    return {place.pk: place.ratio for place in figures.value_by_locality}


HEADLINE_METRICS = [
    Metric(
        "introductions",
        "Introductions",
        "New introductions (episodes of involvement) made in the period.",
        "Introductions whose introduction date is in the period. A person introduced twice "
        "counts twice.",
        **_column(lambda f: f.introductions, "introductions"),
    ),
    Metric(
        "people_supported",
        "People supported",
        "Different people with an introduction open at any time in the period.",
        "People with an introduction made on or before the last day of the period and not "
        "closed before its first day, each introduction counted in the locality it was in on "
        "its last day in the period (the period's last day, or the day it closed): where it "
        "was made, or where the person had moved to by then. A person with two introductions "
        "counts once; one counted in two localities counts once in each, and once in all.",
        **_column(lambda f: f.episodes, "people_supported"),
    ),
    Metric(
        "active_at_end",
        "Active at period end",
        "People with an open introduction on the last day of the period.",
        "Different people with an introduction made on or before the last day and not closed "
        "by then, counted in the locality it was in that day: where it was made, or where the "
        "person had moved to by then. Two introductions of one person never overlap.",
        **_column(lambda f: f.episodes, "active_at_end"),
    ),
    Metric(
        "closed",
        "Introductions closed",
        "Introductions closed in the period.",
        "Introductions whose closing date is in the period, counted in the locality each was "
        "in when it closed: where it was made, or where the person had moved to by then.",
        **_column(lambda f: f.episodes, "closed"),
    ),
    Metric(
        "reintroduction_rate",
        "Re-introduction rate (%)",
        "Of the introductions made in the period, the share for people introduced before.",
        "Introductions whose introduction date is in the period and whose person had an "
        "earlier introduction (in any locality, however long ago), as a percentage of all "
        "introductions in the period; each counted where the introduction was made.",
        _reintroduction_rate,
        by_locality=_reintroduction_rate_by_locality,
        empty=None,
    ),
    Metric(
        "moved_to_walking_alongside",
        "Moved from information and connection to walking alongside",
        "People whose support deepened from information and connection to walking "
        "alongside in the period.",
        "Different people with a recorded change of their introduction's support level from "
        "information and connection to walking alongside dated in the period; the level an "
        "introduction was made at is not a change. Someone who went back and moved again "
        "counts once. Counted where the introduction was made.",
        _people_moved,
        by_locality=lambda f: {pk: len(p) for pk, p in f.moved_to_walking_alongside.items()},
    ),
    Metric(
        "median_days_to_first_contact",
        "Median days to first contact",
        "The typical wait from introduction to first contact.",
        "For introductions whose first contact fell in the period: the days from introduction "
        "to first contact; the median (half waited less, half more).",
        **_days_to_first_contact(0.5),
    ),
    Metric(
        "p90_days_to_first_contact",
        "90th percentile days to first contact",
        "The wait that nine in ten introductions were within.",
        "Same introductions as the median; the 90th percentile, interpolated between the "
        "closest values.",
        **_days_to_first_contact(0.9),
    ),
    Metric(
        "contacts",
        "Contacts",
        "Conversations, visits, calls, accompanied trips and group sessions that reached "
        "the person.",
        "Contacts dated in the period of every mode but 'attempted'. Attempted contacts (no "
        "answer) are counted on their own, in the next figure.",
        **_rows_where(lambda f: f.contacts, "contacts", lambda row: row["mode"] != ATTEMPTED),
    ),
    Metric(
        "attempted_contacts",
        "Attempted contacts",
        "Tries to reach someone that got no answer.",
        "Contacts dated in the period of mode 'attempted' (no answer). They are not in "
        "Contacts, nor in Hours with people.",
        **_rows_where(lambda f: f.contacts, "contacts", lambda row: row["mode"] == ATTEMPTED),
    ),
    Metric(
        "hours",
        "Hours with people",
        "Time spent with people, in hours.",
        "Minutes of contacts dated in the period, divided by 60. Attempted contacts are NOT "
        "included in these hours; the table by mode shows their time separately.",
        **_column(lambda f: f.contacts, "real_minutes", hours),
    ),
    Metric(
        "connections",
        "Connections made",
        "People linked to a community asset in the period.",
        "Connections whose connected date is in the period, whatever their status now.",
        **_column(lambda f: f.connections, "connections"),
    ),
    Metric(
        "assets_developed",
        "Assets developed with LAC support",
        "Groups and resources local people started or grew with a coordinator's help.",
        "Assets in the localities marked 'developed with LAC support' with a developed date in "
        "the period (area-wide assets are not counted).",
        **_column(lambda f: f.assets, "assets_developed"),
    ),
    Metric(
        "assets_developed_total",
        "Assets developed with LAC support (total)",
        "All assets developed with LAC support up to the end of the period.",
        "Assets marked 'developed with LAC support' dated on or before the last day, or "
        "without a date.",
        **_column(lambda f: f.assets, "assets_developed_total"),
    ),
    *[
        Metric(
            f"outcomes_{level}",
            f"Outcomes: {label.lower()}",
            f"Counted changes at the {label.lower()} level recorded in the period.",
            f"The sum of the quantities of outcomes dated in the period whose type is at the "
            f"{label.lower()} level. Outcomes of different levels are never added together.",
            **_rows_where(lambda f: f.outcomes, "outcomes", lambda row, lv=level: row[LEVEL] == lv),
        )
        for level, label in Level.choices
    ],
    Metric(
        "people_with_outcome",
        "People with at least one outcome",
        "Different people supported in the period with at least one outcome recorded in it.",
        "People with an outcome dated in the period who had an introduction open at some time "
        "in the period; each counted where the outcome was recorded, and once over the scope. "
        "Outcomes of a whole locality (no person) are not counted here.",
        _people_with_outcome_count,
        by_locality=lambda f: {pk: len(p) for pk, p in _people_with_outcome(f).items()},
    ),
    Metric(
        "people_with_outcome_share",
        "People with an outcome (% of people supported)",
        "The share of the people supported in the period who have at least one outcome.",
        "People with at least one outcome divided by People supported, as a percentage.",
        _share_with_outcome,
        by_locality=_share_with_outcome_by_locality,
        empty=None,
    ),
    Metric(
        "median_days_to_first_outcome",
        "Median days from introduction to first outcome",
        "The typical time from introduction to the first counted change.",
        "For introductions open in the period whose first outcome was dated in the period: "
        "the days from introduction to that outcome; the median. An introduction's outcomes "
        "are those recorded against it, and the person's outcomes dated while it was open "
        "that name no introduction. Counted where the introduction was made.",
        **_days(lambda f: f.first_outcome_waits, 0.5),
    ),
    Metric(
        "stories",
        "Stories",
        "Stories of change told in the period.",
        "Outcome stories dated in the period, whatever their consent to share.",
        **_column(lambda f: f.stories, "stories"),
    ),
    Metric(
        "featured_stories",
        "Featured stories",
        "Stories a manager chose for reports, printed in them.",
        "Outcome stories dated in the period, marked featured, with consent to share them "
        "(with the name, or anonymised: printed with the person's names taken out). Stories "
        "not to be shared, and the stories of people anonymised at the end of the retention "
        "period, are never printed, so never counted. The report counts the stories it "
        "prints for its reader.",
        **_column(lambda f: f.stories, "featured_stories"),
    ),
]

VALUE_PER_POUND = Metric(
    "value_per_pound",
    "Estimated value per £1",
    "Estimated social value (SROI method, forecast from recorded outcomes) for each pound "
    "the service costs.",
    "Σ outcomes × unit value of their type, brought to the estimate's price year by the GDP "
    "deflator, × its present value factor (Σ over years t = 1 … duration of (1 − drop-off)"
    "^(t−1) ÷ (1 + discount rate)^t: year 1 discounted), less deadweight, attribution and "
    "displacement, divided by the cost of the service over the period (each locality's "
    "annual cost × the days of each financial year covered ÷ that year's days). Types "
    "without a unit value, or whose price year is not in the deflator series, are listed as "
    "not valued. Localities without a cost, and their outcomes, are left out. Low / central "
    "/ high move deadweight and attribution by the sensitivity step. For several "
    "localities: their outcomes and WELLBYs added up and worked once, over the sum of their "
    "costs (WELLBYs, when counted, pair each person's checks within the locality they were "
    "recorded in).",
    _value_per_pound,
    by_locality=_value_per_pound_by_locality,
)
