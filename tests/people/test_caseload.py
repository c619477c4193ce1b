"""The caseload: open introductions a coordinator leads, their flags, filters and search."""

import datetime as dt

import pytest
from django.urls import reverse

from people.caseload import working_days_before
from people.models import ContactMode, SupportLevel
from tests import factories
from tests.factories import days_ago, open_introduction

# A Monday: five working days before it is Monday 8 June, thirty days before is 16 May.
TODAY = factories.TODAY


pytestmark = pytest.mark.usefixtures("frozen_today")


def caseload(client, **params):
    return client.get(reverse("people:caseload"), params)


def names(response) -> list[str]:
    return [intro.person.full_name for intro in response.context["page"]]


def flags(response) -> dict[str, tuple[bool, bool]]:
    """Each row's (awaiting first contact, no recent contact)."""
    return {
        intro.person.full_name: (intro.awaiting_first_contact, intro.no_recent_contact)
        for intro in response.context["page"]
    }


# Who is on the caseload


def test_caseload_lists_only_the_open_introductions_the_user_leads(
    client_for, coordinator, colleague, locality
):
    mine = open_introduction(lead=coordinator, locality=locality, first_name="Mine")
    closed = open_introduction(
        lead=coordinator,
        locality=locality,
        first_name="Closed",
        introduced_on=days_ago(60),
        closed_on=days_ago(10),
        closing_reason=factories.ClosingReasonFactory(),
    )
    open_introduction(lead=colleague, locality=locality, first_name="Colins")
    open_introduction(lead=None, locality=locality, first_name="Nobodys")

    response = caseload(client_for(coordinator))

    assert response.status_code == 200
    assert names(response) == ["Mine Smith"]
    content = response.content.decode()
    assert "My caseload" in content
    assert mine.person.get_absolute_url() in content
    assert closed.person.get_absolute_url() not in content
    assert "Colins Smith" not in content
    assert "Nobodys Smith" not in content


def test_caseload_says_so_when_empty(client_for, coordinator):
    response = caseload(client_for(coordinator))

    assert names(response) == []
    assert "No open introductions." in response.content.decode()


def test_caseload_shows_the_next_step_and_a_log_contact_link_that_returns_to_it(
    client_for, coordinator, locality
):
    intro = open_introduction(
        lead=coordinator, locality=locality, first_name="Ann", next_step="Ring about the lunch club"
    )

    content = caseload(client_for(coordinator)).content.decode()

    assert "Ring about the lunch club" in content
    assert f"{reverse('people:contact_new', args=[intro.person.pk])}?next=caseload" in content


# Flags


def test_caseload_flags_awaiting_first_contact_only_after_more_than_five_working_days(
    client_for, coordinator, locality
):
    # Friday 5 June is six working days before Monday 15 June; Monday 8 June is five.
    open_introduction(
        lead=coordinator, locality=locality, first_name="Six", introduced_on=dt.date(2026, 6, 5)
    )
    open_introduction(
        lead=coordinator, locality=locality, first_name="Five", introduced_on=dt.date(2026, 6, 8)
    )
    reached = open_introduction(
        lead=coordinator,
        locality=locality,
        first_name="Reached",
        introduced_on=dt.date(2026, 6, 1),
        first_contact_on=dt.date(2026, 6, 2),
    )
    factories.ContactFactory(introduction=reached, contact_on=dt.date(2026, 6, 2))

    response = caseload(client_for(coordinator))

    assert flags(response) == {
        "Six Smith": (True, False),
        "Five Smith": (False, False),
        "Reached Smith": (False, False),
    }
    # Flagged rows come first.
    assert names(response)[0] == "Six Smith"
    assert response.content.decode().count('badge-flag">awaiting first contact') == 1


def test_caseload_flags_no_recent_contact_after_30_days_and_attempts_do_not_count(
    client_for, coordinator, locality
):
    stale = open_introduction(
        lead=coordinator,
        locality=locality,
        first_name="Stale",
        introduced_on=days_ago(90),
        first_contact_on=days_ago(31),
    )
    factories.ContactFactory(introduction=stale, contact_on=days_ago(31))
    factories.ContactFactory(introduction=stale, contact_on=days_ago(1), mode=ContactMode.ATTEMPTED)
    recent = open_introduction(
        lead=coordinator,
        locality=locality,
        first_name="Recent",
        introduced_on=days_ago(90),
        first_contact_on=days_ago(30),
    )
    factories.ContactFactory(introduction=recent, contact_on=days_ago(30))
    open_introduction(
        lead=coordinator, locality=locality, first_name="Never", introduced_on=days_ago(40)
    )
    open_introduction(
        lead=coordinator, locality=locality, first_name="New", introduced_on=days_ago(2)
    )

    response = caseload(client_for(coordinator))

    assert flags(response) == {
        "Stale Smith": (False, True),
        "Recent Smith": (False, False),
        "Never Smith": (True, True),
        "New Smith": (False, False),
    }
    assert names(response) == ["Never Smith", "Stale Smith", "Recent Smith", "New Smith"]
    content = response.content.decode()
    assert content.count('badge-flag">no recent contact') == 2
    # The last contact shown is the last real one, not the attempt yesterday.
    assert days_ago(31).strftime("%d/%m/%Y") in content
    assert days_ago(1).strftime("%d/%m/%Y") not in content


# Filters and search


@pytest.fixture
def meadow(coordinator):
    """A second locality the coordinator also covers."""
    meadow = factories.LocalityFactory(name="Meadow")
    coordinator.localities.add(meadow)
    return meadow


@pytest.fixture
def filterable(coordinator, locality, meadow):
    """Three open introductions that differ in locality, support level, flag and name."""
    ann = open_introduction(
        lead=coordinator,
        locality=locality,
        first_name="Ann",
        last_name="Archer",
        introduced_on=days_ago(10),
        support_level=SupportLevel.WALKING_ALONGSIDE,
    )
    ann.person.preferred_name = "Nancy"
    ann.person.save()
    ben = open_introduction(
        lead=coordinator,
        locality=meadow,
        first_name="Ben",
        last_name="Baker",
        introduced_on=days_ago(10),
        first_contact_on=days_ago(2),
    )
    factories.ContactFactory(introduction=ben, contact_on=days_ago(2))
    cal = open_introduction(
        lead=coordinator,
        locality=locality,
        first_name="Cal",
        last_name="Carter",
        introduced_on=days_ago(50),
        first_contact_on=days_ago(45),
    )
    factories.ContactFactory(introduction=cal, contact_on=days_ago(45))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Ann Archer", "Cal Carter", "Ben Baker"]),
        ({"locality": "meadow"}, ["Ben Baker"]),
        ({"locality": "riverside"}, ["Ann Archer", "Cal Carter"]),
        ({"support_level": "walking_alongside"}, ["Ann Archer"]),
        ({"support_level": "information"}, ["Cal Carter", "Ben Baker"]),
        ({"flag": "awaiting"}, ["Ann Archer"]),
        ({"flag": "no_contact"}, ["Cal Carter"]),
        ({"q": "car"}, ["Cal Carter"]),
        ({"q": "ann arch"}, ["Ann Archer"]),
        ({"q": "nancy"}, ["Ann Archer"]),
        ({"q": "zed"}, []),
        ({"q": "b", "locality": "meadow", "support_level": "information"}, ["Ben Baker"]),
    ],
)
def test_caseload_filters_return_exactly_the_matching_people(
    client_for, coordinator, locality, meadow, filterable, params, expected
):
    ids = {"meadow": meadow.pk, "riverside": locality.pk}
    if "locality" in params:
        params = {**params, "locality": ids[params["locality"]]}

    response = caseload(client_for(coordinator), **params)

    assert names(response) == expected


def test_caseload_filters_that_match_nobody_say_so(client_for, coordinator, filterable):
    response = caseload(client_for(coordinator), q="zed")

    assert names(response) == []
    assert "No open introductions match these filters." in response.content.decode()


def test_caseload_filter_by_a_locality_the_user_does_not_cover_reveals_nothing(
    client_for, coordinator, locality, other_locality, outsider
):
    open_introduction(lead=coordinator, locality=locality, first_name="Mine")
    open_introduction(lead=coordinator, locality=other_locality, first_name="Elsewhere")

    response = caseload(client_for(coordinator), locality=other_locality.pk)

    assert response.status_code == 200
    assert "Elsewhere Smith" not in names(response)
    assert "Elsewhere" not in response.content.decode()


# Someone else's caseload


def test_coordinator_can_view_the_caseload_of_a_colleague_in_the_same_locality(
    client_for, coordinator, colleague, locality
):
    open_introduction(lead=coordinator, locality=locality, first_name="Mine")
    open_introduction(lead=colleague, locality=locality, first_name="Colins")

    response = caseload(client_for(coordinator), coordinator=colleague.pk)

    assert response.status_code == 200
    assert names(response) == ["Colins Smith"]
    assert response.context["coordinator"] == colleague
    content = response.content.decode()
    assert "Caseload of Colin Worker" in content
    # Filtering keeps to the colleague's caseload.
    assert f'name="coordinator" value="{colleague.pk}"' in content


def test_manager_can_view_the_caseload_of_a_coordinator_in_a_locality_they_manage(
    client_for, manager, coordinator, locality
):
    open_introduction(lead=coordinator, locality=locality, first_name="Mine")

    response = caseload(client_for(manager), coordinator=coordinator.pk)

    assert names(response) == ["Mine Smith"]


@pytest.mark.parametrize("value", ["outsider", "abc", "", "1.5", "999999"])
def test_caseload_of_someone_outside_the_users_localities_is_not_found(
    client_for, coordinator, outsider, outsider_person, value
):
    factories.IntroductionFactory(person=outsider_person)
    coordinator_id = str(outsider.pk) if value == "outsider" else value

    response = caseload(client_for(coordinator), coordinator=coordinator_id)

    assert response.status_code == 404
    assert "Hilltopper" not in response.content.decode()


def test_outsiders_caseload_never_shows_riverside_people(
    client_for, outsider, coordinator, locality, outsider_person
):
    # A Riverside person still led by the outsider (say, after moving house).
    open_introduction(lead=outsider, locality=locality, first_name="Rita", last_name="Riverside")
    open_introduction(lead=coordinator, locality=locality, first_name="Rory", last_name="Riverside")
    factories.IntroductionFactory(person=outsider_person)
    client = client_for(outsider)

    own = caseload(client)
    colleague_of_nobody = caseload(client, coordinator=coordinator.pk)

    assert names(own) == ["Hidden Hilltopper"]
    assert "Riverside" not in own.content.decode()
    assert colleague_of_nobody.status_code == 404


def test_anonymous_visitor_is_sent_to_login_from_the_caseload(client):
    response = caseload(client)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# Query count


@pytest.mark.parametrize("n", [1, 3])
def test_caseload_query_count_does_not_grow_with_rows(
    client_for, coordinator, locality, django_assert_num_queries, n
):
    """Guards the N+1 on each row's person, locality, lead and last contact."""
    theme = factories.ThemeFactory()
    for i in range(n):
        intro = open_introduction(
            lead=coordinator,
            locality=locality,
            first_name=f"Row{i}",
            first_contact_on=days_ago(2),
        )
        intro.themes.add(theme)
        factories.ContactFactory(introduction=intro, contact_on=days_ago(2))
    client = client_for(coordinator)

    # Session, user and two permission reads, count, localities, rows, then the session save.
    with django_assert_num_queries(11):
        response = caseload(client, support_level="information")

    assert len(names(response)) == n


def test_caseload_offers_colleagues_who_share_a_locality_and_no_one_else(
    client_for, coordinator, colleague, outsider
):
    response = client_for(coordinator).get(reverse("people:caseload"))

    assert [c.username for c in response.context["colleagues"]] == ["colin", "cora"]
    assert "Olive" not in response.content.decode()


# Working days skip bank holidays where the service is (LAC_BANK_HOLIDAYS).


@pytest.mark.parametrize(
    ("region", "today", "expected"),
    [
        # Easter 2026: Good Friday 3 April and Easter Monday 6 April are not working days.
        ("ENG", dt.date(2026, 4, 7), dt.date(2026, 3, 27)),
        ("", dt.date(2026, 4, 7), dt.date(2026, 3, 31)),
        # 2 January is a bank holiday in Scotland only.
        ("SCT", dt.date(2026, 1, 9), dt.date(2025, 12, 31)),
        ("ENG", dt.date(2026, 1, 9), dt.date(2026, 1, 2)),
    ],
)
def test_working_days_skip_the_regions_bank_holidays(settings, region, today, expected):
    settings.LAC_BANK_HOLIDAYS = region

    assert working_days_before(today, 5) == expected
