"""`User.objects.covering(localities)`: who may lead people in these localities."""

import pytest
from django.urls import reverse

from coordinators.models import User
from localities.models import Locality
from people.forms import PersonForm
from tests import factories


@pytest.fixture
def lakeside(db):
    return factories.LocalityFactory(name="Lakeside", district="North District")


def usernames(users) -> list[str]:
    return sorted(user.username for user in users)


def test_covering_finds_who_works_in_any_of_the_localities(coordinator, outsider, locality):
    covering = User.objects.covering([locality])

    assert usernames(covering) == ["cora"]


def test_covering_finds_who_covers_all_localities(coordinator, administrator, locality):
    assert usernames(User.objects.covering([locality])) == ["ada", "cora"]


def test_covering_leaves_out_who_covers_none_of_them(coordinator, outsider, lakeside):
    factories.UserFactory(username="nobody")

    assert usernames(User.objects.covering([lakeside])) == []


def test_covering_leaves_out_inactive_users(locality):
    factories.CoordinatorFactory(username="left", localities=[locality], is_active=False)
    factories.AdministratorFactory(username="gone", is_active=False)

    assert usernames(User.objects.covering([locality])) == []


def test_covering_lists_someone_who_covers_two_of_them_once(locality, other_locality, lakeside):
    factories.CoordinatorFactory(username="both", localities=[locality, other_locality])
    factories.ManagerFactory(
        username="all", localities=[locality, lakeside], covers_all_localities=True
    )

    covering = User.objects.covering([locality, other_locality, lakeside])

    assert [user.username for user in covering.order_by("username")] == ["all", "both"]
    assert covering.count() == 2


def test_covering_takes_a_queryset_of_localities(coordinator, outsider, locality):
    assert usernames(User.objects.covering(Locality.objects.filter(pk=locality.pk))) == ["cora"]


def test_coordinators_leaves_out_managers_and_administrators(
    coordinator, manager, administrator, locality
):
    assert usernames(User.objects.coordinators().covering([locality])) == ["cora"]


# The places that ask the question


def test_lead_choices_are_the_active_coordinators_covering_the_users_localities(
    coordinator, colleague, outsider, manager, locality
):
    factories.CoordinatorFactory(username="left", localities=[locality], is_active=False)
    form = PersonForm(user=coordinator)

    assert usernames(form.fields["lead_coordinator"].queryset) == ["colin", "cora"]


def test_caseload_offers_the_active_coordinators_covering_the_users_localities(
    client_for, coordinator, colleague, outsider, manager, locality
):
    factories.CoordinatorFactory(username="left", localities=[locality], is_active=False)

    response = client_for(coordinator).get(reverse("people:caseload"))

    assert usernames(response.context["colleagues"]) == ["colin", "cora"]


def test_move_offers_the_active_coordinators_covering_the_managers_localities(
    client_for, coordinator, colleague, outsider, manager, locality
):
    factories.CoordinatorFactory(username="left", localities=[locality], is_active=False)

    response = client_for(manager).get(reverse("people:caseload_transfer", args=[coordinator.pk]))

    assert usernames(response.context["form"].fields["to"].queryset) == ["colin"]
