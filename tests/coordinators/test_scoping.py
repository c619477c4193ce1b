"""Scoping: every `visible_to(user)` shows a user their localities' records and nothing else.

Each test first creates a record in Riverside (the coordinator's) and one in Hilltop (the
outsider's), so a query that leaks has something to leak.
"""

from collections.abc import Callable

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model

from localities.models import CommunityAsset, Locality
from outcomes.models import Outcome, OutcomeStory, WellbeingCheck
from people.models import Connection, Contact, Introduction, Person
from tests import factories

# How to make one record of each scoped model in a given locality.
MAKERS: dict[type[Model], Callable[[Locality], Model]] = {
    Locality: lambda locality: locality,
    CommunityAsset: lambda locality: factories.CommunityAssetFactory(locality=locality),
    Person: lambda locality: factories.PersonFactory(locality=locality),
    Introduction: lambda locality: factories.IntroductionFactory(person__locality=locality),
    Contact: lambda locality: factories.ContactFactory(introduction__person__locality=locality),
    Connection: lambda locality: factories.ConnectionFactory(person__locality=locality),
    Outcome: lambda locality: factories.OutcomeFactory(person__locality=locality),
    OutcomeStory: lambda locality: factories.OutcomeStoryFactory(person__locality=locality),
    WellbeingCheck: lambda locality: factories.WellbeingCheckFactory(person__locality=locality),
}


@pytest.fixture(params=list(MAKERS), ids=lambda model: model.__name__)
def records(request, locality, other_locality) -> tuple[type[Model], Model, Model]:
    """(model, one record in Riverside, one in Hilltop), created before any persona."""
    model = request.param
    mine = MAKERS[model](locality)
    theirs = MAKERS[model](other_locality)
    return model, mine, theirs


def visible(model: type[Model], user) -> list[Model]:
    return list(model.objects.visible_to(user).order_by("pk"))


def test_coordinator_sees_only_their_localitys_records(records, coordinator):
    model, mine, theirs = records

    assert visible(model, coordinator) == [mine]


def test_outsider_sees_only_their_own_localitys_records(records, outsider):
    model, mine, theirs = records

    assert visible(model, outsider) == [theirs]


def test_colleague_in_the_same_locality_sees_the_same_records(records, colleague):
    model, mine, theirs = records

    assert visible(model, colleague) == [mine]


def test_manager_covering_both_localities_sees_both(records, locality, other_locality):
    model, mine, theirs = records
    manager = factories.ManagerFactory(localities=[locality, other_locality])

    assert visible(model, manager) == [mine, theirs]


def test_manager_sees_only_the_localities_they_manage(records, manager):
    model, mine, theirs = records

    assert visible(model, manager) == [mine]


def test_coordinator_covering_two_localities_sees_both(records, locality, other_locality):
    model, mine, theirs = records
    coordinator = factories.CoordinatorFactory(localities=[locality, other_locality])

    assert visible(model, coordinator) == [mine, theirs]


def test_user_covering_all_localities_sees_everything(records):
    model, mine, theirs = records
    service_manager = factories.ManagerFactory(covers_all_localities=True)

    assert visible(model, service_manager) == [mine, theirs]


def test_administrator_covering_all_localities_sees_everything(records, administrator):
    model, mine, theirs = records

    assert visible(model, administrator) == [mine, theirs]


def test_inactive_user_sees_nothing(records, locality):
    model, mine, theirs = records
    former = factories.CoordinatorFactory(localities=[locality], is_active=False)

    assert visible(model, former) == []


def test_inactive_user_covering_all_localities_sees_nothing(records):
    model, mine, theirs = records
    former = factories.ManagerFactory(covers_all_localities=True, is_active=False)

    assert visible(model, former) == []


def test_anonymous_user_sees_nothing(records):
    model, mine, theirs = records

    assert visible(model, AnonymousUser()) == []


def test_user_without_localities_sees_nothing(records):
    model, mine, theirs = records
    newcomer = factories.CoordinatorFactory()

    assert visible(model, newcomer) == []


def test_every_visible_to_method_is_covered_here():
    scoped = {
        model
        for label in ("localities", "coordinators", "people", "outcomes")
        for model in apps.get_app_config(label).get_models()
        if hasattr(model.objects, "visible_to")
    }

    assert scoped == set(MAKERS)


# Records scoped through a locality of their own, not through a person


def test_locality_wide_outcome_and_story_are_scoped_by_their_locality(coordinator, outsider):
    riverside, hilltop = coordinator.localities.get(), outsider.localities.get()
    outcome = factories.OutcomeFactory(person=None, locality=riverside)
    factories.OutcomeFactory(person=None, locality=hilltop)
    story = factories.OutcomeStoryFactory(person=None, locality=riverside)
    factories.OutcomeStoryFactory(person=None, locality=hilltop)

    assert visible(Outcome, coordinator) == [outcome]
    assert visible(OutcomeStory, coordinator) == [story]


# Area-wide community assets (no locality)


@pytest.fixture
def area_wide_asset(db):
    return factories.CommunityAssetFactory(name="Borough Walking Group", locality=None)


def test_area_wide_asset_is_visible_to_every_active_user(
    area_wide_asset, coordinator, outsider, manager, administrator
):
    riverside_asset = factories.CommunityAssetFactory(locality=coordinator.localities.get())
    hilltop_asset = factories.CommunityAssetFactory(locality=outsider.localities.get())
    newcomer = factories.CoordinatorFactory()

    assert visible(CommunityAsset, coordinator) == [area_wide_asset, riverside_asset]
    assert visible(CommunityAsset, outsider) == [area_wide_asset, hilltop_asset]
    assert visible(CommunityAsset, manager) == [area_wide_asset, riverside_asset]
    assert visible(CommunityAsset, administrator) == [
        area_wide_asset,
        riverside_asset,
        hilltop_asset,
    ]
    assert visible(CommunityAsset, newcomer) == [area_wide_asset]


def test_area_wide_asset_is_hidden_from_inactive_and_anonymous_users(area_wide_asset, locality):
    former = factories.CoordinatorFactory(localities=[locality], is_active=False)

    assert visible(CommunityAsset, former) == []
    assert visible(CommunityAsset, AnonymousUser()) == []
