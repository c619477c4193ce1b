"""The people list, the person page (timeline, suggested assets) and who may see them."""

import datetime as dt

import pytest
from django.urls import reverse

from outcomes.models import Outcome, OutcomeStory, WellbeingCheck
from people.models import Connection, Contact, Introduction, Person, SupportLevelChange
from tests import factories

TODAY = factories.TODAY


pytestmark = pytest.mark.usefixtures("frozen_today")


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def people_listed(response) -> list[str]:
    return [p.full_name for p in response.context["page"]]


def timeline_html(response) -> str:
    return response.content.decode().split('<ol class="timeline">')[1].split("</ol>")[0]


# The people list


def test_person_list_shows_everyone_in_the_users_localities_and_nobody_else(
    client_for, coordinator, person, outsider_person, locality
):
    factories.PersonFactory(first_name="Sam", last_name="Aston", locality=locality)
    factories.IntroductionFactory(person=person)

    response = client_for(coordinator).get(reverse("people:person_list"))

    assert people_listed(response) == ["Sam Aston", "Rita Riverside"]
    content = response.content.decode()
    assert "2 people." in content
    assert "Hilltopper" not in content


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("rit", ["Rita Riverside"]),
        ("RITA riv", ["Rita Riverside"]),
        ("sam", ["Sam Aston"]),
        ("zz9 9zz", ["Sam Aston"]),
        ("  ZZ9 9ZZ ", ["Sam Aston"]),
        ("nobody", []),
    ],
)
def test_person_list_search_finds_by_name_or_postcode(
    client_for, coordinator, person, locality, q, expected
):
    factories.PersonFactory(
        first_name="Sam", last_name="Aston", postcode="ZZ9 9ZZ", locality=locality
    )

    response = client_for(coordinator).get(reverse("people:person_list"), {"q": q})

    assert people_listed(response) == expected


@pytest.mark.parametrize("q", ["Hidden", "hilltopper", "Hidden Hilltopper", "AB1 2CD"])
def test_person_list_search_never_finds_someone_in_another_locality(
    client_for, coordinator, person, outsider_person, q
):
    response = client_for(coordinator).get(reverse("people:person_list"), {"q": q})

    assert outsider_person.full_name not in people_listed(response)
    assert outsider_person.get_absolute_url() not in response.content.decode()
    page = response.content.decode().replace(f'value="{q}"', "")
    leaks = [
        page[max(0, i - 80) : i + 80] for i in range(len(page)) if page.startswith("Hilltop", i)
    ]
    assert leaks == []


def test_person_list_filtered_by_another_locality_reveals_nobody_there(
    client_for, coordinator, person, outsider_person, other_locality
):
    response = client_for(coordinator).get(
        reverse("people:person_list"), {"locality": other_locality.pk}
    )

    assert outsider_person.full_name not in people_listed(response)
    assert "Hilltopper" not in response.content.decode()


def test_person_list_for_the_outsider_shows_only_their_locality(
    client_for, outsider, person, outsider_person
):
    response = client_for(outsider).get(reverse("people:person_list"), {"q": "Rita"})

    assert people_listed(response) == []
    content = response.content.decode()
    assert "Nobody matches." in content
    assert person.get_absolute_url() not in content


@pytest.mark.parametrize("n", [1, 3])
def test_person_list_query_count_does_not_grow_with_people(
    client_for, coordinator, locality, django_assert_num_queries, n
):
    """Guards the N+1 on each row's locality, lead coordinator and open introductions."""
    for _ in range(n):
        factories.IntroductionFactory(
            person=factories.PersonFactory(locality=locality, lead_coordinator=coordinator)
        )
    client = client_for(coordinator)

    with django_assert_num_queries(10):
        response = client.get(reverse("people:person_list"))

    assert len(people_listed(response)) == n
    assert response.content.decode().count(">Open</td>") == n


# The person page


@pytest.fixture
def full_history(person):
    """One of everything on a timeline, each on its own day, plus an earlier closed episode."""
    earlier = factories.IntroductionFactory(
        person=person,
        introduced_on=days_ago(100),
        closed_on=days_ago(80),
        closing_reason=factories.ClosingReasonFactory(name="Moved away"),
        referral_source=factories.ReferralSourceFactory(name="Housing officer"),
    )
    current = factories.IntroductionFactory(
        person=person,
        introduced_on=days_ago(20),
        referral_source=factories.ReferralSourceFactory(name="Dr Shah's surgery"),
    )
    factories.ContactFactory(
        introduction=current, contact_on=days_ago(10), note="Talked about the allotment."
    )
    factories.ConnectionFactory(person=person, asset__name="Men's Shed", suggested_on=days_ago(5))
    factories.OutcomeFactory(
        person=person, outcome_type__name="Eviction prevented", achieved_on=days_ago(3)
    )
    factories.OutcomeStoryFactory(person=person, title="Back in the garden", told_on=days_ago(2))
    factories.WellbeingCheckFactory(person=person, checked_on=days_ago(1), anxiety=3)
    return earlier, current


def test_person_page_shows_the_timeline_newest_first_with_every_kind_of_entry(
    client_for, coordinator, person, full_history
):
    response = client_for(coordinator).get(person.get_absolute_url())

    assert [entry.kind for entry in response.context["timeline"]] == [
        "wellbeing",
        "story",
        "outcome",
        "connection",
        "contact",
        "introduction",
        "closed",
        "introduction",
    ]
    timeline = timeline_html(response)
    markers = [
        "Wellbeing check:",
        "Back in the garden",
        "Eviction prevented",
        "Men&#x27;s Shed",
        "Talked about the allotment.",
        "Dr Shah&#x27;s surgery",
        "Introduction closed</strong>: Moved away",
        "Housing officer",
    ]
    positions = [timeline.find(marker) for marker in markers]
    assert -1 not in positions
    assert positions == sorted(positions)


def test_person_page_shows_the_current_introduction(client_for, coordinator, person, full_history):
    _, current = full_history
    theme = factories.ThemeFactory(name="Loneliness")
    current.themes.add(theme)
    current.next_step = "Visit the Men's Shed together"
    current.save()

    response = client_for(coordinator).get(person.get_absolute_url())

    assert response.context["introduction"] == current
    assert response.context["intro_themes"] == [theme]
    content = response.content.decode()
    assert "Rita Riverside" in content
    assert "Loneliness" in content
    assert "Visit the Men&#x27;s Shed together" in content
    assert reverse("people:contact_new", args=[person.pk]) in content


def test_person_page_without_an_open_introduction_offers_to_introduce_again(
    client_for, coordinator, person
):
    factories.IntroductionFactory(
        person=person,
        introduced_on=days_ago(100),
        closed_on=days_ago(80),
        closing_reason=factories.ClosingReasonFactory(),
    )

    response = client_for(coordinator).get(person.get_absolute_url())

    assert response.context["introduction"] is None
    content = response.content.decode()
    assert "No open introduction." in content
    assert reverse("people:introduction_again", args=[person.pk]) in content
    assert reverse("people:contact_new", args=[person.pk]) not in content


def test_person_page_suggests_matching_local_and_area_wide_assets_best_match_first(
    client_for, coordinator, person, locality, other_locality
):
    loneliness = factories.ThemeFactory(name="Loneliness")
    money = factories.ThemeFactory(name="Money and debt")
    sport = factories.ThemeFactory(name="Sport")
    intro = factories.IntroductionFactory(person=person)
    intro.themes.set([loneliness, money])

    def asset(name, themes, asset_locality=locality, **kwargs):
        made = factories.CommunityAssetFactory(name=name, locality=asset_locality, **kwargs)
        made.themes.set(themes)
        return made

    asset("Community café", [loneliness, money])
    asset("Debt advice drop-in", [money], asset_locality=None)
    asset("Walking group", [loneliness, sport])
    asset("Closed lunch club", [loneliness, money], active=False)
    asset("Hilltop befriending", [loneliness, money], asset_locality=other_locality)
    asset("Football team", [sport])
    asset("No themes at all", [])
    linked = asset("Knit and natter", [loneliness, money])
    factories.ConnectionFactory(person=person, asset=linked)

    response = client_for(coordinator).get(person.get_absolute_url())

    suggestions = response.context["suggestions"]
    assert [a.name for a in suggestions] == [
        "Community café",
        "Debt advice drop-in",
        "Walking group",
    ]
    assert [a.matches for a in suggestions] == [2, 1, 1]
    content = response.content.decode()
    assert "2 themes in common" in content
    assert "Area-wide" in content
    assert "Hilltop befriending" not in content
    assert "Closed lunch club" not in content


def test_person_page_suggests_an_asset_again_once_its_connection_has_ended(
    client_for, coordinator, person, locality
):
    theme = factories.ThemeFactory()
    factories.IntroductionFactory(person=person).themes.add(theme)
    asset = factories.CommunityAssetFactory(name="Choir", locality=locality)
    asset.themes.add(theme)
    factories.ConnectionFactory(person=person, asset=asset, status="ended", ended_on=days_ago(1))

    response = client_for(coordinator).get(person.get_absolute_url())

    assert [a.name for a in response.context["suggestions"]] == ["Choir"]


def test_person_page_without_themes_explains_how_to_get_suggestions(
    client_for, coordinator, person
):
    factories.IntroductionFactory(person=person)

    response = client_for(coordinator).get(person.get_absolute_url())

    assert list(response.context["suggestions"]) == []
    assert "add themes to the introduction to get suggestions" in response.content.decode()


@pytest.mark.parametrize("viewer", ["coordinator", "colleague", "manager", "administrator"])
def test_person_page_is_shown_to_everyone_who_covers_the_locality(
    client_for, request, person, viewer
):
    user = request.getfixturevalue(viewer)

    response = client_for(user).get(person.get_absolute_url())

    assert response.status_code == 200
    assert response.context["person"] == person
    assert "Rita Riverside" in response.content.decode()


@pytest.mark.parametrize("n", [1, 3])
def test_person_page_query_count_does_not_grow_with_the_timeline(
    client_for, coordinator, person, locality, django_assert_num_queries, n
):
    """Guards the N+1 on timeline entries, connections, themes and suggested assets."""
    reason = factories.ClosingReasonFactory()
    for i in range(n - 1):
        factories.IntroductionFactory(
            person=person,
            introduced_on=days_ago(200 + 10 * i),
            closed_on=days_ago(195 + 10 * i),
            closing_reason=reason,
        )
    current = factories.IntroductionFactory(person=person, introduced_on=days_ago(100))
    for _ in range(n):
        theme = factories.ThemeFactory()
        current.themes.add(theme)
        factories.CommunityAssetFactory(locality=locality).themes.add(theme)
        factories.ContactFactory(introduction=current, recorded_by=coordinator, area_practical=True)
        factories.ConnectionFactory(person=person)
        factories.OutcomeFactory(person=person)
        factories.OutcomeStoryFactory(person=person)
        factories.WellbeingCheckFactory(person=person)
    client = client_for(coordinator)

    with django_assert_num_queries(20):
        response = client.get(person.get_absolute_url())

    assert len(response.context["timeline"]) == 7 * n - 1
    assert len(response.context["suggestions"]) == n


# Who may see and change a person


PERSON_URLS = [
    "people:person_detail",
    "people:person_edit",
    "people:introduction_again",
    "people:introduction_edit",
    "people:support_level",
    "people:introduction_close",
    "people:contact_new",
    "people:connection_new",
    "outcomes:outcome_new",
    "outcomes:story_new",
    "outcomes:wellbeing_new",
]


@pytest.fixture
def person_with_everything(person, locality):
    """A person with an open introduction, and everything a POST could need."""
    intro = factories.IntroductionFactory(person=person, introduced_on=days_ago(20))
    return {
        "intro": intro,
        "reason": factories.ClosingReasonFactory(),
        "source": intro.referral_source,
        "asset": factories.CommunityAssetFactory(locality=locality),
        "outcome_type": factories.OutcomeTypeFactory(),
    }


def valid_post(name: str, everything: dict) -> dict:
    """Data the view would accept from someone allowed to use it."""
    day = days_ago(1).isoformat()
    return {
        "people:person_detail": {},
        "people:person_edit": {
            "first_name": "Overwritten",
            "last_name": "Overwritten",
            "locality": everything["intro"].person.locality_id,
            "version": 1,
        },
        "people:introduction_again": {
            "referral_source": everything["source"].pk,
            "introduced_on": day,
            "support_level": "information",
        },
        "people:introduction_edit": {
            "referral_source": everything["source"].pk,
            "introduced_on": day,
            "next_step": "Overwritten",
            "version": 1,
        },
        "people:support_level": {"support_level": "walking_alongside", "changed_on": day},
        "people:introduction_close": {"closed_on": day, "reason": everything["reason"].pk},
        "people:contact_new": {"contact_on": day, "minutes": 30, "mode": "phone"},
        "people:connection_new": {"asset": everything["asset"].pk, "suggested_on": day},
        "outcomes:outcome_new": {
            "outcome_type": everything["outcome_type"].pk,
            "achieved_on": day,
            "quantity": 1,
        },
        "outcomes:story_new": {
            "title": "Overwritten",
            "text": "Overwritten",
            "level": "individual",
            "consent": "none",
            "told_on": day,
        },
        "outcomes:wellbeing_new": {
            "checked_on": day,
            "life_satisfaction": 5,
            "worthwhile": 5,
            "happiness": 5,
            "anxiety": 5,
        },
    }[name]


def snapshot(person: Person) -> tuple:
    """Everything a POST to a person URL could change."""
    return (
        list(Person.objects.values_list("first_name", "last_name", "version")),
        list(
            Introduction.objects.values_list(
                "pk", "closed_on", "next_step", "support_level", "version"
            )
        ),
        *(
            model.objects.count()
            for model in (
                SupportLevelChange,
                Contact,
                Connection,
                Outcome,
                OutcomeStory,
                WellbeingCheck,
            )
        ),
    )


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", PERSON_URLS)
def test_outsider_gets_404_on_every_person_url_and_changes_nothing(
    client_for, outsider, person, person_with_everything, name, method
):
    if name == "people:introduction_again":
        # Re-introducing needs a closed episode: make the POST one that would work.
        Introduction.objects.update(
            closed_on=days_ago(1), closing_reason=person_with_everything["reason"]
        )
    before = snapshot(person)
    client = client_for(outsider)
    url = reverse(name, args=[person.pk])

    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, valid_post(name, person_with_everything))

    assert response.status_code == 404
    assert "Rita" not in response.content.decode()
    assert snapshot(person) == before


@pytest.mark.parametrize("name", [n for n in PERSON_URLS if n != "people:person_detail"])
def test_the_same_post_by_the_coordinator_is_accepted(
    client_for, coordinator, person, person_with_everything, name
):
    """Proves the outsider test above posts data that would have changed something."""
    if name == "people:introduction_again":
        Introduction.objects.update(
            closed_on=days_ago(1), closing_reason=person_with_everything["reason"]
        )
    before = snapshot(person)

    response = client_for(coordinator).post(
        reverse(name, args=[person.pk]), valid_post(name, person_with_everything)
    )

    assert response.status_code == 302
    assert response.url == person.get_absolute_url()
    assert snapshot(person) != before


@pytest.mark.parametrize("name", PERSON_URLS)
def test_anonymous_visitor_is_sent_to_login_from_every_person_url(client, person, name):
    url = reverse(name, args=[person.pk])

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "url_name", ["people:person_list", "people:introduction_new", "outcomes:community_story_new"]
)
def test_anonymous_visitor_is_sent_to_login_from_the_other_people_pages(db, client, url_name):
    before = Person.objects.count()

    response = client.post(reverse(url_name), {"person-first_name": "Anon"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert Person.objects.count() == before
