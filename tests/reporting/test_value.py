"""Value estimate against the worked dataset: Riverside costs £1,825 a year."""

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest

from reporting.figures import Figures
from reporting.periods import Period, Scope
from reporting.registry import REGISTRY
from reporting.tables import comparison, wellbeing_tables
from reporting.value_rows import type_rows, variant_rows
from tests import factories


def value_estimate(scope):
    return Figures(scope).value


def wellbeing_change(scope):
    return Figures(scope).wellbeing


def test_gross_value_multiplies_outcomes_by_unit_values(riverside_fy):
    estimate = value_estimate(riverside_fy)
    assert estimate.gross == Decimal("5200.00")  # 1 × £5,000 + 5 × £40
    assert [(line.name, line.gross) for line in estimate.working.lines] == [
        ("Eviction prevented", Decimal("5000.00")),
        ("GP appointment avoided", Decimal("200.00")),
    ]
    assert [(t.name, t.quantity) for t in estimate.not_valued] == [("More confident", 3)]
    assert estimate.price_years == [2023, 2024]


def test_net_value_and_ratio_in_three_variants(riverside_fy):
    # The method changed: value is now discounted, year 1 included (one year at 3.5 %:
    # × 0.966184). £5,000 × 0.966184 = £4,830.92; £200 × 0.966184 = £193.24; £5,024.16.
    # The series is flat in this dataset, so the price years change nothing.
    estimate = value_estimate(riverside_fy)
    assert estimate.cost == Decimal("1825.00")  # 365 of 365 days
    assert estimate.working.present == Decimal("5024.16")
    assert [(v.name, v.net, v.ratio) for v in estimate.variants] == [
        ("Low", Decimal("1959.42"), Decimal("1.07")),  # 5024.16 × 0.65 = 3265.70 × 0.60
        ("Central", Decimal("2637.68"), Decimal("1.45")),  # × 0.75 = 3768.12 × 0.70
        ("High", Decimal("3416.43"), Decimal("1.87")),  # × 0.85 = 4270.54 × 0.80
    ]


def test_localities_without_a_cost_are_left_out_of_the_ratio(both_fy):
    estimate = value_estimate(both_fy)
    # Hilltop's 2 evictions are listed with the scope's outcomes, not in the arithmetic.
    assert [(t.name, t.quantity) for t in estimate.valued] == [
        ("Eviction prevented", 3),
        ("GP appointment avoided", 5),
    ]
    assert estimate.gross == Decimal("5200.00")
    assert estimate.uncosted == ["Hilltop"]
    assert estimate.central.ratio == Decimal("1.45")


def test_cost_is_pro_rated_by_days(riverside_fy):

    quarter = Scope(riverside_fy.localities, Period(dt.date(2025, 4, 1), dt.date(2025, 6, 30), "q"))
    assert value_estimate(quarter).cost == Decimal("455.00")  # 1825 × 91 ÷ 365


def test_wellby_is_shown_but_not_counted_by_default(riverside_fy):
    wellby = value_estimate(riverside_fy).wellby
    assert (wellby.people, wellby.points, wellby.value) == (2, 3, Decimal("39000.00"))
    assert wellby.included is False


def test_wellby_counts_when_switched_on(riverside_fy):
    factories.ValueSettingsFactory(include_wellby=True)
    central = value_estimate(riverside_fy).central
    # £5,024.16 + 3 × £13,000 × 0.966184 (£37,681.18) = £42,705.34; × 0.75 = £32,029.01;
    # × 0.70 = £22,420.31; ÷ £1,825 = 12.285… (before discounting: £23,205.00, 12.72).
    assert central.present == Decimal("42705.34")
    assert central.net == Decimal("22420.31")
    assert central.ratio == Decimal("12.29")


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
    figures = Figures(both_fy)
    wellbeing_tables(figures)
    outcomes_by_type = REGISTRY["outcomes_by_type"].compute(figures)
    comparison(figures)
    with django_assert_num_queries(0):
        estimate = figures.value
    assert sum(row[2] for row in outcomes_by_type) == sum(t.quantity for t in estimate.types)


def test_no_value_against_a_cost_is_a_ratio_of_nothing_not_a_blank(riverside_fy):
    empty = Scope(riverside_fy.localities, Period(dt.date(2020, 4, 1), dt.date(2020, 6, 30), "q"))
    estimate = value_estimate(empty)

    assert estimate.cost == Decimal("455.00")
    assert [row[-1] for row in variant_rows(estimate)] == [Decimal("0.00")] * 3


def test_a_price_year_is_written_as_a_year(riverside_fy):
    rows = type_rows(value_estimate(riverside_fy))

    # A financial year, never a quantity ("2,024"); the WELLBY's is 2019-20.
    assert sorted(row[3] for row in rows if row[3]) == ["2019-20", "2023-24", "2024-25"]


# The scope's value per £1 and each locality's come from the same rows, worked the same way.


@pytest.fixture
def both_costed(both_fy, other_locality):
    other_locality.annual_cost = 730  # Hilltop: £730 a year, £730.00 over the 365 days
    other_locality.save()
    return both_fy


def _from_rows(places):
    """The central ratio from per-locality rows: their outcomes and WELLBYs added up, worked
    once, ÷ their costs added up."""
    quantities = Counter()
    for place in places:
        quantities.update(place.quantities)
    points = sum(place.wellby_points for place in places)
    cost = sum(place.cost for place in places)
    return places[0].basis.work(quantities, points, cost).ratio


def test_the_scopes_value_per_pound_is_its_localities_rows_added_up(both_costed, locality):
    figures = Figures(both_costed)
    comparison_table = comparison(figures)
    column = comparison_table.headers.index("Estimated value per £1")

    # Hilltop 2 × £5,000 × 0.966184 = £9,661.84 × 0.75 × 0.70 = £5,072.47 ÷ £730 = 6.948…;
    # Riverside £2,637.68 ÷ £1,825 (see above).
    assert [(row[0], row[column]) for row in comparison_table.rows] == [
        ("Hilltop", Decimal("6.95")),
        ("Riverside", Decimal("1.45")),
    ]
    # Together: 3 × £5,000 × 0.966184 = £14,492.76 + £193.24 = £14,686.00 × 0.75 =
    # £11,014.50 × 0.70 = £7,710.15 ÷ (£730 + £1,825) = 3.017…
    assert figures.value.central.ratio == Decimal("3.02")
    assert figures.value.central.ratio == _from_rows(figures.value_by_locality)
    assert REGISTRY["value_per_pound"].compute(figures) == Decimal("3.02")
    assert [(v.net, v.ratio) for v in figures.value.variants] == [
        (Decimal("5727.54"), Decimal("2.24")),  # 14,686.00 × 0.65 = 9,545.90 × 0.60
        (Decimal("7710.15"), Decimal("3.02")),
        (Decimal("9986.48"), Decimal("3.91")),  # 14,686.00 × 0.85 = 12,483.10 × 0.80
    ]


def test_the_scopes_value_per_pound_adds_up_wellbys_as_its_localities_do(both_costed):
    factories.ValueSettingsFactory(include_wellby=True)
    figures = Figures(both_costed)
    column = comparison(figures).headers.index("Estimated value per £1")

    # Hilltop £9,661.84 + 8 × £13,000 × 0.966184 (£100,483.14) = £110,144.98 × 0.75 × 0.70
    # = £57,826.12 ÷ £730 = 79.21…; Riverside £22,420.31 ÷ £1,825 (see above).
    assert [row[column] for row in comparison(figures).rows] == [
        Decimal("79.21"),
        Decimal("12.29"),
    ]
    # Together: £14,686.00 + 11 × £13,000 × 0.966184 (£138,164.31) = £152,850.31 × 0.75 =
    # £114,637.73 × 0.70 = £80,246.41 ÷ £2,555 = 31.407…
    assert figures.value.central.ratio == Decimal("31.41") == _from_rows(figures.value_by_locality)
    assert (figures.value.wellby.people, figures.value.wellby.points) == (3, 11)


def test_a_person_checked_in_two_localities_is_paired_within_each(
    both_costed, locality, other_locality
):
    # Life satisfaction 2 in Riverside, then 8 in Hilltop after a move: a pair in neither
    # locality, so in neither's WELLBYs, and so not in the scope's either.
    factories.ValueSettingsFactory(include_wellby=True)
    mover = factories.PersonFactory(first_name="Mover", locality=locality)
    factories.WellbeingCheckFactory(
        person=mover, locality=locality, checked_on=dt.date(2025, 5, 1), life_satisfaction=2
    )
    factories.WellbeingCheckFactory(
        person=mover, locality=other_locality, checked_on=dt.date(2025, 10, 1), life_satisfaction=8
    )
    figures = Figures(both_costed)

    assert [(p.name, p.wellby_points) for p in figures.value_by_locality] == [
        ("Hilltop", 8),
        ("Riverside", 3),
    ]
    assert figures.value.wellby.points == 11
    assert figures.value.central.ratio == Decimal("31.41")
