"""Correcting a contact: the first-contact date follows, stale corrections are refused."""

import datetime as dt

import pytest
from django.urls import reverse

from people.models import Contact
from tests import factories

TODAY = dt.date.today()


@pytest.fixture
def intro(person):
    return factories.IntroductionFactory(
        person=person,
        introduced_on=TODAY - dt.timedelta(days=30),
        first_contact_on=TODAY - dt.timedelta(days=20),
    )


@pytest.fixture
def contact(intro):
    return factories.ContactFactory(
        introduction=intro, contact_on=TODAY - dt.timedelta(days=20), minutes=30, note="Met"
    )


def post(client, contact, **changes):
    data = {
        "contact_on": contact.contact_on.isoformat(),
        "minutes": contact.minutes,
        "mode": contact.mode,
        "note": contact.note,
        "version": contact.version,
        **changes,
    }
    return client.post(reverse("people:contact_edit", args=[contact.pk]), data)


def test_a_corrected_contact_is_saved_and_moves_the_first_contact_date(
    client_for, coordinator, intro, contact
):
    response = post(
        client_for(coordinator),
        contact,
        contact_on=(TODAY - dt.timedelta(days=25)).isoformat(),
        minutes=45,
    )

    contact.refresh_from_db()
    intro.refresh_from_db()
    assert response.url == contact.introduction.person.get_absolute_url()
    assert (contact.minutes, contact.version) == (45, 2)
    assert intro.first_contact_on == TODAY - dt.timedelta(days=25)


def test_turning_the_only_real_contact_into_an_attempt_clears_the_first_contact(
    client_for, coordinator, intro, contact
):
    post(client_for(coordinator), contact, mode="attempted")

    intro.refresh_from_db()
    assert intro.first_contact_on is None


def test_a_stale_correction_is_refused_and_keeps_what_was_typed(
    client_for, coordinator, intro, contact
):
    Contact.objects.filter(pk=contact.pk).update(minutes=90, version=2)

    response = post(client_for(coordinator), contact, note="My version of events")

    contact.refresh_from_db()
    assert "Someone else saved this record" in response.text
    assert "My version of events" in response.text
    assert (contact.minutes, contact.note) == (90, "Met")


def test_contacts_of_a_closed_episode_are_not_corrected(client_for, coordinator, intro, contact):
    intro.closed_on, intro.closing_reason = TODAY, factories.ClosingReasonFactory()
    intro.save()

    response = post(client_for(coordinator), contact, minutes=5)

    contact.refresh_from_db()
    assert response.status_code == 302
    assert contact.minutes == 30


def test_another_localitys_contact_is_a_404_and_unchanged(client_for, coordinator, outsider_person):
    hidden = factories.ContactFactory(
        introduction=factories.IntroductionFactory(person=outsider_person), minutes=20
    )

    response = post(client_for(coordinator), hidden, minutes=5)

    hidden.refresh_from_db()
    assert response.status_code == 404
    assert hidden.minutes == 20


def test_the_person_page_offers_correct_on_open_episode_contacts(
    client_for, coordinator, person, contact
):
    response = client_for(coordinator).get(person.get_absolute_url())

    assert reverse("people:contact_edit", args=[contact.pk]) in response.text
