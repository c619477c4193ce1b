"""Linking a person to community assets: suggest, connect, end."""

import pytest
from django.urls import reverse

from people.models import Connection, ConnectionStatus
from tests import factories
from tests.factories import days_ago

TODAY = factories.TODAY


pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def intro(person):
    return factories.IntroductionFactory(person=person, introduced_on=days_ago(20))


@pytest.fixture
def shed(locality):
    return factories.CommunityAssetFactory(name="Riverside Men's Shed", locality=locality)


@pytest.fixture
def suggestion(person, intro, shed):
    return factories.ConnectionFactory(
        person=person, asset=shed, introduction=intro, suggested_on=days_ago(10)
    )


def error_beside(response, auto_id: str) -> bool:
    return f'id="error_1_{auto_id}"' in response.content.decode()


def link(client, person, **data):
    return client.post(reverse("people:connection_new", args=[person.pk]), data)


def update(client, connection, **data):
    return client.post(reverse("people:connection_update", args=[connection.pk]), data)


# Suggest and connect


def test_connection_form_offers_active_local_and_area_wide_assets_only(
    client_for, coordinator, person, intro, shed, locality, other_locality
):
    area_wide = factories.CommunityAssetFactory(name="Borough Libraries", locality=None)
    factories.CommunityAssetFactory(name="Closed Café", locality=locality, active=False)
    factories.CommunityAssetFactory(name="Hilltop Choir", locality=other_locality)

    response = client_for(coordinator).get(
        reverse("people:connection_new", args=[person.pk]), {"asset": shed.pk}
    )

    form = response.context["form"]
    assert list(form.fields["asset"].queryset) == [area_wide, shed]
    assert form["asset"].value() == str(shed.pk)
    content = response.content.decode()
    assert "Hilltop Choir" not in content
    assert "Closed Café" not in content


def test_suggesting_an_asset_records_a_suggestion_on_the_open_introduction(
    client_for, coordinator, person, intro, shed
):
    response = link(
        client_for(coordinator),
        person,
        asset=shed.pk,
        suggested_on=days_ago(2).isoformat(),
        note="Tuesdays, ask for Sam",
    )

    connection = Connection.objects.get()
    assert response.url == person.get_absolute_url()
    assert (connection.person, connection.asset, connection.introduction) == (person, shed, intro)
    assert (connection.status, connection.suggested_on) == (ConnectionStatus.SUGGESTED, days_ago(2))
    assert (connection.connected_on, connection.ended_on) == (None, None)
    assert connection.note == "Tuesdays, ask for Sam"
    assert connection.created_by == coordinator


def test_recording_an_asset_already_connected_sets_the_connected_date(
    client_for, coordinator, person, intro, shed
):
    link(
        client_for(coordinator),
        person,
        asset=shed.pk,
        suggested_on=days_ago(3).isoformat(),
        connect_now="on",
    )

    connection = Connection.objects.get()
    assert connection.status == ConnectionStatus.CONNECTED
    assert connection.connected_on == days_ago(3)


def test_a_suggestion_appears_on_the_person_page(client_for, coordinator, person, suggestion):
    response = client_for(coordinator).get(person.get_absolute_url())

    assert list(response.context["connections"]) == [suggestion]
    content = response.content.decode()
    assert "Riverside Men&#x27;s Shed</a> — Suggested" in content
    assert f"{reverse('people:connection_update', args=[suggestion.pk])}?action=connect" in content


def test_an_asset_of_another_locality_cannot_be_chosen(
    client_for, coordinator, person, intro, other_locality
):
    elsewhere = factories.CommunityAssetFactory(name="Hilltop Choir", locality=other_locality)

    response = link(
        client_for(coordinator), person, asset=elsewhere.pk, suggested_on=days_ago(1).isoformat()
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["asset"]
    assert error_beside(response, "id_asset")
    assert "Hilltop Choir" not in response.content.decode()
    assert not Connection.objects.exists()


def test_an_inactive_asset_cannot_be_chosen(client_for, coordinator, person, intro, locality):
    closed = factories.CommunityAssetFactory(locality=locality, active=False)

    response = link(
        client_for(coordinator), person, asset=closed.pk, suggested_on=days_ago(1).isoformat()
    )

    assert list(response.context["form"].errors) == ["asset"]
    assert not Connection.objects.exists()


def test_an_asset_the_person_is_already_linked_to_is_refused_beside_the_field(
    client_for, coordinator, person, suggestion, shed
):
    response = link(
        client_for(coordinator), person, asset=shed.pk, suggested_on=days_ago(1).isoformat()
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "asset": ["This person is already linked to this asset."]
    }
    assert list(Connection.objects.all()) == [suggestion]


def test_an_asset_whose_connection_ended_can_be_linked_again(
    client_for, coordinator, person, suggestion, shed
):
    Connection.objects.filter(pk=suggestion.pk).update(
        status=ConnectionStatus.ENDED, ended_on=days_ago(5)
    )

    response = link(
        client_for(coordinator), person, asset=shed.pk, suggested_on=days_ago(1).isoformat()
    )

    assert response.url == person.get_absolute_url()
    assert person.connections.current().get().asset == shed


@pytest.mark.parametrize(
    ("suggested_on", "message"),
    [("2026-06-16", "This date is in the future."), ("31/02/2026", "Enter a valid date.")],
)
def test_a_suggestion_on_an_impossible_date_is_refused_beside_the_field(
    client_for, coordinator, person, intro, shed, suggested_on, message
):
    response = link(
        client_for(coordinator), person, asset=shed.pk, suggested_on=suggested_on, note="Kept"
    )

    assert response.context["form"].errors == {"suggested_on": [message]}
    assert error_beside(response, "id_suggested_on")
    assert 'value="Kept"' in response.content.decode()
    assert not Connection.objects.exists()


# Connect and end


def test_marking_a_suggestion_as_connected_sets_the_connected_date(
    client_for, coordinator, person, suggestion
):
    response = update(
        client_for(coordinator), suggestion, action="connect", on=days_ago(7).isoformat()
    )

    assert response.url == person.get_absolute_url()
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.connected_on, suggestion.ended_on) == (
        ConnectionStatus.CONNECTED,
        days_ago(7),
        None,
    )


def test_ending_a_connection_sets_the_end_date(client_for, coordinator, person, suggestion):
    client = client_for(coordinator)
    update(client, suggestion, action="connect", on=days_ago(7).isoformat())

    response = update(client, suggestion, action="end", on=days_ago(1).isoformat())

    assert response.url == person.get_absolute_url()
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.connected_on, suggestion.ended_on) == (
        ConnectionStatus.ENDED,
        days_ago(7),
        days_ago(1),
    )
    assert list(person.connections.current()) == []


def test_update_page_says_what_the_connection_is(client_for, coordinator, suggestion):
    response = client_for(coordinator).get(
        reverse("people:connection_update", args=[suggestion.pk]), {"action": "end"}
    )

    assert response.context["form"]["action"].value() == "end"
    assert "Riverside Men&#x27;s Shed — suggested, suggested on 05/06/2026." in (
        response.content.decode()
    )


@pytest.mark.parametrize("action", ["connect", "end"])
def test_a_date_before_the_suggestion_is_refused_beside_the_field(
    client_for, coordinator, suggestion, action
):
    response = update(client_for(coordinator), suggestion, action=action, on="2026-06-04")

    assert response.context["form"].errors == {
        "on": ["It was suggested on 05/06/2026: pick that day or later."]
    }
    assert error_beside(response, "id_on")
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.connected_on, suggestion.ended_on) == (
        ConnectionStatus.SUGGESTED,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("on", "message"),
    [("2026-06-16", "This date is in the future."), ("yesterday", "Enter a valid date.")],
)
def test_an_impossible_update_date_is_refused(client_for, coordinator, suggestion, on, message):
    response = update(client_for(coordinator), suggestion, action="end", on=on)

    assert response.context["form"].errors == {"on": [message]}
    suggestion.refresh_from_db()
    assert suggestion.status == ConnectionStatus.SUGGESTED


def test_an_ended_connection_cannot_be_connected_or_ended_again(
    client_for, coordinator, suggestion
):
    Connection.objects.filter(pk=suggestion.pk).update(
        status=ConnectionStatus.ENDED, ended_on=days_ago(5)
    )
    client = client_for(coordinator)

    connect = update(client, suggestion, action="connect", on=days_ago(1).isoformat())
    end = update(client, suggestion, action="end", on=days_ago(1).isoformat())

    assert connect.context["form"].non_field_errors() == [
        "Only a suggestion can become a connection."
    ]
    assert end.context["form"].non_field_errors() == ["This connection has already ended."]
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.ended_on) == (ConnectionStatus.ENDED, days_ago(5))


# Who may change a connection


@pytest.mark.parametrize("method", ["get", "post"])
def test_outsider_gets_404_on_a_connection_update_and_changes_nothing(
    client_for, outsider, suggestion, method
):
    client = client_for(outsider)
    url = reverse("people:connection_update", args=[suggestion.pk])

    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, {"action": "end", "on": days_ago(1).isoformat()})

    assert response.status_code == 404
    assert "Men&#x27;s Shed" not in response.content.decode()
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.ended_on) == (ConnectionStatus.SUGGESTED, None)


def test_anonymous_visitor_is_sent_to_login_from_a_connection_update(client, suggestion):
    response = client.post(
        reverse("people:connection_update", args=[suggestion.pk]),
        {"action": "end", "on": days_ago(1).isoformat()},
    )

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    suggestion.refresh_from_db()
    assert suggestion.status == ConnectionStatus.SUGGESTED
