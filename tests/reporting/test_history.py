"""History that never shifts: a past period's figures are the same, byte for byte, after
people move, and every figure about people counts each person once across the scope.

The world: three localities in two districts, a closed financial year (2025/26) and the
weeks since. Today is 15 June 2026. People are moved the ways the app moves them: their
edit page (an open episode, a closed one, one spanning the year's end) and the caseload
move; then more is recorded about them where they live now.
"""

import dataclasses
import datetime as dt
import re

import pytest
from django.urls import reverse

from localities.models import Locality
from outcomes.models import Consent, Level, WellbeingCheck
from people.models import Contact, ContactMode, Introduction
from people.services import contact_log
from reporting import tables
from reporting.figures import Figures
from reporting.periods import Scope, financial_year
from reporting.publish import load_snapshot, published_report_create
from reporting.publish_changes import changes_since
from reporting.registry import REGISTRY
from tests import factories
from tests.factories import TODAY

pytestmark = pytest.mark.usefixtures("frozen_today")

D = dt.date
YEAR = financial_year(2025)
ONS4 = ("life_satisfaction", "worthwhile", "happiness", "anxiety")
PERIODS = [
    {"period": "fy:2025"},
    # The recent past, up to yesterday: the moves are dated today.
    {"period": "custom", "start": "2025-10-01", "end": "2026-06-14"},
]
# What differs between any two responses: the form tokens and the script nonce.
PER_RESPONSE = re.compile(rb'name="(?:csrfmiddlewaretoken|form_token)" value="[^"]*"|nonce="[^"]*"')


@dataclasses.dataclass
class World:
    places: list[Locality]
    manager: object
    coordinator: object
    colleague: object
    ann: object  # re-introduced, open episode: moves on her edit page
    bob: object  # closed episode only: moves on his edit page
    eve: object  # an episode spanning the year's end: moves on her edit page
    dan: object  # open episode: his lead changes by the caseload move


def supported(person, place, introduced_on, closed_on=None, *, contacts=(), checks=()):
    """An episode with its contacts, a connection, an outcome and wellbeing checks."""
    episode = factories.IntroductionFactory(
        person=person,
        introduced_on=introduced_on,
        first_contact_on=contacts[0] if contacts else None,
        closed_on=closed_on,
        closing_reason=factories.ClosingReasonFactory() if closed_on else None,
        support_level="walking_alongside",
    )
    episode.themes.set([factories.ThemeFactory()])
    for n, day in enumerate(contacts):
        factories.ContactFactory(
            introduction=episode,
            contact_on=day,
            minutes=30 + 15 * n,
            mode=[ContactMode.IN_PERSON, ContactMode.PHONE, ContactMode.ATTEMPTED][n % 3],
            area_practical=n % 3 != 2,
            area_heard=n % 3 == 1,
        )
    if contacts:
        factories.ConnectionFactory(
            person=person,
            introduction=episode,
            asset=factories.CommunityAssetFactory(locality=place),
            status="connected",
            suggested_on=contacts[0],
            connected_on=contacts[-1],
        )
        factories.OutcomeFactory(
            person=person,
            introduction=episode,
            locality=place,
            achieved_on=contacts[-1],
            outcome_type=factories.OutcomeTypeFactory(
                level=Level.SYSTEM, unit_value=400, value_source="Illustrative", price_year=2024
            ),
        )
    for n, day in enumerate(checks):
        factories.WellbeingCheckFactory(
            person=person,
            introduction=episode,
            checked_on=day,
            life_satisfaction=4 + 2 * n,
            worthwhile=5 + n,
            happiness=5,
            anxiety=7 - 2 * n,
        )
    return episode


@pytest.fixture
def world(locality, other_locality) -> World:
    lakeside = factories.LocalityFactory(name="Lakeside", district="North District")
    places = [locality, other_locality, lakeside]
    riverside, hilltop = locality, other_locality
    manager = factories.ManagerFactory(username="maud", localities=places)
    coordinator = factories.CoordinatorFactory(username="cass", localities=places)
    colleague = factories.CoordinatorFactory(username="cole", localities=places)

    def someone(name, place, **kwargs):
        return factories.PersonFactory(
            first_name=name, locality=place, lead_coordinator=coordinator, **kwargs
        )

    ann, bob, eve, dan = (
        someone("Ann", riverside),
        someone("Bob", riverside),
        someone("Eve", lakeside),
        someone("Dan", riverside),
    )
    supported(
        ann,
        riverside,
        D(2025, 4, 10),
        D(2025, 10, 1),
        contacts=[D(2025, 4, 12), D(2025, 5, 1), D(2025, 6, 1)],
        checks=[D(2025, 4, 12), D(2025, 9, 1)],
    )
    supported(
        ann,
        riverside,
        D(2026, 1, 10),
        contacts=[D(2026, 1, 12), D(2026, 2, 1), D(2026, 5, 1)],
        checks=[D(2026, 1, 12), D(2026, 5, 1)],
    )
    supported(
        bob,
        riverside,
        D(2025, 6, 1),
        D(2026, 2, 1),
        contacts=[D(2025, 6, 3), D(2025, 8, 1)],
        checks=[D(2025, 6, 3), D(2026, 1, 20)],
    )
    supported(eve, lakeside, D(2026, 3, 1), D(2026, 4, 20), contacts=[D(2026, 3, 2), D(2026, 4, 1)])
    supported(
        dan,
        riverside,
        D(2025, 5, 1),
        contacts=[D(2025, 5, 2), D(2025, 11, 1)],
        checks=[D(2025, 5, 2), D(2026, 3, 1)],
    )
    carl = factories.PersonFactory(first_name="Carl", locality=hilltop, lead_coordinator=colleague)
    supported(carl, hilltop, D(2025, 11, 1), contacts=[D(2025, 11, 3)], checks=[D(2025, 11, 3)])
    factories.OutcomeStoryFactory(
        person=ann,
        locality=riverside,
        told_on=D(2025, 9, 20),
        title="Back at the allotment",
        consent=Consent.NAMED,
        featured=True,
    )
    factories.OutcomeStoryFactory(
        person=None,
        locality=lakeside,
        told_on=D(2026, 2, 1),
        title="A new lunch club",
        level=Level.COMMUNITY,
        consent=Consent.ANONYMISED,
        featured=True,
    )
    factories.OutcomeFactory(person=None, locality=hilltop, achieved_on=D(2025, 12, 1))
    return World(places, manager, coordinator, colleague, ann, bob, eve, dan)


def scopes(world: World) -> list[str]:
    return [
        "all",
        "district:North District",
        "district:South District",
        *[f"locality:{place.pk}" for place in world.places],
    ]


def exports(client, world: World) -> dict[tuple, bytes]:
    """Every dashboard table as CSV, the dashboard and the report, for every scope and
    past period: what a commissioner could have downloaded or printed."""
    found = {}
    for period in PERIODS:
        for scope in scopes(world):
            query = {**period, "scope": scope}
            for key in tables.BUILDERS:
                response = client.get(
                    reverse("reporting:dashboard"), {**query, "format": "csv", "table": key}
                )
                assert response.status_code == 200, key
                found[(period["period"], scope, key)] = b"".join(response.streaming_content)
            for page in ("reporting:dashboard", "reporting:report"):
                response = client.get(reverse(page), query)
                assert response.status_code == 200, page
                found[(period["period"], scope, page)] = PER_RESPONSE.sub(b"", response.content)
                found[(period["period"], scope, page, "figures")] = _figures_shown(response)
    return found


def _figures_shown(response) -> bytes:
    """Every table, estimate and story a page was given, written out."""
    contexts = response.context if isinstance(response.context, list) else [response.context]
    given = {}
    for context in contexts:
        given.update(context.flatten())
    shown = []
    for key, value in sorted(given.items(), key=lambda item: item[0]):
        values = value if isinstance(value, list | tuple) else [value]
        if values and all(dataclasses.is_dataclass(item) for item in values):
            shown.append(f"{key}: {values!r}")
    return "\n".join(shown).encode()


def edit_locality(client, person, to):
    """The person's edit page, sent back as shown with another locality."""
    url = reverse("people:person_edit", args=[person.pk])
    page = client.get(url)
    data = {
        field.html_name: field.value()
        for field in page.context["form"]
        if field.value() not in (None, "")
    }
    response = client.post(url, {**data, "locality": to.pk})
    assert response.status_code == 302, page.context["form"].errors


def move_everyone(client_for, world: World) -> None:
    riverside, hilltop, lakeside = world.places
    mover = client_for(world.coordinator)
    edit_locality(mover, world.ann, hilltop)  # a closed and an open episode
    edit_locality(mover, world.bob, lakeside)  # a closed episode only
    edit_locality(mover, world.eve, riverside)  # closed after the year's end
    response = client_for(world.manager).post(
        reverse("people:caseload_transfer", args=[world.coordinator.pk]),
        {
            "introductions": [Introduction.objects.get(person=world.dan).pk],
            "to": world.colleague.pk,
        },
    )
    assert response.status_code == 302
    # Then work goes on where they live now.
    world.ann.refresh_from_db()
    ann_now = world.ann.introductions.open().get()
    contact_log(
        contact=Contact(introduction=ann_now, contact_on=TODAY, minutes=50, area_gifts=True),
        by=world.coordinator,
    )
    WellbeingCheck.objects.create(
        person=world.ann, introduction=ann_now, checked_on=TODAY, **dict.fromkeys(ONS4, 7)
    )


def test_a_past_periods_exports_are_the_same_byte_for_byte_after_people_move(client_for, world):
    reader = client_for(world.manager)
    before = exports(reader, world)
    published = [
        published_report_create(scope=Scope(places, YEAR, "Here"), by=world.manager)
        for places in [
            Locality.objects.all(),
            *[Locality.objects.filter(pk=p.pk) for p in world.places],
        ]
    ]

    move_everyone(client_for, world)
    reader = client_for(world.manager)
    reader.get("/", follow=True)  # the moves' messages, shown once, so not on the pages compared

    after = exports(reader, world)
    assert after.keys() == before.keys()
    assert [key for key in before if before[key] != after[key]] == []
    # A report published before the moves has no figure changed since.
    for report in published:
        assert changes_since(report, load_snapshot(report.snapshot)).figures == []
    # The exports are not empty: Riverside's year is there, Ann's first story with it.
    summary = before[("fy:2025", f"locality:{world.places[0].pk}", "summary")].decode()
    assert "People supported,3\r\n" in summary
    assert b"Back at the allotment" in before[("fy:2025", "all", "reporting:report")]


def test_the_moves_count_from_their_day_in_the_current_period(client_for, world):
    riverside, hilltop, lakeside = world.places
    move_everyone(client_for, world)
    now = Figures(Scope(Locality.objects.all(), financial_year(2026)))

    # Ann's open episode counts in Hilltop from today, with Carl's; Dan's stays.
    assert REGISTRY["active_at_end"].by_locality(now) == {
        hilltop.pk: 2,
        riverside.pk: 1,
        lakeside.pk: 0,  # Eve's episode, closed in April, before she moved
    }
    # What is recorded from today counts where they live now; what came before stays.
    this_year = Contact.objects.filter(contact_on__gte=D(2026, 4, 1))
    assert dict(this_year.values_list("contact_on", "locality")) == {
        D(2026, 4, 1): lakeside.pk,  # Eve, before she moved to Riverside
        D(2026, 5, 1): riverside.pk,  # Ann, before she moved to Hilltop
        TODAY: hilltop.pk,
    }
    assert WellbeingCheck.objects.get(checked_on=TODAY).locality == hilltop


# Each person once across the scope


def test_active_at_period_end_counts_someone_with_two_episodes_open_once(locality, other_locality):
    """Episodes that overlapped before re-introductions were checked, in two localities."""
    rita = factories.PersonFactory(first_name="Rita", locality=locality)
    Introduction.objects.create(
        person=rita,
        locality=locality,
        referral_source=factories.ReferralSourceFactory(),
        introduced_on=D(2025, 5, 1),
        closed_on=D(2026, 5, 1),
        closing_reason=factories.ClosingReasonFactory(),
    )
    Introduction.objects.create(
        person=rita,
        locality=other_locality,
        referral_source=factories.ReferralSourceFactory(),
        introduced_on=D(2026, 3, 1),
    )
    both = Figures(Scope(Locality.objects.filter(pk__in=[locality.pk, other_locality.pk]), YEAR))

    assert REGISTRY["active_at_end"].by_locality(both) == {locality.pk: 1, other_locality.pk: 1}
    assert REGISTRY["active_at_end"].compute(both) == 1
    assert REGISTRY["people_supported"].compute(both) == 1


def test_the_wellby_people_count_someone_paired_in_two_localities_once(locality, other_locality):
    """Checked twice before a move and twice after it: a pair in each locality's value,
    one person in the scope's."""
    rita = factories.PersonFactory(first_name="Rita", locality=locality)
    episode = factories.IntroductionFactory(person=rita, introduced_on=D(2025, 4, 1))
    for day, place, score in [
        (D(2025, 5, 1), locality, 3),
        (D(2025, 7, 1), locality, 5),
        (D(2025, 10, 1), other_locality, 5),
        (D(2026, 1, 1), other_locality, 8),
    ]:
        factories.WellbeingCheckFactory(
            person=rita,
            introduction=episode,
            locality=place,
            checked_on=day,
            life_satisfaction=score,
        )
    both = Figures(Scope(Locality.objects.filter(pk__in=[locality.pk, other_locality.pk]), YEAR))

    assert [place.wellby_people for place in both.value_by_locality] == [1, 1]
    assert both.wellbeing.paired == 1
    assert both.value.wellby.people == 1
