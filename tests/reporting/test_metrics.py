"""The metric registry against the hand-worked Riverside dataset (see conftest.py)."""

import datetime as dt
from decimal import Decimal

import pytest

from localities.models import Locality
from reporting.figures import Figures
from reporting.metrics import percentile
from reporting.periods import Period, Scope, financial_year, last_12_months
from reporting.registry import HEADLINES, REGISTRY
from reporting.tables import comparison, summary
from tests import factories

FY = financial_year(2025)


def value(key, scope):
    return REGISTRY[key].compute(Figures(scope))


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("introductions", 4),  # A's re-introduction, B, D (last day), E; not A1 or C
        ("people_supported", 4),  # A (twice, once), B, D, E; C closed the day before
        ("active_at_end", 3),  # A, B (closes after the end), D; E closed on the last day
        ("closed", 2),  # A1 and E
        ("median_days_to_first_contact", 4.0),  # 2, 4, 10
        ("p90_days_to_first_contact", 8.8),  # 4 + (10 − 4) × 0.8
        ("contacts", 2),  # in person, phone; the attempt is a figure of its own
        ("hours", 1.5),  # 60 + 30 minutes; the attempt's 10 minutes are not hours
        ("connections", 1),
        ("assets_developed", 1),
        ("assets_developed_total", 2),
        ("stories", 2),
        # (£5,000 + 5 × £40) × 0.966184, discounted a year = £5,024.16 × 0.75 × 0.70 =
        # £2,637.68 ÷ £1,825 (see test_value.py)
        ("value_per_pound", Decimal("1.45")),
    ],
)
def test_headline_metric_has_its_worked_value(riverside_fy, key, expected):
    assert value(key, riverside_fy) == expected


def test_breakdowns_have_their_worked_rows(riverside_fy):
    months = value("introductions_by_month", riverside_fy)
    assert len(months) == 12
    assert [row for row in months if row[1]] == [
        ["Jun 2025", 1],
        ["Sep 2025", 1],
        ["Dec 2025", 1],
        ["Mar 2026", 1],
    ]
    assert value("introductions_by_source", riverside_fy) == [
        ["Self", 1],
        ["GP / primary care", 1],
        ["Housing", 1],
        ["Voluntary sector", 1],
    ]
    assert value("introductions_by_support_level", riverside_fy) == [
        ["Information and connection", 2],
        ["Walking alongside", 2],
    ]
    assert value("closing_reasons", riverside_fy) == [["Goals met", 1], ["Moved away", 1]]
    assert value("contacts_by_mode", riverside_fy) == [
        ["In person", 1, 1.0],
        ["Phone", 1, 0.5],
        ["Attempted (no answer)", 1, 0.2],
    ]
    areas = value("contacts_by_area", riverside_fy)
    assert areas[0] == ["Practical, non-service solutions", 2, 1.5]
    assert areas[7] == ["Being heard (advocacy)", 1, 0.5]
    assert [row[1] for row in areas[1:7]] == [0] * 6
    assert value("connections_by_category", riverside_fy) == [["Group", 1]]
    assert value("outcomes_by_type", riverside_fy) == [
        ["Individual and family", "More confident", 3],
        ["System", "Eviction prevented", 1],
        ["System", "GP appointment avoided", 5],
    ]


def test_an_empty_period_gives_zeros_and_no_medians(riverside_fy):
    empty = Scope(riverside_fy.localities, Period(dt.date(2010, 1, 1), dt.date(2010, 1, 31), "x"))
    assert value("introductions", empty) == 0
    assert value("hours", empty) == 0
    assert value("outcomes_system", empty) == 0
    assert value("people_with_outcome_share", empty) is None
    assert value("median_days_to_first_contact", empty) is None
    assert value("value_per_pound", empty) == 0


def test_comparison_puts_localities_side_by_side(both_fy):
    table = comparison(Figures(both_fy))
    assert [row[0] for row in table.rows] == ["Hilltop", "Riverside"]
    hilltop, riverside = table.rows
    column = {name: i for i, name in enumerate(table.headers)}
    assert riverside[column["Introductions"]] == 4
    assert hilltop[column["Introductions"]] == 1
    assert hilltop[column["Outcomes: system"]] == 2
    assert hilltop[column["Hours with people"]] == 0
    assert hilltop[column["Median days to first contact"]] == 1.0
    assert riverside[column["Median days to first contact"]] == 4.0


def test_needs_against_assets_flags_unmet_needs(riverside_fy):
    # The inactive Old club does not count; the area-wide Borough Debt Advice does.
    assert value("needs", riverside_fy) == [
        ["Riverside", "Housing", 1, 0, "Unmet"],
        ["Riverside", "Loneliness", 2, 1, ""],
        ["Riverside", "Money", 1, 1, ""],
    ]


def test_percentile_interpolates_like_percentile_cont():
    assert percentile([], 0.5) is None
    assert percentile([7], 0.9) == 7
    assert percentile([1, 2, 3, 4], 0.5) == 2.5
    assert percentile([10, 2, 4], 0.9) == 8.8


def test_periods_cover_the_right_days():
    assert financial_year(2025).start == dt.date(2025, 4, 1)
    assert financial_year(2025).end == dt.date(2026, 3, 31)
    assert financial_year(2023).days == 366  # 2024 is a leap year
    # Twelve months to today, not this month and the eleven before it (test_new_figures).
    twelve = last_12_months(dt.date(2026, 6, 15))
    assert (twelve.start, twelve.end) == (dt.date(2025, 6, 16), dt.date(2026, 6, 15))
    assert len(twelve.months()) == 13  # a part of June 2025 and of June 2026


def test_every_metric_has_a_definition_and_a_way_of_counting():
    for metric in REGISTRY.values():
        assert metric.name
        assert metric.definition
        assert metric.counting


def test_scope_totals_are_the_sums_of_the_localities(both_fy):
    table = comparison(Figures(both_fy))
    for key in HEADLINES:
        if REGISTRY[key].empty is None or key == "value_per_pound":
            continue  # a median, a rate, a share, a ratio: not sums
        column = table.headers.index(REGISTRY[key].name)
        assert round(sum(row[column] for row in table.rows), 1) == value(key, both_fy), key


def test_summary_and_comparison_share_one_read_per_family(both_fy, django_assert_num_queries):
    # Guards against a query per metric (or per locality) creeping back: the summary reads
    # each family once (and, for the value per £1, the localities and their costs), and the
    # comparison splits those same rows by locality, with no query of its own.
    figures = Figures(both_fy)
    summary(figures)
    with django_assert_num_queries(0):
        comparison(figures)


def test_each_localitys_value_per_pound_is_its_own_scopes_figure(dataset, locality):
    both = Scope(Locality.objects.all(), FY)
    riverside = Scope(Locality.objects.filter(pk=locality.pk), FY)

    per_locality = REGISTRY["value_per_pound"].by_locality(Figures(both))

    assert per_locality[locality.pk] == value("value_per_pound", riverside) == Decimal("1.45")
    # Hilltop has no cost set: no ratio, not £0.
    assert [ratio for pk, ratio in per_locality.items() if pk != locality.pk] == [None]


def test_each_localitys_value_per_pound_counts_wellbys_when_switched_on(dataset, locality):
    factories.ValueSettingsFactory(include_wellby=True)
    both = Scope(Locality.objects.all(), FY)
    riverside = Scope(Locality.objects.filter(pk=locality.pk), FY)

    assert REGISTRY["value_per_pound"].by_locality(Figures(both))[locality.pk] == value(
        "value_per_pound", riverside
    )
