"""Managers choose which stories impact reports feature; consent is respected."""

import pytest
from django.urls import reverse

from outcomes.models import OutcomeStory
from tests import factories


@pytest.fixture
def stories(person, outsider_person):
    hidden = factories.OutcomeStoryFactory(
        person=outsider_person, title="Hilltop story", consent="named"
    )
    named = factories.OutcomeStoryFactory(person=person, title="Rita's garden", consent="named")
    private = factories.OutcomeStoryFactory(person=person, title="Kept private", consent="none")
    return {"hidden": hidden, "named": named, "private": private}


def titles(response) -> list[str]:
    return [s.title for s in response.context["page"]]


def test_manager_sees_their_localities_stories_and_no_others(client_for, manager, stories):
    response = client_for(manager).get(reverse("outcomes:story_list"))

    assert sorted(titles(response)) == ["Kept private", "Rita's garden"]
    assert "Hilltop story" not in response.content.decode()


def test_manager_features_a_story_with_consent(client_for, manager, stories):
    response = client_for(manager).post(
        reverse("outcomes:story_feature", args=[stories["named"].pk]), {"featured": "1"}
    )

    assert response.url == reverse("outcomes:story_list")
    assert list(OutcomeStory.objects.filter(featured=True)) == [stories["named"]]


def test_a_story_without_consent_cannot_be_featured(client_for, manager, stories):
    response = client_for(manager).post(
        reverse("outcomes:story_feature", args=[stories["private"].pk]),
        {"featured": "1"},
        follow=True,
    )

    assert "cannot be featured" in response.content.decode()
    assert not OutcomeStory.objects.filter(featured=True).exists()


def test_featuring_another_localitys_story_is_a_404(client_for, manager, stories):
    response = client_for(manager).post(
        reverse("outcomes:story_feature", args=[stories["hidden"].pk]), {"featured": "1"}
    )

    assert response.status_code == 404
    assert not OutcomeStory.objects.filter(featured=True).exists()


def test_coordinators_cannot_feature_stories(client_for, coordinator, stories):
    response = client_for(coordinator).post(
        reverse("outcomes:story_feature", args=[stories["named"].pk]), {"featured": "1"}
    )

    assert response.status_code == 403
    assert not OutcomeStory.objects.filter(featured=True).exists()


def test_the_next_address_must_be_on_this_site(client_for, manager, stories):
    response = client_for(manager).post(
        reverse("outcomes:story_feature", args=[stories["named"].pk]),
        {"featured": "1", "next": "https://evil.example/"},
    )

    assert response.url == reverse("outcomes:story_list")


@pytest.mark.parametrize("n", [1, 3])
def test_story_list_query_count_does_not_grow(
    client_for, manager, person, django_assert_num_queries, n
):
    """Guards the N+1 on each story's locality and person."""
    for _ in range(n):
        factories.OutcomeStoryFactory(person=person)
    client = client_for(manager)

    with django_assert_num_queries(9):
        response = client.get(reverse("outcomes:story_list"))

    assert len(titles(response)) == n
