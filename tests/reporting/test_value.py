"""Value estimate against the worked dataset: Riverside costs £1,825 a year."""

import datetime as dt
from decimal import Decimal

import pytest

from reporting.figures import Figures
from reporting.periods import Period, Scope
from reporting.registry import REGISTRY
from reporting.tables import comparison, wellbeing_tables
from reporting.value import money, type_rows, variant_rows
from tests import factories


def value_estimate(scope):
    return Figures(scope).value


def wellbeing_change(scope):
    return Figures(scope).wellbeing


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

    assert sorted(row[-1] for row in rows if row[-1]) == ["2023", "2024"]


# The scope's value per £1 and each locality's come from the same rows, worked the same way.


@pytest.fixture
def both_costed(both_fy, other_locality):
    other_locality.annual_cost = 730  # Hilltop: £730 a year, £730.00 over the 365 days
    other_locality.save()
    return both_fy


def _from_rows(places, keep=Decimal("0.525")):
    """The central ratio worked by hand from per-locality rows: Σ value × keep ÷ Σ cost."""
    net = money(sum(place.base for place in places) * keep)
    return money(net / sum(place.cost for place in places))


def test_the_scopes_value_per_pound_is_its_localities_rows_added_up(both_costed, locality):
    figures = Figures(both_costed)
    comparison_table = comparison(figures)
    column = comparison_table.headers.index("Estimated value per £1")

    # Hilltop 2 × £5,000 × 0.525 = £5,250 ÷ £730; Riverside £2,730 ÷ £1,825 (see above).
    assert [(row[0], row[column]) for row in comparison_table.rows] == [
        ("Hilltop", Decimal("7.19")),
        ("Riverside", Decimal("1.50")),
    ]
    # Together: (£10,000 + £5,200) × 0.525 = £7,980 ÷ (£730 + £1,825) = 3.123…
    assert figures.value.central.ratio == Decimal("3.12")
    assert figures.value.central.ratio == _from_rows(figures.value_by_locality)
    assert REGISTRY["value_per_pound"].compute(figures) == Decimal("3.12")
    assert [(v.net, v.ratio) for v in figures.value.variants] == [
        (Decimal("5928.00"), Decimal("2.32")),  # 15,200 × 0.39
        (Decimal("7980.00"), Decimal("3.12")),
        (Decimal("10336.00"), Decimal("4.05")),  # 15,200 × 0.68
    ]


def test_the_scopes_value_per_pound_adds_up_wellbys_as_its_localities_do(both_costed, settings):
    settings.LAC_VALUE_INCLUDE_WELLBY = True
    figures = Figures(both_costed)
    column = comparison(figures).headers.index("Estimated value per £1")

    # Hilltop (£10,000 + 8 × £13,000) × 0.525 = £59,850 ÷ £730; Riverside £23,205 ÷ £1,825.
    assert [row[column] for row in comparison(figures).rows] == [
        Decimal("81.99"),
        Decimal("12.72"),
    ]
    # Together: £158,200 × 0.525 = £83,055 ÷ £2,555 = 32.506…
    assert figures.value.central.ratio == Decimal("32.51") == _from_rows(figures.value_by_locality)
    assert (figures.value.wellby.people, figures.value.wellby.points) == (3, 11)


def test_a_person_checked_in_two_localities_is_paired_within_each(
    both_costed, locality, other_locality, settings
):
    # Life satisfaction 2 in Riverside, then 8 in Hilltop after a move: a pair in neither
    # locality, so in neither's WELLBYs, and so not in the scope's either.
    settings.LAC_VALUE_INCLUDE_WELLBY = True
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
    assert figures.value.central.ratio == Decimal("32.51")
