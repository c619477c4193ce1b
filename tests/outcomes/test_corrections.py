"""Correcting and removing outcomes and wellbeing checks; editing stories and their consent.

Records of a closed episode are kept as they were (as its contacts are); a story can be
edited at any time, because a person may withdraw their consent to share it at any time.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from outcomes.models import Consent, Outcome, OutcomeStory, WellbeingCheck
from tests import factories
from tests.factories import days_ago

STALE = "Someone else saved this record while you were editing it."


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def episode(person):
    return factories.IntroductionFactory(person=person, introduced_on=days_ago(60))


@pytest.fixture
def closed_episode(person):
    return factories.IntroductionFactory(
        person=person,
        introduced_on=days_ago(400),
        closed_on=days_ago(300),
        closing_reason=factories.ClosingReasonFactory(name="Goals met"),
    )


@pytest.fixture
def volunteering(db):
    return factories.OutcomeTypeFactory(name="Started volunteering")


@pytest.fixture
def outcome(person, episode, volunteering):
    return factories.OutcomeFactory(
        person=person,
        introduction=episode,
        outcome_type=volunteering,
        achieved_on=days_ago(5),
        quantity=1,
        note="Two mornings a week",
    )


def outcome_data(outcome, **changes) -> dict:
    return {
        "outcome_type": outcome.outcome_type_id,
        "achieved_on": outcome.achieved_on.isoformat(),
        "quantity": outcome.quantity,
        "note": outcome.note,
        "version": outcome.version,
        **changes,
    }


def check_data(check, **changes) -> dict:
    return {
        "checked_on": check.checked_on.isoformat(),
        "life_satisfaction": check.life_satisfaction,
        "worthwhile": check.worthwhile,
        "happiness": check.happiness,
        "anxiety": check.anxiety,
        "version": check.version,
        **changes,
    }


def story_data(story, **changes) -> dict:
    return {
        "title": story.title,
        "text": story.text,
        "level": story.level,
        "consent": story.consent,
        "told_on": story.told_on.isoformat(),
        "version": story.version,
        **changes,
    }


# Outcomes


def test_a_corrected_outcome_is_saved_with_a_new_version(client_for, coordinator, outcome):
    response = client_for(coordinator).post(
        reverse("outcomes:outcome_edit", args=[outcome.pk]), outcome_data(outcome, quantity=3)
    )

    outcome.refresh_from_db()
    assert response.url == outcome.person.get_absolute_url()
    assert (outcome.quantity, outcome.note, outcome.version) == (3, "Two mornings a week", 2)
    assert _messages(response) == ["Outcome corrected."]


def test_a_stale_outcome_correction_is_refused_and_keeps_what_was_typed(
    client_for, coordinator, outcome
):
    Outcome.objects.filter(pk=outcome.pk).update(quantity=2, version=2)

    response = client_for(coordinator).post(
        reverse("outcomes:outcome_edit", args=[outcome.pk]),
        outcome_data(outcome, quantity=5, note="Three mornings now"),
    )

    assert STALE in response.text
    assert "Three mornings now" in response.text
    assert [(c.label, c.saved, c.yours) for c in response.context["changes"]] == [
        ("Quantity", "2", "5"),
        ("Note", "Two mornings a week", "Three mornings now"),
    ]
    outcome.refresh_from_db()
    assert (outcome.quantity, outcome.note) == (2, "Two mornings a week")


def test_a_retired_outcome_type_stays_on_its_outcomes_but_is_not_offered_for_new_ones(
    client_for, coordinator, person, outcome, volunteering
):
    volunteering.active = False
    volunteering.save()
    client = client_for(coordinator)

    correcting = client.get(reverse("outcomes:outcome_edit", args=[outcome.pk]))
    recording = client.get(reverse("outcomes:outcome_new", args=[person.pk]))
    saved = client.post(
        reverse("outcomes:outcome_edit", args=[outcome.pk]), outcome_data(outcome, quantity=2)
    )

    assert list(correcting.context["form"].fields["outcome_type"].queryset) == [volunteering]
    assert volunteering not in recording.context["form"].fields["outcome_type"].queryset
    assert saved.status_code == 302


def test_removing_an_outcome_asks_first_then_removes_it(client_for, coordinator, outcome):
    client = client_for(coordinator)
    url = reverse("outcomes:outcome_remove", args=[outcome.pk])

    asked = client.get(url)
    assert "Remove this outcome?" in asked.text
    assert 'name="version" value="1"' in asked.text
    assert Outcome.objects.filter(pk=outcome.pk).exists()

    removed = client.post(url, {"version": "1"})

    assert not Outcome.objects.filter(pk=outcome.pk).exists()
    assert removed.url == outcome.person.get_absolute_url()
    assert _messages(removed) == ["Outcome removed: Started volunteering × 1."]


@pytest.mark.parametrize("route", ["outcomes:outcome_edit", "outcomes:outcome_remove"])
def test_an_outcome_of_a_closed_episode_is_kept_as_it_was(
    client_for, coordinator, person, closed_episode, volunteering, route
):
    kept = factories.OutcomeFactory(
        person=person, introduction=closed_episode, outcome_type=volunteering, quantity=1
    )

    response = client_for(coordinator).post(
        reverse(route, args=[kept.pk]), outcome_data(kept, quantity=4)
    )

    assert response.url == person.get_absolute_url()
    assert _messages(response) == ["Outcomes of a closed introduction are kept as they were."]
    kept.refresh_from_db()
    assert (kept.quantity, kept.version) == (1, 1)


def test_another_localitys_outcome_cannot_be_corrected_or_removed(
    client_for, coordinator, outsider_person
):
    theirs = factories.OutcomeFactory(person=outsider_person, quantity=1)
    client = client_for(coordinator)

    edit = client.post(
        reverse("outcomes:outcome_edit", args=[theirs.pk]), outcome_data(theirs, quantity=9)
    )
    remove = client.post(reverse("outcomes:outcome_remove", args=[theirs.pk]))

    assert (edit.status_code, remove.status_code) == (404, 404)
    theirs.refresh_from_db()
    assert theirs.quantity == 1


# Wellbeing checks


@pytest.fixture
def check(person, episode):
    return factories.WellbeingCheckFactory(
        person=person,
        introduction=episode,
        checked_on=days_ago(3),
        life_satisfaction=4,
        worthwhile=5,
        happiness=6,
        anxiety=7,
    )


def test_a_corrected_wellbeing_check_is_saved(client_for, coordinator, check):
    response = client_for(coordinator).post(
        reverse("outcomes:wellbeing_edit", args=[check.pk]), check_data(check, anxiety=2)
    )

    check.refresh_from_db()
    assert response.url == check.person.get_absolute_url()
    assert (check.life_satisfaction, check.anxiety, check.version) == (4, 2, 2)


def test_a_wellbeing_correction_shows_the_other_checks_not_itself(
    client_for, coordinator, person, episode, check
):
    earlier = factories.WellbeingCheckFactory(
        person=person, introduction=episode, checked_on=days_ago(90)
    )

    response = client_for(coordinator).get(reverse("outcomes:wellbeing_edit", args=[check.pk]))

    assert list(response.context["earlier"]) == [earlier]
    assert response.context["form"]["anxiety"].value() == 7


def test_an_out_of_range_score_is_explained_and_nothing_is_saved(client_for, coordinator, check):
    response = client_for(coordinator).post(
        reverse("outcomes:wellbeing_edit", args=[check.pk]), check_data(check, happiness=11)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["happiness"] == [
        "Select a valid choice. 11 is not one of the available choices."
    ]
    check.refresh_from_db()
    assert (check.happiness, check.version) == (6, 1)


def test_a_stale_wellbeing_correction_is_refused(client_for, coordinator, check):
    WellbeingCheck.objects.filter(pk=check.pk).update(worthwhile=8, version=2)

    response = client_for(coordinator).post(
        reverse("outcomes:wellbeing_edit", args=[check.pk]), check_data(check, worthwhile=3)
    )

    assert STALE in response.text
    assert [(c.label, c.saved, c.yours) for c in response.context["changes"]] == [
        (
            "Overall, to what extent do you feel that the things you do in your life "
            "are worthwhile?",
            "8",
            "3",
        )
    ]
    check.refresh_from_db()
    assert check.worthwhile == 8


def test_removing_a_wellbeing_check(client_for, coordinator, check):
    response = client_for(coordinator).post(
        reverse("outcomes:wellbeing_remove", args=[check.pk]), {"version": "1"}
    )

    assert response.url == check.person.get_absolute_url()
    assert not WellbeingCheck.objects.filter(pk=check.pk).exists()


def test_a_removal_confirmed_after_someone_corrected_the_record_removes_nothing(
    client_for, coordinator, outcome
):
    url = reverse("outcomes:outcome_remove", args=[outcome.pk])
    Outcome.objects.filter(pk=outcome.pk).update(quantity=9, version=2)

    response = client_for(coordinator).post(url, {"version": "1"})

    assert response.status_code == 200
    assert "Someone changed this outcome after you opened this page" in response.text
    assert "Started volunteering × 9" in response.text
    assert 'name="version" value="2"' in response.text
    assert Outcome.objects.filter(pk=outcome.pk).exists()


@pytest.mark.parametrize("version", [None, "", "abc", "99999999999999999999"])
def test_a_removal_without_the_version_shown_asks_again(client_for, coordinator, outcome, version):
    data = {} if version is None else {"version": version}

    response = client_for(coordinator).post(
        reverse("outcomes:outcome_remove", args=[outcome.pk]), data
    )

    assert response.status_code == 200
    assert "Remove this outcome?" in response.text
    assert Outcome.objects.filter(pk=outcome.pk).exists()


def test_a_wellbeing_check_of_a_closed_episode_is_kept(
    client_for, coordinator, person, closed_episode
):
    kept = factories.WellbeingCheckFactory(person=person, introduction=closed_episode)

    response = client_for(coordinator).post(reverse("outcomes:wellbeing_remove", args=[kept.pk]))

    assert _messages(response) == [
        "Wellbeing checks of a closed introduction are kept as they were."
    ]
    assert WellbeingCheck.objects.filter(pk=kept.pk).exists()


# Stories


@pytest.fixture
def story(person):
    return factories.OutcomeStoryFactory(
        person=person,
        title="Back at the allotment",
        text="Jo is growing beans again.",
        consent=Consent.NAMED,
        featured=True,
        told_on=days_ago(10),
    )


def test_withdrawing_consent_takes_a_featured_story_out_of_reports(client_for, coordinator, story):
    response = client_for(coordinator).post(
        reverse("outcomes:story_edit", args=[story.pk]), story_data(story, consent=Consent.NONE)
    )

    story.refresh_from_db()
    assert (story.consent, story.featured, story.version) == (Consent.NONE, False, 2)
    assert story not in OutcomeStory.objects.shareable()
    assert _messages(response) == [
        "Story saved: Back at the allotment.",
        "Without consent to share, it is no longer featured.",
    ]


def test_a_story_of_a_closed_episode_can_still_have_its_consent_withdrawn(
    client_for, coordinator, person, closed_episode, story
):
    response = client_for(coordinator).post(
        reverse("outcomes:story_edit", args=[story.pk]),
        story_data(story, consent=Consent.ANONYMISED),
    )

    story.refresh_from_db()
    assert response.status_code == 302
    assert (story.consent, story.featured) == (Consent.ANONYMISED, True)


def test_editing_a_story_does_not_undo_a_managers_unfeaturing_made_meanwhile(
    client_for, coordinator, manager, story
):
    client = client_for(coordinator)
    url = reverse("outcomes:story_edit", args=[story.pk])
    opened = client.get(url)
    client_for(manager).post(reverse("outcomes:story_feature", args=[story.pk]), {"featured": "0"})

    # Unfeaturing moved the version on, so the open form is refused first; saved again
    # after seeing that, it keeps the manager's choice.
    typed = story_data(opened.context["form"].instance, text="Beans and peas.")
    refused = client.post(url, typed)
    client.post(url, {**typed, "version": refused.context["form"]["version"].value()})

    assert [(c.label, c.saved, c.yours) for c in refused.context["changes"]] == [
        ("The story", "Jo is growing beans again.", "Beans and peas.")
    ]
    story.refresh_from_db()
    assert (story.text, story.featured, story.version) == ("Beans and peas.", False, 3)


def test_a_story_edit_goes_back_only_to_a_page_on_this_site(client_for, manager, story):
    client = client_for(manager)
    url = reverse("outcomes:story_edit", args=[story.pk])

    inside = client.post(url, story_data(story, next="/outcomes/stories/?featured=1"))
    story.refresh_from_db()
    outside = client.post(url, story_data(story, next="https://evil.example/"))

    assert inside.url == "/outcomes/stories/?featured=1"
    assert outside.url == story.person.get_absolute_url()


def test_a_community_story_can_be_edited_by_its_localitys_coordinator(
    client_for, coordinator, locality
):
    community = factories.OutcomeStoryFactory(
        person=None, locality=locality, title="A new lunch club", consent=Consent.ANONYMISED
    )

    response = client_for(coordinator).post(
        reverse("outcomes:story_edit", args=[community.pk]),
        story_data(community, title="A lunch club of twenty"),
    )

    community.refresh_from_db()
    assert (response.url, community.title) == (reverse("home"), "A lunch club of twenty")


# The person page offers each correction where it is allowed.


def test_the_timeline_offers_corrections_only_for_the_open_episode(
    client_for, coordinator, person, episode, closed_episode, outcome, check, story
):
    old = factories.OutcomeFactory(person=person, introduction=closed_episode)
    old_check = factories.WellbeingCheckFactory(person=person, introduction=closed_episode)

    page = client_for(coordinator).get(person.get_absolute_url()).text

    assert reverse("outcomes:outcome_edit", args=[outcome.pk]) in page
    assert reverse("outcomes:wellbeing_edit", args=[check.pk]) in page
    assert reverse("outcomes:story_edit", args=[story.pk]) in page
    assert reverse("outcomes:outcome_edit", args=[old.pk]) not in page
    assert reverse("outcomes:wellbeing_edit", args=[old_check.pk]) not in page


def test_stale_story_edit_keeps_the_text_typed(client_for, coordinator, story):
    OutcomeStory.objects.filter(pk=story.pk).update(title="Beans", version=2)

    response = client_for(coordinator).post(
        reverse("outcomes:story_edit", args=[story.pk]),
        story_data(story, text="A much longer account of the summer."),
    )

    assert STALE in response.text
    assert "A much longer account of the summer." in response.text
    story.refresh_from_db()
    assert (story.title, story.text) == ("Beans", "Jo is growing beans again.")


def test_dates_in_the_future_are_refused_on_correction(client_for, coordinator, outcome):
    tomorrow = dt.date.today() + dt.timedelta(days=1)

    response = client_for(coordinator).post(
        reverse("outcomes:outcome_edit", args=[outcome.pk]),
        outcome_data(outcome, achieved_on=tomorrow.isoformat()),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["achieved_on"]
    outcome.refresh_from_db()
    assert outcome.achieved_on == days_ago(5)


def test_records_follow_a_person_who_moves_locality(
    client_for, coordinator, outsider, person, other_locality, outcome, story, check
):
    """Seen with the person, wherever they live now: never by the locality they left."""
    urls = [
        reverse("outcomes:outcome_edit", args=[outcome.pk]),
        reverse("outcomes:outcome_remove", args=[outcome.pk]),
        reverse("outcomes:story_edit", args=[story.pk]),
        reverse("outcomes:wellbeing_edit", args=[check.pk]),
    ]
    person.locality = other_locality
    person.save()

    left_behind = [client_for(coordinator).get(url).status_code for url in urls]
    moved_to = [client_for(outsider).get(url).status_code for url in urls]

    assert left_behind == [404, 404, 404, 404]
    assert moved_to == [200, 200, 200, 200]
