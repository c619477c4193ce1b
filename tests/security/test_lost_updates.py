"""Two people working on the same record: the second, stale save never silently wins.

Each test has user A and user B load the same form; A saves first. B's save is then
refused with a clear message, keeping what B typed (the edit forms), or is refused or a
no-op that leaves A's values in place (the single-action forms). The last tests send
both saves at the same moment, which only PostgreSQL can run side by side.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from people.models import SupportLevelChange
from tests import factories
from tests.concurrency import on_postgresql, race

TODAY = dt.date.today()
STALE = "Someone else saved this record while you were editing it."


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def _client(user) -> Client:
    client = Client()
    client.raise_request_exception = False
    client.force_login(user)
    return client


def _form_data(response, form_key: str = "form") -> dict:
    """What the browser would send back for the form as shown, unchanged."""
    form = response.context[form_key]
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, list | tuple):
            value = [str(item) for item in value]
        data[bound.html_name] = value
    return data


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def episode(person):
    intro = factories.IntroductionFactory(person=person, introduced_on=days_ago(30))
    intro.themes.set([factories.ThemeFactory(name="Loneliness")])
    return intro


@pytest.fixture
def reasons(db):
    return factories.ClosingReasonFactory(name="Goals met"), factories.ClosingReasonFactory(
        name="Moved away"
    )


# Edit forms: B's stale save is refused, and B's typing stays in the form.


def test_person_edit_stale_save_is_refused_and_keeps_what_b_typed(coordinator, colleague, person):
    a, b = _client(coordinator), _client(colleague)
    url = reverse("people:person_edit", args=[person.pk])
    form_a, form_b = a.get(url), b.get(url)

    saved = a.post(url, {**_form_data(form_a), "phone": "07700 900001"})
    refused = b.post(
        url, {**_form_data(form_b), "phone": "07700 900002", "vision": "To sing in a choir."}
    )

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert STALE in refused.content.decode()
    person.refresh_from_db()
    assert (person.phone, person.vision, person.version) == ("07700 900001", "", 2)
    kept = refused.context["form"]
    assert (kept["phone"].value(), kept["vision"].value()) == (
        "07700 900002",
        "To sing in a choir.",
    )
    assert [(c.label, c.saved, c.yours) for c in refused.context["changes"]] == [
        ("Phone", "07700 900001", "07700 900002"),
        ("Vision", "(empty)", "To sing in a choir."),
    ]


def test_introduction_edit_stale_save_is_refused_and_keeps_what_b_typed(
    coordinator, colleague, person, episode
):
    a, b = _client(coordinator), _client(colleague)
    url = reverse("people:introduction_edit", args=[person.pk])
    form_a, form_b = a.get(url), b.get(url)

    saved = a.post(url, {**_form_data(form_a), "introducer": "Dr Shah, GP"})
    refused = b.post(
        url, {**_form_data(form_b), "what_is_happening": "Lost her husband in spring."}
    )

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert STALE in refused.content.decode()
    episode.refresh_from_db()
    assert (episode.introducer, episode.what_is_happening, episode.version) == (
        "Dr Shah, GP",
        "",
        2,
    )
    assert refused.context["form"]["what_is_happening"].value() == "Lost her husband in spring."


def test_introduction_edit_after_a_support_level_change_is_refused(
    coordinator, colleague, person, episode
):
    edit_url = reverse("people:introduction_edit", args=[person.pk])
    b = _client(colleague)
    form_b = b.get(edit_url)

    _client(coordinator).post(
        reverse("people:support_level", args=[person.pk]),
        {"support_level": "walking_alongside", "changed_on": TODAY.isoformat()},
    )
    refused = b.post(edit_url, {**_form_data(form_b), "next_step": "Call on Friday"})

    assert refused.status_code == 200
    assert STALE in refused.content.decode()
    episode.refresh_from_db()
    assert (episode.support_level, episode.next_step) == ("walking_alongside", "")


def test_introduction_edit_after_the_episode_closed_changes_nothing(
    coordinator, colleague, person, episode, reasons
):
    edit_url = reverse("people:introduction_edit", args=[person.pk])
    b = _client(colleague)
    form_b = b.get(edit_url)

    _client(coordinator).post(
        reverse("people:introduction_close", args=[person.pk]),
        {"closed_on": TODAY.isoformat(), "reason": reasons[0].pk},
    )
    refused = b.post(edit_url, {**_form_data(form_b), "introducer": "Housing officer"})

    assert (refused.status_code, refused.url) == (302, person.get_absolute_url())
    assert _messages(refused) == [f"{person} has no open introduction. Re-introduce them first."]
    episode.refresh_from_db()
    assert (episode.closed_on, episode.introducer) == (TODAY, "")


def test_asset_edit_stale_save_is_refused_and_keeps_what_b_typed(coordinator, colleague, locality):
    asset = factories.CommunityAssetFactory(name="Friday Lunch Club", locality=locality)
    a, b = _client(coordinator), _client(colleague)
    url = reverse("localities:asset_edit", args=[asset.pk])
    form_a, form_b = a.get(url), b.get(url)

    saved = a.post(url, {**_form_data(form_a), "contact_details": "Ring Jo on 01234 567890"})
    refused = b.post(
        url, {**_form_data(form_b), "description": "Soup and a chat, every Friday at noon."}
    )

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert STALE in refused.content.decode()
    assert [(c.label, c.saved, c.yours) for c in refused.context["changes"]] == [
        ("Description", "(empty)", "Soup and a chat, every Friday at noon."),
        ("Contact details", "Ring Jo on 01234 567890", "(empty)"),
    ]
    asset.refresh_from_db()
    assert (asset.contact_details, asset.description) == ("Ring Jo on 01234 567890", "")
    kept = refused.context["form"]
    assert kept["description"].value() == "Soup and a chat, every Friday at noon."


def test_person_edit_opened_before_a_caseload_transfer_cannot_put_the_old_lead_back(
    coordinator, colleague, manager, person, episode
):
    edit_url = reverse("people:person_edit", args=[person.pk])
    a = _client(coordinator)
    form_a = a.get(edit_url)

    moved = _client(manager).post(
        reverse("people:caseload_transfer", args=[coordinator.pk]),
        {"introductions": [episode.pk], "to": colleague.pk},
    )
    refused = a.post(edit_url, {**_form_data(form_a), "phone": "07700 900003"})

    assert moved.status_code == 302
    assert refused.status_code == 200
    assert STALE in refused.content.decode()
    person.refresh_from_db()
    assert (person.lead_coordinator, person.phone) == (colleague, "")
    assert ("Lead coordinator", str(colleague), str(coordinator)) in [
        (c.label, c.saved, c.yours) for c in refused.context["changes"]
    ]


def test_caseload_transfer_opened_before_a_new_lead_was_set_moves_no_one(
    coordinator, colleague, manager, locality, person, episode
):
    third = factories.CoordinatorFactory(username="tess", first_name="Tess", localities=[locality])
    transfer_url = reverse("people:caseload_transfer", args=[coordinator.pk])
    boss = _client(manager)
    boss.get(transfer_url)

    edit_url = reverse("people:person_edit", args=[person.pk])
    a = _client(coordinator)
    a.post(edit_url, {**_form_data(a.get(edit_url)), "lead_coordinator": colleague.pk})
    refused = boss.post(transfer_url, {"introductions": [episode.pk], "to": third.pk})

    assert refused.status_code == 200
    assert refused.context["form"].errors["introductions"]
    person.refresh_from_db()
    assert person.lead_coordinator == colleague


# Single-action forms: the second action on an already changed record is refused.


def test_second_support_level_change_to_the_same_level_is_refused(
    coordinator, colleague, person, episode
):
    a, b = _client(coordinator), _client(colleague)
    url = reverse("people:support_level", args=[person.pk])
    a.get(url), b.get(url)

    saved = a.post(url, {"support_level": "walking_alongside", "changed_on": TODAY.isoformat()})
    refused = b.post(
        url, {"support_level": "walking_alongside", "changed_on": days_ago(3).isoformat()}
    )

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert refused.context["form"].errors["support_level"] == ["That is already the support level."]
    assert list(
        SupportLevelChange.objects.filter(introduction=episode).values_list(
            "support_level", "changed_on", "changed_by"
        )
    ) == [("walking_alongside", TODAY, coordinator.pk)]


def test_closing_an_episode_someone_already_closed_is_refused_with_a_message(
    coordinator, colleague, person, episode, reasons
):
    goals_met, moved_away = reasons
    a, b = _client(coordinator), _client(colleague)
    url = reverse("people:introduction_close", args=[person.pk])
    a.get(url), b.get(url)

    closed = a.post(url, {"closed_on": TODAY.isoformat(), "reason": goals_met.pk})
    refused = b.post(url, {"closed_on": days_ago(2).isoformat(), "reason": moved_away.pk})

    assert closed.status_code == 302
    assert (refused.status_code, refused.url) == (302, person.get_absolute_url())
    assert _messages(refused) == [f"{person} has no open introduction. Re-introduce them first."]
    episode.refresh_from_db()
    assert (episode.closed_on, episode.closing_reason, episode.version) == (TODAY, goals_met, 2)


@pytest.fixture
def suggestion(person, episode, locality):
    asset = factories.CommunityAssetFactory(name="Walking group", locality=locality)
    return factories.ConnectionFactory(
        person=person, asset=asset, introduction=episode, suggested_on=days_ago(10)
    )


def test_ending_a_connection_someone_already_ended_is_refused(coordinator, colleague, suggestion):
    a, b = _client(coordinator), _client(colleague)
    url = reverse("people:connection_update", args=[suggestion.pk])
    a.get(url, {"action": "end"}), b.get(url, {"action": "end"})

    ended = a.post(url, {"action": "end", "on": days_ago(1).isoformat()})
    refused = b.post(url, {"action": "end", "on": TODAY.isoformat()})

    assert ended.status_code == 302
    assert refused.status_code == 200
    assert refused.context["form"].non_field_errors() == ["This connection has already ended."]
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.ended_on) == ("ended", days_ago(1))


def test_connecting_a_suggestion_someone_already_connected_is_refused(
    coordinator, colleague, suggestion
):
    a, b = _client(coordinator), _client(colleague)
    url = reverse("people:connection_update", args=[suggestion.pk])
    a.get(url), b.get(url)

    connected = a.post(url, {"action": "connect", "on": days_ago(2).isoformat()})
    refused = b.post(url, {"action": "connect", "on": TODAY.isoformat()})

    assert connected.status_code == 302
    assert refused.status_code == 200
    assert refused.context["form"].non_field_errors() == [
        "Only a suggestion can become a connection."
    ]
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.connected_on) == ("connected", days_ago(2))


def test_connecting_a_suggestion_someone_already_ended_is_refused(
    coordinator, colleague, suggestion
):
    a, b = _client(coordinator), _client(colleague)
    url = reverse("people:connection_update", args=[suggestion.pk])

    a.post(url, {"action": "end", "on": days_ago(1).isoformat()})
    refused = b.post(url, {"action": "connect", "on": TODAY.isoformat()})

    assert refused.status_code == 200
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.connected_on, suggestion.ended_on) == (
        "ended",
        None,
        days_ago(1),
    )


# At the same moment: two requests racing, each on its own database connection.


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_person_edits_at_the_same_moment_save_exactly_one(coordinator, colleague, person):
    a, b = _client(coordinator), _client(colleague)
    url = reverse("people:person_edit", args=[person.pk])
    data_a = {**_form_data(a.get(url)), "phone": "07700 900001"}
    data_b = {**_form_data(b.get(url)), "phone": "07700 900002"}

    responses = race(lambda: a.post(url, data_a), lambda: b.post(url, data_b))

    assert sorted(r.status_code for r in responses) == [200, 302]
    person.refresh_from_db()
    winner = data_a if responses[0].status_code == 302 else data_b
    assert (person.phone, person.version) == (winner["phone"], 2)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_closes_at_the_same_moment_close_the_episode_once(
    coordinator, colleague, person, episode, reasons
):
    a, b = _client(coordinator), _client(colleague)
    url = reverse("people:introduction_close", args=[person.pk])
    data = [
        {"closed_on": TODAY.isoformat(), "reason": reasons[0].pk},
        {"closed_on": days_ago(2).isoformat(), "reason": reasons[1].pk},
    ]

    responses = race(lambda: a.post(url, data[0]), lambda: b.post(url, data[1]))

    assert [r.status_code for r in responses] == [302, 302]
    successes = [i for i, r in enumerate(responses) if "closed." in " ".join(_messages(r))]
    assert len(successes) == 1
    episode.refresh_from_db()
    winner = data[successes[0]]
    assert (episode.closed_on.isoformat(), episode.closing_reason_id, episode.version) == (
        winner["closed_on"],
        winner["reason"],
        2,
    )


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_ends_of_a_connection_at_the_same_moment_end_it_once(
    coordinator, colleague, suggestion
):
    a, b = _client(coordinator), _client(colleague)
    url = reverse("people:connection_update", args=[suggestion.pk])
    data = [
        {"action": "end", "on": days_ago(1).isoformat()},
        {"action": "end", "on": TODAY.isoformat()},
    ]

    responses = race(lambda: a.post(url, data[0]), lambda: b.post(url, data[1]))

    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200)
    assert refused.context["form"].non_field_errors() == ["This connection has already ended."]
    suggestion.refresh_from_db()
    winner = data[[r.status_code for r in responses].index(302)]
    assert suggestion.ended_on.isoformat() == winner["on"]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_support_level_changes_at_the_same_moment_record_one(
    coordinator, colleague, person, episode
):
    a, b = _client(coordinator), _client(colleague)
    url = reverse("people:support_level", args=[person.pk])
    data = [
        {"support_level": "walking_alongside", "changed_on": TODAY.isoformat()},
        {"support_level": "walking_alongside", "changed_on": days_ago(3).isoformat()},
    ]

    responses = race(lambda: a.post(url, data[0]), lambda: b.post(url, data[1]))

    assert sorted(r.status_code for r in responses) == [200, 302]
    assert SupportLevelChange.objects.filter(introduction=episode).count() == 1
    episode.refresh_from_db()
    assert (episode.support_level, episode.version) == ("walking_alongside", 2)


def test_editing_an_episode_closed_meanwhile_is_refused_and_keeps_what_was_typed(
    coordinator, colleague, person
):
    intro = factories.IntroductionFactory(person=person, introduced_on=days_ago(20))
    reason = factories.ClosingReasonFactory(name="Goals achieved")
    a, b = _client(coordinator), _client(colleague)
    shown = b.get(reverse("people:introduction_edit", args=[person.pk]))
    a.post(
        reverse("people:introduction_close", args=[person.pk]),
        {"episode": intro.pk, "closed_on": days_ago(1).isoformat(), "reason": reason.pk},
    )

    response = b.post(
        reverse("people:introduction_edit", args=[person.pk]),
        {**_form_data(shown), "episode": intro.pk, "next_step": "Visit the allotment"},
    )

    intro.refresh_from_db()
    assert response.status_code == 200
    assert "was closed on" in response.content.decode()
    assert 'value="Visit the allotment"' in response.content.decode()
    assert intro.next_step == ""


def test_closing_a_form_for_an_episode_that_was_closed_and_reopened_does_not_close_the_new_one(
    coordinator, colleague, person
):
    first = factories.IntroductionFactory(person=person, introduced_on=days_ago(40))
    reason = factories.ClosingReasonFactory(name="Moved away")
    b = _client(colleague)
    b.get(reverse("people:introduction_close", args=[person.pk]))
    first.closed_on, first.closing_reason = days_ago(10), reason
    first.save()
    second = factories.IntroductionFactory(person=person, introduced_on=days_ago(5))

    response = b.post(
        reverse("people:introduction_close", args=[person.pk]),
        {"episode": first.pk, "closed_on": days_ago(1).isoformat(), "reason": reason.pk},
    )

    second.refresh_from_db()
    assert response.status_code == 200
    assert "was closed on" in response.content.decode()
    assert second.closed_on is None


def test_a_contact_form_for_an_episode_closed_meanwhile_keeps_the_note_and_saves_nothing(
    coordinator, colleague, person
):
    intro = factories.IntroductionFactory(person=person, introduced_on=days_ago(20))
    reason = factories.ClosingReasonFactory(name="Goals achieved")
    a, b = _client(coordinator), _client(colleague)
    shown = b.get(reverse("people:contact_new", args=[person.pk]))
    a.post(
        reverse("people:introduction_close", args=[person.pk]),
        {"episode": intro.pk, "closed_on": days_ago(1).isoformat(), "reason": reason.pk},
    )

    response = b.post(
        reverse("people:contact_new", args=[person.pk]),
        {**_form_data(shown), "episode": intro.pk, "note": "Important: she has moved flat"},
    )

    assert response.status_code == 200
    assert "was closed on" in response.text
    assert "Important: she has moved flat" in response.text
    assert not intro.contacts.exists()


def test_a_contact_form_of_a_closed_and_reopened_episode_touches_neither(
    coordinator, colleague, person
):
    first = factories.IntroductionFactory(
        person=person, introduced_on=days_ago(40), next_step="Men's Shed"
    )
    b = _client(colleague)
    shown = b.get(reverse("people:contact_new", args=[person.pk]))
    assert f'name="episode" value="{first.pk}"' in shown.text
    first.closed_on, first.closing_reason = days_ago(10), factories.ClosingReasonFactory()
    first.save()
    second = factories.IntroductionFactory(
        person=person, introduced_on=days_ago(5), next_step="New episode's next step"
    )

    response = b.post(
        reverse("people:contact_new", args=[person.pk]),
        {**_form_data(shown), "episode": first.pk, "note": "Rang"},
    )

    second.refresh_from_db()
    assert response.status_code == 200
    assert "was closed on" in response.text
    assert second.next_step == "New episode's next step"
    assert not second.contacts.exists()
    assert not first.contacts.exists()
