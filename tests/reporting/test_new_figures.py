"""Figures that mean what they say: the registry's newer figures, worked out by hand
against the Riverside dataset (conftest.py) and the few records each test adds."""

import datetime as dt

import pytest
from django.db import transaction
from django.urls import reverse

from lac.versioning import record_save
from localities.models import CommunityAsset, Locality, ReferralSource
from outcomes.models import Level
from people.models import SupportLevel
from reporting.figures import Figures
from reporting.periods import Period, Scope, financial_year, last_12_months
from reporting.registry import HEADLINES, REGISTRY
from reporting.tables import comparison, summary
from tests import factories

D = dt.date
FY = financial_year(2025)
INFO, ALONGSIDE = SupportLevel.INFORMATION, SupportLevel.WALKING_ALONGSIDE


def value(key, scope):
    return REGISTRY[key].compute(Figures(scope))


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("contacts", 2),  # A2's visit and B's call reached the person
        ("attempted_contacts", 1),  # A2's attempt on 1 Oct, shown on its own
        ("outcomes_individual", 3),  # B's "More confident" × 3
        ("outcomes_community", 0),
        ("outcomes_system", 6),  # A's eviction 1 + E's GP appointments 5
        ("people_with_outcome", 3),  # A, B, E
        ("people_with_outcome_share", 75.0),  # 3 of the 4 people supported
        ("reintroduction_rate", 25.0),  # A2 of the 4 introductions (A had A1)
        ("median_days_to_first_outcome", 40.0),  # A2 30, E 40, B1 139
        ("moved_to_walking_alongside", 0),  # no support level changes recorded
        ("featured_stories", 1),  # Rita's garden, shared anonymised: printed without names
    ],
)
def test_new_headline_has_its_worked_value(riverside_fy, key, expected):
    assert value(key, riverside_fy) == expected


def test_the_sum_of_unlike_outcomes_is_no_headline_any_more():
    assert "outcomes" not in REGISTRY
    assert HEADLINES.index("outcomes_individual") < HEADLINES.index("people_with_outcome")


def test_new_headlines_split_by_locality(both_fy, locality, other_locality):
    figures = Figures(both_fy)
    by_locality = {key: REGISTRY[key].by_locality(figures) for key in HEADLINES}

    # Hilltop: one introduction (not a re-introduction), 2 evictions for its one person,
    # 27 days after the introduction of 5 May.
    assert {
        key: (by_locality[key].get(locality.pk), by_locality[key].get(other_locality.pk))
        for key in (
            "attempted_contacts",
            "outcomes_system",
            "people_with_outcome",
            "people_with_outcome_share",
            "reintroduction_rate",
            "median_days_to_first_outcome",
        )
    } == {
        "attempted_contacts": (1, None),
        "outcomes_system": (6, 2),
        "people_with_outcome": (3, 1),
        "people_with_outcome_share": (75.0, 100.0),
        "reintroduction_rate": (25.0, 0.0),
        "median_days_to_first_outcome": (40.0, 27.0),
    }
    # Together: 1 re-introduction of 5; 4 people with an outcome of the 5 supported.
    assert REGISTRY["reintroduction_rate"].compute(figures) == 20.0
    assert REGISTRY["people_with_outcome_share"].compute(figures) == 80.0
    assert REGISTRY["median_days_to_first_outcome"].compute(figures) == 35.0  # 27, 30 | 40, 139


def test_the_comparison_shows_no_rate_for_a_locality_with_nothing_to_divide(
    dataset, locality, other_locality
):
    empty_year = Scope(Locality.objects.all(), financial_year(2020))

    table = comparison(Figures(empty_year))

    column = {name: i for i, name in enumerate(table.headers)}
    hilltop, riverside = table.rows
    assert riverside[column[REGISTRY["reintroduction_rate"].name]] is None
    assert riverside[column[REGISTRY["people_with_outcome_share"].name]] is None
    assert riverside[column[REGISTRY["attempted_contacts"].name]] == 0


def test_a_locality_with_people_supported_and_no_outcome_shows_a_share_of_0(
    dataset, locality, other_locality
):
    june = Scope(Locality.objects.all(), Period(D(2025, 6, 1), D(2025, 6, 30), "June"))

    share = REGISTRY["people_with_outcome_share"].by_locality(Figures(june))

    # Riverside: B supported from 15 June, no outcome; Hilltop: its one person, 1 June.
    assert share == {locality.pk: 0.0, other_locality.pk: 100.0}


def test_an_outcome_names_its_episode_before_its_date_does(dataset, riverside_fy):
    # B's outcome recorded against A2 on B1's dates would be B1's by date; the link wins.
    a2 = dataset["A"].introductions.get(introduced_on=D(2025, 9, 1))
    factories.OutcomeFactory(
        person=dataset["A"], introduction=a2, achieved_on=D(2025, 9, 4), quantity=2
    )

    # A2's first outcome is now 3 days after its introduction: 3, 40, 139.
    assert value("median_days_to_first_outcome", riverside_fy) == 40.0
    assert value("outcomes_by_source", riverside_fy) == [
        ["Self", 3],
        ["GP / primary care", 3],
        ["Voluntary sector", 5],
    ]


def test_outcomes_by_referral_source(dataset, riverside_fy, locality):
    community = factories.OutcomeTypeFactory(name="Group started", level=Level.COMMUNITY)
    factories.OutcomeFactory(
        outcome_type=community, person=None, locality=locality, achieved_on=D(2025, 6, 1)
    )

    assert value("outcomes_by_source", riverside_fy) == [
        ["Self", 1],
        ["GP / primary care", 3],
        ["Voluntary sector", 5],
        ["Not in an introduction", 1],
    ]


def _episode(name, locality, introduced_on, levels, **kwargs):
    """A person's introduction with its support level history: (level, date) pairs, the
    first being the level it was introduced at, as the app records it."""
    person = factories.PersonFactory(first_name=name, last_name="Level", locality=locality)
    source = factories.ReferralSourceFactory(category=ReferralSource.Category.SELF)
    intro = factories.IntroductionFactory(
        person=person,
        referral_source=source,
        introduced_on=introduced_on,
        support_level=levels[-1][0],
        **kwargs,
    )
    for level, changed_on in levels:
        factories.SupportLevelChangeFactory(
            introduction=intro, support_level=level, changed_on=changed_on
        )
    return intro


@pytest.fixture
def levels(dataset, locality, other_locality):
    # F moved in the period; G before it; H was introduced walking alongside; I moved,
    # went back and moved again (one person); Hilltop's mover is not Riverside's.
    _episode("F", locality, D(2025, 5, 1), [(INFO, D(2025, 5, 1)), (ALONGSIDE, D(2025, 7, 1))])
    _episode("G", locality, D(2024, 12, 1), [(INFO, D(2024, 12, 1)), (ALONGSIDE, D(2025, 2, 1))])
    _episode("H", locality, D(2025, 6, 1), [(ALONGSIDE, D(2025, 6, 1))])
    _episode(
        "I",
        locality,
        D(2025, 6, 1),
        [
            (INFO, D(2025, 6, 1)),
            (ALONGSIDE, D(2025, 8, 1)),
            (INFO, D(2025, 9, 1)),
            (ALONGSIDE, D(2025, 10, 1)),
        ],
    )
    _episode(
        "Hill", other_locality, D(2025, 6, 1), [(INFO, D(2025, 6, 1)), (ALONGSIDE, D(2025, 7, 1))]
    )


def test_people_moved_to_walking_alongside_count_once(levels, riverside_fy, both_fy):
    assert value("moved_to_walking_alongside", riverside_fy) == 2  # F and I
    assert value("moved_to_walking_alongside", both_fy) == 3


def test_introductions_by_the_support_level_they_had_when_introduced(levels, riverside_fy):
    # The dataset's four have no history, so their level now is the level they had:
    # B1 and D information, A2 and E walking alongside. F and I were introduced for
    # information and connection though they are walking alongside now; H walking alongside.
    assert value("introductions_by_support_level", riverside_fy) == [
        ["Information and connection", 4],
        ["Walking alongside", 3],
    ]


def test_length_of_involvement_by_support_level(dataset, riverside_fy, locality):
    reason = factories.ClosingReasonFactory(name="Done")
    for name, introduced, closed in (
        ("J", D(2025, 4, 1), D(2025, 4, 30)),
        ("K", D(2025, 5, 1), D(2025, 6, 10)),
    ):
        person = factories.PersonFactory(first_name=name, locality=locality)
        factories.IntroductionFactory(
            person=person, introduced_on=introduced, closed_on=closed, closing_reason=reason
        )

    # Closed in the period: A1 70 days and E 120 (walking alongside); J 29 and K 40
    # (information and connection, the factory's level). All: 29, 40, 70, 120.
    assert value("length_of_involvement", riverside_fy) == [
        ["Information and connection", 2, 34.5],
        ["Walking alongside", 2, 95.0],
        ["All levels", 4, 55.0],
    ]
    # The closing reasons read the same rows.
    assert value("closing_reasons", riverside_fy) == [
        ["Done", 2],
        ["Goals met", 1],
        ["Moved away", 1],
    ]


def _switch(asset: CommunityAsset, active: bool) -> None:
    asset.active = active
    with transaction.atomic():
        record_save(asset, "active")


@pytest.mark.parametrize("frozen_today", [D(2026, 5, 1)], indirect=True)
def test_needs_count_the_assets_active_in_the_period(frozen_today, dataset, riverside_fy):
    # After the period ends, Cook and Eat closes and a new Housing Help opens: in 2025/26
    # Cook and Eat still met loneliness, and nothing yet met housing.
    cook = CommunityAsset.objects.get(name="Cook and Eat")
    help_ = factories.CommunityAssetFactory(name="Housing Help", locality=None, active=False)
    housing = dataset["D"].introductions.get().themes.get()
    help_.themes.set([housing])
    _switch(cook, False)
    _switch(help_, True)

    assert value("needs", riverside_fy) == [
        ["Riverside", "Housing", 1, 0, "Unmet"],
        ["Riverside", "Loneliness", 2, 1, ""],
        ["Riverside", "Money", 1, 1, ""],
    ]


@pytest.mark.parametrize("frozen_today", [D(2025, 3, 1)], indirect=True)
def test_an_asset_closed_before_the_period_meets_no_need_in_it(frozen_today, dataset, riverside_fy):
    _switch(CommunityAsset.objects.get(name="Cook and Eat"), False)

    assert value("needs", riverside_fy) == [
        ["Riverside", "Loneliness", 2, 0, "Unmet"],
        ["Riverside", "Housing", 1, 0, "Unmet"],
        ["Riverside", "Money", 1, 1, ""],
    ]


# Periods and files


@pytest.mark.parametrize(
    ("today", "start", "days"),
    [
        (D(2026, 6, 15), D(2025, 6, 16), 365),
        (D(2024, 6, 15), D(2023, 6, 16), 366),  # 29 Feb 2024 is among them
        (D(2024, 2, 29), D(2023, 3, 1), 366),
        (D(2025, 3, 1), D(2024, 3, 2), 365),
        (D(2026, 1, 1), D(2025, 1, 2), 365),
    ],
)
def test_last_12_months_are_the_twelve_months_to_today(today, start, days):
    period = last_12_months(today)

    assert (period.start, period.end, period.days) == (start, today, days)
    assert period.label == f"Last 12 months ({start:%d/%m/%Y} to {today:%d/%m/%Y})"


DASHBOARD = reverse("reporting:dashboard")


@pytest.mark.parametrize(
    ("params", "filename"),
    [
        (
            {"scope": "locality:{pk}", "period": "fy:2025", "table": "comparison"},
            "lac-riverside-2025-26-comparison.csv",
        ),
        (
            {"period": "fy:2025", "table": "outcomes_by_type"},
            "lac-all-my-localities-2025-26-outcomes-by-type.csv",
        ),
        (
            {
                "scope": "district:North District",
                "period": "custom",
                "start": "2025-06-01",
                "end": "2025-06-30",
                "table": "summary",
            },
            "lac-north-district-2025-06-01-to-2025-06-30-summary.csv",
        ),
    ],
)
def test_a_csv_file_is_named_for_its_scope_and_period(
    client_for, manager, dataset, locality, params, filename
):
    params = {**params, "format": "csv"}
    params["scope"] = params.get("scope", "all").format(pk=locality.pk)

    response = client_for(manager).get(DASHBOARD, params)

    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'


@pytest.mark.parametrize("frozen_today", [D(2026, 6, 15)], indirect=True)
def test_the_last_12_months_csv_names_its_dates(frozen_today, client_for, manager, dataset):
    response = client_for(manager).get(DASHBOARD, {"format": "csv", "table": "summary"})

    assert response["Content-Disposition"] == (
        'attachment; filename="lac-all-my-localities-2025-06-16-to-2026-06-15-summary.csv"'
    )


# How we count


def test_how_we_count_defines_every_new_figure(client_for, manager):
    page = client_for(manager).get(reverse("reporting:how_we_count")).content.decode()

    for key in (
        "attempted_contacts",
        "outcomes_individual",
        "outcomes_community",
        "outcomes_system",
        "people_with_outcome",
        "people_with_outcome_share",
        "reintroduction_rate",
        "median_days_to_first_outcome",
        "length_of_involvement",
        "moved_to_walking_alongside",
        "outcomes_by_source",
        "introductions_by_support_level",
        "needs",
        "wellbeing_change",
    ):
        entry = page.split(f'<dt id="{key}">')[1].split("</dd>")[0]
        assert REGISTRY[key].name in entry, key
        assert REGISTRY[key].counting.replace("'", "&#x27;").replace('"', "&quot;") in entry, key


def test_summary_lists_the_new_headlines(riverside_fy):
    rows = dict(summary(Figures(riverside_fy)).rows)

    assert rows[REGISTRY["contacts"].name] == 2
    assert rows[REGISTRY["attempted_contacts"].name] == 1
    assert "Outcomes" not in rows
