"""Breakdown metrics: each a table of rows, registered in the metric registry."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.db.models import Count
from django.db.models.functions import TruncMonth

from localities.models import ReferralSource
from outcomes.models import Level
from people.models import AREAS_OF_SUPPORT, ContactMode, SupportLevel
from reporting.metrics import (
    CONTACTS,
    OUTCOMES,
    Metric,
    connections_made_in,
    episodes_closed_in,
    hours,
    introductions_in,
    register,
)
from reporting.periods import Scope
from reporting.scoped import memoised

# Breakdown metrics: a table of rows each.


def _introductions_made(scope: Scope, field: str) -> dict:
    """Introductions in the period counted by `field`: one query serves all three tables."""

    def read() -> list[dict]:
        return list(
            introductions_in(scope)
            .order_by()
            .annotate(month=TruncMonth("introduced_on"))
            .values("month", "referral_source__category", "support_level")
            .annotate(n=Count("pk"))
        )

    counts: dict = defaultdict(int)
    for row in memoised(scope, "introductions_made", read):
        counts[row[field]] += row["n"]
    return counts


def _introductions_by_month(scope: Scope) -> list[list]:
    counts = _introductions_made(scope, "month")
    return [[month.strftime("%b %Y"), counts.get(month, 0)] for month in scope.period.months()]


def _introductions_by(field: str, labels: dict) -> Callable[[Scope], list[list]]:
    def compute(scope: Scope) -> list[list]:
        counts = _introductions_made(scope, field)
        return [[label, counts[value]] for value, label in labels.items() if counts.get(value)]

    return compute


def _by_name(base, field: str, aggregate=None) -> Callable[[Scope], list[list]]:
    def compute(scope: Scope) -> list[list]:
        rows = base(scope).order_by(field).values(field).annotate(n=aggregate or Count("pk"))
        return [[row[field] or "Not recorded", row["n"]] for row in rows]

    return compute


def _contacts_by_mode(scope: Scope) -> list[list]:
    """From the contact family's rows (grouped by locality and mode): no query of its own."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in CONTACTS.rows(scope):
        counts[row["mode"]][0] += row["contacts"]
        counts[row["mode"]][1] += row["all_minutes"]
    return [
        [label, counts[mode][0], hours(counts[mode][1])]
        for mode, label in ContactMode.choices
        if mode in counts
    ]


def _contacts_by_area(scope: Scope) -> list[list]:
    return [
        [label, CONTACTS.total(scope, f"{area}_n"), hours(CONTACTS.total(scope, f"{area}_m"))]
        for area, label in AREAS_OF_SUPPORT
    ]


def _outcomes_by_type(scope: Scope) -> list[list]:
    """From the outcome family's rows (grouped by locality and type): no query of its own."""
    quantities: dict[tuple[str, str], int] = defaultdict(int)
    for row in OUTCOMES.rows(scope):
        quantities[(row["outcome_type__level"], row["outcome_type__name"])] += row["outcomes"]
    levels = dict(Level.choices)
    return [[levels[level], name, n] for (level, name), n in sorted(quantities.items())]


register(
    Metric(
        "introductions_by_month",
        "Introductions by month",
        "New introductions in each calendar month of the period.",
        "Introductions by the month of their introduction date; months with none show 0.",
        _introductions_by_month,
        headers=("Month", "Introductions"),
    )
)
register(
    Metric(
        "introductions_by_source",
        "Introductions by who introduced them",
        "New introductions by the category of their referral source.",
        "Introductions in the period grouped by the category of the referral source.",
        _introductions_by("referral_source__category", dict(ReferralSource.Category.choices)),
        headers=("Introduced by", "Introductions"),
    )
)
register(
    Metric(
        "introductions_by_support_level",
        "Introductions by support level",
        "New introductions by the support level they have now.",
        "Introductions in the period grouped by their current support level.",
        _introductions_by("support_level", dict(SupportLevel.choices)),
        headers=("Support level", "Introductions"),
    )
)
register(
    Metric(
        "closing_reasons",
        "Closing reasons",
        "Why introductions closed in the period.",
        "Introductions closed in the period grouped by closing reason.",
        _by_name(episodes_closed_in, "closing_reason__name"),
        headers=("Reason", "Introductions closed"),
    )
)
register(
    Metric(
        "contacts_by_mode",
        "Contacts and hours by mode",
        "Contacts in the period, and their hours, by how they happened.",
        "Contacts dated in the period by mode; attempted contacts are a mode of their own, "
        "and their minutes appear only in their own row.",
        _contacts_by_mode,
        headers=("Mode", "Contacts", "Hours"),
    )
)
register(
    Metric(
        "contacts_by_area",
        "Contacts and hours by area of support",
        "Which of the eight areas of support contacts touched.",
        "Contacts dated in the period that reached the person and ticked each area, and "
        "their hours; attempted contacts touch no area. A contact can touch several areas, "
        "so the rows do not add up to the total.",
        _contacts_by_area,
        headers=("Area of support", "Contacts", "Hours"),
    )
)
register(
    Metric(
        "connections_by_category",
        "Connections made by asset category",
        "Connections made in the period by the kind of asset.",
        "Connections with a connected date in the period grouped by the asset's category.",
        _by_name(connections_made_in, "asset__category__name"),
        headers=("Asset category", "Connections"),
    )
)
register(
    Metric(
        "outcomes_by_type",
        "Outcomes by level and type",
        "Counted changes in the period, by level and outcome type.",
        "The sum of quantities of outcomes dated in the period, by outcome type.",
        _outcomes_by_type,
        headers=("Level", "Outcome type", "Outcomes"),
    )
)
