"""A small Riverside dataset with known answers for financial year 2025/26.

Every figure the metric tests assert is worked out by hand in the comments here.
Hilltop (no annual cost) holds records that must never show in Riverside's figures.
"""

import datetime as dt

import pytest

from localities.models import Locality, ReferralSource
from outcomes.models import Consent, Level
from people.models import SupportLevel
from reporting.periods import Scope, financial_year
from tests import factories

D = dt.date
FY = financial_year(2025)  # 1 Apr 2025 – 31 Mar 2026, 365 days


def _intro(person, source, introduced_on, **kwargs):
    themes = kwargs.pop("themes", [])
    intro = factories.IntroductionFactory(
        person=person, referral_source=source, introduced_on=introduced_on, **kwargs
    )
    intro.themes.set(themes)
    return intro


@pytest.fixture
def dataset(locality, other_locality):
    locality.annual_cost = 1825
    locality.save()
    other_locality.annual_cost = None
    other_locality.save()
    gp = factories.ReferralSourceFactory(
        name="GP", category=ReferralSource.Category.GP_PRIMARY_CARE
    )
    self_ = factories.ReferralSourceFactory(name="Self", category=ReferralSource.Category.SELF)
    housing = factories.ReferralSourceFactory(
        name="Housing", category=ReferralSource.Category.HOUSING
    )
    voluntary = factories.ReferralSourceFactory(
        name="CVS", category=ReferralSource.Category.VOLUNTARY_SECTOR
    )
    goals_met = factories.ClosingReasonFactory(name="Goals met")
    moved = factories.ClosingReasonFactory(name="Moved away")
    lonely = factories.ThemeFactory(name="Loneliness")
    money = factories.ThemeFactory(name="Money")
    housing_theme = factories.ThemeFactory(name="Housing")
    people = {
        key: factories.PersonFactory(first_name=key, last_name="Riverside", locality=locality)
        for key in "ABCDE"
    }
    a, b, c, d, e = people.values()
    # A: an episode spanning the start (closed in the period), then a re-introduction.
    a1 = _intro(
        a,
        gp,
        D(2025, 3, 1),
        first_contact_on=D(2025, 3, 5),
        closed_on=D(2025, 5, 10),
        closing_reason=goals_met,
        support_level=SupportLevel.WALKING_ALONGSIDE,
    )
    a2 = _intro(
        a,
        self_,
        D(2025, 9, 1),
        first_contact_on=D(2025, 9, 11),
        support_level=SupportLevel.WALKING_ALONGSIDE,
        themes=[lonely, money],
    )
    # B: spans the end (closes after it), so active at the end; 2 days to first contact.
    b1 = _intro(
        b,
        gp,
        D(2025, 6, 15),
        first_contact_on=D(2025, 6, 17),
        closed_on=D(2026, 5, 1),
        closing_reason=moved,
        themes=[lonely],
    )
    # C: closed the day before the period: not supported in it.
    _intro(c, gp, D(2024, 1, 1), closed_on=D(2025, 3, 31), closing_reason=moved)
    # D: introduced on the last day; first contact after the period.
    _intro(d, housing, D(2026, 3, 31), first_contact_on=D(2026, 4, 2), themes=[housing_theme])
    # E: closed on the last day: supported and closed, not active at the end.
    _intro(
        e,
        voluntary,
        D(2025, 12, 1),
        first_contact_on=D(2025, 12, 5),
        closed_on=D(2026, 3, 31),
        closing_reason=moved,
        support_level="walking_alongside",
    )

    contact = factories.ContactFactory
    contact(introduction=a2, contact_on=D(2025, 9, 11), minutes=60, area_practical=True)
    contact(introduction=a2, contact_on=D(2025, 10, 1), minutes=10, mode="attempted")
    contact(
        introduction=b1,
        contact_on=D(2025, 6, 17),
        minutes=30,
        mode="phone",
        area_practical=True,
        area_heard=True,
    )
    contact(introduction=b1, contact_on=D(2026, 4, 5), minutes=45)  # after the period
    contact(introduction=a1, contact_on=D(2025, 3, 20), minutes=20, mode="phone")  # before

    group = factories.AssetCategoryFactory(name="Group")
    advice = factories.AssetCategoryFactory(name="Advice")
    cook = factories.CommunityAssetFactory(
        name="Cook and Eat",
        category=group,
        locality=locality,
        developed_with_lac=True,
        developed_on=D(2025, 8, 1),
    )
    cook.themes.set([lonely])
    old = factories.CommunityAssetFactory(
        name="Old club",
        category=group,
        locality=locality,
        developed_with_lac=True,
        developed_on=D(2024, 5, 1),
        active=False,
    )
    old.themes.set([money])
    debt = factories.CommunityAssetFactory(
        name="Borough Debt Advice", category=advice, locality=None
    )
    debt.themes.set([money])
    factories.ConnectionFactory(
        person=b,
        asset=cook,
        status="connected",
        suggested_on=D(2025, 7, 1),
        connected_on=D(2025, 7, 10),
    )
    factories.ConnectionFactory(
        person=a,
        asset=cook,
        status="connected",
        suggested_on=D(2025, 1, 20),
        connected_on=D(2025, 2, 1),
    )
    factories.ConnectionFactory(person=e, asset=debt, suggested_on=D(2026, 1, 1))

    eviction = factories.OutcomeTypeFactory(
        name="Eviction prevented",
        level=Level.SYSTEM,
        unit_value=5000,
        value_source="Illustrative",
        price_year=2024,
    )
    confident = factories.OutcomeTypeFactory(name="More confident", level=Level.INDIVIDUAL)
    gp_avoided = factories.OutcomeTypeFactory(
        name="GP appointment avoided",
        level=Level.SYSTEM,
        unit_value=40,
        value_source="Illustrative",
        price_year=2023,
    )
    # A flat GDP deflator series, the test's own numbers: every price year is worth the
    # estimate's (2024-25), so the value figures show the method and nothing else.
    for year in (2019, 2023, 2024):
        factories.GdpDeflatorFactory(year=year, index=100)
    # Outcomes in the period, each in the episode open on its date (none names one):
    # A's eviction in A2 (self, 30 days after 1 Sep), B's 3 in B1 (GP, 139 days after
    # 15 Jun), E's 5 in E's (voluntary, 40 days after 1 Dec). By level: individual 3,
    # community 0, system 6; people with one: A, B, E (3 of the 4 supported). A's
    # eviction of 31 Mar 2025 is A1's first outcome, before the period.
    factories.OutcomeFactory(outcome_type=eviction, person=a, achieved_on=D(2025, 10, 1))
    factories.OutcomeFactory(
        outcome_type=confident, person=b, achieved_on=D(2025, 11, 1), quantity=3
    )
    factories.OutcomeFactory(
        outcome_type=gp_avoided, person=e, achieved_on=D(2026, 1, 10), quantity=5
    )
    factories.OutcomeFactory(outcome_type=eviction, person=a, achieved_on=D(2025, 3, 31))

    # Featured and shared anonymised: printed without Rita's names, so one featured story.
    factories.OutcomeStoryFactory(
        person=a,
        told_on=D(2025, 10, 2),
        title="Rita's garden",
        consent=Consent.ANONYMISED,
        featured=True,
    )
    factories.OutcomeStoryFactory(person=b, told_on=D(2025, 11, 2), title="Unshared")
    factories.OutcomeStoryFactory(person=b, told_on=D(2024, 11, 2), title="Too early")

    # Wellbeing is paired from each person's first check in the episode of their latest
    # check in the period (the baseline), however long before the period it was:
    # A 11 Sep 2025 → 1 Feb 2026 (in A's re-introduction); B 1 Jul → 1 Dec 2025 (B's
    # check of 1 Mar is before B's episode began); E has one check in the episode.
    check = factories.WellbeingCheckFactory
    check(
        person=a,
        checked_on=D(2025, 5, 1),
        life_satisfaction=4,
        worthwhile=5,
        happiness=5,
        anxiety=7,
    )
    check(
        person=a,
        checked_on=D(2025, 8, 1),
        life_satisfaction=6,
        worthwhile=5,
        happiness=6,
        anxiety=6,
    )  # between A's two episodes: in neither, never paired
    check(
        person=a,
        checked_on=D(2025, 9, 11),
        life_satisfaction=4,
        worthwhile=5,
        happiness=5,
        anxiety=7,
    )  # A's baseline in the re-introduction (the first check in that episode)
    check(
        person=a,
        checked_on=D(2026, 2, 1),
        life_satisfaction=7,
        worthwhile=6,
        happiness=4,
        anxiety=3,
    )
    check(
        person=b,
        checked_on=D(2025, 3, 1),
        life_satisfaction=0,
        worthwhile=0,
        happiness=0,
        anxiety=10,
    )  # before the period, and before B's episode began: not B's baseline
    check(
        person=b,
        checked_on=D(2025, 7, 1),
        life_satisfaction=5,
        worthwhile=5,
        happiness=5,
        anxiety=2,
    )
    check(
        person=b,
        checked_on=D(2025, 12, 1),
        life_satisfaction=5,
        worthwhile=4,
        happiness=6,
        anxiety=2,
    )
    check(person=e, checked_on=D(2025, 12, 10))  # one check in E's episode: left out

    # Hilltop: figures that must never reach Riverside.
    hidden = factories.PersonFactory(
        first_name="Hidden", last_name="Hilltopper", locality=other_locality
    )
    _intro(hidden, gp, D(2025, 5, 5), first_contact_on=D(2025, 5, 6), themes=[lonely])
    factories.OutcomeFactory(
        outcome_type=eviction, person=hidden, achieved_on=D(2025, 6, 1), quantity=2
    )
    factories.OutcomeStoryFactory(
        person=hidden,
        told_on=D(2025, 6, 2),
        title="Hilltop story",
        consent=Consent.NAMED,
        featured=True,
    )
    check(person=hidden, checked_on=D(2025, 6, 1), life_satisfaction=1)
    check(person=hidden, checked_on=D(2025, 9, 1), life_satisfaction=9)
    return people


@pytest.fixture
def riverside_fy(dataset, locality):
    return Scope(Locality.objects.filter(pk=locality.pk), FY, "Riverside")


@pytest.fixture
def both_fy(dataset):
    return Scope(Locality.objects.all(), FY)
