"""Paired wellbeing change against the worked dataset (see conftest.py)."""

import datetime as dt

import pytest

from localities.models import Locality
from reporting.figures import Figures
from reporting.periods import Scope, financial_year
from reporting.stats import t_critical
from reporting.tables import wellbeing_tables
from reporting.wellbeing import band
from tests import factories

D = dt.date


def wellbeing_change(scope):
    return Figures(scope).wellbeing


def test_only_people_with_a_baseline_in_their_episode_are_paired(riverside_fy):
    change = wellbeing_change(riverside_fy)
    assert (change.paired, change.single_check) == (2, 1)  # A and B paired; E left out


def test_each_item_compares_the_baseline_and_the_latest_check(riverside_fy):
    change = wellbeing_change(riverside_fy)
    # A 4 → 7 (from A2's first check), B 5 → 5 (B's earlier 0 is before B's episode)
    life = change.item("life_satisfaction")
    assert (life.n, life.mean_change) == (2, 1.5)
    assert (life.pct(life.better), life.pct(life.same), life.pct(life.worse)) == (50.0, 50.0, 0)
    assert life.moves == {("Low", "High"): 1, ("Medium", "Medium"): 1}
    worthwhile = change.item("worthwhile")  # A +1, B −1
    assert (worthwhile.mean_change, worthwhile.better, worthwhile.worse) == (0.0, 1, 1)
    happiness = change.item("happiness")  # A 5 → 4 (down a band), B +1
    assert happiness.moves == {("Medium", "Low"): 1, ("Medium", "Medium"): 1}


def test_anxiety_improves_downwards(riverside_fy):
    anxiety = wellbeing_change(riverside_fy).item("anxiety")  # A 7 → 3, B 2 → 2
    assert anxiety.mean_change == -2.0
    assert (anxiety.better, anxiety.same, anxiety.worse) == (1, 1, 0)
    assert anxiety.moves == {("High", "Low"): 1, ("Low", "Low"): 1}


def test_other_localities_checks_are_not_counted(riverside_fy, both_fy):
    assert wellbeing_change(both_fy).paired == 3
    assert wellbeing_change(riverside_fy).item("life_satisfaction").total_change == 3


@pytest.mark.parametrize(
    ("item", "score", "expected"),
    [
        ("happiness", 0, "Low"),
        ("happiness", 4, "Low"),
        ("happiness", 5, "Medium"),
        ("happiness", 6, "Medium"),
        ("happiness", 7, "High"),
        ("happiness", 8, "High"),
        ("happiness", 9, "Very high"),
        ("happiness", 10, "Very high"),
        ("anxiety", 1, "Very low"),
        ("anxiety", 2, "Low"),
        ("anxiety", 3, "Low"),
        ("anxiety", 4, "Medium"),
        ("anxiety", 5, "Medium"),
        ("anxiety", 6, "High"),
        ("anxiety", 10, "High"),
    ],
)
def test_ons_bands(item, score, expected):
    assert band(item, score) == expected


# The baseline: each person's first check in their episode, before the period or not.


def _person(name, locality, episodes, checks):
    """A person with their episodes ((introduced, closed)) and checks ((date, ls, w, h, a))."""
    person = factories.PersonFactory(first_name=name, last_name="Baseline", locality=locality)
    reason = factories.ClosingReasonFactory()
    for introduced, closed in episodes:
        factories.IntroductionFactory(
            person=person,
            introduced_on=introduced,
            closed_on=closed,
            closing_reason=reason if closed else None,
        )
    for checked_on, life, worth, happy, anxious in checks:
        factories.WellbeingCheckFactory(
            person=person,
            checked_on=checked_on,
            life_satisfaction=life,
            worthwhile=worth,
            happiness=happy,
            anxiety=anxious,
        )
    return person


@pytest.fixture
def baseline_scope(locality):
    # P1: introduced before the period; baseline in January 2025, latest in December
    # (the June check in between plays no part). P2: both checks in the period.
    # P3: an episode that closed in the period, baseline before it.
    # P4: re-introduced in the period with one check in the new episode; the check of
    # the earlier episode is not its baseline. P5: a check outside any episode.
    _person(
        "P1",
        locality,
        [(D(2025, 1, 10), None)],
        [(D(2025, 1, 15), 3, 4, 4, 8), (D(2025, 6, 1), 9, 9, 9, 0), (D(2025, 12, 1), 7, 6, 5, 4)],
    )
    _person(
        "P2",
        locality,
        [(D(2025, 5, 1), None)],
        [(D(2025, 5, 2), 4, 5, 6, 6), (D(2026, 1, 15), 5, 5, 5, 6)],
    )
    _person(
        "P3",
        locality,
        [(D(2024, 10, 1), D(2025, 8, 31))],
        [(D(2024, 10, 5), 6, 6, 6, 3), (D(2025, 7, 1), 4, 6, 7, 5)],
    )
    _person(
        "P4",
        locality,
        [(D(2024, 1, 1), D(2024, 6, 30)), (D(2025, 9, 1), None)],
        [(D(2024, 2, 1), 2, 2, 2, 9), (D(2025, 9, 10), 6, 6, 6, 2)],
    )
    _person("P5", locality, [], [(D(2025, 4, 10), 1, 1, 1, 1), (D(2025, 10, 10), 9, 9, 9, 9)])
    return Scope(Locality.objects.filter(pk=locality.pk), financial_year(2025))


def test_the_baseline_may_be_before_the_period(baseline_scope):
    change = wellbeing_change(baseline_scope)

    assert (change.paired, change.single_check) == (3, 2)  # P1, P2, P3; P4 and P5 not
    # Life satisfaction: P1 3 → 7 (+4), P2 4 → 5 (+1), P3 6 → 4 (−2).
    # Mean 1; deviations 3, 0, −3; SD √(18 ÷ 2) = 3; 95 % CI 1 ± 4.303 × 3 ÷ √3 = 1 ± 7.453.
    life = change.item("life_satisfaction")
    # (Paired within the period only, P1 9 → 7, P2 4 → 5 and P5 1 → 9 would add to 7.)
    assert (life.n, life.total_change, life.mean_change) == (3, 3, 1.0)
    assert (life.sd, life.ci) == (3.0, (-6.45, 8.45))
    assert (life.pct(life.better), life.pct(life.same), life.pct(life.worse)) == (66.7, 0, 33.3)
    assert life.moves == {("Low", "High"): 1, ("Low", "Medium"): 1, ("Medium", "Low"): 1}


def test_each_question_has_its_spread_and_confidence_interval(baseline_scope):
    change = wellbeing_change(baseline_scope)

    # Worthwhile +2, 0, 0: mean 0.667; deviations 1.333, −0.667, −0.667; SD √(2.667 ÷ 2)
    # = 1.155; CI 0.667 ± 4.303 × 1.155 ÷ √3 = 0.667 ± 2.869.
    worthwhile = change.item("worthwhile")
    assert (worthwhile.mean_change, worthwhile.sd, worthwhile.ci) == (0.67, 1.15, (-2.2, 3.54))
    assert (worthwhile.better, worthwhile.same, worthwhile.worse) == (1, 2, 0)
    # Happiness +1, −1, +1: mean 0.333, SD 1.155, CI 0.333 ± 2.869.
    happiness = change.item("happiness")
    assert (happiness.mean_change, happiness.sd, happiness.ci) == (0.33, 1.15, (-2.54, 3.2))
    # Anxiety 8 → 4, 6 → 6, 3 → 5: −4, 0, +2; mean −0.667; deviations −3.333, 0.667,
    # 2.667; SD √(18.667 ÷ 2) = 3.055; CI −0.667 ± 4.303 × 3.055 ÷ √3 = −0.667 ± 7.590.
    anxiety = change.item("anxiety")
    assert (anxiety.mean_change, anxiety.sd, anxiety.ci) == (-0.67, 3.06, (-8.26, 6.92))
    assert (anxiety.better, anxiety.same, anxiety.worse) == (1, 1, 1)  # lower is better


def test_the_wellbeing_table_shows_the_spread_and_interval(baseline_scope):
    table = wellbeing_tables(Figures(baseline_scope))[0]

    assert table.headers == [
        "Question",
        "People",
        "Mean change",
        "Standard deviation",
        "95% CI from",
        "95% CI to",
        "% better",
        "% same",
        "% worse",
    ]
    assert table.rows[0] == ["Life satisfaction", 3, 1.0, 3.0, -6.45, 8.45, 66.7, 0, 33.3]
    assert table.rows[3][0] == "Anxiety (lower is better)"


def test_two_pairs_have_a_wide_interval_and_one_pair_none(riverside_fy):
    # Riverside's two pairs: life satisfaction +3 and 0: mean 1.5, SD √4.5 = 2.121;
    # CI 1.5 ± 12.706 × 2.121 ÷ √2 = 1.5 ± 19.059.
    life = wellbeing_change(riverside_fy).item("life_satisfaction")
    assert (life.sd, life.ci) == (2.12, (-17.56, 20.56))
    # One pair alone has neither a spread nor an interval.
    vale = factories.LocalityFactory(name="Vale")
    _person(
        "Solo",
        vale,
        [(D(2025, 5, 1), None)],
        [(D(2025, 5, 2), 4, 5, 6, 6), (D(2026, 1, 15), 5, 5, 5, 6)],
    )
    alone = wellbeing_change(Scope(Locality.objects.filter(pk=vale.pk), financial_year(2025)))
    solo = alone.item("life_satisfaction")
    assert (solo.n, solo.mean_change, solo.sd, solo.ci) == (1, 1.0, None, None)


@pytest.mark.parametrize(
    ("df", "expected"),
    [
        (1, 12.706),
        (2, 4.303),
        (10, 2.228),
        (30, 2.042),
        (31, 2.040),
        (40, 2.021),
        (60, 2.000),
        (120, 1.980),
        (1000, 1.962),
    ],
)
def test_t_critical_values_match_the_published_table(df, expected):
    assert round(t_critical(df), 3) == expected


def test_the_wellbeing_definition_quotes_the_ons_questions():
    from outcomes.models import WellbeingCheck
    from reporting.registry import REGISTRY

    definition = REGISTRY["wellbeing_change"].definition
    for question in WellbeingCheck.QUESTIONS.values():
        assert question in definition
