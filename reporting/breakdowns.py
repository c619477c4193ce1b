"""Breakdown metrics: each a table of rows, computed from a request's `Figures`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from localities.models import ReferralSource
from outcomes.models import Level, WellbeingCheck
from people.models import AREAS_OF_SUPPORT, ContactMode, SupportLevel
from reporting.figures import Figures
from reporting.metrics import Metric, hours, percentile


def _introductions_made(figures: Figures, field: str) -> dict:
    counts: dict = defaultdict(int)
    for row in figures.introductions_made:
        counts[row[field]] += row["n"]
    return counts


def _introductions_by_month(figures: Figures) -> list[list]:
    counts = _introductions_made(figures, "month")
    return [
        [month.strftime("%b %Y"), counts.get(month, 0)] for month in figures.scope.period.months()
    ]


def _introductions_by(field: str, labels: dict) -> Callable[[Figures], list[list]]:
    def compute(figures: Figures) -> list[list]:
        counts = _introductions_made(figures, field)
        return [[label, counts[value]] for value, label in labels.items() if counts.get(value)]

    return compute


def _contacts_by_mode(figures: Figures) -> list[list]:
    """From the contact family's rows (grouped by locality and mode): no query of its own."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in figures.contacts:
        counts[row["mode"]][0] += row["contacts"]
        counts[row["mode"]][1] += row["all_minutes"]
    return [
        [label, counts[mode][0], hours(counts[mode][1])]
        for mode, label in ContactMode.choices
        if mode in counts
    ]


def _contacts_by_area(figures: Figures) -> list[list]:
    contacts = figures.contacts
    return [
        [label, contacts.total(f"{area}_n"), hours(contacts.total(f"{area}_m"))]
        for area, label in AREAS_OF_SUPPORT
    ]


def _outcomes_by_type(figures: Figures) -> list[list]:
    """From the outcome family's rows (grouped by locality and type): no query of its own."""
    quantities: dict[tuple[str, str], int] = defaultdict(int)
    for row in figures.outcomes:
        quantities[(row["outcome_type__level"], row["outcome_type__name"])] += row["outcomes"]
    levels = dict(Level.choices)
    return [[levels[level], name, n] for (level, name), n in sorted(quantities.items())]


NOT_IN_AN_INTRODUCTION = "Not in an introduction"


def _outcomes_by_source(figures: Figures) -> list[list]:
    quantities: dict[str | None, int] = defaultdict(int)
    for row in figures.outcome_people:
        quantities[row["source"]] += row["quantity"]
    rows = [
        [label, quantities[category]]
        for category, label in ReferralSource.Category.choices
        if quantities.get(category)
    ]
    if quantities.get(None):
        rows.append([NOT_IN_AN_INTRODUCTION, quantities[None]])
    return rows


def _length_of_involvement(figures: Figures) -> list[list]:
    days: dict[str, list[int]] = defaultdict(list)
    for _reason, level, introduced, closed in figures.closed_episodes:
        days[level].append((closed - introduced).days)
    rows = [
        [label, len(days[level]), percentile(days[level], 0.5)]
        for level, label in SupportLevel.choices
        if days.get(level)
    ]
    every = [d for level_days in days.values() for d in level_days]
    if every:
        rows.append(["All levels", len(every), percentile(every, 0.5)])
    return rows


BREAKDOWNS = [
    Metric(
        "introductions_by_month",
        "Introductions by month",
        "New introductions in each calendar month of the period.",
        "Introductions by the month of their introduction date; months with none show 0.",
        _introductions_by_month,
        headers=("Month", "Introductions"),
    ),
    Metric(
        "introductions_by_source",
        "Introductions by who introduced them",
        "New introductions by the category of their referral source.",
        "Introductions in the period grouped by the category of the referral source.",
        _introductions_by("referral_source__category", dict(ReferralSource.Category.choices)),
        headers=("Introduced by", "Introductions"),
    ),
    Metric(
        "introductions_by_support_level",
        "Introductions by support level when made",
        "New introductions by the support level they had when they were made.",
        "Introductions in the period grouped by the support level recorded for their "
        "introduction date (the latest change dated on or before it, else the first one "
        "recorded); an introduction with no recorded change by the level it has now. A "
        "later change of level does not move an introduction between rows.",
        _introductions_by("level_then", dict(SupportLevel.choices)),
        headers=("Support level", "Introductions"),
    ),
    Metric(
        "closing_reasons",
        "Closing reasons",
        "Why introductions closed in the period.",
        "Introductions closed in the period grouped by closing reason.",
        lambda f: f.closing_reasons,
        headers=("Reason", "Introductions closed"),
    ),
    Metric(
        "length_of_involvement",
        "Length of involvement",
        "How long introductions lasted, from introduction to closing, by support level.",
        "Introductions closed in the period: the days from their introduction date to their "
        "closing date; the median (half were shorter, half longer), by the support level "
        "they had when they closed, and for all levels together.",
        _length_of_involvement,
        headers=("Support level", "Introductions closed", "Median days"),
    ),
    Metric(
        "contacts_by_mode",
        "Contacts and hours by mode",
        "Contacts in the period, and their hours, by how they happened.",
        "Contacts dated in the period by mode; attempted contacts are a mode of their own, "
        "and their minutes appear only in their own row.",
        _contacts_by_mode,
        headers=("Mode", "Contacts", "Hours"),
    ),
    Metric(
        "contacts_by_area",
        "Contacts and hours by area of support",
        "Which of the eight areas of support contacts touched.",
        "Contacts dated in the period that reached the person and ticked each area, and "
        "their hours; attempted contacts touch no area. A contact can touch several areas, "
        "so the rows do not add up to the total.",
        _contacts_by_area,
        headers=("Area of support", "Contacts", "Hours"),
    ),
    Metric(
        "connections_by_category",
        "Connections made by asset category",
        "Connections made in the period by the kind of asset.",
        "Connections with a connected date in the period grouped by the asset's category.",
        lambda f: f.connections_by_category,
        headers=("Asset category", "Connections"),
    ),
    Metric(
        "outcomes_by_type",
        "Outcomes by level and type",
        "Counted changes in the period, by level and outcome type.",
        "The sum of quantities of outcomes dated in the period, by outcome type.",
        _outcomes_by_type,
        headers=("Level", "Outcome type", "Outcomes"),
    ),
    Metric(
        "outcomes_by_source",
        "Outcomes by who introduced people",
        "Counted changes in the period, by who introduced the person.",
        "The sum of quantities of outcomes dated in the period, by the category of the "
        "referral source of the introduction they belong to: the one the outcome was "
        "recorded against, else the person's introduction open on the outcome's date. "
        f"Outcomes of a whole locality, or dated outside any introduction, are shown as "
        f"'{NOT_IN_AN_INTRODUCTION}'.",
        _outcomes_by_source,
        headers=("Introduced by", "Outcomes"),
    ),
]

NEEDS = Metric(
    "needs",
    "Needs against assets",
    "The themes people bring to their introductions, against the community assets that "
    "could meet them, per locality.",
    "Themes of introductions made in the period, against the assets in the locality or "
    "area-wide carrying the same theme that were active at some time in the period. An "
    "asset counts as it is now unless the audit trail records it being switched on or off "
    "since the period began; then as it was. 'Unmet' means needs but no asset.",
    lambda f: f.needs,
    headers=("Locality", "Theme", "Introductions raising it", "Active assets", "Unmet need"),
)

_QUESTIONS = " ".join(f"“{question}”" for question in WellbeingCheck.QUESTIONS.values())

WELLBEING_CHANGE = Metric(
    "wellbeing_change",
    "Wellbeing change (paired)",
    "How people's ONS personal wellbeing scores changed while we supported them. The four "
    f"questions of the Office for National Statistics, each answered 0 to 10: {_QUESTIONS}",
    "Each person's latest check in the period against their baseline: their first check "
    "in the same introduction, even if it was before the period (a check belongs to the "
    "introduction it was recorded against, else to the person's introduction open on its "
    "date; only checks recorded in the chosen localities). People with no earlier check in "
    "that introduction, or whose check is in none, are left out; averages of unpaired checks "
    "are never used. Per question: people, mean change, the standard deviation of the "
    "changes, the 95% confidence interval of the mean change (mean ± t × standard deviation "
    "÷ √people, with Student's t for people − 1 degrees of freedom, from the published "
    "table up to 30 and the Cornish–Fisher approximation above), % better / same / worse "
    "(for anxiety lower is better), and movement between ONS bands (life satisfaction, "
    "worthwhile, happiness: 0–4 low, 5–6 medium, 7–8 high, 9–10 very high; anxiety: 0–1 "
    "very low, 2–3 low, 4–5 medium, 6–10 high). The four questions are never added up.",
    lambda f: f.wellbeing,  # the dashboard tabulates it per question and per band
)
