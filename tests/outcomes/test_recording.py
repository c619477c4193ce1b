"""Recording outcomes, stories of change and wellbeing checks."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from outcomes.models import Level, Outcome, OutcomeStory, WellbeingCheck
from tests import factories
from tests.factories import days_ago

TODAY = factories.TODAY


pytestmark = pytest.mark.usefixtures("frozen_today")


def error_beside(response, auto_id: str) -> bool:
    return f'id="error_1_{auto_id}"' in response.content.decode()


@pytest.fixture
def intro(person):
    return factories.IntroductionFactory(person=person, introduced_on=days_ago(20))


# Outcomes


@pytest.fixture
def eviction_prevented(db):
    return factories.OutcomeTypeFactory(name="Eviction prevented", level=Level.SYSTEM)


def test_outcome_form_shows_each_types_level_and_only_active_types(
    client_for, coordinator, person, eviction_prevented
):
    factories.OutcomeTypeFactory(name="Joined a group", level=Level.COMMUNITY)
    factories.OutcomeTypeFactory(name="Retired type", active=False)

    response = client_for(coordinator).get(reverse("outcomes:outcome_new", args=[person.pk]))

    choices = [label for _, label in response.context["form"].fields["outcome_type"].choices]
    assert choices[1:] == ["Joined a group (Community)", "Eviction prevented (System)"]
    content = response.content.decode()
    assert "Eviction prevented (System)" in content
    assert "Retired type" not in content


def test_recording_an_outcome_ties_it_to_the_person_their_locality_and_episode(
    client_for, coordinator, person, intro, locality, eviction_prevented
):
    response = client_for(coordinator).post(
        reverse("outcomes:outcome_new", args=[person.pk]),
        {
            "outcome_type": eviction_prevented.pk,
            "achieved_on": days_ago(2).isoformat(),
            "quantity": "1",
            "note": "Arrears plan agreed with housing.",
        },
        follow=True,
    )

    outcome = Outcome.objects.get()
    assert response.redirect_chain == [(person.get_absolute_url(), 302)]
    assert (outcome.person, outcome.locality, outcome.introduction) == (person, locality, intro)
    assert (outcome.outcome_type, outcome.achieved_on, outcome.quantity) == (
        eviction_prevented,
        days_ago(2),
        1,
    )
    assert outcome.note == "Arrears plan agreed with housing."
    assert outcome.recorded_by == coordinator
    content = response.content.decode()
    assert "Outcome recorded: Eviction prevented." in content
    assert "<strong>Outcome:</strong> Eviction prevented" in content


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("quantity", "0", "Ensure this value is greater than or equal to 1."),
        ("quantity", "10001", "Ensure this value is less than or equal to 10000."),
        ("quantity", "many", "Enter a whole number."),
        ("achieved_on", "2026-06-16", "This date is in the future."),
        ("achieved_on", "31/02/2026", "Enter a valid date."),
        ("outcome_type", "999999", None),
    ],
)
def test_bad_outcome_input_is_refused_beside_the_field(
    client_for, coordinator, person, intro, eviction_prevented, field, value, message
):
    data = {
        "outcome_type": eviction_prevented.pk,
        "achieved_on": days_ago(2).isoformat(),
        "quantity": "1",
        "note": "Kept note",
        field: value,
    }

    response = client_for(coordinator).post(reverse("outcomes:outcome_new", args=[person.pk]), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    if message:
        assert errors[field] == [message]
    assert error_beside(response, f"id_{field}")
    assert "Kept note" in response.content.decode()
    assert not Outcome.objects.exists()


# Stories


@pytest.fixture
def loneliness(db):
    return factories.ThemeFactory(name="Loneliness")


def story_data(**overrides) -> dict:
    data = {
        "title": "Back in the garden",
        "text": "Rita runs the watering rota now.",
        "level": Level.INDIVIDUAL,
        "consent": "anonymised",
        "told_on": days_ago(1).isoformat(),
    }
    data.update(overrides)
    return data


def test_a_story_about_a_person_is_tied_to_them_and_their_locality(
    client_for, coordinator, person, locality, loneliness
):
    response = client_for(coordinator).post(
        reverse("outcomes:story_new", args=[person.pk]),
        story_data(themes=[loneliness.pk]),
        follow=True,
    )

    story = OutcomeStory.objects.get()
    assert response.redirect_chain == [(person.get_absolute_url(), 302)]
    assert (story.person, story.locality, story.written_by) == (person, locality, coordinator)
    assert (story.title, story.level, story.consent, story.told_on) == (
        "Back in the garden",
        "individual",
        "anonymised",
        days_ago(1),
    )
    assert list(story.themes.all()) == [loneliness]
    assert story.featured is False
    content = response.content.decode()
    assert "Story saved: Back in the garden." in content
    assert "Rita runs the watering rota now." in content


def test_the_person_story_form_does_not_ask_for_a_locality(client_for, coordinator, person):
    response = client_for(coordinator).get(reverse("outcomes:story_new", args=[person.pk]))

    assert "locality" not in response.context["form"].fields
    assert "A story of change with Rita Riverside" in response.content.decode()


def test_a_community_story_offers_only_the_localities_the_user_covers(
    client_for, coordinator, locality, other_locality
):
    response = client_for(coordinator).get(reverse("outcomes:community_story_new"))

    assert list(response.context["form"].fields["locality"].queryset) == [locality]
    assert "Hilltop" not in response.content.decode()


def test_a_community_story_is_saved_for_a_locality_the_user_covers(
    client_for, coordinator, locality
):
    response = client_for(coordinator).post(
        reverse("outcomes:community_story_new"),
        story_data(title="A new cook-and-eat group", level=Level.COMMUNITY, locality=locality.pk),
    )

    story = OutcomeStory.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert (story.person, story.locality, story.level) == (None, locality, "community")
    assert story.title == "A new cook-and-eat group"


@pytest.mark.parametrize("locality_id", ["other", "999999", "abc", ""])
def test_a_community_story_for_a_locality_the_user_does_not_cover_is_refused(
    client_for, coordinator, other_locality, locality_id
):
    if locality_id == "other":
        locality_id = other_locality.pk

    response = client_for(coordinator).post(
        reverse("outcomes:community_story_new"), story_data(locality=locality_id)
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["locality"]
    assert error_beside(response, "id_locality")
    assert "Rita runs the watering rota now." in response.content.decode()
    assert not OutcomeStory.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("text", "x" * 10_001),
        ("title", "x" * 151),
        ("consent", "everyone"),
        ("level", "galactic"),
        ("told_on", "yesterday"),
        ("told_on", "2026-06-16"),
    ],
)
def test_bad_story_input_is_refused_beside_the_field(client_for, coordinator, person, field, value):
    response = client_for(coordinator).post(
        reverse("outcomes:story_new", args=[person.pk]), story_data(**{field: value})
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert error_beside(response, f"id_{field}")
    assert not OutcomeStory.objects.exists()


# Wellbeing checks


def wellbeing_data(**overrides) -> dict:
    data = {
        "checked_on": days_ago(1).isoformat(),
        "life_satisfaction": "4",
        "worthwhile": "6",
        "happiness": "5",
        "anxiety": "8",
    }
    data.update(overrides)
    return data


def test_wellbeing_form_asks_the_four_ons_questions_as_written(client_for, coordinator, person):
    response = client_for(coordinator).get(reverse("outcomes:wellbeing_new", args=[person.pk]))

    content = html.unescape(response.content.decode())
    assert "Overall, how satisfied are you with your life nowadays?" in content
    assert (
        "Overall, to what extent do you feel that the things you do in your life are worthwhile?"
        in content
    )
    assert "Overall, how happy did you feel yesterday?" in content
    assert (
        'On a scale where 0 is "not at all anxious" and 10 is "completely anxious", '
        "overall, how anxious did you feel yesterday?" in content
    )
    assert "ONS" in content
    assert "Office for National Statistics" in content
    assert "0 = not at all anxious, 10 = completely anxious" in content
    assert "None yet: this will be the first." in content


def test_recording_a_wellbeing_check_saves_the_four_scores(client_for, coordinator, person, intro):
    response = client_for(coordinator).post(
        reverse("outcomes:wellbeing_new", args=[person.pk]), wellbeing_data(), follow=True
    )

    check = WellbeingCheck.objects.get()
    assert response.redirect_chain == [(person.get_absolute_url(), 302)]
    assert (check.life_satisfaction, check.worthwhile, check.happiness, check.anxiety) == (
        4,
        6,
        5,
        8,
    )
    assert (check.person, check.introduction, check.checked_on, check.recorded_by) == (
        person,
        intro,
        days_ago(1),
        coordinator,
    )
    assert (
        "Wellbeing check:</strong> life satisfaction 4, worthwhile 6, happiness 5, anxiety 8"
        in response.content.decode()
    )


@pytest.mark.parametrize("field", ["life_satisfaction", "worthwhile", "happiness", "anxiety"])
@pytest.mark.parametrize("value", ["-1", "11", "x", "5.5", ""])
def test_wellbeing_scores_outside_0_to_10_are_refused_beside_the_field(
    client_for, coordinator, person, field, value
):
    response = client_for(coordinator).post(
        reverse("outcomes:wellbeing_new", args=[person.pk]), wellbeing_data(**{field: value})
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert error_beside(response, f"id_{field}")
    assert not WellbeingCheck.objects.exists()


@pytest.mark.parametrize("value", ["0", "10"])
def test_wellbeing_scores_of_0_and_10_are_accepted(client_for, coordinator, person, value):
    client_for(coordinator).post(
        reverse("outcomes:wellbeing_new", args=[person.pk]), wellbeing_data(anxiety=value)
    )

    assert WellbeingCheck.objects.get().anxiety == int(value)


def test_wellbeing_check_on_a_future_date_is_refused_and_keeps_the_scores(
    client_for, coordinator, person
):
    response = client_for(coordinator).post(
        reverse("outcomes:wellbeing_new", args=[person.pk]),
        wellbeing_data(checked_on="2026-06-16"),
    )

    assert response.context["form"].errors == {"checked_on": ["This date is in the future."]}
    assert error_beside(response, "id_checked_on")
    assert response.context["form"]["anxiety"].value() == "8"
    assert re.search(r'name="anxiety" value="8"[^>]* checked>', response.content.decode())
    assert not WellbeingCheck.objects.exists()


def test_wellbeing_form_shows_earlier_checks_newest_first(
    client_for, coordinator, person, outsider_person
):
    first = factories.WellbeingCheckFactory(
        person=person, checked_on=dt.date(2026, 1, 10), life_satisfaction=2, anxiety=9
    )
    second = factories.WellbeingCheckFactory(
        person=person, checked_on=dt.date(2026, 4, 20), life_satisfaction=6, anxiety=4
    )
    factories.WellbeingCheckFactory(person=outsider_person, checked_on=dt.date(2026, 3, 3))

    response = client_for(coordinator).get(reverse("outcomes:wellbeing_new", args=[person.pk]))

    assert list(response.context["earlier"]) == [second, first]
    content = response.content.decode()
    assert "Earlier checks" in content
    assert content.index("20/04/2026") < content.index("10/01/2026")
    assert "03/03/2026" not in content
    assert "None yet" not in content
