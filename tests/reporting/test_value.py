"""Value estimate against the worked dataset: Riverside costs £1,825 a year."""

import datetime as dt
from decimal import Decimal

from reporting.metrics import REGISTRY
from reporting.periods import Period, Scope
from reporting.tables import comparison, wellbeing_tables
from reporting.value import type_rows, value_estimate, variant_rows
from reporting.wellbeing import wellbeing_change


def test_gross_value_multiplies_outcomes_by_unit_values(riverside_fy):
    estimate = value_estimate(riverside_fy)
    assert estimate.gross == Decimal("5200.00")  # 1 × £5,000 + 5 × £40
    assert [(t.name, t.gross) for t in estimate.valued] == [
        ("Eviction prevented", Decimal("5000.00")),
        ("GP appointment avoided", Decimal("200.00")),
    ]
    assert [(t.name, t.quantity) for t in estimate.not_valued] == [("More confident", 3)]
    assert estimate.price_years == [2023, 2024]


def test_net_value_and_ratio_in_three_variants(riverside_fy):
    estimate = value_estimate(riverside_fy)
    assert estimate.cost == Decimal("1825.00")  # 365 of 365 days
    assert [(v.name, v.net, v.ratio) for v in estimate.variants] == [
        ("Low", Decimal("2028.00"), Decimal("1.11")),  # 5200 × 0.65 × 0.60
        ("Central", Decimal("2730.00"), Decimal("1.50")),  # 5200 × 0.75 × 0.70
        ("High", Decimal("3536.00"), Decimal("1.94")),  # 5200 × 0.85 × 0.80
    ]


def test_localities_without_a_cost_are_left_out_of_the_ratio(both_fy):
    estimate = value_estimate(both_fy)
    assert estimate.gross == Decimal("15200.00")  # Hilltop's 2 evictions included here
    assert estimate.gross_costed == Decimal("5200.00")
    assert estimate.uncosted == ["Hilltop"]
    assert estimate.central.ratio == Decimal("1.50")


def test_cost_is_pro_rated_by_days(riverside_fy):

    quarter = Scope(riverside_fy.localities, Period(dt.date(2025, 4, 1), dt.date(2025, 6, 30), "q"))
    assert value_estimate(quarter).cost == Decimal("455.00")  # 1825 × 91 ÷ 365


def test_wellby_is_shown_but_not_counted_by_default(riverside_fy):
    wellby = value_estimate(riverside_fy).wellby
    assert (wellby.people, wellby.points, wellby.value) == (2, 3, Decimal("39000.00"))
    assert wellby.included is False


def test_wellby_counts_when_switched_on(riverside_fy, settings):
    settings.LAC_VALUE_INCLUDE_WELLBY = True
    central = value_estimate(riverside_fy).central
    assert central.net == Decimal("23205.00")  # (5200 + 39000) × 0.525
    assert central.ratio == Decimal("12.72")


def test_no_cost_means_no_ratio(riverside_fy, locality):
    locality.annual_cost = None
    locality.save()
    estimate = value_estimate(riverside_fy)
    assert estimate.cost == 0
    assert estimate.central.ratio is None
    assert estimate.uncosted == ["Riverside"]


def test_wellby_pairs_only_the_people_of_costed_localities(both_fy):
    # Hilltop (no cost) has a paired +8 on life satisfaction; Riverside's people +3.
    assert wellbeing_change(both_fy).item("life_satisfaction").total_change == 11
    assert value_estimate(both_fy).wellby.points == 3


def test_value_estimate_reuses_the_dashboards_reads(both_fy, django_assert_num_queries):
    # The wellbeing table, the outcomes table and the comparison read what the value
    # estimate needs; it pairs wellbeing checks again only in Python.
    wellbeing_tables(both_fy)
    outcomes_by_type = REGISTRY["outcomes_by_type"].compute(both_fy)
    comparison(both_fy)
    with django_assert_num_queries(0):
        estimate = value_estimate(both_fy)
    assert sum(row[2] for row in outcomes_by_type) == sum(t.quantity for t in estimate.types)


def test_no_value_against_a_cost_is_a_ratio_of_nothing_not_a_blank(riverside_fy):
    empty = Scope(riverside_fy.localities, Period(dt.date(2020, 4, 1), dt.date(2020, 6, 30), "q"))
    estimate = value_estimate(empty)

    assert estimate.cost == Decimal("455.00")
    assert [row[-1] for row in variant_rows(estimate)] == [Decimal("0.00")] * 3


def test_a_price_year_is_written_as_a_year(riverside_fy):
    rows = type_rows(value_estimate(riverside_fy))

    assert sorted(row[-1] for row in rows if row[-1]) == ["2023", "2024"]
