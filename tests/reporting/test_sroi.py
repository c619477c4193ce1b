"""The value estimate by the SROI method: a hand-worked example to the penny, the cost of a
period, prices, sensitivity, the panel's arithmetic, messages and the settings' rules."""

import datetime as dt
import importlib
from decimal import Decimal
from fractions import Fraction

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from localities.models import Locality
from reporting.figures import Figures
from reporting.models import GdpDeflator, ValueSettings
from reporting.periods import Period, Scope, financial_year
from reporting.sroi import CostPart, Prices, cost_parts, money, period_cost, present_value_factor
from reporting.tables import BUILDERS
from tests import factories

D = Decimal
FY = financial_year(2025)  # 1 Apr 2025 – 31 Mar 2026: 365 days
SHIPPING = importlib.import_module(
    "reporting.migrations.0003_value_settings_row_one_and_shipped_deflators"
)


@pytest.fixture
def shipped(db):
    """The series as the migration ships it. A test that flushes the database (a
    transactional one) takes the migration's rows with it, so ship them again here."""
    SHIPPING.ship_series(apps, None)


def _type(name, value=None, year=2024, years=1, drop_off=0):
    valued = {"unit_value": value, "value_source": "Illustrative", "price_year": year}
    return factories.OutcomeTypeFactory(
        name=name,
        duration_years=years,
        drop_off_pct=drop_off,
        **(valued if value is not None else {}),
    )


def _outcomes(locality, outcome_type, *quantities, on=dt.date(2025, 9, 1)):
    person = factories.PersonFactory(locality=locality)
    for quantity in quantities:
        factories.OutcomeFactory(
            outcome_type=outcome_type,
            person=person,
            locality=locality,
            quantity=quantity,
            achieved_on=on,
        )


@pytest.fixture
def worked(db):
    """One locality costing £5,000 a year, four outcome types, displacement 5 %."""
    riverside = factories.LocalityFactory(name="Riverside", annual_cost=5000)
    factories.ValueSettingsFactory(displacement_pct=5)
    _outcomes(riverside, _type("Housing kept or found", 2000, years=3, drop_off=20), 2)
    _outcomes(riverside, _type("Joined a group", 300, years=2, drop_off=50), 4, 6)
    _outcomes(riverside, _type("GP appointment avoided", 40), 15)
    _outcomes(riverside, _type("More confident"), 4)
    return Scope(Locality.objects.filter(pk=riverside.pk), FY, "Riverside")


# The hand-worked example.


def test_the_worked_example_gives_its_value_per_pound_to_the_penny(worked):
    estimate = Figures(worked).value
    working = estimate.working

    # Every unit value is in 2024-25 prices, the estimate's own: no deflation here.
    # Present value factor = Σ t=1..years (1 − drop-off)^(t−1) ÷ 1.035^t, to six places:
    #   Housing, 3 years, 20 %: 1/1.035 + 0.8/1.035² + 0.64/1.035³
    #                         = 0.966184 + 0.746809 + 0.577243 = 2.290235
    #   Group, 2 years, 50 %:   1/1.035 + 0.5/1.035² = 0.966184 + 0.466755 = 1.432939
    #   GP, 1 year:             1/1.035 = 0.966184
    # Gross = outcomes × unit value; present value = gross × factor, to the penny:
    #   Housing 2 × £2,000 = £4,000.00 × 2.290235 = £9,160.94
    #   Group  10 × £300   = £3,000.00 × 1.432939 = £4,298.817 → £4,298.82
    #   GP     15 × £40    =   £600.00 × 0.966184 =   £579.7104 → £579.71
    assert [(x.name, x.gross, x.factor, x.present) for x in working.lines] == [
        ("GP appointment avoided", D("600.00"), D("0.966184"), D("579.71")),
        ("Housing kept or found", D("4000.00"), D("2.290235"), D("9160.94")),
        ("Joined a group", D("3000.00"), D("1.432939"), D("4298.82")),
    ]
    # Present value £9,160.94 + £4,298.82 + £579.71 = £14,039.47
    #   less deadweight 25 %:   × 0.75 = £10,529.6025 → £10,529.60
    #   less attribution 30 %:  × 0.70 = £7,370.72
    #   less displacement 5 %:  × 0.95 = £7,002.184 → £7,002.18
    assert working.present == D("14039.47")
    assert [(s.name, s.before, s.keep, s.after) for s in working.steps] == [
        ("deadweight", D("14039.47"), D("0.75"), D("10529.60")),
        ("attribution", D("10529.60"), D("0.7"), D("7370.72")),
        ("displacement", D("7370.72"), D("0.95"), D("7002.18")),
    ]
    # A whole financial year costs the annual cost: £5,000.00.
    # £7,002.18 ÷ £5,000.00 = 1.400436 → £1.40 per £1.
    assert estimate.cost == D("5000.00")
    assert estimate.central.ratio == D("1.40")
    assert [(t.name, t.quantity, t.terms.not_valued) for t in estimate.not_valued] == [
        ("More confident", 4, "no unit value")
    ]


def test_the_worked_example_matches_the_formula_with_no_rounding_on_the_way(worked):
    # Σ outcomes × value × Σ_t (1 − d)^(t−1) ÷ 1.035^t, × 0.75 × 0.70 × 0.95, ÷ cost,
    # in exact fractions: the rounding of each shown line never moves the penny.
    def factor(years, drop_off):
        kept, rate = 1 - Fraction(drop_off, 100), Fraction(1035, 1000)
        return sum(kept ** (t - 1) / rate**t for t in range(1, years + 1))

    present = 2 * 2000 * factor(3, 20) + 10 * 300 * factor(2, 50) + 15 * 40 * factor(1, 0)
    ratio = present * Fraction(75, 100) * Fraction(70, 100) * Fraction(95, 100) / 5000
    exact = money(D(ratio.numerator) / D(ratio.denominator))

    assert Figures(worked).value.central.ratio == exact == D("1.40")


def test_the_worked_example_is_the_same_in_the_locality_comparison(worked):
    figures = Figures(worked)

    assert [place.ratio for place in figures.value_by_locality] == [D("1.40")]


def test_present_value_discounts_year_one_and_drops_off_after_it():
    assert present_value_factor(years=1, drop_off=D(0), discount=D("3.5")) == D("0.966184")
    assert present_value_factor(years=2, drop_off=D(100), discount=D("3.5")) == D("0.966184")
    assert present_value_factor(years=5, drop_off=D(0), discount=D(0)) == D("5.000000")


# The cost of a period.


def test_a_whole_financial_year_costs_the_annual_cost():
    assert cost_parts(dt.date(2025, 4, 1), dt.date(2026, 3, 31)) == [CostPart(2025, 365, 365)]
    assert period_cost(D("1825"), cost_parts(dt.date(2025, 4, 1), dt.date(2026, 3, 31))) == D(
        "1825.00"
    )


def test_a_whole_leap_financial_year_costs_the_annual_cost_too():
    # 2027-28 holds 29 February 2028: 366 days, 366 of them covered. Days ÷ 365 would give
    # £1,002.74.
    parts = cost_parts(dt.date(2027, 4, 1), dt.date(2028, 3, 31))

    assert parts == [CostPart(2027, 366, 366)]
    assert period_cost(D("1000"), parts) == D("1000.00")


def test_a_period_across_two_financial_years_costs_each_by_its_own_days():
    # 1 Jan – 30 Jun 2024: 91 of the 366 days of 2023-24 (29 Feb 2024), 91 of the 365 of
    # 2024-25. £1,000 × (91/366 + 91/365) = £248.6339 + £249.3151 = £497.948… → £497.95
    # (days ÷ 365 would give £498.63).
    parts = cost_parts(dt.date(2024, 1, 1), dt.date(2024, 6, 30))

    assert parts == [CostPart(2023, 91, 366), CostPart(2024, 91, 365)]
    assert period_cost(D("1000"), parts) == D("497.95")


def test_the_estimates_cost_is_pro_rated_by_financial_year(worked):
    scope = Scope(worked.localities, Period(dt.date(2024, 1, 1), dt.date(2024, 6, 30), "h"))

    # £5,000 × (91/366 + 91/365) = £1,243.169… + £1,246.575… = £2,489.74
    assert Figures(scope).value.cost == D("2489.74")


# Prices.


def test_the_shipped_series_is_hm_treasurys_as_published(shipped):
    shipped = GdpDeflator.objects.filter(year__lte=1963).order_by("year")

    assert [(row.year, row.index) for row in shipped] == [
        (1955, D("4.321")),
        (1956, D("4.593")),
        (1957, D("4.808")),
        (1958, D("4.929")),
        (1959, D("4.952")),
        (1960, D("5.055")),
        (1961, D("5.223")),
        (1962, D("5.387")),
        (1963, D("5.472")),
    ]
    assert {row.source for row in shipped} == {
        "HM Treasury, GDP deflators at market prices, and money GDP November 2017 (Autumn "
        "Budget 2017), financial year, 2016-17 = 100: https://assets.publishing.service.gov.uk"
        "/media/5a82ecbce5274a2e87dc3aa8/GDP_Deflators_Autumn_Budget_2017_update.csv/preview"
    }


def test_a_value_is_brought_across_years_by_the_shipped_series_own_numbers(shipped):
    series = dict(GdpDeflator.objects.values_list("year", "index"))

    # £100 in 1955-56 prices × 5.472 (1963-64) ÷ 4.321 (1955-56) = £126.637… → £126.64
    assert Prices(1963, series).bring(D(100), 1955) == money(D(100) * D("5.472") / D("4.321"))
    assert Prices(1963, series).bring(D(100), 1955) == D("126.64")


def test_a_unit_value_in_2019_prices_is_brought_to_2025_by_the_series(worked):
    # The years an administrator adds from the current release; the index values here are
    # the test's own. £40 in 2019-20 prices × 110.0 ÷ 88.0 = £50.00 in 2025-26 prices.
    factories.GdpDeflatorFactory(year=2019, index=D("88.0"))
    factories.GdpDeflatorFactory(year=2025, index=D("110.0"))
    ValueSettings.objects.filter(pk=1).update(price_year=2025)
    _outcomes(worked.localities.get(), _type("Eviction prevented", 40, year=2019), 1)

    estimate = Figures(worked).value

    # The types in 2024-25 prices now need 2024 in the series too: only this one is valued.
    assert [(x.name, x.terms.unit_value, x.terms.value) for x in estimate.working.lines] == [
        ("Eviction prevented", D("40.00"), D("50.00"))
    ]
    assert estimate.price_year == "2025-26"


def test_a_price_year_missing_from_the_series_is_a_message_and_not_valued(worked):
    _outcomes(worked.localities.get(), _type("Eviction prevented", 7500, year=2021), 1)

    estimate = Figures(worked).value

    # The shipped series holds neither 2021-22 nor the estimate's own 2024-25.
    assert estimate.messages == [
        "Not valued: Eviction prevented (2021-22, 2024-25 not in the GDP deflator series). An "
        "administrator can add the year's index under GDP deflators in the admin.",
        "Not valued: the WELLBY (2019-20, 2024-25 not in the GDP deflator series). An "
        "administrator can add the year's index under GDP deflators in the admin.",
    ]
    assert [t.name for t in estimate.not_valued] == ["Eviction prevented", "More confident"]
    assert estimate.central.ratio == D("1.40")  # the worked example's, unchanged


def test_the_dashboard_shows_the_missing_price_year_not_a_500(worked, client_for):
    _outcomes(worked.localities.get(), _type("Eviction prevented", 7500, year=2021), 1)
    manager = factories.ManagerFactory(localities=list(worked.localities))

    response = client_for(manager).get(reverse("reporting:dashboard"), {"period": "fy:2025"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Not valued: Eviction prevented (2021-22, 2024-25 not in the GDP deflator" in page
    assert "<li>Eviction prevented (1): 2021-22, 2024-25 not in the GDP deflator" in page


# Sensitivity.


def test_each_assumption_moved_alone_is_sorted_by_how_much_it_moves_the_ratio(worked):
    rows = Figures(worked).value.sensitivity

    # Each row's two figures are the example worked with one assumption moved, e.g.
    #   duration 1 year less: housing 2 years (0.966184 + 0.746809 = 1.712993), group and
    #     GP 1 year (0.966184): £6,851.97 + £2,898.55 + £579.71 = £10,330.23 × 0.75 × 0.7
    #     × 0.95 (a penny each) = £5,152.20 ÷ £5,000 = £1.03
    #   displacement 15 %: £7,370.72 × 0.85 = £6,265.11 ÷ £5,000 = £1.25
    #   discount 1.5 %: factors 2.373795, 1.470553, 0.985222: £9,495.18 + £4,411.66 +
    #     £591.13 = £14,497.97 → £10,873.48 → £7,611.44 → £7,230.87 ÷ £5,000 = £1.45
    assert [(r.assumption, r.down, r.down_ratio, r.up, r.up_ratio) for r in rows] == [
        ("Duration of every outcome type", "1 year less (at least 1)", D("1.03"),
         "1 year more (at most 5)", D("1.70")),
        ("Attribution", "20 %", D("1.60"), "40 %", D("1.20")),
        ("Deadweight", "15 %", D("1.59"), "35 %", D("1.21")),
        ("Drop-off of every outcome type", "10 points less", D("1.53"),
         "10 points more", D("1.28")),
        ("Displacement", "0 %", D("1.47"), "15 %", D("1.25")),
        ("Discount rate", "1.5 %", D("1.45"), "5.5 %", D("1.36")),
    ]  # fmt: skip
    assert [r.swing for r in rows] == sorted((r.swing for r in rows), reverse=True)


def test_the_low_and_high_estimates_move_deadweight_and_attribution_together(worked):
    variants = Figures(worked).value.variants

    # £14,039.47 × 0.65 = £9,125.66 × 0.60 = £5,475.40 × 0.95 = £5,201.63 ÷ £5,000 = 1.04
    # £14,039.47 × 0.85 = £11,933.55 × 0.80 = £9,546.84 × 0.95 = £9,069.50 ÷ £5,000 = 1.81
    assert [(v.name, v.deadweight, v.attribution, v.net, v.ratio) for v in variants] == [
        ("Low", D(35), D(40), D("5201.63"), D("1.04")),
        ("Central", D(25), D(30), D("7002.18"), D("1.40")),
        ("High", D(15), D(20), D("9069.50"), D("1.81")),
    ]


# The panel: every line adds up, with WELLBYs counted too.


@pytest.fixture
def with_wellbys(worked):
    """The example with WELLBYs counted: one person's life satisfaction 4 → 7 (+3)."""
    riverside = worked.localities.get()
    factories.GdpDeflatorFactory(year=2019, index=D("80.0"))
    factories.GdpDeflatorFactory(year=2024, index=D("100.0"))
    ValueSettings.objects.filter(pk=1).update(include_wellby=True)
    person = factories.PersonFactory(locality=riverside)
    intro = factories.IntroductionFactory(person=person, introduced_on=dt.date(2025, 4, 10))
    for day, score in ((dt.date(2025, 5, 1), 4), (dt.date(2026, 2, 1), 7)):
        factories.WellbeingCheckFactory(
            person=person, introduction=intro, checked_on=day, life_satisfaction=score
        )
    return worked


def test_every_line_of_the_panel_adds_up_with_wellbys_counted(with_wellbys):
    estimate = Figures(with_wellbys).value
    working = estimate.working

    # The WELLBY: £13,000 in 2019-20 prices × 100.0 ÷ 80.0 = £16,250.00; 3 points = £48,750.00,
    # × 0.966184 (one year, discounted) = £47,101.47.
    wellby = working.wellby
    assert (wellby.quantity, wellby.terms.value, wellby.gross, wellby.present) == (
        3,
        D("16250.00"),
        D("48750.00"),
        D("47101.47"),
    )
    for item in working.counted:
        assert item.gross == money(item.quantity * item.terms.value)
        assert item.present == money(item.gross * item.factor)
    assert working.present == sum(item.present for item in working.counted) == D("61140.94")
    before = working.present
    for step in working.steps:
        assert (step.before, step.after) == (before, money(before * step.keep))
        before = step.after
    assert estimate.cost == sum(cost for _name, _annual, cost in estimate.costs)
    assert estimate.central.ratio == money(working.net / estimate.cost)

    page = render_to_string("reporting/_value_panel.html", {"estimate": estimate})
    # £61,140.94 × 0.75 = £45,855.705 → £45,855.71; × 0.7 = £32,099.00; × 0.95 = £30,494.05;
    # ÷ £5,000.00 = 6.098… → £6.10.
    for text in (
        '<td class="text-end">£48,750.00</td><td class="text-end">1</td>',
        "<strong>£61,140.94</strong>",
        "Less deadweight 25 %: £61,140.94 × 0.75 = £45,855.71",
        "Less attribution 30 %: £45,855.71 × 0.7 = £32,099.00",
        "Less displacement 5 %: £32,099.00 × 0.95 = £30,494.05",
        "£30,494.05 ÷ £5,000.00 = <strong>£6.10</strong>",
        "Riverside: £5,000.00 a year → £5,000.00",
        "365 of 365 days in 2025-26",
    ):
        assert text in page
    assert "Estimated social value (SROI method, forecast from recorded outcomes)" in page


def test_the_csv_tables_carry_the_panels_numbers(worked):
    figures = Figures(worked)

    types = BUILDERS["value_types"](figures)
    variants = BUILDERS["value"](figures)
    sensitivity = BUILDERS["value_sensitivity"](figures)

    assert types.rows[1] == [
        "Housing kept or found",
        2,
        D("2000.00"),
        "2024-25",
        "Illustrative",
        D("2000.00"),
        D("4000.00"),
        3,
        D("20.00"),
        D("2.290235"),
        D("9160.94"),
    ]
    assert types.rows[-1][:3] == ["More confident", 4, "not valued: no unit value"]
    assert variants.rows[1] == [
        "Central",
        D(25),
        D(30),
        D(5),
        D("3.5"),
        D("14039.47"),
        D("7002.18"),
        D("5000.00"),
        D("1.40"),
    ]
    assert sensitivity.rows[0][0] == "Duration of every outcome type"


# The settings: one row, each rule a named constraint.


def _refused(name, **fields):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        ValueSettings.objects.create(**fields)
    assert name in str(error.value)


def test_value_settings_are_one_row(db):
    _refused("valuesettings_single_row", id=2)


@pytest.mark.parametrize("field", ["deadweight_pct", "attribution_pct", "displacement_pct"])
def test_an_adjustment_above_100_percent_is_refused(db, field):
    _refused("valuesettings_adjustments_are_percentages", **{field: 101})


def test_a_sensitivity_step_above_100_points_is_refused(db):
    _refused("valuesettings_sensitivity_step_is_a_percentage", sensitivity_step_pct=101)


def test_a_discount_rate_outside_its_low_and_high_is_refused(db):
    _refused("valuesettings_discount_low_central_high", discount_rate_pct=6)


def test_an_implausible_price_year_is_refused(db):
    _refused("valuesettings_price_years_plausible", wellby_price_year=1899)


def test_a_negative_wellby_value_is_refused(db):
    _refused("valuesettings_wellby_value_not_negative", wellby_value=-1)


def test_the_edges_are_accepted(db):
    ValueSettings.objects.create(
        deadweight_pct=100,
        attribution_pct=0,
        sensitivity_step_pct=0,
        discount_rate_low_pct=0,
        discount_rate_pct=0,
        discount_rate_high_pct=100,
        price_year=2100,
        wellby_value=0,
    )
    assert ValueSettings.current().deadweight_pct == D(100)


@pytest.mark.parametrize(
    ("name", "fields"),
    [
        ("gdpdeflator_index_positive", {"year": 2030, "index": 0}),
        ("gdpdeflator_year_plausible", {"year": 1899, "index": 1}),
        ("gdpdeflator_has_source", {"year": 2030, "index": 1, "source": ""}),
    ],
)
def test_a_deflator_breaking_a_rule_is_refused(db, name, fields):
    fields.setdefault("source", "A test series")
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        GdpDeflator.objects.create(**fields)
    assert name in str(error.value)


# The admin: defaults and their sources, one row.


def test_the_admin_shows_each_default_with_its_source(admin_client):
    page = admin_client.get(reverse("admin:reporting_valuesettings_add")).content.decode()

    assert "Default 3.5 %: HM Treasury, The Green Book (2022)" in page
    assert "Default £13,000 in 2019 prices: HM Treasury, Wellbeing guidance" in page


def test_the_admin_adds_the_settings_once_then_changes_them(admin_client):
    response = admin_client.post(
        reverse("admin:reporting_valuesettings_add"),
        {
            "deadweight_pct": "20",
            "attribution_pct": "30",
            "displacement_pct": "0",
            "discount_rate_pct": "3.5",
            "discount_rate_low_pct": "1.5",
            "discount_rate_high_pct": "5.5",
            "price_year": "2024",
            "wellby_value": "13000",
            "wellby_price_year": "2019",
            "sensitivity_step_pct": "10",
        },
    )

    assert response.status_code == 302
    assert ValueSettings.current().deadweight_pct == D(20)
    assert admin_client.get(reverse("admin:reporting_valuesettings_add")).status_code == 403


def test_the_admin_refuses_a_discount_rate_above_its_high_with_a_message(admin_client):
    response = admin_client.post(
        reverse("admin:reporting_valuesettings_add"),
        {
            "deadweight_pct": "25",
            "attribution_pct": "30",
            "displacement_pct": "0",
            "discount_rate_pct": "9",
            "discount_rate_low_pct": "1.5",
            "discount_rate_high_pct": "5.5",
            "price_year": "2024",
            "wellby_value": "13000",
            "wellby_price_year": "2019",
            "sensitivity_step_pct": "10",
        },
    )

    assert response.status_code == 200
    assert "Discount rates must run low ≤ central ≤ high" in response.content.decode()
    assert not ValueSettings.objects.exists()


def test_an_administrator_keeps_the_settings_and_the_series(client_for, administrator, shipped):
    client = client_for(administrator)

    assert client.get(reverse("admin:reporting_valuesettings_add")).status_code == 200
    page = client.get(reverse("admin:reporting_gdpdeflator_changelist")).content.decode()
    assert "1955-56" in page
    assert "GDP deflators at market prices, and money GDP November 2017" in page


def test_the_admin_warns_when_the_price_year_is_not_in_the_series(admin_client):
    data = {
        "deadweight_pct": "25",
        "attribution_pct": "30",
        "displacement_pct": "0",
        "discount_rate_pct": "3.5",
        "discount_rate_low_pct": "1.5",
        "discount_rate_high_pct": "5.5",
        "price_year": "2024",
        "wellby_value": "13000",
        "wellby_price_year": "2019",
        "sensitivity_step_pct": "10",
    }
    response = admin_client.post(reverse("admin:reporting_valuesettings_add"), data, follow=True)

    assert [str(m) for m in response.context["messages"]][:2] == [
        "The GDP deflator series has no index for 2019-20: values in other price years are "
        "not valued until it is added.",
        "The GDP deflator series has no index for 2024-25: values in other price years are "
        "not valued until it is added.",
    ]


def test_how_we_count_states_the_method_and_its_discounting_convention(client_for, manager):
    page = client_for(manager).get(reverse("reporting:how_we_count")).content.decode()

    assert "estimated social value (SROI method, forecast from recorded outcomes)" in page
    assert "<strong>Year 1 is discounted</strong>" in page
    assert "a whole financial year costs exactly the annual cost" in page
