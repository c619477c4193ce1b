"""Paired wellbeing change against the worked dataset (see conftest.py)."""

import pytest

from reporting.figures import Figures
from reporting.wellbeing import band


def wellbeing_change(scope):
    return Figures(scope).wellbeing


def test_only_people_with_two_checks_in_the_period_are_paired(riverside_fy):
    change = wellbeing_change(riverside_fy)
    assert (change.paired, change.single_check) == (2, 1)  # A and B paired; E left out


def test_each_item_compares_first_and_latest_check(riverside_fy):
    change = wellbeing_change(riverside_fy)
    life = change.item("life_satisfaction")  # A 4 → 7, B 5 → 5 (B's earlier 0 is outside)
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
