"""Managers' caseload overview and moving people between lead coordinators."""

import pytest
from django.urls import reverse
from django.utils import timezone

from people.models import CaseloadTransfer, Person, SupportLevel
from tests import factories
from tests.factories import days_ago, open_introduction

# A Monday: awaiting first contact before Monday 8 June, no recent contact before 16 May.
TODAY = factories.TODAY


pytestmark = pytest.mark.usefixtures("frozen_today")


def counts_by_lead(response) -> dict[str, dict[str, int]]:
    return {str(coordinator): counts for coordinator, counts in response.context["rows"]}


def counts(open=0, information=0, walking_alongside=0, awaiting=0, no_recent=0):
    return {
        "open": open,
        "information": information,
        "walking_alongside": walking_alongside,
        "awaiting": awaiting,
        "no_recent": no_recent,
    }


def leads() -> dict[str, str | None]:
    return {
        person.first_name: person.lead_coordinator and person.lead_coordinator.first_name
        for person in Person.objects.select_related("lead_coordinator")
    }


@pytest.fixture
def hilltop_coordinator(other_locality):
    """Covers Hilltop only: cannot lead Riverside's people."""
    return factories.CoordinatorFactory(
        username="hugo", first_name="Hugo", localities=[other_locality]
    )


@pytest.fixture
def area_manager(locality, other_locality):
    return factories.ManagerFactory(
        username="arlo", first_name="Arlo", localities=[locality, other_locality]
    )


# The overview


def test_overview_counts_open_episodes_per_coordinator_by_level_and_flag(
    client_for, manager, coordinator, colleague, locality
):
    open_introduction(lead=coordinator, locality=locality, first_name="Ann")
    open_introduction(
        lead=coordinator,
        locality=locality,
        first_name="Ben",
        introduced_on=days_ago(10),
        support_level=SupportLevel.WALKING_ALONGSIDE,
    )
    quiet = open_introduction(
        lead=coordinator,
        locality=locality,
        first_name="Cal",
        introduced_on=days_ago(40),
        first_contact_on=days_ago(35),
        support_level=SupportLevel.WALKING_ALONGSIDE,
    )
    factories.ContactFactory(introduction=quiet, contact_on=days_ago(35))
    open_introduction(
        lead=coordinator,
        locality=locality,
        first_name="Dot",
        introduced_on=days_ago(60),
        closed_on=days_ago(5),
        closing_reason=factories.ClosingReasonFactory(),
    )
    open_introduction(lead=colleague, locality=locality, first_name="Eve")
    open_introduction(lead=None, locality=locality, first_name="Fay")

    response = client_for(manager).get(reverse("people:caseload_overview"))

    assert counts_by_lead(response) == {
        "Colin Worker": counts(open=1, information=1),
        "Cora Worker": counts(open=3, information=1, walking_alongside=2, awaiting=1, no_recent=1),
    }
    assert response.context["unassigned"] == counts(open=1, information=1)
    assert f'href="/people/caseload/?coordinator={coordinator.pk}"' in response.text
    assert f'href="/people/caseloads/{coordinator.pk}/transfer/"' in response.text


def test_overview_hides_another_localitys_coordinators_and_episodes(
    client_for, manager, coordinator, outsider, outsider_person, other_locality
):
    factories.IntroductionFactory(person=outsider_person)
    open_introduction(lead=None, locality=other_locality, first_name="Hidden", last_name="Nolead")

    response = client_for(manager).get(reverse("people:caseload_overview"))

    assert counts_by_lead(response) == {"Cora Worker": counts()}
    assert response.context["unassigned"] == counts()
    assert "Olive" not in response.text


def test_caseload_pages_are_refused_to_coordinators(client_for, coordinator, colleague):
    client = client_for(coordinator)

    assert client.get(reverse("people:caseload_overview")).status_code == 403
    url = reverse("people:caseload_transfer", args=[colleague.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"everyone": "on", "to": coordinator.pk}).status_code == 403


def test_caseload_overview_sends_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("people:caseload_overview"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("n", [1, 3])
def test_overview_runs_the_same_queries_whatever_the_number_of_coordinators(
    client_for, manager, locality, django_assert_num_queries, n
):
    """Guards an N+1 over coordinators (counts) and over transfers (their people and users)."""
    for i in range(n):
        lead = factories.CoordinatorFactory(localities=[locality])
        intro = open_introduction(lead=lead, locality=locality, first_name=f"Pat{i}")
        CaseloadTransfer.objects.create(
            person=intro.person, from_coordinator=None, to_coordinator=lead, moved_by=manager
        )
    client = client_for(manager)

    with django_assert_num_queries(10):
        response = client.get(reverse("people:caseload_overview"))

    assert len(response.context["rows"]) == n
    assert len(response.context["transfers"]) == n


# Moving a caseload


def test_transfer_moves_exactly_the_chosen_people_and_records_who_what_when(
    client_for, manager, coordinator, colleague, locality
):
    ann = open_introduction(lead=coordinator, locality=locality, first_name="Ann")
    ben = open_introduction(lead=coordinator, locality=locality, first_name="Ben")
    open_introduction(lead=coordinator, locality=locality, first_name="Cal")
    before = timezone.now()

    response = client_for(manager).post(
        reverse("people:caseload_transfer", args=[coordinator.pk]),
        {"introductions": [ann.pk, ben.pk], "to": colleague.pk},
    )

    assert response.status_code == 302
    assert response.url == reverse("people:caseload_overview")
    assert leads() == {"Ann": "Colin", "Ben": "Colin", "Cal": "Cora"}
    transfers = CaseloadTransfer.objects.select_related(
        "person", "from_coordinator", "to_coordinator", "moved_by"
    ).order_by("person__first_name")
    assert [(t.person, t.from_coordinator, t.to_coordinator, t.moved_by) for t in transfers] == [
        (ann.person, coordinator, colleague, manager),
        (ben.person, coordinator, colleague, manager),
    ]
    assert all(before <= t.moved_at <= timezone.now() for t in transfers)
    assert Person.objects.get(pk=ann.person.pk).version == 2


def test_transfer_of_everyone_moves_all_their_open_episodes(
    client_for, manager, coordinator, colleague, locality
):
    open_introduction(lead=coordinator, locality=locality, first_name="Ann")
    open_introduction(lead=coordinator, locality=locality, first_name="Ben")
    open_introduction(lead=colleague, locality=locality, first_name="Eve")

    client_for(manager).post(
        reverse("people:caseload_transfer", args=[coordinator.pk]),
        {"everyone": "on", "to": colleague.pk},
    )

    assert leads() == {"Ann": "Colin", "Ben": "Colin", "Eve": "Colin"}
    assert CaseloadTransfer.objects.count() == 2


def test_transfer_to_someone_not_covering_the_locality_is_refused_and_keeps_the_selection(
    client_for, area_manager, coordinator, hilltop_coordinator, locality
):
    ann = open_introduction(lead=coordinator, locality=locality, first_name="Ann")
    open_introduction(lead=coordinator, locality=locality, first_name="Ben")

    response = client_for(area_manager).post(
        reverse("people:caseload_transfer", args=[coordinator.pk]),
        {"introductions": [ann.pk], "to": hilltop_coordinator.pk},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "to": ["Hugo Worker does not cover the locality of: Ann Smith."]
    }
    assert response.context["form"]["introductions"].value() == [str(ann.pk)]
    assert leads() == {"Ann": "Cora", "Ben": "Cora"}
    assert CaseloadTransfer.objects.count() == 0


def test_transfer_page_offers_only_the_coordinators_open_episodes_and_active_coordinators(
    client_for, manager, coordinator, colleague, locality, outsider
):
    ann = open_introduction(lead=coordinator, locality=locality, first_name="Ann")
    open_introduction(lead=colleague, locality=locality, first_name="Eve")
    factories.CoordinatorFactory(first_name="Gone", localities=[locality], is_active=False)

    response = client_for(manager).get(reverse("people:caseload_transfer", args=[coordinator.pk]))

    form = response.context["form"]
    assert list(form.fields["introductions"].queryset) == [ann]
    assert list(form.fields["to"].queryset) == [colleague]


def test_transfer_page_for_a_coordinator_of_another_locality_is_not_found(
    client_for, manager, outsider, outsider_person
):
    factories.IntroductionFactory(person=outsider_person)

    response = client_for(manager).get(reverse("people:caseload_transfer", args=[outsider.pk]))

    assert response.status_code == 404


def test_transfer_refuses_an_episode_of_another_locality_without_naming_it(
    client_for, manager, coordinator, colleague, locality, outsider_person
):
    hidden = factories.IntroductionFactory(person=outsider_person)
    ann = open_introduction(lead=coordinator, locality=locality, first_name="Ann")

    response = client_for(manager).post(
        reverse("people:caseload_transfer", args=[coordinator.pk]),
        {"introductions": [ann.pk, hidden.pk], "to": colleague.pk},
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["introductions"]
    assert "Hilltopper" not in response.text
    assert leads() == {"Ann": "Cora", "Hidden": "Olive"}
    assert CaseloadTransfer.objects.count() == 0


def test_transfer_without_anyone_chosen_asks_for_a_choice(
    client_for, manager, coordinator, colleague, locality
):
    open_introduction(lead=coordinator, locality=locality, first_name="Ann")

    response = client_for(manager).post(
        reverse("people:caseload_transfer", args=[coordinator.pk]), {"to": colleague.pk}
    )

    assert response.context["form"].non_field_errors() == [
        "Choose the people to move, or all of them."
    ]
    assert CaseloadTransfer.objects.count() == 0


def test_overview_lists_recent_transfers_with_who_moved_whom(
    client_for, manager, coordinator, colleague, locality
):
    ann = open_introduction(lead=coordinator, locality=locality, first_name="Ann")
    client = client_for(manager)
    client.post(
        reverse("people:caseload_transfer", args=[coordinator.pk]),
        {"introductions": [ann.pk], "to": colleague.pk},
    )

    response = client.get(reverse("people:caseload_overview"))

    assert [str(t) for t in response.context["transfers"]] == [
        "Ann Smith: Cora Worker → Colin Worker"
    ]
    assert "from Cora Worker to Colin Worker,\n    moved by Mina Worker" in response.text
